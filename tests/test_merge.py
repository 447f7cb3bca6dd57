from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model_catalog import Change
from scripts import guards, history, merge
from scripts.sources import Observation, SourceResult

from .conftest import RECORDED
from .conftest import make_model as model


def result(name: str, day: str, *observations: Observation) -> SourceResult:
    return SourceResult(name, f"https://{name}.example/list", day, list(observations))


def test_precedence_and_provenance() -> None:
    official = result("xai-api", "2026-01-01", Observation("xai", "grok-9", {"name": "Grok 9"}))
    mdev = result(
        "models.dev",
        "2026-01-02",
        Observation("xai", "grok-9", {"name": "g9", "pricing.input": 2.0}),
    )
    lite = result(
        "litellm",
        "2026-01-03",
        Observation("xai", "grok-9", {"pricing.input": 3.0, "context_window": 1000}),
    )
    merged = merge.merge(
        [(lite, "aggregate"), (mdev, "aggregate"), (official, "official")], {}, "2026-01-03"
    )
    (model,) = merged.models["xai"]
    assert model.name == "Grok 9"
    assert model.pricing.input == 2.0
    assert model.context_window == 1000
    assert model.provenance == {
        "id": "xai-api",
        "name": "xai-api",
        "pricing.input": "models.dev",
        "context_window": "litellm",
    }
    (conflict,) = merged.conflicts
    assert conflict.field == "pricing.input"
    assert conflict.chosen == ("models.dev", 2.0)
    assert set(merged.sources["xai"]) == {"xai-api", "models.dev", "litellm"}


def test_small_price_differences_are_not_conflicts() -> None:
    a = result("models.dev", "2026-01-01", Observation("x", "m", {"pricing.input": 1.0}))
    b = result("litellm", "2026-01-01", Observation("x", "m", {"pricing.input": 1.04}))
    assert merge.merge([(a, "aggregate"), (b, "aggregate")], {}, "2026-01-01").conflicts == []


def test_lifecycle_from_dates() -> None:
    obs = Observation("x", "old", {"lifecycle.deprecation_date": "2025-01-01"})
    gone = Observation("x", "gone", {"lifecycle.retirement_date": "2025-06-01"})
    later = Observation("x", "later", {"lifecycle.deprecation_date": "2030-01-01"})
    merged = merge.merge(
        [(result("litellm", "2026-01-01", obs, gone, later), "aggregate")], {}, "2026-01-01"
    )
    status = {m.id: m.lifecycle.status for m in merged.models["x"]}
    assert status == {"old": "deprecated", "gone": "retired", "later": "active"}


def test_official_aliases_fold_alias_records() -> None:
    official = result(
        "mistral-api",
        "2026-01-01",
        Observation("mistral", "m-2512", {"aliases": ("m-latest", "m")}),
    )
    aggregate = result(
        "litellm", "2026-01-01", Observation("mistral", "m-latest", {"pricing.input": 1.0})
    )
    merged = merge.merge([(official, "official"), (aggregate, "aggregate")], {}, "2026-01-01")
    (model,) = merged.models["mistral"]
    assert model.id == "m-2512"
    assert model.aliases == ("m", "m-latest")
    assert any("folded" in d for d in merged.dropped_aliases)


def test_aliases_claimed_twice_are_dropped() -> None:
    one = Observation("p", "a", {"aliases": ("shared",)})
    two = Observation("p", "b", {"aliases": ("shared", "b-only")})
    merged = merge.merge(
        [(result("litellm", "2026-01-01", one, two), "aggregate")], {}, "2026-01-01"
    )
    aliases = {m.id: m.aliases for m in merged.models["p"]}
    assert aliases == {"a": (), "b": ("b-only",)}


def test_history_first_and_last_seen_and_retirement() -> None:
    snapshots = history.load_snapshots(RECORDED / "litellm-history")
    assert len(snapshots) == 13
    presence: dict[str, history.Presence] = {}
    dropped = history.replay_snapshots(snapshots, presence)
    assert presence["xai/grok-2"] == history.Presence("2025-02-01", "2026-06-27", "2026-09-06")
    assert presence["anthropic/claude-2.1"].last_seen < "2025-08-05"
    assert presence["openai/gpt-4-32k"].last_seen < "2026-06-27"
    retired = {f"{o.provider}/{o.id}" for r in dropped for o in r.observations}
    assert {"xai/grok-2", "anthropic/claude-2.1", "openai/gpt-4-32k"} <= retired
    assert "openai/gpt-4o" not in retired
    assert history.replay_snapshots([], presence) == []
    changes = history.snapshot_changes(snapshots)
    assert (
        Change(
            field="pricing.input", observed="2025-03-06", old=1.0, new=0.8, source="litellm 1.63.0"
        )
        in changes["anthropic/claude-3-5-haiku-20241022"]
    )


def test_history_ignores_other_files(tmp_path: object) -> None:
    from pathlib import Path

    directory = Path(str(tmp_path))
    (directory / "README.md").write_text("not a snapshot")
    (directory / "2024-01-01_litellm-1.0.0.json").write_text("{broken")
    with pytest.raises(Exception, match="cannot read snapshot"):
        history.load_snapshots(directory)


def test_hold_back_shrinking_provider() -> None:
    old = [model(id=f"m{i}") for i in range(10)]
    kept, held = guards.hold_back("p", old, old[:7])
    assert kept == old
    assert "drop from 10 to 7" in held[0].reason


def test_hold_back_shrinking_limit_and_price_jump() -> None:
    old = [model(id="a", context_window=1000), model(id="b", pricing={"input": 1.0})]
    new = [model(id="a", context_window=500), model(id="b", pricing={"input": 20.0})]
    kept, held = guards.hold_back("p", old, new)
    assert kept == old
    assert len(held) == 2
    assert "context_window would shrink" in held[0].reason
    assert "more than 10x" in held[1].reason


def test_hold_back_allows_normal_changes() -> None:
    old = [model(id="a", pricing={"input": 1.0}), model(id="b", pricing={"input": 0.0})]
    new = [
        model(id="a", pricing={"input": 5.0}),
        model(id="b", pricing={"input": 3.0}),
        model(id="c"),
    ]
    assert guards.hold_back("p", old, new) == (new, [])
    assert guards.hold_back("p", [], new) == (new, [])


def test_validate_semantics() -> None:
    import json

    schema = json.loads((RECORDED.parent.parent.parent / "schema.json").read_text())
    document = {
        "generated": "x",
        "provider": "p",
        "sources": {},
        "models": [
            {
                "provider": "p",
                "id": "a",
                "pricing": {"input": -1.0},
                "context_window": 0,
                "aliases": ["b"],
            },
            {
                "provider": "p",
                "id": "b",
                "aliases": ["z"],
                "pricing": {"tiers": [{"above_input_tokens": 5, "input": -2.0}]},
            },
            {"provider": "p", "id": "b", "aliases": ["z"]},
        ],
    }
    problems = guards.validate("p", document, schema)
    text = "\n".join(problems)
    assert "negative price pricing.input" in text
    assert "negative tier price" in text
    assert "context_window must be positive" in text
    assert "duplicate id" in text
    assert "is another model's id" in text
    assert "also used by" in text
    assert guards.validate("p", {"models": 1}, schema)[0].startswith("p: schema:")


def test_attach_records_todays_change_and_keeps_the_past() -> None:
    past = Change(field="pricing.output", observed="2025-01-01", old=9.0, new=8.0, source="x")
    before = model(pricing={"input": 1.0, "output": 8.0}, context_window=100, history=[past])
    after = model(
        pricing={"input": 2.0, "output": 8.0},
        context_window=100,
        provenance={"pricing.input": "models.dev"},
    )
    recorded = {"p/m": [Change(field="context_window", observed="2024-06-01", old=50, new=100)]}
    (result,) = history.attach([after], recorded, {"p/m": before}, "2026-11-25")
    assert [(c.field, c.observed) for c in result.history] == [
        ("context_window", "2024-06-01"),
        ("pricing.output", "2025-01-01"),
        ("pricing.input", "2026-11-25"),
    ]
    assert result.history[-1] == Change(
        field="pricing.input", observed="2026-11-25", old=1.0, new=2.0, source="models.dev"
    )
    # Nothing changed: the record is returned as it is.
    (same,) = history.attach([result], {}, {"p/m": result}, "2026-11-26")
    assert same is result


@pytest.fixture(scope="module")
def recorded_results() -> list[tuple[SourceResult, str]]:
    from scripts.httpclient import HttpClient
    from scripts.sources import anthropic, models_dev, openrouter

    client = HttpClient(replay=RECORDED)
    return [
        (anthropic.fetch(client, None), "official"),
        (openrouter.fetch(client, None), "official"),
        (models_dev.fetch(client, None), "aggregate"),
    ]


@given(st.randoms(use_true_random=False))
@settings(max_examples=10, deadline=None)
def test_merge_does_not_depend_on_source_order(
    recorded_results: list[tuple[SourceResult, str]], rnd: random.Random
) -> None:
    shuffled = list(recorded_results)
    rnd.shuffle(shuffled)
    first = merge.merge(recorded_results, {}, "2026-11-25")
    again = merge.merge(shuffled, {}, "2026-11-25")
    assert first.models == again.models
