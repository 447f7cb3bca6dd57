r"""Refresh the catalog: ask every source, keep its good answers as evidence, merge, guard, write.

Usage:
  python scripts/refresh.py                               # the nightly: every source, live
  python scripts/refresh.py --replay tests/fixtures/recorded
                                                          # the same run, answered from recordings
  python scripts/refresh.py --record /tmp/rec             # live, and keep every answer
  python scripts/refresh.py --accept xai/grok-4           # apply a held change, after checking it

Each source's good answer is folded into its timeline in evidence/ (scripts/evidence.py), and the
catalog is built from evidence/ alone (scripts/merge.py). A source that fails, is skipped (no
key), answers fewer models than its minimum, or shrinks past its limit is not folded: its last
good answer stands, and the summary says why and how old that answer is. A replay folds every
dated answer the recording holds for a source, oldest first, exactly as the nightly folds one.
Suspicious changes to records are held (scripts/guards.py) and listed by key and field.

The run reads as its steps (``run``): ask every source (each answer checked by
``guards.check_answer`` before it is folded), build the catalog from the evidence
(``merge.merge``), guard the changes (``guards.hold_back``), validate and write, report. A night
on which no record changed leaves the data files byte-identical: only the evidence records the
night (each source's answer dates), and ``last_seen`` and the sources' retrieval dates reach the
data with the next change, which is what a release ships. One run at a time per evidence store
(a lock file inside it).

Exit status: 0 written or unchanged; 2 bad arguments, an unreadable evidence store, or --accept
that matches nothing (nothing written); 3 no source answered, nothing written; 4 validation
failed, nothing written; 5 another run holds the evidence store.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

if __package__ in (None, ""):  # run as a script: make ``scripts`` importable as a package
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
    __package__ = "scripts"

import msgspec

from model_catalog import Model
from model_catalog._changes import diff
from model_catalog._types import ProviderFile

from . import datafiles, guards, invariants, merge, report, runsummary
from .evidence import EvidenceError, Store
from .httpclient import HttpClient, HttpError, NotRecordedError
from .providers import PROVIDERS
from .sources import NoCredentialsError, SourceError, SourceInfo, SourceResult, curated, discover

__all__ = ["main", "run"]

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "src" / "model_catalog" / "data"
EVIDENCE_DIR = ROOT / "evidence"
REPORTS_DIR = ROOT / "reports"
SCHEMA_PATH = ROOT / "schema.json"

EXIT_OK, EXIT_USAGE, EXIT_NOTHING_ANSWERED, EXIT_INVALID, EXIT_LOCKED = 0, 2, 3, 4, 5
LOCK_NAME = ".refresh.lock"


@dataclass
class SourceRun:
    """How one source did in this run: one outcome per answer it was asked for."""

    info: SourceInfo
    used: list[str] = field(default_factory=list)
    """Dates of the answers folded into the store."""
    refused: list[tuple[str, str]] = field(default_factory=list)
    """(date, reason) of answers that were not credible or not complete."""
    status: str = "skipped"
    reason: str = ""
    seconds: float = 0.0


def _parser() -> argparse.ArgumentParser:
    doc = __doc__ or ""
    parser = argparse.ArgumentParser(
        prog="refresh.py",
        description=doc.split("\n\n")[0],
        epilog=doc.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--replay", type=Path, metavar="DIR", help="answer requests from DIR")
    parser.add_argument("--record", type=Path, metavar="DIR", help="save every answer to DIR")
    parser.add_argument(
        "--sources", help="comma-separated source names to ask (default: all); the rest keep theirs"
    )
    parser.add_argument(
        "--accept",
        action="append",
        default=[],
        metavar="KEY",
        help="apply the held changes of one record (provider/id) or one source's held answer; "
        "repeatable",
    )
    parser.add_argument(
        "--accept-changes", action="store_true", help="apply every held change (after checking)"
    )
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="data directory to write")
    parser.add_argument("--evidence", type=Path, default=EVIDENCE_DIR, help="evidence store")
    parser.add_argument("--reports", type=Path, default=REPORTS_DIR, help="reports directory")
    parser.add_argument("--summary", type=Path, help="also write the run's summary as JSON here")
    parser.add_argument(
        "--backfill",
        action="store_true",
        help="fold answers dated before a source's newest folded one (history found later); "
        "without it such an answer is refused",
    )
    parser.add_argument(
        "--write-schema", action="store_true", help="regenerate schema.json from the types and exit"
    )
    parser.add_argument(
        "--reindex",
        action="store_true",
        help="rewrite --out's spans, names.json and index.json from its provider files (after a "
        "hand edit of one) and exit; asks nothing",
    )
    return parser


class RunLockedError(RuntimeError):
    """Another refresh holds the evidence store."""


@contextlib.contextmanager
def _lock(evidence: Path) -> Iterator[None]:
    """One run per evidence store: two runs in one checkout would each lose the other's answers.

    The lock file exists only while a run holds it, so no artifact or tree comparison ever sees it.
    A run that locked a file another run has just removed holds nothing and counts as locked out.
    """
    evidence.mkdir(parents=True, exist_ok=True)
    path = evidence / LOCK_NAME
    with path.open("w") as handle:
        msg = f"another refresh is running on {evidence} (it holds {path})"
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise RunLockedError(msg) from exc
        if not _holds(path, handle.fileno()):
            fcntl.flock(handle, fcntl.LOCK_UN)
            raise RunLockedError(msg)
        try:
            yield
        finally:
            path.unlink()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _holds(path: Path, fd: int) -> bool:
    return path.exists() and path.stat().st_ino == os.fstat(fd).st_ino


def _ask(
    module: ModuleType,
    client: HttpClient,
    store: Store,
    args: argparse.Namespace,
    today: str,
) -> SourceRun:
    """Step 1 for one source: every answer it gives, each checked before it is folded."""
    info: SourceInfo = module.SOURCE
    state = SourceRun(info)
    started = time.monotonic()
    client.start_source()
    key = (os.environ.get(info.env, "").strip() or None) if info.env else None
    try:
        days = client.recorded_days(info.request_url(client))
    except NoCredentialsError as exc:
        state.reason = str(exc)
        return state
    if not days:
        state.reason = f"{info.name}: not in the recording"
        return state
    for day in client.answers(info.request_url(client)):
        try:
            result = module.fetch(client, key)
            verdict, why = guards.check_answer(
                info, store.timeline(info.name), result, today=today, backfill=args.backfill
            )
        except NoCredentialsError as exc:
            state.status, state.reason = "skipped", str(exc)
            continue
        except NotRecordedError as exc:
            state.status, state.reason = "failed", f"incomplete recording: {exc}"
        except (SourceError, HttpError) as exc:
            state.status, state.reason = "failed", str(exc)
        except Exception as exc:  # noqa: BLE001 - one broken source must not stop the others
            state.status = "failed"
            state.reason = f"{info.name}: unexpected {type(exc).__name__}: {exc}"
        else:
            accepted = verdict == "held" and (args.accept_changes or info.name in args.accept)
            if verdict == "ok" or accepted:
                store.fold(result)
                state.used.append(result.retrieved)
                state.status, state.reason = "ok", "accepted: " + why if accepted else ""
                continue
            state.status, state.reason = verdict, why
        state.refused.append((day or "today", state.reason))
    state.seconds = time.monotonic() - started
    return state


def _as_of(store: Store, curated_results: list[SourceResult]) -> str:
    dates = [t.latest.date for t in store.timelines.values() if t.latest is not None]
    dates += [r.retrieved for r in curated_results]
    return max(dates)


def _age_days(date: str | None, as_of: str) -> int | None:
    if date is None:
        return None
    return (dt.date.fromisoformat(as_of) - dt.date.fromisoformat(date)).days


@dataclass
class Build:
    """Step 2's result: the catalog built from the evidence alone."""

    merged: merge.MergeResult
    as_of: str
    infos: dict[str, SourceInfo]


def run(args: argparse.Namespace, out: Callable[[str], None]) -> int:
    """The whole refresh; returns the exit status."""
    if args.write_schema:
        changed = datafiles.write_atomic(SCHEMA_PATH, datafiles.schema_bytes())
        out(f"schema.json {'written' if changed else 'unchanged'}")
        return EXIT_OK
    if args.reindex:
        try:
            written = datafiles.reindex(args.out, PROVIDERS)
        except datafiles.DataFileError as exc:
            out(str(exc))
            return EXIT_USAGE
        out(f"{args.out}: {written} file(s) rewritten from its provider files")
        return EXIT_OK
    try:
        with _lock(args.evidence):
            return _refresh(args, out)
    except RunLockedError as exc:
        out(str(exc))
        return EXIT_LOCKED


def _refresh(args: argparse.Namespace, out: Callable[[str], None]) -> int:
    modules = discover()
    infos = {m.SOURCE.name: m.SOURCE for m in modules}
    wanted = {s.strip() for s in args.sources.split(",")} if args.sources else None
    unknown = (wanted or set()) - set(infos)
    if unknown:
        out(f"unknown source(s): {', '.join(sorted(unknown))}; known: {', '.join(infos)}")
        return EXIT_USAGE
    try:
        client = HttpClient(replay=args.replay, record=args.record)
        store = Store(args.evidence)
    except (HttpError, EvidenceError, ValueError) as exc:
        out(str(exc))
        return EXIT_USAGE
    strangers = sorted(set(store.timelines) - set(infos))
    if strangers:
        out(f"evidence store {args.evidence}: no source is named {', '.join(strangers)}")
        return EXIT_USAGE
    runs = ask(modules, client, store, args, wanted, out)
    if not any(r.used for r in runs) and not store.timelines:
        out("no source answered and the evidence store is empty; nothing written")
        return EXIT_NOTHING_ANSWERED
    try:
        previous = datafiles.read_previous(args.out)
    except datafiles.DataFileError as exc:
        out(str(exc))
        return EXIT_USAGE
    missing = _missing_evidence(store, infos, previous)
    if missing:
        out(missing)
        return EXIT_USAGE
    catalog = build(store, infos)
    kept, holds, findings = guard(args, catalog, previous, runs)
    unmatched = _unmatched_accepts(args, catalog, previous, runs)
    if unmatched:
        for key in unmatched:
            out(f"--accept {key}: no held change or held answer matches it; nothing written")
        return EXIT_USAGE
    files, problems = _documents(kept, catalog.merged, args.out)
    if problems:
        out(f"validation failed ({len(problems)} problems); nothing written:")
        for problem in problems[:50]:
            out(f"  {problem[:300]}")
        return EXIT_INVALID
    before = _records(previous)
    changed = not previous or not diff(before, _records(files)).empty
    if not changed:  # a quiet night: the data stays byte for byte; the evidence has the night
        files = previous
    written = write(args, store, files, catalog, findings, changed=changed)
    out(invariants.summary(findings))
    summary = summarize(
        runs, store, previous, files, holds, catalog.as_of, written, out, changed=changed
    )
    if args.summary is not None:
        args.summary.write_bytes(runsummary.encode(summary))
    return EXIT_OK


def _missing_evidence(
    store: Store, infos: dict[str, SourceInfo], previous: dict[str, ProviderFile]
) -> str | None:
    """Why the store cannot be the one the data was built from, if a source's file is gone.

    The data cites a source whose evidence is missing: a deleted or lost file, not news. Building
    on would drop that source's every statement; the file must be restored first.
    """
    citing: dict[str, int] = {}
    for document in previous.values():
        for model in document.models:
            for name in set(model.provenance.values()):
                if name in infos and infos[name].kind != "curated" and name not in store.timelines:
                    citing[name] = citing.get(name, 0) + 1
    if not citing:
        return None
    names = ", ".join(f"{name} ({count} records)" for name, count in sorted(citing.items()))
    return (
        f"evidence store {store.directory}: no evidence for {names}, which the data cites; "
        "restore each file from git (nothing written)"
    )


def ask(
    modules: list[ModuleType],
    client: HttpClient,
    store: Store,
    args: argparse.Namespace,
    wanted: set[str] | None,
    out: Callable[[str], None],
) -> list[SourceRun]:
    """Step 1: ask every source (or those of ``--sources``), folding its credible answers."""
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    runs: list[SourceRun] = []
    for position, module in enumerate(modules, start=1):
        if wanted is not None and module.SOURCE.name not in wanted:
            runs.append(SourceRun(module.SOURCE, reason="not asked (--sources)"))
            continue
        state = _ask(module, client, store, args, today)
        runs.append(state)
        latest = store.timeline(state.info.name).latest
        models = latest.models if latest is not None else 0
        line = f"[{position}/{len(modules)}] {state.info.name:<26} {state.status:<8}"
        line += f" {len(state.used)} used, {len(state.refused)} refused, {models} models"
        out(line + (f": {state.reason}" if state.reason and state.status != "ok" else ""))
    return runs


def build(store: Store, infos: dict[str, SourceInfo]) -> Build:
    """Step 2: the catalog, from the evidence store and the curated pages alone."""
    curated_results = curated.load()
    as_of = _as_of(store, curated_results)
    return Build(merge.merge(store, infos, curated_results, as_of), as_of, infos)


def guard(
    args: argparse.Namespace,
    catalog: Build,
    previous: dict[str, ProviderFile],
    runs: list[SourceRun],
) -> tuple[list[Model], list[guards.Hold], list[invariants.Finding]]:
    """Step 3: the records to write, every change held, and what the invariants found.

    Holds are the records' and the sources'; the invariants (``scripts/invariants.py``) hold what
    a record says against itself.
    """
    new = [m for provider_models in catalog.merged.models.values() for m in provider_models]
    kept, holds = guards.hold_back(
        _records(previous),
        new,
        catalog.merged.existence,
        set(args.accept),
        accept_all=args.accept_changes,
        unconfirmed=catalog.merged.unconfirmed_absences,
    )
    holds += [
        guards.Hold(r.info.name, "answer", reason)
        for r in runs
        if r.status == "held"
        for _day, reason in r.refused[-1:]
    ]
    kept, findings = invariants.check(kept, catalog.merged)
    return kept, holds, findings


def _unmatched_accepts(
    args: argparse.Namespace,
    catalog: Build,
    previous: dict[str, ProviderFile],
    runs: list[SourceRun],
) -> list[str]:
    """The ``--accept`` keys that matched no hold (a typo must not pass as "applied")."""
    if not args.accept:
        return []
    new = [m for provider_models in catalog.merged.models.values() for m in provider_models]
    _kept, would_hold = guards.hold_back(
        _records(previous),
        new,
        catalog.merged.existence,
        unconfirmed=catalog.merged.unconfirmed_absences,
    )
    matched = {h.key for h in would_hold}
    matched |= {r.info.name for r in runs if r.reason.startswith("accepted: ")}
    return [key for key in args.accept if key not in matched]


def _records(files: dict[str, ProviderFile]) -> dict[str, Model]:
    return {m.key: m for document in files.values() for m in document.models}


def _documents(
    kept: list[Model], merged: merge.MergeResult, out_dir: Path
) -> tuple[dict[str, ProviderFile], list[str]]:
    """The provider files to write, and the validation problems of changed ones."""
    schema = guards.validator(msgspec.json.decode(SCHEMA_PATH.read_bytes()))
    by_provider: dict[str, list[Model]] = {}
    for model in kept:
        by_provider.setdefault(model.provider, []).append(model)
    files: dict[str, ProviderFile] = {}
    problems: list[str] = []
    for row in PROVIDERS:
        models = by_provider.get(row.id)
        if not models:
            continue
        models = merge.dedupe_aliases(models, merged.dropped_aliases, merged.alias_owners)
        document = datafiles.provider_document(row.id, models, merged.sources.get(row.id, {}))
        encoded = datafiles.encode(document)
        path = out_dir / f"{row.id}.json"
        if not path.exists() or path.read_bytes() != encoded:  # unchanged files passed already
            problems += guards.validate(row.id, msgspec.json.decode(encoded), schema)
        files[row.id] = document
    return files, problems


def write(
    args: argparse.Namespace,
    store: Store,
    files: dict[str, ProviderFile],
    catalog: Build,
    findings: list[invariants.Finding],
    *,
    changed: bool,
) -> int:
    """Step 4: the evidence, the changed data files and the reports; how many files changed."""
    written = 0
    for path, data in store.files(changed_only=True).items():
        written += datafiles.write_atomic(path, data)
    if changed:
        written += datafiles.write_catalog(args.out, files, PROVIDERS, catalog.as_of)
    records = [m for document in files.values() for m in document.models]
    conflicts = report.conflicts_markdown(catalog.merged)
    datafiles.write_atomic(args.reports / "conflicts.md", conflicts)
    datafiles.write_atomic(args.reports / "history.md", report.history_markdown(records))
    datafiles.write_atomic(args.reports / "invariants.md", invariants.markdown(findings))
    return written


def _provider_changes(
    provider: str, old: ProviderFile | None, new: ProviderFile
) -> runsummary.ProviderChanges:
    """One provider's changes, counted with the release notes' own diff."""
    before = {m.key: m for m in old.models} if old else {}
    changes = diff(before, {m.key: m for m in new.models})
    touched = {
        key for key, *_ in (*changes.repriced, *changes.limits, *changes.capabilities)
    } | set(changes.other)
    touched |= {m.key for m in (*changes.unretired, *changes.deprecated)}
    return runsummary.ProviderChanges(
        provider,
        len(new.models),
        len(changes.added),
        len(changes.retired),
        len(touched - {m.key for m in changes.retired}),
        len(changes.removed),
    )


def summarize(
    runs: list[SourceRun],
    store: Store,
    previous: dict[str, ProviderFile],
    files: dict[str, ProviderFile],
    holds: list[guards.Hold],
    as_of: str,
    written: int,
    out: Callable[[str], None],
    *,
    changed: bool,
) -> runsummary.RunSummary:
    """Step 5, report: the run's summary, printed as tables and returned as the typed record."""
    rows = []
    out("")
    out(
        f"{'source':<18} {'status':<8} {'used':>5} {'refused':>7} {'models':>6} {'evidence':>10} "
        f"{'age':>5}  note"
    )
    for state in runs:
        latest = store.timeline(state.info.name).latest
        date = latest.date if latest else None
        models = latest.models if latest else 0
        note = state.reason
        days = _age_days(date, as_of)
        age = "-" if days is None else f"{days}d"
        if state.status == "ok" and state.refused:
            note = f"{len(state.refused)} older answer(s) refused, e.g. {state.refused[0][1]}"
        out(
            f"{state.info.name:<26} {state.status:<8} {len(state.used):>5} "
            f"{len(state.refused):>7} {models:>6} {date or '-':>10} {age:>5}  "
            f"{note[:160]}"
        )
        rows.append(
            runsummary.SourceOutcome(
                source=state.info.name,
                status=state.status,
                reason=state.reason,
                answers_used=len(state.used),
                answers_refused=[runsummary.Refusal(d, r) for d, r in state.refused],
                models=models,
                evidence_date=date,
                age_days=days,
            )
        )
    out("")
    out(f"{'provider':<14} {'models':>7} {'added':>6} {'retired':>8} {'changed':>8} {'removed':>8}")
    providers = [_provider_changes(p, previous.get(p), d) for p, d in files.items()]
    for row in providers:
        out(
            f"{row.provider:<14} {row.models:>7} {row.added:>6} {row.retired:>8} "
            f"{row.changed:>8} {row.removed:>8}"
        )
    for hold in holds:
        out(f"held: {hold}")
    if holds:
        out("apply one with --accept KEY after checking it (KEY: provider/id or source name)")
    removed = sum(1 for h in holds if h.field == "record")
    out(
        f"evidence as of {as_of}; {written} file(s) written; {len(holds)} change(s) held"
        + (f" ({removed} removal(s))" if removed else "")
        + f"; {sum(1 for r in runs if r.status in ('failed', 'held'))} source(s) failed or held, "
        f"{sum(1 for r in runs if r.status == 'skipped')} skipped"
        + ("" if changed else "; no record changed: data files untouched")
    )
    return runsummary.RunSummary(
        as_of=as_of,
        sources=rows,
        holds=[runsummary.Hold(h.key, h.field, h.reason) for h in holds],
        files_written=written,
        catalog_changed=changed,
        providers=providers,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    args = _parser().parse_args(argv)
    return run(args, print)


if __name__ == "__main__":
    raise SystemExit(main())
