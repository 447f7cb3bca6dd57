"""The field table: every value a record holds, what unit it is in, and how it is guarded.

Paths are derived from the record Structs (``Model`` and the Structs nested in it), so the table
cannot drift from the data format: a field added to a Struct without a row here, or a row left for
a field that no longer exists, raises ``FieldTableError`` when this module is imported. The refresh
pipeline (sources, merge, guards, history, release notes) and the CLI read the same rows.

Not imported on the lookup path: ``import model_catalog`` stays as light as msgspec allows.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

import msgspec

from ._types import Model, PriceTier

__all__ = [
    "FIELDS",
    "HISTORY",
    "LIMITS",
    "OBSERVED",
    "PRICES",
    "TIER_PRICES",
    "Field",
    "FieldTableError",
    "field",
]

Unit = Literal[
    "usd_per_mtok",
    "usd_per_image",
    "usd_per_request",
    "usd_per_second",
    "usd_per_character",
    "usd_per_query",
    "usd_per_page",
    "tokens",
    "dimensions",
    "date",
    "text",
    "flag",
    "names",
    "tiers",
    "status",
]
Guard = Literal["price", "limit", "status"]


class Field(NamedTuple):
    """One row: a field path and how every part of the project treats it."""

    path: str
    unit: Unit
    label: str
    """How release notes and the CLI name it."""
    guard: Guard | None = None
    """``price``: a move of 10x or more, or a value vanishing, is held back; ``limit``: shrinking
    or vanishing is held back; ``status``: many flips from one source in one night are held."""
    history: bool = False
    """Kept in each record's ``history`` and used by ``Model.cost(at=...)``."""
    observed: bool = True
    """False for values the pipeline computes (first/last seen); no source may state them."""


class FieldTableError(RuntimeError):
    """The table and the Structs disagree: a field has no row, or a row has no field."""


def _price(path: str, label: str, unit: Unit = "usd_per_mtok") -> Field:
    return Field(path, unit, label, guard="price", history=True)


_ROWS: tuple[Field, ...] = (
    Field("name", "text", "name"),
    Field("aliases", "names", "aliases"),
    Field("kind", "text", "kind"),
    Field("context_window", "tokens", "context window", guard="limit", history=True),
    Field("max_input_tokens", "tokens", "max input", guard="limit", history=True),
    Field("max_output_tokens", "tokens", "max output", guard="limit", history=True),
    _price("pricing.input", "input"),
    _price("pricing.output", "output"),
    _price("pricing.cache_read", "cache read"),
    _price("pricing.cache_write", "cache write"),
    _price("pricing.cache_write_1h", "1-hour cache write"),
    _price("pricing.reasoning", "reasoning"),
    _price("pricing.batch_input", "batch input"),
    _price("pricing.batch_output", "batch output"),
    _price("pricing.batch_cache_read", "batch cache read"),
    _price("pricing.batch_cache_write", "batch cache write"),
    _price("pricing.batch_audio_input", "batch audio input"),
    _price("pricing.batch_image_input", "batch image input"),
    _price("pricing.flex_input", "flex input"),
    _price("pricing.flex_output", "flex output"),
    _price("pricing.flex_cache_read", "flex cache read"),
    _price("pricing.flex_cache_write", "flex cache write"),
    _price("pricing.flex_audio_input", "flex audio input"),
    _price("pricing.priority_input", "priority input"),
    _price("pricing.priority_output", "priority output"),
    _price("pricing.priority_cache_read", "priority cache read"),
    _price("pricing.priority_cache_write", "priority cache write"),
    _price("pricing.priority_audio_input", "priority audio input"),
    _price("pricing.audio_input", "audio input"),
    _price("pricing.cache_read_audio", "cached audio input"),
    _price("pricing.audio_output", "audio output"),
    _price("pricing.image_input", "image input"),
    _price("pricing.image_output", "per image", "usd_per_image"),
    _price("pricing.web_search", "per web search", "usd_per_request"),
    _price("pricing.web_search_low", "per web search (low context)", "usd_per_request"),
    _price("pricing.web_search_high", "per web search (high context)", "usd_per_request"),
    _price("pricing.citation", "citation"),
    _price("pricing.input_per_second", "per input second", "usd_per_second"),
    _price("pricing.output_per_second", "per output second", "usd_per_second"),
    _price("pricing.input_per_character", "per input character", "usd_per_character"),
    _price("pricing.per_query", "per query", "usd_per_query"),
    _price("pricing.per_page", "per page", "usd_per_page"),
    Field("pricing.tiers", "tiers", "long-context tiers", guard="price", history=True),
    Field("input_modalities", "names", "input modalities"),
    Field("output_modalities", "names", "output modalities"),
    Field("capabilities.tools", "flag", "tools"),
    Field("capabilities.vision", "flag", "vision"),
    Field("capabilities.reasoning", "flag", "reasoning"),
    Field("capabilities.structured_output", "flag", "structured output"),
    Field("capabilities.prompt_caching", "flag", "prompt caching"),
    Field("capabilities.web_search", "flag", "web search"),
    Field("capabilities.temperature", "flag", "settable temperature"),
    Field("capabilities.embedding_dimensions", "dimensions", "embedding dimensions"),
    Field("capabilities.reasoning_efforts", "names", "reasoning efforts"),
    Field("capabilities.default_reasoning_effort", "text", "default reasoning effort"),
    Field("knowledge_cutoff", "date", "knowledge cutoff"),
    Field("release_date", "date", "released"),
    Field("open_weights", "flag", "open weights"),
    Field("lifecycle.status", "status", "status", guard="status"),
    Field("lifecycle.first_seen", "date", "first seen", observed=False),
    Field("lifecycle.last_seen", "date", "last seen", observed=False),
    Field("lifecycle.deprecation_date", "date", "deprecated on"),
    Field("lifecycle.retirement_date", "date", "retired on"),
    Field("lifecycle.replacement", "text", "replacement"),
)

# Parts of a record that are not values: its key, and what the pipeline writes about the values.
_NOT_VALUES = frozenset({"provider", "id", "history", "provenance"})


def _leaf_paths(struct: type[msgspec.Struct], prefix: str = "") -> list[str]:
    paths = []
    info = msgspec.inspect.type_info(struct)
    assert isinstance(info, msgspec.inspect.StructType)  # noqa: S101 - Model is a Struct
    for member in info.fields:
        path = prefix + member.name
        if not prefix and member.name in _NOT_VALUES:
            continue
        nested = member.type
        if isinstance(nested, msgspec.inspect.StructType):
            paths += _leaf_paths(nested.cls, path + ".")
        else:
            paths.append(path)
    return paths


def _build() -> dict[str, Field]:
    rows = {row.path: row for row in _ROWS}
    derived = _leaf_paths(Model)
    missing = [p for p in derived if p not in rows]
    stale = [p for p in rows if p not in derived]
    if missing or stale:
        msg = (
            f"field table (model_catalog/_fields.py) and record Structs disagree: "
            f"no row for {missing}; no field for {stale}"
        )
        raise FieldTableError(msg)
    return {path: rows[path] for path in derived}


FIELDS: dict[str, Field] = _build()
"""Every value path of a record, in Struct order."""

OBSERVED: frozenset[str] = frozenset(path for path, row in FIELDS.items() if row.observed)
"""Paths a source may state; any other path in an observation is an error."""

# The groups every consumer reads (merge, guards, release notes, reports): one filter each, here.
PRICES: tuple[str, ...] = tuple(
    path for path, row in FIELDS.items() if row.guard == "price" and row.unit != "tiers"
)
"""Every scalar price path (``pricing.input`` ...), whatever its unit."""

LIMITS: tuple[str, ...] = tuple(path for path, row in FIELDS.items() if row.guard == "limit")
"""Context window, max input, max output."""

HISTORY: frozenset[str] = frozenset(path for path, row in FIELDS.items() if row.history)
"""The one meaning of "has history": kept per record and billed by ``cost(at=...)``."""

TIER_PRICES: tuple[str, ...] = tuple(
    name for name in PriceTier.__struct_fields__ if name != "above_input_tokens"
)
"""Every price a long-context tier can carry, from the tier type: a new one is guarded at once."""


def field(path: str) -> Field:
    """The row of ``path``; ``KeyError`` naming the path and the table when there is none."""
    row = FIELDS.get(path)
    if row is None:
        msg = f"unknown field path {path!r}: not in the field table (model_catalog/_fields.py)"
        raise KeyError(msg)
    return row
