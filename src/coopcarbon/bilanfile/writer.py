"""Writing a bilan file back (:meth:`Bilan.to_yaml <coopcarbon.bilan.Bilan.to_yaml>`) and its JSON Schema.

``coopcarbon schema`` prints :func:`bilan_json_schema` for editors (VS Code YAML, JetBrains).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..activities import ActivityLine, DataQuality
from .schema import BILAN_SCHEMA_VERSION, BilanFile, BilanInputs

if TYPE_CHECKING:
    from .entries import BilanSource

__all__ = ["bilan_json_schema", "bilan_json_schema_text", "dump_bilan"]


def dump_bilan(organisation: str, year: int, headcount: int, *, inputs: BilanInputs | None,
               factors: Sequence[str | Path], lines: Sequence[ActivityLine], source: BilanSource | None) -> str:
    """The bilan file of a bilan's fields (what was given, defaults left out): file → Bilan → file."""
    data: dict[str, Any] = {"schema_version": BILAN_SCHEMA_VERSION,
                            "organisation": organisation, "year": year, "headcount": headcount}
    if source is not None and source.description:
        data["description"] = source.description
    names = (source.factors if source is not None else ()) or [str(p) for p in factors]
    if names:
        data["factors"] = list(names)
    if source is not None and source.activities_csv:
        data["activities_csv"] = list(source.activities_csv)
    if inputs is not None:
        data.update(inputs.model_dump(mode="json", exclude_unset=True))
    if lines:
        activities = data.setdefault("activities", [])
        for line in lines:
            activities.append(_line_entry(line))
    if source is not None:
        data.update(source.plan)
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


class _Dumper(yaml.SafeDumper):
    """Safe dumper whose strings read back identical (PyYAML folds a plain NEL into a space)."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if not value.isprintable():  # line breaks (\n, \r, NEL, U+2028...), tabs, controls: escaped
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_Dumper.add_representer(str, _represent_str)


def _line_entry(line: ActivityLine) -> dict[str, Any]:
    entry: dict[str, Any] = {"quantity": f"{line.quantity.magnitude!r} {line.quantity.units:D}",
                             "factor_id": line.factor_id}
    optional = {"label": line.label, "domain": line.domain if line.domain != "other" else "",
                "scope": line.scope, "ghg_category": line.ghg_category, "beges_post": line.beges_post,
                "data_quality": line.data_quality.value if line.data_quality != DataQuality.MEASURED else "",
                "uncertainty": line.activity_uncertainty, "basis": line.basis,
                "scope2_method": line.scope2_method, "group": line.group, "site": line.site,
                "note": line.note}
    entry.update({k: v for k, v in optional.items() if v not in (None, "")})
    return entry


def bilan_json_schema() -> dict[str, Any]:
    """JSON Schema of the bilan file (for editors: VS Code YAML, JetBrains...)."""
    schema = BilanFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "coopcarbon bilan file"
    return schema


def bilan_json_schema_text() -> str:
    """:func:`bilan_json_schema` as indented JSON."""
    return json.dumps(bilan_json_schema(), indent=2, ensure_ascii=False)

