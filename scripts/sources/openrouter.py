"""OpenRouter's model list (official for provider ``openrouter``).

Endpoint: ``GET https://openrouter.ai/api/v1/models``; public (``$OPENROUTER_API_KEY`` optional);
no pagination. Without ``output_modalities=all`` OpenRouter lists text-output models only; the
recorded response was taken that way, so the fetcher asks the same question.
Items: id, name, context_length, architecture{input_modalities, output_modalities},
pricing{prompt, completion, input_cache_read, input_cache_write, internal_reasoning} as decimal
strings in USD per token ("-1" means "varies" and is dropped), top_provider{max_completion_tokens},
supported_parameters, knowledge_cutoff, expiration_date.
Tested on: ruby_llm's 23 dated recordings 2025-04-09 to 2026-02-10 (292 to 348 models),
Roo-Code's of 2025-05-23 (321 models) and llm-openrouter's of 2026-08-04
(4 models kept by its recorder, newer fields).
"""

from __future__ import annotations

from typing import Any

from ..httpclient import HttpClient
from ..units import per_token_to_per_million
from . import SourceInfo, SourceResult, date_only, fetch_list

SOURCE = SourceInfo(
    "openrouter-api",
    "official",
    "https://openrouter.ai/api/v1/models",
    "OPENROUTER_API_KEY",
    key_required=False,
)

_PRICES = {
    "prompt": "pricing.input",
    "completion": "pricing.output",
    "input_cache_read": "pricing.cache_read",
    "input_cache_write": "pricing.cache_write",
    "internal_reasoning": "pricing.reasoning",
}
_PARAMETERS = {
    "tools": "capabilities.tools",
    "structured_outputs": "capabilities.structured_output",
    "reasoning": "capabilities.reasoning",
}


def _strings(value: object) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _values(item: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if isinstance(item.get("name"), str):
        values["name"] = item["name"]
    if isinstance(item.get("context_length"), int) and item["context_length"] > 0:
        values["context_window"] = item["context_length"]
    top = item.get("top_provider")
    if isinstance(top, dict) and isinstance(top.get("max_completion_tokens"), int):
        values["max_output_tokens"] = top["max_completion_tokens"]
    pricing = item.get("pricing")
    if isinstance(pricing, dict):
        for field, path in _PRICES.items():
            price = per_token_to_per_million(pricing.get(field))
            if price is not None:
                values[path] = price
    arch = item.get("architecture")
    if isinstance(arch, dict):
        for field in ("input_modalities", "output_modalities"):
            modalities = _strings(arch.get(field))
            if modalities is not None:
                values[field] = modalities
    params = _strings(item.get("supported_parameters"))
    if params is not None:
        for param, path in _PARAMETERS.items():
            values[path] = param in params
        if "capabilities.vision" not in values and "input_modalities" in values:
            values["capabilities.vision"] = "image" in values["input_modalities"]
    cutoff = item.get("knowledge_cutoff")
    if isinstance(cutoff, str) and cutoff:
        values["knowledge_cutoff"] = cutoff
    expires = date_only(item.get("expiration_date"))
    if expires:
        values["lifecycle.retirement_date"] = expires
    return values


def fetch(client: HttpClient, key: str | None) -> SourceResult:
    """List OpenRouter's models and prices."""
    return fetch_list(SOURCE, "openrouter", client, key, values=_values)
