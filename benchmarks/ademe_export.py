"""A synthetic ADEME Base Empreinte / Base Carbone export of any size, for benchmark B10.

Built from the real rows of the test fixture (``tests/data/ademe/base_carbone_extract.csv``:
17 elements of the official export, every column, its quoting and its spellings): element ``i``
is a copy of one of those elements with the id ``100000 + i``, its total scaled so that values
differ, followed by 0 to 5 ``Poste`` rows taken in turn from the fixture's posts (as in the real
export, where most elements have none and decomposed ones have a few). Every tenth element is
archived (``Statut de l'élément: Archivé``), as the export holds archived elements among the
valid ones (the others are valid). The values are synthetic: only the format, the columns and the text are ADEME's.

    python benchmarks/ademe_export.py OUT.csv [--elements 20000] [--encoding cp1252|utf-8]
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "data" / "ademe" / "base_carbone_extract.csv"
TYPE, ELEMENT, STATUS, TOTAL = 0, 1, 4, 50  # columns of the export (0-based)


def _fixture() -> tuple[list[str], list[list[str]], list[list[str]]]:
    """Header, ``Elément`` rows and ``Poste`` rows of the fixture (Windows-1252)."""
    records = list(csv.reader(io.StringIO(FIXTURE.read_bytes().decode("cp1252"), newline=""), delimiter=";"))
    header, rows = records[0], [r for r in records[1:] if r]
    assert header[TOTAL] == "Total poste non décomposé"  # the layout this module relies on
    return header, [r for r in rows if r[TYPE].startswith("El")], [r for r in rows if r[TYPE] == "Poste"]


def _scaled(text: str, i: int) -> str:
    """A total of the fixture scaled by 1.00 to 1.96 (decimal comma, as the export writes it)."""
    value = float(text.replace(",", ".")) * (1 + (i % 97) / 100)
    return f"{value:.4g}".replace(".", ",")


def export_text(elements: int = 20_000) -> str:
    """The text of an export of ``elements`` elements (CRLF line ends, ``;``, quoted as the original)."""
    header, element_rows, post_rows = _fixture()
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    taken = 0
    for i in range(elements):
        identifier = str(100_000 + i)
        row = list(element_rows[i % len(element_rows)])
        row[ELEMENT], row[TOTAL] = identifier, _scaled(row[TOTAL], i)
        row[STATUS] = "Archivé" if i % 10 == 9 else "Valide générique"
        writer.writerow(row)
        for _ in range(i * 7 % 6):  # 0 to 5 posts, the same count for every sixth element
            post = list(post_rows[taken % len(post_rows)])
            taken += 1
            post[ELEMENT], post[STATUS] = identifier, row[STATUS]
            writer.writerow(post)
    return out.getvalue()


def write_export(path: Path, elements: int = 20_000, encoding: str = "cp1252") -> Path:
    """Write an export of ``elements`` elements to ``path`` in ``encoding`` (the export's Windows-1252, or UTF-8)."""
    path.write_bytes(export_text(elements).encode(encoding))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", type=Path)
    parser.add_argument("--elements", type=int, default=20_000)
    parser.add_argument("--encoding", default="cp1252", choices=["cp1252", "utf-8"])
    args = parser.parse_args()
    write_export(args.output, args.elements, args.encoding)


if __name__ == "__main__":
    main()
