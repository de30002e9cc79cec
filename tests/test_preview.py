"""`packpack preview`: the page, the server and the live rebuilds, end to end.

The end-to-end tests run `python -m packpack preview --no-open --port 0` on a copy of the
seed campaign in a subprocess, read the address it prints first, edit the spec and poll the
page until the change shows, as a designer's browser would; the browser test has headless
Chromium (Selenium, Debian's chromium-driver) watch the open page refresh by itself.
"""

from __future__ import annotations

import contextlib
import html
import http.client
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, edit
from packpack.core.errors import Problem
from packpack.preview import page as preview_page
from packpack.preview.server import listen
from packpack.preview.view import Snapshot, View
from packpack.spec import loader


def seed_copy(folder: Path) -> Path:
    """The seed campaign, with its fonts and logos, in `folder`; its spec's path."""
    folder.mkdir(parents=True, exist_ok=True)
    for sub in ("fonts", "logos"):
        shutil.copytree(ROOT / sub, folder / sub)
    shutil.copy(ROOT / "campaign.yaml", folder / "campaign.yaml")
    return folder / "campaign.yaml"


class Preview:
    """A `packpack preview` running in a subprocess, and a client for its page."""

    def __init__(self, spec: Path, *args: str):
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "packpack", "preview", spec.name, "--no-open", "--port", "0",
             *args], cwd=spec.parent, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, start_new_session=True)
        assert self.proc.stdout is not None
        self.first = self.proc.stdout.readline().strip()
        match = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/", self.first)
        assert match, (self.first, self.proc.stderr.read() if self.proc.poll() else "")
        self.port = int(match[1])

    def get(self, path: str = "/", host: str | None = None
            ) -> tuple[int, dict[str, str], bytes]:
        """GET a path: status, headers (lower-case names) and body."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("GET", path, headers={"Host": host or f"127.0.0.1:{self.port}"})
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def page(self) -> str:
        status, _, body = self.get()
        assert status == 200
        return body.decode()

    def until(self, ok: Callable[[str], bool], what: str, timeout: float = 30) -> str:
        """Poll the page until `ok(page)`; the page then."""
        end = time.monotonic() + timeout
        while True:
            text = self.page()
            if ok(text):
                return text
            if time.monotonic() > end or self.proc.poll() is not None:
                out, err = self.kill()
                pytest.fail(f"the page never showed {what}; it shows:\n{text[:1500]}\n"
                            f"preview printed:\n{out}\n{err}")
            time.sleep(0.05)

    def stop(self) -> tuple[int, str, str]:
        """Ctrl-C: its exit code, and what it printed."""
        self.proc.send_signal(signal.SIGINT)  # (to it alone, not its workers, like a terminal's
        # Ctrl-C would: it stops them itself)
        out, err = self.proc.communicate(timeout=20)
        return self.proc.returncode, self.first + "\n" + out, err

    def kill(self) -> tuple[str, str]:
        """End it and its workers at once (a test that failed midway); what it printed."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        if self.proc.stdout is None or self.proc.stdout.closed:
            return "", ""
        return self.proc.communicate()


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[Preview, Path]]:
    spec = seed_copy(tmp_path / "seed")
    p = Preview(spec)
    try:
        yield p, spec
    finally:
        p.kill()


def graphics(page: str) -> dict[str, str]:
    """Each graphic the page shows (output path) -> the hash in its address."""
    return dict(re.findall(r'<img src="/out/(graphics/[^"?]+)\?v=([0-9a-f]+)"', page))


def children(pid: int) -> set[int]:
    """The process ids of a process's descendants."""
    found, stack = set(), [pid]
    while stack:
        p = stack.pop()
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                kids = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            found.update(kids)
            stack.extend(kids)
    return found


def test_preview_shows_every_output_and_follows_edits(running: tuple[Preview, Path]) -> None:
    p, spec = running
    campaign = loader.load(spec)
    first = p.until(lambda t: "Up to date" in t, "the first build")
    shown = graphics(first)
    assert len(shown) == len(campaign.spec.posts) * len(campaign.target_sizes) == 24
    # every caption and alt text as written (expanded), escaped as the bundle page escapes
    for post in campaign.spec.posts:
        assert html.escape(campaign.plain(post.caption), quote=True) in first
        assert html.escape(campaign.alt_text(post), quote=True) in first
    # the findings, each with its place and a link to what it concerns
    assert 'campaign.yaml:226:14</span> <a href="#caption-stalking-is">posts[0].caption</a>' \
        in first
    assert 'id="caption-stalking-is"' in first and 'id="qr-vcas"' in first
    # counted by kind: notes (a caption that goes as a thread) are not warnings
    from packpack.check import lints

    found = lints.lint(campaign, cache=False, layout=False)
    kinds = {k: sum(1 for f in found if f.severity == k) for k in ("warning", "note")}
    assert kinds["warning"] and kinds["note"]
    assert f"Findings: {kinds['warning']} warnings and {kinds['note']} notes</h2>" in first
    # what goes on each platform: X gets the first post's caption as a thread of parts,
    # each within X's count, the words unchanged and in order
    from twitter_text import parse_tweet

    block = first[first.index('id="platforms-stalking-is"'):]
    block = block[:block.index("</div>")]
    x = re.search(r"<summary>X: a thread of (\d+) posts</summary><ol class=\"parts\">(.*?)</ol>",
                  block, re.S)
    assert x, block[:2000]
    parts = [html.unescape(t) for t in re.findall(r'<p class="text">(.*?)</p>', x[2], re.S)]
    assert len(parts) == int(x[1]) > 1
    assert all(parse_tweet(t).weightedLength <= 280 for t in parts)
    assert [t.rsplit("\n\n", 1)[1] for t in parts] == [f"{k}/{len(parts)}" for k in
                                                       range(1, len(parts) + 1)]
    words = " ".join(t.rsplit("\n\n", 1)[0] for t in parts).split()
    assert words == campaign.plain(campaign.spec.posts[0].caption).split()
    # the PDFs, the QR codes and each partner's view with its tagged addresses
    assert 'href="/out/stakeholder-pack.pdf?v=' in first
    assert 'href="/out/stakeholder-pack-print.pdf?v=' in first
    assert re.search(r'<img src="/out/qr/vcas\.svg\?v=', first)
    assert "Partner: Durham Constabulary" in first
    assert "utm_source=durham-constabulary&amp;utm_medium=social" in first
    assert "utm_source=durham-constabulary&amp;utm_medium=qr" in first
    # the files themselves, and the page's policy: nothing from elsewhere
    status, headers, body = p.get("/out/graphics/stalking-is/story.png")
    assert status == 200 and headers["content-type"] == "image/png"
    from PIL import Image

    assert Image.open(io.BytesIO(body)).size == (1080, 1920)
    status, headers, body = p.get("/out/stakeholder-pack.pdf")
    assert status == 200 and body.startswith(b"%PDF-")
    csp = p.get()[1]["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp
    assert "connect-src 'self'" in csp and "unsafe" not in csp
    assert p.get("/out/../campaign.yaml")[0] == 404
    assert p.get("/out/campaign.yaml")[0] == 404
    assert p.get(host="attacker.example")[0] == 421  # another name for this address

    # a caption edit: the page shows the new words, escaped; no graphic is made again
    edit(spec, "Stalking & harassment can happen to anyone.",
         "Stalking <b>can</b> happen to anyone & everyone.")
    page = p.until(lambda t: "Stalking &lt;b&gt;can&lt;/b&gt; happen to anyone &amp; "
                   "everyone." in t, "the edited caption")
    assert "<b>can</b>" not in page
    assert graphics(page) == shown

    # one post's graphic text: its graphics change, and only those
    edit(spec, "closing: Feel familiar?", "closing: Sound familiar?")
    page = p.until(lambda t: graphics(t)["graphics/stalking-is/story.png"]
                   != shown["graphics/stalking-is/story.png"], "the new graphics")
    now = graphics(page)
    changed = {path for path in shown if now[path] != shown[path]}
    assert changed == {f"graphics/stalking-is/{s}.png" for s in campaign.target_sizes}
    good = now

    # a broken spec: its error at the top, with its place; the last good graphics stay
    edit(spec, "closing: Sound familiar?", "closing: [Sound familiar?")
    page = p.until(lambda t: "error in the spec" in t, "the spec's error")
    assert re.search(r'<span class="where">campaign\.yaml:22\d:\d+</span>', page)
    assert page.index('id="errors"') < page.index('id="post-stalking-is"')
    assert graphics(page) == good
    assert p.get(f"/out/graphics/stalking-is/story.png?v={good['graphics/stalking-is/story.png']}"
                 )[0] == 200
    # fixed: the errors go, the fix shows
    edit(spec, "closing: [Sound familiar?", "closing: Seem familiar?")
    page = p.until(lambda t: "error in the spec" not in t and "Up to date" in t
                   and graphics(t)["graphics/stalking-is/story.png"]
                   != good["graphics/stalking-is/story.png"], "the fixed spec")

    # Ctrl-C: exit 130, no worker left, no preview folder, dist/ never written
    workers = children(p.proc.pid)
    code, out, err = p.stop()
    assert code == 130, (out, err)
    assert out.splitlines()[0] == f"http://127.0.0.1:{p.port}/"
    assert "Preview stopped." in out and "Traceback" not in err
    assert "campaign.yaml:22" in err  # the error was shown in the terminal too
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists() or \
            "zombie" in Path(f"/proc/{pid}/status").read_text(), f"worker {pid} left running"
    folder = spec.parent
    assert not (folder / "dist").exists()
    assert not (folder / ".packpack-cache" / "preview").exists()
    assert not [p for p in folder.rglob("*") if "staging" in p.name or p.name == "preview"]


def test_quick_saves_supersede_the_build_under_way(running: tuple[Preview, Path]) -> None:
    """Five saves 80 ms apart, each changing one post's graphics (a build of at least half a
    second): each stops the build under way and the last alone is built to the end (queued,
    they would be five builds); the same worker processes serve it, and serve the next."""
    p, spec = running
    before = graphics(p.until(lambda t: "Up to date" in t, "the first build"))
    workers = children(p.proc.pid)
    assert len(workers) >= 1  # (the test runs where worker processes pay: Linux, 2 cores)
    text = spec.read_text()
    for n in range(1, 6):
        spec.write_text(text.replace("closing: Feel familiar?", f"closing: Familiar {n}?")
                        .replace("Stalking & harassment can happen to anyone.",
                                 f"Quick save {n} of 5."))
        time.sleep(0.08)
    page = p.until(lambda t: "Quick save 5 of 5." in t and "Up to date" in t, "the last save")
    assert not re.search(r"Quick save [1-4] of 5", page)
    now = graphics(page)
    assert {path for path in before if now[path] != before[path]} == \
        {f"graphics/stalking-is/{s}.png" for s in loader.load(spec).target_sizes}
    assert children(p.proc.pid) == workers  # kept warm, not started again
    # and the preview still follows edits after the abandoned builds
    edit(spec, "Quick save 5 of 5.", "Saved once more.")
    p.until(lambda t: "Saved once more." in t and "Up to date" in t, "the next edit")
    code, out, err = p.stop()
    assert code == 130, err
    built = [line for line in out.splitlines() if "page updated" in line]
    assert len(built) == 3, out  # the first build, the last quick save, the edit after


def test_a_spec_broken_from_the_start_shows_its_errors(example: Path) -> None:
    edit(example, "Call {phone:helpline}", "Call {phone:helpdesk}")
    p = Preview(example)
    try:
        page = p.until(lambda t: "1 error in the spec" in t, "the error")
        assert "helpdesk" in page and "Fix the spec and save it" in page
        assert re.search(r'<span class="where">campaign\.yaml:\d+:\d+</span> callout: ', page)
        assert not graphics(page)
        edit(example, "Call {phone:helpdesk}", "Call {phone:helpline}")
        page = p.until(lambda t: "Up to date" in t, "the preview once fixed")
        assert len(graphics(page)) == 2 * 6 and "in the spec" not in page
        code, _, _ = p.stop()
        assert code == 130
    finally:
        p.kill()


def test_the_open_page_refreshes_itself(example: Path, tmp_path: Path) -> None:
    """Headless Chromium keeps the page open while the spec is edited: the page reloads by
    itself (its marker is gone) and shows the new caption; the browser reports no breach of
    the page's policy (its own script and style are allowed, by hash)."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed "
                                    "(pip install '.[test]')")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not browser or not driver_path:
        pytest.skip("no headless browser: Debian's chromium and chromium-driver are not "
                    "installed (apt-get install chromium chromium-driver; .ci/run does)")
    options = Options()
    options.binary_location = browser
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--user-data-dir={tmp_path / 'chromium'}", "--window-size=1280,2000"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    p = Preview(example)
    driver = None
    try:
        p.until(lambda t: "Up to date" in t, "the first build")
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
        driver.get(f"http://127.0.0.1:{p.port}/")
        assert "Check in" in driver.find_element(By.ID, "title-check-in").text
        # the page has connected to the server's events before the edit
        WebDriverWait(driver, 10).until(lambda d: d.execute_script(
            "return document.documentElement.getAttribute('data-live')") == "yes")
        driver.execute_script("window.packpackMarker = 'before the edit';")
        edit(example, "Knock on a door this week.", "Knock on two doors this week.")
        WebDriverWait(driver, 20).until(lambda d: "two doors" in d.execute_script(
            "var e = document.getElementById('caption-check-in'); return e && e.textContent"))
        assert driver.execute_script("return window.packpackMarker") is None  # reloaded
        driver.save_screenshot(str(tmp_path / "preview.png"))
        breaches = [entry["message"] for entry in driver.get_log("browser")
                    if "Content Security Policy" in entry["message"]]
        assert not breaches
    finally:
        if driver is not None:
            driver.quit()
        p.kill()


def test_a_missing_spec_is_an_error_not_a_server(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "packpack", "preview", "nothing.yaml",
                           "--no-open"], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=30)
    assert done.returncode == 1
    assert done.stdout == "" and "nothing.yaml: no such file" in done.stderr


def test_a_taken_port_gives_the_next_free_one() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        try:
            server = listen(port, live=None)  # type: ignore[arg-type]
        except Exception as exc:  # the next port may be taken by another program too
            pytest.skip(f"no free port after {port}: {exc}")
        try:
            assert server.port > port and server.server_address[0] == "127.0.0.1"
            assert server.url == f"http://127.0.0.1:{server.port}/"
        finally:
            server.server_close()


class Tags(HTMLParser):
    """The elements of a page, any event-handler attributes, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []
        self.handlers: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]

    def handle_data(self, data: str) -> None:
        self.text += data


def test_the_page_escapes_the_spec_and_links_findings_to_their_posts(example: Path) -> None:
    hostile = '<script>alert("x")</script> & "quotes"'
    edit(example, "    title: Check in", f"    title: '{hostile}'")
    campaign = loader.load(example)
    assert campaign.spec.posts[0].title == hostile
    found = [Problem(str(example), 3, 5, "posts[0].alt", f"too long {hostile}", "warning"),
             Problem(str(example), 9, 1, "partners[0].sizes", "no sizes", "warning")]
    view = View(str(example), 7, Snapshot(campaign, found, {}, True, "12:00:00"),
                errors=[Problem(str(example), 4, 2, "posts[0].caption", hostile)])
    shown = preview_page.page(view)
    page = shown.html.decode()
    tags = Tags()
    tags.feed(page)
    assert tags.seen.count("script") == 1 and not tags.handlers  # only the page's own script
    assert hostile in tags.text  # the words, as text
    assert html.escape(hostile, quote=True) in page
    post, partner = campaign.spec.posts[0].id, campaign.spec.partners[0].id
    assert f'<a href="#alt-{post}">posts[0].alt</a>' in page
    assert f'<a href="#caption-{post}">posts[0].caption</a>' in page
    assert f'<a href="#partner-{partner}">partners[0].sizes</a>' in page
    assert page.index("1 error in the spec") < page.index(f'id="post-{post}"')
    assert 'data-version="7"' in page
    assert f'content="{shown.policy}"' in page


def test_out_writes_the_same_build_as_packpack_build(example: Path) -> None:
    """With --out, each good build of the preview is also written where asked, byte for
    byte as `packpack build` writes it (the manifest lists every file's hash)."""
    import threading

    from packpack.build import session
    from packpack.preview.live import Live

    root = example.parent
    live = Live(example, out=root / "dist")
    try:
        assert "dist written" in live.rebuild(threading.Event())
    finally:
        live.close()
    session.build(example, root / "again", show=lambda found: None)
    assert (root / "dist" / "manifest.json").read_bytes() == \
        (root / "again" / "manifest.json").read_bytes()
    assert not (root / ".packpack-cache" / "preview").exists()
