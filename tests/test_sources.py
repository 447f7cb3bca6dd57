"""Every fetcher on replayed real responses: complete, paginated, empty, malformed, refused."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest

from scripts.httpclient import HttpClient, HttpError
from scripts.providers import PROVIDERS
from scripts.sources import (
    NoCredentialsError,
    SourceError,
    anthropic,
    azure_foundry,
    azure_openai,
    azure_retired_models,
    azure_retirements,
    bedrock,
    bedrock_foundation_models,
    cohere,
    cohere_docs,
    curated,
    deepseek,
    discover,
    gemini,
    genai_prices,
    groq,
    litellm,
    mistral,
    mistral_docs,
    models_dev,
    ollama,
    openai,
    openrouter,
    perplexity,
    vertex_ai,
    xai,
    xai_language_models,
)

from .conftest import (
    EXTRA,
    RECORDED,
    ReplayFactory,
    by_id,
    cut_all_entries,
    recorded_body,
    recorded_entry,
    truncated,
)


def test_openai(recorded: HttpClient) -> None:
    recorded.answer_day("2025-11-26")
    result = openai.fetch(recorded, None)
    assert len(result.observations) == 102
    assert result.retrieved == "2025-11-26"
    assert {o.provider for o in result.observations} == {"openai"}
    assert "gpt-4o" in by_id(result)


def test_fetcher_rides_out_429_then_succeeds(replay_dir: ReplayFactory) -> None:
    path = RECORDED / "anthropic_v1-models_2025-11-06.json"
    directory = replay_dir({anthropic.SOURCE.url: {"path": path, "refusals": [[429, 1], [502, 0]]}})
    waits: list[float] = []
    result = anthropic.fetch(HttpClient(replay=directory, sleep=waits.append), None)
    assert len(result.observations) == 9
    assert waits == [1.0, 0.0]


def test_anthropic(recorded: HttpClient) -> None:
    recorded.answer_day("2025-11-06")
    result = anthropic.fetch(recorded, None)
    models = by_id(result)
    assert len(models) == 9
    assert models["claude-sonnet-4-5-20250929"] == {
        "name": "Claude Sonnet 4.5",
        "release_date": "2025-09-29",
    }


def test_gemini_single_page(recorded: HttpClient) -> None:
    recorded.answer_day("2025-04-17")
    models = by_id(gemini.fetch(recorded, None))
    assert len(models) == 50
    pro = models["gemini-1.5-pro"]
    assert pro["max_input_tokens"] == 2000000  # Gemini states the input limit
    assert pro["kind"] == "chat"
    assert models["text-embedding-004"]["kind"] == "embedding"


def test_gemini_follows_next_page_token(replay_dir: ReplayFactory) -> None:
    page1 = EXTRA / "gemini_v1beta-models_2025-09-12_page1.json"
    last = RECORDED / "gemini_v1beta-models_2025-04-17.json"
    token = "Ch5tb2RlbHMvaW1hZ2VuLTMuMC1nZW5lcmF0ZS0wMDI%3D"  # noqa: S105 - a page token
    directory = replay_dir(
        {
            gemini.SOURCE.url: {"path": page1, "recorded": "2025-09-12"},
            f"{gemini.SOURCE.url}?pageToken={token}": {"path": last, "recorded": "2025-09-12"},
        }
    )
    result = gemini.fetch(HttpClient(replay=directory), None)
    assert len(result.observations) == 100
    assert result.retrieved == "2025-09-12"


def test_gemini_missing_next_page_fails_loudly(replay_dir: ReplayFactory) -> None:
    page1 = EXTRA / "gemini_v1beta-models_2025-09-12_page1.json"
    directory = replay_dir({gemini.SOURCE.url: {"path": page1, "recorded": "2025-09-12"}})
    with pytest.raises(HttpError, match="not in the recording"):
        gemini.fetch(HttpClient(replay=directory), None)


def test_mistral_folds_alias_entries(recorded: HttpClient) -> None:
    models = by_id(mistral.fetch(recorded, None))
    assert "mistral-medium-latest" not in models
    medium = models["mistral-medium-2508"]
    assert "mistral-medium-latest" in medium["aliases"]  # type: ignore[operator]
    assert medium["capabilities.tools"] is True
    assert medium["context_window"] == 131072
    assert all("_canonical" not in v for v in models.values())


def test_groq_current_and_old_shape(recorded: HttpClient, replay_dir: ReplayFactory) -> None:
    models = by_id(groq.fetch(recorded, None))
    assert len(models) == 20
    assert all("context_window" in v for v in models.values())
    old = replay_dir({groq.SOURCE.url: {"path": EXTRA / "groq_openai-v1-models_2024-04-20.json"}})
    models = by_id(groq.fetch(HttpClient(replay=old), None))
    assert len(models) == 5
    assert all("max_output_tokens" not in v for v in models.values())


def test_xai_minimal_shape(recorded: HttpClient) -> None:
    recorded.answer_day("2025-08-13")
    models = by_id(xai.fetch(recorded, None))
    assert set(models) >= {"grok-2-1212", "grok-4-0709"}
    assert all(v == {} for v in models.values())


def test_deepseek_and_bedrock(recorded: HttpClient) -> None:
    assert set(by_id(deepseek.fetch(recorded, None))) == {"deepseek-chat", "deepseek-reasoner"}
    assert len(bedrock.fetch(recorded, None).observations) == 37


def test_openrouter_prices_per_token_become_per_million(recorded: HttpClient) -> None:
    recorded.answer_day("2025-05-23")
    models = by_id(openrouter.fetch(recorded, None))
    assert len(models) == 321
    gpt4o = models["openai/gpt-4o"]
    assert gpt4o["pricing.input"] == 2.5
    assert gpt4o["pricing.output"] == 10.0
    assert gpt4o["capabilities.tools"] is True
    # "-1" means "varies" (openrouter/auto): never a price.
    assert "pricing.input" not in models["openrouter/auto"]


def test_openrouter_2026_fields(replay_dir: ReplayFactory) -> None:
    path = EXTRA / "openrouter_api-v1-models_2026-08-04_4-models.json"
    directory = replay_dir({openrouter.SOURCE.url: {"path": path, "recorded": "2026-08-04"}})
    models = by_id(openrouter.fetch(HttpClient(replay=directory), None))
    assert len(models) == 4
    assert any("knowledge_cutoff" in v for v in models.values())


def test_perplexity_prices(recorded: HttpClient) -> None:
    models = by_id(perplexity.fetch(recorded, None))
    assert len(models) == 39
    assert models["anthropic/claude-haiku-4-5"]["pricing.input"] == 1.0
    assert models["anthropic/claude-haiku-4-5"]["pricing.cache_read"] == 0.1


def test_perplexity_refuses_unknown_units(replay_dir: ReplayFactory) -> None:
    path = RECORDED / "perplexity_v1-models_2026-08-10.json"
    body = path.read_bytes().replace(b'"usd_per_1m_tokens"', b'"usd_per_1k_tokens"', 1)
    directory = replay_dir({perplexity.SOURCE.url: {"path": path, "body": body}})
    with pytest.raises(SourceError, match="unknown price unit"):
        perplexity.fetch(HttpClient(replay=directory), None)


def test_azure_lifecycle(recorded: HttpClient) -> None:
    result = azure_openai.fetch(recorded, None)
    assert len(result.observations) == 144
    models = by_id(result)
    dalle = models["dall-e-3-3.0"]
    # Azure's API says "deprecated" for what its policy page calls Retired (410 Gone).
    assert dalle["lifecycle.status"] == "retired"
    assert dalle["lifecycle.retirement_date"] == "2026-03-04"
    assert azure_openai.values_of({"lifecycle_status": "deprecating"}) == {
        "lifecycle.status": "deprecated"
    }
    assert azure_openai.values_of({"lifecycle_status": "generally-available"}) == {}


def test_azure_needs_an_endpoint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("AZURE_OPENAI_ENDPOINT", raising=False)
    with pytest.raises(NoCredentialsError, match="AZURE_OPENAI_ENDPOINT"):
        azure_openai.fetch(HttpClient(), "key")
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://example.openai.azure.com")
    with pytest.raises(NoCredentialsError, match="AZURE_OPENAI_API_KEY"):
        azure_openai.fetch(HttpClient(), None)


def test_ollama_parser_on_a_local_server_response(replay_dir: ReplayFactory) -> None:
    path = EXTRA / "ollama_local-api-tags_2025-06-05.json"
    directory = replay_dir({ollama.SOURCE.url: {"path": path}})
    models = by_id(ollama.fetch(HttpClient(replay=directory), None))
    assert "qwen3:latest" in models
    assert len(models) == 6


@pytest.mark.parametrize(
    "module",
    [openai, deepseek, mistral, groq, xai, perplexity, ollama, bedrock],
)
def test_missing_key_is_reported_not_raised_as_crash(module: object) -> None:
    with pytest.raises(NoCredentialsError, match="no credentials"):
        module.fetch(HttpClient(), None)  # type: ignore[attr-defined]


def test_anthropic_and_gemini_need_keys() -> None:
    with pytest.raises(NoCredentialsError):
        anthropic.fetch(HttpClient(), None)
    with pytest.raises(NoCredentialsError):
        gemini.fetch(HttpClient(), None)


def test_keys_are_sent(replay_dir: ReplayFactory) -> None:
    directory = replay_dir(
        {
            anthropic.SOURCE.url: {"path": RECORDED / "anthropic_v1-models_2025-11-06.json"},
            gemini.SOURCE.url: {"path": RECORDED / "gemini_v1beta-models_2025-04-17.json"},
            openai.SOURCE.url: {"path": RECORDED / "openai_v1-models_2025-11-26.json"},
        }
    )
    client = HttpClient(replay=directory)
    sent: list[dict[str, str]] = []
    original = client.session.get

    def spy(url: str, **kwargs: object) -> object:
        sent.append(dict(kwargs["headers"]))  # type: ignore[call-overload]
        return original(url, **kwargs)  # type: ignore[arg-type]

    client.session.get = spy  # type: ignore[method-assign]
    anthropic.fetch(client, "sk-ant")
    gemini.fetch(client, "g-key")
    openai.fetch(client, "sk-oa")
    assert sent[0]["x-api-key"] == "sk-ant"
    assert sent[1]["x-goog-api-key"] == "g-key"
    assert sent[2]["Authorization"] == "Bearer sk-oa"


@pytest.mark.parametrize(
    ("module", "fixture", "key"),
    [
        (openai, "openai_v1-models_2025-11-26.json", "data"),
        (anthropic, "anthropic_v1-models_2025-11-06.json", "data"),
        (gemini, "gemini_v1beta-models_2025-04-17.json", "models"),
        (mistral, "mistral_v1-models_2025-12-30.json", "data"),
        (groq, "groq_openai-v1-models_2025-12-30.json", "data"),
        (openrouter, "openrouter_api-v1-models_2025-05-23.json", "data"),
        (perplexity, "perplexity_v1-models_2026-08-10.json", "data"),
    ],
)
def test_empty_and_malformed_bodies(
    replay_dir: ReplayFactory, module: object, fixture: str, key: str
) -> None:
    path = RECORDED / fixture
    url = module.SOURCE.url  # type: ignore[attr-defined]
    empty = replay_dir({url: {"path": path, "body": cut_all_entries(path, key)}})
    assert module.fetch(HttpClient(replay=empty), None).observations == []  # type: ignore[attr-defined]
    broken = replay_dir({url: {"path": path, "body": truncated(path)}})
    with pytest.raises(HttpError, match="not JSON"):
        module.fetch(HttpClient(replay=broken), None)  # type: ignore[attr-defined]


def test_wrong_shape_is_a_named_source_error(replay_dir: ReplayFactory) -> None:
    # A real body served where another provider's shape is expected.
    directory = replay_dir(
        {openai.SOURCE.url: {"path": EXTRA / "ollama_local-api-tags_2025-06-05.json"}}
    )
    with pytest.raises(SourceError, match="openai-api: malformed response"):
        openai.fetch(HttpClient(replay=directory), None)
    directory = replay_dir(
        {models_dev.SOURCE.url: {"path": RECORDED / "openai_v1-models_2025-11-26.json"}}
    )
    with pytest.raises(SourceError, match=r"models\.dev"):
        models_dev.fetch(HttpClient(replay=directory), None)


def test_models_dev(recorded: HttpClient) -> None:
    result = models_dev.fetch(recorded, None)
    assert result.retrieved == "2026-05-21"
    models = {(o.provider, o.id): o.values for o in result.observations}
    pro = models[("google", "gemini-2.5-pro")]
    assert pro["pricing.input"] == 1.25
    assert pro["pricing.tiers"] == (
        {"above_input_tokens": 200000, "input": 2.5, "output": 15.0, "cache_read": 0.25},
    )
    assert pro["knowledge_cutoff"] == "2025-01"
    providers = {o.provider for o in result.observations}
    assert {"together", "huggingface", "cohere", "ollama", "vertex_ai"} <= providers


def test_litellm(recorded: HttpClient) -> None:
    result = litellm.fetch(recorded, None)
    models = {(o.provider, o.id): o.values for o in result.observations}
    gpt4o = models[("openai", "gpt-4o")]
    assert gpt4o["pricing.input"] == 2.5
    assert gpt4o["kind"] == "chat"
    assert ("ai21", "jamba-1.5-large") in models
    assert not any("/" in i for p, i in models if p in ("azure_openai", "bedrock"))


def test_litellm_request_constraints(recorded: HttpClient) -> None:
    # LiteLLM 1.110.2 (2026-11-20) lists reasoning effort levels and defaults for some models, and
    # says where sampling parameters (temperature, top_p) are refused.
    models = {(o.provider, o.id): o.values for o in litellm.fetch(recorded, None).observations}
    assert models[("moonshot", "kimi-k3")]["capabilities.reasoning_efforts"] == (
        "low",
        "high",
        "max",
    )
    assert models[("openai", "gpt-5.4")]["capabilities.default_reasoning_effort"] == "none"
    assert models[("anthropic", "claude-opus-4-7")]["capabilities.temperature"] is False
    # Per-level flags alone (gpt-5: minimal yes, xhigh no) name no complete list.
    assert "capabilities.reasoning_efforts" not in models[("openai", "gpt-5")]
    odd = litellm.entry_values(
        {"reasoning_effort_levels": ["low", 3], "default_reasoning_effort": ""}
    )
    assert odd == {}


def test_litellm_key_mapping() -> None:
    assert litellm.catalog_id("xai/grok-2", "xai") == ("xai", "grok-2")
    assert litellm.catalog_id("grok-2", "xai") is None
    assert litellm.catalog_id("azure/eu/gpt-4o", "azure") is None
    assert litellm.catalog_id("gpt-4o", "openai") == ("openai", "gpt-4o")
    assert litellm.catalog_id("x", "some_other_gateway") is None
    assert litellm.catalog_id("xai/", "xai") is None


def test_litellm_tiers() -> None:
    values = litellm.entry_values(
        {
            "mode": "chat",
            "input_cost_per_token": 1.25e-06,
            "input_cost_per_token_above_200k_tokens": 2.5e-06,
            "output_cost_per_token_above_200k_tokens": 1.5e-05,
            "output_cost_per_image": 0.04,
            "output_vector_size": 1536,
            "deprecation_date": "2026-01-01",
            "max_input_tokens": "n/a",
        }
    )
    assert values["pricing.tiers"] == (
        {"above_input_tokens": 200000, "input": 2.5, "output": 15.0},
    )
    assert values["pricing.image_output"] == 0.04
    assert values["capabilities.embedding_dimensions"] == 1536
    assert "context_window" not in values


def test_curated_entries(tmp_path: Path) -> None:
    (tmp_path / "xai.toml").write_text(
        '[[model]]\nid = "grok-2"\nurl = "https://docs.x.ai/docs/models"\n'
        'checked = "2026-11-25"\n[model.values]\n"lifecycle.replacement" = "grok-4"\n'
    )
    (result,) = curated.load(tmp_path)
    assert result.source == "curated xai/grok-2"
    assert result.url == "https://docs.x.ai/docs/models"
    assert result.observations[0].values == {"lifecycle.replacement": "grok-4"}


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            '[[model]]\nid = "a"\nurl = "http://x"\nchecked = "2026-01-01"\nvalues = {k = 1}\n',
            "https",
        ),
        ('[[model]]\nid = "a"\nurl = "https://x"\nchecked = "soon"\nvalues = {k = 1}\n', "YYYY"),
        ('[[model]]\nid = "a"\nurl = "https://x"\nchecked = "2026-01-01"\n', "no values"),
        ('[[model]]\nurl = "https://x"\n', "missing 'id'"),
        ("model = [1]\n", "not a table"),
        ("[[model]\n", "curated"),
    ],
)
def test_curated_errors_name_the_file(tmp_path: Path, text: str, error: str) -> None:
    (tmp_path / "xai.toml").write_text(text)
    with pytest.raises(SourceError, match=error):
        curated.load(tmp_path)


def test_every_source_module_is_discovered() -> None:
    names = [m.SOURCE.name for m in discover()]
    assert names[-2:] == ["models.dev", "litellm"]  # aggregates rank after official lists
    assert {"openai-api", "anthropic-api", "gemini-api", "openrouter-api"} <= set(names)
    assert "curated" not in names  # curated entries are files, not fetched


def test_models_dev_entries_are_dated_by_their_own_last_updated(recorded: HttpClient) -> None:
    recorded.answer_day("2026-05-21")
    result = models_dev.fetch(recorded, None)
    dated = {(o.provider, o.id): o.observed for o in result.observations}
    assert dated[("deepseek", "deepseek-chat")] == "2026-02-28"
    assert result.label == "models-dev 1.0.398"


def test_deepseek_asks_the_documented_path(recorded: HttpClient) -> None:
    assert deepseek.SOURCE.url == "https://api.deepseek.com/models"
    assert len(recorded.recorded_days(deepseek.SOURCE.url)) == 26


def test_a_url_setting_that_is_missing_skips_the_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AZURE_OPENAI_ENDPOINT", raising=False)
    with pytest.raises(NoCredentialsError, match="no endpoint: set AZURE_OPENAI_ENDPOINT"):
        azure_openai.SOURCE.request_url(HttpClient())


def test_litellm_deprecation_date_is_the_shutdown_date() -> None:
    # Every dated LiteLLM entry cites the official page the date comes from; those pages give
    # shutdown dates (claude-sonnet-4-5-20250929 -> 2026-11-30, Anthropic's retirement date).
    values = litellm.entry_values({"mode": "chat", "deprecation_date": "2026-11-30"})
    assert values["lifecycle.retirement_date"] == "2026-11-30"
    assert "lifecycle.deprecation_date" not in values


def test_models_dev_embedding_vector_size_is_not_max_output(recorded: HttpClient) -> None:
    recorded.answer_day("2026-05-21")
    models = {(o.provider, o.id): o.values for o in models_dev.fetch(recorded, None).observations}
    large = models[("azure_openai", "text-embedding-3-large")]
    assert large["capabilities.embedding_dimensions"] == 3072
    assert large["kind"] == "embedding"
    assert "max_output_tokens" not in large


def test_bedrock_foundation_models(recorded: HttpClient) -> None:
    result = bedrock_foundation_models.fetch(recorded, None)
    assert result.retrieved == "2026-02-10"
    models = by_id(result)
    assert len(models) == 135
    legacy = [k for k, v in models.items() if v.get("lifecycle.status") == "deprecated"]
    assert len(legacy) == 22  # Bedrock's LEGACY state
    nemotron = models["nvidia.nemotron-nano-12b-v2"]
    assert nemotron["max_output_tokens"] == 131072
    assert nemotron["input_modalities"] == ("text", "image")
    assert nemotron["kind"] == "chat"


def test_xai_language_models_prices_per_million(recorded: HttpClient) -> None:
    models = by_id(xai_language_models.fetch(recorded, None))
    grok = models["grok-2-1212"]
    assert (grok["pricing.input"], grok["pricing.output"]) == (2.0, 10.0)
    assert "pricing.cache_read" not in grok  # xAI's 0 means "not applicable", not free
    assert grok["aliases"] == ("grok-2", "grok-2-latest")


def test_vertex_publisher_models_are_a_partial_list(recorded: HttpClient) -> None:
    models = by_id(vertex_ai.fetch(recorded, None))
    assert len(models) == 10
    assert "gemini-2.5-flash-lite" in models
    assert vertex_ai.SOURCE.partial


def test_azure_foundry_lists_versions_with_retirement_dates(recorded: HttpClient) -> None:
    result = azure_foundry.fetch(recorded, None)
    assert len(result.observations) == 265
    models = by_id(result)
    dated = [m for m in models.values() if "lifecycle.retirement_date" in m]
    assert len(dated) == 136
    assert models["model-router-2025-11-18"]["lifecycle.retirement_date"] == "2027-05-20"
    # Azure's 2099 days mean "none scheduled" (its retirement schedule lists no date for these)
    assert "lifecycle.retirement_date" not in models["Llama-3.3-70B-Instruct"]
    assert "lifecycle.retirement_date" not in models["gpt-4o-audio-mai"]  # 2099-06-01


def cohere_pages(page: dict[str, object]) -> tuple[bytes, bytes]:
    """The recorded page 1, split in two in code: a first page with the real token, a last page
    with the other models and no token."""
    models = list(page["models"])  # type: ignore[call-overload]
    first = {**page, "models": models[:10]}
    last = {"models": models[10:]}
    return json.dumps(first).encode(), json.dumps(last).encode()


def test_cohere_follows_next_page_token(replay_dir: ReplayFactory) -> None:
    path = EXTRA / "cohere_v1-models_2025-07-18_page1.json"
    page = json.loads(path.read_bytes())
    first, last = cohere_pages(page)
    token = page["next_page_token"]
    directory = replay_dir(
        {
            cohere.SOURCE.url: {"path": path, "body": first, "recorded": "2025-07-18"},
            f"{cohere.SOURCE.url}?page_token={quote(token, safe='')}": {
                "path": path,
                "body": last,
                "recorded": "2025-07-18",
            },
        }
    )
    models = by_id(cohere.fetch(HttpClient(replay=directory), None))
    assert len(models) == 21
    light = models["embed-english-light-v3.0"]
    assert light == {"kind": "embedding", "context_window": 512, "capabilities.vision": False}


def test_cohere_page_one_alone_is_incomplete(replay_dir: ReplayFactory) -> None:
    path = EXTRA / "cohere_v1-models_2025-07-18_page1.json"
    directory = replay_dir({cohere.SOURCE.url: {"path": path, "recorded": "2025-07-18"}})
    with pytest.raises(HttpError, match="not in the recording"):
        cohere.fetch(HttpClient(replay=directory), None)


@pytest.mark.parametrize(
    ("module", "key"),
    [
        (bedrock_foundation_models, "modelSummaries"),
        (xai_language_models, "models"),
        (vertex_ai, "publisherModels"),
        (azure_foundry, "data"),
    ],
)
def test_new_sources_on_empty_and_malformed_variants(
    replay_dir: ReplayFactory, module: object, key: str
) -> None:
    client = HttpClient(replay=RECORDED)
    url = module.SOURCE.request_url(client)  # type: ignore[attr-defined]
    entry = recorded_entry(url)
    body = recorded_body(entry)
    settings = {"AZURE_FOUNDRY_ENDPOINT": "https://rubyllm.services.ai.azure.com"}
    empty = replay_dir(
        {url: {**entry, "body": json.dumps({**json.loads(body), key: []}).encode()}}, settings
    )
    assert module.fetch(HttpClient(replay=empty), None).observations == []  # type: ignore[attr-defined]
    broken = replay_dir({url: {**entry, "body": body[: len(body) // 2]}}, settings)
    with pytest.raises(HttpError, match="not JSON"):
        module.fetch(HttpClient(replay=broken), None)  # type: ignore[attr-defined]


def test_genai_prices_reads_the_window_in_force(recorded: HttpClient) -> None:
    result = genai_prices.fetch(recorded, None)
    assert result.retrieved == "2026-08-21"
    assert result.label == "genai-prices 47df840a"
    models = {(o.provider, o.id): o.values for o in result.observations}
    opus = models[("anthropic", "claude-opus-4-6")]
    # Two windows: tiered prices, then flat ones from 2026-03-13 (in force on 2026-08-21).
    assert opus["pricing.input"] == 5.0
    assert "pricing.tiers" not in opus
    assert opus["pricing.web_search"] == 0.01  # $10 per thousand searches
    earlier = genai_prices.model_values(
        {"prices": json.loads(json.dumps(opus_windows(result)))}, "2026-01-01"
    )
    assert earlier["pricing.tiers"][0]["above_input_tokens"] == 200000
    assert {p for p, _ in models} <= {row.id for row in PROVIDERS}
    assert "context_window" not in opus  # rounded in genai-prices: limits come from elsewhere


def test_genai_prices_priced_by_the_hour_states_no_list_price(recorded: HttpClient) -> None:
    # genai-prices 47df840a: deepseek-chat's unconstrained entry is the off-peak discount (0.135)
    # and its 00:30-16:30 UTC window the standard price (0.27); neither is billed all day.
    models = {(o.provider, o.id): o.values for o in genai_prices.fetch(recorded, None).observations}
    assert not any(path.startswith("pricing.") for path in models["deepseek", "deepseek-chat"])
    # Derived from that real entry: without its time-of-day window, the rest is one list price.
    data = json.loads((RECORDED / "genai-prices_v2-data_2026-08-21.json").read_bytes())
    deepseek = next(p for p in data if p["id"] == "deepseek")
    chat = next(m for m in deepseek["models"] if m["id"] == "deepseek-chat")
    flat = [w for w in chat["prices"] if "constraint" not in w]
    assert genai_prices.model_values({"prices": flat}, "2026-08-21")["pricing.input"] == 0.135


def opus_windows(result: object) -> list[dict[str, object]]:
    data = json.loads((RECORDED / "genai-prices_v2-data_2026-08-21.json").read_bytes())
    anthropic = next(p for p in data if p["id"] == "anthropic")
    model = next(m for m in anthropic["models"] if m["id"] == "claude-opus-4-6")
    prices: list[dict[str, object]] = model["prices"]
    return prices


def test_genai_prices_empty_and_malformed(replay_dir: ReplayFactory) -> None:
    path = RECORDED / "genai-prices_v2-data_2026-08-21.json"
    url = genai_prices.SOURCE.url
    empty = replay_dir({url: {"path": path, "body": b"[]"}})
    assert genai_prices.fetch(HttpClient(replay=empty), None).observations == []
    broken = replay_dir({url: {"path": path, "body": truncated(path)}})
    with pytest.raises(HttpError, match="not JSON"):
        genai_prices.fetch(HttpClient(replay=broken), None)
    shapeless = replay_dir({url: {"path": path, "body": b'{"providers": []}'}})
    with pytest.raises(SourceError, match="expected a list of providers"):
        genai_prices.fetch(HttpClient(replay=shapeless), None)


def test_litellm_placeholder_zeros_are_unknown_and_free_stays_free() -> None:
    document = {
        "command-a-plus-05-2026": {
            "litellm_provider": "cohere_chat",
            "mode": "chat",
            "input_cost_per_token": 0.0,
            "output_cost_per_token": 0.0,
        },
        "gemini/gemma-3-27b-it": {
            "litellm_provider": "gemini",
            "mode": "chat",
            "input_cost_per_token": 0,
            "output_cost_per_token": 0,
        },
        "claude-opus-5-5": {"litellm_provider": "anthropic", "mode": "chat"},
        "claude-opus-latest": {"alias_of": "claude-opus-5-5"},
    }
    found = {(o.provider, o.id): o.values for o in litellm.parse(document)}
    assert "pricing.input" not in found[("cohere", "command-a-plus-05-2026")]  # paid: unknown
    assert found[("google", "gemma-3-27b-it")]["pricing.input"] == 0.0  # AI Studio: free
    assert found[("anthropic", "claude-opus-5-5")]["aliases"] == ("claude-opus-latest",)
    assert ("anthropic", "claude-opus-latest") not in found


def test_mistral_docs_model_cards(recorded: HttpClient) -> None:
    result = mistral_docs.fetch(recorded, None)
    assert result.retrieved == "2026-08-21"
    assert result.url.startswith("https://github.com/mistralai/platform-docs-public/blob/222f4ba9")
    models = by_id(result)
    # 65 cards, 6 of them without an API name (two cards share a name), and 5 linked API names
    assert len(models) == 64
    assert models["open-mistral-nemo-2407"] == {
        "lifecycle.status": "deprecated",
        "release_date": "2024-07-18",
        "lifecycle.deprecation_date": "2026-05-22",
        "lifecycle.retirement_date": "2026-07-31",
        "lifecycle.replacement": "Ministral 3 8B",
        "aliases": ("open-mistral-nemo",),
        "pricing.input": 0.15,
        "pricing.output": 0.15,
        "capabilities.tools": True,
        "capabilities.structured_output": True,
    }
    # Dates written out in words on some cards.
    assert models["magistral-small-2509"]["lifecycle.retirement_date"] == "2026-07-31"
    # Two cards name open-mistral-7b first (v0.2 and v0.3): their shared life, no release date.
    assert models["open-mistral-7b"] == {
        "lifecycle.status": "retired",
        "lifecycle.deprecation_date": "2024-11-30",
        "lifecycle.retirement_date": "2025-03-30",
        "lifecycle.replacement": "Ministral 3 8B",
    }
    assert models["voxtral-mini-2507"]["aliases"] == ("voxtral-mini-latest",)
    assert len([o for o in result.observations if o.id == "voxtral-mini-2507"]) == 1
    assert models["mistral-medium-3-5"]["aliases"] == ("mistral-medium-3", "mistral-medium-latest")
    # The card's other API names carry its life (a dated and an undated id of one model agree);
    # moving -latest aliases do not.
    assert models["open-mistral-nemo"] == {
        k: v for k, v in models["open-mistral-nemo-2407"].items() if k != "aliases"
    }
    assert "mistral-medium-latest" not in models


def test_mistral_docs_bad_cards(replay_dir: ReplayFactory) -> None:
    index = RECORDED / "mistral-docs" / "index.ts"
    empty = replay_dir({mistral_docs.SOURCE.url: {"path": index, "body": b"// no cards\n"}})
    with pytest.raises(SourceError, match="the index imports no model card"):
        mistral_docs.fetch(HttpClient(replay=empty), None)
    with pytest.raises(SourceError, match=r"x\.ts: unreadable date 'soon'"):
        mistral_docs.card_values(
            "identifiers: { apiNames: ['m'] },\nmetadata: {retirementDate: 'soon'},", "x.ts"
        )


def test_cohere_docs_deprecations_page(recorded: HttpClient) -> None:
    result = cohere_docs.fetch(recorded, None)
    assert result.retrieved == "2026-08-20"
    models = by_id(result)
    assert models["c4ai-aya-expanse-8b"] == {"lifecycle.retirement_date": "2026-04-04"}
    assert models["command-r-03-2024"] == {
        "lifecycle.deprecation_date": "2025-09-15",
        "lifecycle.status": "deprecated",
    }
    assert models["rerank-english-v2.0"] == {
        "lifecycle.retirement_date": "2025-04-30",
        "lifecycle.replacement": "rerank-v3.5",
    }
    with pytest.raises(SourceError, match="no dated deprecation section"):
        cohere_docs.parse("# Deprecations\n\nNothing here.\n")


def test_azure_retirement_schedule(recorded: HttpClient) -> None:
    result = azure_retirements.fetch(recorded, None)
    assert result.retrieved == "2026-07-07"
    assert result.url.startswith("https://github.com/MicrosoftDocs/azure-ai-docs/blob/00bb5540")
    models = by_id(result)
    assert len(models) == 205
    # A dated version is Azure's dated id; each version keeps its own date.
    assert models["gpt-4o-2024-05-13"] == {
        "lifecycle.status": "deprecated",
        "lifecycle.retirement_date": "2026-10-01",
        "lifecycle.replacement": "gpt-5.1",
    }
    assert models["gpt-4o-2024-08-06-ev3"]["lifecycle.retirement_date"] == "2026-03-31"
    assert "gpt-4o" not in models  # four versions: the bare name is none of them
    assert models["gpt-4.1"] == models["gpt-4.1-2025-04-14"]  # one version: the name is it
    # Partner models: the name is the id; Legacy still takes deployments; "—" is no date.
    assert models["DeepSeek-R1"] == {
        "lifecycle.status": "active",
        "lifecycle.retirement_date": "2026-08-13",
        "lifecycle.replacement": "DeepSeek-V4-Pro",
    }
    assert models["Llama-3.3-70B-Instruct"] == {"lifecycle.status": "active"}
    assert models["grok-3"]["lifecycle.status"] == "retired"
    assert models["claude-mythos-preview"]["lifecycle.retirement_date"] == "2027-04-02"
    assert models["sora-2-2025-10-06"]["lifecycle.replacement"] == "sora-2-2025-12-08"
    assert models["Cohere-rerank-v3.5"]["lifecycle.replacement"] == "Cohere-rerank-v4.0-pro"
    # The fine-tuning table (training dates) is not read as the models' retirement.
    assert models["o4-mini-2025-04-16"]["lifecycle.retirement_date"] == "2026-10-16"
    # The older answer of 2026-04-23 said otherwise: both are kept as dated evidence.
    recorded.answer_day("2026-04-23")
    older = by_id(azure_retirements.fetch(recorded, None))
    assert older["gpt-4.1-2025-04-14"]["lifecycle.retirement_date"] == "2027-10-14"
    assert older["DeepSeek-R1"] == {"lifecycle.status": "active"}


def test_azure_retirement_schedule_rows_that_disagree_or_cannot_be_read() -> None:
    page = (RECORDED / "azure-retirements" / "schedule-00bb5540.md").read_text()
    table = page.split("### Azure OpenAI")[1].split("#### Fine-tuned")[0]
    header, rule, *rows = [line for line in table.splitlines() if line.startswith("|")]
    ada = [row for row in rows if row.startswith("| text-embedding-ada-002 ")]
    assert len(ada) == 2  # versions 1 and 2 agree: one id, their values
    mini = next(row for row in rows if row.startswith("| gpt-realtime-mini | 2025-10-06 "))
    repeated = mini.replace("2026-07-23", "2026-09-21")  # one version, two dates
    words = next(row for row in rows if row.startswith("| o3 |")).replace("2026-10-16", "soon")
    short = "| gpt-5 | 2025-08-07 | GA |"
    found = azure_retirements.parse("\n".join([header, rule, mini, repeated, words, short, *ada]))
    assert found["gpt-realtime-mini-2025-10-06"] == {"lifecycle.status": "active"}
    assert found["o3-2025-04-16"] == {"lifecycle.status": "active"}  # no date in words
    assert "gpt-5-2025-08-07" not in found
    assert found["text-embedding-ada-002"] == {
        "lifecycle.status": "active",
        "lifecycle.retirement_date": "2027-04-15",
    }
    with pytest.raises(SourceError, match="no row in a retirement schedule table"):
        azure_retirements.parse(page.split("### Azure OpenAI")[0])


def test_an_empty_azure_retirement_schedule_is_refused(replay_dir: ReplayFactory) -> None:
    path = RECORDED / "azure-retirements" / "schedule-00bb5540.md"
    page = path.read_bytes()
    header_only = page.split(b"| codex-mini")[0]  # the first table's header, no row
    directory = replay_dir({azure_retirements.SOURCE.url: {"path": path, "body": header_only}})
    with pytest.raises(SourceError, match="no row in a retirement schedule table"):
        azure_retirements.fetch(HttpClient(replay=directory), None)


def test_azure_retired_models(recorded: HttpClient) -> None:
    result = azure_retired_models.fetch(recorded, None)
    assert result.retrieved == "2026-04-23"
    models = by_id(result)
    assert len(models) == 74
    # One cell, two models and a version; the replacement's version joins its name.
    for model in ("gpt-4-0314", "gpt-4-32k-0314"):
        assert models[model] == {
            "lifecycle.status": "retired",
            "lifecycle.retirement_date": "2025-06-06",
            "lifecycle.replacement": "gpt-4o-2024-11-20",
        }
    assert models["gpt-4o-realtime-preview-2024-10-01"] == {
        "lifecycle.status": "retired",
        "lifecycle.deprecation_date": "2025-02-25",
        "lifecycle.retirement_date": "2025-03-26",
        "lifecycle.replacement": "gpt-4o-realtime-preview-2024-12-17",
    }
    assert models["gpt-35-turbo-16k-0613"]["lifecycle.retirement_date"] == "2025-04-30"
    assert models["Phi-3-mini-4k-instruct"]["lifecycle.replacement"] == "Phi-4-mini-instruct"
    # Prose and N/A are no replacement; a display name is no id.
    assert "lifecycle.replacement" not in models["MAI-DS-R1"]
    assert "lifecycle.replacement" not in models["jais-30b-chat"]
    assert "Jamba Instruct" not in models
    assert "Command R" not in models


def test_azure_retired_models_malformed_and_unreadable() -> None:
    page = (RECORDED / "azure-retirements" / "retired-4345ee01.md").read_text()
    with pytest.raises(SourceError, match="no retired-models table"):
        azure_retired_models.parse(page.split("## Azure OpenAI")[0])
    moonshot = page.split("## Moonshot AI")[1]
    unreadable = moonshot.replace("March 29, 2026", "end of March")
    assert azure_retired_models.parse(unreadable) == {
        "Kimi-k2-thinking": {"lifecycle.status": "retired", "lifecycle.replacement": "Kimi-K2.5"}
    }
    row = next(line for line in moonshot.splitlines() if line.startswith("| Kimi-k2-thinking"))
    repeated = moonshot + "\n" + row.replace("March 29, 2026", "April 1, 2026")
    assert (
        "lifecycle.retirement_date" not in azure_retired_models.parse(repeated)["Kimi-k2-thinking"]
    )


def test_models_dev_states_whether_temperature_may_be_set(recorded: HttpClient) -> None:
    recorded.answer_day("2026-05-21")
    models = {(o.provider, o.id): o.values for o in models_dev.fetch(recorded, None).observations}
    assert models[("anthropic", "claude-opus-4-7")]["capabilities.temperature"] is False
    assert models[("openai", "gpt-4o")]["capabilities.temperature"] is True


def test_litellm_successor_is_an_id_of_the_same_provider(recorded: HttpClient) -> None:
    # LiteLLM 1.110.2 names successors as its own keys; they are read like the entry's key.
    models = {(o.provider, o.id): o.values for o in litellm.fetch(recorded, None).observations}
    bedrock = models["bedrock", "anthropic.claude-sonnet-4-20250514-v1:0"]
    assert bedrock["lifecycle.replacement"] == "anthropic.claude-sonnet-5"
    # Derived from that real entry: a successor of another provider (gpt-5.1 is OpenAI's key)
    # or a name that is no key of the map is no replacement here.
    data = json.loads(recorded_body(recorded_entry(litellm.SOURCE.url)))
    entry = data["anthropic.claude-sonnet-4-20250514-v1:0"]
    for named in ("gpt-5.1", "Nemotron Super VL", 5):
        assert litellm._successor(data, {**entry, "successor_model": named}, "bedrock") is None
