"""Chinese numerals (三十五, 一千零五, 两万) read without importing cn2an for the forms reports print.

cn2an costs a tenth of a second or more to import (it compiles its patterns for every mode at import), at
every start. A numeral is read here only if writing its value back in the standard form gives the numeral
again (两 read as 二); any other string goes to cn2an, so every answer is cn2an's (tests/test_numerals.py
compares the two on every number below 30,000, a sample up to 10**8 and every string of up to three
numeral characters).
"""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
_DIGIT_VALUE = {c: i for i, c in enumerate(_DIGITS)}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_PLACES = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
#: The standard form is written here for numbers below this (万 is the largest unit these numerals use).
_LIMIT = 10**8


def _section(n: int, leading: bool) -> str:
    """The standard form of 0 < n < 10000 (十五 at the head of a numeral, 一十五 after 万, 零 for gaps)."""
    out: list[str] = []
    gap = False
    for value, unit in _PLACES:
        digit = n // value % 10
        if digit == 0:
            gap = gap or bool(out)
            continue
        if gap:
            out.append("零")
            gap = False
        out.append(unit if unit == "十" and digit == 1 and leading and not out else _DIGITS[digit] + unit)
    return "".join(out)


def standard_form(n: int) -> str:
    """How 0 <= n < 10**8 is written in Chinese numerals (一万零五百, 三千五百万)."""
    if n == 0:
        return "零"
    if n < 10000:
        return _section(n, True)
    high, low = divmod(n, 10000)
    return _section(high, True) + "万" + ("零" if 0 < low < 1000 else "") + (_section(low, False) if low else "")


def _value(text: str) -> int | None:
    total = section = 0
    digit: int | None = None
    for ch in text:
        if ch in _DIGIT_VALUE:
            digit = _DIGIT_VALUE[ch]
        elif ch in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        elif ch == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def cn_numeral(text: str) -> int | float:
    """The value of a Chinese numeral, as ``cn2an.cn2an(text, "smart")`` gives it (and raises what it raises)."""
    plain = text.replace("两", "二")
    value = _value(plain)
    if value is not None and value < _LIMIT and standard_form(value) == plain:
        return value
    import cn2an  # the unusual forms (一二三, 二〇二〇, 一万零十): cn2an loads only for them

    return cn2an.cn2an(text, "smart")
