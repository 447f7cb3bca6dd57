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

import msgspec

from model_catalog import Model

__all__ = ["CatalogChanges", "diff", "render"]

_PRICES = ("input", "output", "cache_read", "cache_write")
_LIMITS = ("context_window", "max_output_tokens")


@dataclass
class CatalogChanges:
    """The differences between two catalogs, each list sorted by model key."""

    added: list[Model] = field(default_factory=list)
    retired: list[Model] = field(default_factory=list)
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
        if after.lifecycle.status == "retired" and before.lifecycle.status != "retired":
            changes.retired.append(after)
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


def render(changes: CatalogChanges, limit: int = 25) -> str:
    """Markdown notes for a release: each section capped at ``limit`` lines."""
    if changes.empty:
        return "No catalog changes.\n"
    counts = [
        f"{len(changes.added)} added",
        f"{len(changes.retired)} retired",
        f"{len({k for k, *_ in changes.repriced})} repriced",
    ]
    out = [f"Catalog update: {', '.join(counts)}.", ""]
    out += _capped(
        "Added",
        [f"- `{m.key}`" + (f" ({m.name})" if m.name else "") for m in changes.added],
        limit,
    )
    out += _capped(
        "Retired",
        [f"- `{m.key}` (last seen {m.lifecycle.last_seen or 'unknown'})" for m in changes.retired],
        limit,
    )
    out += _capped(
        "Repriced (USD per 1M tokens)",
        [f"- `{k}` {name}: {_price(a)} → {_price(b)}" for k, name, a, b in changes.repriced],
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
