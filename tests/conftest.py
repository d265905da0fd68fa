"""Shared pytest configuration: the fuzz counter reported at the end of the run."""

from __future__ import annotations

from collections import Counter

import pytest

#: Inputs tried by the fuzz tests (tests/test_fuzz.py), by target; reported in the summary.
FUZZ_COUNTS: Counter[str] = Counter()
_FUZZ_SECONDS: list[float] = [0.0]


class FuzzCounter:
    """Counts the inputs a fuzz test feeds to a loader, and the time spent."""

    def __init__(self, counts: Counter[str], seconds: list[float]) -> None:
        self.counts = counts
        self.seconds = seconds

    def tried(self, target: str, seconds: float) -> None:
        """Record one input given to ``target`` that took ``seconds``."""
        self.counts[target] += 1
        self.seconds[0] += seconds


@pytest.fixture(scope="session")
def fuzz_counter() -> FuzzCounter:
    """Session-wide counter of fuzz inputs (printed by :func:`pytest_terminal_summary`)."""
    return FuzzCounter(FUZZ_COUNTS, _FUZZ_SECONDS)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many inputs the fuzz tests tried (shown in normal pytest output)."""
    if not FUZZ_COUNTS:
        return
    total = sum(n for target, n in FUZZ_COUNTS.items() if target.startswith("bilan"))
    terminalreporter.section("coopcarbon fuzz")
    detail = ", ".join(f"{target}: {n}" for target, n in sorted(FUZZ_COUNTS.items()))
    terminalreporter.write_line(
        f"fuzz: {total} inputs tried, each by the table and the bilan loaders, in "
        f"{_FUZZ_SECONDS[0]:.1f} s of loader time")
    terminalreporter.write_line(f"outcomes: {detail}")

