"""The legibility issues of every graphic's plan, as findings that name the spec field, the
posts and sizes they affect, and the fix."""

from __future__ import annotations

from packpack.core.errors import Problem
from packpack.plan.compose import compose
from packpack.plan.graphic import Issue, Plan
from packpack.spec.model import Campaign, Post


def problems(campaign: Campaign, plan: Plan) -> list[Problem]:
    """The problems of one graphic's plan, each naming the post, the size and the fix."""
    index = next(i for i, p in enumerate(campaign.spec.posts) if p.id == plan.post)
    post = campaign.spec.posts[index]
    return [_problem(campaign, -1 if _campaign_wide(issue.field, post) else index, issue,
                     f"in post '{plan.post}', size '{plan.size}'") for issue in plan.issues]


def _campaign_wide(field: str, post: Post) -> bool:
    """Whether an issue's field is written once for the campaign rather than in the post:
    the brand, an organisation, or the help callout of a post without one of its own."""
    return field.startswith(("brand.", "organisations.")) or (
        field.startswith("callout") and post.callout is None)


def _problem(campaign: Campaign, index: int, issue: Issue, scope: str) -> Problem:
    """An issue as a finding at its field: the post's (`index`), or, for -1, the campaign's."""
    if index < 0:
        field = issue.field
    else:
        field = f"posts[{index}]" + (f".{issue.field}" if issue.field else "")
    line, col = campaign.where(field)
    return Problem(str(campaign.path), line, col, field, f"{scope}: {issue.what}; {issue.fix}",
                   "warning" if issue.warning else "error")


def findings(campaign: Campaign) -> list[Problem]:
    """Every legibility problem across all posts and target sizes, without drawing anything.

    Identical issues are reported once, naming every post and size they affect.
    """
    seen: dict[tuple[int, Issue], list[str]] = {}
    for i, post in enumerate(campaign.spec.posts):
        for size_id in campaign.target_sizes:
            for issue in compose(campaign, post, size_id).issues:
                key = (-1 if _campaign_wide(issue.field, post) else i, issue)
                seen.setdefault(key, []).append(f"{post.id}\0{size_id}")
    out = []
    everything = {f"{p.id}\0{s}" for p in campaign.spec.posts for s in campaign.target_sizes}
    for (index, issue), where in seen.items():
        out.append(_problem(campaign, index, issue,
                            _scope(where, everything, campaign.target_sizes)))
    return out


def errors(campaign: Campaign) -> list[Problem]:
    """The legibility errors (what makes a graphic refuse to draw, as a RenderError), each
    at its field."""
    return [p for p in findings(campaign) if p.severity == "error"]


def _scope(where: list[str], everything: set[str], sizes: list[str]) -> str:
    """Which posts and sizes an issue affects, in words."""
    if set(where) == everything:
        return "in every post and size"
    by_post: dict[str, list[str]] = {}
    for item in where:
        post, size = item.split("\0")
        by_post.setdefault(post, []).append(size)

    def named(post_sizes: list[str]) -> str:
        if post_sizes == sizes:
            return "every size"
        return ("size " if len(post_sizes) == 1 else "sizes ") + ", ".join(
            f"'{s}'" for s in post_sizes)

    posts = {item.split("\0")[0] for item in everything}
    shared = {tuple(v) for v in by_post.values()}
    if len(by_post) == len(posts) and len(shared) == 1:
        return f"in every post, {named(list(shared.pop()))}"
    return "in " + "; ".join(f"post '{p}', {named(v)}" for p, v in by_post.items())
