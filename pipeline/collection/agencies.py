"""One name per agency across the years of a collection, however each year's title prints it.

Reports name their agency a little differently from year to year (``洪泽区人民政府`` in 2023,
``淮安市洪泽区人民政府`` in 2024; ``平潭综合实验区管委会`` / ``平潭综合实验区管理委员会``). A panel needs
them as one agency, without joining two agencies that merely look alike (``清河区`` and ``清浦区``). The
rules, in order:

1. :func:`agency_key`: the name in a comparable form: width and traditional script folded, spaces and
   punctuation dropped (:func:`pipeline.template.normalize.normalize_label`), years and report words removed
   (``2023年度``, ``政府信息公开工作年度报告``), abbreviations written out (``管委会`` → ``管理委员会``,
   ``市政府`` → ``市人民政府``), and the governing body of a place reduced to the place
   (``淮安市人民政府`` → ``淮安市``, ``平潭综合实验区管理委员会`` → ``平潭综合实验区``, ``XX街道办事处`` →
   ``XX街道``): the government of a place and the place are the same reporting body. Its offices and
   departments are not (``淮安市人民政府办公室`` stays apart from ``淮安市``).
2. Same key, same agency.
3. A key that is another key with the higher places in front left out (``洪泽区`` and ``淮安市洪泽区``;
   ``淮安市`` and ``江苏省淮安市``) is that agency, when exactly one key of the collection has that form
   (``鼓楼区`` beside both ``南京市鼓楼区`` and ``福州市鼓楼区`` stays alone).
4. A near spelling (rapidfuzz ratio ≥ :data:`FUZZY_MIN` over the part after the place) of a key in the very
   same place (``淮安市住房和城乡建设局`` / ``淮安市住房城乡建设局``; an OCR slip) is the same agency, when the two
   never report in the same year (two reports of one year are two agencies, or a duplicate the panel shows).

Each group is named as its most specific key is printed (``淮安市洪泽区人民政府`` rather than ``洪泽区人民政府``),
in its most recent report (the most frequent, then the longest, on a tie); the panel keeps every printed name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..template.normalize import normalize_label

#: The least rapidfuzz ratio (0-100) of the parts after the place for two names to be one agency (rule 4).
FUZZY_MIN = 85.0
_CN_DIGITS = "〇零一二三四五六七八九"
_YEAR = re.compile(rf"(?:(?:19|20)\d{{2}}|[{_CN_DIGITS}]{{4}})年度?")
_REPORT_WORDS = re.compile(
    r"(?:政府信息公开|政务公开|信息公开)?(?:工作)?年度报告$|(?:政府信息公开|政务公开)工作报告$|^关于|的$")
_ABBREVIATIONS = ((re.compile("管委会"), "管理委员会"),
                  (re.compile(r"(?<=[省市区县旗州镇乡])政府"), "人民政府"),
                  (re.compile(r"人民政府办$"), "人民政府办公室"))
#: The governing body of a place, left out of the key (the place is the reporting body).
_GOVERNING = re.compile(r"(?:人民政府|管理委员会|行政公署|办事处)$")
_UNIT = r"(?:自治区|自治州|自治县|地区|省|市|州|盟|区|县|旗)"
#: A run of higher places (provinces, prefectures, cities) that a name may print in front of a lower one.
_HIGHER_PLACES = re.compile(r"^(?:[\u4e00-\u9fff]{1,8}?(?:自治区|自治州|地区|省|市|州|盟))+$")
#: The place at the start of a key: the administrative units it names, one after another.
_PLACE = re.compile(rf"^(?:[\u4e00-\u9fff]{{1,7}}?{_UNIT})+")


def agency_key(name: str) -> str:
    """The comparable form of an agency name (rule 1 of the module docstring)."""
    key = normalize_label(name)
    key = _YEAR.sub("", key)
    previous = None
    while previous != key:
        previous, key = key, _REPORT_WORDS.sub("", key)
    for pattern, replacement in _ABBREVIATIONS:
        key = pattern.sub(replacement, key)
    shorter = _GOVERNING.sub("", key)
    return shorter or key


def place_of(key: str) -> str:
    """The administrative place a key starts with (``淮安市洪泽区`` of ``淮安市洪泽区财政局``), or ''."""
    match = _PLACE.match(key)
    return match.group(0) if match else ""


@dataclass
class AgencyGroups:
    """The agency of every printed name: its group's key and its group's name."""

    key_of: dict[str, str]  # printed name -> group key
    name_of: dict[str, str]  # group key -> the group's name
    merges: list[tuple[str, str, str]]  # (key, merged into key, rule) for every merge beyond an equal key

    def group(self, printed: str) -> tuple[str, str]:
        """(group key, group name) of a printed name."""
        key = self.key_of[printed]
        return key, self.name_of[key]


class _Union:
    """Union-find over keys, with the years each group reports (two groups with a year in common never join
    by a near spelling)."""

    def __init__(self, years: dict[str, set[int]]) -> None:
        self.parent = {key: key for key in years}
        self.years = {key: set(found) for key, found in years.items()}

    def find(self, item: str) -> str:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:  # the longer key (more specific) leads, then the smaller, so the result is deterministic
            lead, other = sorted((ra, rb), key=lambda k: (-len(k), k))
            self.parent[other] = lead
            self.years[lead] |= self.years.pop(other)


def group_agencies(reports: Iterable[tuple[str, int | None]]) -> AgencyGroups:
    """Group the printed names of a collection; ``reports`` are (printed name, year) of every report."""
    years: dict[str, set[int]] = defaultdict(set)
    printed: dict[str, list[tuple[int, str]]] = defaultdict(list)
    key_of: dict[str, str] = {}
    for name, year in reports:
        key = key_of.setdefault(name, agency_key(name))
        if year is not None:
            years[key].add(year)
        printed[key].append((year if year is not None else -1, name))
    keys = sorted(printed)
    union = _Union({key: years[key] for key in keys})
    merges: list[tuple[str, str, str]] = []
    with_higher: dict[str, list[str]] = defaultdict(list)  # a key without its higher places -> the keys
    for key in keys:
        for cut in range(2, len(key)):
            if _HIGHER_PLACES.match(key[:cut]):
                with_higher[key[cut:]].append(key)
    for short in sorted(keys, key=lambda k: (-len(k), k)):  # rule 3; longer keys first, so chains join
        if not place_of(short):
            continue
        longer = {union.find(k) for k in with_higher.get(short, ())}
        if len(longer) == 1:
            target = longer.pop()
            union.join(short, target)
            merges.append((short, target, "higher places left out"))
    by_place: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        by_place[place_of(key)].append(key)
    for place, members in sorted(by_place.items()):  # rule 4: a near spelling in the same place
        if not place:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                ra, rb = union.find(a), union.find(b)
                rest_a, rest_b = a[len(place):], b[len(place):]
                if ra == rb or not rest_a or not rest_b or union.years[ra] & union.years[rb]:
                    continue
                score = fuzz.ratio(rest_a, rest_b)
                if score >= FUZZY_MIN:
                    union.join(a, b)
                    merges.append((a, b, f"near spelling ({score:.0f})"))
    name_of: dict[str, str] = {}
    for root in sorted({union.find(key) for key in keys}):
        names = printed[root]  # the most specific spelling: the group's key is the longest of its keys
        counts = Counter(name for _, name in names)
        latest = max(year for year, _ in names)
        candidates = sorted({name for year, name in names if year == latest},
                            key=lambda n: (-counts[n], -len(n), n))
        name_of[root] = candidates[0]
    return AgencyGroups({name: union.find(key) for name, key in key_of.items()}, name_of, merges)
