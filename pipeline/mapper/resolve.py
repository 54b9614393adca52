"""Choosing among the ways a table's rows can be read, by the identities they satisfy.

Rows read cell by cell have one reading. Rows cut out of run-together digits may have several; the
combination that satisfies the most identities wins. Where equally good combinations disagree on a cell,
that cell is ambiguous: the reading chosen (by the text's own mentions of the number, then a 0 in a column
that is usually 0, see :data:`.splits.ZERO_PRIOR_COLUMNS`, then by the most even cut) is kept, flagged, with
the alternatives beside it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from ..template.identities import count_holding
from ..template.schema import Identity
from .splits import Candidate, Fit, balance, zero_prior

#: Above this many combinations, rows are chosen one at a time instead of jointly.
MAX_COMBINATIONS = 20000
#: Alternatives kept in the record for an ambiguous row.
MAX_ALTERNATIVES = 5


@dataclass
class RowFit:
    label: str  # the row as printed, for messages
    keys: list[str]
    fit: Fit
    chosen: Candidate | None = None
    ambiguous: bool = False
    alternatives: list[Candidate] = field(default_factory=list)
    label_score: float = 100.0  # how well the printed label matched the template's


def values_of(rows: list[RowFit]) -> dict[str, object]:
    out: dict[str, object] = {}
    for row in rows:
        if row.chosen is not None:
            out.update({k: p.value for k, p in zip(row.keys, row.chosen, strict=True)})
    return out


def resolve(rows: list[RowFit], identities: list[Identity], support: Callable[[RowFit, Candidate], int]) -> None:
    """Set ``chosen``, ``ambiguous`` and ``alternatives`` on every row that has a reading."""
    open_rows = []
    for row in rows:
        if len(row.fit.candidates) == 1:
            row.chosen = row.fit.candidates[0]
        elif row.fit.candidates:
            open_rows.append(row)
    def tiebreak(row: RowFit, cand: Candidate) -> tuple:
        return (-support(row, cand), zero_prior(row.keys, cand), balance(cand))

    tied = [r for r in open_rows if not any(set(i.keys) & set(r.keys) for i in identities)]
    for row in tied:  # no identity touches the row: only the tie-breaks can order its readings
        options = sorted(row.fit.candidates, key=lambda c, row=row: tiebreak(row, c))
        row.chosen, row.ambiguous, row.alternatives = options[0], True, options[1 : 1 + MAX_ALTERNATIVES]
    open_rows = [r for r in open_rows if r not in tied]
    if not open_rows:
        return
    base = values_of(rows)
    relevant = [i for i in identities if set(i.keys) & {k for r in open_rows for k in r.keys}]

    sizes = [len(r.fit.candidates) for r in open_rows]
    total = 1
    for s in sizes:
        total *= s
    if total <= MAX_COMBINATIONS:
        scored = []
        for combo in itertools.product(*(r.fit.candidates for r in open_rows)):
            values = dict(base)
            for row, cand in zip(open_rows, combo, strict=True):
                values.update({k: p.value for k, p in zip(row.keys, cand, strict=True)})
            ok, broken = count_holding(relevant, values)
            scored.append((ok - broken, combo))
        top = max(s for s, _ in scored)
        best = [combo for s, combo in scored if s == top]
    else:
        best = [tuple(_one_at_a_time(open_rows, base, relevant, tiebreak))]
    for i, row in enumerate(open_rows):
        options = list({tuple(p.raw for p in combo[i]): combo[i] for combo in best}.values())
        options.sort(key=lambda c, row=row: tiebreak(row, c))
        row.chosen = options[0]
        row.ambiguous = len(options) > 1 or total > MAX_COMBINATIONS
        row.alternatives = options[1 : 1 + MAX_ALTERNATIVES]


def _one_at_a_time(rows: list[RowFit], base: dict, identities: list[Identity],
                   tiebreak: Callable[[RowFit, Candidate], tuple]) -> list[Candidate]:
    """Coordinate ascent for tables too tangled to enumerate: each row in turn takes its best reading."""
    chosen = [min(r.fit.candidates, key=lambda c, r=r: tiebreak(r, c)) for r in rows]
    for _ in range(3):
        for i, row in enumerate(rows):
            def score(cand: Candidate, i: int = i, row: RowFit = row) -> tuple:
                values = dict(base)
                for r, c in zip(rows, chosen[:i] + [cand] + chosen[i + 1 :], strict=True):
                    values.update({k: p.value for k, p in zip(r.keys, c, strict=True)})
                ok, broken = count_holding(identities, values)
                return (broken - ok, *tiebreak(row, cand))

            chosen[i] = min(row.fit.candidates, key=score)
    return chosen
