"""AWS Bedrock's ListFoundationModels: every foundation model, with its lifecycle.

Endpoint: ``GET https://bedrock.{region}.amazonaws.com/foundation-models``; region from
``$AWS_REGION`` (default us-west-2); no pagination. Auth: a Bedrock API key as
``Authorization: Bearer $AWS_BEARER_TOKEN_BEDROCK`` (docs.aws.amazon.com/bedrock/latest/userguide/
api-keys-use.html). Items (``modelSummaries``): modelId, modelName, providerName,
input/outputModalities (upper case), modelLifecycle{status: ACTIVE | LEGACY},
converse{maxTokensMaximum, reasoningSupported}, explicitPromptCaching{isSupported}.
LEGACY is Bedrock's deprecated state (scheduled for end of life), recorded as ``deprecated``.
botocore 1.44.8's service model adds to modelLifecycle the ISO 8601 times ``legacyTime`` (read as
the deprecation date) and ``endOfLifeTime`` (the retirement date), read when present;
``startOfLifeTime`` and ``publicExtendedAccessTime`` (a higher-priced part of the legacy period)
have no catalog field and are not read.
Tested on: ruby_llm's recordings 2025-03-25 to 2026-02-10 (87 to 135 models), which were
SigV4-signed by that project; the bearer header is not exercised by a replay. Their modelArn
carries the recorder's ``<AWS_REGION>`` placeholder, which this source does not read.
"""

from __future__ import annotations

from typing import Any

from ..httpclient import HttpClient
from . import (
    Observation,
    SourceInfo,
    SourceResult,
    answer,
    date_only,
    expect,
    items_of,
    require_key,
)

SOURCE = SourceInfo(
    "bedrock-foundation-models",
    "official",
    "https://bedrock.{region}.amazonaws.com/foundation-models",
    "AWS_BEARER_TOKEN_BEDROCK",
    settings=(("region", "AWS_REGION", "us-west-2"),),
)

_TIMES = {"legacyTime": "lifecycle.deprecation_date", "endOfLifeTime": "lifecycle.retirement_date"}


def _lower(value: object) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.casefold() for v in value)
    return None


def _values(item: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if isinstance(item.get("modelName"), str):
        values["name"] = item["modelName"]
    for field, path in (
        ("inputModalities", "input_modalities"),
        ("outputModalities", "output_modalities"),
    ):
        modalities = _lower(item.get(field))
        if modalities is not None:
            values[path] = modalities
    out = values.get("output_modalities", ())
    if "embedding" in out:
        values["kind"] = "embedding"
    elif "text" in out:
        values["kind"] = "chat"
    elif "image" in out:
        values["kind"] = "image"
    elif "video" in out:
        values["kind"] = "video"
    converse = item.get("converse")
    if isinstance(converse, dict):
        limit = converse.get("maxTokensMaximum")
        if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
            values["max_output_tokens"] = limit
        if isinstance(converse.get("reasoningSupported"), bool):
            values["capabilities.reasoning"] = converse["reasoningSupported"]
    caching = item.get("explicitPromptCaching")
    if isinstance(caching, dict) and isinstance(caching.get("isSupported"), bool):
        values["capabilities.prompt_caching"] = caching["isSupported"]
    life = item.get("modelLifecycle")
    if isinstance(life, dict):
        if life.get("status") == "LEGACY":
            values["lifecycle.status"] = "deprecated"
        for field, path in _TIMES.items():
            stated = date_only(life.get(field))
            if stated is not None:
                values[path] = stated
    return values


def fetch(client: HttpClient, key: str | None) -> SourceResult:
    """List Bedrock's foundation models in the configured region."""
    url = SOURCE.request_url(client)
    headers = require_key(SOURCE, key, replaying=client.replaying)
    page = client.get_json(url, headers=headers)
    observations = []
    for item in items_of(SOURCE.name, page.data, key="modelSummaries"):
        expect(SOURCE.name, isinstance(item.get("modelId"), str), "model without a modelId")
        observations.append(Observation("bedrock", item["modelId"], _values(item)))
    return answer(SOURCE, page, observations)
