"""Unit conversion, in one place: every price leaves here in US dollars per million tokens."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

__all__ = [
    "cents_per_100m_to_per_million",
    "per_million",
    "per_thousand_to_per_million",
    "per_token_to_per_million",
    "per_unit",
]


def _number(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float, str, Decimal)):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def _clean(number: Decimal | None) -> float | None:
    # A negative price is a sentinel (OpenRouter's "-1" for "varies"), never a real price.
    if number is None or number < 0:
        return None
    # Decimal arithmetic then one rounding step keeps 2.5e-06 * 1e6 at exactly 2.5.
    return float(round(number, 9).normalize())


def per_token_to_per_million(value: object) -> float | None:
    """USD per token (LiteLLM, OpenRouter) -> USD per million tokens."""
    number = _number(value)
    return _clean(None if number is None else number * 1_000_000)


def per_thousand_to_per_million(value: object) -> float | None:
    """USD per 1,000 tokens (Azure's retail prices in unit "1K") -> USD per million tokens."""
    number = _number(value)
    return _clean(None if number is None else number * 1_000)


def per_million(value: object) -> float | None:
    """USD per million tokens (models.dev, Perplexity, Together): validated, unchanged."""
    return _clean(_number(value))


def cents_per_100m_to_per_million(value: object) -> float | None:
    """Convert xAI's integer US cents per 100M tokens to USD per 1M tokens (divide by 10,000)."""
    number = _number(value)
    return _clean(None if number is None else number / 10_000)


def per_unit(value: object) -> float | None:
    """US dollars per image or per request (LiteLLM's per-query search price): validated, as is."""
    return _clean(_number(value))
