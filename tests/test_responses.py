"""Pricing raw provider responses: usage semantics per API flavour, on real recorded bodies.

Bodies are copied from crmne/ruby_llm's VCR cassettes (tests/fixtures/ORIGIN.md). Broken
variants are derived in code from them. Usage tests need no catalog; bills on the bundled
prices are marked ``regeneration``.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from model_catalog import (
    InvalidArgumentError,
    PriceUnknownError,
    ResponseShapeError,
    UnknownModelError,
    Usage,
    catalog,
)
from model_catalog._cli import main

RESPONSES = Path(__file__).parent / "fixtures" / "responses"


def body(name: str) -> bytes:
    return (RESPONSES / name).read_bytes()


def parsed(name: str) -> dict[str, object]:
    value = json.loads(body(name))
    assert isinstance(value, dict)
    return value


# -- usage: each flavour's semantics -------------------------------------------------------------

USAGES = {
    # OpenAI Responses: output_tokens (157) include the 128 reasoning tokens.
    "openai-responses-gpt-5-nano.json": Usage(
        input_tokens=13, output_tokens=157, reasoning_tokens=128
    ),
    # OpenAI chat completions: prompt_tokens (53) include the 37 audio tokens.
    "openai-chat-gpt-audio-mini.json": Usage(
        input_tokens=53, output_tokens=123, audio_input_tokens=37
    ),
    "openai-chat-gpt-4o-mini-search-preview.json": Usage(input_tokens=13, output_tokens=197),
    # Anthropic: input_tokens (10) exclude the cache write (7351, all 5-minute) and read.
    "anthropic-messages-cache-write.json": Usage(
        input_tokens=7361, output_tokens=4, cache_write_tokens=7351
    ),
    "anthropic-messages-cache-read.json": Usage(
        input_tokens=7361, output_tokens=4, cached_input_tokens=7351
    ),
    # Gemini: thoughts (23) bill as output beside candidatesTokenCount (8).
    "gemini-generate-content-gemini-2.5-flash.json": Usage(
        input_tokens=10, output_tokens=31, reasoning_tokens=23
    ),
    # xAI Responses: input_tokens (425) include the 192 cached; output includes reasoning.
    "xai-responses-cached.json": Usage(
        input_tokens=425, output_tokens=322, cached_input_tokens=192, reasoning_tokens=273
    ),
    "deepseek-chat-deepseek-chat.json": Usage(input_tokens=12, output_tokens=1),
    "mistral-chat-mistral-small-latest.json": Usage(input_tokens=23, output_tokens=9),
    "openrouter-chat-claude-haiku-4-5.json": Usage(input_tokens=16, output_tokens=13),
    # Perplexity: one request fee at the low search context size the response states.
    "perplexity-chat-sonar.json": Usage(input_tokens=9, output_tokens=12, web_searches_low=1),
    # Bedrock Converse: inputTokens exclude cache reads and writes (none here).
    "bedrock-converse-nova-2-lite.json": Usage(input_tokens=53, output_tokens=39),
    # Anthropic Messages through Bedrock InvokeModel: the same usage block.
    "bedrock-invoke-claude-3-5-haiku.json": Usage(input_tokens=16, output_tokens=5),
    # Vertex generateContent: Gemini's semantics, thoughts (19) as output beside 8 candidates.
    "vertex-generate-content-gemini-2.5-flash.json": Usage(
        input_tokens=9, output_tokens=27, reasoning_tokens=19
    ),
    # Azure OpenAI chat completions: OpenAI's, completion_tokens (4600) include 4416 reasoning.
    "azure-chat-gpt-5-nano.json": Usage(input_tokens=50, output_tokens=4600, reasoning_tokens=4416),
    # Cohere bills its billed_units (8 + 8), not the 503 + 11 tokens the model read and wrote.
    "cohere-chat-command-a-03-2025.json": Usage(input_tokens=8, output_tokens=8),
    "cohere-embed-embed-v4.0.json": Usage(input_tokens=7),
    # OpenAI transcriptions: whisper-1 by the second of audio, gpt-4o-transcribe by the token.
    "openai-transcription-whisper-1.json": Usage(input_seconds=4),
    "openai-transcription-gpt-4o-transcribe-diarize.json": Usage(
        input_tokens=37, output_tokens=144, audio_input_tokens=37
    ),
}


def xai_batch_completion(index: int) -> dict[str, object]:
    """One chat completion of the recorded xAI batch results, as the batch API nests it."""
    results = parsed("xai-batch-results-grok-4.3.json")["results"]
    assert isinstance(results, list)
    completion = results[index]["batch_result"]["response"]["chat_get_completion"]
    assert isinstance(completion, dict)
    return completion


@pytest.mark.parametrize("name", sorted(USAGES))
def test_usage_follows_each_providers_semantics(name: str) -> None:
    assert catalog.usage_from(body(name)) == USAGES[name]
    assert catalog.usage_from(parsed(name)) == USAGES[name]
    assert catalog.usage_from(body(name).decode()) == USAGES[name]


def test_anthropic_1h_cache_writes_and_web_searches_are_read_apart() -> None:
    # Derived from the recorded cache write: the same 7351 tokens written to the 1-hour cache,
    # and two server-side web searches, as Anthropic's usage block states them.
    data = parsed("anthropic-messages-cache-write.json")
    usage = data["usage"]
    assert isinstance(usage, dict)
    usage["cache_creation"] = {"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 7351}
    usage["server_tool_use"] = {"web_search_requests": 2}
    assert catalog.usage_from(data) == Usage(
        input_tokens=7361, output_tokens=4, cache_write_1h_tokens=7351, web_searches=2
    )
    usage["cache_creation"] = {"ephemeral_5m_input_tokens": 1, "ephemeral_1h_input_tokens": 7351}
    with pytest.raises(ResponseShapeError, match="does not add up"):
        catalog.usage_from(data)


def test_deepseek_cache_hits_are_cached_input() -> None:
    # Derived from the recorded DeepSeek body: 8 of the 12 prompt tokens hit the cache.
    data = parsed("deepseek-chat-deepseek-chat.json")
    usage = data["usage"]
    assert isinstance(usage, dict)
    usage.update(prompt_cache_hit_tokens=8, prompt_cache_miss_tokens=4)
    usage.pop("prompt_tokens_details")
    assert catalog.usage_from(data).cached_input_tokens == 8


def test_gemini_cached_audio_is_read_apart_from_cached_text_and_fresh_audio() -> None:
    # Derived from the recorded Gemini body: a prompt of 10 tokens, 6 of them audio, 4 of those
    # read from the cache with 2 cached text tokens (promptTokensDetails and cacheTokensDetails,
    # as the Gemini API's UsageMetadata documents them).
    data = parsed("gemini-generate-content-gemini-2.5-flash.json")
    usage = data["usageMetadata"]
    assert isinstance(usage, dict)
    assert usage["promptTokenCount"] == 10
    usage["promptTokensDetails"] = [
        {"modality": "TEXT", "tokenCount": 4},
        {"modality": "AUDIO", "tokenCount": 6},
    ]
    usage["cachedContentTokenCount"] = 6
    usage["cacheTokensDetails"] = [
        {"modality": "TEXT", "tokenCount": 2},
        {"modality": "AUDIO", "tokenCount": 4},
    ]
    read = catalog.usage_from(data)
    assert (read.cached_input_tokens, read.cached_audio_input_tokens, read.audio_input_tokens) == (
        2,
        4,
        2,
    )
    usage["cachedContentTokenCount"] = 3  # derived: fewer cached tokens than cached audio
    with pytest.raises(ResponseShapeError, match="counts 4 AUDIO tokens"):
        catalog.usage_from(data)


def test_xai_chat_completions_count_reasoning_apart_from_completion_tokens() -> None:
    # total_tokens (287) = prompt (204) + completion (1) + reasoning (82): xAI's completion
    # count leaves reasoning out, which OpenAI's includes; both bill it as output.
    usage = catalog.usage_from(xai_batch_completion(0))
    assert usage == Usage(
        input_tokens=204, output_tokens=83, cached_input_tokens=192, reasoning_tokens=82
    )
    assert catalog.usage_from(xai_batch_completion(1)).output_tokens == 2 + 62


# -- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "excess"),
    [
        # Grok on Azure AI Foundry: 163 cached tokens of a 7-token prompt.
        ("azure-chat-grok-4-1-fast-non-reasoning.json", r"cached_input_tokens \(163\)"),
        # Mistral's voxtral counts its 375 audio tokens outside prompt_tokens (9).
        ("mistral-chat-voxtral-small-latest.json", r"audio_input_tokens \(375\)"),
    ],
)
def test_counts_that_contradict_each_other_are_no_bill(name: str, excess: str) -> None:
    with pytest.raises(ResponseShapeError, match=f"usage does not add up: {excess}"):
        catalog.usage_from(body(name))
    with pytest.raises(ResponseShapeError, match="cannot exceed input_tokens"):
        catalog.price_response(body(name), model="gpt-4o")


def test_broken_counts_of_gemini_and_cohere_are_named() -> None:
    data = parsed("vertex-generate-content-gemini-2.5-flash.json")
    usage = data["usageMetadata"]
    assert isinstance(usage, dict)
    usage["cacheTokensDetails"] = [{"modality": "AUDIO", "tokenCount": -3}]  # derived
    with pytest.raises(ResponseShapeError, match=r"cacheTokensDetails\.tokenCount must be a count"):
        catalog.usage_from(data)
    data = parsed("cohere-chat-command-a-03-2025.json")
    data["usage"] = {"billed_units": {}}  # derived: billed units that count nothing
    with pytest.raises(ResponseShapeError, match=r"usage\.billed_units states no billed count"):
        catalog.usage_from(data)


def test_a_time_with_nanoseconds_dates_the_response() -> None:
    # Derived: Vertex's createTime at protobuf's nanosecond precision (the recording has 6 digits),
    # which datetime.fromisoformat takes only from Python 3.11 on.
    data = parsed("vertex-generate-content-gemini-2.5-flash.json")
    data["createTime"] = "2026-08-19T23:59:59.560385123Z"
    assert catalog.price_response(data, provider="vertex_ai").as_of == "2026-08-19"


@pytest.mark.parametrize("created", ["yesterday", 1e300, "2026-02-30T10:00:00Z"])
def test_a_timestamp_that_is_no_time_is_a_named_error(created: object) -> None:
    data = parsed("azure-chat-gpt-5-nano.json")
    data["created"] = created  # derived: the recorded body with its created field broken
    with pytest.raises(ResponseShapeError, match="response created must be a time"):
        catalog.price_response(data, provider="azure_openai")
    data = parsed("vertex-generate-content-gemini-2.5-flash.json")
    data["createTime"] = created  # derived likewise
    with pytest.raises(ResponseShapeError, match="response createTime must be a time"):
        catalog.price_response(data, provider="vertex_ai")


def test_a_malformed_body_is_a_named_error() -> None:
    truncated = body("openai-responses-gpt-5-nano.json")[:200]  # derived: cut mid-body
    with pytest.raises(ResponseShapeError, match="response body is not JSON"):
        catalog.usage_from(truncated)
    with pytest.raises(ResponseShapeError, match="must be a JSON object"):
        catalog.usage_from([parsed("mistral-chat-mistral-small-latest.json")])


def test_an_unknown_shape_names_what_was_missing() -> None:
    data = parsed("mistral-chat-mistral-small-latest.json")
    del data["usage"]  # derived: a chat completion without its usage block
    with pytest.raises(ResponseShapeError, match=r"unknown response shape.*top-level keys: "):
        catalog.usage_from(data)
    data = parsed("mistral-chat-mistral-small-latest.json")
    usage = data["usage"]
    assert isinstance(usage, dict)
    usage["completion_tokens"] = -1  # derived: an impossible count
    with pytest.raises(ResponseShapeError, match=r"usage.completion_tokens must be a count"):
        catalog.usage_from(data)


@pytest.mark.parametrize(
    ("name", "flavour"),
    [
        ("bedrock-converse-nova-2-lite.json", "bedrock converse"),
        ("cohere-chat-command-a-03-2025.json", "cohere"),
        ("openai-transcription-whisper-1.json", "audio transcription"),
    ],
)
def test_a_body_without_a_model_is_billed_only_as_the_model_named(name: str, flavour: str) -> None:
    with pytest.raises(ResponseShapeError, match=f"the {flavour} response names no model"):
        catalog.price_response(body(name))


# -- bills on the bundled prices ------------------------------------------------------------------


@pytest.mark.regeneration
def test_xai_bill_matches_the_cost_xai_reported() -> None:
    bill = catalog.price_response(body("xai-responses-cached.json"))
    assert bill.model == "xai/grok-4.3"
    assert bill.as_of == "2026-08-10"  # the response's created_at
    assert [(i.component, i.quantity) for i in bill.items] == [
        ("input", 233),
        ("cache_read", 192),
        ("output", 322),
    ]
    assert bill.reported_total == pytest.approx(0.00113465)  # cost_in_usd_ticks
    assert bill.total == pytest.approx(bill.reported_total, rel=1e-12)


@pytest.mark.regeneration
def test_anthropic_cache_reads_and_writes_bill_at_their_prices() -> None:
    write = catalog.price_response(body("anthropic-messages-cache-write.json"))
    read = catalog.price_response(body("anthropic-messages-cache-read.json"))
    assert write.model == read.model == "anthropic/claude-haiku-4-5-20251001"
    assert write.total == pytest.approx((10 * 1.0 + 7351 * 1.25 + 4 * 5.0) / 1e6)
    assert read.total == pytest.approx((10 * 1.0 + 7351 * 0.1 + 4 * 5.0) / 1e6)
    assert write.usage == USAGES["anthropic-messages-cache-write.json"]


@pytest.mark.regeneration
@pytest.mark.parametrize(
    ("name", "provider", "key", "total"),
    [
        ("openai-responses-gpt-5-nano.json", None, "openai/gpt-5-nano-2025-08-07", 6.345e-05),
        ("openai-chat-gpt-audio-mini.json", "openai", "openai/gpt-audio-mini-2025-12-15", 6.748e-4),
        (
            "gemini-generate-content-gemini-2.5-flash.json",
            "google",
            "google/gemini-2.5-flash",
            8.05e-5,
        ),
        ("deepseek-chat-deepseek-chat.json", "deepseek", "deepseek/deepseek-v4-flash", 1.96e-06),
        (
            "mistral-chat-mistral-small-latest.json",
            "mistral",
            "mistral/mistral-small-2603",
            8.85e-06,
        ),
    ],
)
def test_a_response_is_billed_as_its_model_tier_and_date(
    name: str, provider: str | None, key: str, total: float
) -> None:
    bill = catalog.price_response(body(name), provider=provider)
    assert bill.model == key
    assert bill.total == pytest.approx(total)
    assert bill.usage == USAGES[name]


@pytest.mark.regeneration
@pytest.mark.parametrize(
    ("name", "provider", "key", "as_of"),
    [
        # Vertex states its createTime; Azure its created.
        (
            "vertex-generate-content-gemini-2.5-flash.json",
            "vertex_ai",
            "vertex_ai/gemini-2.5-flash",
            "2026-08-19",
        ),
        (
            "azure-chat-gpt-5-nano.json",
            "azure_openai",
            "azure_openai/gpt-5-nano-2025-08-07",
            "2026-08-19",
        ),
        # InvokeModel names Anthropic's id; Bedrock's carries the maker: anthropic.<id>-v1:0.
        (
            "bedrock-invoke-claude-3-5-haiku.json",
            "bedrock",
            "bedrock/anthropic.claude-3-5-haiku-20241022-v1:0",
            None,
        ),
    ],
)
def test_each_cloud_flavour_is_billed_as_its_model_and_date(
    name: str, provider: str, key: str, as_of: str | None
) -> None:
    bill = catalog.price_response(body(name), provider=provider)
    assert (bill.model, bill.as_of, bill.usage) == (key, as_of, USAGES[name])
    pricing = catalog[key].pricing
    assert pricing.input is not None
    assert pricing.output is not None
    usage = USAGES[name]
    assert bill.total == pytest.approx(
        (usage.input_tokens * pricing.input + usage.output_tokens * pricing.output) / 1e6
    )


@pytest.mark.regeneration
def test_a_body_that_names_no_model_is_billed_as_the_model_passed() -> None:
    whisper = catalog.price_response(body("openai-transcription-whisper-1.json"), model="whisper-1")
    assert whisper.model == "openai/whisper-1"
    assert [(i.component, i.quantity, i.unit) for i in whisper.items] == [
        ("input_seconds", 4, "second")
    ]
    assert whisper.total == pytest.approx(4 * 0.0001)  # $0.006 a minute
    name = "openai-transcription-gpt-4o-transcribe-diarize.json"
    diarize = catalog.price_response(body(name), model="gpt-4o-transcribe-diarize")
    pricing = catalog["openai/gpt-4o-transcribe-diarize"].pricing
    assert pricing.audio_input is not None
    assert pricing.output is not None
    assert [(i.component, i.quantity) for i in diarize.items] == [
        ("audio_input", 37),
        ("output", 144),
    ]
    assert diarize.total == pytest.approx((37 * pricing.audio_input + 144 * pricing.output) / 1e6)
    # Converse names no model either; the request's modelId (as recorded) does.
    converse = catalog.price_response(
        body("bedrock-converse-nova-2-lite.json"),
        provider="bedrock",
        model="us.amazon.nova-2-lite-v1:0",
    )
    assert converse.model == "bedrock/us.amazon.nova-2-lite-v1:0"
    assert converse.total == pytest.approx((53 * 0.33 + 39 * 2.75) / 1e6)
    cohere = catalog.price_response(
        body("cohere-chat-command-a-03-2025.json"), model="command-a-03-2025"
    )
    assert (cohere.model, cohere.total) == ("cohere/command-a-03-2025", pytest.approx(8e-6 * 12.5))


@pytest.mark.regeneration
def test_model_names_an_unknown_or_missing_model_but_never_replaces_the_bodys() -> None:
    # OpenRouter's response names an id its listing does not use: model= says which it was.
    name = "openrouter-chat-claude-haiku-4-5.json"
    bill = catalog.price_response(
        body(name), provider="openrouter", model="anthropic/claude-haiku-4.5"
    )
    assert bill.model == "openrouter/anthropic/claude-haiku-4.5"
    assert bill.total == pytest.approx(bill.reported_total)  # OpenRouter's own usage.cost
    # The same model spelled otherwise is no conflict; another model is.
    same = catalog.price_response(
        body("anthropic-messages-cache-read.json"), model="Anthropic/Claude-Haiku-4-5-20251001"
    )
    assert same.model == "anthropic/claude-haiku-4-5-20251001"
    with pytest.raises(
        InvalidArgumentError, match=r"names 'claude-haiku-4-5-20251001'.*not 'gpt-4o'"
    ):
        catalog.price_response(body("anthropic-messages-cache-read.json"), model="gpt-4o")


@pytest.mark.regeneration
def test_a_cohere_billed_unit_the_catalog_has_no_price_for_is_named() -> None:
    data = parsed("cohere-chat-command-a-03-2025.json")
    usage = data["usage"]
    assert isinstance(usage, dict)
    usage["billed_units"]["classifications"] = 1  # derived: a unit Cohere's API reference lists
    with pytest.raises(PriceUnknownError, match=r"billed units classifications"):
        catalog.price_response(data, model="command-a-03-2025")


@pytest.mark.regeneration
def test_xai_batch_result_billed_as_batch_is_what_xai_reported() -> None:
    # The batch API's results say service_tier "default": billed as that, standard prices; as
    # a batch result, LiteLLM's batch prices for grok-4.3 (input, cache read and output, each
    # 0.8x) give exactly the 2087200 ticks xAI reported.
    completion = xai_batch_completion(0)
    standard = catalog.price_response(completion)
    bill = catalog.price_response(completion, batch=True)
    assert [(i.component, i.quantity, i.price) for i in bill.items] == [
        ("input", 12, "pricing.batch_input"),
        ("cache_read", 192, "pricing.batch_cache_read"),
        ("output", 83, "pricing.batch_output"),
    ]
    assert bill.reported_total == pytest.approx(0.00020872)
    assert bill.total == pytest.approx(bill.reported_total, rel=1e-12)
    assert standard.total * 0.8 == pytest.approx(bill.total, rel=1e-12)
    data = dict(completion, service_tier="priority")  # derived: a tier batches do not have
    with pytest.raises(InvalidArgumentError, match="priority tier, which batch prices"):
        catalog.price_response(data, batch=True)


@pytest.mark.regeneration
def test_the_served_tier_picks_the_price() -> None:
    # Derived from the recorded gpt-5-nano response: the same usage served on the flex tier.
    data = parsed("openai-responses-gpt-5-nano.json")
    data["service_tier"] = "flex"
    bill = catalog.price_response(data)
    assert bill.service_tier == "flex"
    assert {i.price for i in bill.items} == {"pricing.flex_input", "pricing.flex_output"}
    data["service_tier"] = "scale"
    with pytest.raises(PriceUnknownError, match="service tier 'scale'"):
        catalog.price_response(data)


@pytest.mark.regeneration
def test_an_explicit_at_overrides_the_responses_date() -> None:
    bill = catalog.price_response(body("mistral-chat-mistral-small-latest.json"), at="2026-09-01")
    assert bill.as_of == "2026-09-01"


@pytest.mark.regeneration
def test_perplexitys_request_fee_is_billed_at_the_size_it_states() -> None:
    # Perplexity charged a $0.005 request fee at the low search context size; LiteLLM states
    # sonar's fee per size (low 0.005, medium 0.008, high 0.012). The bill is Perplexity's own
    # total to its rounding (it states each line to 5 decimals: 9 tokens at $1/1M as 1e-05).
    bill = catalog.price_response(body("perplexity-chat-sonar.json"))
    (fee,) = (i for i in bill.items if i.component == "web_search_low")
    assert (fee.quantity, fee.unit_price, fee.source) == (1, 0.005, "litellm")
    assert bill.reported_total == pytest.approx(0.00502)
    assert bill.total == pytest.approx(bill.reported_total, abs=1e-5)


@pytest.mark.regeneration
def test_a_fee_the_catalog_does_not_bill_is_named_not_dropped() -> None:
    # Derived from the recorded sonar body: a search context size no source prices.
    data = parsed("perplexity-chat-sonar.json")
    usage = data["usage"]
    assert isinstance(usage, dict)
    usage["search_context_size"] = "maximum"
    with pytest.raises(PriceUnknownError, match=r"search fee at search context size 'maximum'"):
        catalog.price_response(data)


@pytest.mark.regeneration
def test_perplexitys_request_fee_at_the_medium_size_is_one_web_search() -> None:
    # Derived from the recorded sonar body: the same request at the medium search context size,
    # the size LiteLLM's per-query price (pricing.web_search) is stated at.
    data = parsed("perplexity-chat-sonar.json")
    usage = data["usage"]
    assert isinstance(usage, dict)
    usage["search_context_size"] = "medium"
    bill = catalog.price_response(data)
    assert bill.usage is not None
    assert bill.usage.web_searches == 1
    (search,) = (i for i in bill.items if i.component == "web_search")
    assert (search.unit_price, search.source) == (0.008, "litellm")


@pytest.mark.regeneration
def test_openrouters_response_model_spelling_is_not_an_openrouter_id() -> None:
    # OpenRouter answers "anthropic/claude-4.5-haiku-20251001", an id its listing does not use.
    with pytest.raises(UnknownModelError, match=r"claude-4\.5-haiku-20251001"):
        catalog.price_response(body("openrouter-chat-claude-haiku-4-5.json"), provider="openrouter")


@pytest.mark.regeneration
def test_openrouters_reported_cost_cross_checks_the_listed_price() -> None:
    usage = catalog.usage_from(body("openrouter-chat-claude-haiku-4-5.json"))
    reported = parsed("openrouter-chat-claude-haiku-4-5.json")["usage"]
    assert isinstance(reported, dict)
    model = catalog.get("openrouter/anthropic/claude-haiku-4.5")
    assert model.cost(usage.input_tokens, usage.output_tokens) == pytest.approx(reported["cost"])


# -- the CLI -------------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.regeneration
def test_cli_prices_a_saved_response(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(RESPONSES / "xai-responses-cached.json")
    code, out, _ = run(capsys, "cost", "--response", path, "--provider", "xai")
    assert code == 0
    assert "xai/grok-4.3: $0.001135 (prices as of 2026-08-10)" in out
    assert "the response reported $0.001135" in out
    code, out, _ = run(capsys, "cost", "--response", path, "--json")
    bill = json.loads(out)
    assert (bill["model"], bill["usage"]["cached_input_tokens"]) == ("xai/grok-4.3", 192)
    # A body that names no model: NAME says which model it was sent to.
    path = str(RESPONSES / "openai-transcription-whisper-1.json")
    code, out, _ = run(capsys, "cost", "whisper-1", "--response", path)
    assert code == 0
    assert "openai/whisper-1: $0.000400" in out


@pytest.mark.regeneration
def test_cli_reads_a_response_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = body("anthropic-messages-cache-read.json")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    code, out, _ = run(capsys, "cost", "--response", "-", "--json")
    assert code == 0
    assert json.loads(out)["usage"]["cached_input_tokens"] == 7351
    # A batch result (one completion of the recorded xAI batch results), piped in: --batch.
    raw = json.dumps(xai_batch_completion(0)).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    code, out, _ = run(capsys, "cost", "--response", "-", "--batch")
    assert code == 0
    assert "xai/grok-4.3: $0.000209" in out
    assert "the response reported $0.000209" in out


def test_cli_response_errors_name_the_file_and_the_mixup(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "cost", "--response", "/nonexistent/saved.json")
    assert code == 1
    assert err.startswith("model-catalog: cannot read --response /nonexistent/saved.json: No such")
    path = str(RESPONSES / "bedrock-converse-nova-2-lite.json")
    code, _, err = run(capsys, "cost", "--response", path, "--input", "5")
    assert code == 1
    assert "takes the counts and tier from the body (--batch for a batch result)" in err
    code, _, err = run(capsys, "cost", "--response", path, "--provider", "bedrock")
    assert code == 1
    assert "names no model" in err
    code, _, err = run(capsys, "cost", "gpt-4o", "--input", "5")
    assert code == 1
    assert "cost gpt-4o needs --input N and --output N" in err
