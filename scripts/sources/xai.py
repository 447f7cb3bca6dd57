"""xAI's model list.

Endpoint: ``GET https://api.x.ai/v1/models``; Bearer ``$XAI_API_KEY``; no pagination. The 2025
responses carry id/created/owned_by only; newer ones (and ``/v1/language-models``) add aliases,
input/output modalities and prices as integers in US cents per 100 million tokens
(``prompt_text_token_price`` ...), converted by ``units.cents_per_100m_to_per_million``.
Tested on: llmrb/llm's cassette of 2025-08-13 and ruby_llm's of 2026-01-16 and 2026-02-10
(minimal shape). The price fields are read from ``/v1/language-models`` (``xai_language_models``),
recorded on 2025-09-04.
"""

from __future__ import annotations

from typing import Any

from ..httpclient import HttpClient
from ..units import cents_per_100m_to_per_million
from . import SourceInfo, SourceResult, fetch_list

SOURCE = SourceInfo("xai-api", "official", "https://api.x.ai/v1/models", "XAI_API_KEY")

_PRICES = {
    "prompt_text_token_price": "pricing.input",
    "completion_text_token_price": "pricing.output",
    "cached_prompt_text_token_price": "pricing.cache_read",
}


def values_of(item: dict[str, Any]) -> dict[str, Any]:
    """Catalog values of one xAI model entry (``/v1/models`` or ``/v1/language-models``).

    xAI answers 0 for a price that does not apply (``cached_prompt_text_token_price`` of a
    model without caching, ``search_price``): a zero is a placeholder, not "free", and is
    dropped.
    """
    values: dict[str, Any] = {}
    for field, path in _PRICES.items():
        price = cents_per_100m_to_per_million(item.get(field))
        if price:  # 0 is xAI's "not applicable"
            values[path] = price
    aliases = item.get("aliases")
    if isinstance(aliases, list) and all(isinstance(a, str) for a in aliases):
        values["aliases"] = tuple(aliases)
    for field, path in (
        ("input_modalities", "input_modalities"),
        ("output_modalities", "output_modalities"),
    ):
        modalities = item.get(field)
        if isinstance(modalities, list) and all(isinstance(m, str) for m in modalities):
            values[path] = tuple(modalities)
    return values


def fetch(client: HttpClient, key: str | None) -> SourceResult:
    """List xAI's models."""
    return fetch_list(SOURCE, "xai", client, key, values=values_of)
