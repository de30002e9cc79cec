"""Reproducible zips, streamed: sorted entries, fixed timestamps and permissions, PNG and PDF
stored, text deflated; hashed as they are written."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import struct
import threading
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from packpack.core.cache import sha256_file
from packpack.core.errors import RenderError
from packpack.core.outputs import Written

FILE_MODE = 0o644
DIR_MODE = 0o755
STORED = (".png", ".pdf")  # already compressed: deflating them costs time for nothing


_digest_cache: dict[tuple[str, int, int, int], tuple[str, int, int]] = {}
_digest_lock = threading.Lock()


def file_digests(path: Path) -> tuple[str, int, int]:
    """A built file's sha256 (hex, for the manifest), CRC-32 (for the zip) and size, read
    once and remembered while the file is unchanged: bundles share graphics, and CRC-32
    costs more than copying the bytes."""
    st = path.stat()
    k = (str(path), st.st_ino, st.st_mtime_ns, st.st_size)
    with _digest_lock:
        if k in _digest_cache:
            return _digest_cache[k]
    from zlib_ng import zlib_ng  # the same CRC-32 as zlib's, faster

    sha, crc = hashlib.sha256(), 0
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            sha.update(block)
            crc = zlib_ng.crc32(block, crc)
    digests = sha.hexdigest(), crc, st.st_size
    with _digest_lock:
        if len(_digest_cache) > 50_000:
            _digest_cache.clear()
        _digest_cache[k] = digests
    return digests


def zip_time(moment: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """A zip entry's timestamp (zip cannot hold dates before 1980 or after 2107)."""
    moment = min(max(moment, dt.datetime(1980, 1, 1, tzinfo=dt.UTC)),
                 dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.UTC))
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute,
            moment.second)


def _info(name: str, when_: tuple[int, ...], is_dir: bool = False) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when_)  # type: ignore[arg-type]
    info.create_system = 3  # Unix, so unzip applies the permissions below
    if is_dir:
        info.external_attr = (0o040000 | DIR_MODE) << 16 | 0x10
        info.compress_type = zipfile.ZIP_STORED
    else:
        info.external_attr = (0o100000 | FILE_MODE) << 16
        stored = name.endswith(STORED)
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    return info


def _entries(folder: str, files: dict[str, bytes | Path]) -> list[str]:
    """The zip's entry names: the top folder, then every file and folder, sorted."""
    names = set()
    for name in files:
        parts = name.split("/")
        names.update("/".join(parts[:i]) + "/" for i in range(1, len(parts)))
        names.add(name)
    return [f"{folder}/", *sorted(f"{folder}/{n}" for n in names)]


# The zip records, laid out as Python's zipfile writes them (version 2.0, made on Unix).
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_UTF8_NAME = 0x800
_SMALL_ZIP = (1 << 31) - 1  # beyond this (or 65535 entries) a zip needs ZIP64 records


def write_zip(target: Path, folder: str, files: dict[str, bytes | Path],
              moment: dt.datetime) -> Written:
    """Stream `files` (name inside `folder` → bytes, or a file to copy) into a zip; the
    zip's SHA-256 and size, hashed as it is written.

    Entries are sorted, directories listed before what they hold, every timestamp and
    permission fixed; PNG and PDF stored, the rest deflated. The records are those Python's
    zipfile writes for the same entries, but written directly: a stored file's CRC-32 comes
    from `file_digests` (computed once however many bundles hold it) and its bytes are
    copied in blocks, so memory stays small. Text is deflated by zlib-ng at zlib's default
    level (the same size, quicker). Zips that need ZIP64 go through zipfile.
    """
    entries = _entries(folder, files)
    known = {n: file_digests(v) for n, v in files.items()
             if isinstance(v, Path) and n.endswith(STORED)}  # copied as they are
    sizes = {n: len(v) if isinstance(v, bytes) else known[n][2] if n in known
             else v.stat().st_size for n, v in files.items()}
    if sum(sizes.values()) * 1.05 + 1024 * len(entries) > _SMALL_ZIP or len(entries) > 60_000:
        _write_zip_zipfile(target, folder, files, moment, entries)
        return Written(*sha256_file(target))
    year, month, day, hour, minute, second = zip_time(moment)
    dosdate = (year - 1980) << 9 | month << 5 | day
    dostime = hour << 11 | minute << 5 | second // 2
    central = []
    offset = 0
    with open(target, "wb") as raw:
        out = _Hashing(raw)
        for entry in entries:
            try:
                name_bytes, flags = entry.encode("ascii"), 0
            except UnicodeEncodeError:
                name_bytes, flags = entry.encode(), _UTF8_NAME
            name = entry[len(folder) + 1:]
            source = files.get(name) if name and not name.endswith("/") else None
            method, crc, size, packed, attr, data = _member(name, source, sizes, known)
            header = _LOCAL.pack(b"PK\x03\x04", 20, 0, flags, method, dostime, dosdate, crc,
                                 packed, size, len(name_bytes), 0) + name_bytes
            out.write(header)
            if isinstance(data, Path):
                _copy(data, out, size)
            else:
                out.write(data)
            central.append(_CENTRAL.pack(b"PK\x01\x02", 20, 3, 20, 0, flags, method, dostime,
                                         dosdate, crc, packed, size, len(name_bytes), 0, 0, 0,
                                         0, attr, offset) + name_bytes)
            offset += len(header) + packed
        directory = b"".join(central)
        out.write(directory)
        out.write(_END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), len(directory),
                            offset, 0))
    return Written(out.sha.hexdigest(), out.size)


def _member(name: str, source: bytes | Path | None, sizes: dict[str, int],
            known: dict[str, tuple[str, int, int]]
            ) -> tuple[int, int, int, int, int, bytes | Path]:
    """One zip member as written: its method, CRC-32, size, stored size, attributes, and its
    data (bytes, or a built file to copy as it is). `source` None is a folder."""
    if source is None:
        return zipfile.ZIP_STORED, 0, 0, 0, (0o040000 | DIR_MODE) << 16 | 0x10, b""
    attr = (0o100000 | FILE_MODE) << 16
    method = zipfile.ZIP_STORED if name.endswith(STORED) else zipfile.ZIP_DEFLATED
    if name in known:
        return method, known[name][1], sizes[name], sizes[name], attr, source
    from zlib_ng import zlib_ng

    data = source if isinstance(source, bytes) else source.read_bytes()
    size, crc = len(data), zlib.crc32(data)
    if method == zipfile.ZIP_DEFLATED:
        deflate = zlib_ng.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        data = deflate.compress(data) + deflate.flush()
    return method, crc, size, len(data), attr, data


class _Hashing:
    """A file being written, hashed (SHA-256) and counted as it goes."""

    def __init__(self, raw: BinaryIO):
        self.raw, self.sha, self.size = raw, hashlib.sha256(), 0

    def write(self, data: bytes) -> None:
        """Write `data` to the file and add it to the hash."""
        self.raw.write(data)
        self.sha.update(data)
        self.size += len(data)


def _copy(source: Path, out: _Hashing, size: int) -> None:
    """Copy a built file's bytes into the zip in blocks; it must still have `size` bytes."""
    copied = 0
    with open(source, "rb", buffering=0) as src:  # (whole blocks: no buffer between)
        while block := src.read(1 << 20):
            out.write(block)
            copied += len(block)
    if copied != size:
        raise RenderError(f"{source} changed while it was being zipped; build again")


def _write_zip_zipfile(target: Path, folder: str, files: dict[str, bytes | Path],
                       moment: dt.datetime, entries: list[str]) -> None:
    """`write_zip` by Python's zipfile, which adds ZIP64 records where a zip needs them."""
    stamp_ = zip_time(moment)
    with zipfile.ZipFile(target, "w") as zf:
        for entry in entries:
            name = entry[len(folder) + 1:]
            if not name or name.endswith("/"):
                zf.writestr(_info(entry, stamp_, is_dir=True), b"")
                continue
            info = _info(entry, stamp_)
            source = files[name]
            if isinstance(source, bytes):
                zf.writestr(info, source)
            else:
                info.file_size = source.stat().st_size
                with source.open("rb") as src, zf.open(info, "w") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
