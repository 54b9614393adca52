"""The report's printed page as a XeLaTeX document, for the ``xelatex`` producer of the producer matrix (issue 13).

TeX is a layout engine of its own kind: paragraphs broken by Knuth–Plass, CJK set by xeCJK, and tables by
``longtable``, which breaks a table between rows at a page's foot and draws its rules as ``|`` in the column
specification and ``\\hline``/``\\cline`` between rows. What it is given is the article of the page the HTML
producers print, read into blocks by :mod:`pipeline.synth.article` (as for Typst and FOP). Columns are of
equal width (as FOP's); a ``colspan`` cell is a ``\\multicolumn``, and a ``rowspan`` cell prints its text in its
first row with no rule under it until the span ends, as a hand-written LaTeX table often does. Every text is
escaped, so nothing the report prints is read as TeX.
"""

from __future__ import annotations

from dataclasses import dataclass

from .article import Block, article_blocks, cell_lines, table_rows

#: Page and type, as a Word report prints them: A4, 2 cm margins, 10.5 pt (五号) text on 15 pt lines.
GEOMETRY = "a4paper,margin=2cm"
TEXT_PT = 10.5
LEADING_PT = 15
TITLE_PT = 16
#: A cell's padding either side (``\\tabcolsep``) and the paragraph indent (two ideographs).
CELL_PAD_PT = 3
INDENT = "2em"
#: TeX's special characters, each as it prints itself.
_ESCAPES = str.maketrans({
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#", "%": r"\%",
    "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
})


def escape(text: str) -> str:
    """``text`` with TeX's special characters escaped."""
    return text.translate(_ESCAPES)


@dataclass(frozen=True)
class Font:
    """A face for fontspec: its file (``Path`` + name), its index in a collection, and whether it has the
    Latin digits (else the Latin text, digits included, is set in ``fallback``)."""

    path: str
    index: int = 0
    has_digits: bool = True
    fallback: str = "DejaVu Sans"


@dataclass(frozen=True)
class _Slot:
    """One column of one row of the table's grid: the cell that starts there (``cell``), or the row below a
    ``rowspan`` cell's first (``cell`` None); ``span`` columns wide; ``open_below`` when the cell goes on into
    the next row (no rule under it)."""

    column: int
    span: int
    cell: object = None
    open_below: bool = False


def _grid(rows: list, columns: int) -> list[list[_Slot]]:
    """The table's rows as slots, ``rowspan`` cells carried down into the rows they cover."""
    carried: dict[int, tuple[int, int]] = {}  # column → (span, rows still covered)
    out = []
    for tr in rows:
        slots, column, cells = [], 0, iter(tr.findall("td"))
        while column < columns:
            if column in carried:
                span, left = carried.pop(column)
                if left > 1:
                    carried[column] = (span, left - 1)
                slots.append(_Slot(column, span, None, left > 1))
                column += span
                continue
            td = next(cells, None)
            if td is None:
                break
            span, down = int(td.get("colspan", 1)), int(td.get("rowspan", 1))
            if down > 1:
                carried[column] = (span, down - 1)
            slots.append(_Slot(column, span, td, down > 1))
            column += span
        out.append(slots)
    return out


def _width(span: int) -> str:
    """The text width of a cell ``span`` columns wide, in units of the table's ``\\cw``."""
    return rf"\dimexpr {span}\cw+{span - 1}\tabcolsep*2+{span - 1}\arrayrulewidth\relax"


def _cell(slot: _Slot, ruled: bool) -> str:
    text = r"\newline ".join(escape(line) for line in cell_lines(slot.cell) if line) if slot.cell is not None else ""
    if slot.span == 1:
        return text
    left = "|" if ruled and slot.column == 0 else ""
    right = "|" if ruled else ""
    return rf"\multicolumn{{{slot.span}}}{{{left}>{{\centering\arraybackslash}}p{{{_width(slot.span)}}}{right}}}{{{text}}}"


def _rule_below(slots: list[_Slot]) -> str:
    """``\\hline`` under a row, or ``\\cline`` pieces where a rowspan cell goes on into the next row."""
    closed = [s for s in slots if not s.open_below]
    if len(closed) == len(slots):
        return r"\hline"
    return "".join(rf"\cline{{{s.column + 1}-{s.column + s.span}}}" for s in closed)


def table(element, ruled: bool) -> str:
    """One ``longtable`` of the HTML ``element``: ruled, a rule round every cell; unruled, none at all."""
    rows, columns = table_rows(element)
    bar = "|" if ruled else ""
    spec = bar + bar.join([r">{\centering\arraybackslash}p{\cw}"] * columns) + bar
    lines = [rf"\setlength{{\cw}}{{\dimexpr(\linewidth-{2 * columns}\tabcolsep-{columns + 1}\arrayrulewidth)/{columns}\relax}}",
             rf"\begin{{longtable}}{{{spec}}}"]
    if ruled:
        lines.append(r"\hline")
    for slots in _grid(rows, columns):
        row = " & ".join(_cell(s, ruled) for s in slots) + r" \\"
        lines.append(row + (" " + _rule_below(slots) if ruled else ""))
    lines.append(r"\end{longtable}")
    return "\n".join(lines) + "\n"


def _block(block: Block, ruled: bool) -> str:
    if block.kind == "table":
        return table(block.table, ruled and block.ruled)
    if block.kind == "title":
        return (rf"\begin{{center}}\fontsize{{{TITLE_PT}pt}}{{{round(TITLE_PT * 1.4)}pt}}\selectfont"
                rf"\textbf{{{escape(block.text)}}}\end{{center}}" + "\n\n")
    if block.kind == "spacer":
        return r"\newpage" + (rf"\vspace*{{{block.height_mm}mm}}" if block.height_mm else "") + "\n\n"
    if block.kind == "heading":
        return rf"\textbf{{{escape(block.text)}}}" + "\n\n"
    if block.kind == "text":
        return rf"\noindent {escape(block.text)}" + "\n\n"
    return escape(block.text) + "\n\n"


def _fontspec(command: str, font: Font) -> str:
    folder, name = font.path.rsplit("/", 1)
    return rf"\{command}[Path={folder}/,FontIndex={font.index},AutoFakeBold=2]{{{name}}}"


def latex_document(article_html: str, font: Font, ruled: bool) -> str:
    """The XeLaTeX document of ``article_html`` (the page's article) in ``font`` (CJK and, when it has them,
    Latin), its tables ruled or not."""
    latin = _fontspec("setmainfont", font) if font.has_digits else rf"\setmainfont{{{font.fallback}}}"
    head = "\n".join([
        r"\documentclass{article}",
        rf"\usepackage[{GEOMETRY}]{{geometry}}",
        r"\usepackage{array,longtable}",
        r"\usepackage{xeCJK}",
        latin,
        _fontspec("setCJKmainfont", font),
        r"\newlength{\cw}",
        rf"\setlength{{\tabcolsep}}{{{CELL_PAD_PT}pt}}",
        rf"\setlength{{\parindent}}{{{INDENT}}}",
        r"\setlength{\LTpre}{4pt}\setlength{\LTpost}{4pt}",
        r"\begin{document}",
        rf"\fontsize{{{TEXT_PT}pt}}{{{LEADING_PT}pt}}\selectfont",
        "",
    ])
    return head + "".join(_block(b, ruled) for b in article_blocks(article_html)) + "\\end{document}\n"
