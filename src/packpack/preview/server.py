"""The preview's web server: the standard library's `ThreadingHTTPServer`, on 127.0.0.1 only.

It answers five things and nothing else: `/` (the page), `/out/<path>` (a file of the
preview's build, only those the page shows), `/events` (server-sent events: the page's
version, each time it changes), `/version` (the same, once, for browsers without events) and
`/favicon.ico` (none). Requests whose Host is not this server's own address are refused, so
that no other web site can read the preview through a name that points here.
"""

from __future__ import annotations

import errno
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from packpack.core.errors import BuildError
from packpack.preview.live import Live
from packpack.preview.page import Page, page

HOST = "127.0.0.1"
TRIES = 20  # ports tried after the one asked for, if it is taken
KEEPALIVE = 15.0  # seconds between comments on an idle event stream
TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}


class Server(ThreadingHTTPServer):
    """One preview's server: a thread per request; `live` holds what it shows."""

    daemon_threads = True
    allow_reuse_address = False  # a port in use is taken, not shared

    def __init__(self, port: int, live: Live):
        self.live = live
        self.shown: tuple[int, Page] | None = None  # the page last drawn, and its version
        self.drawing = threading.Lock()
        super().__init__((HOST, port), Handler)

    def page(self) -> Page:
        """The page as it is now, drawn once for each version (however many ask for it)."""
        with self.drawing:
            view = self.live.view()
            if self.shown is None or self.shown[0] != view.version:
                self.shown = (view.version, page(view))
            return self.shown[1]

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        """The page's address."""
        return f"http://{HOST}:{self.port}/"


def listen(port: int, live: Live) -> Server:
    """A server on 127.0.0.1:`port`, or the next free port after it (0: any free port);
    BuildError if none of them is free."""
    last: OSError | None = None
    for tried in ([0] if port == 0 else range(port, min(port + TRIES, 65536))):
        try:
            return Server(tried, live)
        except OSError as exc:
            if exc.errno not in (errno.EADDRINUSE, errno.EACCES):
                raise BuildError(f"cannot serve the preview on {HOST}:{tried}: "
                                 f"{exc.strerror or exc}") from None
            last = exc
    raise BuildError(f"ports {port} to {port + TRIES - 1} on {HOST} are all taken "
                     f"({last.strerror if last else 'in use'}); give another with --port, "
                     "or --port 0 for any free one")


class Handler(BaseHTTPRequestHandler):
    """Answers the page, its files and its change events."""

    server: Server
    server_version = "packpack-preview"
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        """Answer a GET request."""
        if not self._ours():
            return
        url = urlsplit(self.path)
        live = self.server.live
        if url.path == "/":
            shown = self.server.page()
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", shown.html,
                       policy=shown.policy + "; frame-ancestors 'none'")
        elif url.path == "/events":
            self._events()
        elif url.path == "/version":
            self._send(HTTPStatus.OK, "text/plain; charset=utf-8",
                       str(live.view().version).encode())
        elif url.path.startswith("/out/"):
            self._file(unquote(url.path.removeprefix("/out/")), parse_qs(url.query))
        else:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n")

    def _ours(self) -> bool:
        """Whether the request was addressed to this server by its own name (else 421)."""
        host = (self.headers.get("Host") or "").strip().lower()
        if host in (f"{HOST}:{self.server.port}", f"localhost:{self.server.port}"):
            return True
        self._send(HTTPStatus.MISDIRECTED_REQUEST, "text/plain; charset=utf-8",
                   b"this is packpack's preview; open it at its own address\n")
        return False

    def _send(self, status: HTTPStatus, kind: str, body: bytes, *, policy: str = "",
              cache: str = "no-store") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Content-Security-Policy",
                         policy or "default-src 'none'; frame-ancestors 'none'")
        self.end_headers()
        self.wfile.write(body)

    def _file(self, path: str, query: dict[str, list[str]]) -> None:
        """One file of the preview's build, if the page shows it."""
        live = self.server.live
        found = live.file(path)
        kind = TYPES.get(path.rsplit(".", 1)[-1])
        try:
            body = found.read_bytes() if found is not None and kind else None
        except OSError:  # replaced by a newer build meanwhile
            body = None
        if body is None or kind is None:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n")
            return
        good = live.good
        sha = good.files[path][1] if good and path in good.files else ""
        version = query.get("v", [""])[0]
        # an address with the file's hash in it always means these bytes
        cache = "max-age=31536000, immutable" if version and sha.startswith(version) \
            else "no-cache"
        self._send(HTTPStatus.OK, kind, body, cache=cache)

    def _events(self) -> None:
        """The page's version now, and again each time it changes, until the preview stops
        or the page is closed."""
        live = self.server.live
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.close_connection = True
        version = live.view().version
        try:
            self.wfile.write(f"retry: 1000\ndata: {version}\n\n".encode())
            self.wfile.flush()
            while not live.closed.is_set():
                now = live.wait(version, KEEPALIVE)
                if live.closed.is_set():
                    break
                self.wfile.write(f"data: {now}\n\n".encode() if now != version else b": \n\n")
                self.wfile.flush()
                version = now
        except OSError:
            pass  # the page was closed or reloaded

    def log_message(self, format: str, *args: object) -> None:
        """Requests are not logged (the terminal shows builds only)."""
