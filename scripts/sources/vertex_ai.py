"""Vertex AI's publisher models (Google's own), from the global endpoint.

Endpoint: ``GET https://aiplatform.googleapis.com/v1beta1/publishers/google/models?pageSize=100``;
``Authorization: Bearer $VERTEX_ACCESS_TOKEN`` (an OAuth access token, e.g. from
``gcloud auth print-access-token``). Paginated: ``pageToken`` in, ``nextPageToken`` out. Items
(``publisherModels``): name ("publishers/google/models/<id>"), versionId, launchStage (GA,
PUBLIC_PREVIEW, EXPERIMENTAL, DEPRECATED), openSourceCategory. No limits, no prices.
The default view lists a few Gemini models, not everything Vertex serves, so this source proves
that a model exists but its silence proves nothing: it never retires a model (``partial``).
Tested on: ruby_llm's recordings of 2026-01-13 and 2026-02-10 (10 models). Their
``<GOOGLE_CLOUD_LOCATION>`` placeholder stands for ``global`` from 2026-01-13 on and is
restored; the earlier regional captures (location unknown) are not used.
"""

from __future__ import annotations

from typing import Any

from ..httpclient import HttpClient
from . import Observation, SourceInfo, SourceResult, answer, expect, paged_items, require_key

SOURCE = SourceInfo(
    "vertex-ai-api",
    "official",
    "https://aiplatform.googleapis.com/v1beta1/publishers/google/models?pageSize=100",
    "VERTEX_ACCESS_TOKEN",
    partial=True,
)


def _next(data: Any) -> dict[str, str] | None:
    token = data.get("nextPageToken") if isinstance(data, dict) else None
    return {"pageToken": token} if isinstance(token, str) and token else None


def fetch(client: HttpClient, key: str | None) -> SourceResult:
    """List Google's publisher models on Vertex AI."""
    headers = require_key(SOURCE, key, replaying=client.replaying)
    first, items = paged_items(SOURCE, client, headers, _next, key="publisherModels")
    observations = []
    for item in items:
        name = item.get("name")
        expect(SOURCE.name, isinstance(name, str), "model without a name")
        values: dict[str, Any] = {}
        if item.get("launchStage") == "DEPRECATED":
            values["lifecycle.status"] = "deprecated"
        model_id = str(name).rsplit("/", 1)[-1]
        observations.append(Observation("vertex_ai", model_id, values))
    return answer(SOURCE, first, observations)
