"""AWS Bedrock's OpenAI-compatible model list.

Endpoint: ``GET https://bedrock-runtime.{region}.amazonaws.com/openai/v1/models`` with a Bedrock API
key (``Authorization: Bearer $AWS_BEARER_TOKEN_BEDROCK``); region from ``$AWS_REGION`` (default
us-west-2); no pagination. Items carry ids only. ``ListFoundationModels`` needs SigV4 signing and no
recorded response of it exists, so it is not used; limits and prices come from the aggregates.
Tested on: llama-stack recording of 2026-04 (37 models, SDK-object recording served by the replay
adapter as the list envelope).
"""

from __future__ import annotations

from ..httpclient import HttpClient
from . import SourceInfo, SourceResult, fetch_list

SOURCE = SourceInfo(
    "bedrock-api",
    "official",
    "https://bedrock-runtime.{region}.amazonaws.com/openai/v1/models",
    "AWS_BEARER_TOKEN_BEDROCK",
    settings=(("region", "AWS_REGION", "us-west-2"),),
)


def fetch(client: HttpClient, key: str | None) -> SourceResult:
    """List the model ids Bedrock serves in the configured region."""
    return fetch_list(SOURCE, "bedrock", client, key)
