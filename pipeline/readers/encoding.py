"""Decoding report bytes: UTF-8 or the GB family (GB2312/GBK/GB18030), from the bytes and any declaration.

Government pages often declare one encoding and use another, so the bytes have the last word: text that
decodes as strict UTF-8 is UTF-8; otherwise a GB declaration or a strict GB18030 decode wins; otherwise
charset-normalizer guesses.
"""

from __future__ import annotations

import codecs
import re

from ..errors import ExtractionError

_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "x-gbk", "euc-cn", "hz-gb-2312"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
#: Share of control or replacement characters above which the text is taken for binary data.
MAX_JUNK_SHARE = 0.02


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a meta tag, if any (lower case)."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


_JUNK = re.compile(r"[\ufffd\x00-\x08\x0e-\x1f]")


def _junk_share(text: str) -> float:
    return len(_JUNK.findall(text)) / len(text) if text else 0.0


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """The text and the encoding used. Raises ``undecodable`` for data that is not text."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _checked(data.decode(name, errors="replace"), name)
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return _checked(data[: exc.start].decode("utf-8"), "utf-8")  # cut inside its last character

    if declared and declared.lower() not in _GB_FAMILY and declared.lower() not in ("utf-8", "utf8"):
        try:
            return _checked(data.decode(declared), declared.lower())
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return _checked(data.decode("gb18030"), "gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # the last resort loads only when it is needed

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise ExtractionError("undecodable", "the file is not text in any known encoding (binary data?)")
    return _checked(data.decode(best.encoding, errors="replace"), best.encoding)


def _checked(text: str, encoding: str) -> tuple[str, str]:
    if _junk_share(text) > MAX_JUNK_SHARE:
        raise ExtractionError(
            "undecodable", f"the file does not look like text: too many control characters when read as {encoding}"
        )
    return text, encoding
