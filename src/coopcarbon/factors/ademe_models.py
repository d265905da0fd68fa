"""ADEME's export as the schema's models, built from the library's rows without validating them again.

:mod:`coopcarbon.factors.ademe_columns` checks every rule of the schema a cell of the export could
break (a located problem each) and builds the factors as the rows the library keeps; the models
(``coopcarbon factors check``, :func:`~coopcarbon.factors.ademe.import_export`) are built from those
rows on first use, holding the fields the export gives (``exclude_unset`` writes those only).
``tests/test_ademe_columns.py`` checks that they are those pydantic's validation gives.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, TypeVar, cast

from pydantic import BaseModel

from ..pedigree import PedigreeScores
from .library import Part
from .rows import FACTOR_FIELDS
from .schema import FactorEntry, PartEntry, QualityScores, TableFile, TableMeta

__all__ = ["table_models"]

#: The fields of an entry every element of the export gives, and those it gives when they are not empty.
_ALWAYS = ("name_fr", "name_en", "unit", "source", "source_key", "source_id", "verified", "year", "region", "scope",
           "beges_post", "license", "notes")
_WHEN_GIVEN = ("valid_to", "ghg_category", "basis", "uncertainty", "uncertainty_source", "quality", "gases", "parts")
_MAGNITUDE = FACTOR_FIELDS.index("magnitude")
_ALWAYS_AT = tuple(FACTOR_FIELDS.index(name) for name in _ALWAYS)
_GIVEN_AT = tuple((name, FACTOR_FIELDS.index(name)) for name in _WHEN_GIVEN)

Model = TypeVar("Model", bound=BaseModel)


def table_models(meta: dict[str, Any], rows: Mapping[str, tuple[Any, ...]]) -> TableFile:
    """The table of the factor ``rows`` (their table's metadata ``meta``) as the schema's models."""
    return _built(TableFile, {"table": TableMeta.model_validate(meta), "parameters": {},
                              "factors": {factor_id: _entry(row) for factor_id, row in rows.items()}})


def _entry(row: tuple[Any, ...]) -> FactorEntry:
    """The entry of a factor row: its fields the export gives, quality scores and parts as models."""
    fields = {"value": row[_MAGNITUDE], **{name: row[at] for name, at in zip(_ALWAYS, _ALWAYS_AT, strict=True)}}
    for name, at in _GIVEN_AT:
        if row[at] or (row[at] is not None and name in ("valid_to", "ghg_category", "uncertainty")):
            fields[name] = row[at]
    if "quality" in fields:
        fields["quality"] = _quality(fields["quality"])
    if "parts" in fields:
        fields["parts"] = tuple(map(_part, fields["parts"]))
    return _built(FactorEntry, fields)


def _quality(scores: PedigreeScores) -> QualityScores:
    return _built(QualityScores, dict(scores.__dict__))


def _part(part: Part) -> PartEntry:
    fields = {"kind": part.kind, "value": part.value, **{name: value for name in ("name_fr", "name_en", "gases")
                                                          if (value := getattr(part, name))}}
    return _built(PartEntry, fields)


def _built(model: type[Model], fields: dict[str, Any]) -> Model:
    """A ``model`` holding ``fields`` (every required one, checked) and the defaults of the others.

    What pydantic's ``model_construct`` does, without its per-field work in Python (slower than
    validating): the defaults and the fields become the instance's ``__dict__``, in the order of
    the model's fields.
    """
    defaults, factories = _defaults(model)
    values = defaults | fields
    for name, factory in factories:
        if name not in fields:
            values[name] = factory()
    built = model.__new__(model)
    _set(built, "__dict__", values)
    names = tuple(fields)
    fields_set = _FIELDS_SET.get(names)
    if fields_set is None:
        fields_set = _FIELDS_SET[names] = set(names)
    _set(built, "__pydantic_fields_set__", fields_set)
    _set(built, "__pydantic_extra__", None)
    _set(built, "__pydantic_private__", None)
    return built


_set = object.__setattr__
#: One set of field names for the models given the same fields (pydantic never changes the set of
#: a frozen model): ten thousand fewer objects for the garbage collector to walk.
_FIELDS_SET: dict[tuple[str, ...], set[str]] = {}


@cache
def _defaults(model: type[BaseModel]) -> tuple[dict[str, Any], tuple[tuple[str, Callable[[], Any]], ...]]:
    """Every field of a model, in order, with its default; the factories of the fields built anew.

    A required field, or one built anew for each instance, has ``None`` as its placeholder.
    """
    fields = model.model_fields
    factories = tuple((name, cast("Callable[[], Any]", info.default_factory)) for name, info in fields.items()
                      if info.default_factory is not None)
    return {name: None if info.is_required() or info.default_factory else info.default
            for name, info in fields.items()}, factories
