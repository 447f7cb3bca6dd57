"""OpenAI's model list.

Endpoint: ``GET https://api.openai.com/v1/models``; auth ``Authorization: Bearer $OPENAI_API_KEY``;
no pagination. Items carry id/created/owned_by, so this source proves which ids the API serves
today (``created`` is not a release date); since openai 3.1.0's types (2026-08) an item may also
carry ``shutdown_date`` ("the date when the model will shut down, or null if not announced"),
read as the retirement date when it is an ISO date.
Tested on: llmrb/llm's cassette of 2025-11-26 (102 models) and ruby_llm's 25 dated recordings
2025-03-22 to 2026-02-10 (63 to 119 models; the 2025-07-30 body has its ids restored).
"""

from __future__ import annotations

from typing import Any

from ..httpclient import HttpClient
from . import SourceInfo, SourceResult, date_only, fetch_list

SOURCE = SourceInfo("openai-api", "official", "https://api.openai.com/v1/models", "OPENAI_API_KEY")


def _values(item: dict[str, Any]) -> dict[str, Any]:
    shutdown = date_only(item.get("shutdown_date"))
    return {"lifecycle.retirement_date": shutdown} if shutdown is not None else {}


def fetch(client: HttpClient, key: str | None) -> SourceResult:
    """List the model ids the API serves, with their shutdown dates where stated."""
    return fetch_list(SOURCE, "openai", client, key, values=_values)
