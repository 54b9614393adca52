"""Metamorphic check of the prose rules: rewrites that the labelling conventions say keep every label.

The rules reach 0.99 on the excerpts they were tuned on and about 0.87 on each blind batch: they fit the phrasings
they saw. This tool asks whether a decision holds when a report says the same thing in other words. For every train
and dev excerpt of ``corpora/prose/real`` (never a held-out ``test*`` list, never a kept-apart ``fresh*`` one: their
files are not even read), each rewrite family below changes the text in a way a convention of
``corpora/prose/real/CONVENTIONS.md`` (cited per family) says changes no label; the gold entries carry over
unchanged (the score counts ``(metric, value)``, and no family changes a value), and with ``--write DIR`` the
rewritten excerpts are written with their label files, offsets moved.

For each family it prints the excerpts the rewrite touched, the rules' entries on them before, how many of those
decisions changed (an entry lost or gained: each is a brittleness), and F1 against the carried-over gold before
and after::

    python eval/prose_metamorphic.py [--families verb,unit] [--show 5] [--write /tmp/meta]

``--show N`` prints up to N changed decisions per family (tuning-side text only).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # this checkout's code, whatever the editable install points at
    sys.path.insert(0, str(ROOT))

import cn2an  # noqa: E402

from pipeline.inputs import GOLD_SUFFIX, LABELS_SUFFIX  # noqa: E402
from pipeline.prose import decide, figures  # noqa: E402
from pipeline.readers import read_document  # noqa: E402
from pipeline.sections import find_meta, find_sections  # noqa: E402
from pipeline.training import FRESH_SPLITS, TEST_SPLITS, held_out  # noqa: E402

CORPUS = ROOT / "corpora" / "prose" / "real"
#: An edit: (start, end, replacement) in the original text, and for an edit that moves words, where its pieces went:
#: ((old start, old end, new offset in the replacement), …).
Edit = tuple
_FULL = str.maketrans("0123456789", "０１２３４５６７８９")
_ASCII_COUNT = re.compile(r"(?P<num>(?<![\d.])\d+)(?P<tail>[余多]?(?:条|件|篇|次|场|期|个|份|项|宗|例|人次|人))")


@dataclass(frozen=True)
class Family:
    name: str
    convention: str  # the convention that keeps the label
    edits: Callable[[str, dict], list[Edit]]


def _sub(pattern: str, repl: Callable[[re.Match], str] | str) -> Callable[[str, dict], list[Edit]]:
    rx = re.compile(pattern)

    def edits(text: str, meta: dict) -> list[Edit]:
        return [(m.start(), m.end(), repl(m) if callable(repl) else m.expand(repl)) for m in rx.finditer(text)]

    return edits


def _counts(fn: Callable[[re.Match], str | None]) -> Callable[[str, dict], list[Edit]]:
    """Edits of the written counts (a number in ASCII digits with a count unit after it)."""

    def edits(text: str, meta: dict) -> list[Edit]:
        out = []
        for m in _ASCII_COUNT.finditer(text):
            new = fn(m)
            if new is not None and new != m.group(0):
                out.append((m.start(), m.end(), new))
        return out

    return edits


def _approx(m: re.Match) -> str | None:
    tail = m.group("tail")
    if int(m.group("num")) < 20 or tail[0] in "余多" or tail.startswith("人"):
        return None
    return m.group("num") + "余" + tail


def _chinese(m: re.Match) -> str | None:
    value = int(m.group("num"))
    if not 1 <= value <= 99 or len(m.group("num")) != len(str(value)):
        return None
    return cn2an.an2cn(value) + m.group("tail")


def _year_shift(text: str, meta: dict) -> list[Edit]:
    """Every year said with 年 moved by the same step, the reported year staying on its template's side (2019)."""
    year = meta.get("year")
    if not year:
        return []
    step = 1 if 2019 <= year < 2025 or year < 2018 else -1
    return [(m.start(), m.end(), str(int(m.group(0)) + step))
            for m in re.finditer(r"(?<!\d)(?:19|20)\d\d(?=\s*年)", text)]


def _agency(text: str, meta: dict) -> list[Edit]:
    """The report's own agency named as another of the same kind (the labels never read the agency's name)."""
    name = meta.get("agency") or ""
    if len(name) < 4:
        return []
    other = "平安县人民政府" if name.endswith("人民政府") else "平安县发展和改革局"
    return [(m.start(), m.end(), other) for m in re.finditer(re.escape(name), text)]


_COUNT_AFTER_NOUN = re.compile(r"(?P<v>发布|公开|公布)(?P<n>政府信息|政务信息|各类信息|信息)(?P<c>\d+[余多]?(?:条|篇|件))(?!\s*、)")


def _count_first(text: str, meta: dict) -> list[Edit]:
    """``发布政府信息457条`` said ``发布457条政府信息`` (a count a 、 list shares with the next one is left as it is)."""
    edits = []
    for m in _COUNT_AFTER_NOUN.finditer(text):
        v, n, c = m.group("v"), m.group("n"), m.group("c")
        inner = ((m.start("c"), m.end("c"), len(v)), (m.start("n"), m.end("n"), len(v) + len(c)))
        edits.append((m.start(), m.end(), v + c + n, inner))
    return edits


#: What ties a clause to the one beside it, so the two may not trade places (a total and its parts, a running total, a
#: restatement, a year or a date that scopes what follows).
_TIED = re.compile(r"其中|包括|包含|含|共|合计|总计|累计|分别|均|其|此|该|并|同比|以来|截至|截止|\d{4}|年|月|上述|以上|另")


_OPENS_PARTS = re.compile(r"其中|包括|包含")


def _clause_swap(text: str, meta: dict) -> list[Edit]:
    """Two clauses of one sentence traded, where each holds one labelled entry of another metric than the other's and
    neither is tied to the other (C12: each is an entry in its own right, whichever is said first)."""
    labels = {x["start"]: x.get("metric") for x in meta.get("_labels", [])}
    edits = []
    for sentence in re.finditer(r"[^。！？!?\n]+", text):
        clauses = [m for m in re.finditer(r"[^，,；;]+", sentence.group())]
        for a, b in zip(clauses, clauses[1:], strict=False):
            if (edits and edits[-1][1] > sentence.start() + a.start()) or _OPENS_PARTS.search(
                    sentence.group()[: a.start()]):
                continue  # overlapping, or in a list of parts a 其中 earlier in the sentence opened
            metrics = []
            for c in (a, b):
                at = sentence.start() + c.start()
                inside = [labels[o] for o in labels if at <= o < at + len(c.group())]
                if len(inside) != 1 or not inside[0] or _TIED.search(_ASCII_COUNT.sub("", c.group())):
                    break
                metrics.append(inside[0])
            if len(metrics) != 2 or metrics[0] == metrics[1]:
                continue
            start, end = sentence.start() + a.start(), sentence.start() + b.end()
            sep = text[sentence.start() + a.end() : start + b.start() - a.start()]
            new = b.group() + sep + a.group()
            inner = ((start + b.start() - a.start(), end, 0), (start, start + len(a.group()), len(b.group()) + len(sep)))
            edits.append((start, end, new, inner))
    return edits


_VERB_OBJECT = "(?=了?(?:政府信息|政务信息|各类信息|信息|各类政府信息))"
FAMILIES = (
    Family("verb", "C2, C24, C25: 发布, 公布, 公开, 上传, 更新 all say published",
           _sub(r"(?<!新闻)(?<!主动)(?<!依申请)(?:发布|公布)(?!会|活动|厅|平台|渠道)" + _VERB_OBJECT,
                lambda m: "公布" if m.group(0) == "发布" else "发布")),
    Family("verb_le", "C2: 发布了 says 发布 (an aspect particle)",
           _sub(r"(?:发布|公开|公布)(?=(?:政府信息|政务信息|各类信息|信息))", r"\g<0>了")),
    Family("noun", "C2: 信息, 政府信息, 政务信息 are the same general items",
           _sub(r"(?<=公开|发布|公布)政府信息(?=\s*(?:共计?|合计|总计|约)?\s*\d)", "政务信息")),
    Family("noun_bare", "C2: 信息 (no 政府) is the same general items (issue 14's 共发布信息2310条)",
           _sub(r"(?<=公开|发布|公布)政府信息(?=\s*(?:共计?|合计|总计|约)?\s*\d)", "信息")),
    Family("unit", "C2, C26: items and requests counted in 条, 件 or 篇 alike",
           _sub(r"(?P<pre>(?:政府信息|政务信息|各类信息)(?:共计|合计|共)?)(?P<n>\d+[余多]?)条", r"\g<pre>\g<n>件")),
    Family("total_word", "C16: 共, 共计, 合计, 总计 all say a total",
           _sub(r"(?<![公总])共(?!计|享|同|建|性|产|青|治|有|[0-9])(?=[发公受收办接举召开播编推更刊处回答解制主])",
                "共计")),
    Family("fullwidth", "C1: a written numeral, whatever its width", _counts(
        lambda m: m.group("num").translate(_FULL) + m.group("tail"))),
    Family("spaced", "C1 (issue 14: 发布政府信息 457 件): spaces a layout puts around a number", _counts(
        lambda m: " " + m.group("num") + " " + m.group("tail"))),
    Family("linebreak", "C1 (issue 14: a number broken over a line): a line break before the number", _counts(
        lambda m: "\n" + m.group(0) if int(m.group("num")) >= 10 else None)),
    Family("approx", "C1: 余 and 多 are dropped", _counts(_approx)),
    Family("cn_numeral", "C1: a Chinese numeral is a written numeral", _counts(_chinese)),
    Family("count_first", "C2, C45 (共发布592条信息): the count before its noun", _count_first),
    Family("part_marker", "C12, C16: 其中, 包括 and 含 mark the parts alike", _sub(r"其中(?![的之])", "包括")),
    Family("verb_active", "C2: 主动公开 (the term of art) and 发布 both say published",
           _sub(r"(?<!主动)(?<!新闻)发布(?=了?(?:政府信息|政务信息|各类信息|信息))", "主动公开")),
    Family("unit_requests", "C5, C26: requests counted in 件 or 条 alike",
           _sub(r"(?<!复议)(?<!诉讼)(?P<pre>申请(?:共计|合计|共)?)(?P<n>\d+)件", r"\g<pre>\g<n>条")),
    Family("clause_swap", "C12: two clauses of other metrics, neither tied to the other, in either order",
           _clause_swap),
    Family("approx_before", "C1: 约 before a count is dropped",
           _sub(r"(?<=[公发布开收理办到])(?=\d{2,}[条件篇])", "约")),
    Family("noun_kinds", "C2: 各类信息 and 政府信息 are the same general items",
           _sub(r"(?<=公开|发布|公布)政府信息(?=\s*(?:共计?|合计|总计)?\s*\d)", "各类信息")),
    Family("verb_receipt", "C5: 收到, 受理, 接收 all state requests received",
           _sub(r"(?:收到|受理)(?=[^，,。；;]{0,12}申请[^，,。；;]{0,4}\d)",
                lambda m: "受理" if m.group(0) == "收到" else "收到")),
    Family("event_count_first", "C8, C9, C11: 召开17次常务会议 and 召开常务会议17次 are the same count",
           _sub(r"(?P<v>召开|举办|举行|组织|开展)(?P<n>新闻发布会|常务会议|在线访谈|培训班|培训)(?P<c>\d+(?:场|次|期))(?![\d、])",
                r"\g<v>\g<c>\g<n>")),
    Family("punct_width", "no convention reads a mark's width: ，；：（） and ,;:() alike",
           _sub(r"[，；：（）,;:()]", lambda m: dict(zip("，；：（）,;:()", ",;:()，；：（）", strict=True))[m.group(0)])),
    Family("year_cn", "C4: the reported year written in Chinese numerals (二〇二三年) is the same year",
           lambda text, meta: [(m.start(), m.end(), "".join("〇一二三四五六七八九"[int(d)] for d in m.group(0)))
                               for m in re.finditer(r"(?<!\d)(?:19|20)\d\d(?=年)", text)]),
    Family("level", "no convention reads the agency's level: 县 and 区 are alike",
           _sub(r"(?<=[我全本])县|县(?=政府|直|级|委|长信箱)", "区")),
    Family("agency", "no convention reads the agency's name", _agency),
    Family("year", "C4: the reported year is the report's own, whichever it is", _year_shift),
)


def apply(text: str, edits: list[Edit]) -> tuple[str, Callable[[int], int]]:
    """The rewritten text, and where an offset of the original text stands in it (an edit that moves its words, a
    clause swap, says where each of its pieces went: ``inner``)."""
    kept, pieces, at = [], [], 0
    for start, end, new, *inner in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < at:  # overlapping edits: the first wins
            continue
        pieces += [text[at:start], new]
        kept.append((start, end, len(new) - (end - start), inner[0] if inner else ()))
        at = end
    pieces.append(text[at:])

    def moved(offset: int) -> int:
        shift = 0
        for start, end, delta, inner in kept:
            if start <= offset <= end:  # a moved piece's end (a label's end) stays with its piece
                for old_start, old_end, rel in inner:
                    if old_start <= offset <= old_end:
                        return start + shift + rel + offset - old_start
            if end <= offset:
                shift += delta
        return offset + shift

    return "".join(pieces), moved


def excerpts(folder: Path) -> list[tuple[Path, dict]]:
    """The train and dev excerpts: a held-out or kept-apart excerpt's file is never opened."""
    apart = set().union(*(held_out(folder, key) for key in TEST_SPLITS + FRESH_SPLITS))
    out = []
    for gold_path in sorted(folder.glob(f"*{GOLD_SUFFIX}")):
        if gold_path.name.replace(GOLD_SUFFIX, ".txt") in apart:
            continue
        gold = json.loads(gold_path.read_text("utf-8"))
        if gold.get("source") and gold["source"] not in apart and (folder / gold["source"]).is_file():
            out.append((gold_path, gold))
    return out


def entries(text: str, source: str, year: int | None) -> Counter:
    """The rules' entries of a text, as ``(metric, value)``."""
    doc = read_document(text.encode("utf-8"), source)
    found = figures(doc, find_sections(doc), year or find_meta(doc).year)
    return Counter((metric, fig.candidate.value) for fig, metric, _, _ in decide(found, None))


def gold_bag(gold: dict) -> Counter:
    from decimal import Decimal

    return Counter((e["metric"], Decimal(str(e["value"]))) for e in gold.get("prose", []))


def _f1(tp: int, pred: int, gold: int) -> float:
    return 2 * tp / (pred + gold) if pred + gold else 1.0


def measure(docs: list[tuple[Path, dict]], families, show: int, write: Path | None) -> list[dict]:
    rows = []
    base_cache: dict[str, Counter] = {}
    for fam in families:
        touched = changed = lost = gained = before_n = 0
        tp0 = tp1 = pred0 = pred1 = gold_n = 0
        shown = []
        for gold_path, gold in docs:
            text = (CORPUS / gold["source"]).read_text("utf-8")
            meta = gold.get("meta", {})
            labels_path = gold_path.with_name(gold_path.name.replace(GOLD_SUFFIX, LABELS_SUFFIX))
            labels = json.loads(labels_path.read_text("utf-8")).get("labels", []) if labels_path.is_file() else []
            edits = fam.edits(text, {**meta, "_labels": labels})
            if not edits:
                continue
            new_text, moved = apply(text, edits)
            if new_text == text:
                continue
            new_meta = dict(meta)
            if fam.name == "year":
                new_meta["year"] = meta["year"] + (1 if 2019 <= meta["year"] < 2025 or meta["year"] < 2018 else -1)
            if gold["source"] not in base_cache:
                base_cache[gold["source"]] = entries(text, gold["source"], meta.get("year"))
            before = base_cache[gold["source"]]
            after = entries(new_text, gold["source"], new_meta.get("year"))
            bag = gold_bag(gold)
            touched += 1
            before_n += sum(before.values())
            gone, new = before - after, after - before
            lost += sum(gone.values())
            gained += sum(new.values())
            changed += max(sum(gone.values()), sum(new.values()))
            tp0 += sum((before & bag).values())
            tp1 += sum((after & bag).values())
            pred0 += sum(before.values())
            pred1 += sum(after.values())
            gold_n += sum(bag.values())
            if (gone or new) and len(shown) < show:
                shown.append(f"  {gold['source']}: lost {dict(gone)} gained {dict(new)}")
            if write is not None:
                _write(write / fam.name, gold_path, gold, new_text, new_meta, moved)
        rows.append({"family": fam.name, "convention": fam.convention, "touched": touched, "entries": before_n,
                     "changed": changed, "lost": lost, "gained": gained,
                     "share": changed / before_n if before_n else 0.0,
                     "f1_before": _f1(tp0, pred0, gold_n), "f1_after": _f1(tp1, pred1, gold_n), "shown": shown})
    return rows


def _write(out: Path, gold_path: Path, gold: dict, text: str, meta: dict, moved: Callable[[int], int]) -> None:
    """The rewritten excerpt with its gold and its label file, the labels' offsets moved."""
    out.mkdir(parents=True, exist_ok=True)
    (out / gold["source"]).write_text(text, encoding="utf-8")
    (out / gold_path.name).write_text(json.dumps({**gold, "meta": meta}, ensure_ascii=False, indent=1) + "\n",
                                      encoding="utf-8")
    labels_path = gold_path.with_name(gold_path.name.replace(GOLD_SUFFIX, LABELS_SUFFIX))
    if labels_path.is_file():
        labels = json.loads(labels_path.read_text("utf-8"))
        for label in labels.get("labels", []):
            label["start"], label["end"] = moved(label["start"]), moved(label["end"])
        labels["meta"] = meta
        (out / labels_path.name).write_text(json.dumps(labels, ensure_ascii=False, indent=1) + "\n",
                                            encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--families", help="comma-separated family names (default: all): "
                        + ", ".join(f.name for f in FAMILIES))
    parser.add_argument("--show", type=int, default=0, help="print up to N changed decisions per family")
    parser.add_argument("--write", type=Path, help="write the rewritten excerpts and their labels here, a folder "
                        "per family")
    parser.add_argument("--json", type=Path, help="write the figures as JSON")
    args = parser.parse_args()
    wanted = set(args.families.split(",")) if args.families else None
    families = [f for f in FAMILIES if wanted is None or f.name in wanted]
    docs = excerpts(CORPUS)
    rows = measure(docs, families, args.show, args.write)
    print(f"{len(docs)} train and dev excerpts\n")
    print("| family | keeps the label | excerpts touched | entries | decisions changed (lost / gained) | share | "
          "F1 before → after |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['family']} | {r['convention']} | {r['touched']} | {r['entries']} | {r['changed']} "
              f"({r['lost']} / {r['gained']}) | {r['share']:.3f} | {r['f1_before']:.3f} → {r['f1_after']:.3f} |")
    total = sum(r["changed"] for r in rows), sum(r["entries"] for r in rows)
    print(f"\nall families: {total[0]} of {total[1]} entries changed ({total[0] / max(total[1], 1):.3f})")
    for r in rows:
        if r["shown"]:
            print(f"\n{r['family']}:\n" + "\n".join(r["shown"]))
    if args.json:
        args.json.write_text(json.dumps([{k: v for k, v in r.items() if k != "shown"} for r in rows],
                                        ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
