r"""Refresh the bundled catalog: fetch every source, merge, guard, validate, write.

Usage:
  python scripts/refresh.py                      # live: every source, keys from the environment
  python scripts/refresh.py --replay tests/fixtures/recorded \\
      --history tests/fixtures/recorded/litellm-history   # rebuild from recorded responses
  python scripts/refresh.py --providers xai,groq --record /tmp/rec   # refresh two, keep bodies

A source that fails (no key, HTTP error, malformed body) is reported and skipped; providers it
covered keep their last known good data. Exit status: 0 written (or unchanged), 2 bad arguments,
3 every source failed, 4 validation failed (nothing written).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``scripts`` importable as a package
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
    __package__ = "scripts"

import msgspec

from model_catalog import Change, Model
from model_catalog._types import ProviderFile

from . import datafiles, guards, history, merge
from .httpclient import HttpClient, HttpError, NotRecordedError
from .sources import (
    NoCredentialsError,
    SourceError,
    SourceInfo,
    SourceResult,
    anthropic,
    azure_openai,
    bedrock,
    curated,
    deepseek,
    gemini,
    groq,
    litellm,
    mistral,
    models_dev,
    ollama,
    openai,
    openrouter,
    perplexity,
    xai,
)

__all__ = ["FETCHERS", "main"]

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "src" / "model_catalog" / "data"
SCHEMA_PATH = ROOT / "schema.json"
CONFLICTS_PATH = ROOT / "reports" / "conflicts.md"

Fetch = Callable[[HttpClient, "str | None"], SourceResult]
FETCHERS: tuple[tuple[SourceInfo, Fetch], ...] = (
    (openai.SOURCE, openai.fetch),
    (anthropic.SOURCE, anthropic.fetch),
    (gemini.SOURCE, gemini.fetch),
    (azure_openai.SOURCE, azure_openai.fetch),
    (bedrock.SOURCE, bedrock.fetch),
    (mistral.SOURCE, mistral.fetch),
    (xai.SOURCE, xai.fetch),
    (groq.SOURCE, groq.fetch),
    (openrouter.SOURCE, openrouter.fetch),
    (deepseek.SOURCE, deepseek.fetch),
    (perplexity.SOURCE, perplexity.fetch),
    (ollama.SOURCE, ollama.fetch),
    (models_dev.SOURCE, models_dev.fetch),
    (litellm.SOURCE, litellm.fetch),
)

EXIT_OK, EXIT_USAGE, EXIT_ALL_FAILED, EXIT_INVALID = 0, 2, 3, 4


@dataclass
class SourceRun:
    """How one source did in this run."""

    name: str
    status: str
    models: int
    seconds: float


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="refresh.py",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        epilog=(__doc__ or "").split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--providers",
        help="comma-separated provider ids to rewrite (default: all); the others keep their data",
    )
    parser.add_argument("--replay", type=Path, metavar="DIR", help="answer requests from DIR")
    parser.add_argument("--record", type=Path, metavar="DIR", help="save every response to DIR")
    parser.add_argument(
        "--history",
        type=Path,
        metavar="DIR",
        help="dated LiteLLM snapshots (<date>_litellm-<version>.json) for first/last seen",
    )
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="data directory to write")
    parser.add_argument("--report", type=Path, default=CONFLICTS_PATH, help="conflicts report")
    parser.add_argument(
        "--accept-changes",
        action="store_true",
        help="apply changes the guards would hold back (shrinking limits, 10x price moves)",
    )
    parser.add_argument(
        "--write-schema", action="store_true", help="regenerate schema.json from the types and exit"
    )
    return parser


def _fetch_all(
    client: HttpClient, out: Callable[[str], None]
) -> tuple[list[SourceResult], list[SourceRun]]:
    results: list[SourceResult] = []
    runs: list[SourceRun] = []
    total = len(FETCHERS)
    for position, (info, fetch) in enumerate(FETCHERS, start=1):
        started = time.monotonic()
        key = os.environ.get(info.env, "").strip() or None if info.env else None
        try:
            result = fetch(client, key)
        except (NoCredentialsError, NotRecordedError) as exc:
            status, count = f"skipped: {exc}", 0
        except (SourceError, HttpError) as exc:
            status, count = f"FAILED: {exc}", 0
        except Exception as exc:  # noqa: BLE001 - one broken source must not stop the others
            status, count = f"FAILED: {info.name}: unexpected {type(exc).__name__}: {exc}", 0
        else:
            results.append(result)
            status, count = "ok", len(result.observations)
        seconds = time.monotonic() - started
        runs.append(SourceRun(info.name, status, count, seconds))
        out(f"[{position}/{total}] {info.name:<18} {status} ({count} models, {seconds:.1f}s)")
    return results, runs


def _carry_over(
    previous: dict[str, ProviderFile],
    merged: merge.MergeResult,
    covered: set[str],
    answered: set[str],
) -> None:
    """Keep what this run's sources did not list, so nothing known is lost.

    A provider no source answered for keeps its whole last known good file. A missing model is
    retired only if the source that listed it (``provenance["id"]``) answered this run and left
    it out; if that source was skipped or failed, the record is kept as it was. Kept records can
    meet today's aliases, so a provider that gains any has its aliases checked again.
    """
    for provider, document in previous.items():
        if provider not in covered:
            merged.models[provider] = list(document.models)
            merged.sources.setdefault(provider, {}).update(document.sources)
            continue
        models = merged.models.setdefault(provider, [])
        present = {m.id for m in models}
        kept = 0
        for model in document.models:
            if model.id in present:
                continue
            if model.provenance.get("id") in answered:
                life = msgspec.structs.replace(model.lifecycle, status="retired")
                model = msgspec.structs.replace(model, lifecycle=life)  # noqa: PLW2901
            models.append(model)
            kept += 1
            for name in model.provenance.values():
                if name in document.sources:
                    merged.sources.setdefault(provider, {})[name] = document.sources[name]
        if kept:
            merged.models[provider] = merge.dedupe_aliases(models, merged.dropped_aliases)


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


def _conflicts_report(merged: merge.MergeResult) -> bytes:
    lines = [
        "# Source conflicts",
        "",
        "GENERATED by scripts/refresh.py. Prices that differ by more than 5% between sources, and",
        "any disagreement on limits. The chosen value follows the precedence in scripts/merge.py.",
        "",
        "| model | field | chosen | other |",
        "|---|---|---|---|",
    ]
    for c in sorted(merged.conflicts, key=lambda c: (c.key, c.field, c.other[0])):
        lines.append(
            f"| {c.key} | {c.field} | {c.chosen[1]} ({c.chosen[0]}) | {c.other[1]} ({c.other[0]}) |"
        )
    lines += ["", f"{len(merged.conflicts)} conflicts.", ""]
    if merged.dropped_aliases:
        lines += ["## Aliases dropped (another model's id, or claimed twice)", ""]
        lines += [f"- {entry}" for entry in sorted(merged.dropped_aliases)]
        lines.append("")
    return "\n".join(lines).encode()


def _history_report(changes: dict[str, list[Change]]) -> bytes:
    lines = [
        "# Price and limit history (LiteLLM snapshots)",
        "",
        "GENERATED by scripts/refresh.py --history. Prices (USD per 1M tokens) and limits",
        "(tokens) that changed between two consecutive dated LiteLLM cost maps. The date is the",
        "snapshot that first showed the new value: observed by, not effective from. The same",
        "entries are in each record's `history`.",
        "",
        "| model | field | observed by | old | new |",
        "|---|---|---|---:|---:|",
    ]
    total = 0
    for key in sorted(changes):
        for c in changes[key]:
            lines.append(f"| {key} | {c.field} | {c.observed} | {c.old:g} | {c.new:g} |")
            total += 1
    lines += ["", f"{total} changes.", ""]
    return "\n".join(lines).encode()


def run(args: argparse.Namespace, out: Callable[[str], None]) -> int:
    """The whole refresh; returns the exit status."""
    if args.write_schema:
        written = datafiles.write_atomic(SCHEMA_PATH, datafiles.schema_bytes())
        out(f"schema.json {'written' if written else 'unchanged'}")
        return EXIT_OK
    wanted = {p.strip() for p in args.providers.split(",")} if args.providers else None
    unknown = (wanted or set()) - set(merge.PROVIDER_NAMES)
    if unknown:
        known = ", ".join(merge.PROVIDER_NAMES)
        out(f"unknown provider(s): {', '.join(sorted(unknown))}; known: {known}")
        return EXIT_USAGE
    try:
        client = HttpClient(replay=args.replay, record=args.record)
    except HttpError as exc:
        out(str(exc))
        return EXIT_USAGE
    results, runs = _fetch_all(client, out)
    if not results:
        out("every source failed; nothing written, the last known good data stays")
        return EXIT_ALL_FAILED
    curated_results = curated.load()
    previous = datafiles.read_previous(args.out)
    presence: dict[str, history.Presence] = {}
    for document in previous.values():
        for model in document.models:
            life = model.lifecycle
            if life.first_seen and life.last_seen:
                presence[model.key] = history.Presence(life.first_seen, life.last_seen)
    dropped: list[SourceResult] = []
    recorded_changes: dict[str, list[Change]] = {}
    if args.history is not None:
        snapshots = history.load_snapshots(args.history)
        dropped = history.replay_snapshots(snapshots, presence)
        recorded_changes = history.snapshot_changes(snapshots)
        report = _history_report(recorded_changes)
        datafiles.write_atomic(args.report.with_name("history.md"), report)
    history.observe(presence, results)
    as_of = max(r.retrieved for r in results)
    kinds = {info.name: info.kind for info, _ in FETCHERS}
    tagged: list[tuple[SourceResult, str]] = [(r, kinds[r.source]) for r in results]
    tagged += [(r, "curated") for r in curated_results]
    tagged += [(r, "history") for r in dropped]
    merged = merge.merge(tagged, presence, as_of)
    covered = {o.provider for r in results for o in r.observations}
    _carry_over(previous, merged, covered, {r.source for r in results})
    before = {m.key: m for document in previous.values() for m in document.models}
    for provider, provider_models in merged.models.items():
        merged.models[provider] = history.attach(provider_models, recorded_changes, before, as_of)
    schema: dict[str, Any] = msgspec.json.decode(SCHEMA_PATH.read_bytes())
    files: dict[str, ProviderFile] = {}
    problems: list[str] = []
    held: list[guards.HoldBack] = []
    for provider in sorted(merge.PROVIDER_NAMES):
        if wanted is not None and provider not in wanted and provider in previous:
            files[provider] = previous[provider]
            continue
        models: list[Model] = merged.models.get(provider, [])
        if not models:
            continue
        if not args.accept_changes and provider in previous:
            models, holds = guards.hold_back(provider, list(previous[provider].models), models)
            held += holds
        document = datafiles.provider_document(provider, models, merged.sources.get(provider, {}))
        problems += guards.validate(
            provider, msgspec.json.decode(datafiles.encode(document)), schema
        )
        files[provider] = document
    if problems:
        out(f"validation failed ({len(problems)} problems); nothing written:")
        for problem in problems[:50]:
            out(f"  {problem[:300]}")
        return EXIT_INVALID
    _write(args, files, merged, previous, runs, held, out)
    return EXIT_OK


def _write(
    args: argparse.Namespace,
    files: dict[str, ProviderFile],
    merged: merge.MergeResult,
    previous: dict[str, ProviderFile],
    runs: list[SourceRun],
    held: list[guards.HoldBack],
    out: Callable[[str], None],
) -> None:
    written = 0
    for provider, document in files.items():
        written += datafiles.write_atomic(args.out / f"{provider}.json", datafiles.encode(document))
    index = datafiles.build_index(files, merge.PROVIDER_NAMES)
    written += datafiles.write_atomic(args.out / "index.json", datafiles.encode(index))
    datafiles.write_atomic(args.report, _conflicts_report(merged))
    out("")
    out(f"{'source':<18} {'status':<10} {'models':>7} {'seconds':>8}")
    for source_run in runs:
        status = source_run.status.split(":")[0]
        out(f"{source_run.name:<18} {status:<10} {source_run.models:>7} {source_run.seconds:>8.1f}")
    out("")
    out(f"{'provider':<14} {'models':>7} {'added':>6} {'retired':>8} {'changed':>8}")
    for provider, document in files.items():
        added, retired, changed = _diff(previous.get(provider), document)
        out(f"{provider:<14} {len(document.models):>7} {added:>6} {retired:>8} {changed:>8}")
    for hold in held:
        out(f"held back: {hold.provider}: {hold.reason}")
    out(
        f"{written} file(s) written, {len(merged.conflicts)} conflicts in {args.report}, "
        f"{len(held)} change(s) held back"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    args = _parser().parse_args(argv)
    return run(args, print)


if __name__ == "__main__":
    raise SystemExit(main())
