"""HTML printed to PDF by Qt 6's own rich-text engine, for the ``qt`` producer of the producer matrix (issue 13).

Offices print reports from Qt programs: the PDF comes from ``QTextDocument`` (Qt's rich-text layout, an HTML 4
subset with its own table layout and pagination) and ``QPdfWriter`` (Qt's PDF writer), not from a browser
engine (wkhtmltopdf is the old QtWebKit). PySide6 (PyPI ``PySide6-Essentials``) runs it headless on Qt's
``offscreen`` platform, fonts from fontconfig.
"""

from __future__ import annotations

import functools
import os

#: Page and type, as a Word report prints them: A4, 2 cm margins, 10.5 pt (五号) text. The writer's resolution is the
#: screen's, 96 dpi: Qt takes the page's CSS pixels (font-size:14px) as device pixels, tiny at 300 dpi.
MARGIN_MM = 20.0
TEXT_PT = 10.5
RESOLUTION_DPI = 96
#: Qt's platform plugin without a display.
QPA_PLATFORM = "offscreen"


@functools.lru_cache(maxsize=1)
def _application():
    """The process's one ``QGuiApplication`` (fonts and painting need it), made on the offscreen platform."""
    os.environ.setdefault("QT_QPA_PLATFORM", QPA_PLATFORM)
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(["gongkai-qt-print"])


def html_to_pdf(html: str, family: str) -> bytes:
    """The PDF Qt prints of ``html`` on A4, in the font ``family`` (the document's default font; fontconfig
    falls back per character for what it lacks)."""
    _application()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)
    writer.setResolution(RESOLUTION_DPI)
    writer.setCreator("gongkai producer matrix (Qt QTextDocument)")
    document = QTextDocument()
    font = QFont(family)
    font.setPointSizeF(TEXT_PT)
    document.setDefaultFont(font)
    document.setHtml(html)
    document.print_(writer)
    del writer  # the writer finishes the PDF when it goes
    buffer.close()
    return bytes(data.data())
