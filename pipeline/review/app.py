"""The review web app (FastAPI, Jinja2 templates, one small local script; nothing from a CDN).

Routes: ``/`` the queue; ``/doc/ID`` one document (source beside tables 二/三/四 and the prose figures);
``/doc/ID/page/N.jpg`` a rendered page; ``/doc/ID/original`` an HTML document, sandboxed; ``POST /doc/ID/check``
validates the cells and recomputes the identity verdicts without writing; ``POST /doc/ID/save`` writes the gold
file and the log. Handlers are ``async`` and so run one at a time on the event loop: a local, one-person tool
needs no more, and saves never interleave.

Safety: only ids cross from the browser (never a path); documents are read from under the served folder only;
requests must name a local host (DNS rebinding) and a POST must come from the page itself (same origin, JSON);
the page forbids scripts other than its own, and an HTML document runs none of its own.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ..template.schema import EDITIONS, load_schema
from . import gold as goldmod
from . import validate
from .files import Refused
from .layout import grids
from .log import ReviewLog
from .queue import Queue, ReviewItem
from .source import Sources, blocks_view, pdf_sentence, sentence
from .to_store import save_to_store

HERE = Path(__file__).parent
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
QUEUE_PAGE = 200
MAX_BODY = 2 * 1024 * 1024
#: Served beyond this machine (``--host 0.0.0.0``), every request must carry this secret.
TOKEN_BYTES = 18
TOKEN_COOKIE = "gongkai_review_token"
APP_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-src 'self'; "
           "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'")
#: An HTML report as served into its iframe: a sandbox (no scripts, no forms, an opaque origin) that loads
#: nothing from anywhere.
DOCUMENT_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
#: Provenance entries the page needs to find a value in the source.
_WHERE = ("page", "bbox", "block", "row", "col", "cell", "span", "offset", "text", "method", "confidence", "label",
          "ambiguous", "run", "repaired")


@dataclass(frozen=True)
class ReviewConfig:
    """What one ``gongkai review`` serves: the queue, where gold goes, who is reviewing."""

    queue: Queue
    corpus: Path
    user: str
    max_bytes: int
    host: str = "127.0.0.1"
    token: str | None = None  # required (query ?token= once, then a cookie) when serving beyond loopback


def is_loopback(host: str) -> bool:
    return host in LOCAL_HOSTS


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def create_app(config: ReviewConfig) -> FastAPI:
    app = FastAPI(title="gongkai review", docs_url=None, redoc_url=None, openapi_url=None)
    queue, corpus = config.queue, config.corpus
    sources = Sources(queue.root, config.max_bytes)
    log = ReviewLog(corpus)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["value"] = validate.format_value

    if config.token is None and not is_loopback(config.host):
        raise ValueError(f"serving on {config.host} (beyond this machine) needs a token")
    # on loopback the Host check stops DNS rebinding; beyond it, the token does (a rebinding page has none)
    app.add_middleware(TrustedHostMiddleware,
                       allowed_hosts=["*"] if config.token else sorted({*LOCAL_HOSTS, config.host}))

    @app.middleware("http")
    async def guard(request: Request, call_next):
        if request.method not in ("GET", "HEAD", "POST"):
            return JSONResponse({"error": "method not allowed"}, 405)
        given = request.query_params.get("token")
        if config.token and not secrets.compare_digest(given or request.cookies.get(TOKEN_COOKIE, ""), config.token):
            return JSONResponse({"error": "this review page needs its token: open the address gongkai review "
                                 "printed (…/?token=…)"}, 403)
        if request.method == "POST":
            refusal = _refuse_post(request)
            if refusal:
                return JSONResponse({"error": refusal}, 403)
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", APP_CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers.setdefault("Cache-Control", "no-store")
        if config.token and given:
            response.set_cookie(TOKEN_COOKIE, config.token, httponly=True, samesite="strict")
        return response

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def page(name: str, **context) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context))

    def lookup(doc_id: str) -> ReviewItem:
        item = queue.by_id.get(doc_id)
        if item is None:
            raise _NotFound(f"no document {doc_id!r} in this queue")
        return item

    def placement(item: ReviewItem) -> goldmod.Placement | None:
        try:
            return goldmod.place(item, queue.root, corpus)
        except Refused:
            return None

    @app.exception_handler(_NotFound)
    async def not_found(request: Request, exc: _NotFound):
        return JSONResponse({"error": str(exc)}, 404)

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused):
        return JSONResponse({"error": str(exc)}, 403)

    @app.get("/", response_class=HTMLResponse)
    async def index(page_number: int = 1):
        start = max(page_number - 1, 0) * QUEUE_PAGE
        shown = queue.items[start : start + QUEUE_PAGE]
        rows = [{"item": i, "gold": _has_gold(placement(i))} for i in shown]
        counts = {s: sum(i.status == s for i in queue.items) for s in ("flagged", "ok", "error")}
        return page("queue.html", rows=rows, counts=counts, total=len(queue.items), start=start,
                    page_number=page_number, pages=max(1, -(-len(queue.items) // QUEUE_PAGE)), corpus=str(corpus),
                    root=str(queue.root), kind=queue.kind, user=config.user)

    @app.get("/doc/{doc_id}", response_class=HTMLResponse)
    async def document(doc_id: str, edition: str | None = None):
        item = lookup(doc_id)
        record = queue.record(item)
        where = placement(item)
        now = goldmod.current(record, where)
        chosen = edition if edition in EDITIONS else now.meta.get("edition")
        checks = goldmod.verdicts(record, chosen, now.fields, now.prose, set(), now.reviewed)
        view = _source_view(item, sources)
        data = {
            "id": item.id, "edition": chosen, "reviewed": now.reviewed, "kind": view["kind"],
            "pages": [asdict(p) for p in view["pages"]], "text": view.get("text"),
            "cells": _cells(record, now.fields, chosen),
            "marks": goldmod.marks(record, now.fields, checks, set(), now.reviewed),
            "checks": checks, "prose": _prose(record, now.prose, item, sources, view),
            "metrics": list(load_schema().prose_metrics),
            "decisions": [] if now.reviewed else record.get("ambiguities") or [],  # issue 17: one-key cuts
        }
        after = queue.after(item)
        return page("document.html", item=item, record=record, meta=now.meta, edition=chosen, editions=EDITIONS,
                    grids=grids(chosen, now.fields), values=now.fields, extracted=record.get("fields") or {},
                    marks=data["marks"], checks=checks, prose=data["prose"], notes="\n".join(now.notes),
                    view=view, gold=str(where.gold) if where else None, reviewed=now.reviewed, data=data,
                    next_item=after, metrics=data["metrics"], user=config.user)

    @app.get("/doc/{doc_id}/page/{number}.jpg")
    async def page_image(doc_id: str, number: int):
        item = lookup(doc_id)
        if sources.kind(item) not in ("pdf", "image"):
            raise _NotFound("only PDF and image documents have pages")
        try:  # off the event loop: a large page must not block every other request while it renders
            image = await run_in_threadpool(sources.page_image, item, number)
        except IndexError as exc:
            raise _NotFound(f"no page {number}") from exc
        return Response(image, media_type="image/jpeg", headers={"Cache-Control": "private, max-age=3600"})

    @app.get("/doc/{doc_id}/original")
    async def original(doc_id: str):
        item = lookup(doc_id)
        if sources.kind(item) != "html":
            raise _NotFound("only HTML documents are shown as originals")
        return Response(sources.text(item), media_type="text/html; charset=utf-8",
                        headers={"Content-Security-Policy": DOCUMENT_CSP})

    @app.post("/doc/{doc_id}/check")
    async def check(doc_id: str, request: Request):
        item = lookup(doc_id)
        record = queue.record(item)
        now = goldmod.current(record, placement(item))
        edit = goldmod.parse_edit(await _json(request), now.fields)
        checks = goldmod.verdicts(record, edit.meta.edition, edit.fields, edit.prose, edit.accepted, now.reviewed)
        return {"errors": edit.errors, "checks": checks,
                "marks": goldmod.marks(record, edit.fields, checks, edit.accepted, now.reviewed)}

    @app.post("/doc/{doc_id}/save")
    async def save(doc_id: str, request: Request):
        item = lookup(doc_id)
        record = queue.record(item)
        where = goldmod.place(item, queue.root, corpus)
        now = goldmod.current(record, where)
        edit = goldmod.parse_edit(await _json(request), now.fields)
        if edit.errors:
            return JSONResponse({"errors": edit.errors, "error": "nothing saved: some input is refused"}, 422)
        saved = goldmod.save(item, record, edit, where, queue.root, corpus, log, config.user, config.max_bytes)
        stored = save_to_store(queue, item, record, edit.fields, edit.accepted, config.user)  # issue 17
        return {"saved": str(saved.gold), "changes": saved.changes, "checks": saved.checks, "store": stored,
                "marks": goldmod.marks(record, edit.fields, saved.checks, edit.accepted, True)}

    @app.exception_handler(validate.InputError)
    async def bad_input(request: Request, exc: validate.InputError):
        return JSONResponse({"error": str(exc), "errors": {}}, 422)

    return app


class _NotFound(Exception):
    pass


def _refuse_post(request: Request) -> str | None:
    """Why a POST is refused: another site's page posting to this one, a form instead of the page's JSON."""
    origin = request.headers.get("origin")
    if origin and urlsplit(origin).netloc != request.headers.get("host"):
        return "cross-origin request refused"
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        return "expected application/json"
    try:
        if int(request.headers.get("content-length") or 0) > MAX_BODY:
            return "request too large"
    except ValueError:
        return "bad Content-Length"
    return None


async def _json(request: Request) -> object:
    """The request's JSON, read in chunks and refused past :data:`MAX_BODY` (a chunked request has no
    Content-Length to check first); nesting too deep or a number too long to convert is refused too."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise validate.InputError("request too large")
    import json

    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:  # JSONDecodeError, int over 4300 digits
        raise validate.InputError(f"not JSON this page sends: {str(exc)[:200]}") from exc


def _has_gold(where: goldmod.Placement | None) -> bool:
    return where is not None and where.gold.is_file()


def _source_view(item: ReviewItem, sources: Sources) -> dict:
    """What the source pane shows; ``readable`` False when the document cannot be opened here."""
    if not item.location:
        return {"kind": "missing", "pages": [], "readable": False, "why": "the document is not in the served folder"}
    try:
        kind = sources.kind(item)
    except (Refused, OSError, KeyError) as exc:
        return {"kind": "missing", "pages": [], "readable": False, "why": str(exc)}
    view = {"kind": kind, "pages": [], "readable": True, "blocks": []}
    if kind in ("pdf", "image"):
        try:
            view["pages"] = sources.pages(item)
        except Exception as exc:  # noqa: BLE001 - a broken file is shown as such, the grid still works
            view.update(kind="missing", readable=False, why=f"the pages cannot be rendered ({exc})")
    elif kind == "text":
        view["text"] = sources.text(item)
    elif kind in ("html", "docx"):
        view["blocks"] = blocks_view(sources.document(item))
    else:
        view.update(readable=False, why=f"a {kind} file cannot be shown")
    return view


def _cells(record: dict, values: dict, edition: str) -> dict:
    """Per key shown: the extraction's value and where it was printed (for the highlight and the tooltip)."""
    extracted = record.get("fields") or {}
    provenance = record.get("provenance") or {}
    schema = load_schema()
    out = {}
    for key in {*values, *extracted, *(k for g in grids(edition, values) for k in g.keys)} & set(schema.fields):
        prov = provenance.get(key) or {}
        out[key] = {"extracted": validate.format_value(extracted.get(key, validate.NOT_PRINTED)),
                    "printed": key in extracted, "label": validate.describe(schema.fields[key]),
                    "where": {k: prov[k] for k in _WHERE if k in prov}}
    return out


def _prose(record: dict, entries: list[dict], item: ReviewItem, sources: Sources, view: dict) -> list[dict]:
    """The prose figures shown, each with its sentence and, where the record has it, where it was printed. A PDF's
    sentence and box come from its text layer; other formats' from the document as read (never OCR: a scan's
    figures are shown with their own span)."""
    found = {(e.get("metric"), e.get("value"), e.get("text")): e for e in record.get("prose", [])}
    doc = sources.document(item) if view["readable"] and view["kind"] in ("html", "text", "docx") else None
    out = []
    for entry in entries:
        match = found.get((entry.get("metric"), entry.get("value"), entry.get("text"))) or {}
        where = dict(match.get("provenance") or {})
        said = sentence(doc, match) if match else ""
        if view["kind"] == "text" and doc is not None:
            where.update(_text_span(doc, where))
        if view["kind"] == "pdf" and where.get("page") and entry.get("text"):
            located = pdf_sentence(sources.data(item), where["page"], entry["text"])
            if located:
                said, where["bbox"] = located
        out.append({**entry, "value": validate.format_value(entry.get("value")),
                    "sentence": said or entry.get("text") or "", "where": where})
    return out


def _text_span(doc, where: dict) -> dict:
    """Offset and text of a prose span in a text file (its provenance counts from the number, not the span)."""
    block, span = where.get("block"), where.get("span")
    if not isinstance(block, int) or not 0 <= block < len(doc.blocks) or not span:
        return {}
    b = doc.blocks[block]
    if getattr(b, "offset", None) is None or not 0 <= span[0] <= span[1] <= len(b.text):
        return {}
    return {"offset": b.offset + span[0], "text": b.text[span[0] : span[1]]}
