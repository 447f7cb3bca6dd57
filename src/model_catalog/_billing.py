"""The billing table: one row per billed unit, and the bill it drives.

The rows are in the order a bill lists its lines (each part before the rest of its total).

Every count ``Model.cost``/``Model.breakdown`` take is a row here (after genai-prices'
``prices/units.yml``): the keyword (also the field of ``Usage`` and, with dashes, the CLI flag),
the bill line it makes, the ``Pricing`` field that prices it, what that price is per, and which
total it is part of. The counts' validation, the input and output parts, the CLI's flags and the
lines of a bill all loop over ``UNITS``. Every ``Pricing`` field is a row's price or a price of a
mode (``MODES``: batch, flex, priority; ``tiers``): ``check_pricing`` (run when this module is
imported: by the first bill, and by every test session) fails loudly on a field that is neither,
and ``Usage`` is checked against the rows here.

This module sits above ``_types``, which imports it on the first bill: a lookup never pays for
the table (2.4 M instructions of a cold start).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, TypeAlias

import msgspec

from ._errors import InvalidArgumentError, PriceUnknownError, bool_argument, date_argument
from ._types import PriceTier, Pricing

if TYPE_CHECKING:
    from ._types import Model

__all__ = [
    "MODES",
    "PER",
    "UNITS",
    "BilledUnit",
    "BillingTableError",
    "Body",
    "CostBreakdown",
    "CostItem",
    "Usage",
    "When",
    "bill",
    "check_pricing",
    "parts_exceeding",
]

Per = Literal["token", "image", "request", "second", "character", "query", "page"]
When: TypeAlias = str | dt.date | None
"""What ``at=`` takes: an ISO date (or date-time) string, a ``date`` or a ``datetime``."""
Body: TypeAlias = Mapping[str, object] | str | bytes
"""A raw API response: the decoded JSON object, or its text or bytes."""
PER: dict[str, int] = {
    "token": 1_000_000,
    "image": 1,
    "request": 1,
    "second": 1,
    "character": 1,
    "query": 1,
    "page": 1,
}
"""How many units one stated price is for: per million tokens, else per one of the unit."""


class BilledUnit(msgspec.Struct, frozen=True):
    """One billed unit: how a count is passed, priced and shown."""

    argument: str
    """The keyword of ``cost()``/``breakdown()`` and the field of ``Usage``."""
    component: str
    """The bill line (``CostItem.component``)."""
    price: str
    """The ``Pricing`` field of its standard price."""
    per: Per
    part_of: str | None
    """The total count (``input_tokens``, ``output_tokens``) it is a part of; None for a total or
    a count of its own."""
    unpriced: Literal["unknown", "in_total", "total_price"] = "unknown"
    """Where its price is not stated: ``unknown`` raises ``PriceUnknownError``; ``in_total``
    bills it with its total (reasoning is output unless priced apart); ``total_price`` bills its
    own line at the total's price (image tokens at the input price)."""
    help: str = ""
    """What the count is, for the CLI."""
    flag: str = ""
    """The CLI's option, where it is not the argument's stem (``--cached``)."""

    @property
    def option(self) -> str:
        """The ``model-catalog cost`` option that passes this count."""
        return self.flag or "--" + self.argument.removesuffix("_tokens").replace("_", "-")


UNITS: tuple[BilledUnit, ...] = (
    BilledUnit("input_tokens", "input", "input", "token", None, help="prompt tokens, all"),
    BilledUnit(
        "cached_input_tokens",
        "cache_read",
        "cache_read",
        "token",
        "input_tokens",
        help="prompt tokens read from the cache",
        flag="--cached",
    ),
    BilledUnit(
        "cache_write_tokens",
        "cache_write",
        "cache_write",
        "token",
        "input_tokens",
        help="prompt tokens written to the 5-minute cache",
    ),
    BilledUnit(
        "cache_write_1h_tokens",
        "cache_write_1h",
        "cache_write_1h",
        "token",
        "input_tokens",
        help="prompt tokens written to the 1-hour cache",
    ),
    BilledUnit(
        "audio_input_tokens",
        "audio_input",
        "audio_input",
        "token",
        "input_tokens",
        help="prompt tokens that are audio",
    ),
    BilledUnit(
        "cached_audio_input_tokens",
        "cache_read_audio",
        "cache_read_audio",
        "token",
        "input_tokens",
        help="prompt audio tokens read from the cache (in neither --cached nor --audio-input)",
    ),
    BilledUnit(
        "image_input_tokens",
        "image_input",
        "image_input",
        "token",
        "input_tokens",
        "total_price",
        help="prompt tokens that are images",
    ),
    BilledUnit(
        "reasoning_tokens",
        "reasoning",
        "reasoning",
        "token",
        "output_tokens",
        "in_total",
        help="output tokens spent reasoning (priced apart where the model does)",
    ),
    BilledUnit("output_tokens", "output", "output", "token", None, help="output tokens, all"),
    BilledUnit(
        "audio_output_tokens",
        "audio_output",
        "audio_output",
        "token",
        "output_tokens",
        help="output tokens that are audio",
    ),
    BilledUnit("images", "images", "image_output", "image", None, help="images generated"),
    BilledUnit(
        "web_searches", "web_search", "web_search", "request", None, help="web-search requests"
    ),
    BilledUnit(
        "web_searches_low",
        "web_search_low",
        "web_search_low",
        "request",
        None,
        help="web-search requests at the low search context size",
    ),
    BilledUnit(
        "web_searches_high",
        "web_search_high",
        "web_search_high",
        "request",
        None,
        help="web-search requests at the high search context size",
    ),
    BilledUnit(
        "citation_tokens",
        "citation",
        "citation",
        "token",
        None,
        help="citation tokens (Perplexity), counted apart from the prompt",
    ),
    BilledUnit(
        "input_seconds",
        "input_seconds",
        "input_per_second",
        "second",
        None,
        help="seconds of input audio or video",
    ),
    BilledUnit(
        "output_seconds",
        "output_seconds",
        "output_per_second",
        "second",
        None,
        help="seconds of output audio or video (or of audio transcribed, where so priced)",
    ),
    BilledUnit(
        "input_characters",
        "input_characters",
        "input_per_character",
        "character",
        None,
        help="input characters (text-to-speech)",
    ),
    BilledUnit("queries", "queries", "per_query", "query", None, help="queries (rerank, search)"),
    BilledUnit("pages", "pages", "per_page", "page", None, help="pages read (OCR)"),
)

MODES: dict[str, dict[str, str]] = {
    "batch": {
        "input": "batch_input",
        "output": "batch_output",
        "cache_read": "batch_cache_read",
        "cache_write": "batch_cache_write",
        "audio_input": "batch_audio_input",
        "image_input": "batch_image_input",
    },
    "flex": {
        "input": "flex_input",
        "output": "flex_output",
        "cache_read": "flex_cache_read",
        "cache_write": "flex_cache_write",
        "audio_input": "flex_audio_input",
    },
    "priority": {
        "input": "priority_input",
        "output": "priority_output",
        "cache_read": "priority_cache_read",
        "cache_write": "priority_cache_write",
        "audio_input": "priority_audio_input",
    },
}
"""Per mode, the standard price field -> the mode's own. A price a mode does not name has no
value in that mode: modes discount (or raise) more than input and output (batch halves cache
writes and Gemini's audio, priority doubles cache writes), so a standard price would be a wrong
bill. A count whose row is billed with its total (reasoning), or at its total's price where no
price of its own is stated (image tokens), follows the mode's total; any other count in a mode
without its price raises ``PriceUnknownError``."""

_TIERED = ("input", "output", "cache_read", "cache_write")
"""The prices a long-context tier (``Pricing.tiers``) replaces."""
_NOT_PRICES = frozenset({"tiers"})
_ROWS = {row.argument: row for row in UNITS}
_PARTS = {
    total: tuple(row for row in UNITS if row.part_of == total)
    for total in ("input_tokens", "output_tokens")
}


def _in_mode(mode: str, price: str) -> str | None:
    return MODES[mode].get(price) if mode in MODES else price


_BY_MODE = {
    mode: tuple(
        (
            row,
            _ROWS[row.part_of] if row.part_of else None,
            _in_mode(mode, row.price),
            _in_mode(mode, _ROWS[row.part_of].price) if row.part_of else None,
        )
        for row in UNITS
    )
    for mode in ("standard", *MODES)
}
"""Per mode, each row with its total's row, the price field that bills it and the one that bills
its total (None: no price in that mode)."""
_COUNT_LIMIT = 2**53
"""Counts above this are not exact as a float, so not billable here."""


class BillingTableError(RuntimeError):
    """The billing table and the records disagree: a price nobody bills, or a row without one."""


class Usage(msgspec.Struct, frozen=True, kw_only=True):
    """What one request used, as ``cost()``'s arguments: one field per row of ``UNITS``.

    ``input_tokens`` counts every prompt token (cached and written ones included) and
    ``output_tokens`` every generated one (reasoning and audio included); the other token counts
    are parts of those totals.
    """

    input_tokens: int = 0
    output_tokens: int = 0
    cached_input_tokens: int = 0
    cache_write_tokens: int = 0
    cache_write_1h_tokens: int = 0
    audio_input_tokens: int = 0
    cached_audio_input_tokens: int = 0
    image_input_tokens: int = 0
    reasoning_tokens: int = 0
    audio_output_tokens: int = 0
    images: int = 0
    web_searches: int = 0
    web_searches_low: int = 0
    web_searches_high: int = 0
    citation_tokens: int = 0
    input_seconds: int = 0
    output_seconds: int = 0
    input_characters: int = 0
    queries: int = 0
    pages: int = 0


class CostItem(msgspec.Struct, frozen=True, kw_only=True):
    """One line of a bill: what was counted, at which list price, from which source."""

    component: str
    """A row's ``component`` in ``model_catalog._billing.UNITS`` (``input``, ``cache_read``,
    ``reasoning``, ``images``, ``web_search``, ...)."""
    quantity: int
    unit: Per
    unit_price: float
    """US dollars per million tokens, or per image or request."""
    amount: float
    """US dollars."""
    price: str
    """The price field used (``pricing.batch_input``, ``pricing.tiers``)."""
    source: str | None
    """The source that stated that price (``litellm``), if recorded."""

    @property
    def exact_amount(self) -> Decimal:
        """``amount`` in exact decimal arithmetic on the stated price, for reconciling invoices."""
        return Decimal(repr(self.unit_price)) * self.quantity / PER[self.unit]


class CostBreakdown(msgspec.Struct, frozen=True, kw_only=True):
    """The cost of one request, line by line."""

    model: str
    items: tuple[CostItem, ...]
    total: float
    as_of: str | None = None
    """The date the request was priced as of (``at=``), or None for today's list prices."""
    usage: Usage | None = None
    """The counts that were billed."""
    service_tier: str = "standard"
    """The prices used: ``standard``, ``batch``, ``flex`` or ``priority``."""
    reported_total: float | None = None
    """What a priced response said it cost (OpenRouter ``usage.cost``, xAI
    ``cost_in_usd_ticks``): a cross-check, never the bill."""

    @property
    def exact_total(self) -> Decimal:
        """``total`` as the exact sum of the lines' ``exact_amount``."""
        return sum((item.exact_amount for item in self.items), Decimal(0))


def check_pricing(pricing: type[msgspec.Struct], tier: type[msgspec.Struct]) -> None:
    """Fail loudly unless every price field is billed by a row or a mode, and nothing else is."""
    fields = set(pricing.__struct_fields__)
    billed = {row.price for row in UNITS}
    by_modes = {f for mode in MODES.values() for f in mode.values()}
    keys = {k for mode in MODES.values() for k in mode}
    unbilled = fields - billed - by_modes - _NOT_PRICES
    stale = (billed | by_modes | set(_NOT_PRICES)) - fields
    untiered = set(_TIERED) - set(tier.__struct_fields__)
    counts = set(Usage.__struct_fields__)
    unmoded = keys - billed  # a mode replaces a row's price, or nothing
    if unbilled or stale or untiered or unmoded or counts != set(_ROWS):
        msg = (
            "billing table (model_catalog/_billing.py) and records disagree: "
            f"unbilled price fields {sorted(unbilled)}; no such price field {sorted(stale)}; "
            f"tiers lack {sorted(untiered)}; modes replace no row's price {sorted(unmoded)}; "
            f"Usage fields vs rows {sorted(counts ^ set(_ROWS))}"
        )
        raise BillingTableError(msg)


def _count(name: str, value: object) -> int:
    if isinstance(value, bool):
        msg = f"{name} must be an int, got bool"
        raise InvalidArgumentError(msg)
    try:
        count = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        msg = f"{name} must be an int, got {type(value).__name__}"
        raise InvalidArgumentError(msg) from None
    if count < 0:
        msg = f"{name} must be >= 0, got {count}"
        raise InvalidArgumentError(msg)
    if count > _COUNT_LIMIT:
        msg = f"{name} is too large to price exactly ({count:.3e} > 2**53)"
        raise InvalidArgumentError(msg)
    return count


def parts_exceeding(counts: Mapping[str, int]) -> str | None:
    """What exceeds its total among ``counts`` (by ``Usage`` field), or None when all fit.

    The parts of a total (``part_of`` in ``UNITS``: cached, written, audio and image tokens of
    ``input_tokens``; reasoning and audio of ``output_tokens``) cannot add up to more than it.
    """
    for total, parts in _PARTS.items():
        named = [(p.argument, counts[p.argument]) for p in parts if counts[p.argument]]
        if sum(count for _, count in named) > counts[total]:
            spelled = " + ".join(f"{argument} ({count})" for argument, count in named)
            return f"{spelled} cannot exceed {total} ({counts[total]})"
    return None


def bill(
    model: Model, usage: Usage, *, batch: object, service_tier: object, at: object
) -> CostBreakdown:
    """Price ``usage`` on ``model``: validate every count, then one line per billed row."""
    counts = {row.argument: _count(row.argument, getattr(usage, row.argument)) for row in UNITS}
    batch = bool_argument(batch, "batch")
    if service_tier not in ("standard", "flex", "priority"):
        msg = f"service_tier must be 'standard', 'flex' or 'priority', got {service_tier!r}"
        raise InvalidArgumentError(msg)
    if batch and service_tier != "standard":
        msg = "batch prices have no flex or priority tier; pass batch or service_tier"
        raise InvalidArgumentError(msg)
    excess = parts_exceeding(counts)
    if excess is not None:
        raise InvalidArgumentError(excess)
    mode = "batch" if batch else str(service_tier)
    return _Bill(model, counts, mode, date_argument(at, moments=True)).breakdown(usage)


class _Bill:
    """Works out which price applies to each row of one request."""

    def __init__(self, model: Model, counts: dict[str, int], mode: str, at: str | None) -> None:
        self.model = model
        self.counts = counts
        self.at = at
        self.mode = mode
        self.tier: PriceTier | None = None
        for tier_prices in sorted(model.pricing.tiers, key=lambda t: t.above_input_tokens):
            if counts["input_tokens"] > tier_prices.above_input_tokens:
                self.tier = tier_prices
        if self.tier is not None:
            if mode != "standard":
                why, reason = f"{mode} prices", f"tiers state no {mode} prices"
            else:
                why, reason = f"prices as of {at}", self._tiers_unknown_on(at)
            if reason:
                raise PriceUnknownError(
                    model.key,
                    f"input above {self.tier.above_input_tokens:,} tokens ({why})",
                    "pricing.tiers",
                    reason,
                )
        self.items: list[CostItem] = []

    def _tiers_unknown_on(self, at: str | None) -> str:
        """Why today's tiers may not be the tiers on ``at`` (empty: they were)."""
        first_seen = self.model.lifecycle.first_seen
        if at is None:
            return ""
        if first_seen is not None and at < first_seen:
            return f"no evidence before {first_seen}"
        later = [
            c.observed for c in self.model.history if c.field == "pricing.tiers" and c.observed > at
        ]
        return f"the tiers changed by {later[0]}; earlier ones are not kept" if later else ""

    def stated(self, field: str) -> bool:
        if self.tier is not None and field in _TIERED and getattr(self.tier, field) is not None:
            return True
        return getattr(self.model.pricing, field) is not None

    def price(self, component: str, field: str) -> tuple[float, str, str | None]:
        """The price of ``pricing.<field>`` for this request, its field path and source."""
        model = self.model
        if self.tier is not None and field in _TIERED:
            value = getattr(self.tier, field)
            if value is not None:
                return value, "pricing.tiers", model.provenance.get("pricing.tiers")
        path = f"pricing.{field}"
        value = getattr(model.pricing, field)
        source = model.provenance.get(path)
        if self.at is not None:
            if model.lifecycle.first_seen and self.at < model.lifecycle.first_seen:
                msg_component = f"{component} (no evidence before {model.lifecycle.first_seen})"
                raise PriceUnknownError(model.key, msg_component, path)
            for change in reversed(model.history):
                if change.field == path and change.observed > self.at:
                    value, source = change.old, f"history: before {change.observed}"
        if value is None:
            raise PriceUnknownError(model.key, component, path)
        return value, path, source

    def add(self, row: BilledUnit, component: str, field: str, quantity: int) -> None:
        if not quantity:
            return
        price, path, source = self.price(component, field)
        self.items.append(
            CostItem(
                component=component,
                quantity=quantity,
                unit=row.per,
                unit_price=price,
                amount=price * quantity / PER[row.per],
                price=path,
                source=source,
            )
        )

    def breakdown(self, usage: Usage) -> CostBreakdown:
        counts = dict(self.counts)
        lines: list[tuple[BilledUnit, str, str]] = []
        for row, total, field, total_field in _BY_MODE[self.mode]:
            if field is not None and (total is None or self.stated(field)):
                lines.append((row, row.component, field))
            elif row.unpriced == "in_total":
                continue  # billed with its total, at the total's price
            elif (
                row.unpriced == "total_price"
                and total_field is not None
                and not self.stated(row.price)  # a price of its own the mode lacks is unknown
            ):
                lines.append((row, row.component, total_field))
            elif field is None:
                if counts[row.argument]:
                    raise PriceUnknownError(
                        self.model.key,
                        f"{row.component} ({self.mode})",
                        f"pricing.{row.price}",
                        f"no {self.mode} price of its own is recorded",
                    )
                continue
            else:
                lines.append((row, row.component, field))  # raises: its price is unknown
            if total is not None:
                counts[total.argument] -= counts[row.argument]
        for row, component, field in lines:
            self.add(row, component, field, counts[row.argument])
        return CostBreakdown(
            model=self.model.key,
            items=tuple(self.items),
            total=sum(item.amount for item in self.items),
            as_of=self.at,
            usage=usage,
            service_tier=self.mode,
        )


check_pricing(Pricing, PriceTier)
