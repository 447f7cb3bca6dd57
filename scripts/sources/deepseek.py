"""DeepSeek's model list.

Endpoint: ``GET https://api.deepseek.com/models`` (the documented path; ``/v1/models`` is an alias
for OpenAI SDKs); auth Bearer ``$DEEPSEEK_API_KEY``; no pagination. Items: id, object, owned_by.
Tested on: ruby_llm's recordings 2025-03-22 to 2026-02-10 (2 models, never changed) and llmrb/llm's
cassette of 2025-08-29 (the ``/v1/models`` alias).
"""

from __future__ import annotations

from ..httpclient import HttpClient
from . import SourceInfo, SourceResult, fetch_list

SOURCE = SourceInfo(
    "deepseek-api", "official", "https://api.deepseek.com/models", "DEEPSEEK_API_KEY"
)


def fetch(client: HttpClient, key: str | None) -> SourceResult:
    """List the model ids the API serves."""
    return fetch_list(SOURCE, "deepseek", client, key)
