"""What changed between two catalogs, as data and as Markdown release notes.

A model whose only difference is ``lifecycle.last_seen`` has not changed: every nightly run sees the
active models again, and releasing for that alone would ship a release every night. The new date
is committed with the next real change.

Release notes are what downstream bump PRs (Dependabot, Renovate) show, so they lead with what a
user acts on: models added, retired, repriced (old → new), limits and capabilities changed. Each
section is capped, ending in "and N more", so a huge refresh still yields readable notes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import msgspec

from ._fields import FIELDS
from ._types import Model

__all__ = ["CatalogChanges", "as_json", "diff", "render", "transition"]

_PRICES = tuple(
    p.partition(".")[2]
    for p, row in FIELDS.items()
    if p.startswith("pricing.") and row.unit in ("usd_per_mtok", "usd_per_image", "usd_per_request")
)
_LIMITS = tuple(p for p, row in FIELDS.items() if row.guard == "limit")


@dataclass
class CatalogChanges:
    """The differences between two catalogs, each list sorted by model key."""

    added: list[Model] = field(default_factory=list)
    retired: list[Model] = field(default_factory=list)
    unretired: list[Model] = field(default_factory=list)
    deprecated: list[Model] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    repriced: list[tuple[str, str, float | None, float | None]] = field(default_factory=list)
    limits: list[tuple[str, str, int | None, int | None]] = field(default_factory=list)
    capabilities: list[tuple[str, str, object, object]] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when the catalogs hold the same records."""
        return not (
            self.added
            or self.retired
            or self.unretired
            or self.deprecated
            or self.removed
            or self.repriced
            or self.limits
            or self.capabilities
            or self.other
        )


def diff(old: Mapping[str, Model], new: Mapping[str, Model]) -> CatalogChanges:
    """Compare two ``{provider/id: Model}`` mappings."""
    changes = CatalogChanges()
    for key in sorted(new.keys() - old.keys()):
        changes.added.append(new[key])
    changes.removed = sorted(old.keys() - new.keys())
    for key in sorted(old.keys() & new.keys()):
        before, after = old[key], new[key]
        if _comparable(before) == _comparable(after):
            continue
        touched = False
        moved = transition(before, after)
        if moved is not None:
            {
                "retired": changes.retired,
                "unretired": changes.unretired,
                "deprecated": changes.deprecated,
            }[moved].append(after)
            touched = True
        for name in _PRICES:
            was, now = getattr(before.pricing, name), getattr(after.pricing, name)
            if was != now:
                changes.repriced.append((key, name, was, now))
                touched = True
        for name in _LIMITS:
            was, now = getattr(before, name), getattr(after, name)
            if was != now:
                changes.limits.append((key, name, was, now))
                touched = True
        for name in after.capabilities.__struct_fields__:
            was, now = getattr(before.capabilities, name), getattr(after.capabilities, name)
            if was != now:
                changes.capabilities.append((key, name, was, now))
                touched = True
        if not touched:
            changes.other.append(key)
    return changes


Transition = Literal["retired", "unretired", "deprecated"]


def transition(before: Model, after: Model) -> Transition | None:
    """How a record's status moved between two builds, as release notes count it.

    ``retired``: it stopped being served; ``unretired``: a retired record is offered again;
    ``deprecated``: it was announced to stop (it was not deprecated before). Anything else
    (active -> active, deprecated -> active, retired -> retired) is None: not a status change
    the notes report.
    """
    was, now = before.lifecycle.status, after.lifecycle.status
    if now == "retired" and was != "retired":
        return "retired"
    if was == "retired" and now != "retired":
        return "unretired"
    if now == "deprecated" and was != "deprecated":
        return "deprecated"
    return None


def as_json(changes: CatalogChanges) -> dict[str, object]:
    """The changes as plain data for bots and alerts (the same sections as ``render``)."""

    def life(model: Model) -> dict[str, object]:
        lc = model.lifecycle
        return {
            "key": model.key,
            "deprecation_date": lc.deprecation_date,
            "retirement_date": lc.retirement_date,
            "replacement": lc.replacement,
        }

    return {
        "added": [m.key for m in changes.added],
        "retired": [life(m) for m in changes.retired],
        "offered_again": [life(m) for m in changes.unretired],
        "deprecated": [life(m) for m in changes.deprecated],
        "removed": list(changes.removed),
        "repriced": [
            {"key": k, "field": f"pricing.{n}", "old": a, "new": b}
            for k, n, a, b in changes.repriced
        ],
        "limits": [{"key": k, "field": n, "old": a, "new": b} for k, n, a, b in changes.limits],
        "capabilities": [
            {"key": k, "field": f"capabilities.{n}", "old": a, "new": b}
            for k, n, a, b in changes.capabilities
        ],
        "other": list(changes.other),
    }


def _comparable(model: Model) -> Model:
    life = msgspec.structs.replace(model.lifecycle, last_seen=None)
    return msgspec.structs.replace(model, lifecycle=life)


def _price(value: float | None) -> str:
    return "unknown" if value is None else f"${value:g}"


def _capped(title: str, lines: list[str], limit: int) -> list[str]:
    if not lines:
        return []
    shown = [*lines[:limit]]
    if len(lines) > limit:
        shown.append(f"- and {len(lines) - limit} more")
    return [f"### {title} ({len(lines)})", "", *shown, ""]


def _lifecycle_line(model: Model, change: str) -> str:
    life = model.lifecycle
    dates = [
        f"{label} {value}"
        for label, value in (
            ("deprecated on", life.deprecation_date),
            ("retires on" if change != "retired" else "retired on", life.retirement_date),
            ("last seen", life.last_seen),
            ("replacement", life.replacement),
        )
        if value
    ]
    return f"- `{model.key}` {change}" + (f" ({', '.join(dates)})" if dates else "")


def render(changes: CatalogChanges, limit: int = 25) -> str:
    """Markdown notes for a release: each section capped at ``limit`` lines.

    Every count in the headline is the number of models in its section.
    """
    if changes.empty:
        return "No catalog changes.\n"
    repriced: dict[str, list[str]] = {}
    for key, name, was, now in changes.repriced:
        repriced.setdefault(key, []).append(f"{name}: {_price(was)} → {_price(now)}")
    lifecycle = (
        [_lifecycle_line(m, "retired") for m in changes.retired]
        + [_lifecycle_line(m, "is offered again") for m in changes.unretired]
        + [_lifecycle_line(m, "deprecated") for m in changes.deprecated]
    )
    counts = [
        f"{len(changes.added)} added",
        f"{len(changes.retired)} retired",
        f"{len(changes.unretired)} offered again",
        f"{len(changes.deprecated)} deprecated",
        f"{len(repriced)} repriced",
    ]
    out = [f"Catalog update: {', '.join(counts)}.", ""]
    out += _capped(
        "Added",
        [f"- `{m.key}`" + (f" ({m.name})" if m.name else "") for m in changes.added],
        limit,
    )
    out += _capped("Lifecycle (retired, offered again, deprecated)", lifecycle, limit)
    out += _capped(
        "Repriced (USD per 1M tokens)",
        [f"- `{k}` {'; '.join(lines)}" for k, lines in sorted(repriced.items())],
        limit,
    )
    out += _capped(
        "Limits changed",
        [
            f"- `{k}` {name}: {'unknown' if a is None else f'{a:,}'} → "
            f"{'unknown' if b is None else f'{b:,}'}"
            for k, name, a, b in changes.limits
        ],
        limit,
    )
    out += _capped(
        "Capabilities changed",
        [f"- `{k}` {name}: {a} → {b}" for k, name, a, b in changes.capabilities],
        limit,
    )
    out += _capped("Removed from the data files", [f"- `{k}`" for k in changes.removed], limit)
    out += _capped(
        "Other fields changed (names, dates, provenance)",
        [f"- `{k}`" for k in changes.other],
        limit,
    )
    return "\n".join(out).rstrip() + "\n"
