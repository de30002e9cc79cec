"""Reliability and safety: nothing lost, nothing half-written, nothing let in.

Every hostile or broken input gets a clear error, fast, and leaves no output; a build that
fails or is interrupted leaves the previous output exactly as it was; files packpack did not
write survive every rebuild.
"""

from __future__ import annotations

import fcntl
import functools
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from packpack.build import folder, pipeline, signals
from packpack.cli import app
from packpack.core.errors import BuildError, RenderError, SpecError
from packpack.core.outputs import BuildContext, Output
from packpack.spec import example, loader
from packpack.spec.example import create

SRC = Path(__file__).resolve().parents[1] / "src"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (links and empty folders too), with its bytes."""
    found: dict[str, bytes] = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_symlink():
            found[rel] = b"-> " + os.fsencode(os.readlink(p))
        elif p.is_file():
            found[rel] = p.read_bytes()
        elif p.is_dir() and not any(p.iterdir()):
            found[rel + "/"] = b""
    return found


def leftovers(parent: Path) -> list[str]:
    """Staging or old folders a build left beside its output."""
    return sorted(p.name for p in parent.iterdir() if ".staging-" in p.name or ".old-" in p.name)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example campaign in a temporary folder."""
    create(tmp_path / "c")
    return tmp_path / "c"


def load(project: Path):
    return loader.load(project / "campaign.yaml")


def edit(project: Path, old: str, new: str) -> None:
    path = project / "campaign.yaml"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def built(project: Path) -> Path:
    """The example built into dist/, with a file of the designer's own beside the outputs."""
    out = project / "dist"
    pipeline.build(load(project), out)
    (out / "notes.txt").write_text("the designer's notes")
    return out


# -- atomic builds ---------------------------------------------------------------------------


def failing_planner(error: BaseException, after: int = 3):
    """A planner whose outputs succeed until one raises `error`."""
    def make(ctx: BuildContext, o: Output) -> bytes:
        if o.meta["n"] == after:
            raise error
        return f"{o.path}\n".encode()

    return lambda campaign: [Output(f"graphics/x/{n}.png", "graphic", make, {"n": n})
                             for n in range(8)]


@pytest.mark.parametrize("error", [RenderError("text too long"), ValueError("a bug"),
                                   KeyboardInterrupt(), OSError(28, "No space left on device")])
def test_a_failed_build_leaves_the_previous_output_as_it_was(
        project: Path, built: Path, monkeypatch: pytest.MonkeyPatch,
        error: BaseException) -> None:
    before = snapshot(built)
    build = functools.partial(pipeline.build, planners=[failing_planner(error)])
    expected = BuildError if isinstance(error, OSError) else type(error)
    with pytest.raises(expected):
        build(load(project), built, jobs=2)
    assert snapshot(built) == before
    assert leftovers(project) == []


def test_a_failed_first_build_writes_nothing(project: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    build = functools.partial(pipeline.build, planners=[failing_planner(RenderError("no"))])
    with pytest.raises(RenderError):
        build(load(project), project / "dist")
    assert not (project / "dist").exists()
    assert leftovers(project) == []


INTERRUPTED = """
import signal, sys, time
from pathlib import Path
from packpack.cli import app
from packpack.build import kinds
from packpack.core.outputs import Output

signal.signal(signal.SIGINT, signal.default_int_handler)  # even if the parent ignores it
started = Path(sys.argv[1])

def make(ctx, output):
    if output.meta["n"] == 5:
        started.write_text("mid-way")  # half the outputs are made; now hold this one
        while not ctx.stopping:
            time.sleep(0.01)
    return output.path.encode()

kinds.planners = lambda: [lambda c: [Output(f"graphics/slow/{n}.png", "graphic", make,
                                               {"n": n}) for n in range(10)]]
sys.argv = ["packpack", "build", sys.argv[2], "--out", sys.argv[3], "--jobs", "1"]
app.main()
"""


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_build_leaves_the_previous_output_byte_for_byte(
        project: Path, built: Path, sig: signal.Signals) -> None:
    before = snapshot(built)
    started = project / "started"
    proc = subprocess.Popen(
        [sys.executable, "-c", INTERRUPTED, str(started), str(project / "campaign.yaml"),
         str(built)], env={**os.environ, "PYTHONPATH": str(SRC)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not started.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the build never got going"
        time.sleep(0.01)
    assert leftovers(project), "the build should be staging its outputs by now"
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 1, err
    assert snapshot(built) == before
    assert leftovers(project) == []


def test_sigterm_becomes_keyboard_interrupt_only_while_building() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with signals.interruptible(), pytest.raises(KeyboardInterrupt):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(1)
    assert signal.getsignal(signal.SIGTERM) == before


def test_a_crash_between_the_two_renames_is_undone_by_the_next_build(project: Path,
                                                                     built: Path) -> None:
    before = snapshot(built)
    # What the fallback swap leaves if the machine dies between its renames:
    built.rename(project / ".dist.old-abc123")
    (project / ".dist.staging-abc123" / "graphics").mkdir(parents=True)
    folder.recover(built)
    assert snapshot(built) == before
    assert leftovers(project) == []
    # ... and a real build after such a crash succeeds and keeps the designer's file.
    built.rename(project / ".dist.old-def456")
    pipeline.build(load(project), built)
    assert (built / "notes.txt").read_text() == "the designer's notes"
    assert leftovers(project) == []


def test_the_swap_without_an_atomic_exchange_is_still_clean(
        project: Path, built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(folder, "_exchange", lambda a, b: False)
    edit(project, "A neighbour is...", "A good neighbour is...")
    result = pipeline.build(load(project), built)
    assert result.entries
    assert (built / "notes.txt").exists()
    assert leftovers(project) == []


def test_two_builds_at_once_do_not_trample_each_other(project: Path, built: Path) -> None:
    fd = os.open(project, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running build holds it
        with pytest.raises(BuildError, match="another packpack build"):
            pipeline.build(load(project), built)
    finally:
        os.close(fd)


# -- never delete what packpack did not write ------------------------------------------------


def test_files_packpack_did_not_write_survive_rebuilds(project: Path, built: Path) -> None:
    (built / "graphics" / "mine").mkdir()
    (built / "graphics" / "mine" / "draft.psd").write_bytes(b"layers")
    (built / "graphics" / "check-in" / "README.txt").write_text("my note")
    (built / "empty-folder").mkdir()
    (built / "link-to-notes").symlink_to("notes.txt")
    theirs = {k: v for k, v in snapshot(built).items()
              if k.startswith(("notes", "empty", "link", "graphics/mine"))
              or k.endswith("README.txt")}
    for _ in range(2):
        pipeline.build(load(project), built)
        assert {k: v for k, v in snapshot(built).items() if k in theirs} == theirs
    manifest = (built / "manifest.json").read_text()
    assert "notes.txt" not in manifest and "draft.psd" not in manifest


def test_outputs_of_a_removed_post_are_removed(project: Path, built: Path) -> None:
    assert (built / "graphics" / "say-hello").is_dir()
    text = (project / "campaign.yaml").read_text()
    cut = text.index("  - id: say-hello")
    (project / "campaign.yaml").write_text(text[:cut] + text[text.index("\npartners:"):])
    pipeline.build(load(project), built)
    assert not (built / "graphics" / "say-hello").exists()
    assert (built / "notes.txt").exists()


def test_a_new_output_never_overwrites_a_file_packpack_did_not_write(
        project: Path, built: Path) -> None:
    mine = built / "graphics" / "check-in" / "story.png"
    mine.write_bytes(b"not packpack's")
    manifest = built / "manifest.json"
    text = manifest.read_text()
    manifest.write_text(text.replace('"graphics/check-in/story.png"', '"gone.png"'))
    before = snapshot(built)
    with pytest.raises(BuildError, match=r"story\.png is not packpack's"):
        pipeline.build(load(project), built)
    assert snapshot(built) == before
    assert leftovers(project) == []


# -- reproducible ----------------------------------------------------------------------------


def test_two_builds_give_byte_identical_outputs(project: Path) -> None:
    pipeline.build(load(project), project / "a", cache=False)
    pipeline.build(load(project), project / "b", cache=False, jobs=1)
    assert snapshot(project / "a") == snapshot(project / "b")


# -- where the output goes -------------------------------------------------------------------


def test_an_output_path_that_is_a_file_is_refused(project: Path) -> None:
    (project / "dist").write_text("a file")
    with pytest.raises(BuildError, match="is a file"):
        pipeline.build(load(project), project / "dist")
    assert (project / "dist").read_text() == "a file"


def test_an_output_path_that_cannot_be_written_is_refused(project: Path) -> None:
    (project / "blocker").write_text("a file")
    with pytest.raises(BuildError, match="cannot write"):
        pipeline.build(load(project), project / "blocker" / "dist")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_a_read_only_folder_is_refused(project: Path) -> None:
    (project / "locked").mkdir(mode=0o555)
    with pytest.raises(BuildError, match="cannot write"):
        pipeline.build(load(project), project / "locked" / "dist")


@pytest.mark.parametrize("out", [".", "..", "fonts/.."])
def test_building_over_the_spec_folder_is_refused(project: Path, out: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    before = snapshot(project)
    with pytest.raises(BuildError, match="spec's own folder"):
        pipeline.build(load(project), Path(out))
    assert snapshot(project) == before


def tree(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every path under a folder with its mode, and a file's bytes."""
    return {p.relative_to(folder).as_posix(): (p.lstat().st_mode,
                                               p.read_bytes() if p.is_file() else b"")
            for p in sorted(folder.rglob("*"))}


@pytest.mark.parametrize("through_link", [False, True])
def test_a_folder_of_other_files_is_never_taken_over(project: Path, through_link: bool,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """--out at (or through a symbolic link to) a folder packpack did not build: exit 2,
    saying why and what to do, and nothing in it changes."""
    mine = project.parent / "my-files"
    (mine / "private").mkdir(parents=True)
    (mine / "manifest.json").write_text('{"name": "My web app", "icons": []}')
    (mine / "private").chmod(0o700)
    (mine / "private" / "letter.txt").write_text("dear ...")
    (mine / "notes.txt").write_text("notes")
    before = tree(mine)
    out = mine
    if through_link:
        out = project / "out-link"
        out.symlink_to(mine, target_is_directory=True)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(app.app, ["build", "--out", str(out), "-q"])
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert "is a folder of other files (it holds no packpack manifest.json)" in said
    assert "give --out a new folder (such as dist), or empty this one first" in said
    assert "Traceback" not in result.output
    assert tree(mine) == before
    assert leftovers(mine.parent) == [] and leftovers(project) == []


def test_an_out_that_is_a_dangling_link_is_a_one_line_error(project: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    (project / "gone").symlink_to(project / "nowhere")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(app.app, ["build", "--out", "gone", "-q"])
    assert result.exit_code == 1
    assert result.output == (f"error: --out gone is a symbolic link to {project}/nowhere, "
                             "which does not exist; point the link at a folder, or give --out "
                             "a new folder\n")
    assert (project / "gone").is_symlink() and not (project / "nowhere").exists()


def test_rebuilds_keep_the_modes_of_folders_packpack_did_not_make(project: Path,
                                                                  built: Path) -> None:
    (built / "private" / "deeper").mkdir(parents=True)
    (built / "private").chmod(0o700)
    (built / "private" / "deeper").chmod(0o750)
    (built / "private" / "deeper" / "key.txt").write_text("secret")
    (built / "private" / "deeper" / "key.txt").chmod(0o600)
    (built / "shut").mkdir(mode=0o700)
    mine = {k: v for k, v in tree(built).items() if k.startswith(("private", "shut"))}
    for _ in range(2):
        pipeline.build(load(project), built)
        assert {k: v for k, v in tree(built).items() if k.startswith(("private", "shut"))} == mine


# -- hostile or broken input -----------------------------------------------------------------


HOSTILE_SPECS = {
    "alias bomb": "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n"
        for i in range(8)) + "campaign:\n  overview:\n    aims: *i\n",
    "alias bomb in nested lists": (
        "t: &t {term: lol, text: lol}\nb: &b {terms: [" + ", ".join(["*t"] * 700) + "]}\n"
        "s: &s {title: x, body: [" + ", ".join(["*b"] * 700) + "]}\n"
        "partnership: {name: x, sections: [" + ", ".join(["*s"] * 700) + "]}\n"),
    "deep nesting": "campaign: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "deep block nesting": "- " * 5000 + "x\n",
    "huge document": "campaign:\n  title: " + "x" * 3_000_000 + "\n",
    "python object tag": "campaign: !!python/object/apply:os.system ['echo owned']\n",
    "python tag at the top": "!!python/object:packpack.spec.model.Spec {}\n",
    "custom tag": "campaign: !secret {id: x}\n",
    "empty file": "",
    "only comments": "# nothing here\n",
    "a list, not a mapping": "- campaign\n- brand\n",
    "a plain string": "hello\n",
}


def run_cli(spec_path: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app.app, ["build", str(spec_path), "--out", str(out)])
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.mark.parametrize("name", HOSTILE_SPECS)
def test_hostile_specs_get_a_clear_error_fast_and_nothing_written(tmp_path: Path,
                                                                  name: str) -> None:
    path = tmp_path / "campaign.yaml"
    path.write_text(HOSTILE_SPECS[name])
    start = time.monotonic()
    with pytest.raises(SpecError) as info:
        loader.load(path)
    assert time.monotonic() - start < 3
    assert str(info.value).startswith(str(path))
    assert len(info.value.problems) <= 100
    code, _ = run_cli(path, tmp_path / "dist")
    assert code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["campaign.yaml"]


def test_bytes_that_are_not_utf8_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "campaign.yaml"
    path.write_bytes(b"campaign:\n  title: caf\xe9\n")
    with pytest.raises(SpecError, match=r"campaign.yaml:2:.*not UTF-8"):
        loader.load(path)
    path.write_bytes("campaign: x\n".encode("utf-16"))
    with pytest.raises(SpecError, match="not UTF-8"):
        loader.load(path)


def png(size: tuple[int, int], mode: str = "RGBA") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size).save(buf, "PNG")
    return buf.getvalue()


def _logo_bomb() -> bytes:
    return png((8_000, 8_000), "1")  # 64 megapixels in about 10 kB


HOSTILE_FILES = {
    "decompression bomb logo": ("logos/riverside.png", _logo_bomb, "megapixels|too large"),
    "truncated logo": ("logos/riverside.png", lambda: png((400, 200))[:300],
                       "not a readable image"),
    "logo that is not an image": ("logos/riverside.png", lambda: b"<html>hello</html>",
                                  "not a readable image"),
    "logo that is a GIF": ("logos/riverside.png",
                           lambda: (lambda b: (Image.new("P", (10, 10)).save(b, "GIF"),
                                               b.getvalue())[1])(io.BytesIO()), "GIF"),
    "font that is not a font": ("fonts/AtkinsonHyperlegible-Bold.ttf", lambda: b"hello" * 100,
                                "not a TrueType font"),
    "truncated font": ("fonts/AtkinsonHyperlegible-Bold.ttf",
                       lambda: (example.HERE / "fonts" /
                                "AtkinsonHyperlegible-Bold.ttf").read_bytes()[:2000],
                       "cannot be read as a font|not a TrueType"),
    "empty font": ("fonts/AtkinsonHyperlegible-Bold.ttf", lambda: b"", "not a TrueType"),
}


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_broken_fonts_and_logos_get_a_clear_error(project: Path, name: str) -> None:
    rel, content, message = HOSTILE_FILES[name]
    (project / rel).write_bytes(content())
    start = time.monotonic()
    with pytest.raises(SpecError, match=message) as info:
        load(project)
    assert time.monotonic() - start < 3
    assert any(rel in str(p) for p in info.value.problems)
    code, _ = run_cli(project / "campaign.yaml", project / "dist")
    assert code == 1
    assert not (project / "dist").exists()


@pytest.mark.parametrize("old,new,message", [
    ("logo: logos/riverside.png", "logo: ../outside.png", "outside the spec's folder"),
    ("logo: logos/riverside.png", "logo: /etc/passwd", "absolute path"),
    ("logo: logos/riverside.png", "logo: logos/link.png", "outside the spec's folder"),
    ("regular: fonts/AtkinsonHyperlegible-Regular.ttf", "regular: ../../etc/passwd",
     "outside the spec's folder"),
    ("- id: check-in", "- id: ../../etc", "not a valid id"),
    ("- id: check-in", "- id: Check In", "not a valid id"),
    ("- id: check-in", "- id: " + "a" * 300, "not a valid id"),
    ("- id: library", "- id: lib/../../x", "not a valid id"),
    ("id: my-campaign-2026", "id: ../x", "not a valid id"),
    ("  riverside:\n    url:", "  \"../x\":\n    url:", "not a valid id"),
    ("  helpline:\n", "  " + "h" * 300 + ":\n", "not a valid id"),
    ("title: Look Out For Each Other", 'title: "Look Out\\x1b For Each Other"',
     "control character U[+]001B"),  # found by fuzzing: text shaping fails on these
    ("title: Look Out For Each Other", 'title: "Look Out\\N For Each Other"',
     "control character U[+]0085"),
])
def test_paths_and_ids_that_could_escape_are_refused(project: Path, old: str, new: str,
                                                     message: str) -> None:
    (project.parent / "outside.png").write_bytes(png((10, 10)))
    (project / "logos" / "link.png").symlink_to(project.parent / "outside.png")
    edit(project, old, new)
    with pytest.raises(SpecError, match=message):
        load(project)
