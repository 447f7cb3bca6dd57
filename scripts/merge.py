"""Where sources are merged: one record per (provider, id), each field from the evidence store.

The rule, in one place
----------------------
1. Every observation is dated by when its source began stating that value: the first answer of
   the source's timeline since which it has stated it without a break (its change point), or the
   source's own date for the entry where that is older (models.dev ``last_updated``). A value an
   aggregate re-serves unchanged in every release is as old as its change point, not as new as
   the release; a value a source stops stating and states again is a new statement.
2. Per field, the observations within ``SAME_AGE_DAYS`` of the newest one that states the field
   are "of about the same age"; an observation older than that never wins.
3. Among those, the best-ranked source wins: the provider's own API (0) > curated pages from the
   provider (1) > models.dev (2) > LiteLLM (3); then the newer observation; then the source name.
   So an official statement outranks an aggregate's restatement of an older value; an aggregate
   that changed a value months after the official source last changed its word still wins, and
   ``reports/conflicts.md`` lists it (rule ``newer``) with both dates. A winning value that a
   better-ranked source states too, however long ago, is that source's: an aggregate that only
   repeats the provider's word (LiteLLM re-serving Azure's list price) is cited as the provider.
4. Whether a model is still offered follows the same rule: every source that ever listed it says
   "listed" or "no longer listed" as of its newest answer. A source whose newest answer lists no
   model of that provider at all stopped covering the provider and says nothing about its models.
5. The same rule, applied as of each earlier answer date, gives a record's ``history``: a price or
   limit change is dated by the first answer that showed it ("observed by", not "effective from"),
   unless a source states when it took effect. A price window stated with its effective date
   (genai-prices' ``start_date``) is a statement of the past: as of that date the source states
   the window's values, dated by it and cited ``genai-prices (effective 2025-06-10)``; the window
   before the first dated one is stated as of the day before it (``genai-prices (before
   2025-06-10)``), unless the source's own answers reach back that far, and undated: it does not
   say since when it held, so it never outranks a dated statement; it speaks where no other
   source does (the old value of a change no other source saw). Only the source's newest
   answer's windows count; an effective date is never after the answer that states it (a later
   window is a scheduled change, left out); and a window's value never stands against an
   official source whose word as of that date states otherwise (beyond tolerance): official
   outranks. Time-of-day windows (off-peak discounts) are no list prices and are not read.
6. A source that states a model active in an answer newer than the one that gave its retirement
   date, and dated after that date, refutes the date: the record stays active and what that
   answer said of its life (date, replacement) is left out; ``reports/conflicts.md`` lists each.
   Azure's schedule of 2026-07-07 lists Mistral-large as GA; its retired-models page of
   2026-04-23 said retired 2025-04-15.
7. Ids of one provider that differ only in letter case name one model (lookups fold case too):
   their evidence is merged under the spelling of the provider's own API (``DeepSeek-R1`` on
   Azure, not models.dev's ``deepseek-r1``), unless one source lists both spellings at once.
8. Fields that belong together are chosen together (``ranking.GROUPS``): the base prices
   (input, output, cache read and writes, tiers), each mode's set (batch, flex, priority) and
   the limits (context window, max input, max output). Each source's answer states a group
   once, represented by the first member it states (input for prices, the context window for
   limits, where it states them); rules 1-3 pick the winning statement and every member it
   gives comes from it. A member it leaves out is taken only from statements that agree with
   it on every member both give (prices within 5%, limits equal), else it stays null: a record
   never mixes two price sheets or two sets of limits. Provenance stays per field. A source
   whose "context" counts input only states it as max input (its fetcher maps it so).
9. A replacement is stored as an id of a record of the same provider (a Bedrock record points to
   a Bedrock id): the id itself, the one record whose bare id (maker prefix and ``-vN:M``
   suffix off) or alias it is; with no single such record it is left out and listed, never an
   id made up. Its provenance is the source that named it.

A source's newest answer is its current word: a field it stopped stating is not taken from an
older answer of the same source. A model a source stopped listing keeps that source's last values,
dated by the last answer that listed it, so newer observations outrank them. Every field records
its source in ``provenance``; disagreements beyond tolerance are ``Conflict``s, with the rule that
decided them, for ``reports/conflicts.md``.

Where the code is: the winner rule (rules 1-3 and 8: ``pick``, ``chosen_together``) in
``scripts/ranking.py``; the status rules (4 and 6: existence, refuted dates, the status a record
carries) in ``scripts/lifecycle.py``; how a status moved between two builds in
``model_catalog._changes.transition``. This module assembles records from them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import msgspec

from model_catalog import Change, Model, Source
from model_catalog._fields import FIELDS, HISTORY
from model_catalog._types import Provenance, dec_hook

from . import lifecycle
from .evidence import Store, Word
from .ranking import (
    PRICE_TOLERANCE,
    SAME_AGE_DAYS,
    Observation,
    Series,
    chosen_together,
    difference,
    observations,
    ordinal,
    pick,
    rule_of,
    winner,
)
from .sources import SourceInfo, SourceResult

__all__ = [
    "PRICE_TOLERANCE",
    "SAME_AGE_DAYS",
    "Conflict",
    "MergeResult",
    "Observation",
    "dedupe_aliases",
    "merge",
    "pick",
]


@dataclass(frozen=True)
class Conflict:
    """Sources disagree on one field of one model; ``rule`` says how the winner was chosen."""

    key: str
    field: str
    chosen: Observation
    other: Observation
    rule: str
    size: float
    """How far apart: relative difference for numbers, 1.0 otherwise."""


@dataclass
class MergeResult:
    """Merged records per provider, the sources they cite, and the conflicts seen."""

    models: dict[str, list[Model]] = field(default_factory=dict)
    sources: dict[str, dict[str, Source]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    dropped_aliases: list[str] = field(default_factory=list)
    existence: dict[str, Observation] = field(default_factory=dict)
    """Per key, the observation that decided whether it is still offered."""
    unconfirmed_absences: dict[str, str] = field(default_factory=dict)
    """Per key no longer offered on one answer's silence alone, why that waits a night
    (``lifecycle.unconfirmed_absence``); the guard holds the retirement."""
    alias_owners: dict[str, str] = field(default_factory=dict)
    """``provider/alias`` -> the key the provider's newest official listing gives it."""
    case_variants: dict[str, str] = field(default_factory=dict)
    """``provider/Spelling`` -> the key whose record holds that spelling's evidence."""
    refuted: list[str] = field(default_factory=list)
    unmapped_replacements: list[str] = field(default_factory=list)
    """Replacements no record of the record's provider matches (rule 9): left out, one each."""
    """Retirement dates a newer "active" statement refuted (rule 6), one line each."""


UNDATED = "0001-01-01"
"""The date of a statement that does not say since when it holds (the window before a source's
first dated one): older than any dated one, so it is chosen only where no other source speaks."""


def _day_before(date: str) -> str:
    return (dt.date.fromisoformat(date) - dt.timedelta(days=1)).isoformat()


def _with_windows(one: Series) -> tuple[Series, set[tuple[str, str]]]:
    """``one`` with its newest word's dated windows (rule 5) as words at their dates.

    Also returns how each such word is cited, ``(name, date)``, so the official guard finds them.
    """
    newest = one.at(None)
    if newest is None or not newest.effective:
        return one, set()
    stated = [(start, said) for start, said in newest.effective if (start or "") <= newest.date]
    starts = [start for start, _said in stated if start is not None]
    if not starts:
        return one, set()
    pairs = list(zip(one.dates, one.words, strict=True))
    own = set(one.dates)
    cited: set[tuple[str, str]] = set()
    for start, said in stated:
        if start is None:  # in force before the first dated window: as of the day before it,
            day, label = _day_before(starts[0]), f"{one.info.name} (before {starts[0]})"
            since = UNDATED  # since when is not said: it never outranks a dated statement
            if one.dates[0] <= day:
                continue  # the source's own answers of then say it
        else:
            day = since = start
            label = f"{one.info.name} (effective {start})"
        if day in own:
            continue
        word = dataclasses.replace(
            newest,
            listed=True,
            date=day,
            observed=since,
            values=dict(said),
            first_listed=day,
            last_listed=day,
            confirmed=day,
            covers_provider=True,
            label=label,
            absent_since=None,
            effective=(),
        )
        pairs.append((day, word))
        cited.add((label, day))
    pairs.sort(key=lambda pair: pair[0])
    dates = [day for day, _word in pairs]
    return Series(one.info, one.latest, one.latest_url, dates, [w for _d, w in pairs]), cited


def _unrefuted(
    found: dict[str, list[Observation]], windows: set[tuple[str, str]]
) -> dict[str, list[Observation]]:
    """``found`` without a window's observation an official one as of the date contradicts."""
    if not windows:
        return found
    kept = {}
    for path, candidates in found.items():
        official = [c for c in candidates if c.rank == 0]
        tolerance = _tolerance(path)
        kept[path] = [
            c
            for c in candidates
            if (c.source, c.retrieved) not in windows
            or all(difference(o.value, c.value) <= tolerance for o in official)
        ]
    return {path: candidates for path, candidates in kept.items() if candidates}


def _history(series: list[Series]) -> tuple[Change, ...]:
    changes: list[Change] = []
    previous: dict[str, Any] = {}

    def see(path: str, date: str, value: Any, origin: str) -> None:
        old = previous.get(path)
        if old is not None and value != old:
            if FIELDS[path].unit == "tiers":  # a list of tiers: the change is dated, not kept
                changes.append(Change(field=path, observed=date, source=origin))
            else:
                changes.append(
                    Change(
                        field=path, observed=date, old=float(old), new=float(value), source=origin
                    )
                )
        previous[path] = value

    windows: set[tuple[str, str]] = set()
    extended = []
    for one in series:
        with_windows, cited = _with_windows(one)
        extended.append(with_windows)
        windows |= cited
    series = extended
    if len(series) == 1:  # one source: its own changes, no rule to apply
        (one,) = series
        for word in one.words:
            if word is not None and word.listed:
                for path in HISTORY.intersection(word.values):
                    see(path, word.date, word.values[path], word.label or one.info.name)
    else:
        dates = sorted({d for one in series for d in one.dates if one.at(d) is not None})
        for date in dates:
            found = _unrefuted(observations(series, date, HISTORY), windows)
            for path, candidates in chosen_together(found).items():
                chosen = winner(candidates)
                see(path, date, chosen.value, chosen.origin)
    return tuple(sorted(changes, key=lambda c: (c.observed, c.field)))


def _nest(values: dict[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for path, value in values.items():
        head, _, tail = path.partition(".")
        if tail:
            nested.setdefault(head, {})[tail] = value
        else:
            nested[head] = value
    return nested


def merge(
    store: Store,
    infos: dict[str, SourceInfo],
    curated: Iterable[SourceResult],
    as_of: str,
) -> MergeResult:
    """Merge every source's timeline (and the curated entries) into catalog records."""
    merged = MergeResult()
    by_key: dict[str, list[Series]] = {}
    for name, timeline in sorted(store.timelines.items()):
        latest = timeline.latest
        if latest is None:
            continue
        info = infos[name]
        for key, _states, words in timeline.words():
            by_key.setdefault(key, []).append(
                Series(info, latest.date, latest.url, timeline.dates, words)
            )
    for result in curated:
        info = SourceInfo(result.source, "curated", result.url, key_required=False)
        for obs in result.observations:
            word = Word(
                source=result.source,
                listed=True,
                date=result.retrieved,
                observed=result.retrieved,
                values=dict(obs.values),
                first_listed=result.retrieved,
                last_listed=result.retrieved,
                confirmed=result.retrieved,
                covers_provider=True,
                label=None,
                url=result.url,
            )
            key = f"{obs.provider}/{obs.id}"
            by_key.setdefault(key, []).append(
                Series(info, result.retrieved, result.url, [result.retrieved], [word])
            )
    merged.case_variants = _join_case_variants(by_key)
    folded = _official_aliases(by_key)
    merged.alias_owners = dict(folded)
    for key in sorted(by_key):
        if key in folded:
            merged.dropped_aliases.append(f"{key}: folded into {folded[key]} (an official alias)")
            continue
        series = sorted(by_key[key], key=lambda s: (s.info.precedence, s.info.name))
        if not any(one.info.creates_records for one in series):
            continue  # only a source with ids of its own names it: no record
        provider, _, model_id = key.partition("/")
        existence = lifecycle.existence(series, None)
        assert existence is not None  # noqa: S101 - every key was listed by some source
        merged.existence[key] = existence
        unconfirmed = lifecycle.unconfirmed_absence(series, existence)
        if unconfirmed is not None:
            merged.unconfirmed_absences[key] = unconfirmed
        values: dict[str, Any] = {}
        provenance: dict[str, str] = {"id": existence.source}
        cited = merged.sources.setdefault(provider, {})
        cited[existence.source] = existence.citation()
        chosen_of: dict[str, Observation] = {}
        found = observations(series, None)
        together = chosen_together(found)
        for path, candidates in sorted(found.items()):
            if path not in together:
                continue  # its group's winning statement leaves it out
            tolerance = _tolerance(path)
            chosen = pick(together[path], tolerance)[0]
            rule = rule_of(chosen, candidates, tolerance)
            if chosen is not winner(candidates) and rule in ("rank", "newer"):
                rule = "group"  # it lost alone; it came with its group's statement
            chosen_of[path] = chosen
            values[path] = chosen.value
            provenance[path] = chosen.source
            cited[chosen.source] = chosen.citation()
            for other in candidates:
                size = difference(other.value, chosen.value)
                if size > tolerance:
                    merged.conflicts.append(Conflict(key, path, chosen, other, rule, size))
        refutation = lifecycle.refuted_retirement(chosen_of)
        if refutation is not None:
            # The answer that gave the date said the model is gone: its replacement and
            # deprecation date go with it.
            refuted = chosen_of["lifecycle.retirement_date"]
            answer_of = (refuted.source, refuted.retrieved)
            for path in [p for p in values if p.startswith("lifecycle.")]:
                said = chosen_of[path]
                if (said.source, said.retrieved) == answer_of and path != "lifecycle.status":
                    del values[path], provenance[path]
            merged.refuted.append(f"{key}: {refutation}")
        life = lifecycle.lifecycle(values, series, bool(existence.value), as_of)
        record = _nest({k: v for k, v in values.items() if not k.startswith("lifecycle.")})
        record.update(
            provider=provider,
            id=model_id,
            lifecycle=life,
            provenance=provenance,
            history=_history(series),
        )
        model = msgspec.convert(record, Model, dec_hook=dec_hook)
        merged.models.setdefault(provider, []).append(model)
    for provider, models in merged.models.items():
        merged.models[provider] = _replacements_as_ids(
            dedupe_aliases(models, merged.dropped_aliases, merged.alias_owners),
            merged.unmapped_replacements,
        )
    return merged


_VERSION_SUFFIX = re.compile(r"-v\d+(?::\d+)?$")


def _replacements_as_ids(models: list[Model], unmapped: list[str]) -> list[Model]:
    """Each replacement as the id of a record of the same provider (rule 9), else left out."""
    ids = {m.id for m in models}
    by_name: dict[str, set[str]] = {}
    for model in models:
        bare = _VERSION_SUFFIX.sub("", model.id.rpartition("/")[2].rpartition(".")[2])
        for name in (bare, *model.aliases):
            by_name.setdefault(name, set()).add(model.id)
    out = []
    for model in models:
        named = model.lifecycle.replacement
        if named is None or named in ids:
            out.append(model)
            continue
        matches = by_name.get(named, set())
        target = next(iter(matches)) if len(matches) == 1 else None
        if target is None:
            unmapped.append(f"{model.key}: {named!r} names no {model.provider} record")
        provenance = model.provenance
        if target is None:
            kept = {k: v for k, v in provenance.items() if k != "lifecycle.replacement"}
            provenance = msgspec.convert(kept, Provenance)
        life = msgspec.structs.replace(model.lifecycle, replacement=target)
        out.append(msgspec.structs.replace(model, lifecycle=life, provenance=provenance))
    return out


def _tolerance(path: str) -> float:
    """How far apart two values may be and still agree: 5% for prices, nothing otherwise."""
    return PRICE_TOLERANCE if FIELDS[path].guard == "price" else 0.0


def _spelling_rank(key: str, series: list[Series]) -> tuple[bool, int, int, str]:
    """Sort key of one spelling: listed first, by the best-ranked source, then the newest."""
    listings = [
        (one.info.precedence, ordinal(word.last_listed))
        for one in series
        if one.info.creates_records and (word := one.at(None)) is not None
    ]
    if not listings:  # named only by a source that creates no record
        return (True, 0, 0, key)
    return (False, min(rank for rank, _ in listings), -max(day for _, day in listings), key)


def _join_case_variants(by_key: dict[str, list[Series]]) -> dict[str, str]:
    """Merge the series of keys that differ only in case into one key; ``variant -> key``."""
    groups: dict[str, list[str]] = {}
    for key in by_key:
        groups.setdefault(key.casefold(), []).append(key)
    joined: dict[str, str] = {}
    for keys in groups.values():
        if len(keys) < 2:
            continue
        listing = [
            one.info.name
            for key in keys
            for one in by_key[key]
            if (word := one.at(None)) is not None and word.listed
        ]
        if len(listing) != len(set(listing)):
            continue  # a source lists two spellings at once: it says they differ
        keys.sort(key=lambda k: _spelling_rank(k, by_key[k]))
        kept, *variants = keys
        for variant in variants:
            by_key[kept].extend(by_key.pop(variant))
            joined[variant] = kept
    return joined


def _official_aliases(by_key: dict[str, list[Series]]) -> dict[str, str]:
    """``provider/alias`` -> ``provider/id`` for aliases a provider's own API declares now."""
    claims: dict[str, tuple[str, str]] = {}  # alias key -> (date of the claim, key)
    for key, series in sorted(by_key.items()):
        provider = key.partition("/")[0]
        for one in series:
            word = one.at(None)
            if one.info.precedence != 0 or word is None or not word.listed:
                continue
            for alias in word.values.get("aliases", ()):
                alias_key = f"{provider}/{alias}"
                # A moving alias (-latest) belongs to the newest official listing that names it.
                if alias_key != key and (
                    alias_key not in claims or word.date > claims[alias_key][0]
                ):
                    claims[alias_key] = (word.date, key)
    folded = {alias: key for alias, (_date, key) in claims.items()}
    # An id that is itself folded away cannot absorb others: keep both records then.
    return {a: k for a, k in folded.items() if k not in folded}


def dedupe_aliases(
    models: list[Model], dropped: list[str], owners: Mapping[str, str] | None = None
) -> list[Model]:
    """Drop aliases that are another record's id or that two records claim.

    ``owners`` maps ``provider/alias`` to the record the provider's newest official listing gives
    it (a moving alias such as ``mistral-medium-latest``): that record keeps it, the others lose
    it. Any other alias claimed twice is dropped from both.
    """
    owners = owners or {}
    ids = {m.id for m in models}
    claims: dict[str, int] = {}
    for model in models:
        for alias in set(model.aliases):
            claims[alias] = claims.get(alias, 0) + 1
    cleaned = []
    for model in models:
        keep = tuple(
            sorted(
                a
                for a in set(model.aliases)
                if a not in ids
                and a != model.id
                and (
                    owners.get(f"{model.provider}/{a}") == model.key
                    if f"{model.provider}/{a}" in owners
                    else claims[a] == 1
                )
            )
        )
        if keep != model.aliases:
            dropped.extend(f"{model.key}: {a}" for a in model.aliases if a not in keep)
            cleaned.append(msgspec.structs.replace(model, aliases=keep))
        else:
            cleaned.append(model)
    return cleaned
