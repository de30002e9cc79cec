"""Making one output: run its maker, write its file into the staging folder, and say its hash
and size (in the build's own process or in a worker)."""

from __future__ import annotations

import hashlib

from packpack.build.memory import own_memory
from packpack.core.cache import sha256_file
from packpack.core.errors import BuildError, PackpackError
from packpack.core.outputs import BuildContext, Output, Written


def make_file(ctx: BuildContext, o: Output) -> tuple[str, int]:
    """Run an output's maker and write its file; its sha256 and size."""
    try:
        with own_memory(bool(o.exclusive)):
            data = o.make(ctx, o)
        if isinstance(data, bytes):
            ctx.path(o.path).write_bytes(data)
            return hashlib.sha256(data).hexdigest(), len(data)
        target = ctx.staging / o.path
        if not target.is_file():
            raise BuildError(f"{o.path}: its maker returned nothing and wrote no file")
        if isinstance(data, Written):
            return data.sha256, data.size
        return sha256_file(target)
    except OSError as exc:
        what = exc.strerror or str(exc)
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        raise BuildError(f"could not make {o.path}: {what}{where}") from None
    except Exception as exc:  # a bug: keep the traceback, but say which output it hit
        if not isinstance(exc, PackpackError):
            exc.add_note(f"packpack: while making {o.path}")
        raise
