"""The template's printed labels, and a scanner that finds them in cell text or in run-together text.

The vocabulary is derived from the schema's row and column labels, plus the few header words that the
template prints without a key of their own (申请人情况, 信息内容, 本年度办理结果 …).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from .normalize import fold_width, normalize_label, normalize_with_offsets
from .schema import Schema, load_schema

#: A fuzzy label match needs at least this rapidfuzz ratio (0-100).
FUZZY_MIN_SCORE = 80.0
#: Unknown text shorter than this (normalised) is not fuzzy-matched: too little to go on.
FUZZY_MIN_CHARS = 3
#: The first line of a wrapped label, this long at least, matches the one label it starts (score given).
PREFIX_MIN_CHARS = 6
PREFIX_SCORE = 85.0
#: Longer unknown text is a sentence, not a label: the learned classifier is not asked about it.
LEARNED_MAX_CHARS = 40

CN_DIGITS = "一二三四五六七八九十"
_CN_VALUE = {c: i + 1 for i, c in enumerate(CN_DIGITS)}

#: Item numbering printed before a label: （三） / 三、 / 3.
NUMBERING_RE = re.compile(
    rf"\(\s*(?P<paren>[{CN_DIGITS}]{{1,3}})\s*\)|(?P<dun>[{CN_DIGITS}]{{1,3}})\s*、|(?P<arabic>\d{{1,2}})\s*[.、](?=\s*\D)"
)
#: 第二十条第（一）项: the sub-table anchors of table 二.
ARTICLE_ITEM_RE = re.compile(rf"第二十条\s*第?\s*\(?\s*(?P<item>[{CN_DIGITS}]{{1,3}})\s*\)?\s*项")
_ENGLISH_NOTE = re.compile(r"\s*\([A-Za-z][^)]*\)\s*$")


def cn_number(text: str) -> int:
    """一..九十九 as an int (enough for item numbering)."""
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_VALUE[text[1]]
    if len(text) == 3 and text[1] == "十":
        return _CN_VALUE[text[0]] * 10 + _CN_VALUE[text[2]]
    if text.endswith("十"):
        return _CN_VALUE[text[0]] * 10
    return _CN_VALUE[text[0]]


@dataclass(frozen=True)
class Numbering:
    style: str  # "paren" （一）, "dun" 一、, "arabic" 1.
    number: int

    @classmethod
    def parse(cls, match: re.Match) -> Numbering:
        for style in ("paren", "dun", "arabic"):
            if match.group(style):
                text = match.group(style)
                return cls(style, int(text) if style == "arabic" else cn_number(text))
        raise ValueError(match.group(0))


@dataclass(frozen=True)
class LabelRef:
    """What a printed label means in the template."""

    table: str  # "active" | "requests" | "litigation"
    kind: str  # "row" | "col" | "group" | "header" | "item"
    ident: str  # row id, column id, group id or header word
    numbering: Numbering | None = None  # the numbering the template prints before it


@dataclass(frozen=True)
class LabelMatch:
    refs: tuple[LabelRef, ...]
    numbering: Numbering | None
    start: int  # offsets into the scanned text
    end: int
    printed: str
    score: float  # 100 for an exact (normalised) match


def _split_numbering(label: str) -> tuple[Numbering | None, str]:
    label = fold_width(label).strip()
    m = NUMBERING_RE.match(label)
    if m:
        return Numbering.parse(m), label[m.end() :].strip()
    return None, label


def _variants(core: str) -> set[str]:
    """The full label and the shorter forms that reports print (text before a note or a clause)."""
    out = {normalize_label(core)}
    for sep in ("(", "（", "、", "，"):
        head = core.split(sep)[0]
        if len(normalize_label(head)) >= 4:
            out.add(normalize_label(head))
    return {v for v in out if v}


#: Header words the template prints without a key of their own.
_EXTRA = [
    LabelRef("requests", "header", "申请人情况"),
    LabelRef("requests", "header", "法人或其他组织"),
    LabelRef("requests", "group", "本年度办理结果", Numbering("dun", 3)),
    LabelRef("requests", "header", "本列数据的勾稽关系为第一项加第二项之和等于第三项加第四项之和"),
    LabelRef("active", "header", "信息内容"),
    LabelRef("litigation", "header", "行政诉讼"),
]


#: The learned label classifiers, handed in by whoever owns the models (``pipeline.models.hand_in``): a loader
#: per scanner (``labels``, ``legacy_labels``), called the first time exact and fuzzy matching leave a label
#: to it. A scanner without one matches exactly and fuzzily only.
_LEARNED: dict[str, Callable[[], object | None]] = {}


_generation = 0


def use_learned(scanner: str, load: Callable[[], object | None] | None) -> None:
    """Give ``scanner`` (``labels`` or ``legacy_labels``) the loader of its learned classifier (None: none).

    Scans are cached, so a change forgets every cached scan and answer: a label read before the models were
    handed in (or under other models) must read the same as one read after, whatever ran first."""
    global _generation
    if _LEARNED.get(scanner) is load:
        return
    if load is None:
        _LEARNED.pop(scanner, None)
    else:
        _LEARNED[scanner] = load
    _generation += 1
    LabelIndex._learned.cache_clear()
    LabelIndex._scan_cached.cache_clear()


def learned_generation() -> int:
    """Changes whenever a learned classifier is handed in or taken away: the key of caches built on scans."""
    return _generation


def learned_refs(load_model, normalized: str) -> tuple[tuple[LabelRef, ...], float]:
    """A learned label classifier's answer as (refs, score 0–100); nothing without a model, or for text longer
    than a label (the model is only loaded for label-sized text)."""
    model = load_model() if load_model is not None and len(normalized) <= LEARNED_MAX_CHARS else None
    if model is None:
        return (), 0.0
    refs, probability = model.predict(normalized)
    return (refs, 100.0 * probability) if refs else ((), 0.0)


class LabelIndex:
    """Normalised label variants → what they mean, and a longest-match scanner over text."""

    #: The name its learned classifier is handed in under (:func:`use_learned`).
    LEARNED = "labels"

    def __init__(self, schema: Schema) -> None:
        self._refs: dict[str, list[LabelRef]] = defaultdict(list)
        for f in schema.fields.values():
            if f.table == "requests":
                self._add_requests(f)
            elif f.table == "active":
                for edition in f.editions:
                    row_label, col_label = f.labels(edition)
                    self._add(row_label, LabelRef("active", "row", f.row))
                    self._add(col_label, LabelRef("active", "col", f.column))
            elif f.key.split(".")[0] in ("review", "suit_direct", "suit_after_review"):
                group_label = f.row_label.split()[-1]
                self._add(group_label, LabelRef("litigation", "group", f.key.split(".")[0]))
                self._add(f.col_label, LabelRef("litigation", "col", f.column))
        for ref in _EXTRA:
            self._add(ref.ident, ref)
        self._index_variants()

    def _index_variants(self) -> None:
        """Variants by first character, longest first (the scan tries the longest match), and the fuzzy choices."""
        self._by_first: dict[str, list[str]] = defaultdict(list)
        for variant in self._refs:
            self._by_first[variant[0]].append(variant)
        for variants in self._by_first.values():
            variants.sort(key=len, reverse=True)
        self._choices = list(self._refs)

    def _add(self, label: str, ref: LabelRef, numbering: Numbering | None = None) -> None:
        label = _ENGLISH_NOTE.sub("", label)
        if ref.numbering is None and numbering is not None:
            ref = LabelRef(ref.table, ref.kind, ref.ident, numbering)
        for alternative in label.split("/") if "小计" in label else [label]:
            for variant in _variants(alternative):
                if ref not in self._refs[variant]:
                    self._refs[variant].append(ref)

    def _add_requests(self, f) -> None:
        row_label = _ENGLISH_NOTE.sub("", f.row_label)
        parts = row_label.split()
        if len(parts) == 2:
            group_numbering, group_core = _split_numbering(parts[0])
            self._add(group_core, LabelRef("requests", "group", normalize_label(group_core), group_numbering))
        numbering, core = _split_numbering(parts[-1])
        self._add(core, LabelRef("requests", "row", f.row, numbering))
        col_label = _ENGLISH_NOTE.sub("", f.col_label).split()[-1]
        self._add(col_label, LabelRef("requests", "col", f.column))

    def lookup(self, text: str) -> tuple[LabelRef, ...]:
        return tuple(self._refs.get(normalize_label(text), ()))

    def fuzzy(self, normalized: str) -> tuple[tuple[LabelRef, ...], float]:
        """The closest label to an unknown piece of text, if it is close enough."""
        if len(normalized) < FUZZY_MIN_CHARS:
            return (), 0.0
        hit = process.extractOne(normalized, self._choices, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE)
        if hit is not None:
            return tuple(self._refs[hit[0]]), float(hit[1])
        if len(normalized) >= PREFIX_MIN_CHARS:
            # a long label wrapped onto two lines: its first line is the start of exactly one label
            starts = {v for v in self._choices if v.startswith(normalized) and len(v) > len(normalized)}
            refs = {tuple(self._refs[v]) for v in starts}
            if len(refs) == 1:
                return refs.pop(), PREFIX_SCORE
        return self._learned(normalized)

    @lru_cache(maxsize=20000)  # noqa: B019 - one index per process, it lives as long as the cache
    def _learned(self, normalized: str) -> tuple[tuple[LabelRef, ...], float]:
        """The learned label classifier handed in for this scanner (:data:`LEARNED`), last: OCR noise, typos
        and variants the edit distance misses. Only label-sized text is asked (the longest template label is
        under 40 characters)."""
        return learned_refs(_LEARNED.get(self.LEARNED), normalized)

    def scan(self, text: str) -> list[LabelMatch]:
        """Every template label in ``text`` (cached: reports print the same labels over and over)."""
        return list(self._scan_cached(text))

    @lru_cache(maxsize=20000)  # noqa: B019 - one index per process, it lives as long as the cache
    def _scan_cached(self, text: str) -> tuple[LabelMatch, ...]:
        return tuple(self._scan(text))

    def _scan(self, text: str) -> list[LabelMatch]:
        """Every template label in ``text``, in order, with the numbering printed before it.

        ``text`` holds labels only (no values): one cell, or the text between two runs of digits.
        Unknown stretches are fuzzy-matched; what still matches nothing is left out.
        """
        text = fold_width(text)
        matches: list[LabelMatch] = []
        pending: Numbering | None = None
        pos = 0
        for m in _PIECE_RE.finditer(text):
            if m.start() > pos:
                matches.extend(self._scan_piece(text, pos, m.start(), pending))
                pending = None
            if m.group("item"):
                item = ARTICLE_ITEM_RE.match(m.group(0))
                matches.append(
                    LabelMatch((LabelRef("active", "item", str(cn_number(item.group("item")))),), None,
                               m.start(), m.end(), m.group(0), 100.0)
                )
            else:
                pending = Numbering.parse(m)
            pos = m.end()
        if pos < len(text):
            matches.extend(self._scan_piece(text, pos, len(text), pending))
        return matches

    def _scan_piece(self, text: str, start: int, end: int, numbering: Numbering | None) -> list[LabelMatch]:
        norm, offsets = normalize_with_offsets(text[start:end])
        out: list[LabelMatch] = []
        i = 0
        unknown_from: int | None = None
        unknown_seen = False
        piece_numbering = numbering

        def flush_unknown(upto: int) -> None:
            nonlocal numbering
            if unknown_from is None:
                return
            refs, score = self.fuzzy(norm[unknown_from:upto])
            if refs:
                s, e = start + offsets[unknown_from], start + offsets[upto - 1] + 1
                out.append(LabelMatch(refs, numbering, s, e, text[s:e], score))
            numbering = None  # numbering before unknown text belongs to that text

        while i < len(norm):
            hit = next((v for v in self._by_first.get(norm[i], ()) if norm.startswith(v, i)), None)
            if hit is None:
                unknown_seen = True
                if unknown_from is None:
                    unknown_from = i
                i += 1
                continue
            flush_unknown(i)
            unknown_from = None
            s, e = start + offsets[i], start + offsets[i + len(hit) - 1] + 1
            out.append(LabelMatch(tuple(self._refs[hit]), numbering, s, e, text[s:e], 100.0))
            numbering = None
            i += len(hit)
        flush_unknown(len(norm))
        exact = [m for m in out if m.score == 100.0]
        if len(exact) <= 1 and unknown_seen:
            # A typo can leave a short exact hit inside a longer label (其他|法律行政止公开): the whole
            # piece may still be one label.
            refs, score = self.fuzzy(norm)
            covered = sum(len(normalize_label(m.printed)) for m in exact)
            if refs and covered * 2 < len(norm):
                s, e = start + offsets[0], start + offsets[-1] + 1
                return [LabelMatch(refs, piece_numbering, s, e, text[s:e], score)]
        return out


_PIECE_RE = re.compile(f"(?P<item>{ARTICLE_ITEM_RE.pattern.replace('(?P<item>', '(?:')})|{NUMBERING_RE.pattern}")


@cache
def label_index() -> LabelIndex:
    return LabelIndex(load_schema())
