"""Chinese numerals read without cn2an give cn2an's answers, value and type, or go to cn2an."""

from __future__ import annotations

import itertools

import cn2an
import pytest

from pipeline.prose.numerals import _value, cn_numeral, standard_form

#: The characters the prose candidates take for a numeral (pipeline/prose/candidates.py).
ALPHABET = "零〇一二三四五六七八九十百千万两"
#: What cn2an raises for a string it cannot read (the candidates catch them all: no value).
ERRORS = (ValueError, KeyError, IndexError, TypeError)


def _cn2an(text: str):
    try:
        return cn2an.cn2an(text, "smart")
    except ERRORS as exc:
        return type(exc)


def _ours(text: str):
    try:
        return cn_numeral(text)
    except ERRORS as exc:
        return type(exc)


def test_every_number_below_30000_and_a_sample_to_10_8():
    numbers = [*range(30_000), *range(30_000, 10**8, 9_973)]
    for n in numbers:
        text = standard_form(n)
        assert _value(text) == n
        for form in {text, text.replace("二", "两"), text.replace("二", "两", 1)}:
            expected = _cn2an(form)
            assert cn_numeral(form) == expected and type(cn_numeral(form)) is type(expected), form


def test_every_short_string_of_numeral_characters():
    for length in (1, 2, 3):
        for chars in itertools.product(ALPHABET, repeat=length):
            text = "".join(chars)
            assert _ours(text) == _cn2an(text), text


@pytest.mark.parametrize("text", ["一万零十", "二〇二〇", "一二三", "两两", "五十两", "十万", "三千五百万"])
def test_unusual_forms(text):
    assert cn_numeral(text) == cn2an.cn2an(text, "smart")
