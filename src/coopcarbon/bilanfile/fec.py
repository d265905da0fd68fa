"""Import of a French accounting export (FEC) into monetary activity lines.

A FEC (*Fichier des écritures comptables*, art. A47 A-1 of the *Livre des procédures fiscales*)
is a text file of 18 columns, tab- or pipe-separated, with a header row::

    JournalCode JournalLib EcritureNum EcritureDate CompteNum CompteLib CompAuxNum CompAuxLib
    PieceRef PieceDate EcritureLib Debit Credit EcritureLet DateLet ValidDate Montantdevise Idevise

Amounts use a decimal comma (``1234,56``), dates are ``YYYYMMDD``. :func:`import_fec` sums
``Debit − Credit`` per account over the year's entries (opening entries excluded), maps each
expense (class 6) and fixed-asset (class 2) account to a monetary ratio with an editable
mapping of the chart of accounts (:func:`load_mapping`, bundled ``mappings/fec_pcg.yaml``;
longest account prefix wins) and returns :func:`coopcarbon.domains.purchases.spend` lines.
Amounts of classes 2 and 6 are excluding VAT (VAT sits in class 4 accounts), as monetary
ratios require.

Nothing is counted twice and nothing is dropped:

* an account whose rule has a ``physical`` tag that the bilan already measures (``"energy"``
  when electricity or heating kWh are given, ``"travel"`` when trips are given...) is skipped
  and listed in :attr:`FecImport.replaced`;
* an account with no rule, or a rule without factor, is listed with its amount in
  :attr:`FecImport.unmapped`; an account out of scope (salaries, taxes, depreciation) in
  :attr:`FecImport.excluded`.

Examples
--------
With a FEC export of the year (``tests/test_fec.py`` runs this on a sample ledger)::

    from coopcarbon.bilanfile.fec import import_fec
    result = import_fec("FEC2024.txt", year=2024, physical={"energy"})
    result.lines, result.unmapped
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..activities import ActivityLine
from ..domains import purchases
from ..errors import InputError, Problem
from ..factors.library import FactorLibrary
from ..factors.loading import load_factors
from ..io.spreadsheet import read_csv_rows
from ..io.yamlfile import load_yaml

__all__ = [
    "FEC_COLUMNS",
    "OPENING_JOURNALS",
    "AccountRule",
    "FecEntry",
    "FecImport",
    "FecMapping",
    "bundled_mapping_path",
    "import_fec",
    "load_mapping",
    "read_fec",
]

#: The 18 columns of the standard FEC, in order (arrêté du 29 juillet 2013).
FEC_COLUMNS: tuple[str, ...] = (
    "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
    "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit",
    "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise",
)

#: Journal codes of opening entries (*à-nouveaux*), left out of the year's flows. Software
#: differ; pass ``opening_journals=`` to :func:`import_fec` for another code.
OPENING_JOURNALS: tuple[str, ...] = ("AN", "ANO", "RAN", "A-NOUVEAUX", "ANOUV")

_CLASSES = "12345678"
_CONSIDERED = ("2", "6")
_AMOUNT = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


# --------------------------------------------------------------------------------------
# mapping


class AccountRule(BaseModel):
    """One rule of the mapping: what an account prefix feeds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = ""
    factor: str | None = None
    capital: bool = False
    physical: str | None = None
    exclude: str | None = None
    note: str = ""


class FecMapping(BaseModel):
    """A mapping of account prefixes to rules (see ``mappings/fec_pcg.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str = ""
    accounts: dict[str, AccountRule] = Field(default_factory=dict)

    def rule(self, account: str) -> tuple[str, AccountRule] | None:
        """The rule of the longest prefix of ``account``, with that prefix (``None``: no rule)."""
        for length in range(len(account), 0, -1):
            prefix = account[:length]
            if prefix in self.accounts:
                return prefix, self.accounts[prefix]
        return None


def bundled_mapping_path() -> Path:
    """Path of the bundled mapping: inside the installed package, else the source checkout."""
    packaged = files("coopcarbon").joinpath("mappings", "fec_pcg.yaml")
    if packaged.is_file():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[3] / "mappings" / "fec_pcg.yaml"
    if checkout.is_file():
        return checkout
    raise InputError([Problem("mappings/fec_pcg.yaml", None, None, "",
                              "the bundled FEC mapping is missing from this installation",
                              "coopcarbon/mappings/fec_pcg.yaml",
                              "reinstall coopcarbon, or pass mapping='your_mapping.yaml'")])


def load_mapping(path: str | Path | None = None) -> FecMapping:
    """Read and validate a mapping file (default: the bundled chart-of-accounts mapping).

    Raises
    ------
    InputError
        Invalid YAML, unknown fields, non-digit prefixes; each problem names file and line.
    """
    source = Path(path) if path is not None else bundled_mapping_path()
    document = load_yaml(source, error=InputError)
    data = document.data
    if isinstance(data, dict) and isinstance(data.get("accounts"), dict):
        data = {**data, "accounts": {str(k): v for k, v in data["accounts"].items()}}
    try:
        mapping = FecMapping.model_validate(data)
    except ValidationError as exc:
        problems = [document.problem(tuple(error["loc"]), error["msg"])
                    for error in exc.errors(include_url=False)]
        raise InputError(problems, f"problem(s) in FEC mapping {document.file}") from None
    bad = [document.problem(("accounts", k), f"prefix {k!r} is not an account number",
                            "digits, e.g. '6064'") for k in mapping.accounts if not k.isdigit()]
    if bad:
        raise InputError(bad)
    return mapping


# --------------------------------------------------------------------------------------
# reading


@dataclass(frozen=True)
class FecEntry:
    """One line of a FEC (the columns coopcarbon uses), with its row number (header = 1)."""

    row: int
    journal: str
    date: dt.date
    account: str
    account_label: str
    label: str
    debit: Decimal
    credit: Decimal


def _amount(text: str) -> Decimal:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if cleaned == "":
        return Decimal(0)
    if not _AMOUNT.match(cleaned):
        raise ValueError(text)
    return Decimal(cleaned.replace(",", "."))


def _date(text: str) -> dt.date:
    cleaned = text.strip()
    if not re.fullmatch(r"\d{8}", cleaned):
        raise ValueError(text)
    return dt.date(int(cleaned[:4]), int(cleaned[4:6]), int(cleaned[6:]))


def read_fec(path: str | Path, *, max_problems: int = 50) -> list[FecEntry]:
    """Read and check a FEC file; every problem is reported with its row number.

    The text is decoded and split by :func:`coopcarbon.io.spreadsheet.read_csv_rows` (UTF-8,
    else ISO 8859-15 as the FEC standard allows), with the file's separator: a tab when the
    header has one, else ``|``.

    Parameters
    ----------
    path
        The FEC file (tab- or pipe-separated).
    max_problems
        Stop collecting after this many problems.

    Returns
    -------
    list[FecEntry]
        The entries, in file order.

    Raises
    ------
    InputError
        Wrong header or column count, bad amount (``Debit``/``Credit``), bad date
        (``EcritureDate``, ``PieceDate``, ``ValidDate``, ``DateLet`` when given), account number
        that is empty or of an unknown class (not 1-8). Each problem names the FEC file and its
        row (1-based, the header is row 1).
    """
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError:
        raise InputError([Problem(name, None, None, "", "FEC file not found", "a FEC text file")]) from None
    separator = "\t" if b"\t" in raw.split(b"\n", 1)[0] else "|"
    rows = read_csv_rows(name, raw, delimiter=separator)
    if rows.encoding == "cp1252":  # not UTF-8: the FEC standard's other encoding is ISO 8859-15
        rows = read_csv_rows(name, raw, encoding="iso-8859-15", delimiter=separator)
    if [n.casefold() for n in rows.header] != [c.casefold() for c in FEC_COLUMNS]:
        raise InputError([Problem(name, rows.header_row, None, "header",
                                  f"{len(rows.header)} column(s): {', '.join(rows.header[:20])}",
                                  f"the 18 FEC columns, tab or pipe separated: {', '.join(FEC_COLUMNS)}")])
    problems: list[Problem] = []
    entries: list[FecEntry] = []
    for row, cells in rows.rows:
        if len(problems) >= max_problems:
            break
        entry = _entry(name, row, dict(zip(FEC_COLUMNS, (c.strip() for c in cells), strict=True)),
                       separator, problems)
        if entry is not None:
            entries.append(entry)
    if problems:
        raise InputError(problems, f"{len(problems)} problem(s) in FEC {name}")
    return entries


_REQUIRED_LAST = FEC_COLUMNS.index("ValidDate")  # the last column a FEC row must fill


def _entry(name: str, row: int, cell: dict[str, str], separator: str, problems: list[Problem]
           ) -> FecEntry | None:
    """The entry of one row (``None``, its problems added, when a cell is wrong)."""
    filled = max((i + 1 for i, c in enumerate(FEC_COLUMNS) if cell[c]), default=0)
    if filled <= _REQUIRED_LAST:
        problems.append(Problem(name, row, None, "", f"only {filled} columns filled",
                                f"{len(FEC_COLUMNS)} columns separated by {separator!r}, up to ValidDate"))
        return None
    before = len(problems)
    values: dict[str, Any] = {}
    for column in ("Debit", "Credit"):
        try:
            values[column] = _amount(cell[column])
        except (ValueError, InvalidOperation):
            problems.append(Problem(name, row, FEC_COLUMNS.index(column) + 1, column,
                                    f"bad amount {cell[column]!r}", "a number such as 1234,56"))
    for column in ("EcritureDate", "PieceDate", "ValidDate", "DateLet"):
        if column == "DateLet" and not cell[column]:
            continue
        try:
            values[column] = _date(cell[column])
        except ValueError:
            problems.append(Problem(name, row, FEC_COLUMNS.index(column) + 1, column,
                                    f"bad date {cell[column]!r}", "a date YYYYMMDD such as 20240315"))
    account = cell["CompteNum"]
    if not account or account[0] not in _CLASSES:
        problems.append(Problem(name, row, FEC_COLUMNS.index("CompteNum") + 1, "CompteNum",
                                f"unknown account class in {account!r}",
                                "an account of the chart of accounts, class 1 to 8 (e.g. 6064)"))
    if len(problems) > before:
        return None
    return FecEntry(row, cell["JournalCode"], values["EcritureDate"], account, cell["CompteLib"],
                    cell["EcritureLib"], values["Debit"], values["Credit"])


# --------------------------------------------------------------------------------------
# import


@dataclass(frozen=True)
class FecImport:
    """What a FEC import produced.

    Attributes
    ----------
    lines
        Monetary activity lines, one per valued account [kEUR of the ratio's year].
    amounts
        Net amount ``Debit − Credit`` of every class 2 and 6 account [EUR].
    unmapped
        Accounts with no rule or a rule without factor → net amount [EUR] (not valued).
    excluded
        Accounts out of scope (salaries, taxes, depreciation...) → net amount [EUR].
    replaced
        Accounts skipped because the bilan measures the same thing physically → amount [EUR].
    reasons
        Account → why it is unmapped, excluded or replaced.
    period
        The period kept (first and last day), ``None`` when every entry was kept.
    left_out
        Entries dated outside ``period``, left out.
    left_out_amount
        Net amount ``Debit − Credit`` of the class 2 and 6 lines of those entries [EUR].
    dates
        First and last ``EcritureDate`` of the file (``None`` for a file without entries).
    """

    lines: list[ActivityLine]
    amounts: dict[str, Decimal]
    unmapped: dict[str, Decimal] = field(default_factory=dict)
    excluded: dict[str, Decimal] = field(default_factory=dict)
    replaced: dict[str, Decimal] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    period: tuple[dt.date, dt.date] | None = None
    left_out: int = 0
    left_out_amount: Decimal = Decimal(0)
    dates: tuple[dt.date, dt.date] | None = None

    def notes(self) -> list[str]:
        """Plain-text notes for a report: every account not valued, with its amount."""
        out = []
        if self.period is not None and self.dates is not None and (
                self.dates[0] < self.period[0] or self.dates[1] > self.period[1]):
            out.append(f"FEC entries dated {self.dates[0]:%Y-%m-%d} to {self.dates[1]:%Y-%m-%d}, "
                       f"outside the year {self.period[0]:%Y-%m-%d} to {self.period[1]:%Y-%m-%d}: "
                       f"{self.left_out} entries left out (accounts of classes 2 and 6: "
                       f"{_euros(self.left_out_amount)})")
        for title, accounts in (("not valued (no ratio)", self.unmapped),
                                ("replaced by physical data", self.replaced),
                                ("excluded (not purchases)", self.excluded)):
            if accounts:
                items = ", ".join(f"{a} {_euros(v)}" for a, v in sorted(accounts.items()))
                out.append(f"FEC accounts {title}: {items}")
        return out


def _euros(amount: Decimal) -> str:
    return f"{float(amount):,.2f} EUR".replace(",", " ")


def import_fec(
    path: str | Path,
    *,
    year: int,
    mapping: FecMapping | str | Path | None = None,
    physical: Iterable[str] = (),
    opening_journals: Iterable[str] = OPENING_JOURNALS,
    library: FactorLibrary | None = None,
    price_index: Mapping[int, float] | None = None,
    period: tuple[dt.date, dt.date] | None = None,
) -> FecImport:
    r"""Turn a FEC into monetary activity lines, account by account.

    Parameters
    ----------
    path
        The FEC file.
    year
        Year of the spending (the fiscal year), deflated to each ratio's monetary year.
    mapping
        A :class:`FecMapping`, a path to a mapping YAML, or ``None`` for the bundled one.
    physical
        Tags measured physically elsewhere in the bilan (``"energy"``, ``"electricity"``,
        ``"heating"``, ``"travel"``, ``"meals"``, ``"fleet"``, ``"hardware"``, ``"furniture"``):
        accounts with those tags are skipped.
    opening_journals
        Journal codes of opening entries, left out.
    library
        Factor library (default :func:`coopcarbon.load_factors`).
    price_index
        Index levels by year (see :func:`coopcarbon.domains.purchases.price_ratio`).
    period
        First and last day of the fiscal year: entries dated (``EcritureDate``) outside it are
        left out, counted with their amount in :attr:`FecImport.left_out` and noted. A bilan
        file passes its year (1 January to 31 December); ``None`` keeps every entry.

    Returns
    -------
    FecImport
        Lines and every account not valued, with its amount.

    Raises
    ------
    InputError
        Malformed FEC (its file and rows named), mapping naming an unknown factor id.

    Notes
    -----
    For each account :math:`a` of class 2 or 6, :math:`A_a = \sum (Debit - Credit)` over its
    entries of the period outside opening journals. An account with :math:`A_a > 0` mapped to a
    ratio gives ``spend(A_a EUR, ratio, year=year, capital=rule.capital)``; a net credit
    (refunds larger than purchases) is listed in ``unmapped``.
    """
    lib = library if library is not None else load_factors()
    rules = mapping if isinstance(mapping, FecMapping) else load_mapping(mapping)
    _check_rules(rules, lib)
    entries = read_fec(path)
    kept: list[FecEntry] = []
    left_out: list[FecEntry] = []
    for entry in entries:
        (kept if period is None or period[0] <= entry.date <= period[1] else left_out).append(entry)
    skip = {j.casefold() for j in opening_journals}
    amounts, labels = _account_amounts(kept, skip)
    dates = (min(e.date for e in entries), max(e.date for e in entries)) if entries else None
    result = FecImport(lines=[], amounts=amounts, period=period, left_out=len(left_out),
                       left_out_amount=sum(_account_amounts(left_out, skip)[0].values(), Decimal(0)),
                       dates=dates)
    tags = set(physical)
    for account, amount in sorted(amounts.items()):
        _value_account(result, rules, account, amount, tags)
        if account in result.reasons or amount <= 0:
            continue
        prefix, rule = rules.rule(account) or ("", AccountRule())
        label = f"{account} {labels.get(account) or rule.label}".strip()
        result.lines.extend(purchases.spend(
            f"{amount} EUR", str(rule.factor), year=year, label=label, capital=rule.capital,
            price_index=price_index, library=lib, group="fec",
            note=f"FEC account {account} (rule {prefix}: {rule.label})"))
    return result


def _check_rules(rules: FecMapping, library: FactorLibrary) -> None:
    """Refuse a mapping naming a factor id the library does not have."""
    problems = [Problem("<FEC mapping>", None, None, f"accounts.{prefix}.factor",
                        f"unknown factor id {rule.factor!r}",
                        "a monetary ratio id (coopcarbon factors search purchases)")
                for prefix, rule in rules.accounts.items()
                if rule.factor is not None and rule.factor not in library.factors]
    if problems:
        raise InputError(problems)


def _account_amounts(entries: Iterable[FecEntry], skip: set[str]) -> tuple[dict[str, Decimal], dict[str, str]]:
    """Net ``Debit − Credit`` [EUR] and label of each class 2 and 6 account, opening journals left out."""
    amounts: dict[str, Decimal] = {}
    labels: dict[str, str] = {}
    for entry in entries:
        if entry.account[0] not in _CONSIDERED or entry.journal.casefold() in skip:
            continue
        amounts[entry.account] = amounts.get(entry.account, Decimal(0)) + entry.debit - entry.credit
        labels.setdefault(entry.account, entry.account_label)
    return amounts, labels


def _value_account(result: FecImport, rules: FecMapping, account: str, amount: Decimal,
                   tags: set[str]) -> None:
    """File an account that is not valued under unmapped, excluded or replaced, with its reason."""
    found = rules.rule(account)
    if found is None:
        result.unmapped[account] = amount
        result.reasons[account] = "no mapping rule for this account"
        return
    prefix, rule = found
    if rule.exclude:
        result.excluded[account] = amount
        result.reasons[account] = rule.exclude
    elif rule.physical is not None and rule.physical in tags:
        result.replaced[account] = amount
        result.reasons[account] = f"physical data given ({rule.physical})"
    elif rule.factor is None:
        result.unmapped[account] = amount
        result.reasons[account] = rule.note or f"rule {prefix} has no factor"
    elif amount < 0:
        result.unmapped[account] = amount
        result.reasons[account] = "net credit (refunds exceed purchases)"
