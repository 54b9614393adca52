"""What the table mappers share: their result, the check of a printed total, and the prose that can vouch
for a number."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from ..template.normalize import fold_width, normalize_label
from .resolve import RowFit
from .splits import Candidate

#: How far after a mention of a row's label a number in the prose still counts as about that row.
SUPPORT_WINDOW = 12
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass
class TableReading:
    table: str
    rows: list[RowFit] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return any(r.chosen is not None for r in self.rows)


def sum_holds(total: object, parts: list, every_part: bool) -> bool:
    """Whether a printed ``total`` is the sum of its ``parts`` (a value each, None where no number is
    printed), as far as the row tells: a total or parts not printed leave it untold (True). ``every_part``
    tells it only where every part is a number (the check of a cut of run-together digits, which fills every
    cell); else where one is, the others left out of the sum (the template's rule, as
    :func:`..template.identities.holds`: the check of a placement among blank cells, which leaves cells out).
    Tables 三 and 四 check their totals here, both ways."""
    if total is None:
        return True
    printed = [v for v in parts if v is not None]
    if not printed or (every_part and len(printed) < len(parts)):
        return True
    return sum(printed) == total


@lru_cache(maxsize=4096)
def _core(label: str) -> str:
    return normalize_label(label)


class ProseEvidence:
    """Numbers the report's prose states right after a label (…制发的规范性文件77件…)."""

    def __init__(self, text: Callable[[], str]) -> None:
        self._raw = text
        self._text: str | None = None

    @property
    def text(self) -> str:
        """Normalised on first use: only an ambiguous split ever asks."""
        if self._text is None:
            self._text = normalize_label(fold_width(self._raw()))
        return self._text

    def supported(self, label: str, number: str) -> bool:
        core = _core(label)
        if len(core) < 2 or len(number) < 2:
            return False
        for m in re.finditer(re.escape(core), self.text):
            window = self.text[m.end() : m.end() + SUPPORT_WINDOW]
            if any(n.group(0) == number for n in _NUMBER.finditer(window)):
                return True
        return False

    def support(self, row: RowFit, cand: Candidate) -> int:
        return sum(1 for p in cand if p.split and self.supported(row.label, p.raw))
