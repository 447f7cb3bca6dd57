"""Status rules of the merge: existence, refuted retirement dates, a record's status.

The rules are stated once, at the top of ``scripts/merge.py`` (rules 4 and 6); this module is
their code, above ``scripts/ranking.py`` whose winner rule decides existence like any field. How a
status *moved* between two builds (release notes, guards, the run summary) is one rule of the
runtime, ``model_catalog._changes.transition``: it is not restated here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from model_catalog import Lifecycle

from .ranking import Observation, Series, winner

__all__ = [
    "CORROBORATION_DAYS",
    "existence",
    "lifecycle",
    "refuted_retirement",
    "unconfirmed_absence",
]

CORROBORATION_DAYS = 7
"""Another source that listed a model this many days before (or any time after) the one answer
that first left it out makes that answer's silence unconfirmed: a list can drop one entry by
mistake for a night (a page cut short, an id renamed), and a retirement is released to everyone
who pins the catalog. The next answer that still leaves it out confirms it."""


def existence(series: list[Series], date: str | None) -> Observation | None:
    """Whether the key is offered as of ``date`` (True/False), by the winner rule (rule 4)."""
    candidates = []
    for one in series:
        word = one.at(date)
        if word is None or not one.info.creates_records:
            continue  # a price table's rows say nothing about whether a model is offered
        if word.listed or not word.covers_provider or one.info.partial:
            # Listed now; or it stopped covering the provider, or its list is partial: then its
            # last listing stands.
            listed, seen = True, word.confirmed if word.listed else word.last_listed
            name, url, retrieved = one.cite(word), word.url, word.date
        else:  # no longer listed, as of its newest answer
            latest = word.confirmed == one.latest
            name = one.info.name if latest else f"{one.info.name} {word.confirmed}"
            listed, seen, url = False, word.confirmed, one.latest_url if latest else word.url
            retrieved = word.confirmed
        candidates.append(
            Observation(
                value=listed,
                date=seen,
                rank=one.info.precedence,
                source=name,
                url=url,
                retrieved=retrieved,
            )
        )
    return winner(candidates) if candidates else None


def unconfirmed_absence(series: list[Series], decided: Observation) -> str | None:
    """Why ``decided`` (the key is no longer offered) waits for a second answer, if it does.

    It waits when the source whose silence decided it left the key out of its newest answer only
    (the answer before listed it) while another source listed the key within
    ``CORROBORATION_DAYS`` of that answer. Rule 4 still decides the record's status; the guard
    (``guards.hold_back``) holds the retirement for a night, and names this reason.
    """
    if decided.value is not False:
        return None
    for one in series:
        word = one.at(None)
        if (
            word is None
            or word.listed
            or one.info.name != decided.source  # cited by date: its silence is older
            or word.absent_since != word.confirmed  # left out by two answers or more
        ):
            continue
        since = dt.date.fromisoformat(word.confirmed) - dt.timedelta(days=CORROBORATION_DAYS)
        within = since.isoformat()
        for other in series:
            seen = other.at(None)
            if (
                other is not one
                and other.info.creates_records
                and seen is not None
                and seen.last_listed >= within
            ):
                return (
                    f"{one.info.name} left it out of one answer ({word.confirmed}; it listed it "
                    f"on {word.last_listed}) while {other.info.name} listed it on "
                    f"{seen.last_listed}: retired only if its next answer leaves it out too"
                )
    return None


def refuted_retirement(chosen: Mapping[str, Observation]) -> str | None:
    """Why the chosen retirement date is refuted by the chosen status (rule 6), if it is."""
    status, retired = chosen.get("lifecycle.status"), chosen.get("lifecycle.retirement_date")
    if status is None or retired is None or status.value != "active":
        return None
    stated_on = status.retrieved or status.date
    dated_on = retired.retrieved or retired.date
    if stated_on <= dated_on or stated_on <= retired.value:
        return None  # the same or an older answer, or said before the date came
    return (
        f"retirement {retired.value} ({retired.source}, {dated_on}) refuted by "
        f"active ({status.source}, {stated_on})"
    )


def lifecycle(
    values: Mapping[str, Any],
    series: list[Series],
    current: bool,  # noqa: FBT001 - the one flag the status depends on
    as_of: str,
) -> dict[str, Any]:
    """The record's ``lifecycle`` from the chosen ``lifecycle.*`` values and the listings."""
    life = {k.partition(".")[2]: v for k, v in values.items() if k.startswith("lifecycle.")}
    words = [
        w for w in (one.at(None) for one in series if one.info.creates_records) if w is not None
    ]
    life["first_seen"] = min(w.first_listed for w in words)
    life["last_seen"] = max(w.last_listed for w in words)
    deprecated_on = life.get("deprecation_date")
    retired_on = life.get("retirement_date")
    if deprecated_on is not None and retired_on is not None and deprecated_on > retired_on:
        # Sources disagree; a model cannot be deprecated after it is gone: the retirement
        # date (a shutdown the provider announced) is the stronger statement.
        del life["deprecation_date"]
    # The stated dates move the stated status forward the same way a pinned release does.
    dated = Lifecycle(
        status=life.get("status", "active"),
        deprecation_date=life.get("deprecation_date"),
        retirement_date=retired_on,
    )
    life["status"] = dated.status_on(as_of) if current else "retired"
    return life
