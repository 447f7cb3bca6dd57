"""Billing: the one billing table, typed arguments, ``at=`` and exact amounts.

Rule tests build small records for the rule they test; the data pins on the bundled catalog are
marked ``regeneration``.
"""

from __future__ import annotations

import pytest

from model_catalog import catalog


@pytest.mark.regeneration
def test_web_search_is_billed_as_of_its_history() -> None:
    # Issue 19: LiteLLM stated $35 per thousand web searches for azure gpt-4.1 until its
    # 1.110.2 answer (2026-11-20) showed $14; a bill as of 2025-06-01 uses the older price.
    model = catalog.get("azure_openai/gpt-4.1")
    bill = model.breakdown(0, 0, web_searches=1000, at="2025-06-01")
    (item,) = bill.items
    assert (item.component, item.unit_price, item.source) == (
        "web_search",
        0.035,
        "history: before 2026-11-20",
    )
    assert bill.total == pytest.approx(35.0)
    assert model.breakdown(0, 0, web_searches=1000).total == pytest.approx(14.0)
