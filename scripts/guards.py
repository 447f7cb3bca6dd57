"""Checks between merge and write: validation errors stop the run, suspicious moves are held.

``validate`` finds what must never ship (schema violations, negative prices, non-positive limits,
duplicate ids, aliases that collide). ``hold_back`` compares a provider's new records with the last
known good ones and keeps the old data where a change looks like a broken source rather than news:
the provider shrinking by more than 20%, a model's limit shrinking, or a price moving more than 10x.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jsonschema
import msgspec

from model_catalog import Model

__all__ = ["MAX_PRICE_FACTOR", "MAX_SHRINK", "HoldBack", "hold_back", "validate"]

MAX_SHRINK = 0.20
MAX_PRICE_FACTOR = 10.0
_PRICE_FIELDS = ("input", "output", "cache_read", "cache_write")


@dataclass(frozen=True)
class HoldBack:
    """A change that was not applied, and why."""

    provider: str
    reason: str


def validate(provider: str, document: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    """Every problem in one provider file (as plain JSON), each naming the model."""
    problems = [
        f"{provider}: schema: {error.json_path}: {error.message}"
        for error in jsonschema.Draft202012Validator(schema).iter_errors(document)
    ]
    if problems:
        return problems
    models = msgspec.convert(document["models"], list[Model])
    seen: set[str] = set()
    ids = {m.id for m in models}
    aliases: dict[str, str] = {}
    for model in models:
        if model.id in seen:
            problems.append(f"{model.key}: duplicate id")
        seen.add(model.id)
        for name in model.pricing.__struct_fields__:
            value = getattr(model.pricing, name)
            if isinstance(value, float) and value < 0:
                problems.append(f"{model.key}: negative price pricing.{name}={value}")
        for tier in model.pricing.tiers:
            for name in _PRICE_FIELDS:
                value = getattr(tier, name)
                if value is not None and value < 0:
                    problems.append(f"{model.key}: negative tier price {name}={value}")
        for name in ("context_window", "max_output_tokens"):
            value = getattr(model, name)
            if value is not None and value <= 0:
                problems.append(f"{model.key}: {name} must be positive, got {value}")
        for alias in model.aliases:
            if alias in ids:
                problems.append(f"{model.key}: alias {alias!r} is another model's id")
            elif alias in aliases:
                problems.append(f"{model.key}: alias {alias!r} also used by {aliases[alias]}")
            aliases[alias] = model.key
    return problems


def _price_jump(old: float | None, new: float | None) -> bool:
    if old is None or new is None or old == new:
        return False
    if old == 0 or new == 0:
        return False  # free <-> paid is a real change, not a unit slip
    return max(old, new) / min(old, new) > MAX_PRICE_FACTOR


def hold_back(
    provider: str, old: list[Model], new: list[Model]
) -> tuple[list[Model], list[HoldBack]]:
    """The records to write for ``provider`` and the changes held back."""
    if not old:
        return new, []
    old_active = [m for m in old if m.lifecycle.status != "retired"]
    new_active = [m for m in new if m.lifecycle.status != "retired"]
    if old_active and len(new_active) < len(old_active) * (1 - MAX_SHRINK):
        shrink = (
            f"active models would drop from {len(old_active)} to {len(new_active)} "
            f"(more than {MAX_SHRINK:.0%}); kept the last known good data"
        )
        return old, [HoldBack(provider, shrink)]
    previous = {m.id: m for m in old}
    kept: list[Model] = []
    held: list[HoldBack] = []
    for model in new:
        before = previous.get(model.id)
        reason = _suspicious(before, model) if before is not None else None
        if before is None or reason is None:
            kept.append(model)
        else:
            kept.append(before)
            held.append(HoldBack(provider, f"{model.key}: {reason}; kept the previous record"))
    return kept, held


def _suspicious(before: Model, after: Model) -> str | None:
    for name in ("context_window", "max_output_tokens"):
        old, new = getattr(before, name), getattr(after, name)
        if old is not None and new is not None and new < old:
            return f"{name} would shrink from {old:,} to {new:,}"
    for name in _PRICE_FIELDS:
        old, new = getattr(before.pricing, name), getattr(after.pricing, name)
        if _price_jump(old, new):
            return f"pricing.{name} would move more than {MAX_PRICE_FACTOR:g}x ({old} -> {new})"
    return None
