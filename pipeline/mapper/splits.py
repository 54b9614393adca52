"""Fitting the values printed after a row label to the row's columns, splitting run-together digits.

Text such as ``801000081`` holds a whole row (80|1|0|0|0|0|81). Every way of cutting it into the row's
cells is enumerated (a cell never starts with a 0 unless it is 0); which cut is right is decided by the
identities, never here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from .stream import ValueTok

#: Give up enumerating a row's splits past this many (the row is then reported, not guessed).
MAX_SPLITS = 20000


@dataclass(frozen=True, eq=False, slots=True)
class Part:
    """One cell's value as read: the printed text and where it stands."""

    raw: str
    kind: str  # "number" | "null" | "empty"
    where: dict
    split: bool = False  # cut out of a longer run of digits

    @property
    def value(self) -> int | Decimal | None:
        if self.kind != "number":
            return None
        return Decimal(self.raw) if "." in self.raw else int(self.raw)


Candidate = tuple[Part, ...]


@dataclass
class Fit:
    candidates: list[Candidate]
    method: str  # "cells" | "split" | "trimmed"
    note: str = ""


def fit_row(tokens: list[ValueTok], n: int, decimal_ok: list[bool],
            keep: Callable[[Candidate], bool] | None = None,
            prune: Callable[[list[Part]], bool] | None = None,
            signed_ok: list[bool] | None = None) -> Fit:
    """The ways ``tokens`` can fill ``n`` cells. ``keep`` filters whole candidates (a row identity);
    ``prune`` cuts the search short on a partial reading that already breaks one (a group total);
    ``signed_ok`` names the columns a minus glued between digits may sign (none, when not given: only table 二's
    本年增/减 can be negative; elsewhere ``0546-8909001`` is a dash between two numbers)."""
    signed = signed_ok if signed_ok is not None else [False] * n
    if len(tokens) > n:
        tokens = _trim_empty(tokens, n)
        if len(tokens) > n:
            return Fit([_as_parts(tokens[:n], signed)], "trimmed",
                       f"{len(tokens) - n} extra value(s) after the row ignored")
    if len(tokens) == n:
        return Fit([_as_parts(tokens, signed)], "cells")
    if not tokens or not all(t.splittable for t in tokens if t.kind == "number"):
        return Fit([], "missing", f"{n} cells expected, {len(tokens)} printed")
    every = []
    for cand in _splits(tokens, n, decimal_ok, prune, signed):
        every.append(cand)
        if len(every) >= MAX_SPLITS:
            return Fit([], "missing", f"too many ways to split {' '.join(t.raw for t in tokens)} into {n} cells")
    if not every:
        return Fit([], "missing", f"no way to split {' '.join(t.raw for t in tokens)} into {n} cells")
    kept = [c for c in every if keep is None or keep(c)]
    if not kept:
        return Fit(every, "split", "no split satisfies the row's own total")
    return Fit(kept, "split")


def with_blank_cells(fit: Fit, tokens: list[ValueTok], n: int, decimal_ok: list[bool],
                     signed_ok: list[bool] | None = None, keep: Callable[[Candidate], bool] | None = None,
                     why: str = "") -> Fit:
    """``fit`` plus the readings where each value printed in running text is one whole cell and the cells left
    over were printed blank (OCR text keeps no trace of a blank cell: ``规范性文件 0 16`` may be 0 | 1 | 6 or
    blank | 0 | 16). Every constraint the row offers narrows the placements: the values keep their order, a
    decimal only in a column of amounts, a minus only in a column that can be negative (``signed_ok``: 本年增/减),
    and ``keep`` (the row's identities, ``why`` names them). Where one placement is left it is the row's reading,
    its values marked ``placed``; where several are, all are kept, for the identities and then a person to
    decide. Either way the note says blanks were inferred, and the record is reviewed."""
    if not tokens or len(tokens) >= n or not all(from_text(t.where) and not t.glued for t in tokens):
        return fit
    how = "the values' order and columns" + (f", and {why}" if why else "")
    fitting = [c for c in placements(tokens, n, decimal_ok, signed_ok, how) if keep is None or keep(c)]
    if not fitting:
        return fit
    one = len(fitting) == 1 and not fit.candidates
    note = "; ".join(filter(None, [fit.note, "fewer values than cells: the cells left over read as blank, " + (
        f"one placement fits ({how})" if one else "every placement kept")]))  # reviewed even where one is left
    return Fit(fit.candidates + fitting, "split", note)


def placements(tokens: list[ValueTok], n: int, decimal_ok: list[bool], signed_ok: list[bool] | None = None,
               how: str = "the values' order and columns") -> list[Candidate]:
    """Every way to put ``tokens``, whole and in their order, into ``n`` cells, the others blank, where each value
    suits its column (a decimal in an amount column, a negative number in a signed one); each part's ``placed``
    says ``how`` it was placed (the provenance's method ``placed``)."""
    signed = signed_ok if signed_ok is not None else [True] * n
    fits = [[t.kind != "number" or (_valid(t.raw, decimal_ok[j]) and (signed[j] or not t.raw.startswith("-")))
             for j in range(n)] for t in tokens]
    blank = Part("", "empty", tokens[0].where | {"placed": how})
    whole = [Part(t.raw, t.kind, t.where | {"placed": how}) for t in tokens]
    out = []
    for slots in combinations(range(n), len(tokens)):
        if all(fits[i][j] for i, j in enumerate(slots)):
            parts = [blank] * n
            for i, j in enumerate(slots):
                parts[j] = whole[i]
            out.append(tuple(parts))
    return out


def blank_fit(n: int, where: dict) -> Fit:
    """A row printed in running text with no value at all: its cells were printed blank (null)."""
    return Fit([tuple(Part("", "empty", where) for _ in range(n))], "blank",
               "printed with no values in running text: read as blank cells (null)")


def from_text(where: dict) -> bool:
    """Whether a token was read from running text or a 1-D run of cells, where blank cells at the end of a row
    or table leave no trace (a grid keeps them as empty cells)."""
    return "row" not in where


def _trim_empty(tokens: list[ValueTok], n: int) -> list[ValueTok]:
    """Drop padding cells (empty ones) from the end, then from the start, down to ``n``."""
    tokens = list(tokens)
    while len(tokens) > n and tokens[-1].kind == "empty":
        tokens.pop()
    while len(tokens) > n and tokens[0].kind == "empty":
        tokens.pop(0)
    return tokens


def _as_parts(tokens: list[ValueTok], signed: list[bool]) -> Candidate:
    """One token a cell; a minus glued between digits is a dash where the column cannot be negative."""
    return tuple(Part(t.raw[1:], t.kind, _shifted(t.where, 1) | {"text": t.raw[1:]}) if t.glued and not ok
                 else Part(t.raw, t.kind, t.where) for t, ok in zip(tokens, signed, strict=False))


def _splits(tokens: list[ValueTok], n: int, decimal_ok: list[bool],
            prune: Callable[[list[Part]], bool] | None = None,
            signed: list[bool] | None = None) -> Iterator[Candidate]:
    signed = signed if signed is not None else [False] * n
    # capacity[i]: the most cells tokens i.. can fill (every digit its own cell, a glued minus a null cell)
    capacity = [0] * (len(tokens) + 1)
    for i in range(len(tokens) - 1, -1, -1):
        tok = tokens[i]
        capacity[i] = capacity[i + 1] + (len(tok.raw.replace(".", "").replace("-", "")) + tok.glued
                                         if _splittable(tok) else 1)

    def rec(i: int, pos: int, acc: list[Part]) -> Iterator[Candidate]:
        if i == len(tokens):
            if pos == n:
                yield tuple(acc)
            return
        tok = tokens[i]
        if not _splittable(tok):
            if pos < n:
                yield from rec(i + 1, pos + 1, [*acc, Part(tok.raw, tok.kind, tok.where)])
            return
        most = n - pos - (len(tokens) - i - 1)  # each later token fills at least one cell
        least = max(1, n - pos - capacity[i + 1])
        for parts in _cuts(tok.raw, least, most, decimal_ok[pos:], signed[pos:]):
            grown = acc + [_piece(tok, s, e, len(parts) > 1) for s, e in parts]
            if prune is None or prune(grown):
                yield from rec(i + 1, pos + len(parts), grown)
        if tok.glued and pos < n - 1:  # the glued minus read as a null cell ("-"), the digits after it
            null = Part("-", "null", tok.where | {"text": "-"})
            rest = ValueTok(tok.raw[1:], "number", True, _shifted(tok.where, 1))
            for parts in _cuts(rest.raw, max(1, least - 1), most - 1, decimal_ok[pos + 1 :], [False] * n):
                grown = acc + [null] + [_piece(rest, s, e, True) for s, e in parts]
                if prune is None or prune(grown):
                    yield from rec(i + 1, pos + 1 + len(parts), grown)

    yield from rec(0, 0, [])


def _splittable(tok: ValueTok) -> bool:
    return tok.kind == "number" and tok.splittable


def _shifted(where: dict, s: int, e: int | None = None) -> dict:
    """``where`` for the characters ``s:e`` of its token."""
    out = dict(where)
    if "span" in out:
        out["span"] = [out["span"][0] + s, out["span"][1] if e is None else out["span"][0] + e]
    if "offset" in out:
        out["offset"] = out["offset"] + s
    return out


def _piece(tok: ValueTok, s: int, e: int, split: bool) -> Part:
    where = _shifted(tok.where, s, e)
    where["text"] = tok.raw[s:e]
    if split:
        where["run"] = tok.raw
    return Part(tok.raw[s:e], "number", where, split)


def _cuts(digits: str, least: int, most: int, decimal_ok: list[bool],
          signed: list[bool] | None = None) -> Iterator[list[tuple[int, int]]]:
    """Every cut of ``digits`` into ``least``..``most`` valid numbers, as (start, end) pairs."""

    def rec(start: int, k: int) -> Iterator[list[tuple[int, int]]]:
        if start == len(digits):
            if k >= least:
                yield []
            return
        if k >= most:
            return
        last = k + 1 == most
        for end in range(len(digits) if last else start + 1, len(digits) + 1):
            if len(digits) - end < least - k - 1:
                break  # too few digits left for the cells still to fill
            piece = digits[start:end]
            if not _valid(piece, decimal_ok[k] if k < len(decimal_ok) else False):
                continue
            if piece.startswith("-") and signed is not None and not (k < len(signed) and signed[k]):
                continue  # a minus only signs a column that can be negative
            if end < len(digits) and digits[end] == ".":
                continue  # a cut never separates a number from its decimals
            for rest in rec(end, k + 1):
                yield [(start, end), *rest]

    yield from rec(0, 0)


def _valid(piece: str, decimal_ok: bool) -> bool:
    if piece.startswith(".") or piece.endswith(".") or piece.count(".") > 1:
        return False
    if "." in piece and not decimal_ok:
        return False
    whole = piece.split(".")[0].lstrip("-")
    return bool(whole) and (whole == "0" or not whole.startswith("0"))


#: Columns whose printed value is most often 0: table 二's 本年增/减 (in a researcher's run, 8 of the 10 rows the
#: most even cut got wrong had a true 0 there). Among cuts nothing else decides, one with 0 there is preferred.
ZERO_PRIOR_COLUMNS = ("change",)


def zero_prior(keys: list[str], candidate: Candidate) -> int:
    """How many of the row's often-zero cells this cut leaves non-zero (lower is likelier)."""
    return sum(1 for key, part in zip(keys, candidate, strict=True)
               if key.rpartition(".")[2] in ZERO_PRIOR_COLUMNS and part.raw != "0")


def balance(candidate: Candidate) -> tuple[int, int]:
    """How even the cut is (longest cell, then spread): the last tie-break between equal candidates."""
    lengths = [len(p.raw.lstrip("-")) if p.kind == "number" else 0 for p in candidate]
    return max(lengths), max(lengths) - min(lengths)
