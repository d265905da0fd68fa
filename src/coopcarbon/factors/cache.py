"""The on-disk cache of validated factor libraries: data only, checked before use.

A library built from factor tables is kept as one JSON file per set of tables, so that the
next process loads it in milliseconds instead of validating the tables again. The cache is
built so that its bytes can never run code and never change a figure:

- **data only**: JSON, read with :func:`json.loads` (no pickle, no marshal, no code object);
- **named and checked by content**: the file name and its header carry the key, a SHA-256 of
  the coopcarbon version, the layout of the cached records, ``units.txt`` and the bytes of every
  table it was built from; the header also carries the SHA-256 of the body. A file whose key
  or body hash does not match, that cannot be read, or whose records are not of the expected
  shapes and types is ignored and rebuilt (see :mod:`coopcarbon.factors.loading`);
- **written atomically** (a temporary file, then a rename), so a reader never sees half a file;
- **in a private folder**: a folder that other users could write into (group- or world-writable,
  or owned by another user) is not used, with one warning per process;
- **bounded**: at most :data:`MAX_ENTRIES` libraries and :data:`MAX_BYTES` in all; the least
  recently used entries are removed first.

``COOPCARBON_CACHE_DIR`` chooses the folder (default ``$XDG_CACHE_HOME/coopcarbon``, i.e.
``~/.cache/coopcarbon``); ``COOPCARBON_NO_CACHE=1`` turns the cache off.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["MAX_BYTES", "MAX_ENTRIES", "cache_dir", "encode", "read_entry", "read_file", "write_entry"]

#: Most libraries kept in the cache folder (the most recently used ones are kept).
MAX_ENTRIES = 16
#: Most bytes kept in the cache folder, in all [bytes] (200 MB).
MAX_BYTES = 200_000_000

_FORMAT = "coopcarbon-factor-cache"
_PREFIX = "library-"
_SUFFIX = ".json"
_warned: set[str] = set()


def cache_dir() -> Path | None:
    """Folder of the on-disk cache of validated libraries, or ``None`` when disabled.

    ``COOPCARBON_CACHE_DIR`` sets it; ``COOPCARBON_NO_CACHE=1`` disables it; the default is
    ``$XDG_CACHE_HOME/coopcarbon`` (``~/.cache/coopcarbon``).
    """
    if os.environ.get("COOPCARBON_NO_CACHE"):
        return None
    if os.environ.get("COOPCARBON_CACHE_DIR"):
        return Path(os.environ["COOPCARBON_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "coopcarbon"


def _private_folder(create: bool) -> Path | None:
    """The cache folder when only its owner, this user, can write into it (else ``None``)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:  # missing, or a read-only home: work without the cache
        return None
    getuid = getattr(os, "getuid", None)  # POSIX only; on Windows the user's profile is private
    foreign = getuid is not None and info.st_uid != getuid()
    if foreign or not stat.S_ISDIR(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        if str(folder) not in _warned:
            _warned.add(str(folder))
            warnings.warn(f"coopcarbon: the cache folder {folder} is not private (owned by another user, or "
                          "writable by others): it is not used. Remove it, or `chmod go-w` it.", stacklevel=4)
        return None
    return folder


def read_entry(key: str) -> dict[str, Any] | None:
    """The cached body stored under ``key``, or ``None`` when absent, unusable or not matching.

    Only the header line and the body's hash are checked here; the caller checks the records.
    """
    folder = _private_folder(create=False)
    if folder is None:
        return None
    path = folder / f"{_PREFIX}{key}{_SUFFIX}"
    entry = read_file(path, key)
    if entry is not None:
        try:
            os.utime(path)  # used now: pruned last
        except OSError:
            pass
    return entry


def read_file(path: Path, key: str) -> dict[str, Any] | None:
    """The body of the file ``path`` (written by :func:`encode`), or ``None`` if it does not match.

    ``None`` when the file is absent or unusable, or its header does not carry ``key`` and the
    SHA-256 of its body.
    """
    try:
        data = path.read_bytes()
        head, _, body = data.partition(b"\n")
        header = json.loads(head)
        if header != {"format": _FORMAT, "key": key, "body_sha256": hashlib.sha256(body).hexdigest()}:
            return None
        entry = json.loads(body)
    except (OSError, ValueError, RecursionError):  # missing, garbage, not UTF-8, nested too deep
        return None
    return entry if isinstance(entry, dict) else None


def encode(key: str, body: dict[str, Any] | str | Sequence[str]) -> bytes:
    """The bytes of a file holding ``body`` under ``key``: a header line, then the body.

    ``body`` is plain JSON data, or its JSON text already written (compact and ASCII, as here),
    whole or in pieces that follow one another.
    """
    return b"".join(_pieces(key, body))


def _pieces(key: str, body: dict[str, Any] | str | Sequence[str]) -> list[bytes]:
    """The bytes of :func:`encode`, in pieces: the header line, then the body's pieces."""
    if isinstance(body, dict):
        body = json.dumps(body, separators=(",", ":"), allow_nan=False)
    payload = [body.encode()] if isinstance(body, str) else [piece.encode() for piece in body]  # ASCII
    digest = hashlib.sha256()
    for piece in payload:
        digest.update(piece)
    header = json.dumps({"format": _FORMAT, "key": key, "body_sha256": digest.hexdigest()})
    return [header.encode() + b"\n", *payload]


def write_entry(key: str, body: dict[str, Any] | str | Sequence[str]) -> None:
    """Store ``body`` (as :func:`encode` takes it) under ``key``, atomically; prune the folder."""
    folder = _private_folder(create=True)
    if folder is None:
        return
    pieces = _pieces(key, body)
    name = f"{_PREFIX}{key}{_SUFFIX}"
    tmp = folder / f".{name}.{os.getpid()}.tmp"
    try:
        with open(tmp, "xb") as handle:  # never through a file (or link) planted under that name
            handle.writelines(pieces)
        tmp.replace(folder / name)
    except OSError:  # a full disk: work without the cache
        tmp.unlink(missing_ok=True)
        return
    _prune(folder)


def _prune(folder: Path) -> None:
    """Keep the :data:`MAX_ENTRIES` most recently used libraries, within :data:`MAX_BYTES` in all.

    Files of earlier versions (``library-*.pickle``, ``library-*.fingerprint``) are never read,
    only removed.
    """
    for legacy in (*folder.glob(f"{_PREFIX}*.pickle"), *folder.glob(f"{_PREFIX}*.fingerprint")):
        legacy.unlink(missing_ok=True)
    try:
        entries = sorted(((path.stat(), path) for path in folder.glob(f"{_PREFIX}*{_SUFFIX}")),
                         key=lambda item: item[0].st_mtime, reverse=True)
    except OSError:
        return
    total = 0
    for rank, (info, path) in enumerate(entries):
        total += info.st_size
        if rank >= MAX_ENTRIES or total > MAX_BYTES:
            path.unlink(missing_ok=True)
