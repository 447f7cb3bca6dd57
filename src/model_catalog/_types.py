"""Typed, frozen records of the catalog.

These Structs are the single source of truth for the data format: ``schema.json`` is generated from
them (``scripts/refresh.py --write-schema``) and the bundled files are decoded straight into them.
Every field added later must have a default, so older data files keep decoding.
"""

import datetime as dt
from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import TYPE_CHECKING, Annotated, Literal, TypeVar

import msgspec

from ._errors import PriceUnknownError
from ._errors import date_argument as _date_argument

if TYPE_CHECKING:
    from ._billing import CostBreakdown, When

__all__ = [
    "Capabilities",
    "Change",
    "Index",
    "Kind",
    "Lifecycle",
    "Model",
    "Names",
    "PriceTier",
    "Pricing",
    "Provenance",
    "ProviderFile",
    "ProviderInfo",
    "ServiceTier",
    "Source",
    "Spans",
    "Status",
    "dec_hook",
    "enc_hook",
]

_D = TypeVar("_D")


def _path_name(attribute: str) -> str:
    return attribute.replace("__", ".")


class Provenance(
    msgspec.Struct,
    frozen=True,
    kw_only=True,
    omit_defaults=True,
    forbid_unknown_fields=True,
    rename=_path_name,
):
    """Field path (``"pricing.input"``) -> name of the source that gave the value.

    A read-only ``Mapping`` (``provenance["pricing.input"]``, ``.get``, ``in``, ``items()``) and a
    frozen Struct with one optional field per path of a record, so msgspec encodes, decodes and
    describes it natively; an unknown path is an error, never dropped. ``"id"`` names the source
    whose listing decided whether the model is still offered. Build one from a mapping with
    ``msgspec.convert(mapping, Provenance)``.
    """

    aliases: str | None = None
    capabilities__default_reasoning_effort: str | None = None
    capabilities__embedding_dimensions: str | None = None
    capabilities__prompt_caching: str | None = None
    capabilities__reasoning: str | None = None
    capabilities__reasoning_efforts: str | None = None
    capabilities__structured_output: str | None = None
    capabilities__temperature: str | None = None
    capabilities__tools: str | None = None
    capabilities__vision: str | None = None
    capabilities__web_search: str | None = None
    context_window: str | None = None
    id: str | None = None
    input_modalities: str | None = None
    kind: str | None = None
    knowledge_cutoff: str | None = None
    lifecycle__deprecation_date: str | None = None
    lifecycle__first_seen: str | None = None
    lifecycle__last_seen: str | None = None
    lifecycle__replacement: str | None = None
    lifecycle__retirement_date: str | None = None
    lifecycle__status: str | None = None
    max_input_tokens: str | None = None
    max_output_tokens: str | None = None
    name: str | None = None
    open_weights: str | None = None
    output_modalities: str | None = None
    pricing__audio_input: str | None = None
    pricing__audio_output: str | None = None
    pricing__batch_audio_input: str | None = None
    pricing__batch_cache_read: str | None = None
    pricing__batch_cache_write: str | None = None
    pricing__batch_image_input: str | None = None
    pricing__batch_input: str | None = None
    pricing__batch_output: str | None = None
    pricing__cache_read: str | None = None
    pricing__cache_read_audio: str | None = None
    pricing__cache_write: str | None = None
    pricing__cache_write_1h: str | None = None
    pricing__citation: str | None = None
    pricing__flex_audio_input: str | None = None
    pricing__flex_cache_read: str | None = None
    pricing__flex_cache_write: str | None = None
    pricing__flex_input: str | None = None
    pricing__flex_output: str | None = None
    pricing__image_input: str | None = None
    pricing__image_output: str | None = None
    pricing__input: str | None = None
    pricing__input_per_character: str | None = None
    pricing__input_per_second: str | None = None
    pricing__output: str | None = None
    pricing__output_per_second: str | None = None
    pricing__per_page: str | None = None
    pricing__per_query: str | None = None
    pricing__priority_audio_input: str | None = None
    pricing__priority_cache_read: str | None = None
    pricing__priority_cache_write: str | None = None
    pricing__priority_input: str | None = None
    pricing__priority_output: str | None = None
    pricing__reasoning: str | None = None
    pricing__tiers: str | None = None
    pricing__tiers__below_base: str | None = None
    """The source that states a tier priced below the base price (``scripts/invariants.py``)."""
    pricing__web_search: str | None = None
    pricing__web_search_high: str | None = None
    pricing__web_search_low: str | None = None
    release_date: str | None = None

    def __getitem__(self, path: str) -> str:
        attribute = _PROVENANCE_ATTRIBUTES.get(path) if type(path) is str else None
        value = None if attribute is None else getattr(self, attribute)
        if value is None:
            raise KeyError(path)
        return value  # type: ignore[no-any-return]

    def get(self, path: str, default: _D = None) -> str | _D:  # type: ignore[assignment]
        """The source of ``path``, or ``default`` where none is recorded."""
        attribute = _PROVENANCE_ATTRIBUTES.get(path) if type(path) is str else None
        value = None if attribute is None else getattr(self, attribute)
        return default if value is None else value

    def __contains__(self, path: object) -> bool:
        attribute = _PROVENANCE_ATTRIBUTES.get(path) if type(path) is str else None
        return attribute is not None and getattr(self, attribute) is not None

    def __iter__(self) -> Iterator[str]:
        for path, attribute in _PROVENANCE_ATTRIBUTES.items():
            if getattr(self, attribute) is not None:
                yield path

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def keys(self) -> KeysView[str]:
        return KeysView(self)

    def items(self) -> ItemsView[str, str]:
        return ItemsView(self)

    def values(self) -> ValuesView[str]:
        return ValuesView(self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Provenance):
            return msgspec.structs.astuple(self) == msgspec.structs.astuple(other)
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())

    def __hash__(self) -> int:
        return hash(msgspec.structs.astuple(self))

    def __repr__(self) -> str:
        return f"Provenance({dict(self.items())!r})"


Mapping.register(Provenance)
_PROVENANCE_ATTRIBUTES: dict[str, str] = dict(
    zip(Provenance.__struct_encode_fields__, Provenance.__struct_fields__, strict=True)
)
"""Field path -> attribute of ``Provenance``, in path order."""


def enc_hook(value: object) -> object:
    """Kept for callers that pass it: every public type encodes natively, so it never runs."""
    msg = f"cannot encode {type(value).__name__}"
    raise NotImplementedError(msg)


def dec_hook(kind: type, value: object) -> object:
    """Kept for callers that pass it: every public type decodes natively, so it never runs."""
    msg = f"cannot decode {kind!r}"
    raise NotImplementedError(msg)


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
ServiceTier = Literal["standard", "flex", "priority"]
Price = Annotated[float, msgspec.Meta(ge=0)]
"""A stated price: never negative (the schema says ``minimum: 0``; decoding checks it)."""


class _Data(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Base of every data Struct: frozen; a field the format does not know is an error.

    The schema says so (``additionalProperties: false``).
    """


class PriceTier(_Data, frozen=True, kw_only=True, omit_defaults=True):
    """Prices that apply once the prompt is larger than ``above_input_tokens`` tokens."""

    above_input_tokens: int
    input: Price | None = None
    output: Price | None = None
    cache_read: Price | None = None
    cache_write: Price | None = None


class Pricing(_Data, frozen=True, kw_only=True, omit_defaults=True):
    """List prices in US dollars per million tokens, unless a field says otherwise.

    ``None`` means no source stated the price; ``0.0`` means a source said it is free.
    """

    input: Price | None = None
    output: Price | None = None
    cache_read: Price | None = None
    cache_write: Price | None = None
    """Writing to the prompt cache (the default, 5-minute cache where providers have two)."""
    cache_write_1h: Price | None = None
    """Writing to the 1-hour prompt cache."""
    reasoning: Price | None = None
    """Reasoning tokens, where priced apart from output."""
    batch_input: Price | None = None
    batch_output: Price | None = None
    batch_cache_read: Price | None = None
    batch_cache_write: Price | None = None
    batch_audio_input: Price | None = None
    batch_image_input: Price | None = None
    flex_input: Price | None = None
    flex_output: Price | None = None
    flex_cache_read: Price | None = None
    flex_cache_write: Price | None = None
    flex_audio_input: Price | None = None
    priority_input: Price | None = None
    priority_output: Price | None = None
    priority_cache_read: Price | None = None
    priority_cache_write: Price | None = None
    priority_audio_input: Price | None = None
    audio_input: Price | None = None
    cache_read_audio: Price | None = None
    """Prompt audio tokens read from the cache, where priced apart (OpenAI's realtime and audio
    models)."""
    audio_output: Price | None = None
    image_input: Price | None = None
    """Image input tokens, where priced apart from text input."""
    image_output: Price | None = None
    """US dollars per generated image (not per million tokens)."""
    web_search: Price | None = None
    """US dollars per web-search request (at the default search context size)."""
    web_search_low: Price | None = None
    """US dollars per web-search request at the low search context size (Perplexity, OpenAI)."""
    web_search_high: Price | None = None
    """US dollars per web-search request at the high search context size."""
    citation: Price | None = None
    """Citation tokens (Perplexity's deep research), where priced apart from input."""
    input_per_second: Price | None = None
    """US dollars per second of input audio or video (transcription, realtime translation)."""
    output_per_second: Price | None = None
    """US dollars per second of output audio or video, or of audio transcribed where the source
    states the transcription price as output (LiteLLM's ``output_cost_per_second``)."""
    input_per_character: Price | None = None
    """US dollars per input character (text-to-speech)."""
    per_query: Price | None = None
    """US dollars per query (rerank, search)."""
    per_page: Price | None = None
    """US dollars per page read (OCR, document parsing)."""
    tiers: tuple[PriceTier, ...] = ()


class Capabilities(_Data, frozen=True, kw_only=True, omit_defaults=True):
    """What the model supports. ``None`` means no source said."""

    tools: bool | None = None
    vision: bool | None = None
    reasoning: bool | None = None
    structured_output: bool | None = None
    prompt_caching: bool | None = None
    web_search: bool | None = None
    temperature: bool | None = None
    """Whether a request may set ``temperature``; False: the API accepts only its default."""
    embedding_dimensions: int | None = None
    reasoning_efforts: tuple[str, ...] | None = None
    """The ``reasoning_effort`` values a request may send, as a source lists them
    (``("low", "high", "max")``); None: no source listed them."""
    default_reasoning_effort: str | None = None
    """The effort used when a request sends none (``"none"``: no reasoning unless asked)."""


class Lifecycle(_Data, frozen=True, kw_only=True, omit_defaults=True):
    """Where the model is in its life, as far as the recorded sources tell.

    ``first_seen``/``last_seen`` are the dates of the first and last recorded source that listed the
    model ("observed by", not "effective from").
    """

    status: Status = "active"
    """The status when the catalog was built; ``status_on`` applies dates that passed since."""
    first_seen: str | None = None
    last_seen: str | None = None
    deprecation_date: str | None = None
    retirement_date: str | None = None
    replacement: str | None = None

    def status_on(self, day: str | dt.date | None = None) -> Status:
        """The status on ``day`` (``YYYY-MM-DD`` or a ``datetime.date``; by default today, in UTC).

        A release of the catalog gets older while it is pinned: a retirement or deprecation date
        that has passed by ``day`` makes the model retired or deprecated then, though ``status``
        (the status at build time) still says otherwise. It never moves a model back: what the
        catalog knew when it was built stands.
        """
        on = _date_argument(day, "day") or dt.datetime.now(dt.timezone.utc).date().isoformat()
        if self.retirement_date is not None and self.retirement_date <= on:
            return "retired"
        if self.status == "active" and self.deprecation_date is not None:
            return "deprecated" if self.deprecation_date <= on else "active"
        return self.status


class Change(_Data, frozen=True, kw_only=True, omit_defaults=True):
    """A recorded change of a price (USD per 1M tokens) or a limit (tokens).

    ``observed`` is the date of the first recorded source that showed the new value: the change
    happened on or before it ("observed by", not "effective from"). Where a source states when
    the change took effect, it is that date, and ``source`` says so
    (``genai-prices (effective 2025-06-10)``). A change of ``pricing.tiers`` is dated only
    (``old`` and ``new`` are None): a bill as of an earlier day past a tier boundary is unknown.
    """

    field: str
    observed: str
    old: float | None = None
    new: float | None = None
    source: str = ""


class Source(_Data, frozen=True, kw_only=True, omit_defaults=True):
    """A recorded source: what it is, where it lives and when it was retrieved (ISO date)."""

    name: str
    url: str
    retrieved: str


class Model(_Data, frozen=True, kw_only=True, omit_defaults=True):
    """One model as offered by one provider. Immutable and hashable."""

    provider: str
    id: str
    name: str | None = None
    aliases: tuple[str, ...] = ()
    kind: Kind | None = None
    context_window: int | None = None
    """The total context window (prompt and output together), where a source states it."""
    max_input_tokens: int | None = None
    """The most prompt tokens a request may send, where a source states it apart (GPT-5: 272,000
    of a 400,000 window)."""
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
    provenance: Provenance = Provenance()
    """Field path (``"pricing.input"``) -> name of the source that gave the value; ``"id"`` names
    the source whose listing decided whether the model is still offered."""

    @property
    def key(self) -> str:
        """The unique ``provider/id`` key of this record."""
        return f"{self.provider}/{self.id}"

    # cost() and breakdown() are the public billing API, so they stay methods; the rules are the
    # table in _billing.py. Their keywords are spelled out (not **kwargs) so that type checkers
    # reject a misspelled count or tier; tests/test_billing.py pins them to the table's rows.
    def cost(
        self,
        input_tokens: int,
        output_tokens: int,
        cached_input_tokens: int = 0,
        *,
        cache_write_tokens: int = 0,
        cache_write_1h_tokens: int = 0,
        audio_input_tokens: int = 0,
        cached_audio_input_tokens: int = 0,
        image_input_tokens: int = 0,
        reasoning_tokens: int = 0,
        audio_output_tokens: int = 0,
        images: int = 0,
        web_searches: int = 0,
        web_searches_low: int = 0,
        web_searches_high: int = 0,
        citation_tokens: int = 0,
        input_seconds: int = 0,
        output_seconds: int = 0,
        input_characters: int = 0,
        queries: int = 0,
        pages: int = 0,
        batch: bool = False,
        service_tier: ServiceTier = "standard",
        at: "When" = None,
    ) -> float:
        """The US dollar cost of one request at list price: ``breakdown(...).total``.

        Takes the same arguments as ``breakdown``; a plain token count at standard prices today
        skips building the line items.
        """
        pricing = self.pricing
        if (
            type(input_tokens) is int
            and type(output_tokens) is int
            and 0 <= input_tokens <= _EXACT
            and 0 <= output_tokens <= _EXACT
            and not (cached_input_tokens or cache_write_tokens or cache_write_1h_tokens)
            and not (audio_input_tokens or cached_audio_input_tokens)
            and not (image_input_tokens or reasoning_tokens)
            and not (audio_output_tokens or images or web_searches or batch or at)
            and not (web_searches_low or web_searches_high)
            and not (citation_tokens or input_seconds or output_seconds or input_characters)
            and not (queries or pages)
            and service_tier == "standard"
            and not pricing.tiers
        ):
            total = 0.0
            if input_tokens:
                if pricing.input is None:
                    raise PriceUnknownError(self.key, "input", "pricing.input")
                total += pricing.input * input_tokens / 1_000_000
            if output_tokens:
                if pricing.output is None:
                    raise PriceUnknownError(self.key, "output", "pricing.output")
                total += pricing.output * output_tokens / 1_000_000
            return total
        from ._billing import Usage, bill

        usage = Usage(
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            cached_input_tokens=cached_input_tokens,
            cache_write_tokens=cache_write_tokens,
            cache_write_1h_tokens=cache_write_1h_tokens,
            audio_input_tokens=audio_input_tokens,
            cached_audio_input_tokens=cached_audio_input_tokens,
            image_input_tokens=image_input_tokens,
            reasoning_tokens=reasoning_tokens,
            audio_output_tokens=audio_output_tokens,
            images=images,
            web_searches=web_searches,
            web_searches_low=web_searches_low,
            web_searches_high=web_searches_high,
            citation_tokens=citation_tokens,
            input_seconds=input_seconds,
            output_seconds=output_seconds,
            input_characters=input_characters,
            queries=queries,
            pages=pages,
        )
        return bill(self, usage, batch=batch, service_tier=service_tier, at=at).total

    def breakdown(
        self,
        input_tokens: int,
        output_tokens: int,
        cached_input_tokens: int = 0,
        *,
        cache_write_tokens: int = 0,
        cache_write_1h_tokens: int = 0,
        audio_input_tokens: int = 0,
        cached_audio_input_tokens: int = 0,
        image_input_tokens: int = 0,
        reasoning_tokens: int = 0,
        audio_output_tokens: int = 0,
        images: int = 0,
        web_searches: int = 0,
        web_searches_low: int = 0,
        web_searches_high: int = 0,
        citation_tokens: int = 0,
        input_seconds: int = 0,
        output_seconds: int = 0,
        input_characters: int = 0,
        queries: int = 0,
        pages: int = 0,
        batch: bool = False,
        service_tier: ServiceTier = "standard",
        at: "When" = None,
    ) -> "CostBreakdown":
        """The cost of one request at list price, line by line.

        ``input_tokens`` counts every prompt token; ``cached_input_tokens`` (read from the prompt
        cache), ``cache_write_tokens`` (written to the 5-minute cache), ``cache_write_1h_tokens``,
        ``audio_input_tokens``, ``cached_audio_input_tokens`` (audio read from the cache, counted
        in neither of the other two) and ``image_input_tokens`` are the parts of it priced apart
        (image tokens at the input price where no image price is recorded). ``output_tokens`` counts
        every generated token; ``reasoning_tokens`` (where priced apart from output) and
        ``audio_output_tokens`` are parts of it. ``images`` are generated images and
        ``web_searches`` web-search requests (``web_searches_low`` and ``web_searches_high`` at
        those search context sizes), each priced per unit, as are ``citation_tokens``
        (Perplexity's, apart from the prompt), ``input_seconds`` and ``output_seconds`` of audio or
        video, ``input_characters`` (text-to-speech), ``queries`` (rerank) and ``pages`` (OCR).
        ``batch`` uses batch prices; ``service_tier`` ``"flex"`` or ``"priority"`` those tiers'
        prices. Past a long-context tier's boundary (``input_tokens`` above it) the tier's prices
        apply. The rows are the table ``model_catalog._billing.UNITS``.

        ``at`` (a ``date``, a ``datetime`` or an ISO string) prices the request as of that day
        from the record's ``history``: each price is the value the sources showed by that date
        ("observed by": a change is known from the first answer that showed it, so a change made
        between two answers counts from the later one, unless a source states the date it took
        effect, see ``Change``). Past a tier boundary, ``at`` bills today's tier prices if the
        tiers have not changed since that day (their changes are dated, their old values not
        kept), and raises otherwise.

        Amounts are floats; each line's ``exact_amount`` and the bill's ``exact_total`` are the
        same in ``Decimal``, for reconciling invoices. A price the request needs that no source
        stated raises ``PriceUnknownError`` naming the component; it is never counted as 0. Bad
        arguments (an impossible date too) raise ``InvalidArgumentError``.
        """
        from ._billing import Usage, bill

        usage = Usage(
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            cached_input_tokens=cached_input_tokens,
            cache_write_tokens=cache_write_tokens,
            cache_write_1h_tokens=cache_write_1h_tokens,
            audio_input_tokens=audio_input_tokens,
            cached_audio_input_tokens=cached_audio_input_tokens,
            image_input_tokens=image_input_tokens,
            reasoning_tokens=reasoning_tokens,
            audio_output_tokens=audio_output_tokens,
            images=images,
            web_searches=web_searches,
            web_searches_low=web_searches_low,
            web_searches_high=web_searches_high,
            citation_tokens=citation_tokens,
            input_seconds=input_seconds,
            output_seconds=output_seconds,
            input_characters=input_characters,
            queries=queries,
            pages=pages,
        )
        return bill(self, usage, batch=batch, service_tier=service_tier, at=at)


_EXACT = 2**53
"""Counts above this are not exact as a float; the full path says so."""


class ProviderFile(_Data, frozen=True, kw_only=True):
    """Layout of one bundled data file (``data/<provider>.json``)."""

    generated: str
    provider: str
    sources: dict[str, Source]
    models: tuple[Model, ...]


class ProviderInfo(_Data, frozen=True, kw_only=True):
    """One provider as listed in ``data/index.json`` (from the refresh's provider table)."""

    id: str
    name: str
    file: str
    models: int
    spellings: tuple[str, ...] = ()
    """Other names for the provider in ``provider/id`` names (``gemini`` for ``google``)."""
    makes: tuple[str, ...] = ()
    """Prefixes of the bare model names this provider makes (``grok`` for ``xai``)."""
    spans: str | None = None
    """Its spans file (``Spans``), where each record of ``file`` lies; None in releases up to
    2026.11.25, whose files a lookup reads whole."""


class Index(_Data, frozen=True, kw_only=True, omit_defaults=True):
    """Layout of ``data/index.json``: what is where, so a lookup decodes one provider record only.

    Its name tables are in ``names`` (``Names``); ``ModelCatalog.index`` has them filled in.
    In releases up to 2026.11.25 they are here, and there is no ``names``.
    """

    generated: str
    providers: tuple[ProviderInfo, ...]
    as_of: str | None = None
    """The date of the newest evidence the catalog was built from: the statuses hold as of it."""
    names: str | None = None
    """The file of the name tables (``names.json``)."""
    ids: dict[str, tuple[str, ...]] = {}
    """Model id -> providers that offer a model with exactly that id."""
    aliases: dict[str, tuple[str, ...]] = {}
    """Alias -> ``provider/id`` keys it points to."""
    folds: dict[str, tuple[str, ...]] = {}
    """Folded spelling -> keys of the records whose id or alias folds to it, where the fold
    differs from the id or alias itself (``gpt-4-1`` -> ``openai/gpt-4.1``)."""
    dated: dict[str, tuple[str, ...]] = {}
    """Folded name -> keys of the records whose folded id is that name plus a date or version
    suffix (``claude-sonnet-4`` -> ``anthropic/claude-sonnet-4-20250514``): a bare name's newest
    dated id is one probe."""


class Names(_Data, frozen=True, kw_only=True):
    """Layout of ``data/names.json``: the name tables of ``Index``.

    Read only when a name is not a record's id in its maker's file: a miss, an alias, a folded
    spelling, a bare dated name.
    """

    generated: str
    ids: dict[str, tuple[str, ...]]
    aliases: dict[str, tuple[str, ...]]
    folds: dict[str, tuple[str, ...]]
    dated: dict[str, tuple[str, ...]]


class Spans(_Data, frozen=True, kw_only=True):
    """Layout of ``data/<provider>.spans.json``: where the parts of ``<provider>.json`` lie.

    Byte ranges ``[start, end)`` of the provider file, so a lookup decodes the one record it
    answers with and never scans the file. A span that does not hold the record it names is a
    ``CatalogDataError``.
    """

    generated: str
    sources: tuple[int, int]
    models: dict[str, tuple[int, int]]
    """Record id -> its byte range."""
