"""The build pipeline: manifest, cache, parallel order, selection, timestamp, lazy imports.

Most tests plan their own small outputs (a test planner that records which `make` ran), so
they check the pipeline itself whatever the real graphics, PDF and bundle code draws.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import shutil
import threading
import time
import zipfile
from pathlib import Path

import pytest

from packpack.build import pipeline
from packpack.build.plan import plan
from packpack.core.errors import BuildError, RenderError, UsageError
from packpack.core.outputs import BuildContext, Output, key, timestamp
from packpack.spec import loader
from packpack.spec.example import create

SRC = Path(__file__).resolve().parents[1] / "src"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example campaign in a temporary folder."""
    create(tmp_path / "c")
    return tmp_path / "c"


class Recorder:
    """A test planner: a text file per post, one output that needs them all, and one that
    is never cached; it records which outputs were made."""

    def __init__(self) -> None:
        self.made: list[str] = []
        self.lock = threading.Lock()

    def _note(self, o: Output) -> None:
        with self.lock:
            self.made.append(o.path)

    def post(self, ctx: BuildContext, o: Output) -> bytes:
        self._note(o)
        p = next(p for p in ctx.campaign.spec.posts if p.id == o.meta["post"])
        return f"{p.heading}\n{p.caption}\n".encode()

    def joined(self, ctx: BuildContext, o: Output) -> None:
        self._note(o)
        with open(ctx.path(o.path), "wb") as fh:  # a maker that writes its own file
            for need in o.needs:
                fh.write(ctx.read(need))

    def stamp(self, ctx: BuildContext, o: Output) -> bytes:
        self._note(o)
        return ctx.timestamp.isoformat().encode()

    def build(self, campaign, out: Path, **options):
        """`pipeline.build` with this recorder as the only kind of output."""
        return pipeline.build(campaign, out, planners=[self.plan], **options)

    def plan(self, campaign) -> list[Output]:
        posts = [Output(f"posts/{p.id}.txt", "graphic", self.post, {"post": p.id},
                        key=key("post", p.heading, p.caption))
                 for p in campaign.spec.posts]
        return [*posts,
                Output("bundles/all.txt", "bundle", self.joined, {"partner": "library"},
                       key=key("all"), needs=tuple(o.path for o in posts)),
                Output("stamp.txt", "note", self.stamp, key="")]


@pytest.fixture
def recorder() -> Recorder:
    """A Recorder, whose `build` builds with it as the only kind of output."""
    return Recorder()


def edit(project: Path, old: str, new: str) -> None:
    """Change one piece of text in the project's campaign.yaml."""
    path = project / "campaign.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def load(project: Path):
    return loader.load(project / "campaign.yaml")


def test_manifest_lists_every_file_with_its_size_and_hash(project: Path) -> None:
    out = project / "dist"
    result = pipeline.build(load(project), out)
    doc = json.loads((out / "manifest.json").read_text())
    files = snapshot(out)
    assert {e["path"] for e in doc["outputs"]} == set(files) - {"manifest.json"}
    for e in doc["outputs"]:
        data = files[e["path"]]
        assert e["bytes"] == len(data)
        assert e["sha256"] == hashlib.sha256(data).hexdigest()
    assert doc["spec_sha256"] == hashlib.sha256(
        (project / "campaign.yaml").read_bytes()).hexdigest()
    assert result.entries == doc["outputs"]


def test_no_op_rebuild_reuses_everything_but_uncached_outputs(project: Path,
                                                             recorder: Recorder) -> None:
    out = project / "dist"
    first = recorder.build(load(project), out)
    before = snapshot(out)
    assert sorted(recorder.made) == sorted(first.made)
    recorder.made.clear()
    second = recorder.build(load(project), out)
    assert recorder.made == ["stamp.txt"]  # an empty key is never cached
    assert second.made == ["stamp.txt"]
    assert len(second.reused) == len(first.made) - 1
    assert snapshot(out) == before


def test_a_changed_input_rebuilds_exactly_what_depends_on_it(project: Path,
                                                            recorder: Recorder) -> None:
    out = project / "dist"
    recorder.build(load(project), out)
    recorder.made.clear()
    edit(project, "A hello costs nothing, and", "A hello is free, and")  # say-hello's caption
    result = recorder.build(load(project), out)
    assert sorted(recorder.made) == ["bundles/all.txt", "posts/say-hello.txt", "stamp.txt"]
    assert "A hello is free" in (out / "bundles/all.txt").read_text()
    assert sorted(result.reused) == ["posts/check-in.txt"]


def test_cached_build_is_byte_identical_to_a_fresh_one(project: Path) -> None:
    pipeline.build(load(project), project / "warm")
    edit(project, "Knock on a door this week.", "Knock on a door today.")
    cached = pipeline.build(load(project), project / "warm")
    assert cached.reused  # the untouched outputs came from the cache
    fresh = pipeline.build(load(project), project / "fresh", cache=False)
    assert fresh.reused == []
    assert snapshot(project / "warm") == snapshot(project / "fresh")


def test_no_cache_neither_reads_nor_writes_the_cache(project: Path, recorder: Recorder) -> None:
    recorder.build(load(project), project / "dist", cache=False)
    assert not (project / ".packpack-cache").exists()
    recorder.build(load(project), project / "dist")
    recorder.made.clear()
    result = recorder.build(load(project), project / "dist", cache=False)
    assert result.reused == []
    assert len(recorder.made) == 4


def test_the_cache_can_be_deleted_or_damaged_at_any_time(project: Path,
                                                         recorder: Recorder) -> None:
    out = project / "dist"
    recorder.build(load(project), out)
    good = snapshot(out)
    for obj in (project / ".packpack-cache" / "objects").glob("*/*"):
        obj.write_bytes(b"damaged")  # same inode as the dist file: damages it too
    recorder.made.clear()
    recorder.build(load(project), out)
    assert len(recorder.made) == 4  # every damaged object was noticed and made again
    assert snapshot(out) == good
    shutil.rmtree(project / ".packpack-cache")
    recorder.build(load(project), out)
    assert snapshot(out) == good


def test_outputs_that_need_others_are_made_after_them_whatever_the_jobs(
        project: Path, recorder: Recorder) -> None:
    one = recorder.build(load(project), project / "one", jobs=1, cache=False)
    many = recorder.build(load(project), project / "many", jobs=8, cache=False)
    assert recorder.made.index("bundles/all.txt") > recorder.made.index("posts/check-in.txt")
    assert snapshot(project / "one") == snapshot(project / "many")
    assert one.entries == many.entries


def test_progress_hears_of_every_output_once(project: Path, recorder: Recorder,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, list] = {}

    class Bar:
        def planned(self, outputs: list[Output]) -> None:
            seen["planned"].append([o.path for o in outputs])

        def done(self, output: Output, how: str = "made") -> None:
            seen["done"].append(output.path)
            seen["how"].append(how)

    # all cacheable, so the second build is a no-op
    cached = [lambda c: [o for o in recorder.plan(c) if o.key]]
    for how in ("made", "reused"):  # the second build is told each output was reused
        seen = {"planned": [], "done": [], "how": []}
        pipeline.build(load(project), project / "dist", planners=cached, progress=Bar())
        assert len(seen["planned"]) == 1
        assert len(seen["planned"][0]) == 3
        assert sorted(seen["done"]) == sorted(seen["planned"][0])
        assert seen["how"] == [how] * 3


def test_only_rebuilds_one_post_and_carries_the_rest_over(project: Path,
                                                          recorder: Recorder) -> None:
    out = project / "dist"
    recorder.build(load(project), out)
    before = snapshot(out)
    edit(project, "A neighbour is...", "A good neighbour is...")  # check-in's heading
    edit(project, "A hello costs nothing, and", "A hello is free, and")  # say-hello
    recorder.made.clear()
    result = recorder.build(load(project), out, only=["check-in"], cache=False)
    assert sorted(recorder.made) == ["posts/check-in.txt"]
    after = snapshot(out)
    assert after["posts/check-in.txt"].startswith(b"A good neighbour")
    assert after["posts/say-hello.txt"] == before["posts/say-hello.txt"]  # carried, as it was
    assert sorted(result.carried) == ["bundles/all.txt", "posts/say-hello.txt", "stamp.txt"]
    doc = json.loads(after["manifest.json"])
    assert {e["path"] for e in doc["outputs"]} == set(after) - {"manifest.json"}


def test_only_takes_current_outputs_from_the_cache_first(project: Path,
                                                         recorder: Recorder) -> None:
    out = project / "dist"
    recorder.build(load(project), out)
    recorder.build(load(project), project / "other")
    recorder.made.clear()
    result = recorder.build(load(project), out, partner=["library"])
    assert recorder.made == []  # the bundle and its posts are all current in the cache
    assert "stamp.txt" in result.carried


def test_only_on_a_new_folder_writes_just_the_selection(project: Path,
                                                        recorder: Recorder) -> None:
    out = project / "dist"
    recorder.build(load(project), out, only=["say-hello"], cache=False)
    assert set(snapshot(out)) == {"posts/say-hello.txt", "manifest.json"}


def test_unknown_post_or_partner_is_an_error(project: Path) -> None:
    with pytest.raises(UsageError, match=r"'nope' is not a post id .*check-in") as raised:
        pipeline.build(load(project), project / "dist", only=["nope"])
    assert raised.value.option == "--only"
    with pytest.raises(UsageError, match="'nope' is not a partner id"):
        pipeline.build(load(project), project / "dist", partner=["nope"])
    assert not (project / "dist").exists()


def test_timestamp_is_the_campaign_start_or_source_date_epoch(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    campaign = load(project)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert timestamp(campaign) == dt.datetime(2026, 5, 11, tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert timestamp(campaign) == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(BuildError, match="SOURCE_DATE_EPOCH"):
        timestamp(campaign)


def test_a_new_timestamp_remakes_what_records_it(project: Path, recorder: Recorder,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    recorder.build(load(project), project / "dist")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    recorder.made.clear()
    recorder.build(load(project), project / "dist")
    assert (project / "dist/stamp.txt").read_text().startswith("2023-11-14")
    assert len(recorder.made) == 4  # the key holds the timestamp: nothing stale is reused


def test_plan_refuses_unsafe_or_clashing_paths(project: Path) -> None:
    def make(ctx: BuildContext, o: Output) -> bytes:
        return b""

    for paths in (["../escape.png"], ["/etc/x"], ["a/../b"], ["manifest.json"], [".hidden"],
                  ["a.png", "a.png"], ["a", "a/b.png"]):
        kind = functools.partial(lambda c, paths: [Output(p, "x", make) for p in paths],
                                 paths=paths)
        with pytest.raises(BuildError):
            plan(load(project), [kind])




def test_a_no_op_rebuild_touches_nothing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rec = Recorder()
    build = functools.partial(pipeline.build,
                              planners=[lambda c: [o for o in rec.plan(c) if o.key]])
    out = project / "dist"
    build(load(project), out)
    def states() -> dict[Path, tuple[int, ...]]:  # all but the access time, which reading sets
        return {p: (s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_nlink)
                for p in [out, *out.rglob("*")] for s in [p.stat()]}

    before = states()
    rec.made.clear()
    result = build(load(project), out)
    assert rec.made == [] and result.made == []
    assert states() == before  # not even swapped
    assert result.entries == json.loads((out / "manifest.json").read_text())["outputs"]


@pytest.mark.parametrize("damage", ["replace", "in place", "delete", "manifest"])
def test_a_damaged_output_is_repaired_by_the_next_build(project: Path, recorder: Recorder,
                                                        damage: str) -> None:
    out = project / "dist"
    recorder.build(load(project), out)
    good = snapshot(out)
    target = out / "posts/check-in.txt"
    if damage == "replace":
        target.unlink()
        target.write_text("edited by hand")
    elif damage == "in place":
        with open(target, "r+b") as fh:  # same inode as the cache's copy: damages both
            fh.write(b"XX")
    elif damage == "delete":
        target.unlink()
    else:
        (out / "manifest.json").write_text("{}")  # nothing says what is packpack's now...
        target.unlink()
        (out / "stamp.txt").unlink()  # ... but the cache vouches for all but the uncached
    recorder.build(load(project), out)
    assert {k: v for k, v in snapshot(out).items() if k != "stamp.txt"} == \
        {k: v for k, v in good.items() if k != "stamp.txt"}


def test_pruning_forgets_old_keys_and_their_objects(tmp_path: Path) -> None:
    from packpack.core.cache import KEEP_DAYS, Cache

    store = Cache(tmp_path / "cache")
    made = tmp_path / "made.txt"
    made.write_text("made")
    store.store("a" * 64, made, "f" * 64, 4)
    assert store.lookup("a" * 64) is not None
    store.prune(now=time.time())  # a fresh key survives
    assert store.lookup("a" * 64) is not None
    (tmp_path / "cache" / "pruned").unlink()
    store.prune(now=time.time() + (KEEP_DAYS + 1) * 86400)
    assert store.lookup("a" * 64) is None
    assert not list((tmp_path / "cache" / "objects").glob("*/*"))


def test_a_cache_that_cannot_be_used_never_fails_a_build(project: Path,
                                                         recorder: Recorder) -> None:
    (project / ".packpack-cache").write_text("a file where the cache folder would be")
    recorder.build(load(project), project / "a")
    recorder.build(load(project), project / "b")
    assert snapshot(project / "a").keys() == snapshot(project / "b").keys()
    assert len(recorder.made) == 8  # nothing could be cached, so everything was made twice


def test_memo_computes_once_and_remembers_across_builds(project: Path) -> None:
    from packpack.core.cache import Cache

    calls: list[int] = []

    def compute() -> bytes:
        calls.append(1)
        return b"expensive"

    campaign = load(project)
    store = Cache(project / ".packpack-cache")
    first = BuildContext(campaign, project, cache=store)
    assert first.memo("thing", ["a", 1], compute) == b"expensive"
    later = BuildContext(campaign, project, cache=Cache(project / ".packpack-cache"))
    assert later.memo("thing", ["a", 1], compute) == b"expensive"
    assert len(calls) == 1
    later.memo("thing", ["a", 2], compute)  # other parts: another key
    later.memo("other", ["a", 1], compute)  # another name: another key
    BuildContext(campaign, project).memo("thing", ["a", 1], compute)  # no cache: computed
    assert len(calls) == 4


def _pid(ctx: BuildContext, o: Output) -> bytes:
    """A maker for worker tests: which process made the output (taking its time, so that
    every worker gets some)."""
    time.sleep(0.05)
    return f"{os.getpid()}".encode()


def _refuse(ctx: BuildContext, o: Output) -> bytes:
    """A maker for worker tests: refuses one output, as a graphic that cannot be legible."""
    if o.path.endswith("3.txt"):
        raise RenderError("post 'three' cannot be drawn legibly")
    return b"fine"


def _planned(maker, n: int = 6):
    return lambda campaign: [Output(f"made/{i}.txt", "note", maker, key="", cpu=True)
                             for i in range(n)]


def test_cpu_outputs_are_shared_between_the_build_and_worker_processes(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build = functools.partial(pipeline.build, planners=[_planned(_pid)])
    out = project / "dist"
    build(load(project), out, jobs=2)
    pids = {(out / f"made/{i}.txt").read_text() for i in range(6)}
    assert str(os.getpid()) in pids and len(pids) == 2  # the build's process and one more
    build(load(project), out, jobs=3)
    pids = {(out / f"made/{i}.txt").read_text() for i in range(6)}
    assert str(os.getpid()) in pids and len(pids) == 3
    build(load(project), out, jobs=1)  # one job: no workers, all made here
    assert {(out / f"made/{i}.txt").read_text() for i in range(6)} == {str(os.getpid())}


def test_an_error_in_a_worker_stops_the_build_and_writes_nothing(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build = functools.partial(pipeline.build, planners=[_planned(_refuse)])
    with pytest.raises(RenderError, match="post 'three' cannot be drawn legibly"):
        build(load(project), project / "dist", jobs=2)
    assert not (project / "dist").exists()
    assert not list(project.glob(".dist.*"))


def _dies_in_a_worker(ctx: BuildContext, o: Output) -> bytes:
    """A maker for worker tests: kills the worker process it runs in, as the kernel's
    out-of-memory killer would."""
    if os.getpid() != _BUILD_PID:
        os._exit(9)
    return b"fine"


_BUILD_PID = os.getpid()


def test_a_worker_that_dies_stops_the_build_with_a_clear_error(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build = functools.partial(pipeline.build, planners=[_planned(_dies_in_a_worker)])
    with pytest.raises(BuildError, match=r"a worker process stopped unexpectedly while making "
                       r"made/\d\.txt \(out of memory\?\); nothing was changed"):
        build(load(project), project / "dist", jobs=2)
    assert not (project / "dist").exists()
    assert not list(project.glob(".dist.*"))




def test_one_job_and_several_make_the_same_bytes(project: Path) -> None:
    pipeline.build(load(project), project / "one", jobs=1, cache=False)
    pipeline.build(load(project), project / "two", jobs=2, cache=False)
    one, two = snapshot(project / "one"), snapshot(project / "two")
    assert one.keys() == two.keys() and one == two
    assert not any(".scratch" in p for p in two)  # the thumbnails handed on are gone


def test_exclusive_outputs_are_made_one_at_a_time(project: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    spans: dict[str, tuple[float, float]] = {}

    def slow(ctx: BuildContext, o: Output) -> bytes:
        start = time.monotonic()
        time.sleep(0.1)
        spans[o.path] = (start, time.monotonic())
        return b"x"

    def planned(campaign) -> list[Output]:
        return [*(Output(f"doc/{i}.pdf", "pdf", slow, exclusive="document") for i in range(3)),
                *(Output(f"pic/{i}.png", "graphic", slow) for i in range(3))]

    build = functools.partial(pipeline.build, planners=[planned])
    build(load(project), project / "dist", jobs=3)

    def overlap(a: str, b: str) -> bool:
        return spans[a][0] < spans[b][1] and spans[b][0] < spans[a][1]

    docs, pics = [f"doc/{i}.pdf" for i in range(3)], [f"pic/{i}.png" for i in range(3)]
    assert not any(overlap(a, b) for a in docs for b in docs if a < b)
    assert any(overlap(a, b) for a in pics for b in pics if a < b)  # the others need not wait


def test_a_partner_listing_a_size_twice_builds_every_time(project: Path) -> None:
    """Regression: `sizes: [facebook, x, x]` made the bundle need a graphic twice, and the
    scheduler's bookkeeping broke in some cold builds (a KeyError, depending on which worker
    finished first). Now the size is taken once, in every one of 20 cold builds."""
    edit(project, "    sizes: [facebook, x]\n", "    sizes: [facebook, x, x]\n")
    campaign = load(project)
    for n in range(20):
        out = project / f"dist-{n}"
        result = pipeline.build(campaign, out, jobs=2, cache=False)
        with zipfile.ZipFile(out / "bundles" / "surgery.zip") as z:
            names = z.namelist()
        assert len(names) == len(set(names)) and any(n.endswith("/x.png") for n in names)
        assert len(result.entries) == len(json.loads((out / "manifest.json").read_text())
                                          ["outputs"])
