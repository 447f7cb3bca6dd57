"""Answers you can bill by: names, the Mapping contract, immutable records, cost, bad input."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys

import msgspec
import pytest

from model_catalog import (
    AmbiguousModelError,
    CostBreakdown,
    InvalidArgumentError,
    ModelCatalog,
    PriceUnknownError,
    UnknownModelError,
    UnknownProviderError,
    __version__,
    catalog,
)
from model_catalog._types import enc_hook

# Every test here pins names and values of the data rebuilt from tests/fixtures/recorded; the
# nightly skips them on live data (-m 'not regeneration').
pytestmark = pytest.mark.regeneration

# -- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        # provider/id answers from that provider only, never a reseller's id of the same text
        ("anthropic/claude-4-opus", "anthropic/claude-4-opus-20250514"),
        ("anthropic/claude-2.0", "anthropic/claude-2.0"),
        # a bare name prefers the maker's own records, dated ids included
        ("claude-sonnet-4", "anthropic/claude-sonnet-4-20250514"),
        ("claude-3-5-sonnet", "anthropic/claude-3-5-sonnet-20241022"),
        ("claude-opus-4", "anthropic/claude-opus-4-20250514"),
        # version separators fold: the dotted spelling users and OpenRouter use
        ("claude-3.5-sonnet", "anthropic/claude-3-5-sonnet-20241022"),
        ("openrouter/anthropic/claude-3.5-sonnet", "openrouter/anthropic/claude-3.5-sonnet"),
        ("gpt-4o", "openai/gpt-4o"),
        ("gemini/gemini-1.5-pro", "google/gemini-1.5-pro"),
    ],
)
def test_names_resolve_in_the_documented_order(name: str, key: str) -> None:
    assert catalog.get(name).key == key


def test_no_provider_id_name_answers_from_another_provider() -> None:
    wrong = []
    providers = {p.id for p in catalog.providers()}
    for key in catalog.index.ids:
        head = key.partition("/")[0].casefold()
        if "/" not in key:
            continue
        owner = catalog._canonical_provider(head)
        if owner is None or owner not in providers:
            continue
        answer = catalog.get(key, None)
        if answer is not None and answer.provider != owner:
            wrong.append((key, answer.key))
    assert wrong == []


def test_a_provider_id_found_only_elsewhere_suggests_those_records() -> None:
    with pytest.raises(UnknownModelError) as info:
        catalog.get("anthropic/claude-3.7-sonnet:thinking")
    assert "openrouter/anthropic/claude-3.7-sonnet:thinking" in info.value.suggestions
    # The failed name itself (an id of OpenRouter's) is never offered back.
    with pytest.raises(UnknownModelError) as info:
        catalog.get("deepseek/deepseek-v4-pro-0813")
    assert "openrouter/deepseek/deepseek-v4-pro-0813" in info.value.suggestions
    assert "deepseek/deepseek-v4-pro-0813" not in info.value.suggestions


# -- the Mapping contract -----------------------------------------------------------------------


def test_in_is_true_exactly_when_getitem_returns() -> None:
    for name in ("gpt-4o", "gpt-oss-120b", "no-such-model", "", "   ", "anthropic/claude-4-opus"):
        try:
            catalog[name]
        except KeyError:
            returned = False
        except InvalidArgumentError:
            returned = False
        else:
            returned = True
        assert (name in catalog) is returned, name


def test_ambiguous_is_a_key_error_listing_the_choices() -> None:
    with pytest.raises(KeyError) as info:
        catalog["gpt-oss-120b"]
    assert isinstance(info.value, AmbiguousModelError)
    assert "cerebras/gpt-oss-120b" in info.value.candidates
    assert "cerebras/gpt-oss-120b" in str(info.value)


def test_get_with_a_default_never_builds_suggestions(monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = ModelCatalog()

    def refuse(*_args: object) -> tuple[str, ...]:
        raise AssertionError

    monkeypatch.setattr(fresh, "suggest", refuse)
    assert fresh.get("no-such-model-at-all", None) is None
    assert fresh.get("gpt-oss-120b", "x") == "x"
    with pytest.raises(AssertionError):  # without a default, suggestions are built
        fresh.get("no-such-model-at-all")


def test_a_remembered_miss_answers_the_same_way_every_time() -> None:
    fresh = ModelCatalog()
    for _ in range(2):  # the second time from the remembered miss
        assert fresh.get("no-such-model-at-all", "d") == "d"
        assert "no-such-model-at-all" not in fresh
        assert fresh.get("gpt-oss-120b", "d") == "d"  # ambiguous: a miss too
    with pytest.raises(UnknownModelError):  # without a default it still raises, with suggestions
        fresh["no-such-model-at-all"]
    with pytest.raises(AmbiguousModelError):
        fresh.get("gpt-oss-120b")
    assert fresh.get("gpt-4o", None) is not None  # hits are not confused with misses


# -- immutable records --------------------------------------------------------------------------


def test_records_are_immutable_and_hashable() -> None:
    model = catalog.get("gpt-4o")
    with pytest.raises(TypeError):
        model.provenance["pricing.input"] = "x"  # type: ignore[index]
    with pytest.raises(AttributeError):
        model.name = "x"  # type: ignore[misc]
    assert catalog.get("gpt-4o").provenance.get("pricing.input") == "genai-prices"
    assert hash(model) == hash(catalog.get("openai/gpt-4o"))
    assert {model, catalog.get("openai/gpt-4o")} == {model}
    assert pickle.loads(pickle.dumps(model)) == model  # noqa: S301 - our own bytes
    assert json.loads(msgspec.json.encode(model, enc_hook=enc_hook))["provenance"]["id"]


# -- cost ----------------------------------------------------------------------------------------


def test_a_breakdown_names_each_line_and_its_source() -> None:
    model = catalog.get("anthropic/claude-sonnet-4-5-20250929")
    bill = model.breakdown(
        100_000,
        2_000,
        20_000,
        cache_write_tokens=10_000,
        cache_write_1h_tokens=5_000,
        web_searches=2,
    )
    assert isinstance(bill, CostBreakdown)
    lines = {i.component: (i.quantity, i.unit_price, round(i.amount, 6)) for i in bill.items}
    assert lines == {
        "input": (65_000, 3.0, 0.195),
        "cache_read": (20_000, 0.3, 0.006),
        "cache_write": (10_000, 3.75, 0.0375),
        "cache_write_1h": (5_000, 6.0, 0.03),
        "output": (2_000, 15.0, 0.03),
        "web_search": (2, 0.01, 0.02),
    }
    assert round(bill.total, 6) == 0.3185
    assert bill.total == model.cost(
        100_000,
        2_000,
        20_000,
        cache_write_tokens=10_000,
        cache_write_1h_tokens=5_000,
        web_searches=2,
    )
    # models.dev states the same base sheet as LiteLLM and ranks above it (merge rule 3); the
    # 1-hour cache write and web search are LiteLLM's alone.
    assert {item.component: item.source for item in bill.items} == {
        "input": "models.dev",
        "cache_read": "models.dev",
        "cache_write": "models.dev",
        "cache_write_1h": "litellm",
        "output": "models.dev",
        "web_search": "litellm",
    }


def test_batch_flex_and_priority_prices() -> None:
    model = catalog.get("openai/gpt-5")
    p = model.pricing
    assert model.cost(1_000_000, 1_000_000, batch=True) == p.batch_input + p.batch_output  # type: ignore[operator]
    assert model.cost(1_000_000, 0, service_tier="flex") == p.flex_input
    assert model.cost(1_000_000, 0, service_tier="priority") == p.priority_input
    with pytest.raises(InvalidArgumentError, match="service_tier"):
        model.cost(1, 1, service_tier="turbo")  # type: ignore[arg-type]


def test_an_unknown_price_is_named_never_counted_as_zero() -> None:
    model = catalog.get("anthropic/claude-2.1")
    assert model.pricing.cache_read is None
    with pytest.raises(PriceUnknownError, match="the cache_read price is unknown"):
        model.cost(10, 10, cached_input_tokens=5)
    with pytest.raises(PriceUnknownError, match="audio_output"):
        catalog.get("gpt-4o").cost(10, 10, audio_output_tokens=5)


def test_a_price_as_of_a_date_follows_the_history() -> None:
    model = catalog.get("openrouter/openai/o3")
    assert model.cost(1_000_000, 0) == 2.0
    assert model.cost(1_000_000, 0, at="2025-06-03") == 10.0  # before the 2025-06-11 answer
    assert model.cost(1_000_000, 0, at="2025-06-11") == 2.0
    with pytest.raises(PriceUnknownError, match="no evidence before 2025-04-21"):
        model.cost(1, 0, at="2024-01-01")
    with pytest.raises(InvalidArgumentError, match="YYYY-MM-DD"):
        model.cost(1, 0, at="June")


class _NumpyLikeInt:
    def __init__(self, value: int) -> None:
        self.value = value

    def __index__(self) -> int:
        return self.value


def test_counts_are_checked_and_named() -> None:
    model = catalog.get("gpt-4o")
    assert model.cost(_NumpyLikeInt(1_000_000), 0) == 2.5  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="input_tokens must be >= 0"):
        model.cost(-1, 0)
    with pytest.raises(InvalidArgumentError, match="output_tokens must be an int, got float"):
        model.cost(1, 1.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="too large"):
        model.cost(10**30, 0)
    with pytest.raises(InvalidArgumentError, match="cannot exceed input_tokens"):
        model.cost(10, 0, cached_input_tokens=11)


# -- bad input anywhere --------------------------------------------------------------------------


def test_bad_arguments_get_typed_errors_naming_them() -> None:
    with pytest.raises(InvalidArgumentError, match="provider must be a str, got int"):
        catalog.find(provider=123)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="min_context must be an int, got str"):
        catalog.find(min_context="100")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="limit must be an int >= 1"):
        catalog.suggest("gpt", limit=0)
    with pytest.raises(UnknownProviderError, match="unknown provider 'nobody'"):
        catalog.find(provider="nobody")


def test_a_huge_name_gets_a_short_message() -> None:
    with pytest.raises(UnknownModelError) as info:
        catalog.get("x" * 10_000_000)
    assert len(str(info.value)) < 400
    assert "10,000,000 characters" in str(info.value)


def test_find_by_provider_decodes_one_file() -> None:
    fresh = ModelCatalog()
    fresh.find(provider="xai")
    assert set(fresh._files) == {"xai"}


# -- the CLI, as a process ------------------------------------------------------------------------


def cli(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "model_catalog", *argv],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_cli_in_a_closed_pipe_ends_quietly() -> None:
    result = subprocess.run(  # noqa: S602 - a fixed shell pipeline is the point of the test
        f"'{sys.executable}' -m model_catalog list --include-retired | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.startswith("model ")
    assert "Traceback" not in result.stderr
    assert "BrokenPipe" not in result.stderr


def test_cli_version_says_how_old_the_evidence_is() -> None:
    result = cli("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"model-catalog {__version__} (evidence as of 2026-12-01)\n"
    closed = subprocess.run(  # noqa: S602 - a fixed shell pipeline is the point of the test
        f"'{sys.executable}' -m model_catalog --version | true",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert closed.stderr == ""


def test_cli_on_an_ascii_terminal() -> None:
    result = cli("get", "anthropic/claude-3-5-haiku-20241022", env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert " -> " in result.stdout


def test_cli_json_has_every_field() -> None:
    result = cli("get", "gpt-4o", "--json")
    record = json.loads(result.stdout)
    assert record["key"] == "openai/gpt-4o"
    assert record["lifecycle"]["status"] == "active"  # present even at its default
    assert record["pricing"]["audio_output"] is None  # unknown is null, not missing
    cost = json.loads(cli("cost", "gpt-4o", "--input", "1000", "--output", "10", "--json").stdout)
    assert set(cost) == {
        "model",
        "items",
        "total",
        "as_of",
        "usage",
        "service_tier",
        "reported_total",
    }
    assert cost["items"][0]["component"] == "input"
    providers = json.loads(cli("providers", "--json").stdout)
    assert {"id", "name", "models", "spellings", "makes", "file"} <= set(providers[0])


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["get", "gpt-4o-mnii"], 2),  # not found
        (["get", "gpt-oss-120b"], 2),  # ambiguous
        (["list", "--provider", "nobody"], 2),
        (["list", "--bogus"], 1),  # bad usage
        (["cost", "gpt-4o", "--input", "-1", "--output", "0"], 1),  # bad input
        (["cost", "anthropic/claude-2.1", "--input", "9", "--output", "9", "--cached", "2"], 1),
        (["search", "sonnet", "--active"], 0),
    ],
)
def test_cli_exit_codes(argv: list[str], code: int) -> None:
    result = cli(*argv)
    assert result.returncode == code, (result.stdout[-300:], result.stderr)
    assert "Traceback" not in result.stderr


def test_search_shows_status_and_filters_active() -> None:
    out = cli("search", "claude-3", "--active").stdout
    assert "status" in out.splitlines()[0]
    assert " retired " not in out
    assert " retired " in cli("search", "claude-3").stdout


def test_litellm_latest_aliases_resolve() -> None:
    assert catalog.get("claude-opus-latest").key == "anthropic/claude-opus-5-5"
    assert catalog.get("gpt-mini-latest").key == "openai/gpt-5.4-mini"


def test_the_window_and_the_input_limit_are_apart() -> None:
    # OpenAI documents GPT-5 as a 400,000-token window with 272,000 of it for input.
    gpt5 = catalog.get("openai/gpt-5")
    assert (gpt5.context_window, gpt5.max_input_tokens, gpt5.max_output_tokens) == (
        400_000,
        272_000,
        128_000,
    )
