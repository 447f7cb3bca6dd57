"""Azure AI Foundry: the models a Foundry resource can use, catalogued as ``azure_openai``.

Endpoint: ``GET {$AZURE_FOUNDRY_ENDPOINT}/openai/v1/models?api-version=preview``; header
``api-key: $AZURE_FOUNDRY_API_KEY``; no pagination. Same item shape as the Azure OpenAI list
(``azure_openai.py``): capabilities, lifecycle_status, deprecation{inference} (the retirement
date, per model version). A Foundry resource lists more models than an Azure OpenAI one, so it
is its own source.
Tested on: ruby_llm's recording of 2026-02-10 (265 models). Its capability key
``global_fine_tune`` reads ``<GOOGLE_CLOUD_LOCATION>_fine_tune`` (the recorder's placeholder
for ``global`` from 2026-01-13 on); the replay restores it.
"""

from __future__ import annotations

from ..httpclient import HttpClient
from . import SourceInfo, SourceResult
from .azure_openai import list_models

SOURCE = SourceInfo(
    "azure-foundry-api",
    "official",
    "{endpoint}/openai/v1/models?api-version=preview",
    "AZURE_FOUNDRY_API_KEY",
    settings=(("endpoint", "AZURE_FOUNDRY_ENDPOINT", None),),
)


def fetch(client: HttpClient, key: str | None) -> SourceResult:
    """List the models an Azure AI Foundry resource offers."""
    return list_models(SOURCE, client, key)
