"""genai-prices (pydantic): a third public aggregate of list prices.

Endpoint: ``GET https://raw.githubusercontent.com/pydantic/genai-prices/refs/heads/main/prices/new_data/v2/data.json``
(the package's update URL); public, no key, no pagination. Shape: a list of providers, each
``{id, models: [{id, match, context_window, prices}]}``; ``prices`` is an object, or a list of
``{constraint: {start_date} | {start_time, end_time}, prices}`` windows; a price is a number
(USD per million tokens; ``web_searches_kcount`` per thousand requests) or
``{base, tiers: [{start, price}]}`` for prices by prompt size.

How it is read:
- The price window in force on the answer's date: the newest ``start_date`` on or before it,
  else the unconstrained entry. A model priced by the hour of day (DeepSeek's
  ``{start_time: 00:30:00Z, end_time: 16:30:00Z}`` window, with the unconstrained entry holding
  the rest of the day's discount) states no single list price, and the catalog has no field for
  time-of-day prices: none of its prices are read, so they are never billed all day.
- A ``start_date`` is an effective date the source states: the values in force are dated by it
  (``Observation.observed``), and every window in force at some day up to the answer's date
  (the unconstrained one first, then by ``start_date``) is kept as a dated statement of the past
  (``Observation.effective``), which the record's history applies from that date
  (``scripts/merge.py`` rule 5). A window starting after the answer's date is a
  scheduled change, not yet a statement of fact: it is left out.
- A tier starting at ``start`` tokens becomes ``{"above_input_tokens": start}`` (the catalog's
  tiers apply above their boundary; genai-prices' at it: one token apart).
- Its ``context_window`` is not read: it is rounded (1,000,000 for Gemini 1.5 Pro's 2,097,152),
  and limits come from sources that state them exactly.
- Its model ids are its own (``claude-2`` stands for 2.0 and 2.1 through match patterns), so it
  adds values to records other sources list and never creates a record or decides whether a
  model is offered (``creates_records=False``, ``partial``).
Tested on: ``prices/new_data/v2/data.json`` at pydantic/genai-prices@47df840a (2026-08-21).
"""

from __future__ import annotations

from typing import Any

from ..httpclient import HttpClient
from ..providers import PROVIDERS as PROVIDER_TABLE
from ..units import per_million
from . import Observation, SourceInfo, SourceResult, answer, expect

SOURCE = SourceInfo(
    "genai-prices",
    "aggregate",
    "https://raw.githubusercontent.com/pydantic/genai-prices/refs/heads/main/prices/new_data/v2/data.json",
    key_required=False,
    min_models=100,
    partial=True,
    creates_records=False,
)

# genai-prices provider id -> catalog provider id, from the provider table.
PROVIDERS = {key: row.id for row in PROVIDER_TABLE for key in row.genai_prices}
_PRICES = {
    "input_mtok": "pricing.input",
    "output_mtok": "pricing.output",
    "cache_read_mtok": "pricing.cache_read",
    "cache_write_mtok": "pricing.cache_write",
    "cache_write_1h_mtok": "pricing.cache_write_1h",
    "input_audio_mtok": "pricing.audio_input",
    "cache_audio_read_mtok": "pricing.cache_read_audio",
    "output_audio_mtok": "pricing.audio_output",
    "input_image_mtok": "pricing.image_input",
    "output_reasoning_mtok": "pricing.reasoning",
}
_TIER_FIELDS = {"input_mtok": "input", "output_mtok": "output", "cache_read_mtok": "cache_read"}
_TIER_FIELDS["cache_write_mtok"] = "cache_write"


def _windows(prices: Any, day: str) -> list[tuple[str | None, dict[str, Any]]]:
    """The list-price windows in force at some day up to ``day``: ``(start_date, prices)``.

    The unconstrained window (start None) comes first, then by start date; an object of prices
    is one unconstrained window.
    """
    if isinstance(prices, dict):
        return [(None, prices)]
    if not isinstance(prices, list):
        return []
    found: dict[str | None, dict[str, Any]] = {}
    if any(_time_of_day(window) for window in prices):
        return []  # the price depends on the hour: no window alone is the list price
    for window in prices:
        if not isinstance(window, dict) or not isinstance(window.get("prices"), dict):
            continue
        constraint = window.get("constraint")
        if constraint is None:
            start = None
        elif isinstance(constraint, dict) and set(constraint) == {"start_date"}:
            start = str(constraint["start_date"])
            if start > day:
                continue  # scheduled, not yet in force on the answer's date
        else:
            continue  # a constraint this reader does not know states no list price
        found[start] = window["prices"]
    return sorted(found.items(), key=lambda item: item[0] or "")


def _time_of_day(window: Any) -> bool:
    constraint = window.get("constraint") if isinstance(window, dict) else None
    return isinstance(constraint, dict) and ("start_time" in constraint or "end_time" in constraint)


def _in_force(prices: Any, day: str) -> dict[str, Any] | None:
    windows = _windows(prices, day)
    return windows[-1][1] if windows else None


def _values(prices: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    tiers: dict[int, dict[str, Any]] = {}
    for field, path in _PRICES.items():
        value = prices.get(field)
        if isinstance(value, dict):
            for tier in value.get("tiers") or ():
                price = per_million(tier.get("price")) if isinstance(tier, dict) else None
                start = tier.get("start") if isinstance(tier, dict) else None
                if price is not None and isinstance(start, int) and field in _TIER_FIELDS:
                    tiers.setdefault(start, {"above_input_tokens": start})[_TIER_FIELDS[field]] = (
                        price
                    )
            value = value.get("base")
        price = per_million(value)
        if price is not None:
            values[path] = price
    searches = per_million(prices.get("web_searches_kcount"))
    if searches is not None:
        values["pricing.web_search"] = round(searches / 1000, 9)
    if tiers:
        values["pricing.tiers"] = tuple(tiers[start] for start in sorted(tiers))
    return values


def model_values(model: dict[str, Any], day: str) -> dict[str, Any]:
    """Catalog values of one genai-prices model entry as of ``day``."""
    return _values(_in_force(model.get("prices"), day) or {})


def effective(model: dict[str, Any], day: str) -> tuple[tuple[str | None, dict[str, Any]], ...]:
    """The entry's dated windows up to ``day`` as catalog values; empty when none is dated."""
    windows = _windows(model.get("prices"), day)
    if not any(start is not None for start, _prices in windows):
        return ()
    return tuple((start, _values(prices)) for start, prices in windows)


def parse(data: object, day: str) -> list[Observation]:
    """Observations of every mapped provider in a decoded data.json, as of ``day``."""
    expect(SOURCE.name, isinstance(data, list), "expected a list of providers")
    assert isinstance(data, list)  # noqa: S101 - narrowing for mypy
    observations = []
    for entry in data:
        expect(SOURCE.name, isinstance(entry, dict), "a provider entry is not an object")
        provider = PROVIDERS.get(str(entry.get("id")))
        models = entry.get("models")
        if provider is None:
            continue
        expect(SOURCE.name, isinstance(models, list), f"{entry.get('id')}: 'models' is not a list")
        for model in models:
            expect(SOURCE.name, isinstance(model, dict), f"{entry['id']}: a model is not an object")
            if isinstance(model.get("id"), str):
                windows = effective(model, day)
                observations.append(
                    Observation(
                        provider,
                        model["id"],
                        model_values(model, day),
                        observed=windows[-1][0] if windows else None,
                        effective=windows,
                    )
                )
    return observations


def fetch(client: HttpClient, key: str | None) -> SourceResult:  # noqa: ARG001 - public source
    """Fetch and parse genai-prices' data."""
    page = client.get_json(SOURCE.url)
    return answer(SOURCE, page, parse(page.data, page.retrieved))
