"""The merge's winner rule: which of several dated, ranked observations of one field wins.

The rules themselves are stated once, at the top of ``scripts/merge.py``; this module is their
code: a source's words about one key over time (``Series``), dated by when the source began
stating each value (the change point of its statement), and ``pick``: newest within
``SAME_AGE_DAYS``, then the better-ranked source.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from model_catalog import Source
from model_catalog._fields import LIMITS, PRICES, field

from .evidence import Word
from .sources import SourceInfo

__all__ = [
    "GROUPS",
    "PRICE_TOLERANCE",
    "SAME_AGE_DAYS",
    "Observation",
    "Series",
    "chosen_together",
    "difference",
    "observations",
    "ordinal",
    "pick",
    "rule_of",
    "winner",
]

SAME_AGE_DAYS = 31
PRICE_TOLERANCE = 0.05

GROUPS: tuple[tuple[str, ...], ...] = (
    (
        "pricing.input",
        "pricing.output",
        "pricing.cache_read",
        "pricing.cache_write",
        "pricing.cache_write_1h",
        "pricing.tiers",
    ),
    (
        "pricing.batch_input",
        "pricing.batch_output",
        "pricing.batch_cache_read",
        "pricing.batch_cache_write",
    ),
    (
        "pricing.flex_input",
        "pricing.flex_output",
        "pricing.flex_cache_read",
        "pricing.flex_cache_write",
    ),
    (
        "pricing.priority_input",
        "pricing.priority_output",
        "pricing.priority_cache_read",
        "pricing.priority_cache_write",
    ),
    LIMITS,
)
"""Fields chosen together, from one source's statement; the first of each is its anchor."""


def _check_groups() -> None:
    members = [path for group in GROUPS for path in group]
    for path in members:
        field(path)  # a path the field table does not know fails here, naming it
    if len(members) != len(set(members)) or not set(LIMITS) <= set(members):
        msg = f"scripts/ranking.py GROUPS: a path in two groups, or a limit left out: {GROUPS}"
        raise ValueError(msg)
    if not {m for m in members if m != "pricing.tiers"} <= set(PRICES) | set(LIMITS):
        msg = f"scripts/ranking.py GROUPS: a member is neither a price nor a limit: {GROUPS}"
        raise ValueError(msg)


_check_groups()


@dataclass(frozen=True)
class Observation:
    """One source's value for one field, dated and ranked: what ``pick`` chooses among."""

    value: Any
    date: str
    """When the source began stating this value (its change point), or the entry's own date."""
    rank: int
    source: str
    """The name it is cited under (``litellm``, or ``litellm 1.90.0`` for an older answer)."""
    origin: str = ""
    """The source's name, or the recording's label for the answer (``litellm 1.90.0``)."""
    url: str = ""
    retrieved: str = ""
    """The date of the answer it comes from (``date`` may be older)."""

    def citation(self) -> Source:
        """The ``Source`` a record's provenance points to for this observation."""
        return Source(name=self.source, url=self.url, retrieved=self.retrieved or self.date)


@functools.lru_cache(maxsize=4096)
def ordinal(date: str) -> int:
    """Day number of an ISO date (or datetime): what the same-age window counts in."""
    return dt.date.fromisoformat(date[:10]).toordinal()


def winner(candidates: list[Observation], *, one_field: bool = True) -> Observation:
    """``pick``'s choice alone (the history evaluates it for every answer date).

    With ``one_field`` (the candidates state one field), a winning value that a better-ranked
    source states too is cited to that source, if no contradicting statement is more than the
    same-age window newer than it (rule 3's last sentence); group representatives of different
    fields (``chosen_together``) pass ``one_field=False``.
    """
    if len(candidates) == 1:
        return candidates[0]
    floor = max(ordinal(c.date) for c in candidates) - SAME_AGE_DAYS
    best, best_key = candidates[0], (9999, 0, "")
    for candidate in candidates:
        day = ordinal(candidate.date)
        if day >= floor:
            key = (candidate.rank, -day, candidate.source)
            if key < best_key:
                best, best_key = candidate, key
    if not one_field or all(c.rank >= best.rank for c in candidates):
        return best  # no better-ranked source to cite
    value = best.value
    contradicting = [ordinal(c.date) for c in candidates if c.value != value]
    newest_contradiction = max(contradicting, default=0)
    for candidate in candidates:
        day = ordinal(candidate.date)
        if (
            candidate.rank < best.rank
            and candidate.value == value
            and newest_contradiction - day <= SAME_AGE_DAYS
        ):
            key = (candidate.rank, -day, candidate.source)
            if key < best_key:
                best, best_key = candidate, key
    return best


def pick(
    candidates: list[Observation], tolerance: float = PRICE_TOLERANCE
) -> tuple[Observation, str]:
    """The winning observation, and the rule that chose it.

    Rules: ``only`` one source; sources ``agree``; ``rank`` (a contradicting observation of about
    the same age lost on rank); ``newer`` (every contradicting observation was months older).
    """
    best = winner(candidates)
    return best, rule_of(best, candidates, tolerance)


def rule_of(best: Observation, candidates: list[Observation], tolerance: float) -> str:
    """The rule by which ``best`` won over ``candidates`` (see ``pick``)."""
    if len(candidates) == 1:
        return "only"
    newest = max(ordinal(c.date) for c in candidates)
    rivals = [c for c in candidates if difference(c.value, best.value) > tolerance]
    if not rivals:
        return "agree"
    same_age = any(newest - ordinal(c.date) <= SAME_AGE_DAYS for c in rivals)
    return "rank" if same_age else "newer"


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and bool(a == b)


def difference(a: Any, b: Any) -> float:
    """How far apart two values are: relative difference for numbers, else 0.0 or 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return 0.0 if a == b else 1.0
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if a == b:
            return 0.0
        if not a or not b:
            return 1.0
        return float(abs(a - b) / max(abs(a), abs(b)))
    return 0.0 if a == b else 1.0


@dataclass(frozen=True)
class Series:
    """One source's words about one key, as of each of its answers."""

    info: SourceInfo
    latest: str
    latest_url: str
    dates: list[str]
    words: list[Word | None]

    def position(self, date: str | None) -> int:
        """Index of the answer as of ``date`` (the newest for None); -1 before the first."""
        if date is None:
            return len(self.words) - 1
        return bisect.bisect_right(self.dates, date) - 1

    @functools.cached_property
    def _changes(self) -> dict[str, tuple[list[int], list[str]]]:
        """Per path: the positions where this source's statement of it changed, and their dates."""
        changes: dict[str, tuple[list[int], list[str]]] = {}
        last: dict[str, Any] = {}
        for position, word in enumerate(self.words):
            if word is None:
                continue
            for path in [p for p in last if p not in word.values]:
                del last[path]  # it stopped stating it: stating it again is a new statement
            for path, value in word.values.items():
                if path not in last or not _same(last[path], value):
                    positions, dates = changes.setdefault(path, ([], []))
                    positions.append(position)
                    dates.append(word.date)
                last[path] = value
        return changes

    def since(self, path: str, position: int) -> str:
        """When this source began stating its value of ``path`` held as of answer ``position``."""
        positions, dates = self._changes[path]
        return dates[bisect.bisect_right(positions, position) - 1]

    def at(self, date: str | None) -> Word | None:
        """The word as of ``date`` (the newest for None); None before the key was listed."""
        position = self.position(date)
        return self.words[position] if position >= 0 else None

    def cite(self, word: Word) -> str:
        """The name ``word`` is cited under: the source's, or its answer's label or date."""
        if word.date == self.latest:
            return self.info.name
        return word.label or f"{self.info.name} {word.date}"


def observations(
    series: list[Series], date: str | None, paths: Collection[str] | None = None
) -> dict[str, list[Observation]]:
    """Per field path, every source's observation as of ``date`` (the newest answers for None)."""
    found: dict[str, list[Observation]] = {}
    for one in series:
        position = one.position(date)
        word = one.words[position] if position >= 0 else None
        if word is None:
            continue
        name = one.cite(word)
        origin = word.label or one.info.name
        rank = one.info.precedence
        for path, value in word.values.items():
            if paths is None or path in paths:
                # Dated by when the source began stating it (or the entry's own, older date):
                # a value re-served unchanged in every release is as old as its change point.
                began = min(word.observed, one.since(path, position))
                found.setdefault(path, []).append(
                    Observation(value, began, rank, name, origin, word.url, word.date)
                )
    return found


def _agree(one: Observation, other: Observation | None, tolerance: float) -> bool:
    return other is None or difference(one.value, other.value) <= tolerance


def _provider_word_first(
    statements: dict[tuple[str, str], dict[str, Observation]], won: dict[str, Observation]
) -> dict[str, Observation]:
    """``won``, or a better-ranked statement saying exactly the same on every member both give.

    Rule 3's last sentence for a group: an aggregate that only repeats the provider's price sheet
    is cited as the provider (unless a contradicting statement is more than the same-age window
    newer than the provider's).
    """
    rank = min(o.rank for o in won.values())

    def same(said: dict[str, Observation]) -> bool:
        shared = [p for p in said if p in won]
        return bool(shared) and all(said[p].value == won[p].value for p in shared)

    agreeing: list[dict[str, Observation]] = []
    contradicting: list[dict[str, Observation]] = []
    for said in statements.values():
        (agreeing if same(said) else contradicting).append(said)
    newest_contradiction = max(
        (ordinal(o.date) for said in contradicting for o in said.values()), default=0
    )
    best, best_key = won, (rank, 0)
    for said in agreeing:
        first = next(iter(said.values()))
        day = ordinal(first.date)
        if first.rank < rank and newest_contradiction - day <= SAME_AGE_DAYS:
            key = (first.rank, -day)
            if key < best_key:
                best, best_key = said, key
    return best


def chosen_together(
    found: dict[str, list[Observation]], tolerance: float = PRICE_TOLERANCE
) -> dict[str, list[Observation]]:
    """``found`` with each group's members narrowed to the statement that wins the group.

    Each source's answer states a group once; it is represented by its observation of the
    group's first member it states (the anchor where it states it), and the winner rule picks
    among those. Every member the winning statement gives comes from it. A member it leaves out
    comes only from statements that agree with it on every member both give (at least one),
    by the same rule; with none such, it stays null.
    """
    narrowed = dict(found)
    for group in GROUPS:
        statements: dict[tuple[str, str], dict[str, Observation]] = {}
        for path in group:
            for candidate in found.get(path, ()):
                said = statements.setdefault((candidate.source, candidate.retrieved), {})
                said.setdefault(path, candidate)
        if len(statements) < 2:
            continue
        representatives = [next(iter(said.values())) for said in statements.values()]
        best = winner(
            sorted(representatives, key=lambda c: (c.rank, c.source, c.retrieved)), one_field=False
        )
        won = _provider_word_first(statements, statements[best.source, best.retrieved])
        apart = 0.0 if group is LIMITS else tolerance  # limits agree only when equal
        agreeing = [
            said
            for said in statements.values()
            if said is not won
            and any(path in won for path in said)
            and all(_agree(o, won.get(p), apart) for p, o in said.items())
        ]
        for path in group:
            if path in won:
                narrowed[path] = [won[path]]
            elif fill := [said[path] for said in agreeing if path in said]:
                narrowed[path] = fill
            else:
                narrowed.pop(path, None)
    return narrowed
