"""Legacy (2008-2018) reports: the statistics table, the indicators stated in words, the edition, the generator."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPORA, extract_and_score, gold_of

from pipeline.document import Document, Paragraph, Table
from pipeline.evaluation.scoring import load_gold_dir, score
from pipeline.extract import extract_bytes, extract_file
from pipeline.mapper.pre2019 import _cell_tokens
from pipeline.mapper.stream import cell_where
from pipeline.models import hand_in, pre2019_label_model
from pipeline.readers import read_document
from pipeline.sections import detect_edition, find_meta
from pipeline.synth.pre2019 import (
    PRE2019_LAYOUTS,
    REWORDINGS,
    STYLES,
    pre2019_synthesize,
    render_pre2019,
    sample_pre2019,
)
from pipeline.template.labels import label_index
from pipeline.template.pre2019 import pre2019_label_index

PINGTAN_2017 = CORPORA / "real" / "pingtan-2017.txt"  # the copy of ../shared/corpora/real/pingtan-2017


def _text_record(text: str, name: str = "x.txt") -> dict:
    return extract_bytes(text.encode("utf-8"), name)


# --------------------------------------------------------------------------- pingtan-2017


def test_pingtan_2017_matches_its_gold_cells_and_prose():
    records, scores = extract_and_score([PINGTAN_2017])
    gold = gold_of(PINGTAN_2017)
    record = records[0]
    assert record["fields"] == gold["fields"]
    assert scores["cells"]["accuracy"] == 1.0 and scores["documents"]["exact"] == 1
    assert scores["prose"]["precision"] == 1.0 and scores["prose"]["recall"] == 1.0
    assert Counter((p["metric"], p["value"]) for p in record["prose"]) == \
        Counter((p["metric"], p["value"]) for p in gold["prose"])
    assert record["meta"] == gold["meta"]
    assert not [w for w in record["warnings"] if "legacy" in w]


def test_pingtan_2017_this_year_column_cut_from_the_run_and_confirmed_by_the_prose():
    record = extract_file(PINGTAN_2017)
    prov = record["provenance"]["legacy.active_published"]
    assert prov["method"] == "split" and prov["run"] == "212210037" and prov["text"] == "2122"
    assert "主动公开政府信息2122条" in prov["prose"]
    assert "ambiguous" not in prov  # 10037 is the 历年累计, never read
    assert record["provenance"]["legacy.requests_received"]["prose"] == "未收到有关政府信息公开申请"
    assert record["provenance"]["legacy.complaints"]["label"] == "接受行政诉讼、举报数"
    assert set(record["fields"]) == set(record["provenance"])


# --------------------------------------------------------------------------- tables and prose


def test_run_together_digits_are_cut_by_the_sub_rows_when_the_prose_says_nothing():
    text = ("标题: 某县2015年政府信息公开工作年度报告\n"
            "一、概述本年度工作取得成效。六、政府信息公开情况统计表指标名称计量单位2015年度历年累计"
            "受理政府信息依申请公开总数条12130其中：1、当面申请数条2302、网上申请数条10100\n")
    record = _text_record(text)
    assert record["meta"]["edition"] == "legacy"
    assert record["fields"]["legacy.requests_received"] == 12  # not 1 | 2130, not 121 | 30
    assert record["provenance"]["legacy.requests_received"]["run"] == "12130"


def test_an_undecided_run_is_the_most_even_cut_and_flagged():
    text = ("标题: 某县2015年政府信息公开工作年度报告\n一、概述本年度工作取得成效。"
            "政府信息公开情况统计表指标名称计量单位2015年度历年累计主动公开文件数条12345行政复议数件00\n")
    record = _text_record(text)
    assert record["fields"]["legacy.active_published"] == 12
    assert record["provenance"]["legacy.active_published"]["ambiguous"] is True
    [ambiguity] = record["ambiguities"]
    assert ambiguity["chosen"] == [12] and [1] in ambiguity["alternatives"]
    assert record["status"] == "flagged"


_RUN = ("标题: 某县2015年政府信息公开工作年度报告\n一、概述本年度工作取得成效。政府信息公开情况统计表指标名称计量单位"
        "2015年度历年累计受理政府信息依申请公开总数条1030对申请的答复总数条1030其中：1、同意公开答复数条820 ")


def test_a_row_named_fou_jue_is_denied_and_the_row_before_keeps_its_own_digits():
    record = _text_record(_RUN + "2、同意部分公开答复数条25 3、否决公开答复数条05 行政复议数件00\n")
    fields = record["fields"]
    assert fields["legacy.partially_granted"] == 2  # 2 | 5, never 25 | 05
    assert fields["legacy.denied"] == 0
    assert fields["legacy.granted"] + fields["legacy.partially_granted"] + fields["legacy.denied"] == \
        fields["legacy.replies_total"]


def test_a_row_the_vocabulary_does_not_know_keeps_its_values_to_itself():
    record = _text_record(_RUN + "2、同意部分公开答复数条25 3、转交其他机关处理数条05 行政复议数件00\n")
    assert record["fields"]["legacy.partially_granted"] == 2
    assert "legacy.denied" not in record["fields"]


def test_sub_rows_that_add_up_to_their_parent_decide_a_cut_the_other_constraints_leave_open():
    """A Fujian table prints 本年度 | 历年累计 only: the sums are checked in those two columns (checked in all four,
    a column not printed failed every family, and the most even cut 12 | 12 was kept, flagged)."""
    record = _text_record(_RUN.split("受理")[0] + "受理政府信息依申请公开总数条20300对申请的答复总数条20300其中："
                          "1、同意公开答复数条1988 2、同意部分公开答复数条1212 行政复议数件00\n")
    fields, prov = record["fields"], record["provenance"]["legacy.partially_granted"]
    assert fields["legacy.granted"] == 19 and fields["legacy.replies_total"] == 20
    assert fields["legacy.partially_granted"] == 1  # 1 | 212: 19 + 1 = 20 and 88 + 212 = 300; 12 | 12 is even
    assert prov["run"] == "1212" and prov["text"] == "1" and "ambiguous" not in prov
    assert not record["ambiguities"]


def test_sub_rows_cut_from_a_run_that_do_not_add_up_send_the_record_to_review():
    record = _text_record(_RUN + "2、同意部分公开答复数条35 行政复议数件00\n")
    assert record["fields"]["legacy.partially_granted"] == 3  # the only cut, but 8 + 3 is not 10
    assert record["status"] == "flagged"
    assert any("add up to 11, expected 10" in r for r in record["review"])


def test_replies_of_another_domain_are_not_replies_to_requests():
    text = ("标题: 某县2014年政府信息公开工作年度报告\n一、概述\n2014年，我局主动公开政府信息56条。"
            "全年受理税务行政审批事项240件，办结240件。\n三、依申请公开政府信息情况\n2014年共受理政府信息公开申请3件。\n")
    fields = _text_record(text)["fields"]
    assert fields == {"legacy.active_published": 56, "legacy.requests_received": 3}


def test_indicators_only_the_prose_states_with_zeros_in_words():
    text = ("标题: 某市教育局2012年政府信息公开工作年度报告\n"
            "一、概述\n2012年，我局主动公开政府信息356条。\n"
            "三、依申请公开政府信息情况\n2012年，我局未收到政府信息公开申请。\n"
            "四、政府信息公开的收费及减免情况\n我局未收取任何费用。\n"
            "五、因政府信息公开申请行政复议、提起行政诉讼的情况\n"
            "2012年，我局未发生因政府信息公开申请提起行政复议、行政诉讼的情况。\n")
    record = _text_record(text)
    assert record["fields"] == {"legacy.active_published": 356, "legacy.requests_received": 0,
                                "legacy.reviews": 0, "legacy.suits": 0, "legacy.fees": 0}
    prov = record["provenance"]
    assert all(p["method"] == "prose" for p in prov.values())
    assert prov["legacy.requests_received"]["text"] == "未收到政府信息公开申请"
    assert prov["legacy.requests_received"]["stated"] == "in words"
    assert "stated" not in prov["legacy.active_published"]
    # a zero in words is not a prose entry; a numeral is
    assert [(p["metric"], p["value"]) for p in record["prose"]] == [("info_published", 356)]


def test_a_sentence_about_reviews_is_no_zero_for_requests():
    text = ("标题: 某县2013年政府信息公开工作年度报告\n一、概述\n"
            "2013年未收到有关政府信息公开行政复议、提起行政诉讼的申请。\n")
    fields = _text_record(text)["fields"]
    assert fields == {"legacy.reviews": 0, "legacy.suits": 0}


def test_prose_that_contradicts_the_table_is_a_warning_and_the_table_wins():
    text = ("标题: 某县2016年政府信息公开工作年度报告\n一、概述\n2016年，我县共受理政府信息公开申请9件。\n"
            "七、政府信息公开情况统计表\n指标名称 | 计量单位 | 本年度 |\n受理政府信息公开申请总数 | 件 | 8 |\n"
            "对申请的答复总数 | 件 | 8 |\n")
    record = _text_record(text)
    assert record["fields"]["legacy.requests_received"] == 8
    assert any("the prose states" in w and "9" in w for w in record["warnings"])


def test_the_learned_classifier_reads_a_provinces_own_wording():
    assert pre2019_label_model() is not None, "models/labels/legacy_model.npz is shipped"
    assert "legacy_labels" in hand_in().hashes  # the scanner gets its classifier from the models' owner
    index = pre2019_label_index()
    for ident, names in REWORDINGS.items():
        for name in names:
            [match] = [m for m in index.scan_rows(f"其中：2、{name}条") if m.refs[0].kind != "mark"]
            assert match.refs[0].ident == ident, name
            assert match.numbering is not None and match.numbering.number == 2


def test_the_template_scanner_never_answers_with_a_legacy_label():
    for text in ("对申请的答复总数", "同意部分公开答复数", "主动公开文件数", "历年累计"):
        assert all(r.table != "legacy" for m in label_index().scan(text) for r in m.refs)


# --------------------------------------------------------------------------- the generator


def test_sampled_tables_are_consistent():
    for seed in range(40):
        record = sample_pre2019(random.Random(seed), "x.html", "fujian")
        values = [(int(row[2]), int(row[3])) for row in record["_table"]["cells"]]
        assert len(values) == 15
        assert all(this <= total for this, total in values)  # 本年度 <= 历年累计
        # the sub-rows after 其中 add up to their row, in both columns
        for total_at, parts in ((0, (1, 2)), (3, (4, 5, 6)), (7, (8, 9, 10, 11))):
            for col in (0, 1):
                assert values[total_at][col] == sum(values[p][col] for p in parts)
        assert record["fields"]["legacy.replies_total"] <= record["fields"]["legacy.requests_received"]


def test_every_layout_renders_its_style():
    record = sample_pre2019(random.Random(3), "x.txt", "fujian")
    runon = render_pre2019(record, "legacy_runon").decode("utf-8")
    assert "指标名称计量单位" in runon and "历年累计" in runon
    cells = render_pre2019(record, "legacy_fujian_cells").decode("utf-8")
    assert "指标名称 | 计量单位 |" in cells
    html = render_pre2019(sample_pre2019(random.Random(3), "x.html", "national"), "legacy_national_html")
    assert b"<table" in html and "一、主动公开情况".encode() in html
    with pytest.raises(ValueError):
        render_pre2019(record, "cms")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[list[dict], dict[str, dict]]:
    out = tmp_path_factory.mktemp("legacy")
    pre2019_synthesize(63, 20240, out)
    gold = load_gold_dir(out)
    return gold, {g["source"]: extract_file(out / g["source"]) for g in gold}


def test_generated_legacy_reports_are_read_in_every_style(generated):
    gold, pred = generated
    assert {g["synth"]["style"] for g in gold} == set(STYLES)
    assert {g["synth"]["layout"] for g in gold} == set(PRE2019_LAYOUTS)
    for style in STYLES:
        docs = [g for g in gold if g["synth"]["style"] == style]
        s = score(docs, [pred[g["source"]] for g in docs])
        assert s["cells"]["accuracy"] >= 0.99, (style, s["worst_documents"][:2])
    total = score(gold, list(pred.values()))
    assert total["cells"]["total"] >= 63 * 8
    assert total["cells"]["accuracy"] >= 0.99
    assert total["meta"]["edition"]["accuracy"] == 1.0
    assert total["prose"]["f1"] >= 0.95


def test_generated_values_keep_provenance(generated):
    _, pred = generated
    for record in pred.values():
        assert record["status"] in ("ok", "flagged")
        assert set(record["fields"]) == set(record["provenance"])
        for prov in record["provenance"].values():
            assert prov["method"] in ("cell", "text", "split", "prose") and 0 < prov["confidence"] <= 1


def test_a_legacy_cell_token_stands_where_the_shared_cell_where_says():
    """The legacy table's cells are placed by the one :func:`~pipeline.mapper.stream.cell_where` the template's
    tables use (the reading's notes included): on a generated report printed as ``|`` cells, every label and whole
    value a cell gives starts with that place, key for key in its order, its character offset included."""
    record = sample_pre2019(random.Random(5), "x.txt", "fujian")
    doc = read_document(render_pre2019(record, "legacy_fujian_cells"), "x.txt")
    tables = [(i, block) for i, block in enumerate(doc.blocks) if isinstance(block, Table)]
    seen = 0
    for i, table in tables:
        for cell in table.cells:
            place = list(cell_where(cell, i, table.grid).items())
            for tok in _cell_tokens(cell, i, table.grid):
                if "span" not in tok.where:  # a whole cell (a label or one value), not text read inside it
                    assert list(tok.where.items())[: len(place)] == place and "offset" in tok.where
                    seen += 1
    assert seen >= 20


# --------------------------------------------------------------------------- edition


def _gold_documents() -> list[Path]:
    docs = []
    for folder in (CORPORA / "html", CORPORA / "real", CORPORA / "text", CORPORA / "seed", CORPORA / "pdf"):
        for gold_path in sorted(folder.glob("*.gold.json")):
            doc = gold_path.with_name(json.loads(gold_path.read_text("utf-8"))["source"])
            if doc.is_file():
                docs.append(doc)
    return docs


def test_edition_of_every_corpus_document():
    docs = _gold_documents()
    assert len(docs) >= 90
    wrong = []
    for path in docs:
        doc = read_document(path.read_bytes(), path.name)
        edition, _ = detect_edition(doc, find_meta(doc).year)
        if edition != gold_of(path)["meta"]["edition"]:
            wrong.append((path.name, edition))
    assert not wrong


def _doc(*paras: str) -> Document:
    return Document(source="x", format="text", blocks=[Paragraph(p) for p in paras])


def test_a_2021_report_printed_on_2019_headers_is_a_2021_report():
    page = (CORPORA / "html" / "huaian-2024.cms.html").read_text("utf-8")
    for new, old in (("本年制发件数", "本年新制作数量"), ("本年废止件数", "本年新公开数量"), ("现行有效件数", "对外公开总数量"),
                     ("本年处理决定数量", "处理决定数量"), ("本年收费金额（单位：万元）", "本年增/减")):
        page = page.replace(new, old)
    doc = read_document(page.encode("utf-8"), "huaian.html")
    assert find_meta(doc).year == 2024
    assert detect_edition(doc, 2024) == ("2021", "printed vocabulary and year")
    assert detect_edition(doc, None)[0] == "2021"  # its table 三 has the 2021 rows
    table_2019 = "本年新制作数量 本年新公开数量 对外公开总数量 上一年项目数量 申请人无正当理由逾期不补正"
    assert detect_edition(_doc(table_2019), 2020)[0] == "2019"


def test_reports_before_the_template():
    assert detect_edition(_doc("指标名称 计量单位 本年度 历年累计 对申请的答复总数 同意公开答复数"), 2019) == \
        ("legacy", "printed vocabulary")
    old = ("一、概述", "二、主动公开政府信息情况", "三、依申请公开政府信息情况", "四、政府信息公开的收费及减免情况",
           "五、因政府信息公开申请行政复议、提起行政诉讼的情况", "六、政府信息公开工作存在的主要问题和改进措施")
    assert detect_edition(_doc(*old), 2019) == ("legacy", "free layout before the template")
    new = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "六、其他需要报告的事项")
    assert detect_edition(_doc(*new), 2020) == ("2019", "year")  # tables printed as images, say
    assert detect_edition(_doc("依据国办公开办函〔2019〕60号编制。", *new), 2021) == ("2021", "year")
    assert detect_edition(_doc("依据国办公开办函〔2019〕60号编制。"), None) == ("2019", "circular cited")


def test_a_2019_report_in_the_old_layout_is_read_as_legacy():
    text = ("标题: 某县2019年政府信息公开工作年度报告\n一、概述\n2019年，我县主动公开政府信息88条。\n"
            "七、政府信息公开情况统计表\n指标名称 | 计量单位 | 本年度 | 历年累计 |\n主动公开政府信息数 | 条 | 88 | 900 |\n"
            "受理政府信息公开申请总数 | 件 | 3 | 40 |\n对申请的答复总数 | 件 | 3 | 40 |\n")
    record = _text_record(text)
    assert record["meta"]["edition"] == "legacy" and record["meta"]["year"] == 2019
    assert record["fields"] == {"legacy.active_published": 88, "legacy.requests_received": 3,
                                "legacy.replies_total": 3}


def test_layout_lines_and_a_year_per_column():
    """pdftotext-like lines, one row each; the column of the year reported on, wherever it stands."""
    head = "标题: 某县2015年政府信息公开工作年度报告\n一、概述\n本年度工作取得成效。\n七、政府信息公开情况统计表\n"
    rows = ("主动公开政府信息数    条        80          88\n受理政府信息公开申请总数  件   2           3\n"
            "对申请的答复总数      件        2           3\n注：本表数据由县政府办公室统计汇总后报送市政府办公室，"
            "所列数据为全县各部门和各乡镇的汇总数据，统计期限为2015年1月1日至12月31日。\n")
    expected = {"legacy.active_published": 88, "legacy.requests_received": 3, "legacy.replies_total": 3}
    for header in ("指标名称            单位      2014年      2015年\n", "指标名称   单位   上年度   本年度\n"):
        record = _text_record(head + header + rows)
        assert record["fields"] == expected, header
        assert record["provenance"]["legacy.active_published"]["text"] == "88"
    flipped = "指标名称   单位   2015年度   2014年度\n" + rows.replace("80          88", "88          80")
    assert _text_record(head + flipped)["fields"]["legacy.active_published"] == 88


def test_a_header_merged_over_two_columns():
    page = ("<html><body><p>某县2015年政府信息公开工作年度报告</p><p>七、政府信息公开情况统计表</p><table>"
            "<tr><td rowspan=2>指标名称</td><td colspan=2>数量</td></tr><tr><td>本年</td><td>累计</td></tr>"
            "<tr><td>主动公开政府信息数</td><td>88</td><td>900</td></tr>"
            "<tr><td>行政复议数</td><td>1</td><td>4</td></tr></table></body></html>")
    record = extract_bytes(page.encode("utf-8"), "x.html")
    assert record["meta"]["edition"] == "legacy"
    assert record["fields"] == {"legacy.active_published": 88, "legacy.reviews": 1}
