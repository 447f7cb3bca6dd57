"""Typed, frozen records of the catalog.

These Structs are the single source of truth for the data format: ``schema.json`` is generated from
them (``scripts/refresh.py --write-schema``) and the bundled files are decoded straight into them.
Every field added later must have a default, so older data files keep decoding.
"""

from __future__ import annotations

from typing import Literal

import msgspec

__all__ = [
    "Capabilities",
    "Change",
    "Index",
    "Kind",
    "Lifecycle",
    "Model",
    "PriceTier",
    "Pricing",
    "ProviderFile",
    "ProviderInfo",
    "Source",
    "Status",
]

Kind = Literal[
    "chat",
    "completion",
    "embedding",
    "image",
    "audio",
    "video",
    "rerank",
    "moderation",
    "ocr",
    "other",
]
Status = Literal["active", "deprecated", "retired"]


class PriceTier(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Prices that apply once the prompt is larger than ``above_input_tokens`` tokens."""

    above_input_tokens: int
    input: float | None = None
    output: float | None = None
    cache_read: float | None = None
    cache_write: float | None = None


class Pricing(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Prices in US dollars per million tokens. ``None`` means unknown; ``0.0`` means free."""

    input: float | None = None
    output: float | None = None
    cache_read: float | None = None
    cache_write: float | None = None
    reasoning: float | None = None
    batch_input: float | None = None
    batch_output: float | None = None
    audio_input: float | None = None
    audio_output: float | None = None
    image_output: float | None = None
    """US dollars per generated image (not per million tokens)."""
    tiers: tuple[PriceTier, ...] = ()


class Capabilities(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """What the model supports. ``None`` means no source said."""

    tools: bool | None = None
    vision: bool | None = None
    reasoning: bool | None = None
    structured_output: bool | None = None
    prompt_caching: bool | None = None
    web_search: bool | None = None
    embedding_dimensions: int | None = None


class Lifecycle(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Where the model is in its life, as far as the recorded sources tell.

    ``first_seen``/``last_seen`` are the dates of the first and last recorded source that listed the
    model ("observed by", not "effective from").
    """

    status: Status = "active"
    first_seen: str | None = None
    last_seen: str | None = None
    deprecation_date: str | None = None
    retirement_date: str | None = None
    replacement: str | None = None


class Change(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A recorded change of a price (USD per 1M tokens) or a limit (tokens).

    ``observed`` is the date of the first recorded source that showed the new value: the change
    happened on or before it ("observed by", not "effective from").
    """

    field: str
    observed: str
    old: float | None = None
    new: float | None = None
    source: str = ""


class Source(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A recorded source: what it is, where it lives and when it was retrieved (ISO date)."""

    name: str
    url: str
    retrieved: str


class Model(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One model as offered by one provider."""

    provider: str
    id: str
    name: str | None = None
    aliases: tuple[str, ...] = ()
    kind: Kind | None = None
    context_window: int | None = None
    """Maximum input tokens."""
    max_output_tokens: int | None = None
    pricing: Pricing = Pricing()
    input_modalities: tuple[str, ...] = ()
    output_modalities: tuple[str, ...] = ()
    capabilities: Capabilities = Capabilities()
    knowledge_cutoff: str | None = None
    release_date: str | None = None
    open_weights: bool | None = None
    lifecycle: Lifecycle = Lifecycle()
    history: tuple[Change, ...] = ()
    """Price and limit changes, oldest first (``"pricing.input"``, ``"context_window"``, ...)."""
    provenance: dict[str, str] = {}
    """Field path (``"pricing.input"``) -> name of the source that gave the value; ``"id"`` names
    the best-ranked source that lists the model at all."""

    @property
    def key(self) -> str:
        """The unique ``provider/id`` key of this record."""
        return f"{self.provider}/{self.id}"

    def cost(
        self,
        input_tokens: int,
        output_tokens: int,
        cached_input_tokens: int = 0,
    ) -> float:
        """Return the US dollar cost of one request at list price.

        ``cached_input_tokens`` is the part of ``input_tokens`` read from the prompt cache.
        Context-size tiers apply when ``input_tokens`` exceeds a tier's boundary.
        Raises ``ValueError`` when a count is negative or a price needed is unknown.
        """
        for label, count in (
            ("input_tokens", input_tokens),
            ("output_tokens", output_tokens),
            ("cached_input_tokens", cached_input_tokens),
        ):
            if isinstance(count, bool) or not isinstance(count, int):
                msg = f"{label} must be an int, got {type(count).__name__}"
                raise TypeError(msg)
            if count < 0:
                msg = f"{label} must be >= 0, got {count}"
                raise ValueError(msg)
        if cached_input_tokens > input_tokens:
            msg = "cached_input_tokens cannot exceed input_tokens"
            raise ValueError(msg)
        price_in, price_out, price_cached = (
            self.pricing.input,
            self.pricing.output,
            self.pricing.cache_read,
        )
        for tier in sorted(self.pricing.tiers, key=lambda t: t.above_input_tokens):
            if input_tokens > tier.above_input_tokens:
                price_in = tier.input if tier.input is not None else price_in
                price_out = tier.output if tier.output is not None else price_out
                price_cached = tier.cache_read if tier.cache_read is not None else price_cached
        fresh = input_tokens - cached_input_tokens
        needed = (
            ("input", price_in, fresh),
            ("output", price_out, output_tokens),
            ("cache_read", price_cached, cached_input_tokens),
        )
        total = 0.0
        for label, price, count in needed:
            if count == 0:
                continue
            if price is None:
                msg = f"{self.key}: {label} price is unknown, cannot compute cost"
                raise ValueError(msg)
            total += price * count / 1_000_000
        return total


class ProviderFile(msgspec.Struct, frozen=True, kw_only=True):
    """Layout of one bundled data file (``data/<provider>.json``)."""

    generated: str
    provider: str
    sources: dict[str, Source]
    models: tuple[Model, ...]


class ProviderInfo(msgspec.Struct, frozen=True, kw_only=True):
    """One provider as listed in ``data/index.json`` (from the refresh's provider table)."""

    id: str
    name: str
    file: str
    models: int
    spellings: tuple[str, ...] = ()
    """Other names for the provider in ``provider/id`` names (``gemini`` for ``google``)."""
    makes: tuple[str, ...] = ()
    """Prefixes of the bare model names this provider makes (``grok`` for ``xai``)."""


class Index(msgspec.Struct, frozen=True, kw_only=True):
    """Layout of ``data/index.json``: what is where, so a lookup decodes one provider file only."""

    generated: str
    providers: tuple[ProviderInfo, ...]
    ids: dict[str, tuple[str, ...]]
    """Model id -> providers that offer a model with exactly that id."""
    aliases: dict[str, tuple[str, ...]]
    """Alias -> ``provider/id`` keys it points to."""
