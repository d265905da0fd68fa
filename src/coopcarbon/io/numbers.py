"""Numbers in spreadsheet cells: French and English decimal marks and thousands separators.

:func:`parse_number` reads one cell, :func:`parse_numbers` a whole column (each distinct text
once), :func:`format_number` writes one. Accepted: ``1234.5``, ``1234,5``, ``1 234,5`` (space,
no-break space U+00A0 or narrow no-break space U+202F between groups of three digits),
``1.234,5`` (dots between groups only with a decimal comma: ``1.234`` alone is one point two
three four), ``1,5E-05``, and ``12 %`` where a fraction is expected.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import Decimal

__all__ = ["EXPECTED_NUMBER", "format_number", "parse_number", "parse_numbers"]

_SPACES = " \u00a0\u202f\u2009"
_BLANKS = _SPACES + "\t"
_PLAIN = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:[eE][+-]?\d+)?")
_SPACED = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?")
_DOTTED = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+,\d+")
EXPECTED_NUMBER = "a number such as 1234,5 or 1 234,5 or 0,193"


def parse_number(text: str, *, percent: bool = False) -> float:
    """Read a number as a French (or English) spreadsheet writes it.

    Parameters
    ----------
    text
        The cell, e.g. ``"1 234,5"``, ``"1.234,5"``, ``"0,193"``, ``"1,5E-05"``, ``"12 %"``.
    percent
        Accept a percentage (``"12 %"`` is 0.12); otherwise a ``%`` is an error.

    Returns
    -------
    float
        The value, correctly rounded from its decimal text (nothing is lost on the way).

    Raises
    ------
    ValueError
        When the cell is not a number; the message says what was expected.

    Examples
    --------
    >>> parse_number("1\u202f234,5"), parse_number("1.234,5"), parse_number("1.234")
    (1234.5, 1234.5, 1.234)
    >>> parse_number("12,5 %", percent=True)
    0.125
    """
    cell = text.strip(_BLANKS).replace("\u2212", "-")
    is_percent = cell.endswith("%")
    if is_percent:
        if not percent:
            raise ValueError(f"{text!r}: a percentage is not accepted here")
        cell = cell[:-1].rstrip(_SPACES)
    if _PLAIN.fullmatch(cell):
        normal = cell.replace(",", ".")
    elif _SPACED.fullmatch(cell):
        normal = re.sub(f"[{_SPACES}]", "", cell).replace(",", ".")
    elif _DOTTED.fullmatch(cell):
        normal = cell.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3}){2,}", cell):
        raise ValueError(f"{text!r} is ambiguous: dots between groups of digits are read as thousands "
                         "separators only with a decimal comma (write 1234567 or 1 234 567)")
    elif "," in cell and "." in cell:
        raise ValueError(f"{text!r} mixes a decimal comma and a decimal point")
    else:
        raise ValueError(f"{text!r} is not a number")
    if is_percent:  # shifted in decimal, then rounded once to the nearest float
        value = float(Decimal(normal).scaleb(-2))
    else:
        value = float(normal)  # the patterns only let decimals through; float() rounds correctly
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is too large")
    return value


#: A column of plain numbers, one a line: digits, signs, exponents and decimal separators only...
_NUMBER_CHARACTERS = re.compile(r"[0-9.,eE+\-\n]*")
#: ... a decimal separator always followed by a digit (``1.`` is not a number, for float() it is).
_SEPARATOR_ALONE = re.compile(r"[.,](?![0-9])")


def parse_numbers(texts: Sequence[str], *, percent: bool = False) -> tuple[list[float], dict[int, str]]:
    """:func:`parse_number` over a column of cells, each distinct text read once.

    Parameters
    ----------
    texts
        The cells, stripped; an empty cell is no number (NaN) and no error.
    percent
        As for :func:`parse_number`.

    Returns
    -------
    tuple[list[float], dict[int, str]]
        The values (NaN where a cell is empty or wrong), and the message of each wrong cell by
        its index in ``texts``. A column of plain numbers (``1234,5``, ``0.193``, ``1,5E-05``) is
        checked by two pattern matches over the whole column, then converted at once.
    """
    values = _plain_numbers(texts)
    if values is not None and all(map(math.isfinite, values)):
        return values, {}
    read: dict[str, float | str] = {"": math.nan}  # each distinct text: its value or its error
    for text in dict.fromkeys(texts):
        if text:
            try:
                read[text] = parse_number(text, percent=percent)
            except ValueError as exc:
                read[text] = str(exc)
    cells = [read[text] for text in texts]
    errors = {i: cell for i, cell in enumerate(cells) if isinstance(cell, str)}
    return [math.nan if isinstance(cell, str) else cell for cell in cells], errors


def _plain_numbers(texts: Sequence[str]) -> list[float] | None:
    """A column of plain numbers read at once; ``None`` when a cell is something else (or empty)."""
    joined = "\n".join(texts)
    if (not texts or "" in texts or joined.count("\n") != len(texts) - 1  # a cell of two lines
            or not _NUMBER_CHARACTERS.fullmatch(joined) or _SEPARATOR_ALONE.search(joined)):
        return None
    try:  # the characters are those of _PLAIN: float() refuses what the pattern would
        return list(map(float, joined.replace(",", ".").split("\n")))
    except ValueError:
        return None


def format_number(value: float, *, decimal: str = ",", thousands: str = "") -> str:
    r"""Write a number for a spreadsheet, so that :func:`parse_number` gives it back exactly.

    Parameters
    ----------
    value
        A finite number.
    decimal
        Decimal separator: ``","`` (French, default) or ``"."``.
    thousands
        Separator between groups of three digits: ``""`` (default), ``" "``, ``"\u00a0"`` or
        ``"\u202f"``. A dot is refused: ``1.234`` would read back as one point two three four.

    Examples
    --------
    >>> format_number(1234.5), format_number(1234.5, thousands=" "), format_number(1.5e-05)
    ('1234,5', '1 234,5', '1,5E-05')
    """
    if decimal not in {",", "."}:
        raise ValueError(f"decimal separator {decimal!r}: use ',' or '.'")
    if thousands and (thousands not in _SPACES or thousands == decimal):
        raise ValueError(f"thousands separator {thousands!r}: use '', ' ', U+00A0 or U+202F")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    text = repr(number)
    sign = "-" if text.startswith("-") else ""
    text = text.lstrip("-")
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{sign}{mantissa.replace('.', decimal)}E{exponent}"
    integer, _, fraction = text.partition(".")
    if fraction == "0":
        fraction = ""
    if thousands and len(integer) > 3:
        head = len(integer) % 3 or 3
        integer = integer[:head] + "".join(thousands + integer[i:i + 3]
                                           for i in range(head, len(integer), 3))
    return sign + integer + (decimal + fraction if fraction else "")
