"""Words people write in French or English for yes and no, read the same way everywhere.

The CSV readers, the bilan file and the factor tables accept ``oui``/``non`` and
``vrai``/``faux`` beside YAML's own ``yes``/``no`` and ``true``/``false``.

>>> boolean_word("Oui"), boolean_word("non"), boolean_word("peut-être")
(True, False, 'peut-être')
"""

from __future__ import annotations

from typing import Any, Final

__all__ = ["FALSE_WORDS", "TRUE_WORDS", "boolean_word"]

#: Words read as true (compared case-insensitively).
TRUE_WORDS: Final = frozenset({"oui", "vrai", "yes", "true", "o", "y"})

#: Words read as false (compared case-insensitively).
FALSE_WORDS: Final = frozenset({"non", "faux", "no", "false", "n"})


def boolean_word(value: Any) -> Any:
    """``True`` or ``False`` for a yes/no word in French or English, else ``value`` unchanged.

    For pydantic ``mode="before"`` validators: anything else goes on to the model's own check.
    """
    if isinstance(value, str):
        word = value.strip().casefold()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    return value
