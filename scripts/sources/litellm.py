"""LiteLLM's cost map: a public aggregate of limits, per-token prices and capability flags.

Endpoint: ``GET https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json``;
public, no key, no pagination, about 3.5 MB. One object per key (``"gpt-4o"``,
``"xai/grok-2"``) with ``litellm_provider``, ``mode``, ``max_input_tokens``, ``max_output_tokens``,
``*_cost_per_token`` (USD per token), ``*_above_<N>k_tokens`` tier prices, ``supports_*`` flags,
``reasoning_effort_levels`` and ``default_reasoning_effort`` (from 1.110.2), ``deprecation_date``,
``successor_model`` (the replacement, one of its own keys).
Its per-level flags (``supports_xhigh_reasoning_effort``...) are not turned into a list: they name
some levels, never all of them. Keys that name a region or a deployment path (``azure/eu/...``,
``bedrock/us-east-1/...``) repeat a model and are skipped. Which ``litellm_provider`` values map
to which catalog provider is the provider table's ``litellm`` column (``scripts/providers.py``).
Tested on: the copy bundled in the litellm 1.110.2 wheel (2026-11-20) and twelve older wheels.
"""

from __future__ import annotations

import re
from typing import Any

from ..httpclient import HttpClient
from ..providers import PROVIDERS as PROVIDER_TABLE
from ..providers import Provider
from ..units import per_token_to_per_million, per_unit
from . import Observation, SourceInfo, SourceResult, answer, expect

SOURCE = SourceInfo(
    "litellm",
    "aggregate",
    "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json",
    key_required=False,
    rank=3,  # below models.dev between observations of about the same age
    min_models=100,  # its oldest map (1.14.4, 2023-12) lists 101 models of mapped providers
)

# litellm_provider -> its row in the provider table (scripts/providers.py).
PROVIDERS: dict[str, Provider] = {key: row for row in PROVIDER_TABLE for key in row.litellm}
KINDS = {
    "chat": "chat",
    "responses": "chat",
    "completion": "completion",
    "embedding": "embedding",
    "image_generation": "image",
    "image_edit": "image",
    "audio_transcription": "audio",
    "audio_speech": "audio",
    "video_generation": "video",
    "moderation": "moderation",
    "rerank": "rerank",
    "ocr": "ocr",
}
_PRICES = {
    "input_cost_per_token": "pricing.input",
    "output_cost_per_token": "pricing.output",
    "cache_read_input_token_cost": "pricing.cache_read",
    "cache_creation_input_token_cost": "pricing.cache_write",
    "output_cost_per_reasoning_token": "pricing.reasoning",
    "input_cost_per_token_batches": "pricing.batch_input",
    "output_cost_per_token_batches": "pricing.batch_output",
    "cache_read_input_token_cost_batches": "pricing.batch_cache_read",
    "cache_creation_input_token_cost_batches": "pricing.batch_cache_write",
    "cache_creation_input_token_cost_flex": "pricing.flex_cache_write",
    "cache_creation_input_token_cost_priority": "pricing.priority_cache_write",
    "input_cost_per_audio_token_batches": "pricing.batch_audio_input",
    "input_cost_per_image_token_batches": "pricing.batch_image_input",
    "input_cost_per_audio_token_flex": "pricing.flex_audio_input",
    "input_cost_per_audio_token_priority": "pricing.priority_audio_input",
    "input_cost_per_audio_token": "pricing.audio_input",
    "cache_read_input_audio_token_cost": "pricing.cache_read_audio",
    "output_cost_per_audio_token": "pricing.audio_output",
    "cache_creation_input_token_cost_above_1hr": "pricing.cache_write_1h",
    "input_cost_per_token_flex": "pricing.flex_input",
    "output_cost_per_token_flex": "pricing.flex_output",
    "cache_read_input_token_cost_flex": "pricing.flex_cache_read",
    "input_cost_per_token_priority": "pricing.priority_input",
    "output_cost_per_token_priority": "pricing.priority_output",
    "cache_read_input_token_cost_priority": "pricing.priority_cache_read",
    "input_cost_per_image_token": "pricing.image_input",
    "citation_cost_per_token": "pricing.citation",
}
_UNIT_PRICES = {  # USD per one unit, as stated
    "output_cost_per_image": "pricing.image_output",
    "input_cost_per_second": "pricing.input_per_second",
    "output_cost_per_second": "pricing.output_per_second",
    "input_cost_per_character": "pricing.input_per_character",
    "input_cost_per_query": "pricing.per_query",
    "ocr_cost_per_page": "pricing.per_page",
}
_SEARCH_SIZES = {
    "medium": "pricing.web_search",
    "low": "pricing.web_search_low",
    "high": "pricing.web_search_high",
}
"""LiteLLM's search context sizes -> price fields (medium is the default size)."""
_FLAGS = {
    "supports_function_calling": "capabilities.tools",
    "supports_vision": "capabilities.vision",
    "supports_reasoning": "capabilities.reasoning",
    "supports_response_schema": "capabilities.structured_output",
    "supports_prompt_caching": "capabilities.prompt_caching",
    "supports_web_search": "capabilities.web_search",
    # False where the API rejects temperature and top_p (anthropic/claude-opus-4-7); models.dev
    # states the same as its `temperature` flag.
    "supports_sampling_params": "capabilities.temperature",
}
_TIER = re.compile(
    r"^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|"
    r"cache_creation_input_token_cost)_above_(\d+)k_tokens$"
)
_TIER_FIELD = {
    "input_cost_per_token": "input",
    "output_cost_per_token": "output",
    "cache_read_input_token_cost": "cache_read",
    "cache_creation_input_token_cost": "cache_write",
}


def catalog_id(key: str, litellm_provider: str) -> tuple[str, str] | None:
    """(catalog provider, model id) for a cost-map key, or None for keys we skip."""
    row = PROVIDERS.get(litellm_provider)
    if row is None:
        return None
    if key.startswith(row.litellm_prefix):
        model_id = key[len(row.litellm_prefix) :]
    elif row.litellm_prefix_required:
        return None
    else:
        model_id = key
    # Region, deployment or routing paths repeat a model under another key.
    if not model_id or (row.litellm_flat_ids and "/" in model_id):
        return None
    return row.id, model_id


def _tiers(entry: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    tiers: dict[int, dict[str, Any]] = {}
    for field, value in entry.items():
        match = _TIER.match(field)
        if not match:
            continue
        price = per_token_to_per_million(value)
        if price is None:
            continue
        boundary = int(match.group(2)) * 1000
        tiers.setdefault(boundary, {"above_input_tokens": boundary})[
            _TIER_FIELD[match.group(1)]
        ] = price
    return tuple(tiers[b] for b in sorted(tiers))


def entry_values(entry: dict[str, Any]) -> dict[str, Any]:
    """Catalog field values of one cost-map entry."""
    values: dict[str, Any] = {}
    kind = KINDS.get(str(entry.get("mode")))
    if kind is not None:
        values["kind"] = kind
    for field, path in (
        ("max_input_tokens", "max_input_tokens"),
        ("max_output_tokens", "max_output_tokens"),
    ):
        limit = entry.get(field)
        if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
            values[path] = limit
    for field, path in _PRICES.items():
        price = per_token_to_per_million(entry.get(field))
        if price is not None:
            values[path] = price
    for field, path in _UNIT_PRICES.items():
        price = per_unit(entry.get(field))
        if price is not None:
            values[path] = price
    search = entry.get("search_context_cost_per_query")
    if isinstance(search, dict):  # USD per request, by search context size; medium is default
        for size, path in _SEARCH_SIZES.items():
            per_request = per_unit(search.get(f"search_context_size_{size}"))
            if per_request is not None:
                values[path] = per_request
    tiers = _tiers(entry)
    if tiers:
        values["pricing.tiers"] = tiers
    for field, path in _FLAGS.items():
        if isinstance(entry.get(field), bool):
            values[path] = entry[field]
    levels = entry.get("reasoning_effort_levels")
    if isinstance(levels, list) and levels and all(isinstance(v, str) and v for v in levels):
        values["capabilities.reasoning_efforts"] = tuple(levels)
    default_effort = entry.get("default_reasoning_effort")
    if isinstance(default_effort, str) and default_effort:
        values["capabilities.default_reasoning_effort"] = default_effort
    vector = entry.get("output_vector_size")
    if isinstance(vector, int) and vector > 0:
        values["capabilities.embedding_dimensions"] = vector
    # LiteLLM calls it deprecation_date, but the dates are the providers' shutdown dates: every
    # entry cites the official page it took the date from (deprecation_source: Azure's retirement
    # schedule, OpenAI's "shutdown date", Bedrock's end-of-life, Anthropic's retirement date;
    # claude-sonnet-4-5-20250929 -> 2026-11-30). So it is recorded as the retirement date.
    shutdown = entry.get("deprecation_date")
    if isinstance(shutdown, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", shutdown):
        values["lifecycle.retirement_date"] = shutdown
    return values


def _successor(data: dict[str, Any], entry: dict[str, Any], provider: str) -> str | None:
    """The id of ``successor_model`` where it is a key of the map of the same provider.

    LiteLLM names the successor as one of its own keys (``azure/gpt-5.1``,
    ``anthropic.claude-sonnet-5``; 391 of 395 in 1.110.2); it is read through ``catalog_id`` with
    that key's own entry, and kept only where it is a model of the entry's provider (merge rule 9
    then keeps it only where it is a record). A name that is no key (``Nemotron Super VL``) is
    not an id.
    """
    named = entry.get("successor_model")
    target = data.get(named) if isinstance(named, str) else None
    if not isinstance(named, str) or not isinstance(target, dict):
        return None
    ids = catalog_id(named, str(target.get("litellm_provider")))
    return ids[1] if ids is not None and ids[0] == provider else None


def parse(data: object) -> list[Observation]:
    """Observations of every mapped provider in a decoded cost map.

    An entry ``{"alias_of": "<key>"}`` (no ``litellm_provider`` of its own) names another name
    of that key's model: it is added to the target's aliases (``claude-opus-latest`` ->
    ``claude-opus-5-5``), with the target provider's key prefix removed.
    """
    expect(SOURCE.name, isinstance(data, dict), "expected an object keyed by model")
    assert isinstance(data, dict)  # noqa: S101 - narrowing for mypy
    aliases: dict[str, list[str]] = {}
    for key in sorted(data):
        entry = data[key]
        if isinstance(entry, dict) and isinstance(entry.get("alias_of"), str):
            aliases.setdefault(entry["alias_of"], []).append(key)
    observations = []
    for key in sorted(data):
        entry = data[key]
        if key == "sample_spec" or not isinstance(entry, dict) or "alias_of" in entry:
            continue
        ids = catalog_id(key, str(entry.get("litellm_provider")))
        if ids is None:
            continue
        values = entry_values(entry)
        row = PROVIDERS[str(entry["litellm_provider"])]
        placeholder = values.get("pricing.input") == 0 and values.get("pricing.output") == 0
        if placeholder and not row.free_models:  # LiteLLM has no token price for it
            for path in [p for p, v in values.items() if p.startswith("pricing.") and v == 0]:
                del values[path]
        prefix = row.litellm_prefix
        names = sorted(
            name.removeprefix(prefix)
            for name in aliases.get(key, ())
            if "/" not in name.removeprefix(prefix)
        )
        if names:
            values["aliases"] = tuple(names)
        successor = _successor(data, entry, ids[0])
        if successor is not None:
            values["lifecycle.replacement"] = successor
        observations.append(Observation(ids[0], ids[1], values))
    return observations


def fetch(client: HttpClient, key: str | None) -> SourceResult:  # noqa: ARG001 - public source
    """Fetch and parse LiteLLM's cost map."""
    page = client.get_json(SOURCE.url)
    return answer(SOURCE, page, parse(page.data))
