"""The memory habits of the processes that make outputs (glibc's allocator, through ctypes):
a whole document's buffers get memory of their own, returned to the system afterwards."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from typing import Any


@functools.cache
def glibc() -> Any:
    """The C library (glibc on Linux), for its allocator's settings; None elsewhere."""
    import ctypes

    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter: blocks this large get memory of their own

M_ARENA_MAX = -8  # glibc's mallopt parameter: how many heaps threads may spread over

OWN_MEMORY = 128 * 1024  # the threshold while making a whole document

@contextlib.contextmanager
def own_memory(wanted: bool) -> Iterator[None]:
    """While making a whole document (`exclusive` outputs), give every large buffer memory of
    its own, returned to the system when freed: glibc otherwise keeps such buffers in its
    heap, and a process stays the size of the largest PDF it ever made. (Not throughout:
    fresh memory for every graphic's buffers costs page faults.)"""
    libc = glibc() if wanted else None
    if libc is None or not hasattr(libc, "mallopt"):
        yield
        return
    libc.mallopt(M_MMAP_THRESHOLD, OWN_MEMORY)
    try:
        yield
    finally:
        libc.mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024)  # the ceiling glibc's own rises to
        give_back_memory()

def give_back_memory() -> None:
    """Return the memory a whole document freed to the system (glibc keeps it otherwise, so a
    worker would stay as large as the largest PDF it ever made). Not after every output: a
    graphic reuses what the last one freed, where memory from the system costs page faults."""
    libc = glibc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)
