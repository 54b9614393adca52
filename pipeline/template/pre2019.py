"""The legacy (2008-2018) statistics tables: the indicator names provinces printed, and a scanner for them.

Before the 2019 template every province drew its own 政府信息公开情况统计表 (Fujian's 指标名称 | 计量单位 |
本年度 | 历年累计; the national 统计指标 | 单位 | 统计数 with 一、主动公开情况 … as categories; 序号 | 指标 |
单位 | 数量 …). Only the core indicators ``legacy.*`` of the schema are canonical, but every row a table prints
has to be recognised: in a flattened table the next label is what ends a row's values. So the vocabulary
holds, besides the core indicators (kind ``row``), the other rows provinces print (``other``), the category
headings (``group``), the header words (``col``) and the 其中 that opens sub-rows (``mark``).

The scanner is the template's :class:`~pipeline.template.labels.LabelIndex` (exact match after
normalisation, then rapidfuzz, then a learned label classifier) over this vocabulary. Its classifier is the
legacy one (``models/labels/legacy_model.npz``, trained by ``gongkai train`` from this vocabulary), so the
template's tables and these never share answers.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from .labels import NUMBERING_RE, LabelIndex, LabelMatch, LabelRef, Numbering
from .normalize import fold_width, normalize_label
from .schema import PRE2019_TABLE

TABLE = PRE2019_TABLE

#: Core indicators (``legacy.<ident>``) and the names provinces print for them.
INDICATORS: dict[str, tuple[str, ...]] = {
    "active_published": (
        "主动公开政府信息数", "主动公开文件数", "主动公开政府信息条数", "主动公开政府信息总数", "主动公开信息数",
        "主动公开政府信息数量", "主动公开信息总数", "主动公开政府信息", "公开政府信息总数", "主动公开数",
        "主动公开政府文件数",
    ),
    "requests_received": (
        "受理政府信息依申请公开总数", "受理依申请公开申请总数", "收到政府信息公开申请总数", "申请受理总数", "受理政府信息公开申请总数", "收到申请数", "收到政府信息公开申请数",
        "受理申请总数", "受理申请数", "依申请公开申请数", "政府信息公开申请数", "收到申请总数",
        "受理依申请公开总数", "申请总数", "受理政府信息公开申请数", "依申请公开政府信息申请数",
        "收到依申请公开申请数",
    ),
    "replies_total": (
        "对申请的答复总数", "申请答复数", "答复总数", "对申请的答复数", "已答复申请数", "答复申请总数",
        "申请答复总数", "依申请公开答复总数", "申请答复总件数", "依申请公开答复数",
    ),
    "granted": ("同意公开答复数", "同意公开数", "同意公开", "予以公开数", "全部公开数", "同意公开的"),
    "partially_granted": (
        "同意部分公开答复数", "同意部分公开数", "部分公开答复数", "部分公开数", "同意部分公开", "部分同意公开数",
    ),
    "denied": (
        "不予公开答复数", "不同意公开答复数", "不予公开数", "不同意公开数", "不予公开", "不同意公开",
        "否决公开答复数", "否决公开数", "否决公开", "否定公开答复数", "不予以公开答复数",
    ),
    "reviews": (
        "行政复议数", "行政复议数量", "行政复议案件数", "申请行政复议数", "因政府信息公开申请行政复议数",
        "行政复议", "被申请行政复议数",
    ),
    "suits": (
        "行政诉讼数", "行政诉讼数量", "行政诉讼案件数", "提起行政诉讼数", "因政府信息公开提起行政诉讼数",
        "行政诉讼", "被提起行政诉讼数",
    ),
    "complaints": (
        "举报投诉数量", "举报投诉数", "投诉举报数", "申诉数", "申诉举报数", "举报数", "投诉数",
        "接受行政诉讼、举报数", "政府信息公开举报投诉数", "接受举报投诉数",
    ),
    "fees": (
        "依申请公开信息收取的费用", "依申请公开收费", "依申请公开收取的费用", "收取费用", "收费金额",
        "依申请提供信息收费数", "收取检索复制邮寄等费用", "依申请公开收费金额", "收费数额",
    ),
}

#: Rows that are not canonical but that tables print (they end the row before them in a flattened table).
OTHER_ROWS: dict[str, tuple[str, ...]] = {
    "website": ("政府网站公开数", "政府网站公开政府信息数", "通过政府网站公开数", "网站公开数"),
    "gazette": ("政府公报公开数", "政府公报公开政府信息数", "通过政府公报公开数", "公报公开数"),
    "weibo": ("政务微博公开政府信息数", "政务微博公开数"),
    "wechat": ("政务微信公开政府信息数", "政务微信公开数"),
    "other_channel": ("其他方式公开政府信息数", "其他方式公开数"),
    "normative": ("主动公开规范性文件数", "制发规范性文件总数", "规范性文件数", "公开规范性文件数"),
    "full_text": ("全文电子化的政府信息数", "全文电子化主动公开政府信息数"),
    "in_person": ("当面申请数", "现场申请数"),
    "online": ("网上申请数", "网络申请数", "网上申请"),
    "letter": ("信函、传真申请数", "信函申请数", "传真申请数", "电子邮件申请数", "其他形式申请数"),
    "closed": ("申请办结数", "按时办结数", "延期办结数"),
    "other_reply": ("其他类型答复数", "其他答复数", "其他类型答复"),
    "already_public": ("属于已主动公开范围数", "属于已主动公开范围"),
    "not_ours": ("不属于本行政机关公开数", "非本机关掌握数", "不属于本机关掌握范围数", "非本机关政府信息数"),
    "not_exist": ("申请信息不存在数", "信息不存在数", "政府信息不存在数"),
    "amend": ("告知作出更改补充数", "申请内容不明确数"),
    "other_route": ("告知通过其他途径办理数",),
    "secret": ("涉及国家秘密", "涉及商业秘密", "涉及个人隐私", "危及国家安全、公共安全、经济安全和社会稳定",
               "不是《条例》所指政府信息", "法律法规规定的其他情形"),
    "upheld": ("维持具体行政行为数", "维持具体行政行为或者驳回原告诉讼请求数", "维持数"),
    "corrected": ("被依法纠错数", "纠错数"),
    "other_result": ("其他情形数",),
    "responses": ("回应公众关注热点或重大舆情数", "参加或举办新闻发布会总次数", "主要负责同志参加新闻发布会次数",
                  "政府网站在线访谈次数", "政策解读稿件发布数", "微博微信回应事件数", "其他方式回应事件数"),
    "staff": ("政府信息公开工作专门机构数", "设置政府信息公开查阅点数", "从事政府信息公开工作人员数",
              "专职人员数", "兼职人员数", "政府信息公开专项经费"),
    "meetings": ("召开政府信息公开工作会议或专题会议数", "举办各类培训班数", "接受培训人员数"),
}

#: Category headings of a table (no values of their own).
GROUPS: dict[str, tuple[str, ...]] = {
    "active": ("主动公开情况", "主动公开政府信息情况", "通过不同渠道和方式公开政府信息的情况"),
    "responses": ("回应解读情况", "通过不同渠道和方式回应解读的情况"),
    "requests": ("依申请公开情况", "依申请公开政府信息情况", "政府信息依申请公开情况"),
    "redress": ("行政复议和行政诉讼情况", "举报投诉和复议诉讼情况"),
    "fees": ("收费情况", "依申请公开收费情况"),
    "staff": ("机构建设和保障经费情况", "政府信息公开会议和培训情况"),
}

#: Header words: the value columns (this year, cumulative) and the others.
COLUMNS: dict[str, tuple[str, ...]] = {
    "this_year": ("本年度", "本年", "本年数", "统计数", "本年度数", "年度数", "本期", "当年", "本年度数量", "数量",
                  "数值", "统计数据"),
    "cumulative": ("历年累计", "累计", "累计数", "历年累计数", "历年累计数量"),
    "previous": ("上年度", "上年", "上年数", "上年度数", "去年"),
    "unit": ("计量单位", "单位"),
    "name": ("指标名称", "统计指标", "指标", "项目", "统计项目"),
    "serial": ("序号",),
}

#: The word that makes the following rows sub-rows of the one before.
MARKS: dict[str, tuple[str, ...]] = {"qizhong": ("其中",)}

_KINDS = (("row", INDICATORS), ("other", OTHER_ROWS), ("group", GROUPS), ("col", COLUMNS), ("mark", MARKS))


def vocabulary() -> list[tuple[LabelRef, str]]:
    """(ref, printed name) of every name the legacy tables print, in a fixed order."""
    return [(LabelRef(TABLE, kind, ident), name)
            for kind, table in _KINDS for ident, names in table.items() for name in names]


class Pre2019LabelIndex(LabelIndex):
    """The label scanner of :mod:`pipeline.template.labels` over the legacy vocabulary."""

    #: The legacy tables' learned classifier (trained on this vocabulary, damaged and cut short).
    LEARNED = "legacy_labels"

    def __init__(self) -> None:  # noqa: D107 - the base builds from the schema; this from the vocabulary
        self._refs: dict[str, list[LabelRef]] = defaultdict(list)
        for ref, name in vocabulary():
            self._add(name, ref)
        self._index_variants()

    def scan_rows(self, text: str) -> list[LabelMatch]:
        """The labels in one cell, or in the text between two values of a flattened table.

        Such a piece holds header words, 其中, category headings and at most a row name or two (a row printed
        without values runs into the next). Header words, 其中 and headings are cut out first; what is left
        between them is read as one row name (its numbering and unit aside) when the plain scan leaves any
        of it unexplained: a province's own wording (同意公开的答复数) is one row, not 同意公开的 + 答复数."""
        text = fold_width(text)
        out: list[LabelMatch] = []
        pos = 0
        for m in _separators().finditer(text):
            out.extend(self._segment(text, pos, m.start()))
            refs = self.lookup(m.group(0))
            if refs:
                out.append(LabelMatch(refs, None, m.start(), m.end(), m.group(0), 100.0))
            pos = m.end()
        out.extend(self._segment(text, pos, len(text)))
        return out

    def _segment(self, text: str, start: int, end: int) -> list[LabelMatch]:
        piece = text[start:end]
        if not piece.strip():
            return []
        refs = self.lookup(piece)  # the whole piece one name (数量, 统计数 … only count so)
        if refs:
            return [LabelMatch(refs, None, start, end, piece, 100.0)]
        scanned = [LabelMatch(m.refs, m.numbering, start + m.start, start + m.end, m.printed, m.score)
                   for m in self.scan(piece)]
        lead = len(piece) - len(piece.lstrip(_LEADING))
        head = NUMBERING_RE.match(piece, lead)
        numbering = Numbering.parse(head) if head else None
        name_at = head.end() if head else lead
        unit = _UNIT_TAIL.search(piece, name_at)
        name = piece[name_at : unit.start() if unit else len(piece)]
        norm = normalize_label(name)
        if len(norm) < 2 or not self._unexplained(piece, scanned, start):
            return scanned
        refs, score = self._name(norm)
        if refs and refs[0].kind in ROW_KINDS:
            return [LabelMatch(refs, numbering, start + name_at, start + name_at + len(name), name, score)]
        if not scanned and _ROW_NAME.fullmatch(name.strip()):
            # a row the vocabulary does not know: a row of its own, so its values never run into the row
            # before it (否决公开答复数条05 after 同意部分公开答复数条25 made that row 25 | 05)
            return [LabelMatch((UNKNOWN_ROW,), numbering, start + name_at, start + name_at + len(name), name, 0.0)]
        return scanned


    def _unexplained(self, piece: str, matches: list[LabelMatch], start: int) -> bool:
        """Whether the scan left characters of the piece without an exact name (numbering, units and
        punctuation aside): what fuzzy matching made of them piecemeal is not trusted."""
        covered = [False] * len(piece)
        for m in matches:
            if self.lookup(m.printed):
                for i in range(m.start - start, m.end - start):
                    covered[i] = True
        rest = "".join(ch for ch, c in zip(piece, covered, strict=True) if not c)
        rest = NUMBERING_RE.sub("", rest)
        return any(ch not in _UNITS and normalize_label(ch) for ch in rest)

    def _name(self, norm: str) -> tuple[tuple[LabelRef, ...], float]:
        """A whole row name: the learned classifier first (trained on these names, it tells 予以公开 from
        不予公开, which an edit ratio does not), then rapidfuzz."""
        refs, score = self._learned(norm)
        if refs and refs[0].kind in ROW_KINDS:
            return refs, score
        return self.fuzzy(norm)


ROW_KINDS = ("row", "other")
#: A row the vocabulary does not name (kind ``other``: read, never canonical).
UNKNOWN_ROW = LabelRef(TABLE, "other", "unknown")
#: What an unknown row's name looks like: a few words of the tables' vocabulary ending in a count (…答复数).
_ROW_NAME = re.compile(r"[\u4e00-\u9fff、（）()]{2,24}(?:数|数量|总数|件数|情况)")
#: A unit printed after a row's name (a flattened table runs the unit column into the name).
_UNIT_TAIL = re.compile(r"(?:人次|万元|条|件|个|次|人|元|篇|项|宗|份)\s*$")
_UNITS = set("条件个次人元篇项宗份万")
_LEADING = " ：:，,、；;"




@cache
def _separators() -> re.Pattern:
    """Header words, 其中, the category headings and the table's title: never part of a row's name."""
    words = [n for ident, names in COLUMNS.items() for n in names
             if ident in ("name", "unit", "serial", "cumulative") and len(n) >= 4]
    words += ["本年度", "本年度数", "序号", *MARKS["qizhong"], *(n for names in GROUPS.values() for n in names)]
    pattern = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"{TITLE_PATTERN}|{pattern}")


#: The table's title (政府信息公开情况统计表): cut out, no label of its own.
TITLE_PATTERN = r"(?:政府信息公开|信息公开)(?:工作)?(?:情况)?统计(?:表|情况表)"


@cache
def pre2019_label_index() -> Pre2019LabelIndex:
    return Pre2019LabelIndex()
