"""Perplexity's model catalog (Agent API).

Endpoint: ``GET https://api.perplexity.ai/v1/models``; Bearer ``$PERPLEXITY_API_KEY``; no
pagination. Items: id (``maker/model``), pricing{input, output, cache_read, cache_write,
unit: "usd_per_1m_tokens"}. Any other unit is refused rather than guessed.
Tested on: ruby_llm cassette recorded 2026-08-10 (39 models).
"""

from __future__ import annotations

from typing import Any

from ..httpclient import HttpClient
from ..units import per_million
from . import SourceError, SourceInfo, SourceResult, fetch_list

SOURCE = SourceInfo(
    "perplexity-api", "official", "https://api.perplexity.ai/v1/models", "PERPLEXITY_API_KEY"
)


def _values(item: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    pricing = item.get("pricing")
    if isinstance(pricing, dict):
        unit = pricing.get("unit")
        if unit != "usd_per_1m_tokens":
            raise SourceError(SOURCE.name, f"{item['id']}: unknown price unit {unit!r}")
        for field in ("input", "output", "cache_read", "cache_write"):
            price = per_million(pricing.get(field))
            if price is not None:
                values[f"pricing.{field}"] = price
    return values


def fetch(client: HttpClient, key: str | None) -> SourceResult:
    """List Perplexity's models and their prices."""
    return fetch_list(SOURCE, "perplexity", client, key, values=_values)
