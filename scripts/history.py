"""First/last-seen dates and retirements, from dated snapshots and from today's sources.

Replaying the dated copies of LiteLLM's cost map in date order tells when each model was first
and last listed. A model that a later snapshot stopped listing, and that no source dated on or
after that drop lists, is retired: an older list that still shows it is older evidence, not a
contradiction. Its last listed values are kept, ranked below every current source. Dates are when
a snapshot was published, so they mean "observed by", never "effective from".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import msgspec

from model_catalog import Change, Model

from .sources import SourceError, SourceResult, litellm

__all__ = [
    "TRACKED",
    "Presence",
    "attach",
    "load_snapshots",
    "observe",
    "replay_snapshots",
    "snapshot_changes",
]

_SNAPSHOT_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})_litellm-([0-9.]+)\.json$")


@dataclass(frozen=True)
class Presence:
    """When a ``provider/id`` was first and last listed by any recorded source."""

    first_seen: str
    last_seen: str
    dropped_on: str | None = None
    """Date of the first snapshot that stopped listing it (None while still listed)."""


TRACKED = ("pricing.input", "pricing.output", "context_window", "max_output_tokens")
"""The fields whose changes are kept in each record's ``history``."""


def _get(model: Model, path: str) -> float | None:
    head, _, tail = path.partition(".")
    value = getattr(model.pricing, tail) if tail else getattr(model, head)
    return None if value is None else float(value)


def snapshot_changes(snapshots: list[SourceResult]) -> dict[str, list[Change]]:
    """Every change of a tracked field between consecutive snapshots, per key, oldest first."""
    changes: dict[str, list[Change]] = {}
    previous: dict[tuple[str, str], float] = {}
    for snapshot in sorted(snapshots, key=lambda r: r.retrieved):
        current: dict[tuple[str, str], float] = {}
        for obs in snapshot.observations:
            key = f"{obs.provider}/{obs.id}"
            for field in TRACKED:
                value = obs.values.get(field)
                if isinstance(value, (int, float)) and (key, field) not in current:
                    current[(key, field)] = float(value)
        for (key, field), value in sorted(current.items()):
            old = previous.get((key, field))
            if old is not None and old != value:
                change = Change(
                    field=field,
                    observed=snapshot.retrieved,
                    old=old,
                    new=value,
                    source=snapshot.source,
                )
                changes.setdefault(key, []).append(change)
        previous.update(current)
    return changes


def attach(
    models: list[Model],
    recorded: dict[str, list[Change]],
    previous: dict[str, Model],
    as_of: str,
) -> list[Model]:
    """Give each record its history: earlier history, snapshot changes, and today's change."""
    out = []
    for model in models:
        before = previous.get(model.key)
        entries = {(c.field, c.observed): c for c in (before.history if before else ())}
        for change in recorded.get(model.key, ()):
            entries.setdefault((change.field, change.observed), change)
        if before is not None:
            for field in TRACKED:
                old, new = _get(before, field), _get(model, field)
                if old is not None and new is not None and old != new:
                    source = model.provenance.get(field, "")
                    entries.setdefault(
                        (field, as_of),
                        Change(field=field, observed=as_of, old=old, new=new, source=source),
                    )
        history = tuple(sorted(entries.values(), key=lambda c: (c.observed, c.field)))
        out.append(
            msgspec.structs.replace(model, history=history) if history != model.history else model
        )
    return out


def load_snapshots(directory: Path) -> list[SourceResult]:
    """Parse every ``<date>_litellm-<version>.json`` in ``directory``, oldest first."""
    results = []
    for path in sorted(directory.iterdir()):
        match = _SNAPSHOT_NAME.match(path.name)
        if match is None:
            continue
        day, version = match.groups()
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise SourceError(f"litellm {version}", f"cannot read snapshot {path}: {exc}") from exc
        parsed = litellm.parse(data, day)
        results.append(
            SourceResult(
                source=f"litellm {version}",
                url=f"https://pypi.org/project/litellm/{version}/",
                retrieved=day,
                observations=parsed.observations,
            )
        )
    return results


def observe(presence: dict[str, Presence], results: list[SourceResult]) -> None:
    """Widen ``presence`` with every observation in ``results`` (dated by ``retrieved``)."""
    for result in results:
        day = result.retrieved
        for obs in result.observations:
            key = f"{obs.provider}/{obs.id}"
            seen = presence.get(key)
            if seen is None:
                presence[key] = Presence(day, day)
            else:
                presence[key] = Presence(
                    min(seen.first_seen, day), max(seen.last_seen, day), seen.dropped_on
                )


def replay_snapshots(
    snapshots: list[SourceResult], presence: dict[str, Presence]
) -> list[SourceResult]:
    """Record presence from ``snapshots``; return the last listing of each model they dropped.

    The returned results hold, per snapshot, only the models whose last listing it was and that
    the newest snapshot no longer lists; the merge keeps them as retired records unless a current
    source still lists them.
    """
    if not snapshots:
        return []
    ordered = sorted(snapshots, key=lambda r: r.retrieved)
    observe(presence, ordered)
    newest = {f"{o.provider}/{o.id}" for o in ordered[-1].observations}
    last_listing: dict[str, int] = {}
    for position, snapshot in enumerate(ordered):
        for obs in snapshot.observations:
            last_listing[f"{obs.provider}/{obs.id}"] = position
    # A provider the newest snapshot does not cover at all was dropped by the source, not by the
    # provider: its models' absence says nothing.
    covered = {o.provider for o in ordered[-1].observations}
    for key, position in last_listing.items():
        if key not in newest and key.partition("/")[0] in covered:
            seen = presence[key]
            presence[key] = Presence(
                seen.first_seen, seen.last_seen, ordered[position + 1].retrieved
            )
    dropped = []
    for position, snapshot in enumerate(ordered[:-1]):
        kept = [
            obs
            for obs in snapshot.observations
            if f"{obs.provider}/{obs.id}" not in newest
            and last_listing[f"{obs.provider}/{obs.id}"] == position
        ]
        if kept:
            dropped.append(SourceResult(snapshot.source, snapshot.url, snapshot.retrieved, kept))
    return dropped
