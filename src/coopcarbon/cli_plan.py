r"""The transition-plan commands of ``coopcarbon``: regulatory report, trajectory, scenarios, summary.

::

    coopcarbon report BILAN.yaml --layout beges [--format md|html|csv] [--history EARLIER ...]
    coopcarbon report BILAN.yaml --format html -o FILE --summary
    coopcarbon trajectory BILAN.yaml [--history EARLIER ...] [--path sbti-1.5|sbti-wb2c|snbc|custom]
                          [--milestone 2030:50%] [--until YEAR] [--format md|html]
    coopcarbon scenario BILAN.yaml [--switch-supplier NAME] [--keep-devices YEARS]
                        [--commute-shift FROM:TO:SHARE ...] [--telework-days DAYS] [--fleet-to VEHICLE]

:mod:`coopcarbon.cli` builds the parser and handles errors; the commands here receive its
result loader and writer, so this module does not import it. The bilan file's models and the
scenarios are imported when a command needs them (start-up, as in :mod:`coopcarbon.cli`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from .categories import label
from .errors import InputError, Problem
from .reports.french import line_label
from .reports.labels import format_percent, format_tonnes
from .reports.markdown import visible_controls
from .result import BilanResult
from .trajectory import (
    SBTI_1_5C_RATE,
    SBTI_WB2C_RATE,
    TrajectoryPoint,
    custom_trajectory,
    points_against,
    snbc_trajectory,
    trajectory,
)

__all__ = ["add_commands", "add_report_options", "report_beges", "run", "summary"]


class Writer(Protocol):
    """Where a command writes (standard output or a file)."""

    def write(self, text: str, /) -> int: ...


#: Loads a bilan file or a JSON result (``cli._load_result``).
Load = Callable[[str], BilanResult]
#: Writes text to ``-o FILE`` or standard output (``cli._write``).
Write = Callable[[str, "str | None", bool, Writer], None]

PATHS = ("sbti-1.5", "sbti-wb2c", "snbc", "custom")
_PATH_NAMES = {"sbti-1.5": ("SBTi 1,5 °C (−4,2 % par an)", "SBTi 1.5 °C (−4.2 % a year)"),
               "sbti-wb2c": ("SBTi bien en dessous de 2 °C (−2,5 % par an)", "SBTi well below 2 °C (−2.5 % a year)"),
               "snbc": ("SNBC-2 par secteur (décret 2020-457)", "SNBC-2 by sector (decree 2020-457)"),
               "custom": ("jalons du fichier", "custom milestones")}


def add_report_options(report: argparse.ArgumentParser, compare: argparse.ArgumentParser) -> None:
    """Options of ``report`` (--layout, --summary) and ``compare`` (--format)."""
    report.add_argument("--layout", choices=("standard", "beges"), default="standard",
                        help="beges: the regulatory report (legal person, perimeters, gases, action plan); "
                             "with --format csv, the declaration table of ADEME's platform")
    report.add_argument("--summary", action="store_true",
                        help="with -o: also print a short summary (totals, posts, top 10 lines)")
    compare.add_argument("--format", choices=("md", "html"), default="md", help="md (default) or html")


def add_commands(commands: Any, output_options: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add the ``trajectory`` and ``scenario`` commands to the ``coopcarbon`` parser."""
    lang_help = "report language (default: fr); with fr, messages in French too"
    path = commands.add_parser("trajectory", help="targets of a reduction path and the years against it")
    path.add_argument("bilan", metavar="BILAN.yaml", help="bilan file (or a JSON result)")
    path.add_argument("--history", action="append", default=[], metavar="EARLIER",
                      help="an earlier year's bilan file or JSON result (repeatable)")
    path.add_argument("--path", choices=PATHS, default="sbti-1.5", help="reduction path (default: sbti-1.5)")
    path.add_argument("--milestone", action="append", default=[], metavar="YEAR:SHARE",
                      help="custom path: a year and its target as a share of the base year, e.g. 2030:50%%")
    path.add_argument("--until", type=int, default=None, metavar="YEAR", help="last year (default: 2030)")
    path.add_argument("--format", choices=("md", "html"), default="md")
    path.add_argument("--lang", choices=("fr", "en"), default=None, help=lang_help)
    output_options(path)
    scenario = commands.add_parser("scenario", help="savings of changes (supplier, devices, commute, telework)")
    scenario.add_argument("bilan", metavar="BILAN.yaml")
    scenario.add_argument("--switch-supplier", metavar="NAME",
                          help="electricity supplier: a bundled one (enercoop), a factor id, or residual")
    scenario.add_argument("--keep-devices", type=float, metavar="YEARS", help="keep devices this many years")
    scenario.add_argument("--commute-shift", action="append", default=[], metavar="FROM:TO:SHARE",
                          help="move a share of commuters to another mode, e.g. car:bike:20%% (repeatable)")
    scenario.add_argument("--telework-days", type=float, metavar="DAYS",
                          help="one more telework day a week (or DAYS), with ADEME's 31 %% rebound")
    scenario.add_argument("--fleet-to", metavar="VEHICLE", help="company cars become VEHICLE, e.g. hybrid")
    scenario.add_argument("--lang", choices=("fr", "en"), default=None, help=lang_help)
    output_options(scenario)


def _lang(args: argparse.Namespace) -> str:
    return getattr(args, "lang", None) or "fr"


def _plan(path: str, result: BilanResult) -> Any:
    """The plan sections of a bilan file; an empty plan for a JSON result."""
    # start-up: the bilan file's models are built only for the commands that read one
    from .bilanfile.plan import Plan, read_plan

    if Path(path).suffix.lower() == ".json":
        return Plan(result.organisation, result.year)
    return read_plan(path)


def _milestones(texts: Sequence[str]) -> dict[int, float]:
    milestones: dict[int, float] = {}
    for text in texts:
        year, _, share = text.partition(":")
        try:
            fraction = float(share.strip().rstrip("%")) / (100 if share.strip().endswith("%") else 1)
            milestones[int(year)] = fraction
        except ValueError:
            raise InputError([Problem("--milestone", None, None, "milestone", f"{text!r} is not YEAR:SHARE",
                                      "e.g. 2030:50%")]) from None
    return milestones


def trajectory_points(results: Sequence[BilanResult], path: str, base: BilanResult,
                      milestones: dict[int, float], until: int | None) -> list[TrajectoryPoint]:
    """Targets of ``path`` from ``base`` and every result's actual total and interval."""
    if path == "snbc":
        by_post = {k: float(v.magnitude) for k, v in base.by_beges_post().items()}
        targets = snbc_trajectory(base.year, by_post, until or 2033)
    elif path == "custom":
        if not milestones:
            raise InputError([Problem("--milestone", None, None, "milestone", "a custom path needs milestones",
                                      "e.g. --milestone 2030:50%")])
        targets = custom_trajectory(base.year, base.total, milestones)
    else:
        rate = SBTI_1_5C_RATE if path == "sbti-1.5" else SBTI_WB2C_RATE
        targets = trajectory(base.year, base.total, rate, until or max(2030, max(r.year for r in results)))
    return points_against(targets, results)


def _trajectory_of(args: argparse.Namespace, load: Load
                   ) -> tuple[list[TrajectoryPoint], str, BilanResult, Any, BilanResult]:
    result = load(args.bilan)
    results = [result, *(load(h) for h in args.history)]
    plan = _plan(args.bilan, result)
    by_year = {r.year: r for r in results}
    base = by_year.get(plan.reference_year) or by_year[min(by_year)]
    points = trajectory_points(results, getattr(args, "path", "sbti-1.5"), base,
                               _milestones(getattr(args, "milestone", [])), getattr(args, "until", None))
    name = _PATH_NAMES[getattr(args, "path", "sbti-1.5")][0 if _lang(args) == "fr" else 1]
    return points, name, result, plan, base


def report_beges(args: argparse.Namespace, out: Writer, load: Load, write: Write) -> int:
    """``report --layout beges``: the regulatory report (md, html) or its declaration table (csv)."""
    from .reports import beges, transition

    lang = _lang(args)
    points, name, result, plan, base = _trajectory_of(args, load)
    if args.format == "csv":
        text = beges.declaration_csv(result, plan)
    elif args.format == "html":
        text = beges.beges_html(result, plan, lang, extra=[transition.trajectory_section_html(points, name, lang)],
                                base=base)
    elif args.format == "md":
        text = beges.beges_markdown(result, plan, lang, base) + "\n" + transition.trajectory_section_markdown(
            points, name, lang)
    else:
        text = result.to_json()
    write(text, args.output, args.force, out)
    return 0


def _cmd_trajectory(args: argparse.Namespace, out: Writer, load: Load, write: Write) -> int:
    from .reports import transition

    lang = _lang(args)
    points, name, result, _, _ = _trajectory_of(args, load)
    if args.format == "html":
        text = transition.trajectory_page_html(points, name, result, lang)
    else:
        text = transition.trajectory_section_markdown(points, name, lang)
    write(text, args.output, args.force, out)
    return 0


def _cmd_scenario(args: argparse.Namespace, out: Writer, write: Write) -> int:
    from . import scenarios
    from .bilan import Bilan
    from .bilanfile.schema import ScenarioEntry
    from .reports import transition

    bilan = Bilan.from_yaml(args.bilan)
    entries = [ScenarioEntry(name=f"--switch-supplier {args.switch_supplier}", switch_supplier=args.switch_supplier)
               ] if args.switch_supplier else []
    if args.keep_devices is not None:
        entries.append(ScenarioEntry(name=f"--keep-devices {args.keep_devices:g}", keep_devices=args.keep_devices))
    entries += [ScenarioEntry(name=f"--commute-shift {s}", commute_shift=[s]) for s in args.commute_shift]
    if args.telework_days is not None:
        entries.append(ScenarioEntry(name=f"--telework-days {args.telework_days:g}",
                                     telework_days=args.telework_days))
    if args.fleet_to:
        entries.append(ScenarioEntry(name=f"--fleet-to {args.fleet_to}", fleet_to=args.fleet_to))
    if not entries:
        entries = list(_plan(args.bilan, bilan.compute()).scenarios)
    if not entries:
        raise InputError([Problem(args.bilan, None, None, "scenarios", "no scenario to evaluate",
                                  "an option such as --switch-supplier enercoop, or a scenarios: section")])
    reference, results = scenarios.evaluate(bilan, [scenarios.from_entry(e) for e in entries])
    write(transition.scenarios_to_markdown(reference, results, _lang(args)), args.output, args.force, out)
    return 0


def run(args: argparse.Namespace, out: Writer, load: Load, write: Write) -> int:
    """Run ``trajectory`` or ``scenario``."""
    if args.command == "trajectory":
        return _cmd_trajectory(args, out, load, write)
    return _cmd_scenario(args, out, write)


def summary(result: BilanResult, lang: str, written_to: str) -> str:
    """A short terminal summary: totals, BEGES posts, the 10 largest lines, where the report went."""
    fr = lang == "fr"
    total = float(result.total.magnitude)
    interval = result.monte_carlo or result.interval
    out = [f"{result.organisation} – {result.year}",
           f"  {'Total (méthode location)' if fr else 'Total (location-based)'} : "
           f"{format_tonnes(total, lang)} ±{format_percent(interval.relative, lang, 0)}",
           f"  {'Total (méthode marché)' if fr else 'Total (market-based)'} : "
           f"{format_tonnes(float(result.total_market_based.magnitude), lang)}",
           f"  {'Par salarié' if fr else 'Per employee'} : {format_tonnes(total / result.headcount, lang)}", "",
           "Postes BEGES" if fr else "BEGES posts"]
    for post, quantity in result.by_beges_post().items():
        tonnes = float(quantity.magnitude)
        share = format_percent(tonnes / total if total else 0.0, lang)
        name = label("beges_post", post, lang)
        name = name if len(name) <= 44 else name[:43] + "…"
        out.append(f"  {post:<4} {name:<44} {format_tonnes(tonnes, lang):>14}  {share:>8}")
    out += ["", "10 lignes les plus émettrices" if fr else "10 largest lines"]
    largest = sorted((line for line in result.lines if line.in_main_total), key=lambda line: -line.kg)[:10]
    out += [f"  {format_tonnes(line.kg / 1000, lang):>14}  {line_label(line, lang)[:70]}" for line in largest]
    out += ["", (f"Rapport complet : {written_to}" if fr else f"Full report: {written_to}"), ""]
    return visible_controls("\n".join(out))
