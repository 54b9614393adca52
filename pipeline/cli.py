"""The ``gongkai`` command: ``extract`` reports into records, ``eval`` records against gold files.

Exit codes: 0 when every file gave a record, 1 when some gave error records, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from .extract import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, extract_file
from .inputs import add_max_mb_option, display_name, max_bytes_of, read_records, walk

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
#: Every help text ends with runnable examples (from a clone of the repository: the paths are its corpora).
EXAMPLES = {
    'main': ['gongkai extract corpora/seed/hedong-2020.txt', 'gongkai batch corpora/html corpora/seed --out run1', 'gongkai export run1 --csv wide.csv'],
    'extract': ['gongkai extract corpora/seed/hedong-2020.txt', 'gongkai extract corpora/html -o records.jsonl --db records.duckdb'],
    'batch': ['gongkai batch corpora/html corpora/seed --out run1 --workers 2',
              'gongkai batch corpora/real --out run1'],
    'cuts': ['gongkai cuts run1', 'gongkai query run1 "select source, key, action, old_value, new_value from cut_log"'],
    'export': ['gongkai export run1 --csv wide.csv --xlsx wide.xlsx --panel panel.csv',
               'gongkai export run1 --long values.parquet --dta wide.dta --codebook codebook.md'],
    'query': ['gongkai query run1 "select edition, status, count(*) from records group by all"'],
    'train': ['gongkai train corpora/prose/real --out my-models'],
    'synth': ['gongkai synth -n 30 --seed 1 --out synth-out'],
    'review': ['gongkai review corpora/html'],
    'eval': ['gongkai extract corpora/html -o pred.jsonl && gongkai eval --gold corpora/html --pred pred.jsonl',
             'gongkai eval --gold corpora/html --pred run1'],
}
_EXAMPLE_HEAD = "example"


def epilog(command: str) -> str:
    """The examples that end ``gongkai COMMAND --help``."""
    lines = EXAMPLES[command]
    return f"{_EXAMPLE_HEAD}{'s' if len(lines) > 1 else ''}:\n" + "\n".join(f"  {line}" for line in lines)


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions wrapped to the terminal's width, the examples kept line by line as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.startswith(_EXAMPLE_HEAD):
            return super()._fill_text(text, width, indent)
        return argparse.HelpFormatter._fill_text(self, text, width, indent)


class UsageError(Exception):
    pass


def iter_inputs(paths: list[Path]) -> Iterator[Path]:
    """The documents to read: the one listing rule of :mod:`pipeline.inputs`, a missing path a usage error."""
    try:
        yield from walk(paths)
    except FileNotFoundError as exc:
        raise UsageError(f"no such file or folder: {exc.args[0]}") from None


class _NoProgress:
    """What a hidden progress bar does: nothing (rich is not even imported)."""

    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def add_task(self, *args, **kwargs) -> int:
        return 0

    def update(self, *args, **kwargs) -> None:
        return None

    def advance(self, *args, **kwargs) -> None:
        return None


def _progress(total: int, quiet: bool):
    if quiet or not sys.stderr.isatty() or total < 2:
        return _NoProgress()
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("extract"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    TextColumn("{task.description}"), transient=True)


def cmd_extract(args: argparse.Namespace) -> int:
    """JSON Lines when piped, with ``--json`` or to ``-o``; on a terminal, a summary for a person as well."""
    from .sinks.jsonl import write_record

    if args.model:
        _use_model(args.model)
    files = list(iter_inputs(args.paths))
    if not files:
        raise UsageError("no input files found")
    for_person = sys.stdout.isatty() and not args.json
    failed = 0
    records: list[dict] = []
    with ExitStack() as stack:
        if args.output:
            out = stack.enter_context(_atomic_output(args.output))
        else:
            out = None if for_person else sys.stdout
        store = None
        if args.db:
            from .sinks.store import Store

            store = stack.enter_context(Store(args.db))
        progress = stack.enter_context(_progress(len(files), args.quiet))
        task = progress.add_task("", total=len(files))
        for path in files:
            progress.update(task, description=display_name(path.name))
            record = extract_file(path, max_bytes=max_bytes_of(args.max_mb), name=path.name,
                                  timeout=args.timeout or None)
            failed += record["status"] == "error"
            if out is not None:
                write_record(out, record)
            if store is not None:
                store.write(record)
            if args.parquet or for_person:
                records.append(record)
            progress.advance(task)
            if record["status"] == "error" and not args.quiet and not for_person:
                print(f"gongkai: {record['path']}: {record['error']}", file=sys.stderr)
    if args.parquet:
        from .sinks.parquet import write_parquet

        write_parquet(args.parquet, records)
    if for_person:
        _show(records, args)
    elif not args.quiet:
        print(f"gongkai: {len(files)} file(s), {len(files) - failed} record(s), {failed} error(s)", file=sys.stderr)
    return EXIT_SOME_FAILED if failed else EXIT_OK


class _VersionAction(argparse.Action):
    """``--version``: the ``pipeline_version`` records carry (computed only when asked)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from .build import build_id

        print(f"gongkai {build_id()}")
        parser.exit()


def _show(records: list[dict], args: argparse.Namespace) -> None:
    """The summary on a terminal, saying where the JSON went."""
    from .sinks.terminal import console, show_record, show_table

    if args.output:
        target = f"written to {args.output}"
    else:
        target = "not written (add -o records.jsonl, or --json, or pipe the output, for JSON Lines)"
    out = console(sys.stdout)
    if len(records) == 1:
        show_record(out, records[0], target)
    else:
        show_table(out, records, target)


@contextmanager
def _atomic_output(target: Path) -> Iterator:
    """``-o FILE`` written beside the target and renamed over it when the run ends: a run that fails never
    leaves an empty or half-written FILE."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _use_model(path: Path) -> None:
    from .models import use_models

    if not path.is_dir():
        raise UsageError(f"--model must be a folder written by gongkai train: {path}")
    use_models(path)


def cmd_train(args: argparse.Namespace) -> int:
    from .training import train_all

    for folder in [*args.corpora, *args.test]:
        if not folder.is_dir():
            raise UsageError(f"not a folder: {folder}")
    try:
        metrics = train_all(args.corpora, args.out, seed=args.seed, test_folders=args.test, errors=args.train_errors)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    prose, labels = metrics["prose"], metrics["labels"]
    print(f"gongkai: models written to {args.out}")
    print(f"  prose: {prose['examples']['train']} train figures ({prose['examples']['train_positive']} positive), "
          f"{prose['examples']['dev']} dev; {prose['train_seconds']} s; {prose['model_bytes'] / 1e6:.1f} MB; "
          f"cross-validation micro F1 {prose['cross_validation']['micro_f1_metrics']}")
    cv = prose["grouped_cv"]
    print(f"    agency-grouped cross-validation ({cv['folds']} folds, {cv['agencies']} agencies): rules F1 "
          f"{cv['rules']['f1']:.3f}, rules+classifier F1 {cv['rules+classifier']['f1']:.3f} (C {cv['C']}, add at "
          f"{_never(cv['min_probability'])}, veto below {_never(cv['veto_below'])})")
    cal = prose.get("calibration")
    if cal:  # the choice that is shipped: made where the rules are blind (training.CALIBRATION_SPLITS)
        print(f"    rules-blind calibration set ({', '.join(cal['splits'])}: {cal['documents']} documents, the model "
              f"fitted on the other {cal['fitted_on']}): rules F1 {cal['rules']['f1']:.3f}, rules+classifier F1 "
              f"{cal['rules+classifier']['f1']:.3f} (C {cal['C']}, add at {_never(cal['min_probability'])}, veto "
              f"below {_never(cal['veto_below'])})")
    print(f"    default path: {prose['default_path']}")
    for split in ("dev", "test"):
        for name, s in prose.get(split, {}).items():
            print(f"    {split}, {name}: P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")
    print(f"  labels: {labels['train_examples']} examples; held-out accuracy {labels['held_out']['accuracy']:.3f}; "
          f"{labels['model_bytes'] / 1e6:.1f} MB")
    return EXIT_OK


def _never(threshold: float | None) -> str:
    return "never" if threshold is None else str(threshold)


def cmd_synth(args: argparse.Namespace) -> int:
    from .synth.generate import LAYOUT_REGISTRY, synthesize

    unknown = [name for name in args.layout if name not in LAYOUT_REGISTRY]
    if unknown:
        raise UsageError(f"unknown layout(s) {', '.join(unknown)}; available: {', '.join(sorted(LAYOUT_REGISTRY))}")
    if args.n < 0:
        raise UsageError("-n must be zero or more")
    stats = synthesize(args.n, args.seed, args.out, layouts=args.layout or None, gold_dirs=args.gold,
                       workers=args.workers)
    if stats.get("font_note"):
        print(f"gongkai: {stats['font_note']}", file=sys.stderr)
    print(json.dumps(stats, ensure_ascii=False, indent=1))
    return EXIT_OK


def _predictions(path: Path) -> list[dict]:
    """Records to score: a JSON Lines (or .json) file, or a batch store (its folder or its gongkai.duckdb)."""
    from .evaluation.scoring import load_predictions
    from .sinks.store import store_path

    if path.is_dir() or path.suffix == ".duckdb":
        db = store_path(path)
        if not db.is_file():
            raise UsageError(f"no gongkai store at {db}")
        with _open_read_only(db) as store:
            return [r for batch in store.records() for r in batch]
    if not path.is_file():
        raise UsageError(f"--pred file not found: {path}")
    return load_predictions(path)


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluation import calibration as calib
    from .evaluation import citable
    from .evaluation.scoring import format_summary, load_gold_dir, score
    from .models import calibration, model_hashes

    if not args.gold.is_dir():
        raise UsageError(f"--gold must be a folder of *.gold.json files: {args.gold}")
    if args.bootstrap < 0:
        raise UsageError(f"--bootstrap must be 0 (no intervals) or more resamples, not {args.bootstrap}")
    try:
        gold, pred = load_gold_dir(args.gold), _predictions(args.pred)
        scores = score(gold, pred)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    table = calibration()
    builds = sorted({str(r.get("pipeline_version")) for r in pred if r.get("pipeline_version")})
    from .build import build_id

    scores["citation"] = {"gongkai": build_id(), "records_built_by": builds, "model_hashes": model_hashes(calibration=True),
                          "gold_set": citable.gold_set(gold), "calibration": table.fitted_on}
    scores["intervals"] = citable.bootstrap(gold, pred, samples=args.bootstrap)
    scores["per_agency"] = citable.per_agency(gold, pred)
    scores["wrong_but_ok"] = citable.wrong_but_ok(gold, pred)
    scores["reliability"] = calib.reliability(calib.outcomes(gold, pred), table if table.steps else None)
    print(_citation_lines(scores))
    print(format_summary(scores))
    if args.json:
        args.json.write_text(json.dumps(scores, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.report:
        from .evaluation.html_report import write_report

        write_report(gold, pred, scores, args.report)
        print(f"gongkai: report written to {args.report}", file=sys.stderr)
    return EXIT_OK


#: Agencies listed by ``gongkai eval`` (all are in --json).
_AGENCIES_SHOWN = 10


def _citation_lines(scores: dict) -> str:
    """The lines a paper cites: the build, the gold set, intervals, reliability, per agency."""
    cite, ci, rel = scores["citation"], scores["intervals"], scores["reliability"]
    hashes = ", ".join(f"{k} {v}" for k, v in cite["model_hashes"].items()) or "none"
    gold = cite["gold_set"]
    lines = [f"gongkai {cite['gongkai']} (records built by {', '.join(cite['records_built_by']) or '?'}); "
             f"models: {hashes}",
             f"gold set: {gold['documents']} document(s), {gold['real']} real, {gold['generated']} generated"]
    if ci:
        lines.append(f"{int(ci['level'] * 100)}% bootstrap intervals ({ci['samples']} resamples of documents): "
                     f"cell accuracy {ci['cell_accuracy'][0]:.4f}–{ci['cell_accuracy'][1]:.4f}, "
                     f"prose F1 {ci['prose_f1'][0]:.3f}–{ci['prose_f1'][1]:.3f}")
    raw = rel["raw"]
    if raw["ece"] is not None:
        line = (f"confidence reliability: ECE {raw['ece']:.4f} raw over {raw['values']} values "
                f"({raw['wrong']} wrong, {raw['wrong_at_0999']} of them at confidence ≥ 0.999)")
        if "calibrated" in rel:
            line += f"; ECE {rel['calibrated']['ece']:.4f} calibrated"
        lines.append(line)
    lines.append(f"documents with a wrong value but status ok: {len(scores['wrong_but_ok'])}"
                 + (f" ({', '.join(scores['wrong_but_ok'][:5])})" if scores["wrong_but_ok"] else ""))
    agencies = scores["per_agency"]
    if len(agencies) > 1:
        lines.append("per agency (cells right/all, exact documents):")
        for row in agencies[:_AGENCIES_SHOWN]:
            lines.append(f"  {row['agency']}: {row['correct']}/{row['cells']}, {row['exact']}/{row['documents']}")
        if len(agencies) > _AGENCIES_SHOWN:
            lines.append(f"  … {len(agencies) - _AGENCIES_SHOWN} more in --json")
    return "\n".join(lines)


def cmd_batch(args: argparse.Namespace) -> int:
    from .batch import BatchOptions, StoreBusy, open_store, plan, run, write_quarantine
    from .batch.cuts import decide_cuts
    from .batch.progress import BatchProgress, print_summary

    try:
        options = BatchOptions(workers=args.workers or BatchOptions().workers, engine=args.engine,
                               scheduler=args.scheduler, force=args.force, timeout=args.timeout or None,
                               memory_mb=args.memory_mb or None, max_bytes=max_bytes_of(args.max_mb))
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    for path in args.paths:
        if not path.exists():
            raise UsageError(f"no such file or folder: {path}")
    try:
        store = open_store(args.out)
    except StoreBusy as exc:
        raise UsageError(str(exc)) from None
    with store, BatchProgress(quiet=args.quiet) as progress:
        queue, result = plan(args.paths, store, options, on_item=progress.listed)
        progress.start(len(queue), result)
        run(queue, store, options, result, on_record=progress.finished)
        quarantine = write_quarantine(args.out, store)
        cuts = None if args.no_cuts else decide_cuts(store)
        summary = store.summary()
    if not args.quiet:
        print_summary(result, summary, quarantine)
        if cuts is not None:
            _print_cuts(cuts)
    return EXIT_SOME_FAILED if result.status.get("error") else EXIT_OK


def cmd_cuts(args: argparse.Namespace) -> int:
    from .batch import StoreBusy, open_store
    from .batch.cuts import decide_cuts
    from .sinks.store import store_path

    if not store_path(args.store).is_file():
        raise UsageError(f"no gongkai store at {store_path(args.store)} (run gongkai batch first)")
    try:
        store = open_store(args.store)
    except StoreBusy as exc:
        raise UsageError(str(exc)) from None
    with store:
        cuts = decide_cuts(store)
    if not args.quiet:
        _print_cuts(cuts)
    return EXIT_OK


def _print_cuts(cuts) -> None:
    """One line on the cross-year pass over the store (:mod:`pipeline.batch.cuts`)."""
    r = cuts.resolution
    if not (r.resolved or r.open or r.confirmed or cuts.rewritten):
        return
    print(f"gongkai: legacy cuts across years, whole store: {len(r.resolved)} decided and {len(r.confirmed)} confirmed by the "
          f"agency's neighbouring years, {len(r.open)} still ambiguous (flagged); {len(cuts.rewritten)} record(s) "
          f"rewritten now (why: table cut_log)", file=sys.stderr)


def _open_read_only(db: Path):
    import duckdb

    from .batch import busy_message
    from .sinks.store import Store

    try:
        return Store(db, read_only=True)
    except duckdb.IOException as exc:
        raise UsageError(busy_message(db, exc)) from None


#: The wide table's formats: option name → export format (:data:`pipeline.sinks.export.EXPORTERS`).
_STORE_EXPORTS = ("csv", "xlsx", "parquet", "dta", "long", "flags")


def _export_options(args: argparse.Namespace):
    from .build import build_id
    from .models import calibration, model_hashes
    from .sinks.export import ExportOptions

    return ExportOptions(labels=getattr(args, "labels", "key"), calibration=calibration(), version=build_id(),
                         model_hashes=model_hashes(calibration=True))


def cmd_export(args: argparse.Namespace) -> int:
    from .sinks.export import ROW_FORMATS, export
    from .sinks.store import store_path

    wanted = [fmt for fmt in _STORE_EXPORTS if getattr(args, fmt)]
    if not (wanted or args.panel or args.crossyear or args.codebook):
        raise UsageError("say what to write: --csv, --xlsx, --parquet, --dta, --long, --flags, --panel, "
                         "--crossyear and/or --codebook FILE")
    if args.dta is not None and importlib.util.find_spec("pandas") is None:  # checked before anything is written
        raise UsageError("--dta writes Stata files with pandas: pip install 'gongkai[stata]'")
    for option in ("panel", "crossyear", "long", "flags"):
        target = getattr(args, option)
        if target is not None and target.suffix.lower() not in ROW_FORMATS:
            raise UsageError(f"--{option} writes .csv, .xlsx or .parquet, not {target.name}")
    if args.codebook is not None:
        if args.codebook.suffix.lower() not in (".csv", ".md"):
            raise UsageError(f"--codebook writes .csv or .md, not {args.codebook.name}")
        from .collection.panel import indicators_of_keys
        from .sinks.codebook import write_codebook

        keys = write_codebook(args.codebook, indicators_of_keys())
        print(f"gongkai: codebook of {keys} key(s) written to {args.codebook}", file=sys.stderr)
    if args.store is None:
        if wanted or args.panel or args.crossyear:
            raise UsageError("name the store (a batch folder) to export from")
        return EXIT_OK
    if args.store.suffix.lower() == ".jsonl":
        if wanted:
            raise UsageError("the wide and long tables are exported from a store; a JSON Lines file gives "
                             "--panel/--crossyear")
        if not args.store.is_file():
            raise UsageError(f"no such file: {args.store}")
        return _export_panel(_jsonl_records(args.store), args)
    db = store_path(args.store)
    if not db.is_file():
        raise UsageError(f"no gongkai store at {db} (run gongkai batch first)")
    options = _export_options(args)
    with _open_read_only(db) as store:
        for fmt in wanted:
            rows = export(store, fmt, getattr(args, fmt), options)
            print(f"gongkai: {fmt}: {rows} row(s) written to {getattr(args, fmt)}", file=sys.stderr)
        if args.panel or args.crossyear:
            return _export_panel((r for batch in store.records() for r in batch), args)
    return EXIT_OK


def _jsonl_records(path: Path) -> Iterator[dict]:
    try:
        yield from read_records(path)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


def _export_panel(records, args: argparse.Namespace) -> int:
    """The panel (one row per agency and year) and the cross-year check of carried-over requests."""
    from .collection import crossyear, panel
    from .sinks.export import write_rows

    built = panel.build_panel(records)
    checked = crossyear.check(built.rows)
    metadata = _export_options(args).metadata
    if args.panel:
        write_rows(built.rows, panel.COLUMNS, args.panel, sheet="panel", metadata=metadata)
    if args.crossyear:
        write_rows(checked.mismatches, crossyear.COLUMNS, args.crossyear, sheet="crossyear", metadata=metadata)
    agencies = len({row["agency_key"] for row in built.rows})
    print(f"gongkai: panel: {len(built.rows)} row(s), {agencies} agenc(ies), {len(built.duplicates)} duplicate "
          f"report(s) left out, {len(built.skipped)} record(s) without agency/year or with errors", file=sys.stderr)
    if built.cuts is not None and (built.cuts.resolved or built.cuts.open):
        print(f"gongkai: legacy cuts: {len(built.cuts.resolved)} decided by the agency's neighbouring year, "
              f"{len(built.cuts.open)} still ambiguous (flagged)", file=sys.stderr)
    for dup in built.duplicates:
        print(f"  duplicate: {dup['agency']} {dup['year']}: kept {dup['kept']}, left out {dup['dropped']}",
              file=sys.stderr)
    print(f"gongkai: cross-year: {checked.pairs} pair(s) of consecutive years, {checked.agree} agree, "
          f"{len(checked.mismatches)} mismatch(es), {checked.not_assessable} not assessable", file=sys.stderr)
    for m in checked.mismatches:
        print(f"  mismatch: {m['agency']}: {m['year']} 结转下年度 {m['carried_forward']} ({m['source']}) vs "
              f"{m['next_year']} 上年结转 {m['next_carried_over']} ({m['next_source']})", file=sys.stderr)
    return EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    from .sinks.store import store_path

    db = store_path(args.store)
    if not db.is_file():
        raise UsageError(f"no gongkai store at {db} (run gongkai batch first)")
    with _open_read_only(db) as store:
        try:
            result = store.con.sql(args.sql)
        except duckdb.Error as exc:
            raise UsageError(f"SQL error: {exc}") from exc
        if result is None:
            return EXIT_OK
        if args.csv:  # through the exports' writer: a BOM for Excel, no formula in a text cell
            from .sinks.export import write_tables

            to_arrow = getattr(result, "to_arrow_table", None) or result.fetch_arrow_table  # duckdb 2 / 1
            table = to_arrow()
            write_tables(iter([table]), table, args.csv, _export_options(args).metadata, "query")
        else:
            result.show(max_rows=args.max_rows, max_width=10_000)
    return EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    try:
        from .review.app import ReviewConfig, create_app, is_loopback, new_token
        from .review.serve import default_corpus, open_queue, reviewer, serve_page
    except ImportError as exc:
        raise UsageError(f"the review page needs gongkai[review] (pip install 'gongkai[review]'): {exc}") from exc

    if args.records is not None and not args.records.is_file():
        raise UsageError(f"--records file not found: {args.records}")
    if args.docs is not None and not args.docs.is_dir():
        raise UsageError(f"--docs must be a folder: {args.docs}")
    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, not {args.port}")
    import duckdb

    from .batch import busy_message

    try:
        queue = open_queue(args.target, args.records, args.docs, max_bytes_of(args.max_mb), args.quiet,
                           args.timeout or None)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    except duckdb.IOException as exc:
        raise UsageError(busy_message(args.target, exc)) from None
    corpus = (args.corpus or default_corpus(args.target, queue)).resolve()
    corpus.mkdir(parents=True, exist_ok=True)
    user = args.user or reviewer()
    flagged = sum(i.status == "flagged" for i in queue.items)
    if not args.quiet:
        print(f"gongkai review: {len(queue.items)} document(s), {flagged} flagged; documents from {queue.root}; "
              f"gold to {corpus}; reviewer {user}", file=sys.stderr)
    token = None
    if not is_loopback(args.host):
        token = new_token()
        print(f"gongkai review: WARNING: serving on {args.host}, beyond this machine: anyone who can reach the "
              "port and has the address below (with its token) can read the documents and save gold",
              file=sys.stderr)
    app = create_app(ReviewConfig(queue, corpus, user, max_bytes_of(args.max_mb), args.host, token))
    serve_page(app, args.host, args.port, args.open, token)
    return EXIT_OK


def add_timeout_option(parser: argparse.ArgumentParser) -> None:
    """``--timeout``: the same per-document limit as ``batch --timeout``."""
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="seconds one document may take; past it the document is an error record (timeout) "
                        "and the run goes on (default %(default)g; 0: no limit)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gongkai", epilog=epilog("main"), formatter_class=HelpFormatter,
        description="Chinese government information-disclosure annual reports (政府信息公开工作年度报告) "
        "into canonical, checked records.",
    )
    parser.add_argument("--version", action=_VersionAction, help="show the build the records carry "
                        "(pipeline_version: the release, and a fingerprint of the code and models) and exit")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details (internal errors with traces)")
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", epilog=epilog("extract"), formatter_class=HelpFormatter, help="read reports (HTML, text, PDF, Word, scans) into canonical records",
                        description="Read reports into records: JSON Lines on stdout unless -o is given. "
                        "Folders are read recursively; the format is detected from the content. "
                        "A file that cannot be read gives an error record and the run goes on.")
    ex.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="report files or folders")
    ex.add_argument("-o", "--output", type=Path, help="write JSON Lines here instead of stdout")
    ex.add_argument("--json", action="store_true",
                    help="JSON Lines on stdout even on a terminal (piped output is always JSON Lines)")
    ex.add_argument("--db", type=Path, help="also write the records to this DuckDB database")
    ex.add_argument("--parquet", type=Path, help="also write the wide table (one row per report) as Parquet")
    add_max_mb_option(ex)
    add_timeout_option(ex)
    ex.add_argument("--model", type=Path, metavar="DIR",
                    help="use the models in DIR (written by gongkai train) instead of the shipped ones")
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary on stderr")
    ex.set_defaults(func=cmd_extract)

    ba = sub.add_parser("batch", epilog=epilog("batch"), formatter_class=HelpFormatter, help="process whole archives into a resumable DuckDB store",
                        description="Process folders and zip archives into DIR/gongkai.duckdb. Documents are "
                        "deduplicated by content hash; a rerun skips what the store already holds for this "
                        "build (release, code and models; after a crash it finishes the rest). Each document runs under a time "
                        "and a memory limit; a failure is an error record, listed in DIR/quarantine.tsv. At its end, "
                        "a pass over the whole store decides the legacy 本年度|历年累计 cuts a report left open with the "
                        "agency's neighbouring years and writes them back (see gongkai cuts), so adding a year's "
                        "archive to the same DIR decides its neighbours too.")
    ba.add_argument("paths", nargs="+", type=Path, metavar="INPUT", help="files, folders or zip archives")
    ba.add_argument("--out", type=Path, required=True, metavar="DIR", help="the batch folder (store and lists)")
    ba.add_argument("--workers", type=int, default=0, help="worker processes (default: all cores)")
    ba.add_argument("--engine", choices=("local", "dask"), default="local",
                    help="local process pool (default) or Dask distributed (needs gongkai[dask])")
    ba.add_argument("--scheduler", metavar="ADDR", help="a Dask scheduler address (default: a local cluster)")
    ba.add_argument("--force", action="store_true", help="reprocess documents already in the store")
    ba.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                    help="seconds one document may take, local engine (default %(default)g, room for a long "
                         "scanned report at 1-3 s a page; 0: no limit)")
    ba.add_argument("--memory-mb", type=int, default=DEFAULT_MEMORY_MB,
                    help="memory per worker in MB, local engine (default %(default)d; 0: no limit)")
    add_max_mb_option(ba)
    ba.add_argument("--no-cuts", action="store_true",
                    help="skip the pass over the whole store that decides legacy 本年度|历年累计 cuts with the "
                    "agency's neighbouring years (run it later with gongkai cuts DIR)")
    ba.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    ba.set_defaults(func=cmd_batch)

    cu = sub.add_parser("cuts", epilog=epilog("cuts"), formatter_class=HelpFormatter,
                        help="decide legacy cuts across years in a store (gongkai batch does it at its end)",
                        description="Decide the 本年度|历年累计 cuts that a legacy (2008-2018) report printed as one "
                        "run of digits and could not decide alone, with the same agency's reports on the years "
                        "before and after held in the store (this year's 历年累计 = last year's + this year's 本年度; "
                        "consecutive open years decided together when their readings fit in one way only). Only "
                        "printed readings are chosen; a cut nothing fixes stays ambiguous and flagged. Decided "
                        "records are rewritten in the store (provenance method cross_year, the neighbour and the "
                        "equation; the readings kept) and every change is logged in the table cut_log. gongkai "
                        "batch runs this over the whole store at its end, so adding a year's archive to the same "
                        "--out folder decides its neighbours too; run it alone after gongkai batch --no-cuts or an "
                        "interrupted pass. Running it again changes nothing.")
    cu.add_argument("store", type=Path, metavar="DIR", help="a batch folder (or its gongkai.duckdb)")
    cu.add_argument("-q", "--quiet", action="store_true", help="no summary")
    cu.set_defaults(func=cmd_cuts)

    xp = sub.add_parser("export", epilog=epilog("export"), formatter_class=HelpFormatter, help="write a store as tables: wide, long, flags, Stata, the panel, the codebook",
                        description="The wide table: one row per distinct document (duplicates of one content are "
                        "one row; the sources table lists every path), one column per canonical key, plus source, "
                        "path, agency, year, edition, status, error, the report id and its copies, the version and "
                        "the reviewer. The long table: one row per value with its trust columns (state, method, "
                        "confidence raw and calibrated, ambiguous, identity verdicts, the review). The flags "
                        "companion: the wide table's shape, each cell saying how the value was read or why there is "
                        "none. The panel: one row per agency and year, with indicators that mean the same in every "
                        "edition (empty where an edition does not define one), agency names grouped across years; "
                        "the cross-year check compares each year's 结转下年度 with the next year's 上年结转 and prints "
                        "the mismatches. CSV files start with a byte order mark (Excel shows the Chinese) and no "
                        "text cell can run as a spreadsheet formula.")
    xp.add_argument("store", type=Path, metavar="DIR", nargs="?",
                    help="a batch folder (or its gongkai.duckdb); for --panel/--crossyear also a JSON Lines file of "
                    "records (.jsonl); not needed for --codebook alone")
    xp.add_argument("--csv", type=Path, help="write the wide table as CSV (UTF-8 with a BOM) here")
    xp.add_argument("--xlsx", type=Path, help="write the wide table as an Excel workbook here")
    xp.add_argument("--parquet", type=Path, help="write the wide table as Parquet here")
    xp.add_argument("--dta", type=Path, help="write the wide table as Stata 118 (.dta) here (needs "
                    "gongkai[stata]): Chinese variable labels, blank .a / not printed .b / not in the edition .c / "
                    "unread .d")
    xp.add_argument("--long", type=Path, metavar="FILE",
                    help="write one row per value with its trust columns here (.csv, .xlsx or .parquet)")
    xp.add_argument("--flags", type=Path, metavar="FILE",
                    help="write the flags companion of the wide table here (.csv, .xlsx or .parquet)")
    xp.add_argument("--codebook", type=Path, metavar="FILE",
                    help="write the codebook (per key: printed labels, table and item, unit, editions, panel "
                    "indicator, Stata name) here (.csv or .md)")
    xp.add_argument("--labels", choices=("key", "zh"), default="key",
                    help="column headers of the wide table and its flags: canonical keys (default) or the printed "
                    "Chinese row·column labels")
    xp.add_argument("--panel", type=Path, metavar="FILE",
                    help="write the agency-year panel here (.csv, .xlsx or .parquet, by the suffix); duplicates and "
                    "cross-year mismatches are printed")
    xp.add_argument("--crossyear", type=Path, metavar="FILE",
                    help="write the cross-year mismatches (carried forward vs next year's carried over) here "
                    "(.csv, .xlsx or .parquet)")
    xp.set_defaults(func=cmd_export)

    qu = sub.add_parser("query", epilog=epilog("query"), formatter_class=HelpFormatter, help="run SQL against a store",
                        description="Run SQL against a batch store (tables: records, field_values, checks, "
                        "errors, sources).")
    qu.add_argument("store", type=Path, metavar="DIR", help="a batch folder (or its gongkai.duckdb)")
    qu.add_argument("sql", help="the query")
    qu.add_argument("--csv", type=Path, help="write the result as CSV instead of printing it")
    qu.add_argument("--max-rows", type=int, default=40, help="rows to print (default %(default)d)")
    qu.set_defaults(func=cmd_query)

    tr = sub.add_parser("train", epilog=epilog("train"), formatter_class=HelpFormatter, help="train the prose and table-label classifiers",
                        description="Train the prose classifier on folders of documents with NAME.gold.json "
                        "beside them (NAME.labels.json, where present, labels every figure). A hash of each "
                        "document's name keeps about 30% apart as dev. Writes the model (numpy arrays + JSON), metrics.json "
                        "(cross-validation, dev and test P/R/F1 with rules alone and with the classifier, the "
                        "data hash, library versions) to --out/prose, and the table-label classifier (trained on "
                        "the template's labels with OCR-like noise) to --out/labels.")
    tr.add_argument("corpora", nargs="+", type=Path, metavar="DIR", help="labelled folders")
    tr.add_argument("--out", type=Path, default=Path("models"),
                    help="the models folder: prose/ and labels/ are written in it (default %(default)s)")
    tr.add_argument("--seed", type=int, default=0, help="random seed (default %(default)d)")
    tr.add_argument("--test", type=Path, nargs="*", default=[], metavar="DIR",
                    help="labelled folders to report scores on, never trained on (e.g. the shared corpora)")
    tr.add_argument("--train-errors", type=Path, metavar="FILE",
                    help="write the train split's wrongly decided prose figures (rules, and the classifier "
                    "trained without each document) as JSON lines; dev figures are never listed")
    tr.set_defaults(func=cmd_train)

    sy = sub.add_parser("synth", epilog=epilog("synth"), formatter_class=HelpFormatter, help="generate labelled documents in the layouts agencies publish",
                        description="Sample plausible records (both editions, identities holding except planted "
                        "source breaks), take existing gold records, and render each into one of the layouts "
                        "(HTML, PDF, text, Word, scans), with its gold file beside it. Randomness comes only from "
                        "--seed: the same seed writes the same bytes.")
    sy.add_argument("-n", type=int, default=100, help="sampled records to render (default %(default)d)")
    sy.add_argument("--seed", type=int, default=0, help="random seed (default %(default)d)")
    sy.add_argument("--out", type=Path, required=True, help="the folder to write to")
    sy.add_argument("--layout", action="append", default=[], metavar="NAME",
                    help="only these layouts (repeatable; default: all)")
    sy.add_argument("--gold", type=Path, action="append", default=[], metavar="DIR",
                    help="also render the gold records in DIR (repeatable)")
    sy.add_argument("--workers", type=int, default=1, help="processes (default %(default)d)")
    sy.set_defaults(func=cmd_synth)

    rv = sub.add_parser("review", epilog=epilog("review"), formatter_class=HelpFormatter, help="a local web page to correct flagged cells and save them as gold",
                        description="Serve a local review page (needs gongkai[review]): a queue of the documents, "
                        "flagged first, then by lowest confidence; per document the source (PDF and scan pages "
                        "with the value's box, HTML sandboxed, text with the span) beside tables 二/三/四 as "
                        "editable grids and the prose figures. Saving writes NAME.gold.json (the gold shape) into "
                        "the corpus folder, the document beside it, and appends who changed what to "
                        "CORPUS/.review-log.jsonl; gongkai train reads the corpus.")
    rv.add_argument("target", type=Path, metavar="STORE_OR_FOLDER",
                    help="a batch folder (or its gongkai.duckdb), or a folder of documents")
    rv.add_argument("--port", type=int, default=8765, help="port (default %(default)d)")
    rv.add_argument("--host", default="127.0.0.1",
                    help="address to listen on (default %(default)s: this machine only)")
    rv.add_argument("--records", type=Path, metavar="JSONL",
                    help="records from gongkai extract for the folder's documents (the rest are extracted at start)")
    rv.add_argument("--corpus", type=Path, metavar="DIR",
                    help="where gold files go (default: the folder itself; for a store, DIR/gold)")
    rv.add_argument("--docs", type=Path, metavar="DIR",
                    help="for a store: the folder its documents may be read from (default: the deepest folder "
                    "holding them all)")
    rv.add_argument("--user", help="the reviewer named in the log (default: the OS user name)")
    add_max_mb_option(rv)
    add_timeout_option(rv)
    rv.add_argument("--open", action="store_true", help="open the queue in the default web browser")
    rv.add_argument("-q", "--quiet", action="store_true", help="no progress or summary on stderr")
    rv.set_defaults(func=cmd_review)

    ev = sub.add_parser("eval", epilog=epilog("eval"), formatter_class=HelpFormatter, help="score records against gold files",
                        description="Score extraction records against hand-checked gold files "
                        "(cell accuracy, document exact, per table, prose P/R/F1, metadata), with what a paper "
                        "cites: the version and model hashes, the gold set (real and generated documents), "
                        "bootstrap intervals, the reliability of the confidences (ECE, raw and calibrated), "
                        "documents wrong but ok, and a breakdown per agency.")
    ev.add_argument("--gold", type=Path, required=True, help="folder holding *.gold.json files (recursive)")
    ev.add_argument("--pred", type=Path, required=True,
                    help="records from gongkai extract (JSON Lines), or a batch store (its folder or .duckdb)")
    ev.add_argument("--json", type=Path, help="write all scores here as JSON")
    ev.add_argument("--bootstrap", type=int, default=1000, metavar="N",
                    help="bootstrap resamples for the intervals (default %(default)d; 0: no intervals)")
    ev.add_argument("--report", type=Path, metavar="HTML",
                    help="write a self-contained HTML report (heatmaps, breakdowns, worst documents, identity "
                    "verdicts; needs gongkai[report])")
    ev.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="gongkai: %(message)s")
    try:
        return args.func(args)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"gongkai: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
