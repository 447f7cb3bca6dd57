"""Typed usage example, checked by ``mypy --strict`` in tests/test_package.py (not collected)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from model_catalog import CostBreakdown, Model, ProviderInfo, UnknownModelError, Usage, catalog


def price_of(name: str) -> float | None:
    model: Model = catalog.get(name)
    return model.pricing.input


def cheapest_vision_model() -> str:
    candidates: list[Model] = catalog.find(capability="vision", min_context=100_000)
    priced = [m for m in candidates if m.pricing.input is not None]
    best = min(priced, key=lambda m: m.pricing.input or 0.0)
    return best.key


def providers() -> list[str]:
    infos: tuple[ProviderInfo, ...] = catalog.providers()
    return [info.id for info in infos]


def lookup_or_none(name: str) -> Model | None:
    try:
        return catalog[name]
    except UnknownModelError as error:
        suggestions: tuple[str, ...] = error.suggestions
        del suggestions
        return None


def request_cost() -> float:
    return catalog.get("gpt-4o").cost(input_tokens=1000, output_tokens=200, cached_input_tokens=500)


def maybe(name: str) -> Model | None:
    return catalog.get(name, None)


def billed_as_of() -> tuple[float, Decimal]:
    model = catalog.get("openai/gpt-5")
    bill: CostBreakdown = model.breakdown(
        1000, 200, reasoning_tokens=50, service_tier="flex", at=dt.date(2025, 9, 1)
    )
    return model.cost(1, 1, at=dt.datetime(2025, 9, 1, tzinfo=dt.timezone.utc)), bill.exact_total


def rejected_by_the_type_checker() -> None:
    # --strict warns on an unused ignore: each line below must be an error for this file to pass.
    model = catalog.get("openai/gpt-5")
    model.cost(1, 1, service_tier="turbo")  # type: ignore[arg-type]
    model.cost(1, 1, cache_tokens=5)  # type: ignore[call-arg]
    model.breakdown(1, 1, web_search=1)  # type: ignore[call-arg]
    model.breakdown(1, 1, images=1.5)  # type: ignore[arg-type]


def price_saved_response(raw: bytes) -> tuple[float, int]:
    bill: CostBreakdown = catalog.price_response(raw, provider="openai", at="2026-08-19")
    usage: Usage = catalog.usage_from(raw)
    return bill.total, usage.cached_input_tokens
