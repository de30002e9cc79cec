"""The spec's reference, generated from the field declarations in `model.py`.

`json_schema()` feeds editors (`packpack schema`); `reference()` is the README's spec section,
which a test keeps current.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from typing import Any, Literal, get_args, get_origin

from packpack.spec.loader import _type_name, model

PATTERNS = {model.Check.SLUG: r"^[a-z0-9][a-z0-9-]*$", model.Check.COLOUR: r"^#[0-9A-Fa-f]{6}$",
            model.Check.URL: r"^https?://",
            model.Check.LANGUAGE: r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"}


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def _schema(tp: Any, check: model.Check | model.Ref | None = None) -> dict[str, Any]:
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return {"anyOf": [_schema(args[0], check), {"type": "null"}]}
    if origin is Literal:
        return {"enum": list(get_args(tp))}
    if origin is list:
        return {"type": "array", "items": _schema(get_args(tp)[0], check)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema(get_args(tp)[1]),
                "propertyNames": {"pattern": PATTERNS[model.Check.SLUG]}}
    if dataclasses.is_dataclass(tp):
        return {"$ref": f"#/$defs/{tp.__name__}"}
    simple: dict[Any, dict[str, Any]] = {
        str: {"type": "string"}, int: {"type": "integer"}, float: {"type": "number"},
        bool: {"type": "boolean"}, dt.date: {"type": "string", "format": "date"},
        dt.datetime: {"type": "string"}, dt.time: {"type": "string", "pattern": r"^\d{2}:\d{2}$"},
    }
    out = dict(simple[tp])
    if check in PATTERNS:
        out["pattern"] = PATTERNS[check]
    return out


def _classes() -> list[type]:
    """Every dataclass the spec is made of, the whole spec first."""
    seen: list[type] = []

    def visit(cls: type) -> None:
        if cls in seen:
            return
        seen.append(cls)
        for tp in _hints(cls).values():
            for arg in (tp, *get_args(tp), *(a for t in get_args(tp) for a in get_args(t))):
                if dataclasses.is_dataclass(arg):
                    visit(arg)

    visit(model.Spec)
    return seen


def json_schema() -> str:
    """The JSON Schema (draft 2020-12) of campaign.yaml."""
    defs = {}
    for cls in _classes():
        props = {}
        required = []
        hints = _hints(cls)
        for fl in dataclasses.fields(cls):
            prop = _schema(hints[fl.name], fl.metadata.get("check"))
            prop["description"] = fl.metadata["doc"]
            props[fl.name] = prop
            if fl.default is dataclasses.MISSING and fl.default_factory is dataclasses.MISSING:
                required.append(fl.name)
        entry: dict[str, Any] = {"type": "object", "description": _doc(cls),
                                 "properties": props, "additionalProperties": False}
        if required:
            entry["required"] = required
        shorthand = getattr(cls, "SHORTHAND", None)
        defs[cls.__name__] = {"anyOf": [entry, {"type": "string"}]} if shorthand else entry
    root = {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "packpack campaign spec", "$ref": "#/$defs/Spec", "$defs": defs}
    return json.dumps(root, indent=2, ensure_ascii=False) + "\n"


def _doc(cls: type) -> str:
    return " ".join((cls.__doc__ or "").split())


def _default(fl: dataclasses.Field) -> str:
    if fl.default is not dataclasses.MISSING:
        value = fl.default
        if dataclasses.is_dataclass(value) or value is None:
            return ""
        return f" Default: `{json.dumps(value, ensure_ascii=False)}`."
    if fl.default_factory is not dataclasses.MISSING:
        return ""
    return " **Required.**"


def reference() -> str:
    """The spec reference in Markdown: one table per part of the spec."""
    lines = []
    for cls in _classes():
        name = "campaign.yaml (top level)" if cls is model.Spec else cls.__name__
        lines += [f"#### {name}", "", _doc(cls), "", "| field | type | meaning |",
                  "| --- | --- | --- |"]
        hints = _hints(cls)
        for fl in dataclasses.fields(cls):
            kind = _type_name(hints[fl.name])
            inner = [a for a in (hints[fl.name], *get_args(hints[fl.name]))
                     if dataclasses.is_dataclass(a)]
            for a in get_args(hints[fl.name]):
                inner += [b for b in get_args(a) if dataclasses.is_dataclass(b)]
            if inner:
                kind += f" ({inner[0].__name__})"
            doc = fl.metadata["doc"] + _default(fl)
            cell = doc.replace("|", "\\|")
            lines.append(f"| `{fl.name}` | {kind} | {cell} |")
        lines.append("")
    return "\n".join(lines)


START, END = "<!-- spec-reference:start -->", "<!-- spec-reference:end -->"


def update_readme(readme: str) -> str:
    """The README with its spec reference section replaced by the current one."""
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{reference()}\n{END}{tail}"


if __name__ == "__main__":
    from pathlib import Path

    path = Path("README.md")
    path.write_text(update_readme(path.read_text()))
