"""A document's values under review: where its gold goes, what the page shows, the identity verdicts, saving.

The gold file is ``NAME.gold.json`` beside the document, in the shared gold shape (source, meta, fields, prose,
notes): ``gongkai train`` reads a gold file only with its document beside it. A document already in the
corpus folder gets its gold beside it; any other is copied into the corpus folder first (under its own name,
or ``NAME-<sha256 prefix>.EXT`` when another document took that name).

Identity verdicts are recomputed here with :mod:`pipeline.checks` on the values as they stand, never trusted
from the browser. A value the reviewer accepted or typed is certain; a value the extraction read with low
confidence stays doubtful until then; once saved, the whole document has been looked at, so a broken identity
left in the gold is the source's (and the page says so).
"""

from __future__ import annotations

import glob
import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..inputs import GOLD_SUFFIX, NOT_DOCUMENTS, display_name, sha256_file
from ..record import DOUBT_BELOW, is_incomplete
from ..template.editions import DEFAULT, is_template
from ..template.identities import DOUBTFUL, SOURCE_BREAK, check_prose, check_record
from ..template.schema import EDITIONS, load_schema
from . import validate
from .files import Refused, atomic_write, inside, read_location, safe_name, split_location, stem
from .log import ReviewLog
from .queue import ReviewItem

_logger = logging.getLogger(__name__)

#: Keys of a gold file that the page writes; any other key of an existing gold file (``synth``…) is kept.
_GOLD_KEYS = ("source", "meta", "fields", "prose", "notes")
#: Warnings that leave part of a document unread (as in pipeline.record): a break may then be ours.
MAX_ACCEPTED = 2000


@dataclass(frozen=True)
class Placement:
    """Where a document's gold goes: the document's name in the corpus, the gold path, and what to copy."""

    name: str
    gold: Path
    copy_from: str | None  # the location to copy into the corpus, when it is not there yet


@dataclass
class Current:
    """What the page shows: the saved gold if there is one, else the record's values."""

    meta: dict
    fields: dict
    prose: list[dict]
    notes: list[str]
    reviewed: bool  # a gold file exists: every value in it was looked at
    extra: dict = field(default_factory=dict)


@dataclass
class Edit:
    """A reviewer's input, validated: what a check or a save works on."""

    meta: validate.Meta
    fields: dict
    prose: list[dict]
    notes: list[str]
    accepted: set[str]
    errors: dict[str, str]  # cell key (or "meta", "prose", "notes") → message


def place(item: ReviewItem, root: Path, corpus: Path) -> Placement:
    """Where the gold of ``item`` goes; :class:`Refused` when its document is not served."""
    if not item.location:
        raise Refused("the document is not in the served folder: there is nothing to save gold beside")
    corpus = corpus.resolve()
    path, member = split_location(item.location)
    resolved = inside(root, path)
    if member is None and resolved.is_relative_to(corpus) and display_name(resolved.name) == resolved.name:
        return Placement(resolved.name, gold_for(resolved), None)
    # a member (of a zip in a zip too), a document elsewhere, or one whose name is not UTF-8 (GBK): copied into
    # the corpus under its decoded name, so that the gold names it in UTF-8 and gongkai train finds it
    name = safe_name(display_name(member.rsplit("!", 1)[-1] if member else resolved.name))
    target = corpus / name
    if target.exists() and (not item.sha256 or sha256_file(target) != item.sha256):
        base, dot, ext = name.rpartition(".")
        name = f"{base or ext}-{(item.sha256 or '0' * 8)[:8]}{dot}{ext if base else ''}"
        target = corpus / name
    return Placement(name, gold_for(target), None if target.exists() else item.location)


def gold_for(document: Path) -> Path:
    """The gold file of ``document``, keyed by the document, not its stem: ``NAME.gold.json`` unless another
    document shares NAME (``report.txt`` and ``report.html``), then ``NAME.EXT.gold.json`` (a gold file names
    its document in ``source``, which is how ``gongkai train`` pairs them)."""
    plain = document.with_name(stem(document.name) + GOLD_SUFFIX)
    if _gold_source(plain) == document.name:
        return plain
    siblings = [p for p in document.parent.glob(glob.escape(stem(document.name)) + ".*")
                if p.name != document.name and not p.name.endswith(NOT_DOCUMENTS) and p.is_file()]
    if not siblings and _gold_source(plain) in (None, document.name):
        return plain
    return document.with_name(document.name + GOLD_SUFFIX)


def _gold_source(gold: Path) -> str | None:
    """The document a gold file names (None when there is no readable gold file)."""
    try:
        return json.loads(gold.read_text("utf-8")).get("source")
    except (OSError, ValueError, AttributeError, RecursionError):
        return None


def current(record: dict, placement: Placement | None) -> Current:
    """The saved gold where there is a readable one of this document's own, else the record's values. A gold
    file that is a symlink, or that cannot be parsed, is not read (the page opens so that a save fixes it)."""
    gold = _readable_gold(placement)
    if gold is not None:
        return Current(_meta(gold.get("meta"), record), dict(gold.get("fields") or {}), list(gold.get("prose") or []),
                       list(gold.get("notes") or []), True, {k: v for k, v in gold.items() if k not in _GOLD_KEYS})
    prose = [{k: e.get(k) for k in ("metric", "value", "unit", "text")} for e in record.get("prose") or []]
    return Current(_meta(record.get("meta"), record), dict(record.get("fields") or {}), prose, [], False)


def _readable_gold(placement: Placement | None) -> dict | None:
    if placement is None or placement.gold.is_symlink() or not placement.gold.is_file():
        return None
    try:
        gold = json.loads(placement.gold.read_text("utf-8"))
    except (OSError, ValueError, RecursionError):
        _logger.warning("gold file %s cannot be read; it is shown as not reviewed", placement.gold)
        return None
    if not isinstance(gold, dict) or gold.get("source") not in (None, placement.name):
        return None
    return gold


def _meta(meta: dict | None, record: dict) -> dict:
    """agency, year and edition; an unknown edition is shown as the record's, else as 2021 (the current one)."""
    meta = meta or {}
    edition = meta.get("edition") if meta.get("edition") in EDITIONS else (record.get("meta") or {}).get("edition")
    return {"agency": meta.get("agency"), "year": meta.get("year"),
            "edition": edition if edition in EDITIONS else DEFAULT.name}


def uncertain(record: dict, values: dict, accepted: set[str], reviewed: bool) -> set[str]:
    """Keys whose value is still the extraction's low-confidence reading."""
    if reviewed:
        return set()
    extracted = record.get("fields") or {}
    return {k for k, p in (record.get("provenance") or {}).items()
            if (p.get("confidence") or 0) < DOUBT_BELOW and k not in accepted
            and k in values and k in extracted and values[k] == extracted[k]}


def verdicts(record: dict, edition: str, values: dict, prose: list[dict], accepted: set[str],
             reviewed: bool) -> list[dict]:
    """The identity verdicts (and prose ↔ table checks) of the values as they stand."""
    doubtful = uncertain(record, values, accepted, reviewed)
    incomplete = not reviewed and is_incomplete(record.get("warnings", []))
    checks = check_record(values, edition, doubtful, incomplete) if is_template(edition) else []
    return checks + check_prose(values, prose)


def marks(record: dict, values: dict, checks: list[dict], accepted: set[str], reviewed: bool) -> dict[str, list[str]]:
    """Per cell, what the grid marks: ``low`` (read with low confidence), ``ambiguous`` (another reading was
    possible), ``repaired`` (cut from run-together digits, placed among blank cells, or otherwise fixed by the
    identities), ``doubtful`` and ``breaks`` (in an identity that fails: extraction doubtful / the source breaks
    it), ``edited`` (differs from the extraction), ``accepted``. The first three are dropped once the reviewer
    has vouched for a value."""
    out: dict[str, list[str]] = {}
    extracted = record.get("fields") or {}
    for key, prov in (record.get("provenance") or {}).items():
        if reviewed or key in accepted or values.get(key, validate.NOT_PRINTED) != extracted.get(key):
            continue
        own = []
        if (prov.get("confidence") or 0) < DOUBT_BELOW:
            own.append("low")
        if prov.get("ambiguous"):
            own.append("ambiguous")
        if prov.get("method") in ("split", "placed", "cross_year") or prov.get("repaired"):
            own.append("repaired")
        if own:
            out[key] = own
    for check in checks:
        mark = {DOUBTFUL: "doubtful", SOURCE_BREAK: "breaks"}.get(check["verdict"])
        if mark and not check["identity"].startswith("prose."):
            for key in check.get("keys", []):
                if mark not in out.setdefault(key, []):
                    out[key].append(mark)
    for key in set(values) | set(extracted):
        if values.get(key, validate.NOT_PRINTED) != extracted.get(key, validate.NOT_PRINTED):
            out.setdefault(key, []).append("edited")
    for key in accepted:
        out.setdefault(key, []).append("accepted")
    return out


def parse_edit(payload: object, base: dict) -> Edit:
    """A page's payload (meta, cells as typed, accepted keys, prose, notes) validated against the schema.
    Cells not in the payload keep their ``base`` value; a cell typed empty is not printed (key left out)."""
    if not isinstance(payload, dict):
        raise validate.InputError("expected a JSON object")
    errors: dict[str, str] = {}
    try:
        meta = validate.parse_meta(payload.get("meta"))
    except validate.InputError as exc:
        errors["meta"] = str(exc)
        meta = validate.Meta(None, None, DEFAULT.name)
    cells = payload.get("cells") or {}
    if not isinstance(cells, dict):
        raise validate.InputError("cells: expected an object of key → typed text")
    values = dict(base)
    for key, text in cells.items():
        try:
            value = validate.parse_cell(str(key), text)
        except validate.InputError as exc:
            errors[str(key)] = str(exc)
            continue
        if value is validate.NOT_PRINTED:
            values.pop(key, None)
        else:
            values[key] = value
    order = {k: i for i, k in enumerate(load_schema().fields)}
    values = dict(sorted(values.items(), key=lambda kv: order.get(kv[0], len(order))))
    accepted = payload.get("accepted") or []
    if not isinstance(accepted, list) or len(accepted) > MAX_ACCEPTED:
        raise validate.InputError("accepted: expected a list of cell keys")
    accepted_keys = {str(k) for k in accepted if str(k) in order}
    prose, notes = [], []
    try:
        prose = validate.parse_prose(payload.get("prose", []))
    except validate.InputError as exc:
        errors["prose"] = str(exc)
    try:
        notes = validate.parse_notes(payload.get("notes", ""))
    except validate.InputError as exc:
        errors["notes"] = str(exc)
    return Edit(meta, values, prose, notes, accepted_keys, errors)


@dataclass(frozen=True)
class Saved:
    gold: Path
    changes: list[dict]
    checks: list[dict]


def save(item: ReviewItem, record: dict, edit: Edit, placement: Placement, root: Path, corpus: Path,
         log: ReviewLog, user: str, max_bytes: int) -> Saved:
    """Write the gold file (atomically, the document copied beside it first if needed) and log the change."""
    if edit.errors:
        raise validate.InputError("; ".join(edit.errors.values()))
    before = current(record, placement)
    if placement.copy_from is not None:
        atomic_write(corpus.resolve() / placement.name, read_location(root, placement.copy_from, max_bytes))
    gold = {
        "source": placement.name,
        "meta": {"agency": edit.meta.agency, "year": edit.meta.year, "edition": edit.meta.edition},
        "fields": edit.fields,
        "prose": edit.prose,
        "notes": edit.notes,
        **before.extra,
    }
    atomic_write(placement.gold, (json.dumps(gold, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    changes = diff(before.fields, edit.fields, record.get("fields") or {})
    checks = verdicts(record, edit.meta.edition, edit.fields, edit.prose, edit.accepted, reviewed=True)
    log.append({
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "user": user,
        "document": item.location,
        "source": placement.name,
        "sha256": item.sha256,
        "gold": str(placement.gold),
        "changes": changes,
        "accepted": sorted(edit.accepted),
        "meta": {k: [before.meta.get(k), gold["meta"][k]] for k in gold["meta"] if before.meta.get(k) != gold["meta"][k]},
        "prose": {"before": len(before.prose), "after": len(edit.prose),
                  "removed": [e for e in before.prose if e not in edit.prose],
                  "added": [e for e in edit.prose if e not in before.prose]},
        "notes": edit.notes if edit.notes != before.notes else None,
        "breaks_left": [c["identity"] for c in checks if c["verdict"] == SOURCE_BREAK],
    })
    return Saved(placement.gold, changes, checks)


def diff(before: dict, after: dict, extracted: dict) -> list[dict]:
    """Cell changes: the value shown before, the value saved, and what the extraction read."""
    out = []
    for key in list(before) + [k for k in after if k not in before]:
        old, new = before.get(key, validate.NOT_PRINTED), after.get(key, validate.NOT_PRINTED)
        if old != new:
            out.append({"key": key, "from": _plain(old), "to": _plain(new),
                        "extracted": _plain(extracted.get(key, validate.NOT_PRINTED))})
    return out


def _plain(value):
    """A value for the log: the number, null, or the string ``not printed``."""
    return "not printed" if value is validate.NOT_PRINTED else value
