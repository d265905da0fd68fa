"""The bibliography of the bundled factors: ``emission_factors/bibliography.yml``.

Every bundled factor names a publication by key (``source_key``) and its place in it
(``source_id``); this module reads the publications (publisher, title, edition, year, URL,
licence), checks that the keys of a table resolve, and formats a citation ``[KEY] id``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints, ValidationError

from ..problems import Problem, TableError
from .library import cite
from .loading import bundled_tables_dir
from .tableformat import SOURCE_KEY_PATTERN

if TYPE_CHECKING:
    from .schema import FactorEntry

__all__ = ["BIBLIOGRAPHY_FILE", "BibliographyEntry", "BibliographyFile", "cite", "load_bibliography",
           "unknown_source_keys"]

#: A text that is not empty once stripped.
_NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class BibliographyEntry(BaseModel):
    """One publication cited by factors (``source_key``), as an auditor looks it up.

    Its model lives here rather than with the factor tables' (:mod:`coopcarbon.factors.schema`):
    a report cites publications without building the tables' models.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    publisher: _NonEmpty
    title: _NonEmpty
    edition: _NonEmpty
    year: int | None = Field(ge=1990, le=2100)  # of publication or of the version read; null if unknown
    url: str
    license: _NonEmpty
    notes: str = ""
    #: The same in French where the English words are ours (a gloss, an edition, a licence's terms):
    #: French reports print these; a publication's own title stays as published.
    publisher_fr: str = ""
    title_fr: str = ""
    edition_fr: str = ""
    license_fr: str = ""

    def cited(self, lang: str = "en") -> str:
        """The publication as a bibliography prints it: publisher, title, edition, licence (in ``lang``)."""
        if lang == "fr":
            return (f"{self.publisher_fr or self.publisher}, {self.title_fr or self.title}, "
                    f"{self.edition_fr or self.edition}. Licence : {self.license_fr or self.license}")
        return f"{self.publisher}, {self.title}, {self.edition}. Licence: {self.license}"


#: A publication's key (``ADEME-BE``).
_SourceKey = Annotated[str, StringConstraints(pattern=SOURCE_KEY_PATTERN)]


class BibliographyFile(RootModel[dict[_SourceKey, BibliographyEntry]]):
    """A bibliography file: publications by key (``ADEME-BE``, ``AIB-ERM-2023``...)."""

    model_config = ConfigDict(frozen=True)

#: libyaml's safe loader when PyYAML has it (several times faster), else the pure-Python one.
_SAFE_LOADER: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: File name of the bibliography, beside the bundled tables; ``.yml`` because the loaders read the
#: ``*.yaml`` files of that folder as factor tables, which the bibliography is not.
BIBLIOGRAPHY_FILE = "bibliography.yml"


def load_bibliography(path: str | Path | None = None) -> Mapping[str, BibliographyEntry]:
    """The publications by key, from ``path`` or the bundled ``bibliography.yml`` (memoised).

    Raises
    ------
    TableError
        When the file cannot be read or an entry lacks a field (file, key and field named).
    """
    return _load(str(path) if path is not None else str(bundled_tables_dir() / BIBLIOGRAPHY_FILE))


@cache
def _load(file: str) -> Mapping[str, BibliographyEntry]:
    try:
        data = yaml.load(Path(file).read_text(encoding="utf-8"), Loader=_SAFE_LOADER)  # noqa: S506 (safe loader)
    except (OSError, yaml.YAMLError) as exc:
        raise TableError([Problem(file, None, None, "", f"cannot read the bibliography: {exc}")]) from None
    try:
        return BibliographyFile.model_validate(data).root
    except ValidationError as exc:
        raise TableError([Problem(file, None, None, ".".join(str(p) for p in error["loc"]), error["msg"])
                          for error in exc.errors(include_url=False)]) from None


def unknown_source_keys(entries: Mapping[str, FactorEntry], bibliography: Mapping[str, BibliographyEntry],
                        file: str = "") -> list[Problem]:
    """A problem for every factor whose ``source_key`` is not in ``bibliography``."""
    return [Problem(file, None, None, f"factors.{factor_id}.source_key",
                    f"source key {entry.source_key!r} is not in the bibliography",
                    "a key of emission_factors/bibliography.yml (or of your own bibliography)")
            for factor_id, entry in entries.items()
            if entry.source_key is not None and entry.source_key not in bibliography]
