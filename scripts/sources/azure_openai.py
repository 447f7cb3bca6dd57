"""Azure OpenAI: the models a resource can use (not its deployments).

Endpoint: ``GET {$AZURE_OPENAI_ENDPOINT}/openai/v1/models``; header
``api-key: $AZURE_OPENAI_API_KEY``; no pagination. Items add Azure's
capabilities{chat_completion, completion, embeddings, inference},
lifecycle_status (generally-available, preview, deprecated) and deprecation{inference} (unix
seconds: the day inference stops, recorded as the retirement date). A day in 2099 is Azure's
"none scheduled" (128 of the 265 Foundry models of 2026-02-10 carry a 2099 day, 127 of them
2099-12-31, among them models Azure's retirement schedule lists with no date, such as
Llama-3.3-70B-Instruct): no date is recorded. ``lifecycle_status: deprecated`` means retired:
Azure's lifecycle policy (learn.microsoft.com/azure/foundry/openai/concepts/model-retirements, the
include at MicrosoftDocs/azure-ai-docs@0378dd85, ms.date 2026-10-05) maps its API's `Deprecated`
to the stage Retired (inference returns 410) and `Deprecating` to Deprecated; in both recordings
every ``deprecated`` entry's inference date has passed (67 of 67 on 2026-03-18, 63 of 63 on
2026-02-10).
Tested on: llama-stack recording of 2026-03 (144 models, SDK-object recording).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..httpclient import HttpClient
from . import NoCredentialsError, Observation, SourceInfo, SourceResult, answer, expect, items_of

SOURCE = SourceInfo(
    "azure-openai-api",
    "official",
    "{endpoint}/openai/v1/models",
    "AZURE_OPENAI_API_KEY",
    settings=(("endpoint", "AZURE_OPENAI_ENDPOINT", None),),
)

_STATUSES = {"deprecated": "retired", "deprecating": "deprecated"}
"""Azure's API status words -> the catalog's (its policy page's mapping; see above)."""
_NONE_SCHEDULED_YEAR = 2099
"""A retirement day in this year is Azure's placeholder for "no retirement scheduled"."""


def values_of(item: dict[str, Any]) -> dict[str, Any]:
    """Catalog values of one Azure model entry (also read by ``azure_foundry``)."""
    values: dict[str, Any] = {}
    caps = item.get("capabilities")
    if isinstance(caps, dict):
        if caps.get("chat_completion"):
            values["kind"] = "chat"
        elif caps.get("embeddings"):
            values["kind"] = "embedding"
        elif caps.get("completion"):
            values["kind"] = "completion"
    status = _STATUSES.get(str(item.get("lifecycle_status")))
    if status is not None:
        values["lifecycle.status"] = status
    deprecation = item.get("deprecation")
    if isinstance(deprecation, dict) and isinstance(deprecation.get("inference"), int):
        stamp = dt.datetime.fromtimestamp(deprecation["inference"], tz=dt.timezone.utc)
        if stamp.year < _NONE_SCHEDULED_YEAR:
            values["lifecycle.retirement_date"] = stamp.date().isoformat()
    return values


def list_models(info: SourceInfo, client: HttpClient, key: str | None) -> SourceResult:
    """List the models an Azure resource offers (an Azure OpenAI or an AI Foundry one)."""
    url = info.request_url(client)
    if key is None and not client.replaying:
        raise NoCredentialsError(info.name, f"no credentials: set {info.env}")
    headers = {"api-key": key} if key is not None else {}
    page = client.get_json(url, headers=headers)
    observations = []
    for item in items_of(info.name, page.data):
        expect(info.name, isinstance(item.get("id"), str), "model without an id")
        observations.append(Observation("azure_openai", item["id"], values_of(item)))
    return answer(info, page, observations)


def fetch(client: HttpClient, key: str | None) -> SourceResult:
    """List the models an Azure OpenAI resource offers."""
    return list_models(SOURCE, client, key)
