"""The providers' own statements read from their SDKs: each staged release, and variants of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.evidence import Store
from scripts.httpclient import HttpClient, NotRecordedError
from scripts.sources import SourceError, anthropic_sdk

from .conftest import RECORDED, ReplayFactory, recorded_body, recorded_entry


@pytest.fixture
def recorded() -> HttpClient:
    return HttpClient(replay=RECORDED, sleep=lambda _s: None)


def by_id(result: object) -> dict[str, dict[str, object]]:
    return {o.id: o.values for o in result.observations}  # type: ignore[attr-defined]


# -- Anthropic's SDK: DEPRECATED_MODELS ----------------------------------------------------------

ANTHROPIC_SDK = anthropic_sdk.SOURCE.url


def test_anthropic_sdk_newest_release(recorded: HttpClient) -> None:
    result = anthropic_sdk.fetch(recorded, None)
    assert result.retrieved == "2026-12-01"
    assert result.url == "https://pypi.org/project/anthropic/2.16.0/"
    assert result.label == "anthropic 2.16.0"
    assert {o.provider for o in result.observations} == {"anthropic"}
    assert by_id(result) == {
        "claude-mythos-preview": {"lifecycle.retirement_date": "2026-06-30"},
        "claude-opus-4-5": {"lifecycle.retirement_date": "2027-01-22"},
        "claude-opus-4-5-20251101": {"lifecycle.retirement_date": "2027-01-22"},
    }


def test_anthropic_sdk_every_release_is_a_dated_answer(recorded: HttpClient) -> None:
    days = recorded.recorded_days(ANTHROPIC_SDK)
    assert len(days) == 15
    assert (days[0], days[-1]) == ("2024-09-04", "2026-12-01")
    counts = {}
    for day in days:
        recorded.answer_day(day)
        counts[day] = len(anthropic_sdk.fetch(recorded, None).observations)
    assert counts["2024-09-04"] == 5  # resources/messages.py, 0.34.2
    assert counts["2026-10-07"] == 20  # 1.12.0: still the messages module's table
    assert counts["2026-11-23"] == 5  # 2.13.0: the _data table, retired models gone
    recorded.answer_day("2026-10-07")
    older = by_id(anthropic_sdk.fetch(recorded, None))
    # The case: the SDK's date, not LiteLLM's 2025-10-01.
    assert older["claude-3-5-haiku-20241022"] == {"lifecycle.retirement_date": "2026-02-19"}
    assert older["claude-1.3"] == {"lifecycle.retirement_date": "2024-11-06"}


def test_anthropic_sdk_history_keeps_entries_that_left_the_table(
    recorded: HttpClient, tmp_path: Path
) -> None:
    store = Store(tmp_path)
    for day in recorded.recorded_days(ANTHROPIC_SDK):
        recorded.answer_day(day)
        store.fold(anthropic_sdk.fetch(recorded, None))
    timeline = store.timeline(anthropic_sdk.SOURCE.name)
    assert timeline.latest is not None
    assert timeline.latest.date == "2026-12-01"
    key = "anthropic/claude-3-5-haiku-20241022"
    assert timeline.state_at(key, "2026-12-01") is None  # gone from 2.13.0's table
    assert timeline.state_at(key, "2026-10-07") == {"lifecycle.retirement_date": "2026-02-19"}


def test_anthropic_sdk_dates_in_words() -> None:
    assert anthropic_sdk.end_of_life("November 6th, 2024") == "2024-11-06"
    assert anthropic_sdk.end_of_life("January 22nd, 2027") == "2027-01-22"
    assert anthropic_sdk.end_of_life("June 1st, 2026") == "2026-06-01"
    assert anthropic_sdk.end_of_life("Aug 3rd, 2026") == "2026-08-03"
    assert anthropic_sdk.end_of_life("soon") is None


def test_anthropic_sdk_variants_derived_from_the_real_table() -> None:
    real = recorded_body(recorded_entry(ANTHROPIC_SDK)).decode()
    annotated_free = real.replace("DEPRECATED_MODELS: Dict[str, str] =", "DEPRECATED_MODELS =")
    assert anthropic_sdk.parse(annotated_free) == anthropic_sdk.parse(real)
    words = real.replace('"June 30th, 2026"', '"mid-2026"')
    assert anthropic_sdk.parse(words)["claude-mythos-preview"] == {}
    empty = real.split("DEPRECATED_MODELS")[0] + "DEPRECATED_MODELS: Dict[str, str] = {}\n"
    assert anthropic_sdk.parse(empty) == {}
    with pytest.raises(SourceError, match="no top-level DEPRECATED_MODELS dict"):
        anthropic_sdk.parse(real.replace("DEPRECATED_MODELS", "RETIRED_MODELS"))
    with pytest.raises(SourceError, match="not a string -> string pair"):
        anthropic_sdk.parse(real.replace('"June 30th, 2026"', "20260630"))
    with pytest.raises(SourceError, match="not Python"):
        anthropic_sdk.parse(real[: len(real) // 2])
    # Executing nothing: a call in the table is refused, not run.
    with pytest.raises(SourceError, match="not a string -> string pair"):
        anthropic_sdk.parse(real.replace('"June 30th, 2026"', '__import__("os").getcwd()'))


def test_anthropic_sdk_empty_table_is_refused_by_the_run(replay_dir: ReplayFactory) -> None:
    entry = recorded_entry(ANTHROPIC_SDK)
    real = recorded_body(entry).decode()
    empty = real.split("DEPRECATED_MODELS")[0] + "DEPRECATED_MODELS: Dict[str, str] = {}\n"
    directory = replay_dir({ANTHROPIC_SDK: {**entry, "body": empty.encode()}})
    result = anthropic_sdk.fetch(HttpClient(replay=directory), None)
    assert result.observations == []
    assert anthropic_sdk.SOURCE.min_models == 1  # so the run refuses it as not credible


def test_anthropic_sdk_not_recorded(replay_dir: ReplayFactory) -> None:
    entry = recorded_entry(ANTHROPIC_SDK)
    directory = replay_dir({"https://example.invalid/other": entry})
    with pytest.raises(NotRecordedError):
        anthropic_sdk.fetch(HttpClient(replay=directory), None)
