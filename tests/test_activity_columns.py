"""Activity lines as columns (issue 18): a CSV ledger goes column-wise from the file to the report.

The columns must give exactly what the lines made one by one give: the same lines, totals,
intervals, notes, indicators and report text; every bad cell is still reported at its row.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coopcarbon as cc
from coopcarbon.activities import ActivityLine
from coopcarbon.activity_columns import ActivityColumns, codes_of
from coopcarbon.bilanfile.activity_csv import read_activities_csv
from coopcarbon.errors import InputError
from coopcarbon.io.spreadsheet import parse_number, parse_numbers

HEADER = "quantity;unit;factor_id;label;data_quality;site\n"


def _line(magnitude: float, label: str, **fields: object) -> ActivityLine:
    return ActivityLine(magnitude=magnitude, unit="passenger_km", factor_id="mobility.train.tgv", label=label,
                        **fields)  # type: ignore[arg-type]


def test_columns_are_the_lines_they_stand_for() -> None:
    kinds = [_line(0.0, ""), _line(0.0, "", data_quality="estimated", site="Lyon")]
    columns = ActivityColumns(kinds, np.array([1, 0, 1]), np.array([1.5, 2.0, 3.0]), ["a", "b", "c"])
    expected = [_line(1.5, "a", data_quality="estimated", site="Lyon"), _line(2.0, "b"),
                _line(3.0, "c", data_quality="estimated", site="Lyon")]
    assert columns == expected and list(columns) == expected
    assert columns[-1] == expected[2] and list(columns[1:]) == expected[1:]
    with pytest.raises(IndexError):
        columns[3]
    plain = _line(7.0, "given")
    joined = ActivityColumns.join([[plain], columns, [plain]])
    assert list(joined) == [plain, *expected, plain]
    assert joined[0] is plain and joined[4] is plain  # a line given as an object is that object
    sites: dict[object, int] = {}
    assert codes_of(joined, lambda a: a.site, sites).tolist() == [0, 1, 0, 1, 0]
    assert list(sites) == ["", "Lyon"]


@given(st.lists(st.text(alphabet="0123456789.,eE+- %\u00a0", min_size=0, max_size=7), min_size=1, max_size=6))
def test_a_column_of_numbers_reads_as_each_cell(texts: list[str]) -> None:
    values, errors = parse_numbers(texts)
    for i, text in enumerate(texts):
        try:
            expected = parse_number(text) if text else math.nan
        except ValueError as exc:
            assert errors[i] == str(exc)
            continue
        assert i not in errors
        assert values[i] == expected or (math.isnan(expected) and math.isnan(values[i]))


def test_every_bad_cell_of_a_long_ledger_is_at_its_row(tmp_path: Path) -> None:
    rows = [f"{i},5;passenger_km;mobility.train.tgv;trip {i};measured;" for i in range(1000)]
    rows[498] = "12;passenger_kmm;mobility.train.tgv;bad unit;measured;"  # spreadsheet row 500
    rows[698] = "-3;passenger_km;mobility.train.tgv;negative;measured;"  # row 700
    rows[798] = "3;passenger_km;mobility.train.tgv;bad quality;guessed;"  # row 800
    path = tmp_path / "ledger.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_activities_csv(path)
    assert [(p.line, p.column, p.field) for p in caught.value.problems] == [
        (500, 2, "unit"), (700, 1, "quantity"), (800, 5, "data_quality")]
    assert "negative" in caught.value.problems[1].message


YAML = """\
organisation: Coop Exemple
year: 2024
headcount: 4
boundary: {boundary}
entities:
  - name: Coop Exemple
  - name: Filiale DE
    country: DE
    share: 0.6
    financial_control: true
    operational_control: false
sites:
  - name: Lyon
    country: DE
    entity: Coop Exemple
  - name: Berlin
    country: DE
    entity: Filiale DE
"""


@pytest.mark.parametrize(("boundary", "berlin"), [("equity_share", 0.6), ("financial_control", 1.0),
                                                  ("operational_control", 0.0)])
def test_a_csv_ledger_gives_the_result_of_the_same_lines_in_yaml(tmp_path: Path, boundary: str,
                                                                 berlin: float) -> None:
    lines = [(1000.0, "Lyon", "measured"), (10000.0, "Berlin", "estimated"), (250.5, "Berlin", "extrapolated"),
             (40.0, "", "measured")]
    (tmp_path / "ledger.csv").write_text(
        "quantity;unit;factor_id;site;data_quality\n"
        + "".join(f"{q};kWh;energy.electricity.deu.grid;{site};{quality}\n" for q, site, quality in lines),
        encoding="utf-8")
    head = YAML.format(boundary=boundary)
    (tmp_path / "csv.yaml").write_text(head + "activities_csv: [ledger.csv]\n", encoding="utf-8")
    (tmp_path / "yaml.yaml").write_text(head + "activities:\n" + "".join(
        f"  - {{quantity: {q} kWh, factor_id: energy.electricity.deu.grid, site: '{site}', "
        f"data_quality: {quality}}}\n" for q, site, quality in lines), encoding="utf-8")
    from_csv = cc.Bilan.from_yaml(tmp_path / "csv.yaml").compute()
    from_yaml = cc.Bilan.from_yaml(tmp_path / "yaml.yaml").compute()
    # Berlin belongs to a subsidiary held at 60 %, financially controlled, not operated: its lines
    # count for 60 %, 100 % or nothing of their quantities
    assert from_csv.lines == from_yaml.lines
    assert sum(line.activity.magnitude for line in from_csv.lines if line.activity.site == "Berlin") == (
        pytest.approx(berlin * 10250.5))
    assert from_csv.total == from_yaml.total and from_csv.interval == from_yaml.interval
    assert from_csv.by_entity() == from_yaml.by_entity() and from_csv.by_site() == from_yaml.by_site()
    assert from_csv.notes == from_yaml.notes
    assert from_csv.to_markdown("en") == from_yaml.to_markdown("en")


def test_a_large_report_from_columns_is_the_report_from_lines(tmp_path: Path) -> None:
    kinds = [("passenger_km", "mobility.train.tgv"), ("device", "hardware.laptop"),
             ("kWh", "energy.electricity.fr.mix_2024")]
    qualities = ["measured", "estimated", "extrapolated"]
    rows = [f"{(i % 97) + 0.5};{kinds[i % 3][0]};{kinds[i % 3][1]};entry {i % 7};{qualities[i % 5 % 3]};"
            for i in range(900)]
    (tmp_path / "ledger.csv").write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "bilan.yaml").write_text("organisation: Ledger\nyear: 2024\nheadcount: 10\n"
                                         "activities_csv: [ledger.csv]\n", encoding="utf-8")
    columns = cc.Bilan.from_yaml(tmp_path / "bilan.yaml").compute()
    assert isinstance(columns.columns.activities, ActivityColumns)  # type: ignore[union-attr]
    from_lines = dataclasses.replace(columns, lines=columns.lines)  # the same lines, read one by one
    assert from_lines.columns is None
    for lang in ("fr", "en"):
        assert columns.to_markdown(lang) == from_lines.to_markdown(lang)
    assert columns.indicator_coverage() == from_lines.indicator_coverage() == {
        name: (300, 900) for name in columns.indicators()}  # the laptops give them
    assert columns.indicators() == from_lines.indicators()  # added in the same order, to the last bit
