"""The evidence store: folding is exact, idempotent and independent of arrival order."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.evidence import OBSERVED_KEY, EvidenceError, Store, Timeline
from scripts.providers import UnknownProviderError
from scripts.sources import Observation, SourceError, SourceResult

from .conftest import EVIDENCE


def answer(date: str, models: dict[str, dict[str, object]], source: str = "s") -> SourceResult:
    return SourceResult(
        source, "https://s.example", date, [Observation("openai", k, v) for k, v in models.items()]
    )


ANSWERS = {
    "2025-01-01": {"a": {"pricing.input": 1.0}, "b": {"name": "B"}},
    "2025-02-01": {"a": {"pricing.input": 2.0}},
    "2025-03-01": {"a": {"pricing.input": 2.0}, "b": {"name": "B"}, "c": {"context_window": 5}},
    "2025-04-01": {"c": {"context_window": 5, "name": "C"}},
}


def test_a_timeline_reads_back_every_answer_exactly() -> None:
    timeline = Timeline("s")
    for date in sorted(ANSWERS):
        assert timeline.fold(answer(date, ANSWERS[date]))
    assert timeline.keys["openai/a"] == {
        "listed": [["2025-01-01", "2025-03-01"]],
        "pricing.input": [["2025-01-01", 1.0], ["2025-02-01", 2.0]],
    }
    assert timeline.keys["openai/b"]["listed"] == [
        ["2025-01-01", "2025-01-01"],
        ["2025-03-01", "2025-03-01"],
    ]
    assert timeline.keys["openai/c"]["listed"] == [["2025-03-01"]]  # open: still listed
    for key in ("a", "b", "c"):
        states = timeline.expand(f"openai/{key}")
        assert states == [ANSWERS[d].get(key) for d in timeline.dates]
        for date in timeline.dates:
            assert timeline.state_at(f"openai/{key}", date) == ANSWERS[date].get(key)


@settings(max_examples=60, deadline=None)
@given(st.permutations(sorted(ANSWERS)), st.booleans())
def test_folding_does_not_depend_on_order_and_is_idempotent(order: list[str], twice: bool) -> None:
    reference = Timeline("s")
    for date in sorted(ANSWERS):
        reference.fold(answer(date, ANSWERS[date]))
    timeline = Timeline("s")
    for date in order:
        timeline.fold(answer(date, ANSWERS[date]))
    if twice:
        for date in order:
            assert not timeline.fold(answer(date, ANSWERS[date]))
    assert timeline.encode() == reference.encode()


def test_a_second_answer_the_same_day_replaces_the_first() -> None:
    timeline = Timeline("s")
    for date in sorted(ANSWERS):
        timeline.fold(answer(date, ANSWERS[date]))
    assert timeline.fold(answer("2025-02-01", {"a": {"pricing.input": 3.0}, "d": {}}))
    assert timeline.state_at("openai/a", "2025-02-01") == {"pricing.input": 3.0}
    assert timeline.state_at("openai/d", "2025-02-01") == {}
    assert timeline.keys["openai/a"]["pricing.input"] == [
        ["2025-01-01", 1.0],
        ["2025-02-01", 3.0],
        ["2025-03-01", 2.0],
    ]
    assert [a.models for a in timeline.answers] == [2, 2, 3, 1]


def test_words_say_listed_or_absent_as_of_each_answer() -> None:
    timeline = Timeline("s")
    for date in sorted(ANSWERS):
        timeline.fold(answer(date, ANSWERS[date]))
    words = {key: w for key, _states, w in timeline.words()}
    a_now = words["openai/a"][-1]
    assert a_now is not None
    assert (a_now.listed, a_now.last_listed, a_now.absent_since) == (
        False,
        "2025-03-01",
        "2025-04-01",
    )
    assert a_now.values == {"pricing.input": 2.0}
    assert a_now.covers_provider  # the newest answer still lists an openai model
    assert words["openai/c"][0] is None  # not yet listed on the first answer


def test_entry_dates_are_kept_as_the_observation_date() -> None:
    timeline = Timeline("models.dev")
    result = SourceResult(
        "models.dev", "u", "2026-05-21", [Observation("openai", "x", {"name": "X"}, "2025-01-02")]
    )
    timeline.fold(result)
    assert timeline.keys["openai/x"][OBSERVED_KEY] == [["2026-05-21", "2025-01-02"]]
    ((_, _, (word,)),) = list(timeline.words())
    assert word is not None
    assert (word.date, word.observed, word.values) == ("2026-05-21", "2025-01-02", {"name": "X"})


def test_a_provider_missing_from_the_table_stops_with_a_named_error() -> None:
    result = SourceResult("new-api", "u", "2026-01-01", [Observation("nobody", "m", {})])
    with pytest.raises(
        UnknownProviderError,
        match=r"new-api \(2026-01-01\): nobody/m: provider 'nobody' is not in the provider table",
    ):
        Timeline("new-api").fold(result)


def test_an_unknown_field_path_is_an_error_not_a_dropped_value() -> None:
    result = SourceResult(
        "s", "u", "2026-01-01", [Observation("openai", "m", {"pricing.inptu": 1})]
    )
    with pytest.raises(SourceError, match=r"unknown field path\(s\) \['pricing.inptu'\]"):
        Timeline("s").fold(result)


def test_files_round_trip(tmp_path: Path) -> None:
    store = Store(tmp_path / "evidence")
    for date in sorted(ANSWERS):
        store.fold(answer(date, ANSWERS[date]))
    files = store.files()
    for path, data in files.items():
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
    again = Store(tmp_path / "evidence")
    assert again.files() == files
    assert again.changed == set()
    assert store.changed == {"s"}


def test_a_corrupt_evidence_file_names_itself(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text('{"source": "x"}')
    with pytest.raises(EvidenceError, match=r"evidence file .*x\.json: .*generated"):
        Store(tmp_path)


def _xai_evidence() -> dict[str, Any]:
    """The committed xai-api timeline (a real store file), to derive broken copies from."""
    document: dict[str, Any] = json.loads((EVIDENCE / "xai-api.json").read_text())
    return document


def _break_type(d: dict[str, Any]) -> None:
    d["answers"][0]["models"] = "eight"


def _break_order(d: dict[str, Any]) -> None:
    d["answers"].reverse()


def _break_date(d: dict[str, Any]) -> None:
    d["answers"][0]["date"] = "13/08/2025"


def _break_price(d: dict[str, Any]) -> None:
    # xAI's list states no values: give its first key a price written as a string.
    d["keys"]["xai/grok-2-1212"]["pricing.input"] = [[d["answers"][0]["date"], "2.0"]]


def _break_path(d: dict[str, Any]) -> None:
    d["keys"][next(iter(d["keys"]))]["pricing.inptu"] = [[d["answers"][0]["date"], 1.0]]


def _break_point_date(d: dict[str, Any]) -> None:
    d["keys"][next(iter(d["keys"]))]["listed"] = [["2031-01-01"]]


@pytest.mark.parametrize(
    ("derive", "message"),
    [
        (_break_type, r"Expected `int`, got `str` - at `\$.answers\[0\].models`"),
        (_break_order, r"answers: .* after .*: dates must ascend"),
        (_break_date, r"Expected `str` matching regex .* at `\$.answers\[0\].date`"),
        (_break_price, r"key 'xai/grok-2-1212' pricing.input: a value is not a number"),
        (_break_path, r"key 'xai/.*': unknown field path 'pricing.inptu'"),
        (_break_point_date, r"key 'xai/.*' listed: \['2031-01-01'\] does not name answer dates"),
    ],
)
def test_evidence_is_checked_when_read_and_the_error_names_file_and_key(
    tmp_path: Path, derive: Callable[[dict[str, Any]], None], message: str
) -> None:
    # Derived from the committed store file: one fault each, in what a hand edit or a bad merge
    # of the evidence would produce.
    document = _xai_evidence()
    derive(document)
    (tmp_path / "xai-api.json").write_text(json.dumps(document))
    with pytest.raises(EvidenceError, match=r"evidence file .*xai-api\.json: " + message):
        Store(tmp_path)


def test_a_store_file_must_hold_its_own_source(tmp_path: Path) -> None:
    (tmp_path / "openai-api.json").write_text(json.dumps(_xai_evidence()))
    with pytest.raises(EvidenceError, match=r"holds source 'xai-api', not 'openai-api'"):
        Store(tmp_path)


@pytest.mark.regeneration
def test_the_committed_store_holds_the_recorded_history() -> None:
    store = Store(EVIDENCE)
    openrouter = store.timelines["openrouter-api"]
    assert openrouter.dates[0] == "2025-04-09"
    assert openrouter.dates[-1] == "2026-02-10"
    assert openrouter.state_at("openrouter/openai/o3", "2025-06-03") is not None
    prices = openrouter.keys["openrouter/openai/o3"]["pricing.input"]
    assert ["2025-06-11", 2.0] in prices
    litellm = store.timelines["litellm"]
    assert [a.label for a in litellm.answers][:2] == ["litellm 1.14.4", "litellm 1.53.1"]
