"""The bundle's `posts.json`: what to post where, for scheduling tools (and tests) to read a
bundle without parsing its page.

For every post and every graphic: the platforms it goes to, the graphic's and the alt
text's paths, and for each platform the text to post with it, as ordered parts (one part,
or a thread's, the graphic going with the first), with the suggested time. `SCHEMA` is its
JSON Schema; every bundle carries it as `posts.schema.json` and the README documents it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

from packpack.bundle.contents import Contents
from packpack.spec.platforms import PLATFORMS

VERSION = 1

_TEXT = {"type": "string"}
_PATH = {"type": "string", "description": "A file's path inside the bundle's folder."}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "posts.schema.json",
    "title": "packpack bundle: what to post where",
    "type": "object",
    "additionalProperties": False,
    "required": ["version", "campaign", "partner", "timezone", "posts"],
    "properties": {
        "version": {"const": VERSION, "description": "This format's version."},
        "campaign": {"type": "object", "additionalProperties": False,
                     "required": ["id", "title"],
                     "properties": {"id": _TEXT, "title": _TEXT}},
        "partner": {"type": "object", "additionalProperties": False,
                    "required": ["id", "name"], "properties": {"id": _TEXT, "name": _TEXT}},
        "timezone": {"type": "string", "description": "IANA time zone of the schedule."},
        "posts": {
            "type": "array",
            "description": "The posts, in posting order.",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "title", "language", "time", "alt", "graphics"],
                "properties": {
                    "id": {"type": "string", "description": "The post's folder."},
                    "title": _TEXT,
                    "language": {"type": "string", "description": "BCP 47 language tag."},
                    "time": {"type": ["string", "null"], "format": "date-time",
                             "description": "Suggested posting time (RFC 3339, with the "
                                            "offset of `timezone`); null: any time during "
                                            "the campaign."},
                    "alt": {**_PATH, "description": "The alt text's file (every graphic's)."},
                    "graphics": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["size", "path", "width", "height", "alt",
                                         "platforms"],
                            "properties": {
                                "size": _TEXT,
                                "path": _PATH,
                                "width": {"type": "integer", "minimum": 1},
                                "height": {"type": "integer", "minimum": 1},
                                "alt": _PATH,
                                "platforms": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "additionalProperties": False,
                                        "required": ["platform", "name", "limit", "counted",
                                                     "parts"],
                                        "properties": {
                                            "platform": _TEXT,
                                            "name": _TEXT,
                                            "limit": {"type": "integer", "description":
                                                      "The platform's limit for one post."},
                                            "counted": {"enum": ["chars", "x-weighted",
                                                                 "graphemes", "utf8-emoji"]},
                                            "parts": {
                                                "type": "array",
                                                "minItems": 1,
                                                "description": "The text to post, in order: "
                                                               "one part, or a thread's (the "
                                                               "graphic with the first).",
                                                "items": {
                                                    "type": "object",
                                                    "additionalProperties": False,
                                                    "required": ["text", "path"],
                                                    "properties": {"text": _TEXT,
                                                                   "path": _PATH},
                                                },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


def schema_json() -> bytes:
    """posts.schema.json."""
    return (json.dumps(SCHEMA, indent=2, ensure_ascii=False) + "\n").encode()


def _time(moment: dt.datetime | None, timezone: str) -> str | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=ZoneInfo(timezone)).isoformat()


def posts_json(c: Contents) -> bytes:
    """posts.json for one partner's bundle."""
    info = c.campaign.spec.campaign
    posts = []
    for post in c.posts:
        alt = f"{post.id}/alt.txt"
        graphics = []
        for pic in post.pictures:
            platforms = []
            for pid in pic.platforms:
                t = post.text(pid)
                pl = PLATFORMS[pid]
                platforms.append({
                    "platform": pid, "name": pl.name, "limit": pl.caption_limit,
                    "counted": pl.caption_count,
                    "parts": [{"text": text, "path": path}
                              for text, path in zip(t.parts, post.files(t), strict=True)]})
            graphics.append({"size": pic.size, "path": pic.name, "width": pic.width,
                             "height": pic.height, "alt": alt, "platforms": platforms})
        posts.append({"id": post.id, "title": post.title, "language": post.language,
                      "time": _time(post.schedule, info.timezone), "alt": alt,
                      "graphics": graphics})
    data = {"version": VERSION, "campaign": {"id": c.campaign.id, "title": info.title},
            "partner": {"id": c.partner.id, "name": c.partner.name},
            "timezone": info.timezone, "posts": posts}
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()
