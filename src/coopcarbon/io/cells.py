"""Text cells of written spreadsheets, safe to open: formula injection neutralised, losslessly.

A spreadsheet program runs a cell starting with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, a tab or carriage return) as a formula. Following the OWASP guidance on CSV
injection, :func:`neutralise` prefixes such a text cell with an apostrophe, which makes the
spreadsheet show it as text; :func:`restore` removes that apostrophe when reading the file
back. Numbers are written as numbers and never go through these functions.

To keep the round trip lossless, a text that already starts with apostrophes followed by one
of these characters gets one more apostrophe, so ``restore(neutralise(text)) == text`` for
every text.

References
----------
1. OWASP, *CSV Injection* (https://owasp.org/www-community/attacks/CSV_Injection).
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_STARTS", "neutralise", "restore"]

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = "=+-@\t\r"

_NEUTRALISED = re.compile("^'*[" + re.escape(FORMULA_STARTS) + "]")


def neutralise(text: str) -> str:
    """``text`` as a cell a spreadsheet will not run as a formula.

    >>> neutralise("=SUM(A1:A9)")
    "'=SUM(A1:A9)"
    >>> neutralise("Lyon-Paris")
    'Lyon-Paris'
    """
    return "'" + text if _NEUTRALISED.match(text) else text


def restore(text: str) -> str:
    """The text :func:`neutralise` was given (inverse: one leading apostrophe removed).

    >>> restore("'=1+1")
    '=1+1'
    >>> restore("'quoted'")
    "'quoted'"
    """
    return text[1:] if text.startswith("'") and _NEUTRALISED.match(text[1:]) else text
