from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scripts.units import (
    cents_per_100m_to_per_million,
    per_million,
    per_thousand_to_per_million,
    per_token_to_per_million,
)


def test_per_token() -> None:
    assert per_token_to_per_million(2.5e-06) == 2.5
    assert per_token_to_per_million("0.000015") == 15.0
    assert per_token_to_per_million(3e-07) == 0.3
    assert per_token_to_per_million(0) == 0.0  # free stays free


def test_xai_cents_per_100m() -> None:
    # docs.x.ai: prices are integer US cents per 100 million tokens; 20000 = $2 per 1M.
    assert cents_per_100m_to_per_million(20000) == 2.0
    assert cents_per_100m_to_per_million(5000) == 0.5


def test_unknown_and_sentinels_become_none() -> None:
    for bad in (None, "", "n/a", True, [1], {"a": 1}, "-1", -1, "nan", "inf"):
        assert per_token_to_per_million(bad) is None
        assert per_million(bad) is None


@given(st.decimals(min_value=0, max_value=1000, places=6, allow_nan=False))
def test_per_million_roundtrip(value: object) -> None:
    result = per_million(value)
    assert result is not None
    assert abs(result - float(value)) < 1e-6  # type: ignore[arg-type]


def test_per_thousand() -> None:
    # Azure's retail prices: gpt-4o-mini 0718 global input, 0.00015 USD per "1K" tokens.
    assert per_thousand_to_per_million(0.00015) == 0.15
    assert per_thousand_to_per_million(7.5e-05) == 0.075
    assert per_thousand_to_per_million(None) is None
