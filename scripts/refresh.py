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

Exit status: 0 written or unchanged; 2 bad arguments; 3 no source answered, nothing written;
4 validation failed, nothing written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

if __package__ in (None, ""):  # run as a script: make ``scripts`` importable as a package
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
    __package__ = "scripts"

import msgspec

from model_catalog import Model
from model_catalog._types import ProviderFile

from . import datafiles, guards, invariants, merge, report
from .evidence import Store, Timeline
from .httpclient import HttpClient, HttpError, NotRecordedError
from .providers import PROVIDERS
from .sources import NoCredentialsError, SourceError, SourceInfo, SourceResult, curated, discover

__all__ = ["main", "run"]

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "src" / "model_catalog" / "data"
EVIDENCE_DIR = ROOT / "evidence"
REPORTS_DIR = ROOT / "reports"
SCHEMA_PATH = ROOT / "schema.json"

EXIT_OK, EXIT_USAGE, EXIT_NOTHING_ANSWERED, EXIT_INVALID = 0, 2, 3, 4
FEW_MODELS = 5
"""A source may drop this many models in one answer whatever its size (Anthropic's list went
from 11 to 8 on 2025-07-30, when three models were retired): the share limit is for long lists."""


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
        "--write-schema", action="store_true", help="regenerate schema.json from the types and exit"
    )
    return parser


def answer_problem(info: SourceInfo, timeline: Timeline, result: SourceResult) -> tuple[str, str]:
    """Whether an answer may be folded into the store, and why not.

    ``("ok", "")``; ``("failed", why)`` for an answer too small to be credible; ``("held", why)``
    for one that shrank past the source's limit (``--accept SOURCE`` folds it anyway).
    """
    count = len({(o.provider, o.id) for o in result.observations})
    if count < info.min_models:
        return "failed", f"answered {count} models, fewer than the {info.min_models} it must list"
    before = timeline.last_good(result.retrieved)
    lost = before.models - count if before is not None else 0
    if before is not None and lost > before.models * info.max_shrink and lost > FEW_MODELS:
        return "held", (
            f"answered {count} models, {lost / before.models:.0%} fewer than its last good "
            f"answer ({before.models} on {before.date}; limit {info.max_shrink:.0%} and "
            f"{FEW_MODELS} models)"
        )
    return "ok", ""


def _ask(
    module: ModuleType,
    client: HttpClient,
    store: Store,
    accept: set[str],
    *,
    accept_all: bool,
) -> SourceRun:
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
    for day in days:
        client.answer_day(day)
        try:
            result = module.fetch(client, key)
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
            verdict, why = answer_problem(info, store.timeline(info.name), result)
            accepted = verdict == "held" and (accept_all or info.name in accept)
            if verdict == "ok" or accepted:
                store.fold(result)
                state.used.append(result.retrieved)
                state.status, state.reason = "ok", "accepted: " + why if accepted else ""
                continue
            state.status, state.reason = verdict, why
        state.refused.append((day or "today", state.reason))
    client.answer_day(None)
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


def run(args: argparse.Namespace, out: Callable[[str], None]) -> int:
    """The whole refresh; returns the exit status."""
    if args.write_schema:
        changed = datafiles.write_atomic(SCHEMA_PATH, datafiles.schema_bytes())
        out(f"schema.json {'written' if changed else 'unchanged'}")
        return EXIT_OK
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
    except (HttpError, ValueError) as exc:
        out(str(exc))
        return EXIT_USAGE
    accept = set(args.accept)
    runs: list[SourceRun] = []
    for position, module in enumerate(modules, start=1):
        if wanted is not None and module.SOURCE.name not in wanted:
            skipped = SourceRun(module.SOURCE, reason="not asked (--sources)")
            runs.append(skipped)
            continue
        state = _ask(module, client, store, accept, accept_all=args.accept_changes)
        runs.append(state)
        latest = store.timeline(state.info.name).latest
        models = latest.models if latest is not None else 0
        line = f"[{position}/{len(modules)}] {state.info.name:<26} {state.status:<8}"
        line += f" {len(state.used)} used, {len(state.refused)} refused, {models} models"
        out(line + (f": {state.reason}" if state.reason and state.status != "ok" else ""))
    if not any(r.used for r in runs) and not store.timelines:
        out("no source answered and the evidence store is empty; nothing written")
        return EXIT_NOTHING_ANSWERED
    curated_results = curated.load()
    as_of = _as_of(store, curated_results)
    merged = merge.merge(store, infos, curated_results, as_of)
    previous = datafiles.read_previous(args.out)
    before = {m.key: m for document in previous.values() for m in document.models}
    new = [m for provider_models in merged.models.values() for m in provider_models]
    kept, holds = guards.hold_back(
        before, new, merged.existence, accept, accept_all=args.accept_changes
    )
    holds += [
        guards.Hold(r.info.name, "answer", reason)
        for r in runs
        if r.status == "held"
        for _day, reason in r.refused[-1:]
    ]
    kept, findings = invariants.check(kept, merged)
    files, encoded, problems = _documents(kept, merged, args.out)
    if problems:
        out(f"validation failed ({len(problems)} problems); nothing written:")
        for problem in problems[:50]:
            out(f"  {problem[:300]}")
        return EXIT_INVALID
    written = _write(args, store, files, encoded, merged, as_of)
    datafiles.write_atomic(args.reports / "invariants.md", invariants.markdown(findings))
    out(invariants.summary(findings))
    _summary(args, runs, store, previous, files, holds, as_of, written, out)
    return EXIT_OK


def _documents(
    kept: list[Model], merged: merge.MergeResult, out_dir: Path
) -> tuple[dict[str, ProviderFile], dict[str, bytes], list[str]]:
    """The provider files to write, their bytes, and the validation problems of changed ones."""
    schema = guards.validator(msgspec.json.decode(SCHEMA_PATH.read_bytes()))
    by_provider: dict[str, list[Model]] = {}
    for model in kept:
        by_provider.setdefault(model.provider, []).append(model)
    files: dict[str, ProviderFile] = {}
    encoded_files: dict[str, bytes] = {}
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
        encoded_files[row.id] = encoded
    return files, encoded_files, problems


def _write(
    args: argparse.Namespace,
    store: Store,
    files: dict[str, ProviderFile],
    encoded: dict[str, bytes],
    merged: merge.MergeResult,
    as_of: str,
) -> int:
    written = 0
    for path, data in store.files(changed_only=True).items():
        written += datafiles.write_atomic(path, data)
    for provider, data in encoded.items():
        written += datafiles.write_atomic(args.out / f"{provider}.json", data)
    index = datafiles.build_index(files, PROVIDERS, as_of)
    written += datafiles.write_atomic(args.out / "index.json", datafiles.encode(index))
    records = [m for document in files.values() for m in document.models]
    datafiles.write_atomic(args.reports / "conflicts.md", report.conflicts_markdown(merged))
    datafiles.write_atomic(args.reports / "history.md", report.history_markdown(records))
    return written


def _diff(old: ProviderFile | None, new: ProviderFile) -> tuple[int, int, int]:
    before = {m.id: m for m in old.models} if old else {}
    after = {m.id: m for m in new.models}
    added = sum(1 for k in after if k not in before)
    retired = sum(
        1
        for k, m in after.items()
        if m.lifecycle.status == "retired"
        and (k not in before or before[k].lifecycle.status != "retired")
    )
    changed = sum(1 for k, m in after.items() if k in before and before[k] != m)
    return added, retired, changed


def _summary(
    args: argparse.Namespace,
    runs: list[SourceRun],
    store: Store,
    previous: dict[str, ProviderFile],
    files: dict[str, ProviderFile],
    holds: list[guards.Hold],
    as_of: str,
    written: int,
    out: Callable[[str], None],
) -> None:
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
            {
                "source": state.info.name,
                "status": state.status,
                "reason": state.reason,
                "answers_used": len(state.used),
                "answers_refused": [{"date": d, "reason": r} for d, r in state.refused],
                "models": models,
                "evidence_date": date,
                "age_days": days,
            }
        )
    out("")
    out(f"{'provider':<14} {'models':>7} {'added':>6} {'retired':>8} {'changed':>8}")
    for provider, document in files.items():
        added, retired, changed = _diff(previous.get(provider), document)
        out(f"{provider:<14} {len(document.models):>7} {added:>6} {retired:>8} {changed:>8}")
    for hold in holds:
        out(f"held: {hold}")
    if holds:
        out("apply one with --accept KEY after checking it (KEY: provider/id or source name)")
    out(
        f"evidence as of {as_of}; {written} file(s) written; {len(holds)} change(s) held; "
        f"{sum(1 for r in runs if r.status in ('failed', 'held'))} source(s) failed or held, "
        f"{sum(1 for r in runs if r.status == 'skipped')} skipped"
    )
    if args.summary is not None:
        summary = {
            "as_of": as_of,
            "sources": rows,
            "holds": [{"key": h.key, "field": h.field, "reason": h.reason} for h in holds],
            "files_written": written,
        }
        args.summary.write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n", "utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    args = _parser().parse_args(argv)
    return run(args, print)


if __name__ == "__main__":
    raise SystemExit(main())
