"""The open-data package of a result: lines, data dictionary, bibliography, descriptor (issue 15)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.reports.opendata import DICTIONARY, write_open_data

EXAMPLE = Path(__file__).parents[1] / "examples" / "scop-lyon" / "bilan-2024.yaml"


def test_package_checks_line_by_line(tmp_path: Path) -> None:
    r = cc.Bilan.from_yaml(EXAMPLE).compute()
    files = write_open_data(r, tmp_path)
    assert [f.name for f in files] == ["lines.csv", "dictionary.csv", "bibliography.csv", "datapackage.json"]
    rows = list(csv.DictReader((tmp_path / "lines.csv").open(encoding="utf-8")))
    assert len(rows) == len(r.lines) and list(rows[0]) == list(DICTIONARY)
    # the package recomputes: quantity x factor value = co2e_kg on every line, and the total adds up
    for row in rows:
        assert float(row["co2e_kg"]) == pytest.approx(
            float(cc.Q(float(row["quantity"]), row["quantity_unit"]).to(row["factor_unit"].split("/")[1]).magnitude)
            * float(row["factor_value"]), rel=1e-6)
    main = sum(float(row["co2e_kg"]) for row in rows if row["in_main_total"] == "True")
    assert main / 1000 == pytest.approx(r.total.to("tCO2e").magnitude)
    used = {line.factor.id for line in r.lines}
    bibliography = list(csv.DictReader((tmp_path / "bibliography.csv").open(encoding="utf-8")))
    assert {b["factor_id"] for b in bibliography} == used and all(b["source"] for b in bibliography)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["coopcarbon"]["method"]["name"] == "coopcarbon-comparable"
    assert [f["name"] for f in descriptor["resources"][0]["schema"]["fields"]] == list(DICTIONARY)


def test_parquet_lines(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    r = cc.Bilan.from_yaml(EXAMPLE).compute()
    write_open_data(r, tmp_path, format="parquet")
    table = pq.read_table(tmp_path / "lines.parquet")
    assert table.num_rows == len(r.lines)
    assert sum(table.column("co2e_kg").to_pylist()) == pytest.approx(sum(line.kg for line in r.lines))
