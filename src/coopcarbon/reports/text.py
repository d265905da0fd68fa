"""Escaping user text for the reports: Markdown tables and terminals.

Every user string (organisation, labels, notes, site and entity names, file names) goes through
:func:`escape` before it reaches a Markdown report, so it cannot break a table or inject HTML
into a rendered page; :func:`visible_controls` makes control characters visible before a text is
written to a terminal.
"""

from __future__ import annotations

import re

__all__ = ["CONTROL", "escape", "visible_controls"]

_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})

#: Control characters (C0 but whitespace, DEL, C1): shown as ``\x1b``, never sent to a terminal.
CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def visible_controls(text: str) -> str:
    r"""``text`` with each control character written as ``\xNN`` (ANSI escapes made harmless).

    Examples
    --------
    >>> visible_controls("\x1b[31mred")
    '\\x1b[31mred'
    """
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def escape(value: object) -> str:
    r"""Escape a user string for Markdown: no table break, no emphasis, no raw HTML, no control.

    Examples
    --------
    >>> escape("<script>a|b</script>")
    '\\<script\\>a\\|b\\</script\\>'
    >>> escape("\x1b[2J")
    '\\\\x1b\\[2J'
    """
    text = " ".join(str(value).split())
    return (text if text.isprintable() else visible_controls(text)).translate(_SPECIAL)
