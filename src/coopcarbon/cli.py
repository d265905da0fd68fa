r"""The ``coopcarbon`` command: reports, comparisons, factor look-ups and table checks.

::

    coopcarbon report BILAN.yaml [--format md|html|json|csv|xlsx] [--lang fr|en] [-o FILE] [--force]
                                 [--samples N] [--seed S] [--history EARLIER.yaml ...]
    coopcarbon compare BEFORE.yaml AFTER.yaml [--format md|html] [--lang fr|en] [-o FILE] [--force]
    coopcarbon report BILAN.yaml --layout beges | --summary, trajectory, scenario: see cli_plan
    coopcarbon factors search TEXT [--table PATH ...]
    coopcarbon factors show ID [--table PATH ...]
    coopcarbon factors check TABLE.yaml|TABLE.csv ...
    coopcarbon factors new [-o FILE] [--force]
    coopcarbon factors import EXPORT.csv -o TABLE.yaml [--include-archived] [--skip-unknown-units]
    coopcarbon schema
    coopcarbon template --format xlsx -o FILE [--force]

Exit codes: 0 success, 1 bad input or a file that cannot be written (the message on stderr
names file, line and field), 2 bad usage (as argparse does), 130 interrupted (Ctrl-C). Mistakes
in the user's files never print a traceback. ``-o FILE`` never replaces an existing file unless
``--force`` is given. A result saved as JSON (``--format json``) can be given wherever a bilan
file is expected, to compare years without recomputing them; it is checked against the result
schema first (:mod:`coopcarbon.reports.document`). A filled data-collection workbook (``.xlsx``,
written by ``coopcarbon template``) can be given as well. ``--format csv --lang fr`` writes the CSV
for a French spreadsheet (``;``, decimal comma, French headers, UTF-8 with BOM); ``--format xlsx``
writes an Excel workbook and needs ``-o FILE``.

Messages are in English, or in French with ``--lang fr``: the command's own words ("erreur",
"problème(s) dans", hints) and the problems found by the validators (message, expected value,
suggestion; :mod:`coopcarbon.io.messages_fr`), their values left as written. Whatever is
printed on the terminal shows control characters as ``\x1b``: a name or label holding ANSI
escape sequences cannot drive the terminal. ``--samples`` is at most :data:`MAX_SAMPLES`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import yaml

from . import __version__, cli_plan
from .cli_factors import (
    FACTOR_TABLE_TEMPLATE,
    add_import_command,
    bundled_files,
    checked_against,
    cmd_import,
    far_from_bundled,
)
from .errors import CoopCarbonError, InputError, TableError
from .factors.library import FactorLibrary
from .factors.loading import check_table, load_factors
from .io.messages_fr import french
from .reports.labels import phrase
from .reports.markdown import comparison_to_markdown, visible_controls
from .result import BilanResult

__all__ = ["FACTOR_TABLE_TEMPLATE", "MAX_SAMPLES", "build_parser", "main"]

#: Largest ``--samples``: the Monte Carlo keeps one total per draw (8 bytes each, 8 MB here) and
#: draws in chunks of 1 000 × lines (4 bytes each); its time grows as draws × lines, about 0.3 s
#: for 10 000 draws of 2 000 lines, so a million draws of a large bilan already take minutes.
#: Percentiles of 10 000 draws are stable to about 1 %.
MAX_SAMPLES = 1_000_000

#: The command's own words, (French, English).
_WORDS: dict[str, tuple[str, str]] = {
    "error": ("erreur", "error"),
    "warning": ("avertissement", "warning"),
    "exists": ("{file} : existe déjà ; utilisez --force pour le remplacer",
               "{file}: already exists; use --force to overwrite it"),
    "missing": ("{file} : fichier introuvable", "{file}: no such file"),
    "cannot_write": ("{file} : écriture impossible : {reason}", "{file}: cannot write: {reason}"),
    "cannot_open": ("{file} : {reason}", "{file}: {reason}"),
    "stdout": ("la sortie standard", "standard output"),
    "yaml": ("erreur YAML : {detail}", "YAML error: {detail}"),
    "samples": ("--samples doit être un nombre entier entre 0 et {max}",
                "--samples must be a whole number from 0 to {max}"),
    "seed": ("--seed doit être un nombre entier >= 0", "--seed must be a whole number >= 0"),
    "no_match": ("aucun facteur ne correspond à {text} ({n} facteurs cherchés par identifiant, noms "
                 "français et anglais)",
                 "no factor matches {text} (searched {n} factors by id, French and English names)"),
    "no_bundled": ("les tables fournies n'ont pas pu être chargées, les valeurs ne leur sont pas "
                   "comparées : {detail}",
                   "the bundled tables could not be loaded, user values are not compared with "
                   "them: {detail}"),
}


class _Writer(Protocol):
    def write(self, text: str, /) -> int: ...


class _Terminal:
    r"""A stream that shows control characters as ``\xNN``: file contents cannot drive the terminal."""

    def __init__(self, stream: _Writer) -> None:
        self.stream = stream

    def write(self, text: str, /) -> int:
        return self.stream.write(visible_controls(text))

    def flush(self) -> None:
        flush = getattr(self.stream, "flush", None)
        if flush is not None:
            flush()


class _UsageError(Exception):
    """A usage mistake found after parsing (exit code 2)."""


class _CannotWrite(Exception):
    """Writing the output failed (disk full, closed pipe...)."""

    def __init__(self, target: str, reason: str) -> None:
        super().__init__(target, reason)
        self.target, self.reason = target, reason


def _words(key: str, lang: str, **fields: object) -> str:
    return phrase(_WORDS, key, lang, **fields)


def _err(stream: _Writer, message: str, lang: str = "en") -> None:
    colon = " :" if lang == "fr" else ":"  # French puts a space before a colon
    print(f"coopcarbon: {_words('error', lang)}{colon} {message}", file=stream)


def _error_text(exc: CoopCarbonError, lang: str) -> str:
    """An error as printed: in French with ``--lang fr`` (problems, expected values, suggestions)."""
    if lang != "fr":
        return str(exc)
    if isinstance(exc, (InputError, TableError)):
        return str(exc.in_language(lang))
    return french(str(exc))


# -- loading ---------------------------------------------------------------------------------
def _load_result(path: str, samples: int = 0, seed: int | None = None) -> BilanResult:
    """Compute a bilan file, or read back a JSON result (checked against the result schema)."""
    file = Path(path)
    if not file.exists():
        raise FileNotFoundError(2, "no such file", path)
    if file.suffix.lower() == ".json":
        from .reports.data import result_from_json  # start-up: the result schema's document

        return result_from_json(file.read_bytes(), source=file.name)
    # start-up: the bilan file's models take a third of a second to build; --help, factors and
    # JSON results do without them (listed in tests/test_architecture.py)
    from .bilan import Bilan

    bilan = Bilan.from_workbook(file) if file.suffix.lower() == ".xlsx" else Bilan.from_yaml(file)
    return bilan.compute(samples=samples, seed=seed)


def _library(tables: Sequence[str]) -> FactorLibrary:
    for table in tables:
        if not Path(table).exists():
            raise FileNotFoundError(2, "no such file", table)
    return load_factors(*tables)


def _write(text: str, output: str | None, force: bool, out: _Writer) -> None:
    if output is None or output == "-":
        out.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        with open(output, "w" if force else "x", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except (FileExistsError, IsADirectoryError, PermissionError, FileNotFoundError):
        raise
    except OSError as exc:  # a full disk (-o /dev/full), a device that refuses: said, not raised
        raise _CannotWrite(output, exc.strerror or str(exc)) from None


def _refuse_overwrite(output: str | None, force: bool) -> None:
    if output not in (None, "-") and Path(output).exists() and not force:
        raise FileExistsError(17, "exists; use --force to overwrite it", output)


# -- commands --------------------------------------------------------------------------------
def _cmd_report(args: argparse.Namespace, out: _Writer) -> int:
    _refuse_overwrite(args.output, args.force)
    if args.layout == "beges":
        return cli_plan.report_beges(args, out, lambda path: _load_result(path, args.samples, args.seed), _write)
    result = _load_result(args.bilan, args.samples, args.seed)
    if args.format == "md":
        text = result.to_markdown(lang=_report_lang(args))
    elif args.format == "html":
        history = [_load_result(h) for h in args.history]
        text = result.to_html(lang=_report_lang(args), compare_with=history)
    elif args.format == "json":
        text = result.to_json()
    elif args.format == "xlsx":
        _write_bytes(result.to_xlsx(lang=_report_lang(args)), args.output, args.force)
        return 0
    else:
        text = result.to_csv(lang=args.lang or "en")
    _write(text, args.output, args.force, out)
    if args.summary and args.output not in (None, "-"):
        out.write(cli_plan.summary(result, _report_lang(args), args.output))
    return 0


def _write_bytes(data: bytes, output: str | None, force: bool) -> None:
    """Write a binary file (a workbook): never to the terminal, only to ``-o FILE``."""
    if output is None or output == "-":
        raise _UsageError("--format xlsx needs -o FILE (a workbook is not text)")
    try:
        with open(output, "wb" if force else "xb") as handle:
            handle.write(data)
    except (FileExistsError, IsADirectoryError, PermissionError, FileNotFoundError):
        raise
    except OSError as exc:
        raise _CannotWrite(output, exc.strerror or str(exc)) from None


def _cmd_template(args: argparse.Namespace, out: _Writer) -> int:
    from .bilanfile.workbook import write_template  # start-up, as in _load_result

    _refuse_overwrite(args.output, args.force)
    _write_bytes(write_template(), args.output, args.force)
    return 0


def _cmd_compare(args: argparse.Namespace, out: _Writer) -> int:
    _refuse_overwrite(args.output, args.force)
    before = _load_result(args.before)
    after = _load_result(args.after)
    if args.format == "html":
        from .reports.transition import comparison_to_html  # start-up: it reads the scenarios

        _write(comparison_to_html(after.compare(before), _report_lang(args)), args.output, args.force, out)
        return 0
    _write(comparison_to_markdown(after.compare(before), lang=_report_lang(args)), args.output,
           args.force, out)
    return 0


def _cmd_search(args: argparse.Namespace, out: _Writer, err: _Writer) -> int:
    library = _library(args.table)
    found = library.search(args.text)
    if not found:
        _err(err, _words("no_match", _message_lang(args), text=repr(args.text), n=len(library)),
             _message_lang(args))
        return 1
    width = max(len(f.id) for f in found)
    for f in found:
        print(f"{f.id:<{width}}  {f.value.magnitude:g} {f.value.units:~P}  {f.name(_report_lang(args))}",
              file=out)
    return 0


def _cmd_show(args: argparse.Namespace, out: _Writer) -> int:
    library = _library(args.table)
    print(library[args.id], file=out)
    return 0


def _cmd_check(args: argparse.Namespace, out: _Writer, err: _Writer) -> int:
    bundled_paths = bundled_files()
    bundled: FactorLibrary | None = None
    try:
        bundled = load_factors()
    except CoopCarbonError as exc:
        print(f"coopcarbon: warning: the bundled tables could not be loaded, user values are "
              f"not compared with them: {exc}", file=err)
    failed = 0
    for table in args.tables:
        path = Path(table)
        checked = check_table(path)
        if bundled is not None and path.resolve() not in bundled_paths:  # plausibility, bibliography
            checked = checked_against(checked, bundled)
        problems = list(checked.problems)
        if not problems:
            try:  # merging checks overrides and links to other factors
                if path.resolve() in bundled_paths:
                    load_factors()
                else:
                    load_factors(path)
            except TableError as exc:
                problems.extend(exc.problems)
        notes = list(checked.warnings)
        if not problems and bundled is not None and path.resolve() not in bundled_paths:
            notes += far_from_bundled(path, bundled)
        for problem in problems:
            print(str(problem), file=err)
        for note in notes:
            print(f"warning: {note}", file=err)
        if problems:
            failed += 1
            print(f"{table}: {len(problems)} problem(s)", file=err)
        else:
            count = len(checked.table.factors) if checked.table is not None else 0
            print(f"{table}: OK ({count} factor(s)"
                  + (f", {len(notes)} warning(s))" if notes else ")"), file=out)
    return 1 if failed else 0


def _cmd_new(args: argparse.Namespace, out: _Writer) -> int:
    _refuse_overwrite(args.output, args.force)
    _write(FACTOR_TABLE_TEMPLATE, args.output, args.force, out)
    return 0


def _cmd_schema(args: argparse.Namespace, out: _Writer) -> int:
    from .bilanfile import writer  # start-up, as in _load_result

    print(json.dumps(writer.bilan_json_schema(), indent=2, ensure_ascii=False), file=out)
    return 0


# -- parser ----------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of the ``coopcarbon`` command."""
    parser = argparse.ArgumentParser(
        prog="coopcarbon",
        description="Carbon footprint (bilan carbone, BEGES v5, GHG Protocol) of small "
                    "service companies, with sourced emission factors.")
    parser.add_argument("--version", action="version", version=f"coopcarbon {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def output_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("-o", "--output", metavar="FILE",
                       help="write to FILE instead of standard output")
        p.add_argument("--force", action="store_true", help="replace FILE if it exists")

    report = commands.add_parser("report", help="compute a bilan file and write a report")
    report.add_argument("bilan", metavar="BILAN.yaml", help="bilan file (or a JSON result)")
    report.add_argument("--format", choices=("md", "html", "json", "csv", "xlsx"), default="md",
                        help="report format (default: md); xlsx needs -o FILE")
    report.add_argument("--lang", choices=("fr", "en"), default=None,
                        help="report language (default: fr); with fr, messages in French too")
    report.add_argument("--samples", type=int, default=0, metavar="N",
                        help="Monte Carlo iterations for the 95 %% interval, at most "
                             f"{MAX_SAMPLES:_} (default: 0, analytic)")
    report.add_argument("--seed", type=int, default=None, metavar="S",
                        help="seed of the Monte Carlo draws, a whole number >= 0 (reproducible "
                             "intervals)")
    report.add_argument("--history", action="append", default=[], metavar="EARLIER",
                        help="an earlier year's bilan file or JSON result, for the HTML "
                             "year-over-year chart (repeatable)")
    output_options(report)

    compare = commands.add_parser("compare", help="compare two bilans, post by post")
    compare.add_argument("before", metavar="BEFORE.yaml")
    compare.add_argument("after", metavar="AFTER.yaml")
    compare.add_argument("--lang", choices=("fr", "en"), default=None,
                         help="report language (default: fr); with fr, messages in French too")
    output_options(compare)

    factors = commands.add_parser("factors", help="look up, check and create factor tables")
    fcommands = factors.add_subparsers(dest="factors_command", required=True, metavar="COMMAND")
    search = fcommands.add_parser("search", help="find factors by id or name (accents ignored)")
    search.add_argument("text")
    show = fcommands.add_parser("show", help="show a factor: value, unit, source, uncertainty")
    show.add_argument("id")
    for p in (search, show):
        p.add_argument("--table", action="append", default=[], metavar="PATH",
                       help="a user table laid over the bundled ones (repeatable)")
        p.add_argument("--lang", choices=("fr", "en"), default=None,
                       help="language of the names (default: fr); with fr, messages in French too")
    check = fcommands.add_parser("check", help="validate factor tables (YAML or CSV), listing every "
                                                "problem; exit code 1 if any")
    check.add_argument("tables", nargs="+", metavar="TABLE",
                       help="a factor table: .yaml, or .csv as a spreadsheet saves it")
    new = fcommands.add_parser("new", help="write a commented template factor table")
    output_options(new)
    add_import_command(fcommands)

    commands.add_parser("schema", help="print the JSON Schema of the bilan file")
    _add_network_command(commands, output_options)
    cli_plan.add_report_options(report, compare)
    cli_plan.add_commands(commands, output_options)
    template = commands.add_parser("template", help="write the French data-collection workbook "
                                                    "(fill it in, then: coopcarbon report FILE.xlsx)")
    template.add_argument("--format", choices=("xlsx",), default="xlsx", help="file format (default: xlsx)")
    output_options(template)
    return parser


def _add_network_command(commands: argparse._SubParsersAction[argparse.ArgumentParser],
                         output_options: Callable[[argparse.ArgumentParser], None]) -> None:
    """``coopcarbon network FOLDER``: a network's consolidated, anonymised report."""
    network = commands.add_parser("network", help="consolidate the bilan files or JSON results of a "
                                                  "network's members (one year) into an anonymised report")
    network.add_argument("folder", metavar="FOLDER", help="folder of the members' *.yaml or *.json files")
    network.add_argument("--format", choices=("md", "html", "json", "csv"), default="md",
                         help="report format (default: md)")
    network.add_argument("--year", type=int, default=None, help="the network's year (default: the most common)")
    network.add_argument("--members", metavar="DIR", default=None,
                         help="also write each member's own sheet (Markdown) into DIR")
    network.add_argument("--store", metavar="DIR", default=None,
                         help="also write the members' lines as Parquet into DIR (extra 'network')")
    output_options(network)


def _cmd_network(args: argparse.Namespace, out: _Writer) -> int:
    # start-up: the network reads bilan files, whose models take a third of a second to build
    from .network import consolidate
    from .reports.network import member_sheet, network_csv, network_html, network_json, network_markdown

    _refuse_overwrite(args.output, args.force)
    found = consolidate(args.folder, year=args.year, store=args.store)
    writers = {"md": network_markdown, "html": network_html, "json": network_json, "csv": network_csv}
    if args.members:
        folder = Path(args.members)
        folder.mkdir(parents=True, exist_ok=True)
        for member in found.members:
            (folder / f"{member.key}.md").write_text(member_sheet(found, member), encoding="utf-8")
    _write(writers[args.format](found), args.output, args.force, out)
    return 0


def _report_lang(args: argparse.Namespace) -> str:
    """Language of a report: ``--lang``, French by default."""
    return getattr(args, "lang", None) or "fr"


def _message_lang(args: argparse.Namespace | None) -> str:
    """Language of the command's messages: French only when ``--lang fr`` is given."""
    return (getattr(args, "lang", None) if args is not None else None) or "en"


def _check_numbers(args: argparse.Namespace) -> None:
    lang = _message_lang(args)
    if not 0 <= args.samples <= MAX_SAMPLES:
        raise _UsageError(_words("samples", lang, max=f"{MAX_SAMPLES:_}"))
    if args.seed is not None and args.seed < 0:
        raise _UsageError(_words("seed", lang))


def _run(args: argparse.Namespace, out: _Writer, err: _Writer) -> int:
    if args.command == "report":
        _check_numbers(args)
        return _cmd_report(args, out)
    if args.command == "compare":
        return _cmd_compare(args, out)
    if args.command == "schema":
        return _cmd_schema(args, out)
    if args.command == "network":
        return _cmd_network(args, out)
    if args.command in ("trajectory", "scenario"):
        return cli_plan.run(args, out, _load_result, _write)
    if args.command == "template":
        return _cmd_template(args, out)
    sub = args.factors_command
    if sub == "search":
        return _cmd_search(args, out, err)
    if sub == "show":
        return _cmd_show(args, out)
    if sub == "check":
        return _cmd_check(args, out, err)
    if sub == "import":
        return cmd_import(args, out, err)
    return _cmd_new(args, out)


def _run_reporting(parser: argparse.ArgumentParser, args: argparse.Namespace, out: _Terminal,
                   err: _Terminal) -> int:
    """Run a command; every expected failure becomes a message on ``err`` and an exit code."""
    lang = _message_lang(args)
    try:
        code = _run(args, out, err)
        out.flush()  # a full disk or a closed pipe shows here for standard output
        return code
    except _UsageError as exc:
        parser.print_usage(err)
        _err(err, str(exc), lang)
        return 2
    except FileExistsError as exc:
        _err(err, _words("exists", lang, file=exc.filename), lang)
    except FileNotFoundError as exc:
        _err(err, _words("missing", lang, file=exc.filename), lang)
    except _CannotWrite as exc:
        _err(err, _words("cannot_write", lang, file=exc.target, reason=exc.reason), lang)
    except CoopCarbonError as exc:
        _err(err, _error_text(exc, lang), lang)
    except yaml.YAMLError as exc:
        _err(err, _words("yaml", lang, detail=exc), lang)
    except BrokenPipeError:
        _silence_stdout()  # the reader left (`| head`): nothing more to say
    except OSError as exc:
        if exc.filename is None:  # standard output itself failed (`> /dev/full`)
            _err(err, _words("cannot_write", lang, file=_words("stdout", lang),
                             reason=exc.strerror or exc), lang)
        else:
            _err(err, _words("cannot_open", lang, file=exc.filename, reason=exc.strerror or exc), lang)
    return 1


def _silence_stdout() -> None:
    """Point standard output at the null device, so Python's final flush raises nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # a captured or replaced stdout has no descriptor
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``coopcarbon`` command; returns the exit code.

    Parameters
    ----------
    argv
        Arguments without the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 1 when an input is wrong or an output cannot be written (message on
        stderr), 2 on a usage error, 130 when interrupted (Ctrl-C).
    """
    out, err = _Terminal(sys.stdout), _Terminal(sys.stderr)
    args: argparse.Namespace | None = None
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help, --version, or a usage error (argparse printed it)
            return exc.code if isinstance(exc.code, int) else 2
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")
            code = _run_reporting(parser, args, out, err)
        for warning in caught:
            lang = _message_lang(args)
            text = french(str(warning.message)) if lang == "fr" else warning.message
            print(f"coopcarbon: {_words('warning', lang)}{' :' if lang == 'fr' else ':'} {text}", file=err)
    except KeyboardInterrupt:  # Ctrl-C: quietly, with the shell's code for SIGINT
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
