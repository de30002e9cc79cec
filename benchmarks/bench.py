"""Benchmark packpack's build: cold, no-op and one-edit rebuilds, throughput, memory.

Run from the repository root (not a test; it takes a minute or two):

    python benchmarks/bench.py                 # 200 posts x 6 sizes x 10 partners, and the seed
    python benchmarks/bench.py --posts 50      # a smaller campaign
    python benchmarks/bench.py --skip-large    # the seed campaign only
    python benchmarks/bench.py --rounds 9      # the seed's figures as medians of 9 rounds
    python benchmarks/bench.py --preview-only  # `packpack preview`: edit to page, memory

Every build runs `python -m packpack build` in a subprocess, as a designer would, in a
temporary folder (the repository's own dist/ and cache are untouched). Peak memory is the
largest total RSS of the build's whole process tree, sampled every 10 ms. The floor is the
time to PNG-encode the same final graphics alone (with packpack's own encoder, as the
build does, spread over the same number of workers): the cold build divided by it shows what
the rest of packpack costs. ImageMagick (if installed) draws the seed's graphics one process each,
for the issue's comparison. Machines are noisy: the seed's builds and ImageMagick are run
--rounds times (default 5) and their medians shown, with the range of the builds; the large
campaign is built once. Compare ratios within one run.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
# As installed: byte-code cached (this sandbox sets PYTHONDONTWRITEBYTECODE; users do not).
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
       "PYTHONPATH": str(SRC)}


def tree_rss(pid: int) -> int:
    """Total resident memory (bytes) of a process and all its descendants."""
    total = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


CPU: dict[str, float] = {}  # CPU seconds (user + system) of the last run, by command


def run(args: list[str], cwd: Path) -> tuple[float, int]:
    """Run a command; its wall time in seconds and the peak RSS of its process tree.

    Its CPU time (user + system, all threads and children) is left in CPU["last"]: on a
    busy machine it is steadier than the wall time."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss(proc.pid))
            stop.wait(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU["last"] = (after.ru_utime + after.ru_stime) - (usage.ru_utime + usage.ru_stime)
    if proc.returncode:
        sys.exit(f"{' '.join(args)} failed ({proc.returncode}):\n{out}\n{err}")
    return elapsed, peak


def write_spec(folder: Path, data: dict) -> Path:
    path = folder / "campaign.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100))
    return path


def seed_data() -> dict:
    return yaml.safe_load((ROOT / "campaign.yaml").read_text())


def large_data(posts: int) -> dict:
    """The seed campaign with its posts repeated up to `posts`, each with its own id, title,
    caption and graphic (its closing line numbered), so that no two posts' outputs are alike
    and nothing one post draws can be reused for another."""
    data = seed_data()
    seeds = data["posts"]
    data["posts"] = []
    for i in range(posts):
        post = copy.deepcopy(seeds[i % len(seeds)])
        post["id"] = f"{post['id']}-{i:03d}"
        post["title"] = f"{post.get('title', post['id'])} ({i})"
        post["caption"] = f"{post['caption']}\n\nPost {i + 1} of {posts}."
        post["closing"] = f"{post['closing']} {i + 1}"
        data["posts"].append(post)
    return data


def project(tmp: Path, name: str, data: dict) -> Path:
    folder = tmp / name
    folder.mkdir()
    for sub in ("fonts", "logos"):
        if (ROOT / sub).is_dir():
            shutil.copytree(ROOT / sub, folder / sub)
    write_spec(folder, data)
    return folder


def build(folder: Path, jobs: int) -> tuple[float, int]:
    return run([sys.executable, "-m", "packpack", "build", "campaign.yaml", "--out", "dist",
                "--jobs", str(jobs)], folder)


def floor(dist: Path, jobs: int) -> tuple[float, int]:
    """Seconds to PNG-encode the build's graphics alone over `jobs` workers; how many."""
    from PIL import Image

    sys.path.insert(0, str(SRC))
    from packpack.core.png import encode as png

    doc = json.loads((dist / "manifest.json").read_text())
    graphics = [dist / e["path"] for e in doc["outputs"] if e["kind"] == "graphic"]
    lock = threading.Lock()
    total = 0.0

    def encode(path: Path) -> None:
        nonlocal total
        with Image.open(path) as im:
            im.load()
            start = time.perf_counter()
            png(im)
            spent = time.perf_counter() - start
        with lock:
            total += spent

    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(encode, graphics))
    return total / jobs, len(graphics)


def imagemagick(folder: Path, data: dict, jobs: int) -> float | None:
    """Seconds for ImageMagick to draw the same graphics (one process per image), or None."""
    convert = shutil.which("magick") or shutil.which("convert")
    if not convert:
        return None
    sys.path.insert(0, str(SRC))
    from packpack.spec import loader

    campaign = loader.load(folder / "campaign.yaml")
    colours, bold = campaign.spec.brand.colours, campaign.file(campaign.spec.brand.fonts.bold)
    jobs_list = []
    for post in campaign.spec.posts:
        for size_id in campaign.target_sizes:
            size = campaign.sizes[size_id]
            w, h = size.width, size.height
            target = folder / f"im-{len(jobs_list)}.png"
            jobs_list.append([convert, "-size", f"{w}x{h}", f"xc:{colours.background}",
                              "-font", str(bold), "-fill", colours.text, "-pointsize",
                              str(w // 16), "-annotate", f"+{w // 12}+{h // 8}",
                              "\n".join(post.graphic_text), str(target)])
    start = time.perf_counter()
    try:
        with ThreadPoolExecutor(jobs) as pool:
            list(pool.map(lambda a: subprocess.run(a, check=True, capture_output=True),
                          jobs_list))
    except subprocess.CalledProcessError:
        return None  # a `convert` that is not ImageMagick's
    return time.perf_counter() - start


# What a process imports or decodes, where that guards speed: each snippet prints a figure.
IMPORTS = {
    "`packpack --help`: heavy libraries imported": (
        "import sys\nfrom packpack.cli import app\nsys.argv = ['packpack', '--help']\n"
        "try:\n    app.main()\nexcept SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'reportlab', 'qrcode', 'PIL'}))"),
    "`packpack check`: heavy libraries imported": (
        "import sys\nfrom packpack.cli import app\nsys.argv = ['packpack', 'check', '-q', "
        "'campaign.yaml']\ntry:\n    app.main()\nexcept SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'reportlab', 'qrcode'}))"),
    "worker warm-up: network and mail modules": (
        "import sys\nfrom packpack.build import kinds\nkinds.warm()\n"
        "print(sorted(m for m in ('urllib.request', 'http.client', 'email.parser', 'xml.sax',"
        " 'ssl') if m in sys.modules))"),
    "second spec load: slow checks' libraries": (
        "import sys\nfrom packpack.spec import loader\n"
        "loader.load('campaign.yaml', cache=True)\n"
        "print(sorted(m for m in ('phonenumbers', 'PIL.Image') if m in sys.modules))"),
    "logo files opened: load, then 2 posts drawn": (
        "from pathlib import Path\nfrom PIL import Image\nopened = []\nreal = Image.open\n"
        "Image.open = lambda fp, *a, **k: opened.append(Path(fp).name) or real(fp, *a, **k)\n"
        "from packpack.render import graphics\nfrom packpack.spec import loader\n"
        "c = loader.load(Path('campaign.yaml'))\nat_load = len(opened)\n"
        "for post in c.spec.posts[:2]:\n    for size in c.target_sizes:\n"
        "        graphics.draw(graphics.legible(c, post, size))\n"
        "logos = sum(1 for o in c.spec.organisations.values() if o.logo)\n"
        "print(f'{at_load} at load ({logos} logos), {len(opened) - at_load} while drawing')"),
}


def import_figures(folder: Path) -> None:
    """Print what each snippet of IMPORTS reports, run in a fresh process in `folder`."""
    print()
    for label, code in IMPORTS.items():
        done = subprocess.run([sys.executable, "-c", code], cwd=folder, env=ENV,
                              capture_output=True, text=True)
        shown = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else \
            f"failed: {done.stderr.strip().splitlines()[-1:]}"
        print(f"  {label:<46} {shown}")


def edit_one_caption(folder: Path, data: dict, take: int = 0) -> None:
    """Add a few words to the first post's caption (different words each take)."""
    edited = copy.deepcopy(data)
    edited["posts"][0]["caption"] += f" (Edited, take {'abcdefghij'[take % 10]}.)"
    write_spec(folder, edited)


def measure(folder: Path, data: dict, jobs: int, rounds: int = 1) -> dict[str, Any]:
    """Cold, no-op and one-edit builds, `rounds` times over (a cold build starts with no
    output folder and no cache); each figure is the median of the rounds, its range kept."""
    times: dict[str, list[float]] = {"cold": [], "noop": [], "edit": []}
    cpus: dict[str, list[float]] = {"cold": [], "noop": [], "edit": []}
    peak = 0
    for take in range(rounds):
        for gone in ("dist", ".packpack-cache"):
            shutil.rmtree(folder / gone, ignore_errors=True)
        write_spec(folder, data)
        for kind in ("cold", "noop", "edit"):
            if kind == "edit":
                edit_one_caption(folder, data, take)
            seconds, rss = build(folder, jobs)
            times[kind].append(seconds)
            cpus[kind].append(CPU["last"])
            peak = max(peak, rss)
    encode, graphics = floor(folder / "dist", jobs)
    return {**{k: statistics.median(v) for k, v in times.items()}, "range": times,
            "floor": encode, "graphics": graphics, "rounds": rounds,
            "cpu": {k: statistics.median(v) for k, v in cpus.items()}, "rss": peak,
            "bytes": sum(e["bytes"] for e in json.loads(
                (folder / "dist" / "manifest.json").read_text())["outputs"])}


def report(name: str, m: dict[str, float], targets: dict[str, float]) -> None:
    def line(label: str, value: str, target: str = "") -> None:
        print(f"  {label:<34} {value:>12}   {target}".rstrip())

    def secs(key: str) -> None:
        t = targets.get(key)
        mark = "" if t is None else f"target <= {t:.2f} s  {'ok' if m[key] <= t else 'MISSED'}"
        spread = m["range"][key]
        seen = f"; {min(spread):.2f}-{max(spread):.2f} s" if len(spread) > 1 else ""
        line({"cold": "cold build", "noop": "no-op rebuild",
              "edit": "one-caption edit rebuild"}[key],
             f"{m[key]:.2f} s", f"{mark}  (CPU {m['cpu'][key]:.2f} s{seen})".strip())

    rounds = f", medians of {m['rounds']} rounds" if m["rounds"] > 1 else ""
    print(f"\n{name}: {m['graphics']} graphics, {m['bytes'] / 1e6:.1f} MB of outputs{rounds}")
    for key in ("cold", "noop", "edit"):
        secs(key)
    line("graphics per second (cold)", f"{m['graphics'] / m['cold']:.0f}")
    line("floor: PNG-encode the graphics", f"{m['floor']:.2f} s")
    line("cold build / floor", f"{m['cold'] / max(m['floor'], 1e-9):.1f}x")
    rss_target = targets.get("rss")
    line("peak RSS, all processes", f"{m['rss'] / 2**20:.0f} MiB",
         "" if rss_target is None else
         f"target < {rss_target:.0f} MiB  {'ok' if m['rss'] / 2**20 < rss_target else 'MISSED'}")
    if m.get("imagemagick"):
        ratio = m["cold"] / m["imagemagick"]
        line("ImageMagick, same graphics", f"{m['imagemagick']:.2f} s",
             f"cold / ImageMagick = {ratio:.2f} (target <= 0.33  "
             f"{'ok' if ratio <= 1 / 3 else 'MISSED'})")


class PreviewRun:
    """`packpack preview --no-open --port 0` on a copy of the seed, and a client for its page."""

    def __init__(self, folder: Path, jobs: int):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "packpack", "preview", "campaign.yaml", "--no-open",
             "--port", "0", "--jobs", str(jobs)], cwd=folder, env=ENV, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, start_new_session=True)
        assert self.proc.stdout is not None
        first = self.proc.stdout.readline().strip()
        if not first.startswith("http://127.0.0.1:"):
            sys.exit(f"packpack preview did not start: {first!r}")
        self.port = int(first.rsplit(":", 1)[1].rstrip("/"))
        # its progress lines are read (and dropped) so that the pipe never fills
        threading.Thread(target=lambda: self.proc.stdout.read(), daemon=True).start()

    def page(self) -> str:
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", "/")
            return conn.getresponse().read().decode()
        finally:
            conn.close()

    def until(self, ok: Any, timeout: float = 60) -> float:
        """Poll GET / (every 5 ms) until `ok(page)`; the moment it was so."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            if ok(self.page()):
                return time.perf_counter()
            time.sleep(0.005)
        sys.exit("packpack preview never showed the edit")

    def stop(self) -> int:
        import signal

        self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(timeout=30)


def _graphics(page: str) -> dict[str, str]:
    import re

    return dict(re.findall(r'<img src="/out/(graphics/[^"?]+)\?v=([0-9a-f]+)"', page))


def preview_figures(tmp: Path, jobs: int, rounds: int, edits: int) -> dict[str, Any]:
    """From writing an edited spec to GET / showing the change, in a running preview of the
    seed: a caption, one post's graphic text (its graphics), the brand colour (every
    graphic), `rounds` times each, the preview idle (PDFs done) before each edit; and its
    memory (RSS of every process) after the first of `edits` edits and after the last."""
    import html

    folder = tmp / "preview"
    folder.mkdir()
    for sub in ("fonts", "logos"):
        shutil.copytree(ROOT / sub, folder / sub)
    spec = folder / "campaign.yaml"
    original = (ROOT / "campaign.yaml").read_text()
    spec.write_text(original)
    live = PreviewRun(folder, jobs)
    idle = lambda t: "Up to date" in t  # noqa: E731 - the PDFs are done too
    live.until(idle, 120)
    caption, closing, colour = ("Stalking & harassment can happen to anyone.",
                                "closing: Feel familiar?", 'background: "#3B1F5C"')
    for text in (caption, closing, colour):
        assert text in original, text
    times: dict[str, list[float]] = {"caption": [], "graphic": [], "colour": []}
    counter = iter(range(10_000))

    def edit(kind: str) -> float:
        n = next(counter)
        before = _graphics(live.page())
        if kind == "caption":
            words = f"Stalking can happen to anyone (edit {n})."
            text = original.replace(caption, words)
            shows = lambda t: html.escape(words) in t  # noqa: E731
        elif kind == "graphic":
            text = original.replace(closing, f"closing: Feel familiar {n}?")
            post = [p for p in before if p.startswith("graphics/stalking-is/")]
            shows = lambda t: all(_graphics(t).get(p) not in (None, before[p])  # noqa: E731
                                  for p in post)
        else:
            text = original.replace(colour, f'background: "#3B1F{0x40 + n % 64:02X}"')
            shows = lambda t: all(_graphics(t).get(p) not in (None, before[p])  # noqa: E731
                                  for p in before)
        start = time.perf_counter()
        spec.write_text(text)
        seen = live.until(shows)
        live.until(idle)
        return seen - start

    try:
        for _ in range(rounds):
            for kind in times:
                times[kind].append(edit(kind))
        edit("caption")
        first = tree_rss(live.proc.pid)
        for i in range(edits - 1):
            edit("colour" if i % 25 == 24 else "graphic" if i % 10 == 9 else "caption")
        last = tree_rss(live.proc.pid)
    finally:
        code = live.stop()
    return {"times": times, "rss": (first, last), "edits": edits, "exit": code}


def preview_report(m: dict[str, Any]) -> None:
    print(f"\npreview of the seed: from writing the spec to GET / showing the edit, "
          f"medians of {len(m['times']['caption'])} rounds")
    for kind, label, target in (("caption", "a caption", 0.3),
                                ("graphic", "one post's graphic text", 0.3),
                                ("colour", "brand colour (every graphic)", 1.5)):
        spread = m["times"][kind]
        median = statistics.median(spread)
        print(f"  {label:<34} {median:>10.2f} s   target <= {target:.2f} s  "
              f"{'ok' if median <= target else 'MISSED'}  ({min(spread):.2f}-"
              f"{max(spread):.2f} s)")
    first, last = m["rss"]
    growth = last / first - 1
    print(f"  {'memory after 1 / ' + str(m['edits']) + ' edits':<34} {first / 2**20:>6.0f} / "
          f"{last / 2**20:.0f} MiB   target growth <= 10 %  "
          f"{'ok' if growth <= 0.10 else 'MISSED'}  ({growth:+.1%})")
    print(f"  {'exit code on Ctrl-C':<34} {m['exit']:>12}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200, help="posts in the large campaign")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-large", action="store_true", help="measure the seed only")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--rounds", type=int, default=5,
                        help="times the seed's builds (and ImageMagick) are run; medians shown")
    parser.add_argument("--preview-only", action="store_true",
                        help="measure only `packpack preview` (its edits and memory)")
    parser.add_argument("--preview-edits", type=int, default=100,
                        help="edits between the preview's two memory readings")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="packpack-bench-"))
    try:
        print(f"packpack benchmark: {args.jobs} workers, {os.cpu_count()} cores, "
              f"Python {sys.version.split()[0]}, folder {tmp}")
        run([sys.executable, "-m", "packpack", "--help"], ROOT)  # byte-code cached first
        if args.preview_only:
            preview_report(preview_figures(tmp, args.jobs, args.rounds, args.preview_edits))
            return
        helps = [run([sys.executable, "-m", "packpack", "--help"], ROOT)[0] for _ in range(5)]
        print(f"\n  {'packpack --help (median of 5)':<34} {statistics.median(helps):>10.2f} s"
              f"   target <= 0.15 s  "
              f"{'ok' if statistics.median(helps) <= 0.15 else 'MISSED'}")

        data = seed_data()
        folder = project(tmp, "seed", data)
        seed = measure(folder, data, args.jobs, args.rounds)
        import_figures(folder)
        drawn = [imagemagick(folder, data, args.jobs) for _ in range(args.rounds)]
        seed["imagemagick"] = statistics.median(drawn) if None not in drawn else 0
        report("seed campaign", seed, {"cold": 1.0, "noop": 0.3, "edit": 0.5})
        preview_report(preview_figures(tmp, args.jobs, args.rounds, args.preview_edits))

        if not args.skip_large:
            data = large_data(args.posts)
            folder = project(tmp, "large", data)
            partners = len(data["partners"])
            large = measure(folder, data, args.jobs)
            report(f"{args.posts} posts x {len(seed_sizes(folder))} sizes x {partners} "
                   "partners", large, {"cold": 20.0, "rss": 250})
    finally:
        if args.keep:
            print(f"\nkept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def seed_sizes(folder: Path) -> list[str]:
    sys.path.insert(0, str(SRC))
    from packpack.spec import loader

    return loader.load(folder / "campaign.yaml").target_sizes


if __name__ == "__main__":
    main()
