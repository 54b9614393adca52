from conftest import CORPORA

from pipeline.document import Document, Paragraph
from pipeline.readers import read_document
from pipeline.sections import detect_edition, find_meta, find_sections, segment_text


def _doc(*paras: str, title: str | None = None) -> Document:
    return Document(source="x", format="text", blocks=[Paragraph(p) for p in paras], title=title)


def test_headings_inside_one_long_line_and_not_table_rows():
    doc = read_document((CORPORA / "real" / "pingtan-2023.txt").read_bytes(), "p.txt")
    sections = find_sections(doc)
    assert sections.found == [1, 2, 3, 4, 5, 6]
    three = segment_text(doc, sections.segments[3][0])
    assert three.startswith("三、收到和处理政府信息公开申请情况")
    assert "四、结转下年度继续办理" in three  # a table row, not the heading of section 四


def test_edition_from_printed_vocabulary_not_year():
    assert detect_edition(_doc("第二十条第（一）项", "信息内容", "本年制发件数 本年废止件数 现行有效件数"), 2020)[0] == "2021"
    assert detect_edition(_doc("信息内容 本年新制作数量 本年新公开数量 对外公开总数量"), 2022)[0] == "2019"
    assert detect_edition(_doc("无表格"), 2016) == ("legacy", "year")


def test_agency_and_year_from_titles():
    meta = find_meta(_doc("正文", title="洪泽区人民政府2023年政府信息公开工作年度报告"))
    assert (meta.agency, meta.year) == ("洪泽区人民政府", 2023)
    meta = find_meta(_doc("淮安市洪泽区人民政府", "2024 年政府信息公开工作年度报告", "本报告……"))
    assert (meta.agency, meta.year) == ("淮安市洪泽区人民政府", 2024)
    meta = find_meta(_doc("根据要求,发布河东区人民政府办公室2020年政府信息公开工作年度报告。",
                          "本报告中所列数据统计期限从2020年1月1日到12月31日止。"))
    assert (meta.agency, meta.year) == ("河东区人民政府办公室", 2020)


def test_year_reported_on_is_not_the_publication_year():
    meta = find_meta(_doc("发布时间: 2024-03-08", "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。",
                          title="平潭综合实验区2023年度政府信息公开工作年度报告"))
    assert meta.year == 2023
