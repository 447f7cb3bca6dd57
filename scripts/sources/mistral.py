"""Mistral's model list.

Endpoint: ``GET https://api.mistral.ai/v1/models``; Bearer ``$MISTRAL_API_KEY``; no pagination.
Items: id, name, capabilities{completion_chat, function_calling, vision, ocr, moderation, ...},
max_context_length, aliases, deprecation (ISO datetime), deprecation_replacement_model, type
("base" or "fine-tuned": fine-tuned models are the account's own and are skipped).
Tested on: a terminal transcript of 2025-12-30 (66 models) and ruby_llm's 16 dated recordings
2025-04-27 to 2026-02-10 (57 to 70 models).
"""

from __future__ import annotations

from typing import Any

from ..httpclient import HttpClient
from . import Observation, SourceInfo, SourceResult, date_only, fetch_list

SOURCE = SourceInfo(
    "mistral-api", "official", "https://api.mistral.ai/v1/models", "MISTRAL_API_KEY"
)


def _kind(caps: dict[str, Any], model_id: str) -> str | None:
    if caps.get("completion_chat"):
        return "chat"
    for flag, kind in (("ocr", "ocr"), ("moderation", "moderation"), ("audio", "audio")):
        if caps.get(flag):
            return kind
    if "embed" in model_id:
        return "embedding"
    return None


def _values(item: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    caps = item.get("capabilities") if isinstance(item.get("capabilities"), dict) else {}
    assert isinstance(caps, dict)  # noqa: S101 - narrowing for mypy
    kind = _kind(caps, item["id"])
    if kind is not None:
        values["kind"] = kind
    if isinstance(caps.get("function_calling"), bool):
        values["capabilities.tools"] = caps["function_calling"]
    if isinstance(caps.get("vision"), bool):
        values["capabilities.vision"] = caps["vision"]
    if isinstance(item.get("max_context_length"), int):
        values["context_window"] = item["max_context_length"]
    aliases = item.get("aliases")
    if isinstance(aliases, list) and all(isinstance(a, str) for a in aliases):
        values["aliases"] = tuple(aliases)
    deprecation = date_only(item.get("deprecation"))
    if deprecation:
        values["lifecycle.deprecation_date"] = deprecation
    if isinstance(item.get("deprecation_replacement_model"), str):
        values["lifecycle.replacement"] = item["deprecation_replacement_model"]
    if isinstance(item.get("name"), str) and item["name"] != item["id"]:
        values["_canonical"] = item["name"]
    return values


def fetch(client: HttpClient, key: str | None) -> SourceResult:
    """List Mistral's base models; entries that only restate another under an alias are skipped.

    Mistral lists every alias as its own entry whose ``name`` is the canonical id; the canonical
    entry carries the alias in ``aliases``.
    """
    result = fetch_list(SOURCE, "mistral", client, key, values=_values, keep=_is_base)
    ids = {o.id for o in result.observations}
    kept = []
    for obs in result.observations:
        values = dict(obs.values)
        canonical = values.pop("_canonical", obs.id)
        if canonical != obs.id and canonical in ids:
            continue  # an alias entry: the canonical entry lists it under "aliases"
        kept.append(Observation(obs.provider, obs.id, values))
    return SourceResult(result.source, result.url, result.retrieved, kept, result.label)


def _is_base(item: dict[str, Any]) -> bool:
    return bool(item.get("type", "base") == "base")
