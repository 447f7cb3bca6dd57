"""Google Gemini API (AI Studio) model list, catalogued as provider ``google``.

Endpoint: ``GET https://generativelanguage.googleapis.com/v1beta/models``; key in the
``x-goog-api-key`` header (``$GEMINI_API_KEY``). Paginated: ``pageToken`` in, ``nextPageToken``
out (absent on the last page). Items: name ("models/<id>"), displayName, inputTokenLimit,
outputTokenLimit, supportedGenerationMethods, thinking.
Tested on: llm-gemini's cassette of 2025-04-17 (one complete page, 50 models), ruby_llm's complete
answers (2025-03-22 to 05-07 and 2026-02-10; its page-1-only answers are refused as incomplete),
and, for pagination,
llmrb/llm's 2025-09-12 page 1 (with nextPageToken) followed by that complete page.

No lifecycle is read here because the list states none: Google's SDK (google-genai 3.6.1 on PyPI,
``types.py``) documents a model's stage and ``retirement_time`` only as ``modelStatus`` of a
``generateContent`` response (``GenerateContentResponse.model_status``; "not supported in
Vertex AI"), never on ``Model``, and the pipeline sends no generation requests.
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
    expect,
    paged_items,
)

SOURCE = SourceInfo(
    "gemini-api",
    "official",
    "https://generativelanguage.googleapis.com/v1beta/models",
    "GEMINI_API_KEY",
)


def _next(data: Any) -> dict[str, str] | None:
    token = data.get("nextPageToken") if isinstance(data, dict) else None
    return {"pageToken": token} if isinstance(token, str) and token else None


def _kind(methods: list[Any]) -> str | None:
    if "generateContent" in methods:
        return "chat"
    if "embedContent" in methods or "embedText" in methods:
        return "embedding"
    if "predict" in methods:
        return "image"
    return None


def _values(item: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if isinstance(item.get("displayName"), str):
        values["name"] = item["displayName"]
    if isinstance(item.get("inputTokenLimit"), int):
        values["max_input_tokens"] = item["inputTokenLimit"]
    if isinstance(item.get("outputTokenLimit"), int):
        values["max_output_tokens"] = item["outputTokenLimit"]
    methods = item.get("supportedGenerationMethods")
    if isinstance(methods, list):
        kind = _kind(methods)
        if kind is not None:
            values["kind"] = kind
    if isinstance(item.get("thinking"), bool):
        values["capabilities.reasoning"] = item["thinking"]
    return values


def fetch(client: HttpClient, key: str | None) -> SourceResult:
    """List the Gemini API's models, following ``nextPageToken``."""
    if key is None and not client.replaying:
        raise NoCredentialsError(SOURCE.name, f"no credentials: set {SOURCE.env}")
    headers = {"x-goog-api-key": key} if key is not None else {}
    first, items = paged_items(SOURCE, client, headers, _next, key="models")
    observations = []
    for item in items:
        name = item.get("name")
        expect(SOURCE.name, isinstance(name, str), "model without a name")
        model_id = str(name).removeprefix("models/")
        observations.append(Observation("google", model_id, _values(item)))
    return answer(SOURCE, first, observations)
