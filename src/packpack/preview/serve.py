"""`packpack preview` as one call: build the spec, serve its page on 127.0.0.1, open it, and
rebuild on every edit until Ctrl-C (or SIGTERM), then stop every thread and worker process
and remove the preview's folders."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from packpack.build.signals import interruptible
from packpack.preview.live import Live
from packpack.preview.server import listen


def preview(spec: Path, *, port: int = 8000, open_browser: bool = True,
            out: Path | None = None, jobs: int = 0, say: Callable[[str], None] = print,
            warn: Callable[[str], None] = print) -> None:
    """Serve the preview of `spec` until interrupted (KeyboardInterrupt, tidied up first).

    `say` gets the page's address first, then a line per build; `warn` the spec's errors.
    Raises `SpecError` if the spec file cannot be read at all, `BuildError` if no port is
    free; any later error is shown on the page instead."""
    from packpack.spec import loader

    if not Path(spec).is_file():
        loader.load(spec)  # raises SpecError: no such file, with the loader's advice
    live = Live(spec, out=out, jobs=jobs, say=say, warn=warn)
    live.start_workers()  # forked first, while this process has no other thread
    server = None
    try:
        server = listen(port, live)
        say(server.url)
        threads = [threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                                    name="packpack-serve", daemon=True),
                   threading.Thread(target=live.watch, name="packpack-watch", daemon=True)]
        for thread in threads:
            thread.start()
        if open_browser:
            import webbrowser

            webbrowser.open(server.url)
        with interruptible():  # SIGTERM and SIGHUP stop it as Ctrl-C does
            live.run()
    finally:
        live.close()
        if server is not None:
            server.shutdown()
            server.server_close()
