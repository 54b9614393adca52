"""What the rest of the report says about a figure: the classifier's document-level features.

A sentence alone does not tell a total from its parts (`主动公开政府信息612条 … 县直各部门412条 … 各镇街200条`), nor
whether the report already stated the metric elsewhere. These signals are read from the whole list of figures
and the rules' own decisions, so the learned model can add a figure the rules missed, or doubt one they took:

- ``final=M``: what the rules decided for this figure in the end (``none`` when they left it or dropped it);
- ``has=M``: the rules decided metric M somewhere in the document;
- ``total`` / ``part``: the figures right after (or before) it in the same passage and unit add up exactly to it,
  or it is one of such a run;
- ``largest`` / ``first``: the largest, or the first, count of its unit in its sentence;
- ``table=agree``: the figure equals a total of the report's own tables (where the report has tables).

Figures are duck-typed (``candidate``, ``text``), so this module needs nothing of the rest of the package.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

NONE = "none"
#: A run of parts is looked for this many figures away at most (a breakdown lists a few dozen parts at most).
MAX_PARTS = 24


def figure_signals(found: Sequence, decided: Iterable, table_values: frozenset = frozenset()) -> list[tuple[str, ...]]:
    """The document-level feature names of every figure of ``found``; ``decided``: the rules' (figure, metric, …)
    items, ``table_values``: the values of the report's table totals (empty without tables)."""
    final = {id(item[0]): item[1] for item in decided}
    has = tuple(sorted({f"has={m}" for m in final.values()}))
    totals, parts = _totals_and_parts(found)
    peers: dict[tuple, list] = {}
    for fig in found:
        peers.setdefault((id(fig.text), fig.candidate.sentence, fig.candidate.unit), []).append(fig)
    out = []
    for i, fig in enumerate(found):
        metric = final.get(id(fig), NONE)
        names = [f"final={metric}", f"final*unit={metric}|{fig.candidate.unit}", *has]
        if i in totals:
            names.append("total")
        if i in parts:
            names.append("part")
            names.append(f"part*final={metric}")
        names += _in_sentence(fig, peers[(id(fig.text), fig.candidate.sentence, fig.candidate.unit)])
        if fig.candidate.value in table_values:
            names.append("table=agree")
        out.append(tuple(names))
    return out


def _same_passage(a, b) -> bool:
    return a.text is b.text and a.candidate.unit == b.candidate.unit


def _totals_and_parts(found: Sequence) -> tuple[set[int], set[int]]:
    """Figures that consecutive figures of the same passage and unit add up to exactly (at least two of them),
    after the total (其中…) or before it (…合计122件), and those parts."""
    totals: set[int] = set()
    parts: set[int] = set()
    for t, total in enumerate(found):
        value = total.candidate.value
        for step in (1, -1):
            running, members, j = 0, [], t + step
            while 0 <= j < len(found) and len(members) < MAX_PARTS and running < value:
                if not _same_passage(found[j], total):
                    break
                running += found[j].candidate.value
                members.append(j)
                j += step
            if len(members) >= 2 and running == value and value > 0:
                totals.add(t)
                parts.update(members)
    return totals, parts


def _in_sentence(fig, peers: list) -> list[str]:
    """``fig`` among the counts of its unit in its sentence (``peers``, in order)."""
    names = []
    if len(peers) > 1 and fig.candidate.value == max(f.candidate.value for f in peers):
        names.append("largest")
    if peers and peers[0] is fig:
        names.append("first")
    return names
