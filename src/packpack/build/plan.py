"""The first steps of a build: every output planned by the kinds in the table, checked, and
the selection a partial build (`--only`, `--partner`) makes."""

from __future__ import annotations

from collections.abc import Sequence

from packpack.core import paths
from packpack.core.errors import BuildError, UsageError
from packpack.core.outputs import Output, Planner
from packpack.spec.model import Campaign

MANIFEST = paths.MANIFEST


def plan(campaign: Campaign, planners: Sequence[Planner]) -> list[Output]:
    """Every output of a campaign that the kinds in `planners` plan, in manifest order,
    checked; nothing is drawn yet."""
    outputs = [o for planner in planners for o in planner(campaign)]
    files: set[str] = set()
    for o in outputs:
        check_path(o.path)
        if o.path in files:
            raise BuildError(f"two outputs would be written to {o.path}")
        files.add(o.path)
    folders = {p for o in outputs for p in parents(o.path)}
    for clash in sorted(files & folders):
        raise BuildError(f"{clash} would be both a file and a folder of the output")
    known = files
    for o in outputs:
        for need in o.needs:
            if need not in known:
                raise BuildError(f"{o.path} needs {need}, which no output makes")
    return outputs

def parents(path: str) -> list[str]:
    """The folders a relative output path lies in: 'a/b/c.png' -> ['a/b', 'a']."""
    found = []
    while "/" in path:
        path = path.rsplit("/", 1)[0]
        found.append(path)
    return found

def check_path(path: str) -> None:
    """Refuse an output path that could land outside the output folder or clash with ours."""
    if (not path or path == MANIFEST or "\\" in path or "\0" in path
            or any(not part or part.startswith(".") for part in path.split("/"))):
        raise BuildError(f"unsafe output path {path!r}; ids make file names, so keep them to "
                         "lower-case letters, digits and hyphens")

def select(outputs: list[Output], only: list[str] | None = None,
           partner: list[str] | None = None) -> list[Output]:
    """The outputs for some posts (`only`) and/or partners' bundles, with what they need."""
    if not only and not partner:
        return outputs
    by_path = {o.path: o for o in outputs}
    wanted = {o.path for o in outputs
              if (only and o.meta.get("post") in only)
              or (partner and o.meta.get("partner") in partner)}
    stack = list(wanted)
    while stack:
        for need in by_path[stack.pop()].needs:
            if need not in wanted:
                wanted.add(need)
                stack.append(need)
    return [o for o in outputs if o.path in wanted]

def check_ids(campaign: Campaign, only: list[str] | None, partner: list[str] | None) -> None:
    """UsageError for ids in `only` (posts) or `partner` (partners) that the campaign does not
    have, listing the ones it does."""
    for option, given, items, noun in (("--only", only, campaign.spec.posts, "post"),
                                       ("--partner", partner, campaign.spec.partners,
                                        "partner")):
        known = [item.id for item in items]
        bad = [g for g in given or () if g not in known]
        if bad:
            raise UsageError(option, f"{', '.join(repr(b) for b in bad)} "
                             f"{'is not a' if len(bad) == 1 else 'are not'} {noun} "
                             f"id{'s' * (len(bad) > 1)} in the spec; choose from: "
                             f"{', '.join(known)}")
