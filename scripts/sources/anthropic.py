"""Anthropic's model list.

Endpoint: ``GET https://api.anthropic.com/v1/models``; headers ``x-api-key: $ANTHROPIC_API_KEY`` and
``anthropic-version: 2023-06-01``. Paginated with ``limit`` (max 1000) and ``after_id``; the body
says ``has_more`` and ``last_id``. Items: id, display_name, created_at (the release date), and since
2026 max_input_tokens, max_tokens and capabilities{...{"supported": bool}}, and since anthropic
1.12.0's types (2026-10) ``lifecycle`` (active, deprecated or retired: the status as Anthropic
states it), ``deprecated_at`` and ``retires_at`` (the scheduled retirement), all read when present.
Retired models are listed only when asked with ``?lifecycle=active&lifecycle=deprecated&
lifecycle=retired``; the recorded answers predate that, so the fetch asks the plain URL (asking
the query would change the request's address and no recording would answer it).
Tested on: llmrb/llm's cassette of 2025-11-06 and ruby_llm's 25 dated recordings 2025-03-22 to
2026-02-10 (8 to 11 models, all the pre-2026 shape). No recorded
response with the 2026 fields exists (only mocks), so reading them follows the official SDK types
and is not yet exercised by a replay.
"""

from __future__ import annotations

from typing import Any

from ..httpclient import HttpClient
from . import (
    NoCredentialsError,
    Observation,
    SourceInfo,
    SourceResult,
    answer,
    date_only,
    expect,
    paged_items,
)

SOURCE = SourceInfo(
    "anthropic-api", "official", "https://api.anthropic.com/v1/models", "ANTHROPIC_API_KEY"
)

_CAPABILITIES = {
    "image_input": "capabilities.vision",
    "structured_outputs": "capabilities.structured_output",
    "thinking": "capabilities.reasoning",
}

_STAGES = ("active", "deprecated", "retired")
_DATES = {"deprecated_at": "lifecycle.deprecation_date", "retires_at": "lifecycle.retirement_date"}


def _next(data: Any) -> dict[str, str] | None:
    if isinstance(data, dict) and data.get("has_more") and isinstance(data.get("last_id"), str):
        return {"after_id": data["last_id"]}
    return None


def _values(item: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if isinstance(item.get("display_name"), str):
        values["name"] = item["display_name"]
    released = date_only(item.get("created_at"))
    if released and not released.startswith("1970"):
        values["release_date"] = released
    if isinstance(item.get("max_input_tokens"), int):
        values["max_input_tokens"] = item["max_input_tokens"]
    if isinstance(item.get("max_tokens"), int):
        values["max_output_tokens"] = item["max_tokens"]
    if item.get("lifecycle") in _STAGES:
        values["lifecycle.status"] = item["lifecycle"]
    for field, path in _DATES.items():
        stated = date_only(item.get(field))
        if stated is not None:
            values[path] = stated
    caps = item.get("capabilities")
    if isinstance(caps, dict):
        for name, path in _CAPABILITIES.items():
            entry = caps.get(name)
            if isinstance(entry, dict) and isinstance(entry.get("supported"), bool):
                values[path] = entry["supported"]
    return values


def fetch(client: HttpClient, key: str | None) -> SourceResult:
    """List Anthropic's models, following ``has_more``."""
    if key is None and not client.replaying:
        raise NoCredentialsError(SOURCE.name, f"no credentials: set {SOURCE.env}")
    headers = {"anthropic-version": "2023-06-01"}
    if key is not None:
        headers["x-api-key"] = key
    first, items = paged_items(SOURCE, client, headers, _next)
    observations = []
    for item in items:
        expect(SOURCE.name, isinstance(item.get("id"), str), "model without an id")
        observations.append(Observation("anthropic", item["id"], _values(item)))
    return answer(SOURCE, first, observations)
