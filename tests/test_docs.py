"""The README's spec reference and the JSON Schema are generated from the code, and current."""

from __future__ import annotations

import json

from conftest import ROOT
from packpack.spec import model, schema


def test_readme_spec_reference_is_current() -> None:
    readme = (ROOT / "README.md").read_text()
    assert schema.update_readme(readme) == readme, "run `python -m packpack.spec.schema`"


def test_every_spec_field_is_documented() -> None:
    import dataclasses

    for cls in schema._classes():
        for fl in dataclasses.fields(cls):
            assert fl.metadata.get("doc"), f"{cls.__name__}.{fl.name} has no doc"


def test_json_schema_describes_the_top_level_contract() -> None:
    doc = json.loads(schema.json_schema())
    spec = doc["$defs"]["Spec"]
    assert set(spec["required"]) == {"campaign", "brand", "callout", "posts", "partners"}
    for key in ("campaign", "brand", "sizes", "links", "posts", "partners", "pack"):
        assert key in spec["properties"]
    assert spec["additionalProperties"] is False
    assert doc["$defs"]["Post"]["properties"]["layout"]["enum"] == list(
        model.Layout.__args__)
    assert doc["$defs"]["CampaignInfo"]["properties"]["id"]["pattern"] == \
        "^[a-z0-9][a-z0-9-]*$"
