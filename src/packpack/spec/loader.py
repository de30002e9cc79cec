"""Load `campaign.yaml` into a checked, immutable `Campaign`, or report every problem in one go.

The YAML is composed into nodes (safe: no Python tags, no object construction), then converted
field by field against the declarations in `model.py`. Each value's line and column are kept,
so every problem reads `campaign.yaml:LINE:COL: posts[2].caption: what is wrong; what is valid`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import difflib
import hashlib
import json
import re
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import yaml

from packpack.core import markup
from packpack.core.errors import Problem, SpecError
from packpack.spec import model
from packpack.spec.platforms import PLATFORMS, PRESETS, STANDARD

MAX_SPEC_BYTES = 2_000_000  # a campaign spec is a few hundred lines; anything this big is a mistake
MAX_NODES = 50_000  # values visited, aliases counted each use (billion laughs); 200 posts: 3,500
MAX_DEPTH = 40  # nesting levels; the real spec needs six
MAX_TEXT = 1_000  # characters in a text that is not prose (a name, a title, a list's line)
MAX_IMAGE_PIXELS = 40_000_000  # a logo larger than this is refused (decompression bombs)

# C0 and C1 control characters (tab and newline aside), and the Unicode line and paragraph
# separators: invisible, and text shaping fails on some of them.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
COLOUR = re.compile(r"#[0-9A-Fa-f]{6}\Z")
EMAIL = re.compile(r"[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\Z")
URL = re.compile(r"https?://([A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?::(\d+))?([/?#][^\s]*)?\Z",
                 re.IGNORECASE)

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 10x faster, same nodes

STR = "tag:yaml.org,2002:str"
NULL = "tag:yaml.org,2002:null"
# a key (or list dash) whose value YAML read as a comment: `accent: #C8102E`
COMMENTED = re.compile(r"^\s*((?:- )?(?:[^\s:#][^:#]*:)?)\s*(#\S+)")
KNOWN_TAGS = {
    STR, NULL, "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}


def load(path: str | Path, cache: bool = False) -> model.Campaign:
    """Read and check a spec file; raise `SpecError` listing every problem found.

    `cache` remembers the verdicts of slow checks (phone numbers, logo images) in the spec
    folder's build cache, so the next load need not repeat them (see `_Verdicts`)."""
    path = Path(path)
    shown = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SpecError([Problem(shown, 0, 0, "", "no such file; give the path of a campaign "
                                 "spec, or run `packpack init DIR` to start one")]) from None
    except OSError as exc:
        raise SpecError([Problem(shown, 0, 0, "", f"cannot read: {exc.strerror}")]) from None
    return loads(data, path, cache)


def loads(data: bytes, path: Path, cache: bool = False) -> model.Campaign:
    """Check a spec given as bytes; `path` says where it lives (file paths are relative to it)."""
    from packpack.core.cache import FOLDER

    loader = _Loader(str(path), path.parent,
                     _Verdicts(path.parent / FOLDER if cache else None))
    node = loader.parse(data)
    spec = None
    if node is not None:
        try:
            spec = loader.convert(node, model.Spec, "")
        except _TooBig:
            spec = None
    sizes: dict[str, model.Size] = {}
    if spec is not None:  # whole, if only with values that failed their own checks
        sizes = loader.merge_sizes(spec, node)
        loader.cross_check(spec, sizes)
    loader.verdicts.save()
    if loader.problems or spec is None:
        raise SpecError(loader.problems)
    return model.Campaign(spec=spec, path=path, sha256=hashlib.sha256(data).hexdigest(),
                          sizes=sizes, positions=loader.positions,
                          standard_phones=loader.standard_phones)


def _whole(value: Any) -> bool:
    """Whether a converted value is whole: not None, and no list item or mapping value None
    (a part whose problems were recorded but whose stand-ins keep it whole counts)."""
    if isinstance(value, list):
        return all(v is not None for v in value)
    if isinstance(value, dict):
        return all(v is not None for v in value.values())
    return value is not None


def _line(source: str, index: int) -> str:
    """Line `index` (from 0) of a text, or '' past its end."""
    lines = source.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


def _describe(node: yaml.Node) -> str:
    """A short description of what a node holds, for 'expected X, got Y' messages."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == NULL:
        return "nothing (null)"
    value = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    return repr(value)


def _type_name(tp: Any) -> str:
    """How a field's type is described to a designer."""
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in get_args(tp) if a is not type(None))
    if origin is Literal:
        return "one of " + ", ".join(str(a) for a in get_args(tp))
    if origin is list:
        return "a list"
    if origin is dict:
        return "a mapping"
    if dataclasses.is_dataclass(tp):
        return "a mapping" + (" or text" if hasattr(tp, "SHORTHAND") else "")
    return {str: "text", int: "a whole number", float: "a number", bool: "true or false",
            dt.date: "a date (YYYY-MM-DD)", dt.datetime: "a date and time (YYYY-MM-DD HH:MM)",
            dt.time: "a time (HH:MM)"}.get(tp, str(tp))


class _Verdicts:
    """What slow checks decided, remembered in the build cache by everything that decides
    them: packpack's code and libraries, and the value (a phone number) or the file's identity
    (a logo: path, size, modification time, inode): validating a phone number loads
    phonenumbers' tables and checking a logo decodes it, both slow next to the rest of a load.
    """

    KEPT = 5000  # verdicts at most; the oldest go first

    def __init__(self, folder: Path | None):
        self.file = folder / "verdicts.json" if folder else None
        self.known: dict[str, str] = {}
        self.changed = False
        if self.file:
            with contextlib.suppress(OSError, ValueError):
                known = json.loads(self.file.read_text())
                if isinstance(known, dict):
                    self.known = {k: v for k, v in known.items() if isinstance(v, str)}

    def decide(self, key: str, check: Callable[[], str]) -> str:
        """What `check` returns (a problem, or a phone number's standard form), remembered
        under `key` if there is a cache."""
        if self.file is None:
            return check()
        from packpack.core.cache import fingerprint

        key = f"{fingerprint()}:{key}"
        if key not in self.known:
            self.known[key] = check()
            self.changed = True
        return self.known[key]

    def save(self) -> None:
        """Write new verdicts to the cache (never failing a load)."""
        if not (self.file and self.changed):
            return
        from packpack.core.cache import write_whole

        with contextlib.suppress(OSError):
            kept = dict(list(self.known.items())[-self.KEPT:])
            write_whole(self.file, json.dumps(kept).encode())


class _Loader:
    """One load: the problems found so far and where each value stands in the file."""

    def __init__(self, file: str, root: Path, verdicts: _Verdicts | None = None):
        self.file = file
        self.root = root
        self.verdicts = verdicts or _Verdicts(None)
        self.standard_phones: dict[str, str] = {}
        self.problems: list[Problem] = []
        self.positions: dict[str, tuple[int, int]] = {}
        self.visited = 0
        self.source = ""  # the spec's text, once parsed
        self.hints = typing.get_type_hints(model.Spec, vars(model))
        self._hint_cache: dict[type, dict[str, Any]] = {}

    # -- reporting ------------------------------------------------------------------------

    def problem(self, node: yaml.Node | None, path: str, message: str) -> None:
        """Record a problem at a node (or at the field's known position)."""
        if node is not None:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
        else:
            line, col = model.nearest(self.positions, path)
        self.problems.append(Problem(self.file, line, col, path, message))

    # -- YAML -----------------------------------------------------------------------------

    def parse(self, data: bytes) -> yaml.Node | None:
        """Bytes to a YAML node tree, or None with the problem recorded."""
        if len(data) > MAX_SPEC_BYTES:
            self.problem(None, "", f"the spec is {len(data):,} bytes; a campaign spec is at most "
                         f"{MAX_SPEC_BYTES:,} bytes")
            return None
        try:
            source = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            self.problems.append(Problem(self.file, line, col, "", "the file is not UTF-8 text; "
                                         "save it with UTF-8 encoding"))
            return None
        self.source = source
        try:
            if _too_deep(source):
                self.problems.append(Problem(self.file, 0, 0, "", f"the YAML is nested more "
                                             f"than {MAX_DEPTH} levels deep; a campaign spec "
                                             "needs far fewer"))
                return None
            node = yaml.compose(source, Loader=LOADER)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
            what = exc.problem or "invalid YAML"
            if mark and "\t" in _line(source, mark.line)[: mark.column + 1]:
                what += "; a tab is there: indent with spaces (two per level), never tabs"
            if "nesting depth" in what:  # newer libyaml stops deep nesting itself
                what = f"nested more than {MAX_DEPTH} levels deep; a campaign spec needs far fewer"
            self.problems.append(Problem(self.file, line, col, "", f"YAML syntax error: {what}"))
            return None
        except yaml.YAMLError as exc:
            self.problems.append(Problem(self.file, 0, 0, "", f"YAML error: {exc}"))
            return None
        except RecursionError:
            self.problems.append(Problem(self.file, 0, 0, "", "the YAML is nested too deeply"))
            return None
        if node is None:
            self.problems.append(Problem(self.file, 0, 0, "", "the spec is empty; it needs at "
                                         "least campaign, brand, posts and partners (see "
                                         "`packpack init`)"))
        return node

    # -- conversion -------------------------------------------------------------------------

    def _hints(self, cls: type) -> dict[str, Any]:
        if cls not in self._hint_cache:
            self._hint_cache[cls] = typing.get_type_hints(cls, vars(model))
        return self._hint_cache[cls]

    def convert(self, node: yaml.Node, tp: Any, path: str, depth: int = 0) -> Any:
        """Convert a node to `tp`, recording problems; returns None where it could not."""
        self.visited += 1
        if self.visited > MAX_NODES:
            self.problem(node, path, f"the spec holds more than {MAX_NODES:,} values (are YAML "
                         "aliases repeating a value many times?); write it out plainly")
            raise _TooBig
        if depth > MAX_DEPTH:
            self.problem(node, path, f"nested more than {MAX_DEPTH} levels deep; a campaign "
                         "spec needs far fewer")
            raise _TooBig
        self.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if node.tag not in KNOWN_TAGS:
            self.problem(node, path, f"the tag {node.tag} is not allowed; write plain values")
            return None
        origin = get_origin(tp)
        if origin in (typing.Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if node.tag == NULL:
                return None
            return self.convert(node, args[0], path, depth)
        if origin is list:
            if not isinstance(node, yaml.SequenceNode):
                self.problem(node, path, f"expected a list, got {_describe(node)}")
                return None
            (item_tp,) = get_args(tp)
            return [self.convert(n, item_tp, f"{path}[{i}]", depth + 1)
                    for i, n in enumerate(node.value)]
        if origin is dict:
            if not isinstance(node, yaml.MappingNode):
                self.problem(node, path, f"expected a mapping of id: value, got {_describe(node)}")
                return None
            out = {}
            _, value_tp = get_args(tp)
            for key, value in self._pairs(node, path):
                out[key] = self.convert(value, value_tp, f"{path}.{key}", depth + 1)
            return out
        if dataclasses.is_dataclass(tp):
            return self._dataclass(node, tp, path, depth)
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, path, f"expected {_type_name(tp)}, got {_describe(node)}")
            return None
        return self._scalar(node, tp, path)

    def _pairs(self, node: yaml.MappingNode, path: str) -> list[tuple[str, yaml.Node]]:
        """A mapping's (key, value node) pairs, with duplicate and non-text keys reported."""
        seen: dict[str, yaml.Node] = {}
        pairs = []
        for key_node, value in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == NULL:
                self.problem(key_node, path, "keys must be plain text")
                continue
            key = key_node.value
            if key == "<<":
                self.problem(key_node, path, "merge keys (<<) are not supported; write the "
                             "values out")
                continue
            if key in seen:
                self.problem(key_node, f"{path}.{key}".lstrip("."),
                             f"duplicate key; it is already set on line "
                             f"{seen[key].start_mark.line + 1}")
                continue
            seen[key] = key_node
            pairs.append((key, value))
        return pairs

    def _dataclass(self, node: yaml.Node, cls: type, path: str, depth: int) -> Any:
        shorthand = getattr(cls, "SHORTHAND", None)
        if isinstance(node, yaml.ScalarNode) and shorthand and node.tag != NULL:
            node = yaml.MappingNode("tag:yaml.org,2002:map",
                                    [(yaml.ScalarNode(STR, shorthand, node.start_mark,
                                                      node.end_mark), node)],
                                    node.start_mark, node.end_mark)
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, path, f"expected {_type_name(cls)}, got {_describe(node)}")
            return None
        hints = self._hints(cls)
        fields = {fl.name: fl for fl in dataclasses.fields(cls)}
        values: dict[str, Any] = {}
        present: set[str] = set()
        failed = False
        for key, value in self._pairs(node, path):
            sub = f"{path}.{key}" if path else key
            if key not in fields:
                close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else \
                    "valid keys are " + ", ".join(fields)
                self.problem(value, sub, f"unknown key; {hint}")
                continue  # recorded; the rest is still read and checked this run
            present.add(key)
            before = len(self.problems)
            converted = self.convert(value, hints[key], sub, depth + 1)
            if len(self.problems) > before and not _whole(converted):
                if hints[key] is str and isinstance(value, yaml.ScalarNode):
                    # recorded; its text stands in, so the rest is still checked this run
                    values[key] = "" if value.tag == NULL else value.value
                    continue
                failed = True
                continue
            # A value of the right type that fails a field's own check (a bad colour, a
            # control character in a name) is recorded and kept as it is, so that the
            # spec is still whole and its cross-references are checked in the same run.
            if fields[key].metadata.get("check") is not model.Check.PROSE:
                self._plain_text(converted, value, sub, _required(fields[key]))
            check = fields[key].metadata.get("check")
            if check is not None and converted is not None:
                self._check(check, converted, value, sub)
            values[key] = converted
        for name, fl in fields.items():
            if _required(fl) and name not in present:
                doc = fl.metadata["doc"].rstrip(".")
                self.problem(node, f"{path}.{name}" if path else name,
                             f"missing; add {name}: ({doc[0].lower()}{doc[1:]})")
                failed = True
        if failed:
            return None
        try:
            return cls(**{k: v for k, v in values.items() if v is not None or
                          _optional(hints[k])})
        except TypeError as exc:  # pragma: no cover - a declaration bug, not a user mistake
            raise AssertionError(f"{cls.__name__}: {exc}") from exc

    def _plain_text(self, value: Any, node: yaml.Node, path: str, required: bool) -> bool:
        """Record the problem of a text that is not prose (a name, a title, a label, a line of
        a list): blank where required, or too long to be set as one (prose, which flows over
        pages, is left to the lints). Whether there was one."""
        texts = value if isinstance(value, list) else [value]
        nodes = node.value if isinstance(node, yaml.SequenceNode) else [node] * len(texts)
        found = False
        for i, (text, at) in enumerate(zip(texts, nodes, strict=False)):
            if not isinstance(text, str):
                continue
            where = f"{path}[{i}]" if isinstance(value, list) else path
            if required and not isinstance(value, list) and not text.strip():
                self.problem(at, where, "is empty; write it out (it cannot be left blank)")
                found = True
            elif len(text) > MAX_TEXT:
                self.problem(at, where, f"is {len(text):,} characters; a name, title or line "
                             f"is at most {MAX_TEXT:,} (longer words belong in prose fields)")
                found = True
        return found

    def _comment_hint(self, node: yaml.Node) -> str:
        """The fix for a value YAML read as a comment: `accent: #C8102E` unquoted."""
        found = COMMENTED.match(_line(self.source, node.start_mark.line))
        if not found:
            return ""
        return (f"; YAML reads everything after an unquoted # as a comment: quote the value, "
                f"as in {found.group(1).strip()} \"{found.group(2)}\"")

    def _scalar(self, node: yaml.ScalarNode, tp: Any, path: str) -> Any:
        raw = node.value
        tag = node.tag
        quoted = node.style in ("'", '"', "|", ">")
        if tag == NULL and not quoted:
            self.problem(node, path, f"expected {_type_name(tp)}, got nothing (null)"
                         + self._comment_hint(node))
            return None
        if get_origin(tp) is Literal:
            choices = [str(a) for a in get_args(tp)]
            if raw in choices:
                return raw
            close = difflib.get_close_matches(raw, choices, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            self.problem(node, path, f"expected one of {', '.join(choices)}, got {raw!r}{hint}")
            return None
        if tp is str:
            bad = CONTROL.search(raw)
            if bad:
                self.problem(node, path, f"contains the invisible control character "
                             f"U+{ord(bad.group()):04X}; delete it (it often comes with text "
                             "pasted from another program)")
                return None
            return raw
        if tp is bool:
            if tag == "tag:yaml.org,2002:bool":
                return raw.lower() in ("true", "yes", "on")
            self.problem(node, path, f"expected true or false, got {_describe(node)}")
            return None
        if tp is int:
            if tag == "tag:yaml.org,2002:int" and re.fullmatch(r"[-+]?[0-9_]+", raw):
                return int(raw.replace("_", ""))
            self.problem(node, path, f"expected a whole number, got {_describe(node)}")
            return None
        if tp is float:
            try:
                if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
                    value = float(raw.replace("_", ""))
                    if value == value and abs(value) != float("inf"):
                        return value
            except ValueError:
                pass
            self.problem(node, path, f"expected a number, got {_describe(node)}")
            return None
        parsers = {dt.date: (dt.date.fromisoformat, r"\d{4}-\d{2}-\d{2}", "2025-04-22"),
                   dt.datetime: (_parse_datetime, r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}",
                                 "2025-04-22 10:00"),
                   dt.time: (dt.time.fromisoformat, r"\d{2}:\d{2}", "12:00")}
        if tp in parsers:
            parse, shape, example = parsers[tp]
            if re.fullmatch(shape, raw):
                try:
                    return parse(raw)
                except ValueError as exc:
                    noun = {dt.date: "date", dt.datetime: "date and time", dt.time: "time"}[tp]
                    self.problem(node, path, f"{raw!r} is not a real {noun}: {exc}")
                    return None
            self.problem(node, path, f"expected {_type_name(tp)}, e.g. {example}; got "
                         f"{_describe(node)}")
            return None
        raise AssertionError(f"no converter for {tp}")  # pragma: no cover

    # -- field checks -----------------------------------------------------------------------

    def _check(self, check: model.Check | model.Ref, value: Any, node: yaml.Node,
               path: str) -> Any:
        """Apply a field's extra check to its value (each item, for lists); None if it fails."""
        if isinstance(check, model.Ref):
            return value  # resolved in cross_check, once every collection is known
        if isinstance(value, list):
            ok = True
            for i, item in enumerate(value):
                item_node = node.value[i] if isinstance(node, yaml.SequenceNode) else node
                if self._check(check, item, item_node, f"{path}[{i}]") is None:
                    ok = False
            return value if ok else None
        if isinstance(value, dict):
            key_check = KEY_CHECKS.get(check)  # a mapping by slug or by language tag
            if key_check is not None:
                pairs = dict((k.value, k) for k, _ in node.value)
                for key in value:
                    if message := key_check(self, key):
                        self.problem(pairs.get(key), f"{path}.{key}", message)
                        return None
            return value
        message = CHECKS[check](self, value)
        if message:
            self.problem(node, path, message)
            return None
        return value

    def _check_file(self, value: str) -> tuple[Path | None, str]:
        """A spec path resolved inside the spec's folder, or the reason it cannot be used."""
        try:
            return self._find_file(value)
        except (OSError, ValueError) as exc:  # too long a name, a NUL in it...
            shown = repr(value) if len(value) <= 60 else repr(value[:57]) + "..."
            why = getattr(exc, "strerror", None) or str(exc)
            return None, f"{shown} cannot be a file's path ({why}); give the font or logo's " \
                "path relative to the spec's folder"

    def _find_file(self, value: str) -> tuple[Path | None, str]:
        if Path(value).is_absolute():
            return None, f"{value!r} is an absolute path; give a path relative to the spec's folder"
        root = self.root.resolve()
        full = (root / value).resolve()
        if not full.is_relative_to(root):
            return None, f"{value!r} leads outside the spec's folder; keep fonts and logos in it"
        if not full.is_file():
            near = full.parent
            names = [p.name for p in near.iterdir()] if near.is_dir() else []
            close = difflib.get_close_matches(full.name, names, n=1, cutoff=0.6)
            hint = f"did you mean {Path(value).parent.joinpath(close[0]).as_posix()!r}?" \
                if close else "check the name and folder"
            return None, f"no file {value!r} next to the spec; {hint}"
        return full, ""

    def _font(self, value: str) -> str:
        full, why = self._check_file(value)
        if full is None:
            return why
        head = full.read_bytes()[:4]
        if head == b"OTTO":
            return (f"{value!r} is an OpenType font with PostScript (CFF) outlines, which PDFs "
                    "cannot embed here; use the TrueType (.ttf) version of the font")
        if head not in (b"\x00\x01\x00\x00", b"true"):
            return f"{value!r} is not a TrueType font (.ttf)"
        from packpack.core import fonts

        try:
            fonts.cmap(full)
        except ValueError as exc:
            return f"{value!r} cannot be read as a font: {exc}"
        return ""

    def _image(self, value: str) -> str:
        full, why = self._check_file(value)
        if full is None:
            return why
        st = full.stat()
        return self.verdicts.decide(
            f"image:{value}:{full}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}",
            lambda: _image_problem(full, value))

    # -- after conversion -------------------------------------------------------------------

    def merge_sizes(self, spec: model.Spec, root: yaml.Node) -> dict[str, model.Size]:
        """The built-in presets with the spec's `sizes:` laid over them, field by field."""
        sizes: dict[str, model.Size] = {}
        named = {*(spec.campaign.sizes or ()), *spec.sizes,
                 *(s for partner in spec.partners for s in partner.sizes)}
        for key, preset in PRESETS.items():
            if key in STANDARD or key in named:  # the others only when asked for
                sizes[key] = dataclasses.replace(preset, platforms=list(preset.platforms))
        given = {k: {kn.value for kn, _ in v.value} for k, v in _child(root, "sizes")}
        for key, size in spec.sizes.items():
            if key in sizes:
                sizes[key] = dataclasses.replace(
                    sizes[key], **{k: getattr(size, k) for k in given.get(key, ())})
            elif not size.width or not size.height:
                self.problem(None, f"sizes.{key}", f"a new size needs width and height "
                             f"(built-in sizes are {', '.join(PRESETS)})")
            else:
                sizes[key] = size
        return sizes

    def cross_check(self, spec: model.Spec, sizes: dict[str, model.Size]) -> None:
        """References between parts of the spec resolve; ids are unique; dates make sense."""
        known = {"links": spec.links, "phones": spec.phones, "organisations": spec.organisations,
                 "sizes": sizes, "posts": {p.id: p for p in spec.posts}}

        for sub, fl, value in model.walk(spec):
            check = fl.metadata.get("check")
            if isinstance(check, model.Ref) and value is not None:
                self._refs(known, check.value, value, sub)
            if check is model.Check.PROSE and value:
                for i, item in enumerate(value if isinstance(value, list) else [value]):
                    self._prose(known, item, f"{sub}[{i}]" if isinstance(value, list) else sub)
        for name in ("posts", "partners", "resources", "events"):
            seen: dict[str, int] = {}
            for i, item in enumerate(getattr(spec, name)):
                if item.id in seen:
                    self.problem(None, f"{name}[{i}].id", f"duplicate id {item.id!r}; "
                                 f"{name}[{seen[item.id]}] has it already")
                seen.setdefault(item.id, i)
        for name, what in (("posts", "post"), ("partners", "partner")):
            if not getattr(spec, name):
                self.problem(None, name, f"is empty; add at least one {what} (see "
                             "`packpack init` for an example)")
        c = spec.campaign
        if c.ends < c.starts:
            self.problem(None, "campaign.ends", f"{c.ends} is before campaign.starts "
                         f"({c.starts}); the campaign ends on or after the day it starts")
        for key, size in sizes.items():
            safe = size.safe
            if safe.left + safe.right >= size.width // 2 or \
                    safe.top + safe.bottom >= size.height // 2:
                self.problem(None, f"sizes.{key}.safe", "the safe zone leaves less than half "
                             "the canvas; reduce its insets")
        for name, link in spec.links.items():
            if link.url is None and not link.missing:
                self.problem(None, f"links.{name}", "no url; give the address, or write "
                             "`missing: true` until it is known")
        for i, event in enumerate(spec.events):
            if event.end_date and event.end_date < event.date:
                self.problem(None, f"events[{i}].end_date", "is before the event's date")
            if event.start and event.end and event.end <= event.start:
                self.problem(None, f"events[{i}].end", "is not after the start time")
        for i, post in enumerate(spec.posts):
            needs = {"list": ("heading", "items"), "questions": ("items", "closing"),
                     "stack": ("items", "closing"), "statement": ("heading", "closing")}
            for name in needs[post.layout]:
                if not getattr(post, name):
                    self.problem(None, f"posts[{i}]", f"the {post.layout} layout needs "
                                 f"{name}: add it, or choose another layout")

    def _refs(self, known: dict[str, dict], kind: str, value: Any, path: str) -> None:
        ids = value if isinstance(value, list) else [value]
        for i, ref in enumerate(ids):
            if ref not in known[kind]:
                sub = f"{path}[{i}]" if isinstance(value, list) else path
                self.problem(None, sub, _unknown(kind, ref, known[kind]))

    def _prose(self, known: dict[str, dict], source: str, path: str) -> None:
        for kind, ref in markup.references(source):
            collection = "phones" if kind == "phone" else "links"
            if ref not in known[collection]:
                self.problem(None, path, _unknown(collection, ref, known[collection],
                                                  f"{{{kind}:{ref}}}"))


def _too_deep(source: str) -> bool:
    """Whether the YAML nests deeper than MAX_DEPTH, found from its event stream (iterative,
    so it cannot overflow; libyaml's composer recurses in C and would crash the process)."""
    depth = 0
    for event in yaml.parse(source, Loader=LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return False


def _child(node: yaml.Node, key: str) -> list[tuple[str, yaml.Node]]:
    """The (key, value) pairs of a top-level mapping's entry `key`, if it is a mapping."""
    for k, v in node.value if isinstance(node, yaml.MappingNode) else []:
        if k.value == key and isinstance(v, yaml.MappingNode):
            return [(kk.value, vv) for kk, vv in v.value if isinstance(vv, yaml.MappingNode)]
    return []


class _TooBig(Exception):
    """Raised to stop converting a spec that is too large; the problem is already recorded."""


def _required(fl: dataclasses.Field) -> bool:
    """Whether a spec field must be given (it has no default)."""
    return fl.default is dataclasses.MISSING and fl.default_factory is dataclasses.MISSING


def _optional(tp: Any) -> bool:
    return get_origin(tp) in (typing.Union, types.UnionType) and type(None) in get_args(tp)


def _parse_datetime(raw: str) -> dt.datetime:
    return dt.datetime.fromisoformat(raw.replace("T", " "))


def _unknown(kind: str, ref: str, known: dict, shown: str = "") -> str:
    close = difflib.get_close_matches(ref, list(known), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else (
        f"known {kind}: " + ", ".join(sorted(known)) if known else f"there are no {kind}")
    return f"{shown or repr(ref)} is not one of the {kind} in the spec; {hint}"


def _slug_message(value: str) -> str:
    if len(value) > 64 and SLUG.match(value):
        return (f"{value[:24]!r}... is not a valid id: it is {len(value)} characters; "
                "use 64 or fewer")
    suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "my-id"
    return (f"{value!r} is not a valid id; use lower-case letters, digits and hyphens, "
            f"e.g. {suggestion!r}")


def _slug(loader: _Loader, value: str) -> str:
    return "" if SLUG.match(value) and len(value) <= 64 else _slug_message(value)


NOT_IN_URL = {" ": "a space", '"': "a double quote", "<": "'<'", ">": "'>'", "\\": "a backslash",
              "^": "'^'", "`": "a backquote", "{": "'{'", "}": "'}'", "|": "'|'"}


def _url(loader: _Loader, value: str) -> str:
    """A web address: an absolute URI by RFC 3986 (checked by rfc3986-validator, a strict
    reading of its grammar), on http(s), with a host name and a port that can exist."""
    for n, ch in enumerate(value, 1):
        if ch in NOT_IN_URL or not ch.isprintable() or ch.isspace():
            what = NOT_IN_URL.get(ch) or f"the character U+{ord(ch):04X}"
            return (f"{value!r} holds {what} (character {n}), which a web address may not; "
                    "remove it, or percent-encode it (a space is %20)")
    if value.startswith("www."):
        return f"{value!r} has no scheme; write 'https://{value}'"
    from rfc3986_validator import validate_rfc3986

    if not value.isascii():
        return (f"{value!r} holds letters a web address must percent-encode (or, in a host "
                "name, write in its xn-- form); copy the address from the browser's address bar")
    if not validate_rfc3986(value, rule="URI"):
        return (f"{value!r} is not a valid web address (RFC 3986): check for a stray '%', '#' "
                "or a character that must be percent-encoded")
    m = URL.match(value)
    if not m:
        return f"{value!r} is not a web address; write it as https://host/path"
    if int(m[2] or 0) > 65535:
        return f"{value!r} has port {m[2]}, which cannot exist (ports go up to 65535)"
    return ""


def _colour(loader: _Loader, value: str) -> str:
    return "" if COLOUR.match(value) else f"{value!r} is not a colour; write #RRGGBB, e.g. #3B1F5C"


def _email(loader: _Loader, value: str) -> str:
    return "" if EMAIL.match(value) else f"{value!r} is not an email address"


def _phone(loader: _Loader, value: str) -> str:
    def check() -> str:
        from packpack.spec.phones import standard

        return standard(value) or ""

    std = loader.verdicts.decide(f"phone:{value}", check)
    loader.standard_phones[value] = std
    if not std:
        from packpack.spec.phones import INVALID

        return INVALID.format(number=value)
    return ""


def _timezone(loader: _Loader, value: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        import difflib
        from zoneinfo import available_timezones

        zones = sorted(available_timezones())
        by_fold = {z.casefold(): z for z in zones}
        near = [value.casefold()] if value.casefold() in by_fold else \
            difflib.get_close_matches(value.casefold(), list(by_fold), n=3, cutoff=0.6)
        if near:
            names = [by_fold[z] for z in near]
            named = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
            return f"{value!r} is not a known time zone; did you mean {named}?"
        return f"{value!r} is not a known time zone; use an IANA name such as Europe/London"
    return ""


LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def _language(loader: _Loader, value: str) -> str:
    return "" if LANGUAGE_TAG.fullmatch(value) else (
        f"{value!r} is not a language tag; use a BCP 47 tag such as en-GB, cy or ur")



def _pixels(loader: _Loader, value: int) -> str:
    return "" if 100 <= value <= 8000 else f"{value} is out of range; use 100 to 8000 pixels"


def _nonneg(loader: _Loader, value: float) -> str:
    return "" if value >= 0 else f"{value} is negative; use 0 or more"


def _platforms(loader: _Loader, value: str) -> str:
    return "" if value in PLATFORMS else \
        f"{value!r} is not a platform packpack knows; use one of {', '.join(PLATFORMS)}"


def _image_problem(full: Path, value: str) -> str:
    """Why a logo file cannot be used as an image, or '' if it can."""
    from PIL import Image

    try:
        with Image.open(full) as im:
            if im.width * im.height > MAX_IMAGE_PIXELS:
                return (f"{value!r} is {im.width}x{im.height} pixels; a logo must be under "
                        f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels")
            if im.format not in ("PNG", "JPEG", "WEBP"):
                return f"{value!r} is a {im.format} image; use PNG (or JPEG)"
        from packpack.spec.logos import identity, logo_art

        logo_art(str(full), identity(str(full)))
    except Image.DecompressionBombError:
        return f"{value!r} is too large an image (a decompression bomb?); use a smaller logo"
    except (OSError, SyntaxError, ValueError) as exc:
        return f"{value!r} is not a readable image ({exc}); use a PNG file"
    return ""


CHECKS: dict[model.Check, Callable[[_Loader, Any], str]] = {
    model.Check.SLUG: _slug, model.Check.URL: _url, model.Check.COLOUR: _colour,
    model.Check.EMAIL: _email, model.Check.PHONE: _phone, model.Check.PIXELS: _pixels,
    model.Check.NONNEG: _nonneg, model.Check.PLATFORMS: _platforms,
    model.Check.PROSE: lambda _l, _v: "", model.Check.FONT: _Loader._font,
    model.Check.IMAGE: _Loader._image, model.Check.TIMEZONE: _timezone,
    model.Check.LANGUAGE: _language,
}

# checks of a mapping's keys, each key's message as CHECKS gives a value's
KEY_CHECKS: dict[model.Check, Callable[[_Loader, str], str]] = {
    model.Check.SLUG_KEYS: _slug, model.Check.LANGUAGE: _language}

