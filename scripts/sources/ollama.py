"""Ollama's cloud model list.

Endpoint: ``GET https://ollama.com/api/tags``; Bearer ``$OLLAMA_API_KEY``; no pagination. Same
shape as a local server's ``/api/tags``: ``{"models": [{name, model, details{family,
parameter_size, quantization_level}}]}``. There is no public API listing the whole ollama.com
library (ollama/ollama#7751), so Ollama's catalog entries come from the aggregates unless a key is
set. Tested on: a local server's response recorded 2025-06-05 (6 models) - the same shape, not the
cloud list, so that recording is used in tests only and never in the bundled data.
"""

from __future__ import annotations

from ..httpclient import HttpClient
from . import Observation, SourceInfo, SourceResult, answer, expect, items_of, require_key

SOURCE = SourceInfo("ollama-api", "official", "https://ollama.com/api/tags", "OLLAMA_API_KEY")


def fetch(client: HttpClient, key: str | None) -> SourceResult:
    """List Ollama's cloud models."""
    headers = require_key(SOURCE, key, replaying=client.replaying)
    page = client.get_json(SOURCE.url, headers=headers)
    observations = []
    for item in items_of(SOURCE.name, page.data, key="models"):
        expect(SOURCE.name, isinstance(item.get("name"), str), "model without a name")
        observations.append(Observation("ollama", item["name"]))
    return answer(SOURCE, page, observations)
