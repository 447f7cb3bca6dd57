"""Cohere's official model cards, from its documentation repository.

Endpoints: ``GET https://raw.githubusercontent.com/cohere-ai/cohere-developer-experience/main/fern/v2.yml``
(the docs' navigation: every ``path: pages/models/....mdx`` is a model page), then each page;
public, no key. A page with a model card renders ``<ModelShowcase model={{...}}/>``
(``fern/components/model-showcase.tsx``); the fields read, as text with patterns (never run):
- ``id``: the API model id;
- ``pricing: { input, output }``: USD per million tokens (the component renders
  ``${input} / 1M tokens``);
- ``specs.contextWindow`` and ``specs.maxOutputTokens`` where written as an exact number
  (``'256,000'``); a value like ``'256K'`` is not read, since it does not say whether K is 1,000
  or 1,024 tokens (as for Mistral's cards);
- ``capabilities``: ``Capability.ToolUse`` (tools), ``ImageInputs`` (vision), ``Reasoning`` and
  ``StructuredOutputs``, each read only as present (a card that omits one does not say the model
  lacks it).
A page with no card (the overview, the embed and transcribe pages) names nothing here.

Cards of superseded models stay in the docs, so a card says what Cohere states about a model,
not that it is offered: this source never creates a record or decides existence
(``creates_records=False``).
Tested on: the repository at e814c8a1 (2026-08-20), 9 cards among 18 model pages.
"""

from __future__ import annotations

import re
from typing import Any

from ..httpclient import HttpClient
from ..units import per_million
from . import Observation, SourceError, SourceInfo, SourceResult, answer, expect

SOURCE = SourceInfo(
    "cohere-model-cards",
    "official",
    "https://raw.githubusercontent.com/cohere-ai/cohere-developer-experience/main/fern/v2.yml",
    key_required=False,
    min_models=3,
    creates_records=False,
)

_PAGE = re.compile(r"^\s*path:\s*(pages/models/\S+\.mdx)\s*$", re.MULTILINE)
_CARD = re.compile(r"<ModelShowcase\s+model=\{\{(.*?)\}\}\s*/>", re.DOTALL)
_ID = re.compile(r"^\s*id:\s*'([^']+)'", re.MULTILINE)
_PRICING = re.compile(r"\bpricing:\s*\{([^}]*)\}")
_PRICE = re.compile(r"\b(input|output):\s*([0-9][0-9.]*)")
_SPEC = re.compile(r"\b(contextWindow|maxOutputTokens):\s*'([^']*)'")
_EXACT = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})*$")
_CAPABILITY = re.compile(r"\bCapability\.(\w+)")
SPECS = {"contextWindow": "context_window", "maxOutputTokens": "max_output_tokens"}
"""Each spec read, and the record field it states."""
CAPABILITIES = {
    "ToolUse": "capabilities.tools",
    "ImageInputs": "capabilities.vision",
    "Reasoning": "capabilities.reasoning",
    "StructuredOutputs": "capabilities.structured_output",
}
"""Each ``Capability`` the catalog has a field for; the others (Citations, Multilingual,
SafetyModes) have none and are not read."""


def card_values(text: str, page: str) -> tuple[str, dict[str, Any]] | None:
    """The model id of one page's card and the values it states; None for a page with no card."""
    card = _CARD.search(text)
    if card is None:
        return None
    body = card.group(1)
    model_id = _ID.search(body)
    expect(SOURCE.name, model_id is not None, f"{page}: a model card with no id")
    assert model_id is not None  # noqa: S101 - narrowing for mypy
    values: dict[str, Any] = {}
    pricing = _PRICING.search(body)
    for side, price in _PRICE.findall(pricing.group(1) if pricing else ""):
        value = per_million(price)
        if value is None:
            raise SourceError(SOURCE.name, f"{page}: unreadable {side} price {price!r}")
        values[f"pricing.{side}"] = value
    for spec, written in _SPEC.findall(body):
        if _EXACT.match(written):
            values[SPECS[spec]] = int(written.replace(",", ""))
    for name in _CAPABILITY.findall(body):
        if name in CAPABILITIES:
            values[CAPABILITIES[name]] = True
    return model_id.group(1), values


def fetch(client: HttpClient, key: str | None) -> SourceResult:  # noqa: ARG001 - public source
    """Read the model card of every model page the docs' navigation lists."""
    navigation = client.get_text(SOURCE.url)
    pages = list(dict.fromkeys(_PAGE.findall(navigation.data)))
    expect(SOURCE.name, bool(pages), "the navigation lists no model page")
    base = SOURCE.url.rsplit("/", 1)[0]
    stated: dict[str, dict[str, Any]] = {}
    for page in pages:
        found = card_values(client.get_text(f"{base}/{page}").data, page)
        if found is None:
            continue
        model_id, values = found
        if model_id in stated and stated[model_id] != values:
            raise SourceError(SOURCE.name, f"{page}: a second card for {model_id} disagrees")
        stated[model_id] = values
    observations = [Observation("cohere", model_id, values) for model_id, values in stated.items()]
    return answer(SOURCE, navigation, observations)
