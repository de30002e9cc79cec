"""Each command's whole output and exit code, run the way a designer runs them."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from packpack.build import kinds, pipeline, session, workers
from packpack.cli import app, report
from packpack.core.outputs import Output
from packpack.spec import loader, schema

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "src" / "packpack" / "spec" / "example"
ENV = {"NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb"}


def run(*args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `packpack ARGS`."""
    result = CliRunner().invoke(app.app, list(args), env=ENV, prog_name="packpack")
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def campaign(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example campaign in a temporary folder, which is also the working folder."""
    for name in ("campaign.yaml", "fonts", "logos"):
        src = EXAMPLE / name
        (shutil.copytree if src.is_dir() else shutil.copyfile)(src, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    # every build takes 2.25 s by this clock, however many times it is read
    monkeypatch.setattr(app, "clock", (10.0 + 2.25 * i for i in itertools.count()).__next__)
    return tmp_path / "campaign.yaml"


def spoil(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize("command", ["build", "check", "init", "sizes", "schema"])
def test_every_command_has_help_with_an_example(command):
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "Example" in out
    assert f"\n    packpack {command}" in out
    assert out.startswith(f"Usage: packpack {command} ")


def test_version():
    assert run("--version") == (0, "packpack 0.1.0\n", "")


# -- check --------------------------------------------------------------------------------------


def test_check_clean_campaign(campaign):
    assert run("check") == (0, "campaign.yaml: OK (2 posts, 6 sizes, 2 partners).\n", "")


def test_check_reports_warnings_and_strict_makes_them_fatal(campaign):
    spoil(campaign, "    date: 2026-05-14", "    date: 2025-05-14")
    finding = ("campaign.yaml:109:11: events[0].date: 2025-05-14 is 362 days before the "
               "campaign starts (the campaign runs 2026-05-11 to 2026-05-15); check the year "
               "(warning)\n")
    assert run("check") == (
        0, "campaign.yaml: 0 errors, 1 warning (2 posts, 6 sizes, 2 partners).\n", finding)
    assert run("check", "--strict") == (
        1, "", finding + "campaign.yaml: 0 errors, 1 warning (2 posts, 6 sizes, 2 partners); "
        "warnings are errors under --strict.\n")
    assert run("check", "--quiet") == (0, "", "")


def test_check_reports_errors_and_exits_1(campaign):
    spoil(campaign, "Call\n      {phone:helpline}", "Call\n      {phone:helpline} {phone:nope}")
    assert run("check", "-q") == (1, "", (
        "campaign.yaml:73:10: posts[0].alt: {phone:nope} is not one of the phones in the spec; "
        "known phones: helpline\n"
        "1 problem found.\n"))


def test_check_an_invalid_spec_lists_every_problem(campaign):
    spoil(campaign, "  starts: 2026-05-11", "  starts: 2026-05-11\n  colour: blue")
    spoil(campaign, "layout: statement", "layout: statment")
    assert run("check", str(campaign)) == (1, "", (
        f"{campaign}:13:11: campaign.colour: unknown key; valid keys are id, title, titles, "
        "subtitle, organiser, area, starts, ends, timezone, language, contact, sizes, overview\n"
        f"{campaign}:79:13: posts[1].layout: expected one of list, questions, stack, "
        "statement, got 'statment'; did you mean 'statement'?\n"
        "2 problems found.\n"))


def test_check_a_missing_spec(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("check") == (1, "", "campaign.yaml: no such file; give the path of a campaign "
                            "spec, or run `packpack init DIR` to start one\n"
                            "1 problem found.\n")


# -- build --------------------------------------------------------------------------------------


def summary(out: Path, kinds: dict[str, tuple[int, str]], total: str, how: str = "") -> str:
    n = sum(k[0] for k in kinds.values())
    lines = [f"Built {n} files ({how or f'{n} made'}), {total}, in 2.2 s into {out}/ (listed in "
             f"{out}/manifest.json):"]
    width = max(map(len, kinds))  # kinds in a column as wide as the longest
    lines += [f"  {kind:<{width}} {f'{k[0]} file' + 's' * (k[0] != 1):>10} {k[1]:>10}"
              for kind, k in kinds.items()]
    return "\n".join(lines) + "\n"


def test_build_prints_a_line_per_stage_and_a_summary(campaign):
    code, out, err = run("build", "--jobs", "2")
    entries = json.loads((campaign.parent / "dist" / "manifest.json").read_text())["outputs"]
    size = report.size(sum(e["bytes"] for e in entries))
    kinds: dict[str, list[int]] = {}
    for e in entries:
        kinds.setdefault(e["kind"], [0, 0])
        kinds[e["kind"]][0] += 1
        kinds[e["kind"]][1] += e["bytes"]
    assert kinds["graphic"][0] == 12
    assert (code, err) == (0, "")
    stages = sorted(f"{k}: {n} of {n} ready" for k, (n, _) in kinds.items())
    table = {k: (n, report.size(b)) for k, (n, b) in kinds.items()}
    lines = out.splitlines(keepends=True)
    # each stage's line comes when its last output is done, so their order may vary
    assert sorted(line.rstrip("\n") for line in lines[:len(kinds)]) == stages
    assert "".join(lines[len(kinds):]) == summary(Path("dist"), table, size) + "No warnings.\n"


def test_build_only_some_posts_for_some_partners(campaign, monkeypatch):
    seen = {}

    def fake(c, out, **kw):
        seen.update(kw, out=out)
        return pipeline.Result(out, [])

    monkeypatch.setattr(pipeline, "build", fake)
    code, out, err = run("build", "--only", "say-hello", "--only", "check-in", "--partner",
                         "surgery", "--out", "site", "-j", "3", "--no-cache", "-q")
    assert (code, out, err) == (0, "", "")
    started = seen.pop("workers")  # three workers: this process and two forked before the
    assert isinstance(started, workers.Workers) and started.pool._max_workers == 2  # spec was read
    progress = seen.pop("progress")  # quiet: nothing shown, even once the lints have passed
    assert isinstance(progress, session._Held) and progress.released and progress.progress is None
    assert seen.pop("gate").__self__.found == [] and not seen.pop("stop").is_set()  # lints
    assert seen == {"out": Path("site"), "jobs": 3, "only": ["say-hello", "check-in"],
                    "partner": ["surgery"], "cache": False}


def test_build_refuses_unknown_post_or_partner_ids(campaign):
    code, out, err = run("build", "--only", "say-helo", "--partner", "library")
    assert (code, out) == (2, "")
    assert err == ("Usage: packpack build [OPTIONS] [SPEC]\n"
                   "Try 'packpack build -h' for help.\n\n"
                   "Error: Invalid value for '--only': 'say-helo' is not a post id in the spec; "
                   "choose from: check-in, say-hello\n")
    code, _, err = run("build", "--partner", "libary", "--partner", "pub")
    assert code == 2
    assert err.endswith("Error: Invalid value for '--partner': 'libary', 'pub' are not partner "
                        "ids in the spec; choose from: library, surgery\n")
    assert not (campaign.parent / "dist").exists()


def test_build_with_warnings_prints_them_and_strict_writes_nothing(campaign, monkeypatch):
    monkeypatch.setattr(pipeline, "build", lambda c, out, **kw: pipeline.Result(out, []))
    spoil(campaign, "    date: 2026-05-14", "    date: 2025-05-14")
    finding = ("campaign.yaml:109:11: events[0].date: 2025-05-14 is 362 days before the "
               "campaign starts (the campaign runs 2026-05-11 to 2026-05-15); check the year "
               "(warning)\n")
    assert run("build", "--strict") == (1, "", finding + "1 error found; nothing was written.\n")
    assert not (campaign.parent / "dist").exists()
    assert run("build") == (0, "Built 0 files (none made afresh), 0 bytes, in 2.2 s into "
                            "dist/ (listed in dist/manifest.json):\n1 warning (listed above).\n",
                            finding)
    assert run("build", "--quiet") == (0, "", "")


def test_build_with_errors_writes_nothing(campaign):
    spoil(campaign, "  ends: 2026-05-15", "  ends: 2026-05-15\n  sizes: [instagram-square, "
          "facebook, x]")
    assert run("build", "-q") == (1, "", (
        "campaign.yaml:92:31: partners[0].sizes[1]: 'story' is not rendered (campaign.sizes "
        "leaves it out), so the bundle would lack it; add it to campaign.sizes or remove it "
        "here (error)\n1 error found; nothing was written.\n"))
    assert not (campaign.parent / "dist").exists()


def test_build_refuses_an_illegible_graphic_with_every_finding_check_gives(campaign):
    """Legibility is checked by the graphics as they are drawn, not by the lint before the
    build; the refusal still lists every finding, exactly as `check` words them."""
    spoil(campaign, "heading: A neighbour is...", "heading: A neighbour is 🥰...")
    code, _, checked = run("check")
    illegible = [line for line in checked.splitlines() if "(error)" in line]
    assert code == 1 and len(illegible) == 1 and "'🥰' (U+1F970) has no glyph" in illegible[0]
    assert "in post 'check-in', every size" in illegible[0]
    assert run("build", "-q") == (1, "", illegible[0] + "\n1 error found; nothing was written.\n")
    assert not (campaign.parent / "dist").exists()
    assert not list(campaign.parent.glob(".dist.*"))  # no staging folder left behind
    # regression: the progress lines said "pdf: 2 files made" before "nothing was written"
    code, out, err = run("build")
    assert code == 1 and err.endswith("nothing was written.\n") and " made" not in out


def test_a_rebuild_says_what_it_made_and_what_it_reused(campaign):
    """Regression: a rebuild that reused every graphic said "graphic: 12 files made"."""
    assert run("build")[0] == 0
    spoil(campaign, "A neighbour is...", "A good neighbour is...")  # one post's words
    code, out, _ = run("build", "--jobs", "1")
    lines = out.splitlines()
    reused = {line.split(":")[0]: int(line.split("(")[1].split()[0])
              for line in lines if "ready (" in line}
    assert code == 0 and reused.keys() == {"graphic", "qr"}, out  # the QR codes: all of them
    assert 0 < reused["graphic"] < 12 and "qr: 4 of 4 ready (4 from the cache)" in lines
    total = len(json.loads((campaign.parent / "dist" / "manifest.json").read_text())["outputs"])
    kept = sum(reused.values())
    assert f"Built {total} files ({total - kept} made, {kept} from the cache), " in out
    again = run("build")[1]  # nothing changed
    assert f"\nBuilt {total} files (none made afresh, {total} from the cache), " in again


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every spec the CLI loads (a no-op rebuild loads none)."""
    seen: list[Path] = []
    real = loader.load

    def counted(spec: Path, cache: bool = False):
        seen.append(spec)
        return real(spec, cache)

    monkeypatch.setattr(loader, "load", counted)
    return seen


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_rebuild_with_nothing_changed_says_the_same_without_loading_the_spec(
        campaign, loads):
    assert run("build")[0] == 0
    records = list((campaign.parent / ".packpack-cache" / "builds").glob("*.json"))
    assert len(records) == 1
    records[0].unlink()
    normal = run("build")  # nothing changed, found out by loading and planning everything
    assert len(loads) == 2 and normal[0] == 0
    dist = files(campaign.parent / "dist")
    quick = run("build")
    assert len(loads) == 2  # not loaded again
    assert quick == normal  # the same lines, counts and summary
    assert files(campaign.parent / "dist") == dist


@pytest.mark.parametrize("change", ["caption", "logo", "output", "epoch", "out", "no-cache"])
def test_any_change_since_the_last_build_makes_a_real_rebuild(
        campaign, loads, change, monkeypatch):
    from PIL import Image

    assert run("build", "-q")[0] == 0 and run("build", "-q")[0] == 0
    assert len(loads) == 1  # the second was known to change nothing
    args = ["build", "-q"]
    dist = campaign.parent / "dist"
    if change == "caption":
        spoil(campaign, "caption: ", "caption: Edited. ")
    elif change == "logo":
        logo = next((campaign.parent / "logos").glob("*.png"))
        with Image.open(logo) as im:
            im.load()
        im.save(logo, compress_level=1)  # the same picture, other bytes
    elif change == "output":
        graphic = next(dist.glob("graphics/*/*.png"))
        graphic.unlink()
        graphic.write_bytes(b"damaged")
    elif change == "epoch":
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    elif change == "out":
        args += ["--out", "elsewhere"]
    else:
        args += ["--no-cache"]
    assert run(*args)[0] == 0
    assert len(loads) == 2
    built = campaign.parent / ("elsewhere" if change == "out" else "dist")
    manifest = json.loads((built / "manifest.json").read_text())
    for entry in manifest["outputs"]:  # whatever changed, the output is whole and true
        data = (built / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]


def test_a_no_op_rebuild_with_warnings_under_strict_still_refuses(campaign, loads):
    spoil(campaign, "    date: 2026-05-14", "    date: 2025-05-14")
    assert run("build", "-q")[0] == 0
    code, out, err = run("build", "--strict")
    assert len(loads) == 1 and (code, out) == (1, "")
    assert err.endswith("(warning)\n1 error found; nothing was written.\n")


def test_build_interrupted_exits_130_with_one_line(campaign, monkeypatch):
    def interrupted(*args, **kw):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "build", interrupted)
    assert run("build") == (130, "", "Interrupted; nothing was changed.\n")


def test_build_into_a_file_is_an_error(campaign):
    (campaign.parent / "taken").write_text("x")
    assert run("build", "--out", "taken", "-q") == (
        1, "", "error: taken is a file; give --out a folder (it will be created)\n")


def test_progress_bar_counts_each_kind(campaign):
    from rich.console import Console

    console = Console(file=open(campaign.parent / "bar.txt", "w"), force_terminal=True,  # noqa: SIM115
                      width=60, no_color=True)
    bar = app.Bar(console)
    outputs = [Output(f"{k}/{i}", k, make=lambda c, o: b"") for k in ("graphic", "qr")
               for i in range(3 if k == "graphic" else 1)]
    bar.planned(outputs)
    for o in outputs:
        bar.done(o)
    bar.stop()
    assert [(t.description, t.completed, t.total) for t in bar.bars.tasks] == [
        ("graphic", 3, 3), ("qr", 1, 1)]


# -- init, schema, sizes ------------------------------------------------------------------------


def test_init_makes_a_campaign_that_checks_clean(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("init", "new") == (0, "Created a new campaign in new/ (6 files: campaign.yaml, "
                                  "its schema, fonts and a logo). Next: cd new && packpack build\n",
                                  "")
    assert run("check", "new/campaign.yaml") == (
        0, "new/campaign.yaml: OK (2 posts, 6 sizes, 2 partners).\n", "")
    assert run("init", "new") == (1, "", "error: new/campaign.yaml already exists; choose an "
                                  "empty folder\n")


def test_schema_prints_the_json_schema():
    code, out, err = run("schema")
    assert (code, err) == (0, "")
    assert out == schema.json_schema()
    assert json.loads(out)["$defs"]["Post"]["properties"]["caption"]["description"]


def test_committed_schema_is_current():
    """campaign.yaml's `$schema=./campaign.schema.json` points at this file: keep it current."""
    assert "# yaml-language-server: $schema=./campaign.schema.json" in \
        (ROOT / "campaign.yaml").read_text()
    assert (ROOT / "campaign.schema.json").read_text() == schema.json_schema(), \
        "run: PYTHONPATH=src python -m packpack schema > campaign.schema.json"


def test_sizes_lists_presets_and_platform_limits():
    code, out, err = run("sizes")
    assert (code, err) == (0, "")
    assert out == """\
Built-in sizes (override or add under `sizes:` in the spec)
┏━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┓
┃ id                 ┃ width x height ┃ safe zone (t r b l) ┃ platforms               ┃ made       ┃
┡━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━┩
│ instagram-square   │ 1080 x 1080    │ 0 0 0 0             │ Instagram, Threads,     │ standard   │
│                    │                │                     │ Bluesky                 │            │
│ instagram-portrait │ 1080 x 1350    │ 0 0 0 0             │ Instagram               │ standard   │
│ story              │ 1080 x 1920    │ 250 0 340 0         │ Instagram, Facebook     │ standard   │
│ facebook           │ 1200 x 630     │ 0 0 0 0             │ Facebook                │ standard   │
│ x                  │ 1600 x 900     │ 0 0 0 0             │ X                       │ standard   │
│ linkedin           │ 1200 x 627     │ 0 0 0 0             │ LinkedIn                │ standard   │
│ tiktok             │ 1080 x 1920    │ 250 170 420 60      │ TikTok                  │ when named │
│ facebook-portrait  │ 1080 x 1350    │ 0 0 0 0             │ Facebook                │ when named │
│ whatsapp-status    │ 1080 x 1920    │ 250 0 340 0         │ WhatsApp                │ when named │
│ whatsapp-channel   │ 1080 x 1080    │ 0 0 0 0             │ WhatsApp                │ when named │
│ nextdoor           │ 1200 x 900     │ 0 0 0 0             │ Nextdoor                │ when named │
│ threads            │ 1080 x 1350    │ 0 0 0 0             │ Threads                 │ when named │
│ bluesky            │ 1080 x 1350    │ 0 0 0 0             │ Bluesky                 │ when named │
│ linkedin-square    │ 1200 x 1200    │ 0 0 0 0             │ LinkedIn                │ when named │
└────────────────────┴────────────────┴─────────────────────┴─────────────────────────┴────────────┘
made: 'standard' sizes are made when campaign.sizes is left out; the others when the spec names them
Platform limits (checked by `packpack check`)
┏━━━━━━━━━━━━━┳━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━━┓
┃ platform id ┃ caption ┃ counted as                     ┃ alt text ┃ links ┃ hashtags ┃ file size ┃
┡━━━━━━━━━━━━━╇━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━┩
│ instagram   │ 2,200   │ characters                     │ 1,000    │ -     │ 5        │ 8.0 MB    │
│ facebook    │ 63,206  │ characters                     │ -        │ -     │ -        │ 8.0 MB    │
│ x           │ 280     │ weighted: link 23, emoji 2     │ 1,000    │ -     │ -        │ 5.0 MB    │
│ linkedin    │ 3,000   │ characters                     │ -        │ -     │ -        │ 5.0 MB    │
│ threads     │ 500     │ characters, emoji as UTF-8     │ -        │ 5     │ -        │ 8.0 MB    │
│             │         │ bytes                          │          │       │          │           │
│ bluesky     │ 300     │ graphemes                      │ 2,000    │ -     │ -        │ 1.0 MB    │
│ tiktok      │ 2,200   │ characters                     │ -        │ -     │ -        │ 20.0 MB   │
│ whatsapp    │ 1,024   │ characters                     │ -        │ -     │ -        │ 5.0 MB    │
│ nextdoor    │ 1,024   │ characters                     │ -        │ -     │ -        │ 5.0 MB    │
└─────────────┴─────────┴────────────────────────────────┴──────────┴───────┴──────────┴───────────┘
"""


def test_editors_validating_with_the_schema_accept_the_campaigns_and_flag_a_typo():
    jsonschema = pytest.importorskip("jsonschema")
    import datetime as dt

    import yaml

    def as_json(v):
        if isinstance(v, dict):
            return {k: as_json(x) for k, x in v.items()}
        if isinstance(v, list):
            return [as_json(x) for x in v]
        if isinstance(v, dt.datetime):
            return f"{v:%Y-%m-%d %H:%M}"
        return v.isoformat() if isinstance(v, dt.date) else v

    validator = jsonschema.Draft202012Validator(json.loads(schema.json_schema()))
    for path in (ROOT / "campaign.yaml", EXAMPLE / "campaign.yaml"):
        doc = as_json(yaml.safe_load(path.read_text()))
        assert list(validator.iter_errors(doc)) == [], path
    doc["posts"][0]["captoin"] = doc["posts"][0].pop("caption")
    assert sorted(e.message for e in validator.iter_errors(doc)) == [
        "'caption' is a required property",
        "Additional properties are not allowed ('captoin' was unexpected)"]


@pytest.mark.parametrize("args", [
    ["build", "-q"], ["build", "-q"], ["check"], ["check", "missing.yaml"], ["--version"],
    ["build", "--only", "say-helo"], ["sizes"], ["schema"], ["bogus"],
])
def test_the_command_ends_with_the_code_and_every_line_of_the_command_line(campaign, args):
    """`python -m packpack` (and the installed `packpack`) skip Python's tidying at exit:
    the same exit code and the same output, flushed, as the command line run in-process."""
    done = subprocess.run([sys.executable, "-m", "packpack", *args], capture_output=True,
                          text=True, env={**os.environ, **ENV, "PYTHONPATH": str(ROOT / "src")})
    named = done.stderr.replace("python -m packpack", "packpack")  # how click names it
    assert (done.returncode, done.stdout, named) == run(*args)


def test_findings_come_before_any_progress_though_the_lints_run_with_the_build(campaign,
                                                                              monkeypatch):
    """The lints run while the build starts; what a designer sees is still the findings
    first, then the progress, then the summary (even when the lints are slow)."""
    from packpack.check import lints

    real = lints.lint
    monkeypatch.setattr(lints, "lint", lambda *a, **k: time.sleep(0.5) or real(*a, **k))
    spoil(campaign, "    date: 2026-05-14", "    date: 2025-05-14")
    result = CliRunner().invoke(app.app, ["build", "--jobs", "2"], env=ENV,
                                prog_name="packpack")
    lines = result.output.splitlines()
    assert result.exit_code == 0 and lines[0].endswith("check the year (warning)")
    assert sum("(warning)" in line for line in lines) == 1
    assert lines[1].endswith("ready") and lines[-1] == "1 warning (listed above)."


def test_errors_found_by_the_lints_stop_the_build_they_ran_beside(campaign, monkeypatch):
    """A build does not wait for the lints to start, but their errors stop it: outputs not
    yet started are never made, and nothing is written."""
    from packpack.check import lints

    real, made = lints.lint, []

    def slow_lint(*args, **kwargs):
        time.sleep(0.3)  # the build is well under way
        return real(*args, **kwargs)

    def slow(ctx, output):
        made.append(output.path)
        time.sleep(0.05)
        return b"made"

    monkeypatch.setattr(lints, "lint", slow_lint)
    monkeypatch.setattr(kinds, "planners", lambda: [lambda c: [
        Output(f"notes/{i}.txt", "note", slow) for i in range(60)]])
    spoil(campaign, "  ends: 2026-05-15", "  ends: 2026-05-15\n  sizes: [instagram-square, "
          "facebook, x]")
    code, out, err = run("build", "-q", "--jobs", "1")
    assert (code, out) == (1, "") and err.endswith("1 error found; nothing was written.\n")
    assert 0 < len(made) < 30  # about six, at 50 ms each, before the lints' 300 ms were up
    assert not (campaign.parent / "dist").exists()
    assert not list(campaign.parent.glob(".dist.*"))
