from pipeline.document import Paragraph, Table
from pipeline.readers import read_document, sniff_format
from pipeline.readers.encoding import decode


def _html(body: str, head: str = '<meta charset="utf-8">') -> bytes:
    return f"<!DOCTYPE html><html><head>{head}<title>某区2023年政府信息公开工作年度报告_某区政府</title></head>" \
           f"<body>{body}</body></html>".encode()


def test_format_is_sniffed_from_content_not_name():
    assert sniff_format(b"%PDF-1.7 ...") == "pdf"
    assert sniff_format(b"PK\x03\x04....") == "zip"
    assert sniff_format(_html("<p>x</p>")) == "html"
    assert sniff_format("一、总体情况\n二、主动公开".encode()) == "text"


def test_rowspan_and_colspan_keep_grid_positions():
    page = _html("""<div class="article"><table>
      <tr><td rowspan="2">三、本年度办理结果</td><td>（一）予以公开</td><td>5</td><td colspan="2">0</td><td>7</td></tr>
      <tr><td>（二）部分公开</td><td>4</td><td>1</td><td>2</td><td>3</td></tr></table></div>""")
    [table] = read_document(page, "t.html").tables
    cells = {(c.row, c.col): c.text for c in table.cells}
    assert cells[(0, 0)] == "三、本年度办理结果" and cells[(0, 3)] == "0" and cells[(0, 5)] == "7"
    assert cells[(1, 1)] == "（二）部分公开" and cells[(1, 2)] == "4" and cells[(1, 5)] == "3"


def test_word_export_cells_join_their_spans_and_nbsp():
    page = _html("""<table class=MsoNormalTable><tr><td><p class=MsoNormal><span>（二）部分公开</span>
      <span>（区分处理的，只计这一情形，不计其他情形）</span></p></td>
      <td><p class=MsoNormal align=center><span lang=EN-US>12<o:p></o:p></span></p></td>
      <td><p class=MsoNormal><span>&nbsp;</span></p></td></tr></table>""")
    [table] = read_document(page, "w.html").tables
    texts = [c.text for c in table.cells]
    assert texts == ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "12", ""]


def test_navigation_and_footer_around_the_article_are_left_out():
    nav = "".join(f"<li><a href='/n{i}'>第{i}期 工作动态</a></li>" for i in range(30))
    article = "<p>一、总体情况</p>" + "<p>" + "本机关认真贯彻落实条例要求，持续深化政务公开。" * 40 + "</p>"
    page = _html(f"<div class=nav><ul>{nav}</ul></div><div class=main>{article}</div><div class=foot>备案号 12345</div>")
    doc = read_document(page, "p.html")
    text = doc.plain_text()
    assert "一、总体情况" in text and "工作动态" not in text and "备案号" not in text
    assert doc.title.startswith("某区2023年")


def test_layout_tables_are_walked_into():
    page = _html("<table><tr><td><p>一、总体情况</p><table><tr><td>规章</td><td>0</td></tr></table></td></tr></table>")
    doc = read_document(page, "l.html")
    assert [type(b) for b in doc.blocks] == [Paragraph, Table]


def test_encodings_from_bytes_and_declaration():
    text = "收到和处理政府信息公开申请情况"
    assert decode(text.encode("utf-8")) == (text, "utf-8")
    assert decode(text.encode("gbk")) == (text, "gb18030")
    assert decode(text.encode("gb18030"), "gb2312") == (text, "gb18030")
    # declared GBK but really UTF-8: the bytes win
    assert decode(text.encode("utf-8"), "gbk") == (text, "utf-8")


def test_text_reader_cells_paragraphs_and_header_fields():
    data = "发布机构: | 河东区政府办公室 |\n一、总体情况\n规章 |\n0 |\n|||\n- 3 -\n二、主动公开政府信息情况\n".encode()
    doc = read_document(data, "t.txt")
    assert doc.metadata["发布机构"] == "河东区政府办公室"
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Table", "Paragraph", "Table", "Paragraph"]  # the page number line is dropped
    assert [c.text for c in doc.blocks[2].cells] == ["规章", "0", "", "", ""]
    assert doc.blocks[2].grid is False
