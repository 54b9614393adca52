"""Render a gold record as a government web page: fixtures for the HTML reader.

``render_html(record, layout)`` prints the record's tables 二/三/四 in the official template's shape
(rowspan/colspan headers, 第二十条 sub-tables, the 本年度办理结果 row groups) and its prose entries
verbatim in sentences of section 一, inside the page furniture of one of :data:`LAYOUTS`:

- ``cms``: a UTF-8 CMS article page (header, menu, breadcrumb, sidebar, 索引号 box, footer);
- ``word``: a page saved from MS Word / WPS (MsoNormal paragraphs and tables, ``<o:p>``, split runs),
  declared gb2312 and encoded GB18030;
- ``split``: like ``cms``, with table 三 broken in two at a page break and table 二 as one small
  table per 第二十条 item;
- ``gbk_nometa``: an old GBK page with no charset declaration, ``/`` for blank cells and full-width
  digits in table 四.

A value is printed as it stands in the record (``5949.088667``, ``-3``); ``null`` is a blank cell
(``/`` in ``gbk_nometa``); a key the record lacks is an empty cell. Output is deterministic.
"""

from __future__ import annotations

import html
import re

from pipeline.synth.report_text import (
    intro_paragraphs,
    other_matters_paragraphs,
    overview_blocks,
    page_title,
    problems_paragraphs,
    report_title,
    site_name,
)
from pipeline.template.printed import (
    SECTIONS,
    Grid,
    PrintedCell,
    active_grid,
    active_items,
    active_table_grid,
    edition_of,
    litigation_grid,
    requests_grid,
    requests_parts,
)
from pipeline.template.schema import Schema, load_schema

LAYOUTS = ("cms", "word", "split", "gbk_nometa")
_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


# --------------------------------------------------------------------------- layouts


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _span_attrs(cell: PrintedCell) -> str:
    spans = ""
    if cell.colspan > 1:
        spans += f' colspan="{cell.colspan}"'
    if cell.rowspan > 1:
        spans += f' rowspan="{cell.rowspan}"'
    return spans


class _CmsWriter:
    """A UTF-8 CMS article page; tables as the rich-text editor saves them."""

    encoding = "utf-8"
    null_text = ""

    def cell_text(self, cell: PrintedCell) -> str:
        if cell.state in ("label", "value"):
            return cell.text
        return self.null_text if cell.state == "null" else ""

    def para(self, text: str) -> str:
        return f'<p style="text-indent:2em;">{_esc(text)}</p>'

    def heading(self, text: str) -> str:
        return f'<p style="text-indent:2em;"><strong>{_esc(text)}</strong></p>'

    def subheading(self, text: str) -> str:
        return f'<p style="text-indent:2em;"><strong>{_esc(text)}</strong></p>'

    def cell(self, cell: PrintedCell, header: bool) -> str:
        text = self.cell_text(cell)
        if not text:
            inner = "<br/>"
        elif cell.state == "label":
            inner = f'<span style="font-family:宋体;font-size:14px;">{_esc(text)}</span>'
        else:
            inner = _esc(text)
        style = ' style="border:1px solid #000000;padding:4px;"'
        return f'<td{_span_attrs(cell)} valign="middle"{style}><p style="text-align:center;">{inner}</p></td>'

    def table(self, grid: Grid, header_rows: int = 0) -> str:
        rows = []
        for i, row in enumerate(grid):
            rows.append("<tr>" + "".join(self.cell(c, i < header_rows) for c in row) + "</tr>")
        body = "\n".join(rows)
        return (
            '<table border="1" cellspacing="0" cellpadding="0" width="100%" '
            f'style="border-collapse:collapse;">\n<tbody>\n{body}\n</tbody>\n</table>'
        )

    def active(self, record: dict, schema: Schema) -> str:
        return self.table(active_table_grid(record, schema))

    def requests(self, record: dict, schema: Schema) -> str:
        return self.table(requests_grid(record, schema), header_rows=3)

    def litigation(self, record: dict, schema: Schema) -> str:
        return self.table(litigation_grid(record, schema), header_rows=3)

    def page(self, record: dict, article: str) -> str:
        return _cms_page(record, article)


class _SplitWriter(_CmsWriter):
    """Like ``cms``; table 三 broken at a page break, table 二 as one table per 第二十条 item."""

    null_text = "&nbsp;"

    def cell(self, cell: PrintedCell, header: bool) -> str:
        tag = "th" if header else "td"
        text = self.cell_text(cell)
        inner = text if text == "&nbsp;" else _esc(text)
        return f'<{tag}{_span_attrs(cell)} align="center">{inner}</{tag}>'

    def table(self, grid: Grid, header_rows: int = 0) -> str:
        rows = "\n".join(
            "<tr>" + "".join(self.cell(c, i < header_rows) for c in row) + "</tr>"
            for i, row in enumerate(grid)
        )
        return f'<table class="data-table" border="1" cellspacing="0" cellpadding="3">\n{rows}\n</table>'

    def active(self, record: dict, schema: Schema) -> str:
        parts = []
        for item in active_items(schema, edition_of(record)):
            parts.append(f"<p><strong>{_esc(item.item)}</strong></p>")
            parts.append(self.table(active_grid(record, item), header_rows=1))
        return "\n".join(parts)

    def requests(self, record: dict, schema: Schema) -> str:
        first, second = requests_parts(record, schema)
        return "\n".join(
            [
                self.table(first, header_rows=3),
                '<div style="page-break-after:always"></div>',
                "<p> </p>",
                self.table(second),
            ]
        )


_WORD_CELL_FONT = "font-size:10.5pt;font-family:宋体"
_WORD_TEXT_FONT = "font-size:16.0pt;font-family:仿宋_GB2312"
_ASCII_RUN = re.compile(r"[\x20-\x7e]+")


def _word_runs(text: str, style: str) -> str:
    """Word's runs: ASCII in ``lang=EN-US`` spans, the rest in spans of the Chinese font."""
    out, pos = [], 0
    for m in _ASCII_RUN.finditer(text):
        if m.start() > pos:
            out.append(f"<span style='{style}'>{_esc(text[pos : m.start()])}</span>")
        out.append(f"<span lang=EN-US style='{style}'>{_esc(m.group())}</span>")
        pos = m.end()
    if pos < len(text):
        out.append(f"<span style='{style}'>{_esc(text[pos:])}</span>")
    return "".join(out)


def _word_label(text: str) -> str:
    """A label cell's runs; a trailing note in brackets is a run of its own."""
    cut = text.find("（", 1)
    pieces = [text[:cut], text[cut:]] if cut > 0 else [text]
    return "".join(_word_runs(p, _WORD_CELL_FONT) for p in pieces)


class _WordWriter(_CmsWriter):
    """An HTML file saved from MS Word / WPS, declared gb2312, encoded GB18030."""

    encoding = "gb18030"
    _indent = "text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt;mso-line-height-rule:exactly"

    def para(self, text: str) -> str:
        return f"<p class=MsoNormal style='{self._indent}'>{_word_runs(text, _WORD_TEXT_FONT)}</p>"

    def heading(self, text: str) -> str:
        font = "font-size:16.0pt;font-family:黑体"
        return (
            f"<p class=MsoNormal style='line-height:28.0pt;mso-line-height-rule:exactly'>"
            f"<span lang=EN-US style='{font}'>&nbsp;&nbsp;&nbsp; </span>"
            f"<b><span style='{font}'>{_esc(text)}</span></b><span lang=EN-US style='{font}'><o:p></o:p></span></p>"
        )

    def subheading(self, text: str) -> str:
        font = "font-size:16.0pt;font-family:楷体_GB2312"
        return f"<p class=MsoNormal style='{self._indent}'><span style='{font}'>{_esc(text)}<o:p></o:p></span></p>"

    def blank(self) -> str:
        return "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>"

    def cell(self, cell: PrintedCell, header: bool) -> str:
        text = self.cell_text(cell)
        if not text:
            inner = f"<span lang=EN-US style='{_WORD_CELL_FONT}'><o:p>&nbsp;</o:p></span>"
        elif cell.state == "label":
            inner = _word_label(text) + "<span lang=EN-US><o:p></o:p></span>"
        else:
            inner = f"<span lang=EN-US style='{_WORD_CELL_FONT}'>{_esc(text)}<o:p></o:p></span>"
        spans = _span_attrs(cell).replace('"', "")
        width = 56 * cell.colspan
        return (
            f"  <td width={width}{spans} style='width:{width * 0.75:.1f}pt;border:solid windowtext 1.0pt;\n"
            f"  mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>\n"
            f"  <p class=MsoNormal align=center style='text-align:center'>{inner}</p>\n  </td>"
        )

    def table(self, grid: Grid, header_rows: int = 0) -> str:
        rows = []
        for i, row in enumerate(grid):
            first = ";mso-yfti-firstrow:yes" if i == 0 else ""
            last = ";mso-yfti-lastrow:yes" if i == len(grid) - 1 else ""
            cells = "\n".join(self.cell(c, i < header_rows) for c in row)
            rows.append(f" <tr style='mso-yfti-irow:{i}{first}{last};height:19.85pt'>\n{cells}\n </tr>")
        body = "\n".join(rows)
        return (
            "<div align=center>\n\n<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0\n"
            " style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;\n"
            f" mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>\n{body}\n</table>\n\n</div>\n"
            + self.blank()
        )

    def page(self, record: dict, article: str) -> str:
        return _word_page(record, article)


class _GbkWriter(_CmsWriter):
    """An old GBK page without a charset declaration; plain-text cells, ``/`` for blanks."""

    encoding = "gbk"
    null_text = "/"

    def para(self, text: str) -> str:
        return f"<P>　　{_esc(text)}</P>"

    def heading(self, text: str) -> str:
        return f"<P>　　{_esc(text)}</P>"

    def subheading(self, text: str) -> str:
        return self.heading(text)

    def cell(self, cell: PrintedCell, header: bool) -> str:
        text = self.cell_text(cell)
        if cell.table == "litigation":
            text = text.translate(_FULL_WIDTH_DIGITS)
        spans = _span_attrs(cell).replace("colspan", "colSpan").replace("rowspan", "rowSpan").replace('"', "")
        return f"<TD{spans} align=middle>{_esc(text)}</TD>"

    def table(self, grid: Grid, header_rows: int = 0) -> str:
        rows = "\n".join("<TR>" + "".join(self.cell(c, False) for c in row) + "</TR>" for row in grid)
        return f'<TABLE cellSpacing=0 cellPadding=2 width="100%" border=1>\n<TBODY>\n{rows}\n</TBODY></TABLE>'

    def page(self, record: dict, article: str) -> str:
        return _gbk_page(record, article)


_WRITERS = {"cms": _CmsWriter, "word": _WordWriter, "split": _SplitWriter, "gbk_nometa": _GbkWriter}


def _article(record: dict, w: _CmsWriter, schema: Schema) -> str:
    parts = [w.para(p) for p in intro_paragraphs(record)]
    parts.append(w.heading(SECTIONS[0]))
    for kind, text in overview_blocks(record):
        parts.append(w.subheading(text) if kind == "sub" else w.para(text))
    parts += [w.heading(SECTIONS[1]), w.active(record, schema)]
    parts += [w.heading(SECTIONS[2]), w.requests(record, schema)]
    parts += [w.heading(SECTIONS[3]), w.litigation(record, schema)]
    parts += [w.heading(SECTIONS[4])] + [w.para(p) for p in problems_paragraphs(record)]
    parts += [w.heading(SECTIONS[5])] + [w.para(p) for p in other_matters_paragraphs(record)]
    return "\n".join(parts)


# --------------------------------------------------------------------------- page furniture

_ICP = {"淮安": "苏", "洪泽": "苏", "平潭": "闽", "河东": "鲁"}


def _icp(agency: str) -> str:
    province = next((p for k, p in _ICP.items() if k in agency), "京")
    return f"{province}ICP备05012345号-1"


def _cms_page(record: dict, article: str) -> str:
    meta = record["meta"]
    year, agency, site = meta["year"], meta["agency"], site_name(meta["agency"])
    title, published = report_title(record), f"{year + 1}-01-20"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{_esc(page_title(record))}</title>
<meta name="SiteName" content="{_esc(site)}">
<meta name="ArticleTitle" content="{_esc(title)}">
<meta name="PubDate" content="{published} 09:30">
<meta name="ContentSource" content="{_esc(agency)}">
<link rel="stylesheet" href="/static/css/common.css">
<script src="/static/js/jquery-1.12.4.min.js"></script>
</head>
<body>
<div class="topbar"><div class="w1200"><span>欢迎访问{_esc(site)}门户网站！</span>
<a href="/wza/">无障碍浏览</a> <a href="/m/">手机版</a> <a href="/en/">English</a></div></div>
<div class="header"><div class="w1200"><a class="logo" href="/"><img src="/static/images/logo.png" alt="{_esc(site)}"></a>
<form class="search" action="/search/" method="get"><input type="text" name="q" placeholder="请输入关键字">
<button type="submit">搜索</button></form></div></div>
<div class="nav"><ul>
<li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
<li><a href="/hdjl/">互动交流</a></li><li><a href="/zjxx/">走进{_esc(site.split("人民政府")[0])}</a></li><li><a href="/ztzl/">专题专栏</a></li>
</ul></div>
<div class="main w1200">
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt;
<a href="/zwgk/ndbg/">政府信息公开年报</a></div>
<div class="sidebar">
<h3>政府信息公开</h3>
<ul>
<li><a href="/zwgk/zn/">政府信息公开指南</a></li>
<li><a href="/zwgk/zd/">政府信息公开制度</a></li>
<li><a href="/zwgk/gzdt/">{year + 1}年工作动态</a></li>
<li><a href="/zwgk/gb/">政府公报{year}年第12期</a></li>
<li><a href="/zwgk/ndbg/{year - 1}/">{_esc(agency)}{year - 1}年政府信息公开工作年度报告</a></li>
<li><a href="/zwgk/ysqgk/">依申请公开（3）</a></li>
</ul>
</div>
<div class="content">
<table class="xxgk-meta">
<tr><td>索引号：</td><td>000014349/{year + 1}-00012</td><td>主题分类：</td><td>政务公开</td></tr>
<tr><td>发布机构：</td><td>{_esc(agency)}</td><td>发文日期：</td><td>{published}</td></tr>
<tr><td>名称：</td><td colspan="3">{_esc(title)}</td></tr>
</table>
<div class="article">
<h1>{_esc(title)}</h1>
<div class="article-info">发布时间：{published} 来源：{_esc(agency)} 浏览次数：<span id="hits">1287</span>
字号：[<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a>]</div>
<div class="TRS_Editor">
{article}
</div>
</div>
<div class="article-tools"><a href="javascript:window.print();">【打印本页】</a> <a href="javascript:window.close();">【关闭窗口】</a></div>
</div>
</div>
<div class="footer"><div class="w1200">
<p><a href="/about/">关于本站</a> | <a href="/sitemap/">网站地图</a> | <a href="/contact/">联系我们</a></p>
<p>主办单位：{_esc(site)}办公室 版权所有：{_esc(site)} 网站标识码：3208000001</p>
<p>备案号：<a href="https://beian.miit.gov.cn/">{_icp(agency)}</a> 建议使用1920×1080分辨率浏览</p>
<p>Copyright © {year + 1} All Rights Reserved</p>
</div></div>
<script>var _hmt = _hmt || [];</script>
</body>
</html>
"""


_WORD_HEAD = """<meta http-equiv=Content-Type content="text/html; charset=gb2312">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<meta name=Originator content="Microsoft Word 15">"""

_WORD_XML = """<!--[if gte mso 9]><xml>
 <o:DocumentProperties>
  <o:Author>Administrator</o:Author>
  <o:LastAuthor>Administrator</o:LastAuthor>
  <o:Revision>3</o:Revision>
  <o:Pages>6</o:Pages>
  <o:Version>16.00</o:Version>
 </o:DocumentProperties>
</xml><![endif]-->
<!--[if gte mso 9]><xml>
 <w:WordDocument>
  <w:View>Print</w:View>
  <w:SpellingState>Clean</w:SpellingState>
  <w:GrammarState>Clean</w:GrammarState>
  <w:DrawingGridVerticalSpacing>7.8 磅</w:DrawingGridVerticalSpacing>
  <w:Compatibility>
   <w:SpaceForUL/>
   <w:BalanceSingleByteDoubleByteWidth/>
  </w:Compatibility>
 </w:WordDocument>
</xml><![endif]-->
<style>
<!--
 /* Font Definitions */
 @font-face
\t{font-family:宋体;
\tpanose-1:2 1 6 0 3 1 1 1 1 1;}
@font-face
\t{font-family:仿宋_GB2312;
\tpanose-1:2 1 6 9 3 1 1 1 1 1;}
 /* Style Definitions */
 p.MsoNormal, li.MsoNormal, div.MsoNormal
\t{mso-style-parent:"";
\tmargin:0cm;
\ttext-align:justify;
\ttext-justify:inter-ideograph;
\tfont-size:10.5pt;
\tfont-family:"Times New Roman",serif;}
@page WordSection1
\t{size:595.3pt 841.9pt;
\tmargin:72.0pt 90.0pt 72.0pt 90.0pt;
\tlayout-grid:15.6pt;}
div.WordSection1
\t{page:WordSection1;}
-->
</style>"""


def _word_page(record: dict, article: str) -> str:
    title = report_title(record)
    h1_font = "font-size:22.0pt;font-family:方正小标宋简体"
    return f"""<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
{_WORD_HEAD}
<title>{_esc(page_title(record))}</title>
{_WORD_XML}
</head>

<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>

<div class=WordSection1 style='layout-grid:15.6pt'>

<h1 align=center style='text-align:center;line-height:28.0pt;mso-line-height-rule:exactly'>{_word_runs(title, h1_font)}</h1>

<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>

{article}

</div>

</body>

</html>
"""


def _gbk_page(record: dict, article: str) -> str:
    meta = record["meta"]
    year, agency, site = meta["year"], meta["agency"], site_name(meta["agency"])
    return f"""<HTML>
<HEAD>
<TITLE>{_esc(page_title(record))}</TITLE>
<STYLE type=text/css>BODY {{FONT-SIZE: 12px; MARGIN: 0px}} TD {{FONT-SIZE: 12px}}</STYLE>
</HEAD>
<BODY bgColor=#ffffff>
<DIV class=top><A href="/">网站首页</A> | <A href="/xxgk/">政府信息公开</A> | <A href="/zwdt/">政务动态</A> |
<A href="/bsfw/">办事服务</A> | <A href="/gzcy/">公众参与</A></DIV>
<DIV class=left><A href="/zwdt/">{year}年工作动态</A><BR><A href="/gb/">政府公报第12期</A></DIV>
<DIV class=right>
<H1>{_esc(report_title(record))}</H1>
<DIV class=info>发布日期：{year + 1}年1月20日　　来源：{_esc(agency)}　　点击数：356</DIV>
{article}
</DIV>
<DIV class=foot>版权所有：{_esc(site)}　　{_icp(agency)}<BR>技术支持：信息中心　　联系电话：0000-12345678</DIV>
</BODY>
</HTML>
"""


def render_html(record: dict, layout: str) -> bytes:
    """The page for ``record`` in ``layout``, as bytes in the layout's encoding."""
    if layout not in _WRITERS:
        raise ValueError(f"unknown layout {layout!r}; one of {LAYOUTS}")
    writer = _WRITERS[layout]()
    page = writer.page(record, _article(record, writer, load_schema()))
    return page.encode(writer.encoding)
