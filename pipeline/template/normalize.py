"""Text normalisation for label matching: width, script (traditional → simplified), spacing, punctuation.

Labels are compared in a normal form, so that `（二）部分公开（区分处理的，只计这一情形…）`, a
Word export with stray spaces and a traditional-character page all meet the template's wording.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import opencc

#: Full-width ASCII and the ideographic space, folded to ASCII one character for one character, so
#: character offsets into the folded text are offsets into the printed text.
_WIDTH_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0xA0: 0x20}

_DROP = re.compile(r"[\s\u200b\ufeff,，。.．:：;；、!！?？'\"“”‘’()（）\[\]【】《》〈〉<>{}/／\\|\-—–_~·•*#]+")


@lru_cache(maxsize=2048)
def fold_width(text: str) -> str:
    """Full-width letters, digits and punctuation as ASCII; length is kept."""
    return text.translate(_WIDTH_TABLE)


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_converter().convert(ch) or ch for ch in text)


def normalize_label(text: str) -> str:
    """The comparable form of a label: NFKC, simplified script, no spaces or punctuation."""
    text = unicodedata.normalize("NFKC", fold_width(text))
    return _DROP.sub("", to_simplified(text))


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Like :func:`normalize_label`, plus the offset in ``text`` of every kept character."""
    folded = to_simplified(fold_width(text))
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(folded):
        norm = unicodedata.normalize("NFKC", ch)
        if _DROP.fullmatch(norm) or not norm:
            continue
        for c in norm:
            if not _DROP.fullmatch(c):
                out.append(c)
                offsets.append(i)
    return "".join(out), offsets
