"""What the preview page shows, as plain values: the last good build (`Snapshot`) and the
state around it (`View`): the current spec's errors, what is being made."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from packpack.core.errors import Problem
from packpack.spec.model import Campaign


@dataclass(frozen=True)
class Snapshot:
    """A good build of the campaign, as the page shows it: the loaded campaign, its lints'
    findings, and the files made so far (output path -> (file, sha256))."""

    campaign: Campaign
    found: list[Problem]
    files: dict[str, tuple[Path, str]]
    complete: bool  # False: the graphics are ready, the PDFs and contact sheet still to come
    built: str  # when, as HH:MM:SS local time
    keys: dict[str, str] = field(default_factory=dict)  # the graphics' and QR codes' keys


@dataclass(frozen=True)
class View:
    """Everything the page shows at one moment. `version` grows whenever it changes."""

    spec: str  # the spec's path, as given
    version: int
    good: Snapshot | None
    errors: list[Problem] = field(default_factory=list)  # the current spec's, if it has any
    failure: str = ""  # a build that failed for another reason (a folder not writable, ...)
    busy: str = ""  # what is being made now, if anything
