"""Groq's model list.

Endpoint: ``GET https://api.groq.com/openai/v1/models``; Bearer ``$GROQ_API_KEY``; no pagination.
Items: id, owned_by, active, context_window, max_completion_tokens (newer responses).
Tested on: the 2025-12-30 list (20 models, whitespace reformatted by its recorder) and the
groq-ruby cassette of 2024-04-20 (5 models, old shape).
"""

from __future__ import annotations

from typing import Any

from ..httpclient import HttpClient
from . import SourceInfo, SourceResult, fetch_list

SOURCE = SourceInfo("groq-api", "official", "https://api.groq.com/openai/v1/models", "GROQ_API_KEY")


def _values(item: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if isinstance(item.get("context_window"), int) and item["context_window"] > 0:
        values["context_window"] = item["context_window"]
    if isinstance(item.get("max_completion_tokens"), int) and item["max_completion_tokens"] > 0:
        values["max_output_tokens"] = item["max_completion_tokens"]
    model_id = item["id"]
    if "whisper" in model_id:
        values["kind"] = "audio"
    return values


def fetch(client: HttpClient, key: str | None) -> SourceResult:
    """List Groq's active models."""
    return fetch_list(
        SOURCE,
        "groq",
        client,
        key,
        values=_values,
        keep=lambda item: item.get("active") is not False,
    )
