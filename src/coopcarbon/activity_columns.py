"""Activity lines as columns: a few checked kinds of line, and a magnitude and a label per line.

A ledger of a hundred thousand lines uses a handful of kinds of line: lines with the same unit,
factor, categories, data quality, site, group and note. :class:`ActivityColumns` keeps one
checked :class:`~coopcarbon.activities.ActivityLine` per kind (its template, of magnitude 0)
and, per line, the code of its kind, its magnitude and its label. It is a sequence of activity
lines, each made when it is read; the engine and the result read the columns and the kinds
(:meth:`ActivityColumns.per_line`), so the lines of a large CSV ledger are never made on the way
from the file to the totals.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from .activities import ActivityLine, line_like

__all__ = ["ActivityColumns", "codes_of", "first_of_each", "labels_of", "magnitudes_of"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


class ActivityColumns(Sequence[ActivityLine]):
    """Activity lines kept as columns; line ``i`` is ``kinds[kind[i]]`` with its magnitude and label.

    Parameters
    ----------
    kinds
        One checked line per kind of line (its magnitude and label are not used).
    kind
        Each line's index into ``kinds``.
    magnitudes
        Each line's quantity [in its kind's unit].
    labels
        Each line's label.
    whole
        For each kind, whether it is a whole line given as an object (:meth:`join` of plain
        lines): that line is given back as it is, with its own magnitude and label.

    Notes
    -----
    Reading ``columns[i]`` makes the line (``==`` to the line
    ``ActivityLine(magnitude=..., unit=..., ...)`` would make); iterating makes every line in
    turn. Two sequences of lines are equal when their lines are.
    """

    __slots__ = ("kind", "kinds", "labels", "magnitudes", "whole")

    def __init__(self, kinds: Sequence[ActivityLine], kind: IntArray, magnitudes: FloatArray,
                 labels: Sequence[str], whole: Sequence[bool] | None = None) -> None:
        if not len(kind) == len(magnitudes) == len(labels):
            raise ValueError(f"{len(kind)} kind codes, {len(magnitudes)} magnitudes and {len(labels)} labels")
        self.kinds = tuple(kinds)
        self.kind = kind
        self.magnitudes = magnitudes
        self.labels = labels
        self.whole = tuple(whole) if whole is not None else (False,) * len(self.kinds)

    @classmethod
    def join(cls, parts: Sequence[Sequence[ActivityLine]]) -> ActivityColumns:
        """The lines of ``parts`` in turn, as columns: a line of a plain sequence is its own kind."""
        kinds: list[ActivityLine] = []
        whole: list[bool] = []
        codes: list[IntArray] = []
        magnitudes: list[FloatArray] = []
        labels: list[str] = []
        for part in parts:
            if isinstance(part, ActivityColumns):
                codes.append(part.kind + len(kinds))
                magnitudes.append(part.magnitudes)
                labels.extend(part.labels)
                kinds.extend(part.kinds)
                whole.extend(part.whole)
            else:
                codes.append(np.arange(len(kinds), len(kinds) + len(part), dtype=np.intp))
                magnitudes.append(np.array([float(line.magnitude) for line in part], dtype=np.float64))
                labels.extend(line.label for line in part)
                kinds.extend(part)
                whole.extend([True] * len(part))
        if not codes:
            return cls((), np.zeros(0, dtype=np.intp), np.zeros(0), [])
        return cls(kinds, np.concatenate(codes), np.concatenate(magnitudes), labels, whole)

    def __len__(self) -> int:
        return len(self.labels)

    @overload
    def __getitem__(self, index: int) -> ActivityLine: ...

    @overload
    def __getitem__(self, index: slice) -> ActivityColumns: ...

    def __getitem__(self, index: int | slice) -> ActivityLine | ActivityColumns:
        if isinstance(index, slice):
            return ActivityColumns(self.kinds, self.kind[index], self.magnitudes[index], self.labels[index],
                                   self.whole)
        i = range(len(self))[index]  # negative indices, and IndexError past the end
        code = int(self.kind[i])
        kind = self.kinds[code]
        return kind if self.whole[code] else line_like(kind, float(self.magnitudes[i]), self.labels[i])

    def __iter__(self) -> Iterator[ActivityLine]:
        kinds, whole = self.kinds, self.whole
        for code, magnitude, label in zip(self.kind.tolist(), self.magnitudes.tolist(), self.labels, strict=True):
            yield kinds[code] if whole[code] else line_like(kinds[code], magnitude, label)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # a sequence compared by its lines

    def __repr__(self) -> str:
        return f"<ActivityColumns: {len(self)} lines of {len(self.kinds)} kinds>"

    def per_line(self, values: Sequence[Any] | npt.NDArray[Any], dtype: Any) -> npt.NDArray[Any]:
        """``values`` (one per kind) spread to every line."""
        return np.asarray(values, dtype=dtype).reshape(len(self.kinds))[self.kind]


def codes_of(lines: Sequence[ActivityLine], group: Callable[[ActivityLine], Hashable],
             index: dict[Any, int]) -> IntArray:
    """Each line's group code: ``index`` numbers the groups ``group(line)`` in order of first use.

    Columns are read kind by kind (``group`` must then depend on a line's kind, not on its
    magnitude or label: true of every field but those two); other sequences line by line.
    """
    if isinstance(lines, ActivityColumns):
        per_kind = np.full(len(lines.kinds), -1, dtype=np.intp)
        for k in first_of_each(lines.kind, len(lines.kinds))[1].tolist():  # kinds in order of their first line
            per_kind[k] = index.setdefault(group(lines.kinds[k]), len(index))
        return per_kind[lines.kind]
    return np.fromiter((index.setdefault(group(line), len(index)) for line in lines), dtype=np.intp,
                       count=len(lines))


def magnitudes_of(lines: Sequence[ActivityLine]) -> FloatArray:
    """The quantity of each line [its unit]."""
    if isinstance(lines, ActivityColumns):
        return lines.magnitudes
    return np.fromiter((float(line.magnitude) for line in lines), dtype=np.float64, count=len(lines))


def labels_of(lines: Sequence[ActivityLine]) -> Sequence[str]:
    """The label of each line."""
    return lines.labels if isinstance(lines, ActivityColumns) else [line.label for line in lines]


def first_of_each(codes: IntArray, size: int) -> tuple[IntArray, IntArray]:
    """The first element of each code, and the codes present in order of their first element.

    ``codes`` lie in ``[0, size)``; a code absent has ``len(codes)`` as its first element. Linear
    time (``np.unique`` sorts).
    """
    n = len(codes)
    first = np.full(size, n, dtype=np.intp)
    first[codes[::-1]] = np.arange(n - 1, -1, -1, dtype=np.intp)  # the last write wins: the first element
    present = np.flatnonzero(first < n)
    return first, present[np.argsort(first[present], kind="stable")]
