"""xAI's language models with their prices.

Endpoint: ``GET https://api.x.ai/v1/language-models``; Bearer ``$XAI_API_KEY``; no pagination.
Items (``models``): id, aliases, input/output_modalities and prices as integers in US cents per
100 million tokens (``prompt_text_token_price``, ``completion_text_token_price``,
``cached_prompt_text_token_price``), converted by ``units.cents_per_100m_to_per_million``.
The unit is checked on the recording itself: grok-2-1212 answers 20000 and 100000, which are
$2 and $10 per million tokens, the list price LiteLLM and models.dev also record for grok-2.
Tested on: ruby_llm's recording of 2025-09-04 (9 models; PR #373 of crmne/ruby_llm).
"""

from __future__ import annotations

from ..httpclient import HttpClient
from . import Observation, SourceInfo, SourceResult, answer, expect, items_of, require_key
from .xai import values_of

SOURCE = SourceInfo(
    "xai-language-models", "official", "https://api.x.ai/v1/language-models", "XAI_API_KEY"
)


def fetch(client: HttpClient, key: str | None) -> SourceResult:
    """List xAI's language models and their prices."""
    headers = require_key(SOURCE, key, replaying=client.replaying)
    page = client.get_json(SOURCE.url, headers=headers)
    observations = []
    for item in items_of(SOURCE.name, page.data, key="models"):
        expect(SOURCE.name, isinstance(item.get("id"), str), "model without an id")
        observations.append(Observation("xai", item["id"], values_of(item)))
    return answer(SOURCE, page, observations)
