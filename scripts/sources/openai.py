"""OpenAI's model list.

Endpoint: ``GET https://api.openai.com/v1/models``; auth ``Authorization: Bearer $OPENAI_API_KEY``;
no pagination. Items carry only id/created/owned_by, so this source proves which ids the API serves
today and nothing else (``created`` is not a release date).
Tested on: llmrb/llm's cassette of 2025-11-26 (102 models) and ruby_llm's 25 dated recordings
2025-03-22 to 2026-02-10 (63 to 119 models; the 2025-07-30 body has its ids restored).
"""

from __future__ import annotations

from ..httpclient import HttpClient
from . import SourceInfo, SourceResult, fetch_list

SOURCE = SourceInfo("openai-api", "official", "https://api.openai.com/v1/models", "OPENAI_API_KEY")


def fetch(client: HttpClient, key: str | None) -> SourceResult:
    """List the model ids the API serves."""
    return fetch_list(SOURCE, "openai", client, key)
