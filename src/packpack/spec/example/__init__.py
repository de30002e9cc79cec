"""The example campaign that `packpack init` copies into a new folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from packpack.core.errors import BuildError

HERE = Path(__file__).parent
FILES = ["campaign.yaml", "fonts/AtkinsonHyperlegible-Regular.ttf",
         "fonts/AtkinsonHyperlegible-Bold.ttf", "fonts/OFL.txt", "logos/riverside.png"]


def create(folder: Path) -> int:
    """Copy the example campaign into `folder`; refuse to overwrite an existing spec."""
    folder = Path(folder)
    if (folder / "campaign.yaml").exists():
        raise BuildError(f"{folder / 'campaign.yaml'} already exists; choose an empty folder")
    if folder.exists() and not folder.is_dir():
        raise BuildError(f"{folder} is a file; choose a folder name")
    try:
        for name in FILES:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(HERE / name, folder / name)
        from packpack.spec.schema import json_schema

        (folder / "campaign.schema.json").write_text(json_schema())
    except OSError as exc:
        raise BuildError(f"cannot write to {folder}: {exc.strerror}") from None
    return len(FILES) + 1
