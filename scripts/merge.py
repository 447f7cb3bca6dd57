"""Where sources are merged: one record per (provider, id), each field from the best source.

Precedence, per field: the provider's own API > curated overrides > models.dev > LiteLLM. (For the
``openrouter`` provider its own API is OpenRouter's list, so OpenRouter comes first there.) Every
field records the source it came from in ``provenance``; disagreements between sources beyond
tolerance are collected as ``Conflict``s for the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import msgspec

from model_catalog import Model, Source

from .history import Presence
from .sources import Observation, SourceResult

__all__ = ["PROVIDER_NAMES", "Conflict", "MergeResult", "dedupe_aliases", "merge", "rank_of"]

PROVIDER_NAMES = {
    "openai": "OpenAI",
    "anthropic": "Anthropic",
    "google": "Google Gemini API",
    "vertex_ai": "Google Vertex AI",
    "azure_openai": "Azure OpenAI",
    "bedrock": "AWS Bedrock",
    "mistral": "Mistral",
    "xai": "xAI",
    "groq": "Groq",
    "together": "Together AI",
    "openrouter": "OpenRouter",
    "deepseek": "DeepSeek",
    "cohere": "Cohere",
    "perplexity": "Perplexity",
    "ai21": "AI21 Labs",
    "huggingface": "Hugging Face Inference Providers",
    "ollama": "Ollama",
    "fireworks": "Fireworks AI",
    "deepinfra": "DeepInfra",
    "cerebras": "Cerebras",
    "moonshot": "Moonshot AI",
}

_AGGREGATE_RANK = {"models.dev": 2, "litellm": 3}
PRICE_TOLERANCE = 0.05
_LIMIT_FIELDS = ("context_window", "max_output_tokens")


def rank_of(result: SourceResult, kind: str, provider: str) -> int:
    """Lower wins. History snapshots rank after every current source."""
    del provider
    if kind == "official":
        return 0
    if kind == "curated":
        return 1
    if kind == "history":
        return 9
    return _AGGREGATE_RANK.get(result.source, 5)


@dataclass(frozen=True)
class Conflict:
    """Two sources disagree on one field of one model."""

    key: str
    field: str
    chosen: tuple[str, Any]
    other: tuple[str, Any]


@dataclass
class MergeResult:
    """Merged records per provider, the sources they cite, and the conflicts seen."""

    models: dict[str, list[Model]] = field(default_factory=dict)
    sources: dict[str, dict[str, Source]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    dropped_aliases: list[str] = field(default_factory=list)


def _differs(path: str, a: Any, b: Any) -> bool:
    if path.startswith("pricing.") and path != "pricing.tiers":
        if a == b:
            return False
        if not a or not b:
            return True
        return bool(abs(a - b) / max(abs(a), abs(b)) > PRICE_TOLERANCE)
    if path in _LIMIT_FIELDS:
        return bool(a != b)
    return False


def _nest(values: dict[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for path, value in values.items():
        head, _, tail = path.partition(".")
        if tail:
            nested.setdefault(head, {})[tail] = value
        else:
            nested[head] = value
    return nested


def _lifecycle(
    values: dict[str, Any], presence: Presence | None, as_of: str, *, current: bool
) -> dict[str, Any]:
    life = {k.partition(".")[2]: v for k, v in values.items() if k.startswith("lifecycle.")}
    if presence is not None:
        life["first_seen"] = presence.first_seen
        life["last_seen"] = presence.last_seen
    status = life.get("status", "active")
    deprecated_on = life.get("deprecation_date")
    retired_on = life.get("retirement_date")
    if deprecated_on is not None and deprecated_on <= as_of:
        status = "deprecated"
    if (retired_on is not None and retired_on <= as_of) or not current:
        status = "retired"
    life["status"] = status
    return life


def merge(
    results: list[tuple[SourceResult, str]],
    presence: dict[str, Presence],
    as_of: str,
) -> MergeResult:
    """Merge ``(result, source kind)`` pairs into catalog records.

    ``presence`` (from ``history.py``) gives first/last-seen dates and when a snapshot stopped
    listing a key; a key that no source lists on or after that drop is a retired record.
    """
    merged = MergeResult()
    by_key: dict[str, list[tuple[int, str, Observation]]] = {}
    listed_on: dict[str, str] = {}  # newest date a current source listed the key
    for result, kind in results:
        for obs in result.observations:
            rank = rank_of(result, kind, obs.provider)
            key = f"{obs.provider}/{obs.id}"
            by_key.setdefault(key, []).append((rank, result.source, obs))
            if kind != "history":
                listed_on[key] = max(listed_on.get(key, ""), result.retrieved)
            merged.sources.setdefault(obs.provider, {})[result.source] = Source(
                name=result.source, url=result.url, retrieved=result.retrieved
            )
    folded = _official_aliases(by_key)
    for key in sorted(by_key):
        if key in folded:
            merged.dropped_aliases.append(f"{key}: folded into {folded[key]} (an official alias)")
            continue
        candidates = sorted(by_key[key], key=lambda c: (c[0], c[1]))
        provider = candidates[0][2].provider
        model_id = candidates[0][2].id
        values: dict[str, Any] = {}
        # "id": the best-ranked source that lists the model at all (existence has a source too).
        provenance: dict[str, str] = {"id": candidates[0][1]}
        for _rank, source, obs in candidates:
            for path, value in obs.values.items():
                if path not in values:
                    values[path] = value
                    provenance[path] = source
                elif _differs(path, values[path], value):
                    merged.conflicts.append(
                        Conflict(key, path, (provenance[path], values[path]), (source, value))
                    )
        seen = presence.get(key)
        dropped_on = seen.dropped_on if seen is not None else None
        current = key in listed_on and (dropped_on is None or listed_on[key] >= dropped_on)
        life = _lifecycle(values, seen, as_of, current=current)
        record = _nest({k: v for k, v in values.items() if not k.startswith("lifecycle.")})
        record.update(provider=provider, id=model_id, lifecycle=life, provenance=provenance)
        if "pricing" in record and "tiers" in record["pricing"]:
            record["pricing"]["tiers"] = list(record["pricing"]["tiers"])
        model = msgspec.convert(record, Model)
        merged.models.setdefault(provider, []).append(model)
    for provider, models in merged.models.items():
        merged.models[provider] = dedupe_aliases(models, merged.dropped_aliases)
    return merged


def _official_aliases(by_key: dict[str, list[tuple[int, str, Observation]]]) -> dict[str, str]:
    """``provider/alias`` -> ``provider/id`` for aliases a provider's own API declares."""
    folded: dict[str, str] = {}
    for key, candidates in by_key.items():
        for rank, _source, obs in candidates:
            if rank != 0:
                continue
            for alias in obs.values.get("aliases", ()):
                alias_key = f"{obs.provider}/{alias}"
                if alias_key != key and alias_key not in folded:
                    folded[alias_key] = key
    # An id that is itself folded away cannot absorb others: keep both records then.
    return {a: k for a, k in folded.items() if k not in folded}


def dedupe_aliases(models: list[Model], dropped: list[str]) -> list[Model]:
    """Drop aliases that are another record's id or that two records claim (both lose it)."""
    ids = {m.id for m in models}
    claims: dict[str, int] = {}
    for model in models:
        for alias in set(model.aliases):
            claims[alias] = claims.get(alias, 0) + 1
    cleaned = []
    for model in models:
        keep = tuple(
            sorted(
                a for a in set(model.aliases) if a not in ids and claims[a] == 1 and a != model.id
            )
        )
        if keep != model.aliases:
            dropped.extend(f"{model.key}: {a}" for a in model.aliases if a not in keep)
            cleaned.append(msgspec.structs.replace(model, aliases=keep))
        else:
            cleaned.append(model)
    return cleaned
