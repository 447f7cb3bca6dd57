"""xAI's model list.

Endpoint: ``GET https://api.x.ai/v1/models``; Bearer ``$XAI_API_KEY``; no pagination. The 2025
responses carry id/created/owned_by only; newer ones (and ``/v1/language-models``) add aliases,
input/output modalities and prices as integers in US cents per 100 million tokens
(``prompt_text_token_price`` ...), converted by ``units.cents_per_100m_to_per_million``.
Tested on: llmrb/llm cassette recorded 2025-08-13 (8 models, minimal shape). No recorded response
carries the price fields yet (only mocks exist), so that path follows docs.x.ai's reference and is
covered by the unit-conversion tests, not by a replay.
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


def _values(item: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field, path in _PRICES.items():
        price = cents_per_100m_to_per_million(item.get(field))
        if price is not None:
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
    return fetch_list(SOURCE, "xai", client, key, values=_values)
