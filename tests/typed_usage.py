"""Typed usage example, checked by ``mypy --strict`` in tests/test_package.py (not collected)."""

from __future__ import annotations

from model_catalog import Model, ProviderInfo, UnknownModelError, catalog


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
