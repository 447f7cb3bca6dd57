"""Where a change is held: checks between the merge and the data files.

Two kinds of check, both driven by the field table (``model_catalog/_fields.py``):

- ``validate`` finds what must never ship (schema violations, negative prices, non-positive
  limits, duplicate ids, aliases that collide); it stops the run and nothing is written.
- ``hold_back`` compares the new records with the last written ones and keeps the old value where a
  change looks like a broken source rather than news. It holds, field by field: a price (any
  ``guard="price"`` field, tier prices included) moving ``MAX_PRICE_FACTOR`` times or more either
  way, or vanishing; a limit shrinking or vanishing; more than ``MAX_STATUS_FLIPS`` models retired
  or brought back by one source's listing in one run; and a new model priced ``FAR_ABOVE`` times
  above every model of its kind. Each hold names the key and field; ``--accept KEY`` applies them.

Whether a source's answer is credible at all (not empty, not shrunk past its own limit) is checked
before it reaches the evidence store: ``scripts/refresh.py``, ``answer_problem``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import jsonschema
import msgspec

from model_catalog import Model
from model_catalog._fields import LIMITS, PRICES, TIER_PRICES
from model_catalog._types import dec_hook, enc_hook

from .merge import Observation

__all__ = [
    "FAR_ABOVE",
    "MAX_PRICE_FACTOR",
    "MAX_STATUS_FLIPS",
    "Hold",
    "hold_back",
    "validate",
    "validator",
]

MAX_PRICE_FACTOR = 10.0
MAX_STATUS_FLIPS = 5
FAR_ABOVE = 5.0


@dataclass(frozen=True)
class Hold:
    """A change that was not applied: which record (or source), which field, and why."""

    key: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.key} {self.field}: {self.reason}"


def _get(record: dict[str, Any], path: str) -> Any:
    head, _, tail = path.partition(".")
    value = record.get(head)
    if tail:
        return value.get(tail) if isinstance(value, dict) else None
    return value


def _set(record: dict[str, Any], path: str, value: Any) -> None:
    head, _, tail = path.partition(".")
    if not tail:
        if value is None:
            record.pop(head, None)
        else:
            record[head] = value
        return
    inner = record.setdefault(head, {})
    if value is None:
        inner.pop(tail, None)
    else:
        inner[tail] = value


def _price_problem(old: Any, new: Any) -> str | None:
    if old is None:
        return None
    if new is None:
        return f"would vanish (was {old:g})"
    if old != new and old > 0 and new > 0 and max(old, new) / min(old, new) >= MAX_PRICE_FACTOR:
        return f"would move {max(old, new) / min(old, new):g}x ({old:g} -> {new:g})"
    return None


def _tier_prices(tiers: Any) -> dict[str, float]:
    flat = {}
    for tier in tiers or ():
        for name in TIER_PRICES:
            if tier.get(name) is not None:
                flat[f"above {tier['above_input_tokens']:,} {name}"] = tier[name]
    return flat


def _field_problems(old: dict[str, Any], new: dict[str, Any]) -> dict[str, str]:
    problems: dict[str, str] = {}
    for path in PRICES:
        reason = _price_problem(_get(old, path), _get(new, path))
        if reason:
            problems[path] = reason
    before = _tier_prices(_get(old, "pricing.tiers"))
    after = _tier_prices(_get(new, "pricing.tiers"))
    reasons = [
        f"{name} {reason}"
        for name, value in sorted(before.items())
        if (reason := _price_problem(value, after.get(name)))
    ]
    if reasons:
        problems["pricing.tiers"] = "; ".join(reasons)
    for path in LIMITS:
        was, now = _get(old, path), _get(new, path)
        if was is not None and now is None:
            problems[path] = f"would vanish (was {was:,})"
        elif was is not None and now < was:
            problems[path] = f"would shrink from {was:,} to {now:,}"
    return problems


def _status_flips(
    old: Mapping[str, Model], new: list[Model], existence: Mapping[str, Observation]
) -> dict[str, str]:
    """Keys whose retirement a source's listing flipped, if too many for one source: reasons."""
    flips: dict[str, list[str]] = {}
    for model in new:
        before = old.get(model.key)
        decided = existence.get(model.key)
        if before is None or decided is None:
            continue
        was = before.lifecycle.status == "retired"
        now = model.lifecycle.status == "retired"
        by_listing = (now and decided.value is False) or (was and not now and decided.value)
        if was != now and by_listing:
            flips.setdefault(decided.source, []).append(model.key)
    held = {}
    for source, keys in flips.items():
        if len(keys) > MAX_STATUS_FLIPS:
            for key in keys:
                held[key] = (
                    f"{source} would retire or bring back {len(keys)} models in one run "
                    f"(more than {MAX_STATUS_FLIPS})"
                )
    return held


def _ceilings(old: Mapping[str, Model]) -> dict[tuple[str | None, str], float]:
    ceilings: dict[tuple[str | None, str], float] = {}
    for model in old.values():
        record = msgspec.to_builtins(model, enc_hook=enc_hook)
        for path in PRICES:
            value = _get(record, path)
            if value is not None:
                for kind in (model.kind, None):
                    ceilings[(kind, path)] = max(ceilings.get((kind, path), 0.0), value)
    return ceilings


def hold_back(
    old: Mapping[str, Model],
    new: list[Model],
    existence: Mapping[str, Observation],
    accept: Collection[str] = (),
    *,
    accept_all: bool = False,
) -> tuple[list[Model], list[Hold]]:
    """The records to write and the holds; ``old`` holds every previously written record."""
    if accept_all or not old:
        return new, []
    flips = _status_flips(old, new, existence)
    ceilings = _ceilings(old)
    kept: list[Model] = []
    holds: list[Hold] = []
    for model in new:
        if model.key in accept:
            kept.append(model)
            continue
        before = old.get(model.key)
        if before == model:  # unchanged: nothing to hold
            kept.append(model)
            continue
        record = msgspec.to_builtins(model, enc_hook=enc_hook)
        if before is None:
            far = _far_above(record, model.kind, ceilings)
            if far:
                holds.append(Hold(model.key, far[0], f"new model {far[1]}; not added"))
            else:
                kept.append(model)
            continue
        if model.key in flips:  # the listing change is what is held: the record stays whole
            change = f"{before.lifecycle.status} -> {model.lifecycle.status}"
            holds.append(Hold(model.key, "lifecycle.status", f"{change}: {flips[model.key]}"))
            kept.append(before)
            continue
        previous = msgspec.to_builtins(before, enc_hook=enc_hook)
        problems = _field_problems(previous, record)
        if not problems:
            kept.append(model)
            continue
        for path, reason in sorted(problems.items()):
            holds.append(Hold(model.key, path, reason))
            _set(record, path, _get(previous, path))
            provenance = record.setdefault("provenance", {})
            if path in before.provenance:
                provenance[path] = before.provenance[path]
            else:
                provenance.pop(path, None)
        # A held value is not history yet: keep only the changes of held fields already written.
        known = previous.get("history", [])
        record["history"] = [
            c for c in record.get("history", []) if c["field"] not in problems or c in known
        ]
        kept.append(msgspec.convert(record, Model, dec_hook=dec_hook))
    return kept, holds


def _far_above(
    record: dict[str, Any], kind: str | None, ceilings: Mapping[tuple[str | None, str], float]
) -> tuple[str, str] | None:
    for path in PRICES:
        value = _get(record, path)
        ceiling = ceilings.get((kind, path)) or ceilings.get((None, path))
        if value is not None and ceiling and value > FAR_ABOVE * ceiling:
            return path, (
                f"priced {value:g}, more than {FAR_ABOVE:g}x the highest {path} of any "
                f"{kind or ''} model so far ({ceiling:g})".replace("  ", " ")
            )
    return None


def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    """A validator for ``schema.json``, built once per run."""
    return jsonschema.Draft202012Validator(schema)


def validate(
    provider: str, document: dict[str, Any], schema: jsonschema.Draft202012Validator
) -> list[str]:
    """Every problem in one provider file (as plain JSON), each naming the model."""
    problems = [
        f"{provider}: schema: {error.json_path}: {error.message}"
        for error in schema.iter_errors(document)
    ]
    if problems:
        return problems
    seen: set[str] = set()
    ids = {m["id"] for m in document["models"]}
    aliases: dict[str, str] = {}
    for model in document["models"]:
        key = f"{provider}/{model['id']}"
        if model["id"] in seen:
            problems.append(f"{key}: duplicate id")
        seen.add(model["id"])
        for path in PRICES:
            value = _get(model, path)
            if value is not None and value < 0:
                problems.append(f"{key}: negative price {path}={value}")
        for name, value in _tier_prices(_get(model, "pricing.tiers")).items():
            if value < 0:
                problems.append(f"{key}: negative tier price {name}={value}")
        for path in LIMITS:
            value = _get(model, path)
            if value is not None and value <= 0:
                problems.append(f"{key}: {path} must be positive, got {value}")
        for alias in model.get("aliases", ()):
            if alias in ids:
                problems.append(f"{key}: alias {alias!r} is another model's id")
            elif alias in aliases:
                problems.append(f"{key}: alias {alias!r} also used by {aliases[alias]}")
            aliases[alias] = key
    return problems
