"""The coopcarbon command: exit codes, messages on stderr, no tracebacks, no overwriting."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from coopcarbon.activities import ActivityLine
from coopcarbon.bilan import Bilan
from coopcarbon.cli import main
from coopcarbon.factors.loading import load_factors
from coopcarbon.units import Q

DATA = Path(__file__).parent / "data"


@pytest.fixture
def result_json(tmp_path: Path) -> Path:
    """A result saved as JSON (the CLI reads it wherever a bilan file is expected)."""
    library = load_factors(DATA / "mini_factors.yaml", bundled=False)
    bilan = Bilan(organisation="Scop <Exemple>", year=2024, headcount=12)
    bilan.add([
        ActivityLine(Q(1200, "passenger_km"), "mobility.train.tgv", label="Paris–Lyon",
                     domain="mobility"),
        ActivityLine(Q(42000, "kWh"), "energy.electricity.fr.mix", label="Office electricity",
                     domain="energy", scope2_method="location"),
    ])
    path = tmp_path / "result-2024.json"
    path.write_text(bilan.compute(factors=library).to_json(), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


# -- factors ----------------------------------------------------------------------------------
def test_factors_show(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "factors", "show", "mobility.train.tgv")
    assert code == 0
    assert out.startswith("mobility.train.tgv = 0.00293 kgCO2e/passenger_km")
    assert "source:" in out and "43256" in out


def test_factors_show_unknown_id_lists_nearest(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "factors", "show", "mobility.train.tvg")
    assert code == 1
    assert out == ""
    assert "unknown factor id 'mobility.train.tvg'" in err
    assert "mobility.train.tgv" in err


def test_factors_search(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "factors", "search", "tgv")
    assert code == 0
    assert "mobility.train.tgv" in out
    code, _, err = run(capsys, "factors", "search", "zzz-no-such-factor")
    assert code == 1
    assert "no factor matches" in err


def test_factors_search_with_a_user_table(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    assert main(["factors", "new", "-o", str(tmp_path / "ours.yaml")]) == 0
    ours = str(tmp_path / "ours.yaml")
    code, out, _ = run(capsys, "factors", "search", "example", "--table", ours)
    assert code == 0
    assert "custom.example.service" in out


def test_factors_check_reports_every_problem(capsys: pytest.CaptureFixture[str]) -> None:
    table = str(DATA / "bad_factors.yaml")
    code, _, err = run(capsys, "factors", "check", table)
    assert code == 1
    lines = [line for line in err.splitlines() if line.startswith(f"{table}:")
             and not line.endswith("problem(s)")]
    assert len(lines) == 3
    assert f"{table}:12:" in err and "negative" in err
    assert f"{table}:22:" in err and "passenger_kmm" in err
    assert f"{table}:37:" in err and "did you mean 'uncertainty'" in err
    assert "3 problem(s)" in err


def test_factors_check_valid_and_far_values(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "factors", "check", str(DATA / "far_factors.yaml"))
    assert code == 0
    assert "OK" in out
    assert "1000× the bundled value" in err


def test_factors_check_bundled_tables(capsys: pytest.CaptureFixture[str]) -> None:
    from coopcarbon.factors.loading import bundled_tables_dir

    tables = sorted(str(p) for p in bundled_tables_dir().glob("*.yaml"))
    code, out, err = run(capsys, "factors", "check", *tables)
    assert code == 0, err
    assert out.count(": OK") == len(tables)


def test_factors_check_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "factors", "check", str(tmp_path / "nope.yaml"))
    assert code == 1
    assert "nope.yaml" in err and "cannot read" in err


def test_factors_new_passes_check(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "ours.yaml"
    assert run(capsys, "factors", "new", "-o", str(target))[0] == 0
    code, out, err = run(capsys, "factors", "check", str(target))
    assert code == 0, err
    assert "OK (1 factor(s))" in out
    # the template on stdout is the same
    code, out, _ = run(capsys, "factors", "new")
    assert out == target.read_text(encoding="utf-8")


# -- reports ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("fmt", "marker"), [("md", "# Carbon footprint 2024"),
                                              ("html", '<html lang="en">'),
                                              ("json", '"schema_version"'),
                                              ("csv", "label,domain,group")])
def test_report_formats(capsys: pytest.CaptureFixture[str], result_json: Path, fmt: str,
                        marker: str) -> None:
    code, out, err = run(capsys, "report", str(result_json), "--format", fmt, "--lang", "en")
    assert code == 0, err
    assert marker in out


def test_report_writes_a_file_and_never_overwrites_without_force(
        capsys: pytest.CaptureFixture[str], result_json: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    assert run(capsys, "report", str(result_json), "--format", "html", "-o", str(target))[0] == 0
    first = target.read_text(encoding="utf-8")
    assert "&lt;Exemple&gt;" in first
    target.write_text("keep me", encoding="utf-8")
    code, _, err = run(capsys, "report", str(result_json), "-o", str(target))
    assert code == 1
    assert "already exists" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "keep me"
    assert run(capsys, "report", str(result_json), "-o", str(target), "--force")[0] == 0
    assert target.read_text(encoding="utf-8").startswith("# Bilan carbone 2024")


def test_report_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "report", str(tmp_path / "missing.yaml"))
    assert code == 1
    assert out == ""
    assert err.startswith("coopcarbon: error:")
    assert "missing.yaml: no such file" in err


def test_report_bad_json_result(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema_version": "1.0"}), encoding="utf-8")
    code, _, err = run(capsys, "report", str(bad))
    assert code == 1
    assert "not a coopcarbon result" in err


def test_compare(capsys: pytest.CaptureFixture[str], result_json: Path) -> None:
    code, out, err = run(capsys, "compare", str(result_json), str(result_json), "--lang", "en")
    assert code == 0, err
    assert "# Comparison 2024 → 2024" in out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["report", "x.yaml", "--format", "pdf"]) == 2
    assert main(["factors"]) == 2
    assert "invalid choice" in capsys.readouterr().err
    assert main(["--version"]) == 0


def test_python_m_coopcarbon() -> None:
    done = subprocess.run([sys.executable, "-m", "coopcarbon", "factors", "show",
                           "mobility.train.tgv"], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "mobility.train.tgv = 0.00293" in done.stdout
    missing = subprocess.run([sys.executable, "-m", "coopcarbon", "factors", "show",
                              "no.such.factor"], capture_output=True, text=True, timeout=120,
                             check=False)
    assert missing.returncode == 1
    assert "unknown factor id" in missing.stderr
    assert "Traceback" not in missing.stderr


# -- bilan files (coopcarbon.bilanfile) on the bundled tables ------------------------------------
def test_report_from_a_bilan_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "report", str(DATA / "mini_bilan.yaml"), "--lang", "en",
                         "--samples", "200", "--seed", "1")
    assert code == 0, err
    assert "# Carbon footprint 2024 – Scop Test" in out
    assert "`mobility.train.tgv`" in out
    assert "Monte Carlo, 200 draws" in out


def test_report_on_an_invalid_bilan_names_file_and_line(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    bad = tmp_path / "bilan.yaml"
    bad.write_text("organisation: X\nyear: 2024\nheadcount: -3\n", encoding="utf-8")
    code, out, err = run(capsys, "report", str(bad))
    assert code == 1
    assert out == ""
    assert f"{bad}:3" in err and "headcount" in err


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert "properties" in schema and "organisation" in schema["properties"]
