"""The synthetic web pages of gold records (pipeline.synth.html_render) and the fixtures made from them."""

from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path

import lxml.html
import pytest

from pipeline.synth.html_render import LAYOUTS, render_html
from pipeline.synth.report_text import page_title, report_title
from pipeline.template.printed import applicant_columns, format_value, requests_rows
from pipeline.template.schema import LITIGATION_COLUMNS, LITIGATION_GROUPS, load_schema

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "corpora" / "html"
GENERATOR = REPO / "corpora" / "generators" / "make_html_fixtures.py"
STEMS = ("hedong-2020", "hongze-2023", "hongze-2024", "huaian-2024", "pingtan-2019", "pingtan-2023")
ENCODING = {"cms": "utf-8", "split": "utf-8", "word": "gb18030", "gbk_nometa": "gbk"}
FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def _record(stem: str) -> dict:
    return json.loads((FIXTURES / f"{stem}.cms.gold.json").read_text("utf-8"))


def _doc(page: bytes, layout: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(page.decode(ENCODING[layout]))


def _text(el: lxml.html.HtmlElement) -> str:
    return el.text_content().replace("\xa0", " ").strip()


def _rows(doc: lxml.html.HtmlElement) -> list[list[str]]:
    return [[_text(c) for c in tr if c.tag in ("td", "th")] for tr in doc.iter("tr")]


def _expected(record: dict, key: str, layout: str) -> str:
    value = record["fields"].get(key, "")
    if value is None:
        return "/" if layout == "gbk_nometa" else ""
    return value if value == "" else format_value(value)


CASES = [(stem, layout) for stem in STEMS for layout in LAYOUTS]


def test_layout_names() -> None:
    assert set(LAYOUTS) == set(ENCODING)
    with pytest.raises(ValueError):
        render_html(_record("hedong-2020"), "pdf")


@pytest.mark.parametrize(
    "value,printed",
    [
        (20, "20"),
        (-3, "-3"),
        (0, "0"),
        (5949.088667, "5949.088667"),
        (7730.28, "7730.28"),
        (12.0, "12"),
        (75394432.52, "75394432.52"),
        (1e-7, "0.0000001"),
        (1e16, "10000000000000000"),
    ],
)
def test_format_value(value: float, printed: str) -> None:
    assert format_value(value) == printed


@pytest.mark.parametrize("stem,layout", CASES)
def test_page_parses_with_title_and_sections(stem: str, layout: str) -> None:
    record = _record(stem)
    doc = _doc(render_html(record, layout), layout)
    assert doc.findtext(".//title") == page_title(record)
    assert [_text(h) for h in doc.iter("h1")] == [report_title(record)]
    text = doc.text_content()
    year = record["meta"]["year"]
    assert f"本报告中所列数据统计期限自{year}年1月1日起至{year}年12月31日止" in text
    for heading in (
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ):
        assert any(_text(p).endswith(heading) for p in doc.iter("p")), heading


@pytest.mark.parametrize("stem,layout", CASES)
def test_prose_texts_verbatim(stem: str, layout: str) -> None:
    record = _record(stem)
    text = _doc(render_html(record, layout), layout).text_content()
    for entry in record["prose"]:
        assert entry["text"] in text


@pytest.mark.parametrize("stem,layout", CASES)
def test_requests_values_are_cells_in_their_rows(stem: str, layout: str) -> None:
    record = _record(stem)
    rows = _rows(_doc(render_html(record, layout), layout))
    cells = {c for row in rows for c in row}
    for key, value in record["fields"].items():
        if key.startswith("requests.") and value is not None:
            assert format_value(value) in cells, key
    schema = load_schema()
    columns = [c for c, _ in applicant_columns(record, schema)]
    for r in requests_rows(record, schema):
        want = [_expected(record, f"requests.{r.row}.{c}", layout) for c in columns]
        assert any(row[-len(want) :] == want and r.label in "".join(row) for row in rows), r.label


@pytest.mark.parametrize("stem,layout", CASES)
def test_litigation_row(stem: str, layout: str) -> None:
    record = _record(stem)
    rows = _rows(_doc(render_html(record, layout), layout))
    want = [_expected(record, f"{g}.{c}", layout) for g in LITIGATION_GROUPS for c in LITIGATION_COLUMNS]
    row = next(r for r in rows if len(r) == 15 and r[0].translate(FULL_WIDTH).isdigit())
    assert [c.translate(FULL_WIDTH) for c in row] == want
    if layout == "gbk_nometa":
        assert all(not c.isascii() for c in row)


@pytest.mark.parametrize("stem", STEMS)
def test_active_values_are_cells(stem: str) -> None:
    record = _record(stem)
    for layout in LAYOUTS:
        cells = {c for row in _rows(_doc(render_html(record, layout), layout)) for c in row}
        for key, value in record["fields"].items():
            if key.startswith("active.") and value is not None:
                assert format_value(value) in cells, (layout, key)


@pytest.mark.parametrize("stem", STEMS)
def test_encodings(stem: str) -> None:
    record = _record(stem)
    for layout in LAYOUTS:  # the raw bytes parse too, whatever lxml makes of the encoding
        assert lxml.html.document_fromstring(render_html(record, layout)).find(".//table") is not None
    for layout in ("cms", "split"):
        page = render_html(record, layout)
        assert b'<meta charset="utf-8">' in page
        page.decode("utf-8")
    word = render_html(record, "word")
    assert b"charset=gb2312" in word and b"xmlns:w=" in word
    assert "MsoNormal" in word.decode("gb18030") and "MsoNormalTable" in word.decode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        word.decode("utf-8")
    gbk = render_html(record, "gbk_nometa")
    assert b"charset" not in gbk.lower()
    with pytest.raises(UnicodeDecodeError):
        gbk.decode("utf-8")
    assert report_title(record) in gbk.decode("gbk")


def test_cms_template_spans() -> None:
    doc = _doc(render_html(_record("pingtan-2023"), "cms"), "cms")
    spans = {(_text(c), c.get("colspan"), c.get("rowspan")) for c in doc.iter("td")}
    assert {
        ("申请人情况", "7", None),
        ("自然人", None, "2"),
        ("法人或其他组织", "5", None),
        ("总计", None, "2"),
        ("三、本年度办理结果", None, "22"),
        ("（三）不予公开", None, "8"),
        ("（六）其他处理", None, "3"),
        ("行政复议", "5", None),
        ("行政诉讼", "10", None),
        ("未经复议直接起诉", "5", None),
        ("复议后起诉", "5", None),
    } <= spans
    article = doc.find_class("article")
    assert len(article) == 1 and len(list(article[0].iter("table"))) == 3
    one_row = _doc(render_html(_record("hongze-2023"), "cms"), "cms")
    labels = {_text(c) for c in one_row.iter("td")}
    assert "（六）其他处理" in labels and "3.其他" not in labels


def test_split_breaks_requests_table() -> None:
    page = render_html(_record("huaian-2024"), "split").decode("utf-8")
    assert "page-break-after:always" in page
    doc = lxml.html.document_fromstring(page)
    tables = [t for t in doc.find_class("article")[0].iter("table")]
    assert len(tables) == 4 + 2 + 1  # table 二 per item (2021: four items), table 三 in two, table 四
    first, second = tables[4], tables[5]
    assert _text(first.findall(".//tr")[-1]).startswith("8.属于行政查询事项")
    second_text = _text(second)
    assert "（四）无法提供" in second_text and "申请人情况" not in second_text
    hedong = _doc(render_html(_record("hedong-2020"), "split"), "split").find_class("article")[0]
    assert len(list(hedong.iter("table"))) == 5 + 2 + 1  # 2019: five items


def test_word_splits_label_runs() -> None:
    page = render_html(_record("hedong-2020"), "word").decode("gb18030")
    assert "（二）部分公开</span><span" in page
    assert "<o:p></o:p>" in page and "&nbsp;" in page and "class=MsoNormal align=center" in page


def test_nulls_and_missing_keys() -> None:
    record = copy.deepcopy(_record("pingtan-2023"))
    record["fields"]["requests.granted.research"] = None
    record["fields"]["review.pending"] = None
    del record["fields"]["requests.granted.social_org"]
    schema = load_schema()
    for layout in LAYOUTS:
        rows = _rows(_doc(render_html(record, layout), layout))
        null = "/" if layout == "gbk_nometa" else ""
        granted = next(r for r in rows if r and r[-7:] and "（一）予以公开" in "".join(r))
        assert granted[-7:][2:4] == [null, ""], layout
        litigation = next(r for r in rows if len(r) == 15 and r[0].translate(FULL_WIDTH).isdigit())
        assert litigation[3] == null
    assert len(requests_rows(record, schema)) == 25


def test_generator_output_is_up_to_date(tmp_path: Path, shared_corpora: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_html_fixtures", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.generate(shared_corpora, tmp_path)
    names = sorted(p.name for p in written)
    assert len(names) == 2 * len(STEMS) * len(LAYOUTS)
    assert names == sorted(p.name for p in FIXTURES.iterdir() if p.is_file())
    for name in names:
        assert (FIXTURES / name).read_bytes() == (tmp_path / name).read_bytes(), name


@pytest.mark.parametrize("stem,layout", CASES)
def test_fixture_gold_matches_original(stem: str, layout: str, shared_corpora: Path) -> None:
    gold = json.loads((FIXTURES / f"{stem}.{layout}.gold.json").read_text("utf-8"))
    assert gold["source"] == f"{stem}.{layout}.html"
    assert (FIXTURES / gold["source"]).is_file()
    original = json.loads(next(shared_corpora.glob(f"*/{stem}.gold.json")).read_text("utf-8"))
    assert {k: v for k, v in gold.items() if k != "source"} == {
        k: v for k, v in original.items() if k != "source"
    }
