"""Effective dates a source states (genai-prices' ``start_date`` windows): read by the fetcher,
kept in the evidence, applied by the history from that date (``scripts/merge.py`` rule 5)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from model_catalog import Change, ModelCatalog
from scripts import merge
from scripts.evidence import EFFECTIVE_KEY, EvidenceError, Store, Timeline
from scripts.sources import Observation, SourceInfo, SourceResult, genai_prices

from .conftest import DATA, RECORDED, ROOT

GENAI = RECORDED / "genai-prices_v2-data_2026-08-21.json"
DAY = "2026-08-21"  # the recording's date


def recorded_model(provider: str, model_id: str) -> dict[str, Any]:
    """One model entry of the recorded genai-prices data.json, as served."""
    for entry in json.loads(GENAI.read_text()):
        if entry["id"] == provider:
            for model in entry["models"]:
                if model["id"] == model_id:
                    return dict(model)
    raise AssertionError(f"{provider}/{model_id} is not in {GENAI.name}")


# -- the fetcher ---------------------------------------------------------------------------------


def test_the_fetcher_keeps_every_window_up_to_the_answer_with_its_start_date() -> None:
    (o3,) = genai_prices.parse([{"id": "openai", "models": [recorded_model("openai", "o3")]}], DAY)
    assert o3.values == {"pricing.input": 2.0, "pricing.cache_read": 0.5, "pricing.output": 8.0}
    assert o3.observed == "2025-06-10"  # the values in force are dated by their effective date
    assert o3.effective == (
        (None, {"pricing.input": 10.0, "pricing.cache_read": 0.5, "pricing.output": 40.0}),
        ("2025-06-10", {"pricing.input": 2.0, "pricing.cache_read": 0.5, "pricing.output": 8.0}),
    )


def test_a_window_after_the_answer_and_a_time_of_day_window_are_no_statements_of_the_past() -> None:
    # gemini-3.6-flash: a window from 2027-01-01 (scheduled); deepseek-chat: off-peak hours.
    scheduled = recorded_model("google", "gemini-3.6-flash")
    off_peak = recorded_model("deepseek", "deepseek-chat")
    flash, chat = genai_prices.parse(
        [{"id": "google", "models": [scheduled]}, {"id": "deepseek", "models": [off_peak]}], DAY
    )
    assert (flash.effective, flash.observed) == ((), None)
    assert flash.values == genai_prices.model_values(scheduled, DAY)
    assert (chat.effective, chat.observed) == ((), None)
    # The same scheduled window is a statement once the answer is dated on or after it.
    later = genai_prices.effective(scheduled, "2027-01-01")
    assert [start for start, _values in later] == [None, "2027-01-01"]


# -- the evidence --------------------------------------------------------------------------------


def answer(source: str, date: str, *observations: Observation) -> SourceResult:
    return SourceResult(source, f"https://{source}.example", date, list(observations))


def store_of(*results: SourceResult) -> Store:
    store = Store(ROOT / "no-such-dir")
    for result in results:
        store.fold(result)
    return store


WINDOWS = ((None, {"pricing.input": 10.0}), ("2025-06-10", {"pricing.input": 2.0}))


def genai(date: str = DAY, windows: Any = WINDOWS) -> SourceResult:
    in_force = windows[-1]
    return answer(
        "genai-prices",
        date,
        Observation("openai", "o3", dict(in_force[1]), observed=in_force[0], effective=windows),
    )


def test_the_evidence_keeps_the_windows_and_checks_their_shape() -> None:
    timeline = store_of(genai()).timeline("genai-prices")
    again = Timeline.decode(timeline.encode(), "genai-prices.json")
    assert again == timeline
    (_key, _states, words) = next(again.words())
    (word,) = words
    assert word is not None
    assert word.effective == WINDOWS
    assert EFFECTIVE_KEY not in word.values
    assert word.observed == "2025-06-10"
    broken = timeline.encode().replace(b'"2025-06-10",{', b'"10 June",{')
    with pytest.raises(EvidenceError, match="@effective"):
        Timeline.decode(broken, "genai-prices.json")


# -- the history ---------------------------------------------------------------------------------

INFOS = {
    "genai-prices": genai_prices.SOURCE,
    "litellm": SourceInfo("litellm", "aggregate", "u", rank=3),
    "openai-api": SourceInfo("openai-api", "official", "u"),
}


def litellm(date: str, price: float) -> SourceResult:
    return answer("litellm", date, Observation("openai", "o3", {"pricing.input": price}))


def history(*results: SourceResult) -> tuple[Change, ...]:
    (record,) = merge.merge(store_of(*results), INFOS, [], DAY).models["openai"]
    return record.history


def test_the_history_shows_the_change_at_its_effective_date() -> None:
    # LiteLLM noticed the cut on 2025-08-05; genai-prices says it took effect on 2025-06-10.
    changes = history(litellm("2025-05-01", 10.0), litellm("2025-08-05", 2.0), genai())
    assert changes == (
        Change(
            field="pricing.input",
            observed="2025-06-10",
            old=10.0,
            new=2.0,
            source="genai-prices (effective 2025-06-10)",
        ),
    )


def test_the_window_before_gives_the_old_value_where_no_other_source_speaks() -> None:
    lone = Observation("openai", "o3", {})  # a record for genai-prices' prices to go to
    changes = history(answer("litellm", "2025-05-01", lone), genai())
    assert changes == (
        Change(
            field="pricing.input",
            observed="2025-06-10",
            old=10.0,
            new=2.0,
            source="genai-prices (effective 2025-06-10)",
        ),
    )


def test_the_window_before_never_outranks_a_dated_statement() -> None:
    # genai-prices' undated old price (12) loses to LiteLLM's dated one (10): the change at the
    # effective date is from LiteLLM's 10, and no change is made up the day before.
    windows = ((None, {"pricing.input": 12.0}), ("2025-06-10", {"pricing.input": 2.0}))
    changes = history(litellm("2025-05-01", 10.0), genai(windows=windows))
    assert [(c.observed, c.old, c.new) for c in changes] == [("2025-06-10", 10.0, 2.0)]


def test_an_effective_date_after_the_answer_that_states_it_is_not_applied() -> None:
    windows = ((None, {"pricing.input": 10.0}), ("2026-09-01", {"pricing.input": 2.0}))
    stated = answer(
        "genai-prices",
        DAY,
        Observation("openai", "o3", {"pricing.input": 10.0}, effective=windows),
    )
    assert history(litellm("2025-05-01", 10.0), stated) == ()


def test_an_official_source_that_states_otherwise_on_that_date_outranks_the_window() -> None:
    # OpenAI's own answer of 2025-06-01 says 10 (a value it has stated since 2025-01-01, months
    # before the window); its answer of 2025-07-01 says 2. The window does not date the cut
    # before OpenAI's own word moved.
    official = [
        answer("openai-api", day, Observation("openai", "o3", {"pricing.input": price}))
        for day, price in (("2025-01-01", 10.0), ("2025-06-01", 10.0), ("2025-07-01", 2.0))
    ]
    changes = history(*official, genai())
    assert [(c.observed, c.old, c.new, c.source) for c in changes] == [
        ("2025-07-01", 10.0, 2.0, "openai-api")
    ]


# -- the data ------------------------------------------------------------------------------------


@pytest.mark.regeneration
def test_o3_bills_its_june_2025_cut_from_the_effective_date() -> None:
    o3 = ModelCatalog(str(DATA)).get("openai/o3")
    million = 1_000_000
    assert o3.cost(million, 0, at="2025-06-09") == 10.0
    assert o3.cost(million, 0, at="2025-06-10") == 2.0
    assert o3.cost(million, 0, at="2025-06-20") == 2.0  # LiteLLM saw it only on 2025-08-05
    cut = {c.field: c for c in o3.history if c.observed == "2025-06-10"}
    assert cut["pricing.input"] == Change(
        field="pricing.input",
        observed="2025-06-10",
        old=10.0,
        new=2.0,
        source="genai-prices (effective 2025-06-10)",
    )
    assert (cut["pricing.output"].old, cut["pricing.output"].new) == (40.0, 8.0)
