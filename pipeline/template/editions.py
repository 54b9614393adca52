"""The template editions, one object each: what marks a report as printed in it, and what it prints.

An edition's name is the schema's ``meta.edition`` value (``"2019"``, ``"2021"``, ``"legacy"`` for the
2008–2018 reports, called pre-2019 in the code). Stages never spell those names: they ask an :class:`Edition`
(``by_name(name).template``, ``.splits_other`` …), so the next template edition is one more object here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Edition:
    """One edition of the annual report."""

    name: str  # the schema's value of meta.edition
    description: str
    #: prints the template tables 二/三/四 (checked against the identities); else a provincial statistics table
    template: bool
    #: the first year reported on in this edition (None: from the start)
    first_year: int | None
    #: words of its tables that only this edition prints (they decide the edition)
    markers: tuple[str, ...] = ()
    #: rows only this edition's table 三 has: a report printing them is of this edition whatever table 二 says
    decisive_rows: tuple[str, ...] = ()
    #: the circular that issued the template (decides only where the report states no year)
    circular: re.Pattern[str] | None = None
    #: table 三 prints （六）其他处理 as three sub-rows unless the report prints it as one row
    splits_other: bool = False

    def identities(self) -> list:
        """The accounting identities a record of this edition must satisfy (none for pre-2019 reports)."""
        from .schema import load_schema

        return load_schema().identities_for(self.name) if self.template else []


def _circular(year: int, number: int) -> re.Pattern[str]:
    return re.compile(rf"国办公开办函\s*[〔\[(（]\s*{year}\s*[〕\])）]\s*{number}\s*号")


PRE2019 = Edition(
    name="legacy",
    description="2008–2018 reports (and 2019–2020 ones that predate the template): a statistics table per province",
    template=False,
    first_year=None,
)
TEMPLATE_2019 = Edition(
    name="2019",
    description="the 2019 template (国办公开办函〔2019〕60号), reports on 2019 and 2020",
    template=True,
    first_year=2019,
    markers=("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增减", "采购项目数量", "采购总金额"),
    circular=_circular(2019, 60),
)
TEMPLATE_2021 = Edition(
    name="2021",
    description="the 2021 template (国办公开办函〔2021〕30号), reports on 2021 onward",
    template=True,
    first_year=2021,
    markers=("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额",
             "申请人无正当理由逾期不补正", "逾期未按收费通知要求缴纳费用"),
    decisive_rows=("申请人无正当理由逾期不补正", "逾期未按收费通知要求缴纳费用"),
    circular=_circular(2021, 30),
    splits_other=True,
)

#: Every edition, the templates oldest first, then the pre-2019 one; the schema's editions are these names.
EDITIONS: tuple[Edition, ...] = (TEMPLATE_2019, TEMPLATE_2021, PRE2019)
#: The edition assumed where nothing printed decides (the current template).
DEFAULT = TEMPLATE_2021


@cache
def by_name(name: str | None) -> Edition:
    """The edition of that name; ``None`` is the default one. Raises KeyError for an unknown name."""
    if name is None:
        return DEFAULT
    for e in EDITIONS:
        if e.name == name:
            return e
    raise KeyError(f"unknown edition {name!r} (known: {', '.join(e.name for e in EDITIONS)})")


def edition_names() -> tuple[str, ...]:
    return tuple(e.name for e in EDITIONS)


def template_editions() -> tuple[str, ...]:
    """The names of the editions printed on the template, oldest first."""
    return tuple(e.name for e in EDITIONS if e.template)


def is_template(name: str | None) -> bool:
    return by_name(name).template


def template_edition_for_year(year: int) -> Edition:
    """The template edition in force for a report on ``year`` (the oldest template before its first year)."""
    templates = [e for e in EDITIONS if e.template]
    in_force = [e for e in templates if e.first_year is not None and e.first_year <= year]
    return in_force[-1] if in_force else templates[0]
