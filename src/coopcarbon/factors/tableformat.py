"""Words of the factor table format that both its checks need: the pydantic models and the quick checks.

:mod:`coopcarbon.factors.schema` validates tables with pydantic; :mod:`coopcarbon.factors.tablerows`
checks large ones column by column without importing it. Both read the ids, keys and posts here.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["FACTOR_ID_PATTERN", "SOURCE_KEY_PATTERN", "BegesPost"]

#: A factor id: lower-case dotted words, at least two parts (``energy.electricity.fr.mix_2024``).
FACTOR_ID_PATTERN = r"^[a-z0-9][a-z0-9_]*(\.[a-z0-9][a-z0-9_]*)+$"

#: A bibliography key: upper-case words joined by ``-`` or ``.`` (``ADEME-BC-23``, ``IPCC-AR6-WG1-7SM``).
SOURCE_KEY_PATTERN = r"^[A-Z0-9][A-Z0-9]*([.-][A-Z0-9]+)*$"

#: The post of the BEGES v5 method a factor reports to.
BegesPost = Literal[
    "1.1", "1.2", "1.3", "1.4", "1.5",
    "2.1", "2.2",
    "3.1", "3.2", "3.3", "3.4", "3.5",
    "4.1", "4.2", "4.3", "4.4", "4.5",
    "5.1", "5.2", "5.3", "5.4",
    "6.1",
]
