"""Where a record is checked as a whole: numbers of one record that must agree with each other.

The merge (``scripts/merge.py``) chooses each field from the evidence; the schema checks each
value alone. These rules check the record, after the guards and before the data files are
validated and written (``scripts/refresh.py``). Every rule lives here, once:

``tier-below-base``
    A long-context tier price is never below the record's base price of the same component,
    unless the very answer that gave the base price gave the tier too (one source's own
    statement): then the tier is kept and ``provenance["pricing.tiers.below_base"]`` names that
    source. Otherwise the tier group is dropped whole (a tier missing one price would bill the
    base price for it): long prompts are then billed at the base price, never below it.
``cache-above-input``
    A cache-read price (standard, flex, priority) is never above the input price of its mode.
    The cache-read price is dropped: cached tokens then raise ``PriceUnknownError`` instead of
    being billed at a price that contradicts the input price.
``limit-above-context``
    ``max_input_tokens`` and ``max_output_tokens`` are within ``context_window`` (the total).
    Of the two contradicting limits the one from the worse-ranked source is dropped (the merge's
    ranks: provider API > curated pages > models.dev > LiteLLM); from sources of the same rank,
    the max limit is dropped and the total stands. A max output with no context window is not a
    violation: unknown stays null.
``kind``
    Every record has a kind. A source's kind stands (``provenance["kind"]`` names it); else the
    first rule of ``KIND_RULES`` that decides gives it, and ``provenance["kind"]`` is
    ``derived:<rule>``; a record no rule decides is ``other`` (``derived:unclassified``).
``alias-lifecycle``
    A record whose id is an alias of another record (the merge dropped that alias from the
    target because it is this record's id) is not more alive than its target: it takes the
    target's status and dates when the target is further along (active < deprecated < retired);
    ``provenance["lifecycle.status"]`` is then ``derived:alias-of <key>``. An alias withdrawn
    while its target is still offered, or one with the same status and other dates, is reported,
    not changed: no sourced date is taken away.

A dropped value also leaves ``provenance`` and ``history`` (a past value of a field the record no
longer states would still be billed by ``cost(at=...)``). Each finding names the record, the
field, the numbers and the sources that disagree; ``markdown`` renders ``reports/invariants.md``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import msgspec

from model_catalog import Model
from model_catalog._fields import TIER_PRICES
from model_catalog._types import dec_hook, enc_hook

from .sources import discover

if TYPE_CHECKING:
    from .merge import MergeResult

__all__ = [
    "BELOW_BASE",
    "CACHE_PAIRS",
    "DERIVED",
    "KIND_RULES",
    "RULES",
    "UNCLASSIFIED",
    "Finding",
    "alias_targets",
    "check",
    "markdown",
    "summary",
]

DERIVED = "derived:"
"""Prefix of a provenance entry the pipeline decided by a rule here, not a source."""
UNCLASSIFIED = "derived:unclassified"
"""Provenance of ``kind`` when no source states one and no rule derives one: ``other``."""
BELOW_BASE = "pricing.tiers.below_base"
"""Provenance key naming the source that states a tier price below the base price."""
CACHE_PAIRS = (
    ("pricing.cache_read", "pricing.input"),
    ("pricing.batch_cache_read", "pricing.batch_input"),
    ("pricing.flex_cache_read", "pricing.flex_input"),
    ("pricing.priority_cache_read", "pricing.priority_input"),
    ("pricing.cache_read_audio", "pricing.audio_input"),
)
"""(cache-read price, the input price of the same mode) pairs."""
LIMIT_PAIRS = ("max_input_tokens", "max_output_tokens")
UNKNOWN_RANK = 1
"""Rank of a source no module declares (the curated pages of scripts/curated/)."""

RULES = {
    "tier-below-base": "long-context tier below the base price",
    "cache-above-input": "cache read above input",
    "limit-above-context": "max limit above the context window",
    "kind": "kind derived (no source states one)",
    "alias-lifecycle": "alias and its target disagree on the lifecycle",
}
"""Every rule, and how the report titles it: a finding of any other rule is an error."""


@dataclass(frozen=True)
class Finding:
    """One rule applied to one record: what was found, what was done, which sources disagree."""

    key: str
    rule: str
    field: str
    action: str
    """``dropped``, ``kept: stated by <source>``, ``derived:<rule>``, ``aligned``, ``reported``."""
    detail: str

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            msg = f"unknown invariant rule {self.rule!r}: not in RULES (scripts/invariants.py)"
            raise KeyError(msg)


def _modalities_kind(model: Model) -> str | None:
    outputs = set(model.output_modalities)
    if "embedding" in outputs:
        return "embedding"
    if "text" in outputs:
        return "chat"  # answers in text, whatever else it also makes or reads
    for kind in ("image", "audio", "video"):
        if outputs == {kind}:
            return kind
    if outputs == {"speech"}:
        return "audio"
    return None


def _listing_kind(model: Model) -> str | None:
    # Anthropic's /v1/models lists Messages API models only: every one of them is a chat model.
    listed_by = model.provenance.get("id", "")
    return "chat" if listed_by.partition(" ")[0] == "anthropic-api" else None


def _dimensions_kind(model: Model) -> str | None:
    return "embedding" if model.capabilities.embedding_dimensions is not None else None


KIND_RULES: tuple[tuple[str, Callable[[Model], str | None]], ...] = (
    ("output-modalities", _modalities_kind),
    ("embedding-dimensions", _dimensions_kind),
    ("anthropic-api-lists-chat", _listing_kind),
)
"""Rules that derive a kind no source states, in order; the first that decides wins."""


@functools.lru_cache(maxsize=1)
def _ranks() -> dict[str, int]:
    return {module.SOURCE.name: module.SOURCE.precedence for module in discover()}


def _rank(cited: str) -> int:
    """The merge's rank of a cited source (``litellm 1.100.0`` is LiteLLM's)."""
    return _ranks().get(cited.partition(" ")[0], UNKNOWN_RANK)


def _cited(provenance: Mapping[str, str], path: str) -> str:
    """The source of ``path``; a status no source stated follows the listing (``id``)."""
    if path == "lifecycle.status" and path not in provenance:
        path = "id"
    return provenance.get(path, "no source")


def _get(record: dict[str, Any], path: str) -> Any:
    head, _, tail = path.partition(".")
    value = record.get(head)
    return value.get(tail) if tail and isinstance(value, dict) else (None if tail else value)


class _Record:
    """A record as plain data while the rules change it."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.data: dict[str, Any] = msgspec.to_builtins(model, enc_hook=enc_hook)
        self.provenance: dict[str, str] = dict(model.provenance.items())
        self.dropped: set[str] = set()
        self.changed = False

    def source(self, path: str) -> str:
        return _cited(self.provenance, path)

    def drop(self, path: str) -> None:
        head, _, tail = path.partition(".")
        if tail:
            self.data.get(head, {}).pop(tail, None)
        else:
            self.data.pop(head, None)
        self.provenance.pop(path, None)
        self.dropped.add(path)
        self.changed = True

    def build(self) -> Model:
        if not self.changed:
            return self.model
        self.data["provenance"] = self.provenance
        self.data["history"] = [
            c for c in self.data.get("history", []) if c["field"] not in self.dropped
        ]
        return msgspec.convert(self.data, Model, dec_hook=dec_hook)


def _tiers(record: _Record) -> list[Finding]:
    tiers = _get(record.data, "pricing.tiers") or []
    tier_source = record.source("pricing.tiers")
    below: list[str] = []
    stated = True
    for tier in tiers:
        for name in TIER_PRICES:
            base = _get(record.data, f"pricing.{name}")
            value = tier.get(name)
            if base is None or value is None or value >= base:
                continue
            base_source = record.source(f"pricing.{name}")
            below.append(
                f"above {tier['above_input_tokens']:,} {name} ${value:g} ({tier_source}) < "
                f"base ${base:g} ({base_source})"
            )
            stated = stated and base_source == tier_source
    if not below:
        return []
    key = record.model.key
    if stated:
        record.provenance[BELOW_BASE] = tier_source
        record.changed = True
        return [
            Finding(key, "tier-below-base", "pricing.tiers", f"kept: stated by {tier_source}", s)
            for s in below
        ]
    record.drop("pricing.tiers")
    return [Finding(key, "tier-below-base", "pricing.tiers", "dropped", "; ".join(below))]


def _cache(record: _Record) -> list[Finding]:
    findings = []
    for cache, base in CACHE_PAIRS:
        cached, price = _get(record.data, cache), _get(record.data, base)
        if cached is None or price is None or cached <= price:
            continue
        detail = (
            f"{cache} ${cached:g} ({record.source(cache)}) > {base} ${price:g} "
            f"({record.source(base)})"
        )
        record.drop(cache)
        findings.append(Finding(record.model.key, "cache-above-input", cache, "dropped", detail))
    return findings


def _limits(record: _Record) -> list[Finding]:
    findings = []
    for path in LIMIT_PAIRS:
        total, limit = record.data.get("context_window"), record.data.get(path)
        if total is None or limit is None or limit <= total:
            continue
        total_source, limit_source = record.source("context_window"), record.source(path)
        detail = f"{path} {limit:,} ({limit_source}) > context_window {total:,} ({total_source})"
        worse = "context_window" if _rank(total_source) > _rank(limit_source) else path
        record.drop(worse)
        findings.append(Finding(record.model.key, "limit-above-context", worse, "dropped", detail))
    return findings


def _kind(record: _Record) -> list[Finding]:
    if record.data.get("kind") is not None:
        return []
    rule, kind = UNCLASSIFIED.removeprefix(DERIVED), "other"
    for name, decide in KIND_RULES:
        decided = decide(record.model)
        if decided is not None:
            rule, kind = name, decided
            break
    record.data["kind"] = kind
    record.provenance["kind"] = DERIVED + rule
    record.changed = True
    return [Finding(record.model.key, "kind", "kind", DERIVED + rule, kind)]


_ORDER = {"active": 0, "deprecated": 1, "retired": 2}
_LIFE = ("status", "deprecation_date", "retirement_date", "replacement")


def _life(model: Model) -> tuple[Any, ...]:
    return tuple(getattr(model.lifecycle, name) for name in _LIFE)


def _life_text(model: Model) -> str:
    """``retired (litellm; retires 2025-03-30 per mistral-docs)``: the status and its sources."""
    life, cited = model.lifecycle, dict(model.provenance.items())
    date = life.retirement_date
    retires = f"{date} per {_cited(cited, 'lifecycle.retirement_date')}" if date else "-"
    return f"{life.status} ({_cited(cited, 'lifecycle.status')}; retires {retires})"


def _alias(record: _Record, target: Model) -> list[Finding]:
    alias = record.model
    if _life(alias) == _life(target):
        return []
    detail = f"alias {_life_text(alias)} vs {target.key} {_life_text(target)}"
    if _ORDER[alias.lifecycle.status] >= _ORDER[target.lifecycle.status]:
        # A withdrawn alias of a model still offered, or the same status with other dates: each
        # record keeps what its sources said (no date is taken away), and the report shows both.
        return [Finding(alias.key, "alias-lifecycle", "lifecycle", "reported", detail)]
    life = record.data.setdefault("lifecycle", {})
    for name in _LIFE:
        value = getattr(target.lifecycle, name)
        path = f"lifecycle.{name}"
        if value is None:
            life.pop(name, None)
            record.provenance.pop(path, None)
        else:
            life[name] = value
            record.provenance[path] = f"{DERIVED}alias-of {target.key}"
    record.changed = True
    return [Finding(alias.key, "alias-lifecycle", "lifecycle", "aligned", detail)]


def alias_targets(merged: MergeResult, records: Iterable[Model]) -> dict[str, str]:
    """``alias record key -> target key``, from the aliases the merge dropped.

    An alias is dropped from its target when it is another record's id: that record is then an
    alias record (``merged.dropped_aliases`` lines ``target: alias``).
    """
    keys = {m.key for m in records}
    claims: dict[str, list[str]] = {}
    for line in merged.dropped_aliases:
        target, _, alias = line.partition(": ")
        provider = target.partition("/")[0]
        alias_key = f"{provider}/{alias}"
        if target in keys and alias_key in keys and alias_key != target:
            claims.setdefault(alias_key, []).append(target)
    return {alias: sorted(set(t))[0] for alias, t in claims.items() if len(set(t)) == 1}


def check(records: list[Model], merged: MergeResult) -> tuple[list[Model], list[Finding]]:
    """Every record with the invariants applied, and what each rule found."""
    targets = alias_targets(merged, records)
    findings: list[Finding] = []
    out: dict[str, Model] = {}
    for model in records:
        record = _Record(model)
        for rule in (_tiers, _cache, _limits, _kind):
            findings += rule(record)
        out[model.key] = record.build()
    for alias_key, target_key in sorted(targets.items()):
        if alias_key in targets.values():
            continue  # a chain: the middle record is itself an alias; left as the merge made it
        record = _Record(out[alias_key])
        findings += _alias(record, out[target_key])
        out[alias_key] = record.build()
    return [out[m.key] for m in records], sorted(
        findings, key=lambda f: (f.rule, f.key, f.field, f.detail)
    )


def summary(findings: Iterable[Finding]) -> str:
    """One line for the refresh's output."""
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
    parts = ", ".join(f"{counts[rule]} {rule}" for rule in RULES if rule in counts)
    return f"invariants: {parts or 'no findings'} (reports/invariants.md)"


def markdown(findings: Iterable[Finding]) -> bytes:
    """``reports/invariants.md``: every finding by rule; kind derivations counted per rule."""
    findings = list(findings)
    lines = [
        "# Record invariants",
        "",
        "GENERATED by scripts/refresh.py (rules: scripts/invariants.py); do not edit by hand.",
        "Numbers of one record that contradicted each other, what was done, and the sources that",
        "disagree. A dropped value is null in the record (unknown), never a guess.",
        "",
    ]
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    for rule, title in RULES.items():
        entries = by_rule.get(rule, [])
        lines += [f"## {title} ({len(entries)})", ""]
        if rule == "kind":
            tally: dict[tuple[str, str], int] = {}
            for f in entries:
                tally[(f.action, f.detail)] = tally.get((f.action, f.detail), 0) + 1
            lines += ["| rule | kind | records |", "|---|---|---:|"]
            lines += [f"| {a} | {k} | {n} |" for (a, k), n in sorted(tally.items())]
            unclassified = [f.key for f in entries if f.action == UNCLASSIFIED]
            if unclassified:
                lines += ["", "No source and no rule gives these a kind: `other`.", ""]
                lines += [f"- {key}" for key in unclassified]
        else:
            lines += ["| model | field | done | sources that disagree |", "|---|---|---|---|"]
            lines += [f"| {f.key} | {f.field} | {f.action} | {f.detail} |" for f in entries]
        lines.append("")
    return "\n".join(lines).encode()
