"""What a reviewer may type: a cell value, the metadata, a prose figure, notes. Bad input is refused with a
message that says what to type instead, never stored.

A cell holds what the report prints, in the gold conventions: a number (``20``, ``-3`` in a 本年增/减 column,
``5949.088667`` in an amount column; full-width digits, ``1,234`` and ``1.2万`` are normalised), ``/`` (or
``-``, ``—``, ``无``) for a cell printed empty, which is ``null``, or nothing at all for a cell the report does
not print, which leaves the key out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..template.printed import format_value as format_number
from ..template.schema import EDITIONS, Field, load_schema

#: Significant digits a value may have: more is a typing slip, and more than JSON numbers keep exactly.
MAX_DIGITS = 15
#: Longest text accepted in a cell input (a value is short; this stops pasted paragraphs early).
MAX_CELL_CHARS = 32
MAX_AGENCY_CHARS = 100
MAX_UNIT_CHARS = 4
MAX_PROSE_TEXT_CHARS = 300
MAX_PROSE_ENTRIES = 300
MAX_NOTES = 50
MAX_NOTE_CHARS = 1000
YEARS = range(1990, 2101)
#: Written for a cell printed empty (``null`` in the gold).
NULL_MARKS = frozenset({"/", "-", "—", "–", "－", "无", "null"})
#: ASCII digits only (after NFKC, which folds full-width ones): ``\d`` alone also takes ٣ (Arabic-Indic) for 3.
_NUMBER = re.compile(r"^(?P<sign>-)?(?P<int>\d+)(?:\.(?P<frac>\d+))?(?P<wan>万)?$", re.ASCII)
_THOUSANDS = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?万?$", re.ASCII)


class NotPrinted:
    """The value of a cell left empty: the report does not print it, so the key is left out of the gold."""

    def __repr__(self) -> str:
        return "NOT_PRINTED"


NOT_PRINTED = NotPrinted()
Value = int | float | None


class InputError(ValueError):
    """Input refused; ``str(error)`` is the message shown beside the cell."""


@dataclass(frozen=True)
class Meta:
    agency: str | None
    year: int | None
    edition: str


def parse_number(text: str, *, integer: bool, negative: bool, what: str) -> int | float:
    """A typed number as the gold stores it: ``int`` for whole numbers, ``float`` for decimals."""
    raw = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if _THOUSANDS.match(raw):
        raw = raw.replace(",", "")
    m = _NUMBER.match(raw)
    if not m:
        raise InputError(f"{what}: {text.strip()!r} is not a number (type digits such as 20, 1.5 or 1.2万)")
    digits = len(m["int"].lstrip("0") + (m["frac"] or ""))
    if digits > MAX_DIGITS:
        raise InputError(f"{what}: {text.strip()!r} has {digits} digits; a value has at most {MAX_DIGITS}")
    try:
        value = Decimal(raw.removesuffix("万").removeprefix("-"))
    except InvalidOperation as exc:  # the pattern above makes this unreachable; kept for safety
        raise InputError(f"{what}: {text.strip()!r} is not a number") from exc
    if m["wan"]:
        value *= 10000
    if m["sign"]:
        if not negative:
            raise InputError(f"{what}: {text.strip()!r} is negative; only a 本年增/减 cell can be")
        value = -value
    if value == value.to_integral_value() and (m["wan"] or not m["frac"] or integer):
        return int(value)
    if integer:
        raise InputError(f"{what}: {text.strip()!r} is not a whole number; this cell counts items")
    return float(value)


def parse_cell(key: str, text: str) -> Value | NotPrinted:
    """A cell's typed text → its gold value (``None`` for printed empty, :data:`NOT_PRINTED` for empty)."""
    field = load_schema().fields.get(key)
    if field is None:
        raise InputError(f"{key}: not a cell of the template")
    if not isinstance(text, str):
        raise InputError(f"{key}: expected text, not {type(text).__name__}")
    stripped = unicodedata.normalize("NFKC", text).strip()
    if len(stripped) > MAX_CELL_CHARS:
        raise InputError(f"{describe(field)}: {len(stripped)} characters is too long for a cell")
    if not stripped:
        return NOT_PRINTED
    if stripped.lower() in NULL_MARKS or text.strip() in NULL_MARKS:
        return None
    return parse_number(text, integer=field.type == "int", negative=field.column == "change", what=describe(field))


def describe(field: Field) -> str:
    """A cell named as a reviewer sees it: ``（一）予以公开 / 自然人``."""
    row, col = field.row_label, field.col_label
    row = re.sub(r"\s*\([A-Za-z][^)]*\)\s*$", "", row)
    col = re.sub(r"\s*\([A-Za-z][^)]*\)\s*$", "", col)
    return f"{row} / {col}"


def parse_meta(raw: object) -> Meta:
    if not isinstance(raw, dict):
        raise InputError("meta: expected agency, year and edition")
    agency = raw.get("agency")
    if agency is not None and not isinstance(agency, str):
        raise InputError("agency: expected text")
    agency = (agency or "").strip() or None
    if agency and len(agency) > MAX_AGENCY_CHARS:
        raise InputError(f"agency: at most {MAX_AGENCY_CHARS} characters")
    year_text = str(raw.get("year") if raw.get("year") is not None else "").strip()
    year = None
    if year_text:
        if not re.fullmatch(r"\d{4}", unicodedata.normalize("NFKC", year_text), re.ASCII):
            raise InputError(f"year: {year_text!r} is not a year (four digits, the year reported on)")
        year = int(unicodedata.normalize("NFKC", year_text))
        if year not in YEARS:
            raise InputError(f"year: {year} is out of range ({YEARS.start}–{YEARS.stop - 1})")
    edition = str(raw.get("edition") or "")
    if edition not in EDITIONS:
        raise InputError(f"edition: {edition!r} is not one of {', '.join(EDITIONS)}")
    return Meta(agency, year, edition)


def parse_prose(raw: object) -> list[dict]:
    """Prose entries in the gold shape; an entry whose metric is empty is dropped (not a figure)."""
    if not isinstance(raw, list) or len(raw) > MAX_PROSE_ENTRIES:
        raise InputError(f"prose: expected a list of at most {MAX_PROSE_ENTRIES} figures")
    metrics = load_schema().prose_metrics
    out = []
    for i, entry in enumerate(raw, 1):
        if not isinstance(entry, dict):
            raise InputError(f"prose figure {i}: expected metric, value, unit and text")
        metric = str(entry.get("metric") or "")
        if not metric:
            continue
        if metric not in metrics:
            raise InputError(f"prose figure {i}: {metric!r} is not a prose metric")
        value = parse_number(str(entry.get("value", "")), integer=False, negative=False, what=f"prose figure {i}")
        unit = str(entry.get("unit") or "").strip()
        text = str(entry.get("text") or "").strip()
        if len(unit) > MAX_UNIT_CHARS:
            raise InputError(f"prose figure {i}: the unit is at most {MAX_UNIT_CHARS} characters")
        if not text or len(text) > MAX_PROSE_TEXT_CHARS:
            raise InputError(f"prose figure {i}: the text (the shortest span stating it) is needed, "
                             f"at most {MAX_PROSE_TEXT_CHARS} characters")
        out.append({"metric": metric, "value": value, "unit": unit, "text": text})
    return out


def parse_notes(raw: object) -> list[str]:
    """Notes, one per line (a source break, a typo in a label): what the gold file lists under ``notes``."""
    text = raw if isinstance(raw, str) else "\n".join(raw) if isinstance(raw, list) else ""
    notes = [line.strip() for line in str(text).splitlines() if line.strip()]
    if len(notes) > MAX_NOTES or any(len(n) > MAX_NOTE_CHARS for n in notes):
        raise InputError(f"notes: at most {MAX_NOTES} notes of {MAX_NOTE_CHARS} characters")
    return notes


def format_value(value: Value | NotPrinted) -> str:
    """A value as the grid shows it: ``20``, ``5949.088667``, ``/`` for null, empty for not printed."""
    if value is None:
        return "/"
    if isinstance(value, NotPrinted):
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)  # a malformed gold file's value, shown as it stands
    return format_number(value)
