"""DeepSeek's model list.

Endpoint: ``GET https://api.deepseek.com/models``; auth Bearer ``$DEEPSEEK_API_KEY``; no pagination.
Items: id, object, owned_by only.
Tested on: llmrb/llm cassette recorded 2025-08-29 (2 models; ``/v1/models`` path).
"""

from __future__ import annotations

from ..httpclient import HttpClient
from . import SourceInfo, SourceResult, fetch_list

SOURCE = SourceInfo(
    "deepseek-api", "official", "https://api.deepseek.com/v1/models", "DEEPSEEK_API_KEY"
)


def fetch(client: HttpClient, key: str | None) -> SourceResult:
    """List the model ids the API serves."""
    return fetch_list(SOURCE, "deepseek", client, key)
