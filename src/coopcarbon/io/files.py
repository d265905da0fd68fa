"""Reading input files' bytes within documented size limits.

Every reader of user files (YAML bilans and tables, CSV, FEC) reads through :func:`read_bytes`,
which refuses what is not a regular file (``/dev/zero``, a pipe, a folder) and files larger
than :data:`MAX_FILE_BYTES` *before* reading them, so that a wrong path gives a clear error,
never a ``MemoryError`` or a hang.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..problems import InputError, Problem, TableError

__all__ = ["MAX_FILE_BYTES", "read_bytes"]

#: Largest input file read [bytes]: 200 MB, four times the largest real bilan seen (51 MB).
MAX_FILE_BYTES = 200_000_000


def read_bytes(path: str | Path, error: type[TableError] | type[InputError] = InputError,
               limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Raises
    ------
    InputError or TableError (``error``)
        When the file cannot be opened, is not a regular file (a device such as ``/dev/zero``,
        a pipe, a folder), or is larger than ``limit`` (default :data:`MAX_FILE_BYTES`; checked
        before reading, and while reading in case the file grows).
    """
    file = str(path)
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        info = os.stat(path)  # before opening: opening a pipe would wait for a writer
        if not stat.S_ISREG(info.st_mode):
            raise error([Problem(file, None, None, "", "this is not a regular file (a device, a pipe or a "
                                 "folder)", "a text file", "check the path")])
        if info.st_size > limit:
            raise error([_too_large(file, info.st_size, limit)])
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise error([Problem(file, None, None, "", f"cannot read file: {exc.strerror or exc}")]) from None
    if len(raw) > limit:
        raise error([_too_large(file, len(raw), limit)])
    return raw


def _too_large(file: str, size: int, limit: int) -> Problem:
    return Problem(file, None, None, "", f"the file is too large ({size / 1e6:,.0f} MB or more)",
                   f"at most {limit / 1e6:,.0f} MB", "split it into several files")
