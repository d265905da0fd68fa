"""Short sources: each line cites a bibliography key (``[ENERGY-2024]``) and the element id.

A factor's source is a long text (database, page, transcription); printed in every line it makes
a 700-character cell. A report prints it once, in a bibliography at the end, under a short key,
and each line cites the key and the source's own identifier of the value (the element id).

The key is the factor's ``source_key`` when its table gives one, and the reference is then the
publication of the bundled bibliography (``emission_factors/bibliography.yml``: publisher, title,
edition, year, licence). Otherwise the key is built from the table name and the value's year
(``[PURCHASES-2023]``), with a letter when two different sources would share it
(``[PURCHASES-2023a]``, ``[PURCHASES-2023b]``). A value read in a second-hand copy
(``verified: false``) is cited with "(unverified)" / "(non vérifié)".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..activities import EmissionLine
from ..factors.bibliography import BibliographyEntry, load_bibliography
from ..factors.library import Factor

__all__ = ["Reference", "bibliography", "citation"]


@dataclass(frozen=True)
class Reference:
    """One entry of a report's bibliography; ``source_fr`` is the same in French (``""``: as ``source``)."""

    key: str
    source: str
    url: str
    year: int
    source_fr: str = ""

    def text(self, lang: str) -> str:
        """The source as a report in ``lang`` prints it."""
        return (self.source_fr or self.source) if lang == "fr" else self.source


def _base_key(f: Factor, publications: Mapping[str, BibliographyEntry]) -> str:
    if f.source_key and f.source_key in publications:
        return f.source_key
    table = re.sub(r"[^A-Za-z0-9]+", "-", f.table or "SOURCE").strip("-").upper() or "SOURCE"
    return f"{table}-{f.year}"


def bibliography(lines: Sequence[EmissionLine]) -> tuple[list[Reference], list[str]]:
    """The references of ``lines`` in order of first citation, and each line's key.

    Returns
    -------
    references, keys
        One reference per distinct source text; ``keys[i]`` is the key line ``i`` cites.
    """
    factors = {line.factor.id: line.factor for line in lines}  # keys depend on the factor only
    publications = load_bibliography()
    by_base: dict[str, list[str]] = {}  # base key → distinct source texts, in order
    base_of: dict[str, str] = {}
    for factor_id, factor in factors.items():
        base = base_of[factor_id] = _base_key(factor, publications)
        sources = by_base.setdefault(base, [])
        text = publications[base].cited("en") if base in publications else factor.source
        if text not in sources:
            sources.append(text)
    key_of: dict[str, str] = {}
    for factor_id, factor in factors.items():
        sources = by_base[base_of[factor_id]]
        base = base_of[factor_id]
        text = publications[base].cited("en") if base in publications else factor.source
        key_of[factor_id] = base + ("" if len(sources) == 1 else _letters(sources.index(text)))
    references: dict[str, Reference] = {}
    for factor in factors.values():
        key = key_of[factor.id]
        if key in references:
            continue
        entry = publications.get(key)
        references[key] = (Reference(key, entry.cited("en"), entry.url, entry.year or factor.year, entry.cited("fr"))
                           if entry else Reference(key, factor.source, factor.source_url or "", factor.year))
    return list(references.values()), [key_of[line.factor.id] for line in lines]


def _letters(index: int) -> str:
    """a, b, ..., z, aa, ab... for the ``index``-th source sharing a key."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def citation(key: str, line: EmissionLine, lang: str = "en") -> str:
    """The short source of a line: ``[KEY]`` and the element id when the source gives one.

    A value read in a second-hand copy is marked "(unverified)" (``lang="fr"``: "(non vérifié)").
    """
    element = line.factor.source_id
    unverified = "" if line.factor.verified else (" (non vérifié)" if lang == "fr" else " (unverified)")
    return f"[{key}]" + (f" {element}" if element else "") + unverified
