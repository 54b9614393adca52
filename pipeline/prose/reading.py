"""The reading of a prose line: what a paraphrase or a layout adds without changing a count, left out.

The rules and the lexicon are written on the plain phrasing (``发布政府信息457件``). A report may say the same with an
aspect particle after the verb (``发布了政府信息``), print spaces around the number (``发布政府信息 457 件``, a PDF
layout's) or say 约 before it (``主动公开约55条``); the conventions give each the same label (C1, C2), and
eval/prose_metamorphic.py found each one losing figures the plain phrasing keeps. Rather than teach every rule every
form, the line is read without them. The kept characters are returned as runs of the line, so every offset still
points at the printed text (provenance).
"""

from __future__ import annotations

import re

from .candidates import DIGIT_COUNT

_CJK = r"\u3400-\u9fff\uff01-\uff5e\u3000-\u303f"
#: An aspect particle after a verb the metrics are said with (发布了, 收到了, 召开了): 了 adds no meaning to a count.
#: 了解 and 了结 are words of their own.
_PARTICLE = re.compile(r"(?<=发布|公开|公布|推送|更新|上传|刊发|收到|受理|接收|接到|办理|处理|答复|回复|举办|召开|开展|组织|播出|"
                       r"编印|制作|解读|印发|完成|新增|累计)了(?![解结])")
#: Spaces next to a Chinese character or a full-width mark (信息 457 件): Chinese puts no space between words; a
#: space between two digits (2 310) or two Latin words is kept.
_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0\u2009]+|[ \t\u00a0\u2009]+(?=[{_CJK}])")


#: 约 right before a count (主动公开约55条): an approximation, dropped like 余 and 多 after it (C1). Before a number that
#: is no count (约3年) it stays, as do 近 and 超 (近3年 is a period).
_ABOUT = re.compile(rf"约(?=\s*{DIGIT_COUNT})")


#: The three in one pattern: one pass over a line, its matches in order.
_DROPPED = re.compile("|".join(f"(?:{rx.pattern})" for rx in (_PARTICLE, _SPACE, _ABOUT)))
#: Every character the reading may leave out: a line without any is kept whole at once.
_MAY_DROP = re.compile(r"[了约 \t\u00a0\u2009]")


def kept_runs(line: str) -> list[tuple[int, int]]:
    """The runs ``(start, end)`` of ``line`` that its reading keeps, in order (one run when nothing is left out)."""
    if not _MAY_DROP.search(line):
        return [(0, len(line))]  # most lines: nothing to leave out, no pattern to run
    runs, at = [], 0
    for m in _DROPPED.finditer(line):
        if m.start() > at:
            runs.append((at, m.start()))
        at = max(at, m.end())
    if at < len(line) or not runs:
        runs.append((at, len(line)))
    return runs


#: A year written in Chinese numerals (二〇二三年, 二零零九年): read as its digits, which the year's clues read (C4: the
#: reported year, another year, a running total since a year). Four characters for four: offsets do not move.
_CN_YEAR = re.compile(r"[一二][〇零一二三四五六七八九]{3}(?=\s*年)")
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def years_in_digits(text: str) -> str:
    """``text`` with every year written in Chinese numerals in digits (the same length)."""
    if "年" not in text:
        return text
    return _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), text)
