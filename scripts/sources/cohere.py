"""Cohere's model list.

Endpoint: ``GET https://api.cohere.ai/v1/models``; Bearer ``$COHERE_API_KEY``. Paginated:
``page_token`` in, ``next_page_token`` out (absent on the last page; the default page is 20
models). Items (``models``): name (the id), endpoints (chat, embed, rerank, classify, generate),
context_length, supports_vision, features (tools, json_schema, ...).
Tested on: ruby_llm's page 1 of 2025-07-18 (21 models and a next_page_token; no page 2 was
recorded, so that answer is refused as incomplete and feeds no data) and, for following pages,
the same page split in two in code (tests/test_sources.py).
"""

from __future__ import annotations

from typing import Any

from ..httpclient import HttpClient
from . import Observation, SourceInfo, SourceResult, answer, expect, paged_items, require_key

SOURCE = SourceInfo("cohere-api", "official", "https://api.cohere.ai/v1/models", "COHERE_API_KEY")

_KINDS = (
    ("chat", "chat"),
    ("generate", "completion"),
    ("embed", "embedding"),
    ("rerank", "rerank"),
)


def _next(data: Any) -> dict[str, str] | None:
    token = data.get("next_page_token") if isinstance(data, dict) else None
    return {"page_token": token} if isinstance(token, str) and token else None


def _values(item: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    raw = item.get("endpoints")
    endpoints: list[Any] = raw if isinstance(raw, list) else []
    for endpoint, kind in _KINDS:
        if endpoint in endpoints:
            values["kind"] = kind
            break
    if isinstance(item.get("context_length"), int) and item["context_length"] > 0:
        values["context_window"] = item["context_length"]
    if isinstance(item.get("supports_vision"), bool):
        values["capabilities.vision"] = item["supports_vision"]
    features = item.get("features")
    if isinstance(features, list) and values.get("kind") == "chat":
        values["capabilities.tools"] = "tools" in features
        values["capabilities.structured_output"] = "json_schema" in features
    return values


def fetch(client: HttpClient, key: str | None) -> SourceResult:
    """List Cohere's models, following ``next_page_token``."""
    headers = require_key(SOURCE, key, replaying=client.replaying)
    first, items = paged_items(SOURCE, client, headers, _next, key="models")
    observations = []
    for item in items:
        expect(SOURCE.name, isinstance(item.get("name"), str), "model without a name")
        if item.get("finetuned") is True:
            continue  # an account's own fine-tune, not a Cohere model
        observations.append(Observation("cohere", item["name"], _values(item)))
    return answer(SOURCE, first, observations)
