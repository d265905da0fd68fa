"""The HTML report opens in a real (headless) browser, without errors, and shows its charts.

Needs Chromium (Debian package ``chromium``); `.ci/run` installs it. Skipped when absent
outside CI, failed when absent in CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import coopcarbon as cc

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DATA = Path(__file__).parent / "data"

pytestmark = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                                reason="Chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("matplotlib")
    assert CHROMIUM is not None, "CI must install Chromium"
    result = cc.Bilan.from_yaml(DATA / "scop_test_bilan.yaml").compute()
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(result.to_html(lang="fr"), encoding="utf-8")
    return path


def run(args: list[str], tmp: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


def test_dom_has_the_charts_and_tables(report: Path, tmp_path: Path) -> None:
    done = run(["--dump-dom", report.as_uri()], tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert dom.count("<svg") >= 2  # breakdown by post and scope split
    assert "Scop Test" in dom and "tCO2e" in dom
    assert "Uncaught" not in done.stderr


def test_screenshot_is_not_blank(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    done = run([f"--screenshot={shot}", "--window-size=1200,1600", report.as_uri()], tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000  # a blank page compresses to a few kB
