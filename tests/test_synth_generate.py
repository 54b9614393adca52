"""The layout generator (pipeline.synth.generate), its records (records.py options) and prose (prose.py)."""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import lxml.html
import pytest

from pipeline.synth import prose as prose_module
from pipeline.synth.generate import (
    LAYOUT_REGISTRY,
    gold_of,
    plan,
    synth_record,
    synthesize,
)
from pipeline.synth.html_render import LAYOUTS, render_html
from pipeline.synth.prose import compose, prose_for, quantity
from pipeline.synth.records import (
    ORG_COLUMNS,
    SIZES,
    SYNTH_OPTIONS,
    broken_identities,
    identities_hold,
    sample_record,
)
from pipeline.template.schema import load_schema

REPO = Path(__file__).resolve().parents[1]
REAL = REPO / "corpora" / "real"
ENCODING = {"cms": "utf-8", "split": "utf-8", "word": "gb18030", "gbk_nometa": "gbk"}
FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_CN = "零一二两三四五六七八九十百千万"
_QUANTITY = re.compile(rf"(约|超过)?([0-9０-９][0-9０-９,.]*万?|[{_CN}]+)(余|多)?$")


def _records(n: int, seed: int = 11) -> list[dict]:
    """Records as the generator makes them (sub-seeds from one seed), without rendering."""
    rng = random.Random(seed)
    return [synth_record(rng.getrandbits(63), f"s{i}.html") for i in range(n)]


RECORDS = _records(300)


def parse_quantity(quantity: str, unit: str) -> int:
    """The value of a printed quantity under the gold convention, independently of prose.py."""
    assert quantity.endswith(unit), (quantity, unit)
    m = _QUANTITY.search(quantity[: -len(unit)])
    assert m, quantity
    number = m.group(2).translate(FULL_WIDTH).replace(",", "")
    if number[0].isdigit():
        if number.endswith("万"):
            return int(Decimal(number[:-1]) * 10000)
        return int(number)
    import cn2an

    return int(cn2an.cn2an(number, "smart"))


def _page_text(record: dict, layout: str) -> str:
    page = render_html(record, layout).decode(ENCODING[layout])
    return lxml.html.document_fromstring(page).text_content()


# --------------------------------------------------------------------------- records


def test_identities_hold_except_planted_breaks() -> None:
    breaks = 0
    for record in RECORDS:
        broken = broken_identities(record)
        noted = [n for n in record["notes"] if n.startswith("source breaks ")]
        assert len(broken) == len(noted) <= 1
        assert identities_hold(record) == (not broken)
        for identity, note in zip(broken, noted, strict=True):
            assert note.startswith(f"source breaks {identity.name}: ")
            assert re.fullmatch(r"source breaks \S+: \d+(\+\d+)* != \d+ \(table 四 prints \S+ (\d+\|){4}总计 \d+\)", note)
        breaks += bool(broken)
    assert 3 <= breaks <= 40, breaks  # about 5 %


def test_blanks_subtotals_sizes_and_values() -> None:
    schema = load_schema()
    with_subtotal = blank_rows = 0
    for record in RECORDS:
        fields = record["fields"]
        assert list(fields) == [k for k in schema.keys(record["meta"]["edition"]) if k in fields]
        subtotals = [k for k in fields if k.endswith(".org_subtotal")]
        with_subtotal += bool(subtotals)
        for key in subtotals:
            row = key.split(".")[1]
            parts = [fields[f"requests.{row}.{c}"] for c in ORG_COLUMNS]
            assert fields[key] == (None if parts[0] is None else sum(parts))
        nulls = {k.split(".")[1] for k, v in fields.items() if v is None and k.startswith("requests.")}
        for row in nulls:  # a blank row is blank across
            assert all(v is None for k, v in fields.items() if k.startswith(f"requests.{row}."))
        blank_rows += bool(nulls)
    assert 20 <= with_subtotal <= 100 and blank_rows >= 5
    totals = [r["fields"]["requests.new_received.total"] for r in RECORDS]
    assert sum(t == 0 for t in totals) > 10 and max(totals) >= 1000
    values = [v for r in RECORDS for k, v in r["fields"].items() if k.startswith("requests.")]
    assert values.count(0) > len(values) / 2, "mostly zeros"
    assert any(v is not None and v < 0 for r in RECORDS for k, v in r["fields"].items() if k.endswith(".change"))
    assert any(isinstance(v, float) for r in RECORDS for v in r["fields"].values())


@pytest.mark.parametrize("size", SIZES)
def test_size_classes(size: str) -> None:
    rng = random.Random(4)
    totals = sorted(sample_record(rng, "2021", "x", size=size)["fields"]["requests.new_received.total"]
                    for _ in range(60))
    median = totals[len(totals) // 2]
    assert {"small": median < 20, "medium": 10 <= median < 150, "large": median >= 100}[size], totals


def test_options_are_checked_and_default_is_unchanged() -> None:
    with pytest.raises(ValueError):
        sample_record(random.Random(1), "2019", "x", size="huge")
    with pytest.raises(ValueError):
        sample_record(random.Random(1), "2019", "x", p_break=2)
    with pytest.raises(ValueError):
        sample_record(random.Random(1), "2019", "x", size_weights=(1, 1))
    plain = sample_record(random.Random(9), "2021", "x")
    off = sample_record(random.Random(9), "2021", "x", blank_rows=0, org_subtotal=0, p_break=0)
    assert plain == off and identities_hold(plain) and plain["notes"] == []
    forced = sample_record(random.Random(9), "2021", "x", p_break=1.0)
    assert not identities_hold(forced) and forced["notes"][0].startswith("source breaks ")


# --------------------------------------------------------------------------- prose


def test_prose_entries_are_verbatim_and_follow_the_conventions() -> None:
    schema = load_schema()
    for i, record in enumerate(RECORDS[:120]):
        text = _page_text(record, LAYOUTS[i % len(LAYOUTS)])
        for entry in record["prose"]:
            assert entry["metric"] in schema.prose_metrics
            assert entry["text"] in text, entry
    mismatches = 0
    for i, record in enumerate(RECORDS):
        comp = compose(record, random.Random(i))
        for entry in comp.entries:
            assert entry.quantity in entry.text
            assert parse_quantity(entry.quantity, entry.unit) == entry.value, entry
        received = [e for e in comp.entries if e.metric == "requests_received"]
        total = record["fields"]["requests.new_received.total"]
        if any(e.value != total for e in received):
            [note] = comp.notes  # as hongze-2024's gold notes it
            m = re.fullmatch(rf"prose requests_received \((.政府办代表.政府{re.escape(received[0].text)})\) differs "
                             rf"from table 三 requests.new_received.total = {total}; both kept as printed.", note)
            assert m and m.group(1) in "".join(comp.section1), note
            mismatches += 1
        else:
            assert not comp.notes
    assert mismatches >= 1


def test_every_metric_has_five_patterns_and_all_are_used() -> None:
    schema = load_schema()
    assert set(prose_module.PATTERNS) == set(schema.prose_metrics)
    assert all(len(p) >= 5 for p in prose_module.PATTERNS.values())
    metrics = Counter(e["metric"] for r in RECORDS for e in r["prose"])
    assert set(metrics) == set(schema.prose_metrics)


def test_tricky_number_forms_are_labelled_by_the_convention() -> None:
    entries = [e for r in RECORDS for e in r["prose"]]
    texts = {e["text"]: e for e in entries}
    forms = {
        "余": re.compile(r"\d余"), "万": re.compile(r"\d万"), "Chinese numeral": re.compile(r"[一二两三四五六七八九十]+[场期次件篇个起]"),
        "full-width": re.compile(r"[０-９]"), "thousands": re.compile(r"\d,\d{3}"),
        "约/超过/多": re.compile(r"约\d|超过\d|\d多"),
    }
    for name, pattern in forms.items():
        assert any(pattern.search(t) for t in texts), name
    wan = next(e for t, e in texts.items() if re.search(r"\d\.\d+万", t))
    assert wan["value"] % 100 == 0 and wan["value"] >= 10000
    for t, e in texts.items():
        if re.search(r"\d+余", t) and "万" not in t:
            assert str(e["value"]) == re.search(r"(\d+)余", t).group(1)
    assert quantity(random.Random(0), 12, "场", "press_conferences")[1] == 12
    assert prose_module.chinese_numeral(12) == "十二" and prose_module.chinese_numeral(2) == "两"


def test_distractors_are_not_entries() -> None:
    seen = Counter()
    for i, record in enumerate(RECORDS):
        comp = compose(record, random.Random(1000 + i))
        texts = [e.text for e in comp.entries]
        body = "".join(comp.section1 + comp.section5)
        taken = [(m.start(), m.end()) for t in texts for m in re.finditer(re.escape(t), body)]
        for span in comp.distractors:
            assert span in body and span not in texts
            assert not any(t in span for t in texts), (span, texts)
            free = [m for m in re.finditer(re.escape(span), body) if not any(a <= m.start() < b for a, b in taken)]
            assert free, (span, texts)  # printed outside every entry's span
            for kind, word in (("cumulative", "累计"), ("percent", "%"), ("phone", "-"), ("copies", "份"),
                               ("page views", "万人次"), ("12345", "12345")):
                seen[kind] += word in span
        for sentence in re.split("[。；]", body):
            if "历年累计" in sentence or "截至" in sentence or "办结" in sentence or str(record["meta"]["year"] + 1) in sentence:
                assert not any(t in sentence for t in texts if "累计" not in t), sentence
    assert all(seen[k] for k in ("percent", "phone", "copies", "page views", "12345")), seen
    zero_in_words = [r for r in RECORDS if "未收到政府信息公开申请" in "".join(r["_paragraphs"]["一"])]
    assert zero_in_words and all(
        not any(e["metric"] == "requests_received" for e in r["prose"]) for r in zero_in_words
    )


def test_other_subcounts_and_restatements() -> None:
    found = Counter()
    for record in RECORDS:
        body = "".join(record["_paragraphs"]["一"] + record["_paragraphs"]["五"])
        metrics = Counter(e["metric"] for e in record["prose"])
        found["restated"] += any(n > 1 for n in metrics.values())
        found["其中"] += "其中" in body
        found["section 五 entry"] += any(e["text"] in "".join(record["_paragraphs"]["五"]) for e in record["prose"])
    assert all(found.values()) and len(found) == 3, found


def test_prose_for_and_hook_in_renderers() -> None:
    record = {k: v for k, v in RECORDS[0].items() if k != "_paragraphs"}
    one, five, entries = prose_for(record, random.Random(8))
    assert entries == [e.gold() for e in compose(record, random.Random(8)).entries]
    custom = {**record, "prose": entries, "_paragraphs": {"一": one, "五": five}}
    for layout in LAYOUTS:
        text = _page_text(custom, layout)
        assert all(p in text for p in one + five), layout
        assert all(e["text"] in text for e in entries)
    headings = [p for p in one if p.startswith("（")]
    page = lxml.html.document_fromstring(render_html(custom, "cms").decode("utf-8"))
    assert [s.text_content() for s in page.iter("strong") if s.text_content().startswith("（")] == headings
    default = _page_text(record, "cms")
    assert five[0] not in default and "下一步，我们将进一步加强组织领导" in default


# --------------------------------------------------------------------------- the generator


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    layouts = [*LAYOUTS, "small"]
    a = synthesize(10, 5, tmp_path / "a", layouts, gold_dirs=[REAL])
    b = synthesize(10, 5, tmp_path / "b", layouts, gold_dirs=[REAL], workers=2)
    assert a["documents"] == b["documents"] == 10 + 5 and not a["failed"]
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    synthesize(3, 6, tmp_path / "c", layouts)
    assert _files(tmp_path / "c")["synth-00000.cms.gold.json"] != _files(tmp_path / "a")["synth-00000.cms.gold.json"]


def test_every_registered_layout_writes_a_document(tmp_path: Path) -> None:
    names = list(LAYOUT_REGISTRY)
    assert {"cms", "word", "split", "gbk_nometa", "portrait", "wps"} <= set(names)
    stats = synthesize(len(names), 1, tmp_path, names)
    assert stats["by_layout"] == dict.fromkeys(names, 1) and not stats["failed"]
    for name, (fmt, ext, render) in LAYOUT_REGISTRY.items():
        [gold_path] = tmp_path.glob(f"*.{name}.gold.json")
        gold = json.loads(gold_path.read_text("utf-8"))
        assert gold["synth"]["layout"] == name and gold["synth"]["format"] == fmt
        assert isinstance(gold["synth"]["seed"], int) and callable(render)
        doc = tmp_path / gold["source"]
        assert doc.name == gold_path.name.replace(".gold.json", f".{ext}") and doc.stat().st_size > 500
        assert set(gold) == {"source", "meta", "fields", "prose", "notes", "synth"}
    assert stats["by_format"]["html"]["documents"] == len(LAYOUTS)
    assert stats["by_format"]["pdf"]["documents_per_s"] > 0


def test_gold_files_and_gold_dirs(tmp_path: Path) -> None:
    stats = synthesize(4, 2, tmp_path, ["cms", "gbk_nometa"], gold_dirs=[REAL], editions=("2021",))
    real = sorted(REAL.glob("*.gold.json"))
    wanted = [p for p in real if json.loads(p.read_text("utf-8"))["meta"]["edition"] == "2021"]
    assert stats["from_gold"] == len(wanted) and len(stats["skipped_gold"]) == len(real) - len(wanted)
    for path in wanted:
        stem = path.name[: -len(".gold.json")]
        [copy] = tmp_path.glob(f"{stem}.*.gold.json")
        gold, original = json.loads(copy.read_text("utf-8")), json.loads(path.read_text("utf-8"))
        assert gold["fields"] == original["fields"] and gold["prose"] == original["prose"]
        assert gold["notes"] == original.get("notes", []) and gold["synth"]["origin"] == path.name
        text = lxml.html.document_fromstring(
            (tmp_path / gold["source"]).read_bytes().decode(ENCODING[gold["synth"]["layout"]])
        ).text_content()
        assert all(e["text"] in text for e in gold["prose"])
    for path in tmp_path.glob("synth-*.gold.json"):
        gold = json.loads(path.read_text("utf-8"))
        assert "_paragraphs" not in gold and gold["meta"]["edition"] == "2021"
        assert gold["source"].startswith(path.name.split(".")[0]) and (tmp_path / gold["source"]).is_file()


def test_plan_and_errors(tmp_path: Path) -> None:
    jobs = plan(5, 3, ["cms", "word"])
    assert [j.layout for j in jobs] == ["cms", "word", "cms", "word", "cms"]
    assert [j.seed for j in jobs] == [j.seed for j in plan(5, 3, ["portrait"])]
    with pytest.raises(ValueError):
        synthesize(1, 1, tmp_path, ["no-such-layout"])
    with pytest.raises(ValueError):
        synthesize(1, 1, tmp_path, ["cms"], editions=("legacy",))
    record = synth_record(jobs[0].seed, "x.html")
    assert "_paragraphs" in record and "_paragraphs" not in gold_of(record, "x.html", {})
    assert SYNTH_OPTIONS["p_break"] == 0.05


def test_chinese_numerals_match_cn2an() -> None:
    cn2an = pytest.importorskip("cn2an")
    for n in [*range(0, 200), *range(200, 100000, 97), 10010, 10000, 99999]:
        assert prose_module._cn_fallback(n) == cn2an.an2cn(n, "low"), n
