"""Where an answer or a change is held: the checks before the evidence and before the data.

Three kinds of check, all driven by the field table (``model_catalog/_fields.py``):

- ``check_answer`` decides whether one source's answer is a credible claim before it is folded
  into the evidence store: not dated after the run's own UTC date, not older than the source's
  newest folded answer (unless the run is an explicit ``--backfill``), not too small, no mass of
  ids listed twice with different values, no mass of ids that only change letter case, not
  shrunk past the source's limit, and no mass of its stated prices moving or vanishing at once.
  A refused answer (``failed``) is not folded; a held one (``held``) is folded with ``--accept
  SOURCE``. The limits are measured on the recorded answers (see each constant).
- ``validate`` finds what must never ship (schema violations, negative prices, non-positive
  limits, duplicate ids, aliases that collide); it stops the run and nothing is written.
- ``hold_back`` compares the new records with the last written ones and keeps the old value where a
  change looks like a broken source rather than news. It holds, field by field: a price (any
  ``guard="price"`` field, tier prices included) moving ``MAX_PRICE_FACTOR`` times or more either
  way (compared exactly: 0.7 -> 0.07 is 10x), or vanishing; a limit shrinking or vanishing; a
  history entry that is new or changed and moves a price as far; more than ``MAX_STATUS_FLIPS``
  models retired or brought back by one source's listing in one run; a retirement that rests on
  one answer's silence while another source listed the model within days (it waits for the
  source's next answer, ``lifecycle.unconfirmed_absence``); a new model priced
  ``FAR_ABOVE`` times above every model of its kind; and a record that would be removed (no
  record ever leaves the catalog: a retired model stays answerable). Each hold names the key and
  field; ``--accept KEY`` applies them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import jsonschema
import msgspec

from model_catalog import Model
from model_catalog._fields import LIMITS, PRICES, TIER_PRICES
from model_catalog._types import dec_hook, enc_hook

from .evidence import conflicting_keys
from .merge import Observation

if TYPE_CHECKING:
    from .evidence import Timeline
    from .sources import SourceInfo, SourceResult

__all__ = [
    "FAR_ABOVE",
    "FEW_MODELS",
    "MAX_PRICE_FACTOR",
    "MAX_PRICE_MOVES",
    "MAX_STATUS_FLIPS",
    "Hold",
    "Verdict",
    "check_answer",
    "hold_back",
    "validate",
    "validator",
]

MAX_PRICE_FACTOR = 10
MAX_STATUS_FLIPS = 5
FAR_ABOVE = 5.0
FEW_MODELS = 5
"""An answer may change this many models at once whatever its size (Anthropic's list went from
11 to 8 on 2025-07-30, when three models were retired): the share limits are for long lists."""
MAX_PRICE_MOVES = 0.5
"""Share of the models a source priced in its last answer whose input or output price may move
(by more than 5%) or vanish in one answer. The most seen between two recorded answers is 20%
(OpenRouter, 2025-09-24 -> 2025-11-03); a broken price parser moves nearly all of them."""
HEADLINE_PRICES = ("pricing.input", "pricing.output")

Outcome = Literal["ok", "failed", "held"]
Verdict = tuple[Outcome, str]
"""``("ok", "")``, or ``failed``/``held`` and why, naming the source and the dates compared."""


def check_answer(
    info: SourceInfo, timeline: Timeline, result: SourceResult, *, today: str, backfill: bool
) -> Verdict:
    """Whether one answer may be folded into the evidence store (see the module docstring)."""
    date = result.retrieved
    newest = timeline.latest
    if date > today:
        return "failed", f"dated {date}, after the run's own date {today} (UTC)"
    if newest is not None and date < newest.date and not backfill:
        return "failed", (
            f"dated {date}, before its newest folded answer ({newest.date}); "
            "fold history with --backfill"
        )
    keys = {f"{o.provider}/{o.id}" for o in result.observations}
    count = len(keys)
    if count < info.min_models:
        return "failed", f"answered {count} models, fewer than the {info.min_models} it must list"
    conflicts = conflicting_keys(result)
    if len(conflicts) > FEW_MODELS:
        return "failed", (
            f"lists {len(conflicts)} models more than once with different values "
            f"(e.g. {', '.join(conflicts[:3])})"
        )
    before = timeline.last_good(date)
    if before is None:
        return "ok", ""
    previous = timeline.states_on(before.date)
    folded = {key.casefold(): key for key in previous if key not in keys}
    renamed = sorted(key for key in keys - previous.keys() if key.casefold() in folded)
    if len(renamed) > FEW_MODELS:
        return "held", (
            f"spells {len(renamed)} ids it listed on {before.date} in another letter case "
            f"(e.g. {folded[renamed[0].casefold()]} -> {renamed[0]})"
        )
    lost = before.models - count
    if lost > before.models * info.max_shrink and lost > FEW_MODELS:
        return "held", (
            f"answered {count} models, {lost / before.models:.0%} fewer than its last good "
            f"answer ({before.models} on {before.date}; limit {info.max_shrink:.0%} and "
            f"{FEW_MODELS} models)"
        )
    return _price_moves(result, previous, before.date)


def _price_moves(result: SourceResult, previous: Mapping[str, Any], since: str) -> Verdict:
    now: dict[str, dict[str, Any]] = {}
    for obs in result.observations:
        now.setdefault(f"{obs.provider}/{obs.id}", dict(obs.values))
    priced = moved = 0
    for key, state in previous.items():
        stated = {p: state[p] for p in HEADLINE_PRICES if state.get(p) is not None}
        if not stated or key not in now:
            continue
        priced += 1
        if any(_moved(value, now[key].get(path)) for path, value in stated.items()):
            moved += 1
    if moved > priced * MAX_PRICE_MOVES and moved > FEW_MODELS:
        return "held", (
            f"moves or drops the input or output price of {moved} of the {priced} models it "
            f"priced on {since} (limit {MAX_PRICE_MOVES:.0%} and {FEW_MODELS} models)"
        )
    return "ok", ""


def _moved(was: float, now: float | None) -> bool:
    return now is None or abs(now - was) > 0.05 * abs(was)


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
    if old != new and old > 0 and new > 0 and _factor(old, new) >= MAX_PRICE_FACTOR:
        return f"would move {float(_factor(old, new)):g}x ({old:g} -> {new:g})"
    return None


def _factor(a: float, b: float) -> Fraction:
    """How far apart two prices are, exactly.

    Prices are decimals written as floats, so each is read as the shortest decimal that prints
    it: 0.07 is 7/100, and 0.7 against 0.07 is exactly 10 (as floats, 0.7 / 0.07 < 10).
    """
    high, low = Fraction(repr(max(a, b))), Fraction(repr(min(a, b)))
    return high / low


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


def _unconfirmed_retirements(
    old: Mapping[str, Model], new: list[Model], unconfirmed: Mapping[str, str]
) -> dict[str, str]:
    """Keys one answer's silence would retire while another source still listed them: reasons."""
    held = {}
    for model in new:
        before = old.get(model.key)
        if (
            model.key in unconfirmed
            and before is not None
            and model.lifecycle.status == "retired"
            and before.lifecycle.status != "retired"
        ):
            held[model.key] = unconfirmed[model.key]
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
    unconfirmed: Mapping[str, str] | None = None,
) -> tuple[list[Model], list[Hold]]:
    """The records to write and the holds; ``old`` holds every previously written record.

    ``unconfirmed``: per key, why the silence that retires it waits for a second answer
    (``MergeResult.unconfirmed_absences``).
    """
    if accept_all or not old:
        return new, []
    status_holds = _status_flips(old, new, existence) | _unconfirmed_retirements(
        old, new, unconfirmed or {}
    )
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
        if model.key in status_holds:  # the listing change is what is held: the record stays whole
            change = f"{before.lifecycle.status} -> {model.lifecycle.status}"
            holds.append(
                Hold(model.key, "lifecycle.status", f"{change}: {status_holds[model.key]}")
            )
            kept.append(before)
            continue
        previous = msgspec.to_builtins(before, enc_hook=enc_hook)
        problems = _field_problems(previous, record)
        past = {
            path: reason
            for path, reason in _history_problems(
                previous.get("history", []), record.get("history", [])
            ).items()
            if path not in problems  # today's value is held, and its new history with it
        }
        for path, reason in sorted(past.items()):
            holds.append(Hold(model.key, f"history {path}", reason))
        if past:  # the written history of those fields stands
            kept_history = [c for c in record.get("history", []) if c["field"] not in past]
            kept_history += [c for c in previous.get("history", []) if c["field"] in past]
            record["history"] = sorted(kept_history, key=lambda c: (c["observed"], c["field"]))
        if not problems and not past:
            kept.append(model)
            continue
        if not problems:
            kept.append(msgspec.convert(record, Model, dec_hook=dec_hook))
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
    written = {m.key for m in kept} | {h.key for h in holds}
    for key in sorted(old.keys() - written):
        holds.append(Hold(key, "record", "would be removed: no record leaves the catalog"))
        kept.append(old[key])
    return kept, holds


def _history_problems(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> dict[str, str]:
    """Fields whose new or changed history entries move a price too far.

    A wrong value in the evidence for a past day is held like a wrong value for today.
    """
    problems: dict[str, str] = {}
    for change in after:
        if change in before or change["field"] not in PRICES:
            continue
        reason = _price_problem(change.get("old"), change.get("new"))
        if reason and change.get("new") is not None:
            problems.setdefault(change["field"], f"{change['observed']}: {reason}")
    return problems


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


class Schema:
    """``schema.json`` as a validator of provider files, record by record.

    A file is valid when its envelope (the file with no records) and each of its records are:
    exactly the file schema, whose ``models`` are ``items: {$ref: Model}``. A record that passed
    once in this process is not checked again, since validity is a pure function of the schema
    and the record's bytes: a run that rewrites a file re-checks only its new records, and a
    process that validates the same data many times (the test suite's runs) pays once.
    """

    def __init__(self, schema: dict[str, Any]) -> None:
        self.file = jsonschema.Draft202012Validator(schema)
        self.record = jsonschema.Draft202012Validator({**schema, "$ref": "#/$defs/Model"})
        self.passed: set[bytes] = set()

    def errors(self, document: Any) -> list[tuple[str, str]]:
        """Every schema error of one provider file: (JSON path, message)."""
        models = document.get("models") if isinstance(document, dict) else None
        if not isinstance(models, list):
            return [(e.json_path, e.message) for e in self.file.iter_errors(document)]
        found = [
            (e.json_path, e.message) for e in self.file.iter_errors({**document, "models": []})
        ]
        for index, model in enumerate(models):
            key = msgspec.json.encode(model, order="sorted")
            if key in self.passed:
                continue
            errors = [(e.json_path, e.message) for e in self.record.iter_errors(model)]
            if not errors:
                self.passed.add(key)
            found += [(f"$.models[{index}]{path[1:]}", message) for path, message in errors]
        return found


_SCHEMAS: dict[bytes, Schema] = {}


def validator(schema: dict[str, Any]) -> Schema:
    """The validator of ``schema``: one per distinct schema in a process, with what passed."""
    key = msgspec.json.encode(schema, order="sorted")
    if key not in _SCHEMAS:
        _SCHEMAS[key] = Schema(schema)
    return _SCHEMAS[key]


def validate(provider: str, document: dict[str, Any], schema: Schema) -> list[str]:
    """Every problem in one provider file (as plain JSON), each naming the model."""
    problems = [
        f"{provider}: schema: {path}: {message}" for path, message in schema.errors(document)
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
        for change in model.get("history", ()):
            for side in ("old", "new"):
                value = change.get(side)
                if value is not None and value < 0:
                    problems.append(
                        f"{key}: history {change['field']} {change['observed']}: "
                        f"negative {side} value {value}"
                    )
        for alias in model.get("aliases", ()):
            if alias in ids:
                problems.append(f"{key}: alias {alias!r} is another model's id")
            elif alias in aliases:
                problems.append(f"{key}: alias {alias!r} also used by {aliases[alias]}")
            aliases[alias] = key
    return problems
