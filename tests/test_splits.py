from decimal import Decimal

from pipeline.mapper.splits import balance, fit_row
from pipeline.mapper.stream import ValueTok


def _tok(raw, kind="number", splittable=True):
    return ValueTok(raw, kind, splittable, {"block": 0, "span": [0, len(raw)], "text": raw})


def _values(fit):
    return [[p.value for p in cand] for cand in fit.candidates]


def _row_total(cand):
    values = [p.value for p in cand]
    return sum(values[:6]) == values[6]


def test_a_run_of_digits_is_split_every_valid_way():
    fit = fit_row([_tok("801000081")], 7, [False] * 7, keep=_row_total)
    assert fit.method == "split"
    assert [80, 1, 0, 0, 0, 0, 81] in _values(fit)
    for values in _values(fit):
        assert sum(values[:6]) == values[6]


def test_no_cell_starts_with_a_zero():
    fit = fit_row([_tok("023")], 2, [False, False])
    assert _values(fit) == [[0, 23]]


def test_spaces_are_hard_boundaries_and_pieces_stay_in_order():
    fit = fit_row([_tok("23"), _tok("0"), _tok("00"), _tok("0"), _tok("023")], 7, [False] * 7, keep=_row_total)
    assert _values(fit) == [[23, 0, 0, 0, 0, 0, 23]]


def test_decimals_only_where_the_column_takes_them():
    fit = fit_row([_tok("13575394432.52")], 2, [False, True])
    values = _values(fit)
    assert [135, Decimal("75394432.52")] in values
    assert all(isinstance(v[0], int) for v in values)


def test_cells_are_taken_as_printed_and_padding_is_dropped():
    five, zero, empty = _tok("5", splittable=False), _tok("0", splittable=False), _tok("", "empty", False)
    assert _values(fit_row([five, zero, empty], 2, [False] * 2)) == [[5, 0]]
    assert _values(fit_row([empty, empty, five, zero], 2, [False] * 2)) == [[5, 0]]
    assert _values(fit_row([five, empty, zero], 3, [False] * 3)) == [[5, None, 0]]


def test_too_few_cells_that_cannot_be_split_are_missing():
    fit = fit_row([_tok("5", splittable=False)], 3, [False] * 3)
    assert fit.method == "missing" and not fit.candidates


def test_balance_prefers_even_cuts():
    even = fit_row([_tok("898989")], 3, [False] * 3)
    best = min(even.candidates, key=balance)
    assert [p.value for p in best] == [89, 89, 89]


def _text_values(text):
    from pipeline.mapper.stream import text_tokens

    return [t for t in text_tokens(text, {"block": 0}, 0, 0) if isinstance(t, ValueTok)]


def test_a_minus_glued_between_digits_signs_the_change_column():
    from pipeline.mapper.resolve import RowFit, resolve

    # issue 13: 行政强制 | 上一年项目数量 87 | 本年增/减 -12 | 处理决定数量 40, printed run together
    toks = _text_values("行政强制87-1240")
    assert [t.raw for t in toks] == ["87", "-1240"] and toks[1].glued
    fit = fit_row(toks, 3, [False] * 3, signed_ok=[False, True, False])
    assert [87, -12, 40] in _values(fit)
    assert [87, None, 1240] in _values(fit)  # the minus may also be a "-" (null) cell: kept as an alternative
    row = RowFit("行政强制", ["a", "b", "c"], fit)
    resolve([row], [], lambda r, c: 0)
    assert [p.value for p in row.chosen] == [87, -12, 40]
    assert row.ambiguous  # no identity decides table 二: reported, never a silent guess


def test_a_glued_minus_never_signs_a_column_that_cannot_be_negative():
    fit = fit_row(_text_values("行政强制87-1240"), 3, [False] * 3, signed_ok=[False] * 3)
    assert _values(fit) == [[87, None, 1240]]


def test_unicode_minus_signs_are_read_as_minus():
    assert [t.raw for t in _text_values("行政许可 5 \u22123 7")] == ["5", "-3", "7"]


def test_a_zero_in_the_change_column_is_preferred_and_the_row_stays_ambiguous():
    """本年增/减 is most often 0: among cuts nothing decides, 39|0|313 wins over the more even 3|90|313; the
    row is still ambiguous (flagged), with the even cut among its alternatives."""
    from pipeline.mapper.resolve import RowFit, resolve
    from pipeline.mapper.splits import zero_prior

    keys = ["active.licensing.prev_items", "active.licensing.change", "active.licensing.decisions"]
    row = RowFit("行政许可", keys, fit_row([_tok("390313")], 3, [False] * 3))
    resolve([row], [], lambda row, cand: 0)
    assert [p.value for p in row.chosen] == [39, 0, 313]
    assert row.ambiguous and [3, 90, 313] in [[p.value for p in alt] for alt in row.alternatives]
    other = RowFit("规章", ["active.regulations.made", "active.regulations.repealed", "active.regulations.in_force"],
                   fit_row([_tok("390313")], 3, [False] * 3))
    resolve([other], [], lambda row, cand: 0)
    assert [p.value for p in other.chosen] != [39, 0, 313]  # no prior outside 本年增/减: the most even cut
    assert zero_prior(keys, row.chosen) == 0 and zero_prior(keys, row.alternatives[0]) == 1
