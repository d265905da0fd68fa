"""A network of bilans: quantiles, anonymity, member positions, the store, the command (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coopcarbon.cli import main
from coopcarbon.network import Member, Network, consolidate, quantiles, size_band
from coopcarbon.reports.network import member_sheet, network_csv, network_json, network_markdown

EXAMPLE = Path(__file__).parents[1] / "examples" / "network" / "members"


def _member(i: int, per_employee: float, sector: str = "62.01Z", named: bool = False) -> Member:
    return Member(key=f"M{i:03d}", name=f"Coop {i}", publish_name=named, sector=sector, headcount=10,
                  total=per_employee * 10, intensities={"per_employee": per_employee},
                  by_post={"2.1": per_employee * 10})


def test_quantiles_by_hand() -> None:
    # values 1..10, type 7: position (n - 1) p → d1 1.9, q1 3.25, median 5.5, q3 7.75, d9 9.1
    assert quantiles([float(v) for v in range(10, 0, -1)]) == pytest.approx(
        {"n": 10, "d1": 1.9, "q1": 3.25, "median": 5.5, "q3": 7.75, "d9": 9.1})


def test_small_groups_are_not_shown_and_names_need_consent() -> None:
    members = [_member(i, float(i)) for i in range(1, 7)] + [_member(7, 7.0, "73.11Z", named=True)]
    network = Network(2024, tuple(members))
    by_sector = network.distributions("sector")
    assert by_sector["62"]["per_employee"] == pytest.approx(quantiles([1.0, 2, 3, 4, 5, 6]))
    assert by_sector["73"]["per_employee"] is None  # one member: hidden
    text = network_markdown(network)
    assert "Coop 7" in text and "Coop 1" not in text
    assert "< 5 members" in text
    data = json.loads(network_json(network))
    assert data["distributions"]["sector"]["73"]["per_employee"] is None
    assert [m["name"] for m in data["named_members"]] == ["Coop 7"]
    assert network_csv(network).splitlines()[0] == "breakdown,group,intensity,n,d1,q1,median,q3,d9"


def test_position_rank_by_hand() -> None:
    members = tuple(_member(i, float(i)) for i in range(1, 11))
    network = Network(2024, members)
    # 3 of 10 members are at or below 3.0
    assert network.position(members[2])["per_employee"] == {"value": 3.0, "rank": 0.3, "sector_rank": 0.3}
    assert "M003" in member_sheet(network, members[2]) and "Coop 3" not in member_sheet(network, members[2])


def test_size_bands() -> None:
    assert [size_band(n) for n in (1, 9, 10, 49, 50, 249, 250)] == [
        "1-9", "1-9", "10-49", "10-49", "50-249", "50-249", "250+"]


def test_example_network_of_36_fictional_members(tmp_path: Path) -> None:
    network = consolidate(EXAMPLE, store=tmp_path / "store")
    assert len(network.members) == 36 >= 30
    assert {m.name for m in network.shown_members()} == {
        "Coop numérique 03 (fictional)", "Coop numérique 11 (fictional)", "Coop numérique 20 (fictional)",
        "Coop numérique 29 (fictional)"}
    pytest.importorskip("duckdb")
    from coopcarbon.network_store import member_totals

    totals = member_totals(tmp_path / "store")
    assert len(totals["member"]) == 36
    assert totals["kg"].sum() / 1000 == pytest.approx(network.total)


def test_network_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheets = tmp_path / "sheets"
    assert main(["network", str(EXAMPLE), "--format", "json", "--members", str(sheets)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["members"] == 36 and data["year"] == 2024
    assert len(list(sheets.glob("M*.md"))) == 36
