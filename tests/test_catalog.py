from __future__ import annotations

import threading
from pathlib import Path

import pytest

from model_catalog import (
    AmbiguousModelError,
    CatalogDataError,
    Model,
    ModelCatalog,
    UnknownModelError,
    catalog,
)

from .conftest import DATA, REPORTS

# Every test here pins names and values of the data rebuilt from tests/fixtures/recorded; the
# nightly skips them on live data (-m 'not regeneration').
pytestmark = pytest.mark.regeneration


def test_grok_2_is_answerable_and_retired() -> None:
    # xAI's /v1/language-models (2025-09-04) lists grok-2 as an alias of grok-2-1212.
    model = catalog.get("grok-2")
    assert model.key == "xai/grok-2-1212"
    assert "grok-2" in model.aliases
    assert model.lifecycle.status == "retired"
    assert model.lifecycle.first_seen == "2025-02-01"
    assert model.lifecycle.last_seen == "2026-06-27"
    # Limits are one source's set (merge rule 8): LiteLLM's (max input and output 131,072, its
    # last word 2026-06-27) wins; models.dev's window of 131,072 comes with a max output of 8,192,
    # which disagrees, so the window stays unknown rather than mixed in.
    assert (model.context_window, model.max_input_tokens) == (None, 131072)
    assert model.max_output_tokens == 131072
    assert model.pricing.input == 2.0


def test_provider_slash_id() -> None:
    assert catalog.get("anthropic/claude-3-7-sonnet-20250219").provider == "anthropic"


def test_provider_ids_may_contain_slashes() -> None:
    model = catalog.get("openrouter/openai/gpt-4o")
    assert (model.provider, model.id) == ("openrouter", "openai/gpt-4o")


def test_provider_alias_spelling() -> None:
    assert catalog.get("gemini/gemini-1.5-pro").provider == "google"
    assert catalog.get("Azure/gpt-4o").provider == "azure_openai"


def test_bare_id_prefers_first_party() -> None:
    assert catalog.get("gpt-4o").provider == "openai"
    assert catalog.get("claude-3-7-sonnet-20250219").provider == "anthropic"
    assert catalog.get("mistral-large-latest").provider == "mistral"
    assert catalog.get("deepseek-chat").provider == "deepseek"


def test_case_and_whitespace_are_forgiven() -> None:
    assert catalog.get("  GPT-4o ").key == "openai/gpt-4o"


def test_alias_resolves() -> None:
    index = catalog.index
    alias, keys = next(iter(index.aliases.items()))
    assert catalog.get(alias).key in keys


def test_ambiguous_without_first_party() -> None:
    ambiguous = [
        model_id
        for model_id, providers in catalog.index.ids.items()
        if len(providers) > 1
        and "/" not in model_id  # provider/id names answer from that provider only
        and not any(model_id.startswith(p) for p in ("gpt", "claude", "gemini", "grok"))
    ]
    unresolved = []
    for model_id in ambiguous:
        try:
            catalog.get(model_id)
        except AmbiguousModelError as exc:
            unresolved.append(exc)
    assert unresolved
    info = unresolved[0]
    assert len(info.candidates) > 1
    assert info.name in str(info)


def test_unknown_model_suggests() -> None:
    with pytest.raises(UnknownModelError) as info:
        catalog.get("gpt-4o-mnii")
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, LookupError)
    assert 0 < len(info.value.suggestions) <= 5
    assert "did you mean" in str(info.value)
    assert "gpt-4o-mini" in info.value.suggestions


def test_unknown_without_suggestions() -> None:
    with pytest.raises(UnknownModelError) as info:
        catalog.get("zzzzzzzzzzzzzzzzzzzzzz")
    assert str(info.value) == "unknown model 'zzzzzzzzzzzzzzzzzzzzzz'"


@pytest.mark.parametrize("bad", ["", "   "])
def test_empty_name(bad: str) -> None:
    with pytest.raises(ValueError, match="empty"):
        catalog.get(bad)


def test_non_string_name() -> None:
    with pytest.raises(TypeError, match="str"):
        catalog.get(42)  # type: ignore[arg-type]


def test_mapping_protocol() -> None:
    assert "gpt-4o" in catalog
    assert "no-such-model-at-all" not in catalog
    assert 42 not in catalog
    assert catalog["xai/grok-2"].id == "grok-2-1212"  # through xAI's alias
    keys = list(catalog)
    assert len(keys) == len(catalog) == len(set(keys))
    assert all(isinstance(m, Model) for m in catalog.values())


def test_every_provider_of_the_brief_has_records() -> None:
    expected = {
        "openai",
        "anthropic",
        "google",
        "vertex_ai",
        "azure_openai",
        "bedrock",
        "mistral",
        "xai",
        "groq",
        "together",
        "openrouter",
        "deepseek",
        "cohere",
        "perplexity",
        "ai21",
        "huggingface",
        "ollama",
    }
    counts = {p.id: p.models for p in catalog.providers()}
    assert expected <= set(counts)
    assert all(counts[p] > 0 for p in expected)


def test_find_filters() -> None:
    vision = catalog.find(provider="anthropic", capability="vision")
    assert vision
    assert all(m.capabilities.vision for m in vision)
    assert all(m.lifecycle.status != "retired" for m in vision)
    big = catalog.find(min_context=1_000_000)
    assert big
    assert all((m.context_window or m.max_input_tokens or 0) >= 1_000_000 for m in big)
    embeddings = catalog.find(kind="embedding", provider="openai")
    assert embeddings
    assert all(m.kind == "embedding" for m in embeddings)
    with_retired = catalog.find(provider="xai", include_retired=True)
    assert any(m.id == "grok-2-1212" for m in with_retired)
    assert not any(m.id == "grok-2-1212" for m in catalog.find(provider="xai"))


def test_find_rejects_unknown_filters() -> None:
    with pytest.raises(ValueError, match="capability"):
        catalog.find(capability="telepathy")
    with pytest.raises(KeyError, match="unknown provider"):
        catalog.find(provider="nobody")


def test_search() -> None:
    hits = catalog.search("sonnet")
    assert hits
    assert all("sonnet" in (m.id + (m.name or "")).lower() or m.aliases for m in hits)
    with pytest.raises(ValueError, match="empty"):
        catalog.search("  ")


def test_source_of_field() -> None:
    model = catalog.get("openai/gpt-4o")
    source = catalog.source_of(model, "pricing.input")
    assert source is not None
    assert source.url.startswith("https://")
    assert len(source.retrieved) == 10
    assert catalog.source_of(model, "no.such.field") is None


def test_every_price_cites_a_source() -> None:
    for model in catalog.all():
        for field in model.pricing.__struct_fields__:
            value = getattr(model.pricing, field)
            if value not in (None, ()):
                assert f"pricing.{field}" in model.provenance, (model.key, field)
                assert catalog.source_of(model, f"pricing.{field}") is not None


def test_missing_data_dir_names_the_file(tmp_path: Path) -> None:
    broken = ModelCatalog(str(tmp_path))
    with pytest.raises(CatalogDataError, match=r"index\.json"):
        broken.get("gpt-4o")


def test_corrupt_provider_file_names_the_file(tmp_path: Path) -> None:
    for path in DATA.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "xai.json").write_bytes(b'{"generated": "x", "models": [')
    broken = ModelCatalog(str(tmp_path))
    with pytest.raises(CatalogDataError, match=r"xai\.json"):
        broken.get("xai/grok-2")
    (tmp_path / "index.json").write_bytes(b"not json")
    with pytest.raises(CatalogDataError, match=r"index\.json"):
        ModelCatalog(str(tmp_path)).get("gpt-4o")


def test_concurrent_first_use_decodes_once() -> None:
    fresh = ModelCatalog()
    results: list[str] = []

    def look() -> None:
        results.append(fresh.get("grok-2").key)

    threads = [threading.Thread(target=look) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["xai/grok-2-1212"] * 8


def test_warm_lookups_are_remembered_per_spelling() -> None:
    fresh = ModelCatalog()
    first = fresh["gpt-4o"]
    assert fresh["gpt-4o"] is first
    assert fresh.get("gpt-4o") is first
    with pytest.raises(TypeError, match="must be a str"):
        fresh[["gpt-4o"]]  # type: ignore[index]


def test_an_older_listing_does_not_outweigh_a_newer_drop() -> None:
    # xAI's recorded list (2025-08-13) shows grok-2-1212; LiteLLM dropped it on 2026-09-06.
    model = catalog.get("xai/grok-2-1212")
    assert model.lifecycle.status == "retired"
    assert model.lifecycle.last_seen == "2026-06-27"


def test_a_source_dropping_a_whole_provider_retires_nothing() -> None:
    # LiteLLM no longer lists OpenRouter at all; OpenRouter's own list still decides.
    assert catalog.get("openrouter/openai/gpt-4o").lifecycle.status == "active"


def test_get_with_a_default_behaves_like_mapping_get() -> None:
    assert catalog.get("no-such-model-at-all", None) is None
    sentinel = object()
    assert catalog.get("no-such-model-at-all", sentinel) is sentinel
    assert catalog.get("grok-2", None) is catalog.get("grok-2")
    assert catalog.get("", None) is None  # a miss, as Mapping.get has it
    assert catalog.get("gpt-oss-120b", None) is None  # ambiguous: a miss too
    with pytest.raises(TypeError, match="must be a str"):
        catalog.get(42, None)  # type: ignore[call-overload]  # not a name at all


def test_find_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown kind 'chatbot'; choose from chat"):
        catalog.find(kind="chatbot")


def test_lifecycle_dates_are_consistent_and_applied() -> None:
    newest = max(s.retrieved for p in catalog.providers() for s in catalog.sources(p.id).values())
    for model in catalog.all():
        life = model.lifecycle
        if life.deprecation_date and life.retirement_date:
            assert life.deprecation_date <= life.retirement_date, model.key
        if life.retirement_date and life.retirement_date <= newest:
            assert life.status == "retired", model.key
    sonnet = catalog.get("anthropic/claude-sonnet-4-5-20250929").lifecycle
    assert (sonnet.status, sonnet.retirement_date) == ("retired", "2026-11-30")
    opus = catalog.get("anthropic/claude-opus-4-5-20251101")
    assert (opus.lifecycle.status, opus.lifecycle.retirement_date) == ("active", "2027-01-22")
    assert opus.provenance["lifecycle.retirement_date"] == "anthropic-sdk"


def test_mistral_lifecycle_as_mistral_states_it() -> None:
    nemo = catalog.get("mistral/open-mistral-nemo-2407")
    assert (nemo.lifecycle.status, nemo.lifecycle.retirement_date) == ("retired", "2026-07-31")
    assert nemo.provenance["lifecycle.retirement_date"] == "mistral-docs"
    assert catalog.get("mistral/mistral-small-2506").lifecycle.status == "retired"
    # Its undated id is the same model on the same card: retired with it.
    undated = catalog.get("mistral/open-mistral-nemo")
    assert (undated.lifecycle.status, undated.lifecycle.retirement_date) == (
        "retired",
        "2026-07-31",
    )
    # The moving alias follows the newest official card, not a 2026-02 list.
    assert catalog.get("mistral-medium-latest").key == "mistral/mistral-medium-3-5"


def test_cohere_lifecycle_as_cohere_states_it() -> None:
    aya = catalog.get("cohere/c4ai-aya-expanse-8b")
    assert (aya.lifecycle.status, aya.lifecycle.retirement_date) == ("retired", "2026-04-04")
    assert aya.provenance["lifecycle.retirement_date"] == "cohere-docs"


def test_azure_lifecycle_as_azure_states_it() -> None:
    # Retired on Azure's schedule (models.dev still listed it in 2026-05, without a date).
    llama = catalog.get("azure_openai/Meta-Llama-3.1-8B-Instruct")
    assert (llama.lifecycle.status, llama.lifecycle.retirement_date) == ("retired", "2026-06-13")
    assert llama.provenance["lifecycle.retirement_date"] == "azure-retirements"
    r1 = catalog.get("azure_openai/DeepSeek-R1")
    # Azure names DeepSeek-V4-Pro, which no azure_openai record is: left out (merge rule 9) and
    # listed in reports/conflicts.md, never stored as an id nobody can look up.
    assert (r1.lifecycle.status, r1.lifecycle.replacement) == ("retired", None)
    assert "azure_openai/DeepSeek-R1: 'DeepSeek-V4-Pro' names no azure_openai record" in (
        (REPORTS / "conflicts.md").read_text()
    )
    assert catalog.get("azure_openai/grok-3").lifecycle.status == "retired"
    # Retired in 2025 on Azure's page of retired models; models.dev still listed it in 2026-05.
    phi3 = catalog.get("azure_openai/Phi-3-mini-4k-instruct")
    assert (phi3.lifecycle.status, phi3.lifecycle.retirement_date) == ("retired", "2025-08-30")
    assert phi3.provenance["lifecycle.retirement_date"] == "azure-retired-models"
    # Each version keeps the newest date stated for it (LiteLLM 2026-11 after the 2026-07 page).
    gpt4o = catalog.get("azure_openai/gpt-4o-2024-05-13").lifecycle
    assert (gpt4o.retirement_date, gpt4o.replacement) == ("2027-01-14", "gpt-5.1")
    assert catalog.get("azure_openai/gpt-4o-2024-11-20").lifecycle.retirement_date == "2027-04-14"


def test_request_constraints_where_a_source_states_them() -> None:
    kimi = catalog.get("moonshot/kimi-k3").capabilities
    assert kimi is not None
    assert kimi.reasoning_efforts == ("low", "high", "max")
    gpt = catalog.get("openai/gpt-5.4").capabilities
    assert gpt is not None
    assert (gpt.default_reasoning_effort, gpt.reasoning_efforts) == ("none", None)
    opus = catalog.get("anthropic/claude-opus-4-7")
    assert opus.capabilities is not None
    assert opus.capabilities.temperature is False


def test_no_two_records_of_a_provider_differ_only_in_case() -> None:
    for provider in catalog.index.providers:
        ids = [m.id.casefold() for m in catalog.find(provider=provider.id, include_retired=True)]
        assert len(ids) == len(set(ids)), provider.id
    # models.dev's lower-case spelling joins Azure's own: one record, any spelling finds it.
    assert catalog.get("azure_openai/meta-llama-3.1-8b-instruct").id == "Meta-Llama-3.1-8B-Instruct"


def test_regional_bedrock_prices_keep_the_newest_sources_premium() -> None:
    # LiteLLM 2026-11 prices Bedrock's geographic inference profiles (us./eu./jp./au.) of Claude
    # Sonnet 4.5 at a 10% premium over the global profile; the merge keeps them apart.
    base = catalog["bedrock/global.anthropic.claude-sonnet-4-5-20250929-v1:0"].pricing
    assert base is not None
    assert (base.input, base.output) == (3.0, 15.0)
    for region in ("us", "eu", "jp", "au"):
        record = catalog[f"bedrock/{region}.anthropic.claude-sonnet-4-5-20250929-v1:0"]
        assert record.pricing is not None
        assert (record.pricing.input, record.pricing.output) == (3.3, 16.5), region
        assert record.provenance["pricing.input"] == "litellm"


def test_web_search_is_billed_at_the_price_of_its_day() -> None:
    # _fields.HISTORY is the one meaning of "has history": the per-request web-search price is
    # kept in history like every other price (LiteLLM stated 0.035 for Azure's gpt-4.1 before
    # it cut it to 0.014), so a past request bills the price of its day.
    record = catalog["azure_openai/gpt-4.1"]
    assert record.breakdown(0, 0, web_searches=1000, at="2025-06-01").total == pytest.approx(35.0)
    assert record.breakdown(0, 0, web_searches=1000).total == pytest.approx(14.0)


def test_every_entry_point_agrees_on_todays_status_of_every_record() -> None:
    # find, search, all and get answer "is it served today" as lifecycle.status_on() does.
    served = {m.key for m in catalog.find()}
    active = {m.key for m in catalog.find(active_only=True)}
    listed = {m.key for m in catalog.all(include_retired=False)}
    searched = {m.key for m in catalog.search("-", include_retired=False)}
    everything = list(catalog.all())
    assert len(everything) == len(catalog)
    for model in everything:
        status = model.lifecycle.status_on()
        assert catalog.get(model.key).lifecycle.status_on() == status
        assert (model.key in served) is (status != "retired"), model.key
        assert (model.key in listed) is (status != "retired"), model.key
        assert (model.key in active) is (status == "active"), model.key
        if "-" in model.id:
            assert (model.key in searched) is (status != "retired"), model.key


def test_deepseek_is_not_billed_its_off_peak_discount_all_day() -> None:
    # genai-prices prices DeepSeek by the hour (its unconstrained entry is the off-peak 0.135);
    # the catalog holds no time-of-day prices, so it takes none of them: LiteLLM's list price.
    chat = catalog.get("deepseek/deepseek-chat")
    assert (chat.pricing.input, chat.pricing.output, chat.pricing.cache_read) == (0.28, 0.42, 0.028)
    assert chat.provenance["pricing.input"] == "litellm"
