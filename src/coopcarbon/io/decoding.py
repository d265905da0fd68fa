"""CSV bytes to text: the encoding detected, the text decoded whole or a block at a time, its lines.

Encodings are detected as :mod:`coopcarbon.io.spreadsheet` says: UTF-8 when the bytes are
valid UTF-8 (with or without BOM), UTF-16 when the file starts with a UTF-16 BOM, otherwise
Windows-1252; ``encoding=`` forces one. A large file whose encoding is known from its first
bytes is decoded a block at a time (:func:`block_lines`), never held whole as text. A byte that
is not valid is a problem naming its line and column.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterable, Iterator
from itertools import chain

from ..problems import InputError, Problem, TableError

__all__ = ["PROBE", "ErrorType", "block_encoding", "block_lines", "decode", "text_lines"]

ErrorType = type[TableError] | type[InputError]
#: Bytes decoded first to tell UTF-8 from Windows-1252.
PROBE = 65536


def _position(raw: bytes, index: int, name: str) -> tuple[int, int]:
    """Line and column (in characters, as an editor counts them) of the byte at ``index``, in encoding ``name``.

    The bytes before it on its line are valid (the decoder stopped at the first bad one).
    """
    start = raw.rfind(b"\n", 0, index) + 1
    before = raw[start:index].decode(name if start == 0 else name.replace("-sig", ""), errors="replace")
    return raw.count(b"\n", 0, index) + 1, len(before) + 1


def decode(raw: bytes, file: str, encoding: str | None, error: ErrorType) -> tuple[str, str]:
    """Decode ``raw``; returns the text and the encoding used (see the module docstring)."""
    if encoding is not None:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise error([Problem(file, None, None, "", f"unknown encoding {encoding!r}",
                                 "utf-8, utf-8-sig, cp1252, latin-1 or utf-16")]) from None
        try:
            text = raw.decode(name)
        except UnicodeDecodeError as exc:
            raise error([_undecodable(file, raw, _at(exc, len(raw)), name, encoding)]) from None
        return text.removeprefix("\ufeff"), name
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise error([Problem(file, None, None, "", "the file starts as UTF-16 but is not valid UTF-16",
                                 "a CSV file in UTF-8 or Windows-1252")]) from None
    if b"\x00" in raw[:8192]:
        raise error([Problem(file, None, None, "", "this is a binary file, not a CSV text file",
                             "a CSV file saved from a spreadsheet",
                             "in the spreadsheet use Save As / Enregistrer sous, type CSV")])
    has_bom = raw.startswith(codecs.BOM_UTF8)
    try:
        if not has_bom:  # a failed decoding copies the bytes into its error: 30 ms for ADEME's 39 MB export
            codecs.getincrementaldecoder("utf-8")().decode(raw[:PROBE])
        return raw.decode("utf-8-sig"), "utf-8-sig" if has_bom else "utf-8"
    except UnicodeDecodeError as exc:
        if has_bom:
            raise error([_undecodable(file, raw, _at(exc, len(raw)), "utf-8-sig")]) from None
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise error([_undecodable(file, raw, _at(exc, len(raw)), "cp1252")]) from None


def _at(error: UnicodeDecodeError, size: int) -> int:
    """The place of the bad byte in the ``size`` bytes decoded (UTF-8-sig counts from after its mark)."""
    return error.start + size - len(error.object)


def _undecodable(file: str, raw: bytes, index: int, name: str, given: str | None = None) -> Problem:
    """The problem of the byte at ``index`` of ``raw``, not valid in the encoding ``name`` (``given`` by the caller)."""
    line, column = _position(raw, index, name)
    byte = f"byte 0x{raw[index]:02x}"
    if given is not None:
        return Problem(file, line, column, "", f"{byte} is not valid {given}", f"a file encoded in {given}",
                       "leave the encoding out to detect it")
    if name == "utf-8-sig":
        return Problem(file, line, column, "", f"the file starts with a UTF-8 mark but {byte} is not valid UTF-8",
                       "a file in one encoding", "re-save it from the spreadsheet as CSV, UTF-8")
    if name == "utf-8":
        return Problem(file, line, column, "", f"the file's first {PROBE // 1024} KiB are UTF-8 but {byte} is "
                       "not valid UTF-8", "a file in one encoding", "re-save it from the spreadsheet as CSV, UTF-8")
    return Problem(file, line, column, "", f"{byte} is neither UTF-8 nor Windows-1252",
                   "a CSV file in UTF-8 or Windows-1252 (Latin-1)",
                   "re-save it from the spreadsheet as CSV, UTF-8, or pass encoding=")


#: Encodings in which a ``\n`` byte always ends a line: a file in one of them can be decoded a block at a time.
_BYTE_ENCODINGS = frozenset({"utf-8", "utf-8-sig", "cp1252", "iso8859-1", "iso8859-15", "ascii"})
#: Bytes decoded at once by :func:`block_lines` (up to the end of a line): 256 KiB kept the
#: reading of the 39 MB of benchmark B10 in the processor's cache, and it never held the whole text.
_BLOCK = 1 << 18


def block_encoding(raw: bytes, encoding: str | None) -> str | None:
    """The encoding :func:`decode` would use for ``raw``, when it is known before the file's end; else ``None``.

    Known when given, told by a UTF-8 mark, or by the first :data:`PROBE` bytes: not UTF-8,
    Windows-1252; UTF-8 with a character beyond ASCII, UTF-8. Files of at most :data:`PROBE`
    bytes, UTF-16 ones and those whose first bytes are all ASCII are decoded whole.
    """
    if len(raw) <= PROBE or raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in raw[:8192]:
        return None
    if encoding is not None:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:  # decode says so
            return None
        return name if name in _BYTE_ENCODINGS else None
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    probe = raw[:PROBE]
    try:
        codecs.getincrementaldecoder("utf-8")().decode(probe)
    except UnicodeDecodeError:
        return "cp1252"
    return None if probe.isascii() else "utf-8"


def block_lines(raw: bytes, name: str, file: str, error: ErrorType, given: str | None) -> Iterator[str]:
    r"""The lines of ``raw`` (as :func:`text_lines` gives them), decoded from ``name`` a block at a time.

    A block ends after a ``\n`` byte, so no line and no character is cut. A byte that is not
    valid is a located problem, raised when its block is read (``given``: the encoding as the
    caller spelled it, if it did).
    """
    view = memoryview(raw)

    def texts() -> Iterator[str]:
        start = 0
        while start < len(raw):
            end = raw.find(b"\n", start + _BLOCK)
            end = len(raw) if end < 0 else end + 1
            try:  # (UTF-8-sig takes a mark off every text it decodes: only the first block has one)
                text = str(view[start:end], name if start == 0 or name != "utf-8-sig" else "utf-8")
            except UnicodeDecodeError as exc:
                raise error([_undecodable(file, raw, start + _at(exc, end - start), name, given)]) from None
            yield text.removeprefix("\ufeff") if start == 0 else text
            start = end
    return chain.from_iterable(map(text_lines, texts()))


#: Characters at which ``str.splitlines`` breaks a line and a CSV reader does not (it breaks at ``\r``, ``\n``).
_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def text_lines(text: str) -> Iterable[str]:
    r"""The lines of a CSV text, with their ends, as the CSV reader splits them (``\r``, ``\n``, ``\r\n``).

    ``str.splitlines`` gives them faster than a ``StringIO`` read line by line (which first copies
    the text at four bytes a character): 0.55 instead of 0.74 s for the 39 MB of benchmark B10,
    parsing included. A text holding a character at which it alone breaks is read through a ``StringIO``.
    """
    if any(c in text for c in _OTHER_BREAKS):
        return io.StringIO(text, newline="")
    return text.splitlines(keepends=True)
