"""Billing: the one billing table, typed arguments, ``at=`` and exact amounts.

Rule tests build small records for the rule they test; the data pins on the bundled catalog are
marked ``regeneration``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import io
import json
from decimal import Decimal
from pathlib import Path

import msgspec
import pytest

from model_catalog import (
    Change,
    InvalidArgumentError,
    Lifecycle,
    Model,
    PriceTier,
    PriceUnknownError,
    Pricing,
    Usage,
    catalog,
)
from model_catalog._billing import MODES, UNITS, BillingTableError, check_pricing
from model_catalog._cli import main


def cli_help() -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        main(["cost", "--help"])
    return out.getvalue()


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


# -- the table ------------------------------------------------------------------------------------


def test_every_price_field_is_billed_by_a_row_or_a_mode() -> None:
    rows = {row.price for row in UNITS}
    modes = {f for mode in MODES.values() for f in mode.values() if f}
    assert set(Pricing.__struct_fields__) == rows | modes | {"tiers"}
    assert set(Usage.__struct_fields__) == {row.argument for row in UNITS}


def test_a_price_field_without_a_row_fails_loudly() -> None:
    class Wider(msgspec.Struct):
        input: float | None = None
        per_second: float | None = None

    with pytest.raises(BillingTableError, match=r"unbilled price fields \['per_second'\]"):
        check_pricing(Wider, PriceTier)


def test_the_methods_take_exactly_the_rows_as_keywords() -> None:
    modes = ["batch", "service_tier", "at"]
    for method in (Model.cost, Model.breakdown):
        names = list(inspect.signature(method).parameters)[1:]
        # the totals and the cached count positionally, as before; every other row by keyword
        assert names[:3] == ["input_tokens", "output_tokens", "cached_input_tokens"]
        assert sorted(names[3:]) == sorted(
            {row.argument for row in UNITS} - set(names[:3]) | set(modes)
        )


def test_the_cli_has_one_flag_per_row() -> None:
    text = cli_help()
    for row in UNITS:
        assert row.option in text


# -- the bill, on small records -------------------------------------------------------------------


def _model(**prices: float) -> Model:
    return Model(provider="t", id="m", pricing=msgspec.convert(prices, Pricing))


def test_parts_of_a_total_are_priced_apart_and_the_rest_at_the_total_price() -> None:
    model = _model(input=2.0, cache_read=0.5, output=8.0, reasoning=10.0, audio_output=20.0)
    bill = model.breakdown(
        1_000_000, 1_000_000, 400_000, reasoning_tokens=100_000, audio_output_tokens=200_000
    )
    assert [(i.component, i.quantity, i.unit_price) for i in bill.items] == [
        ("input", 600_000, 2.0),
        ("cache_read", 400_000, 0.5),
        ("reasoning", 100_000, 10.0),
        ("output", 700_000, 8.0),
        ("audio_output", 200_000, 20.0),
    ]
    assert bill.usage == Usage(
        input_tokens=1_000_000,
        output_tokens=1_000_000,
        cached_input_tokens=400_000,
        reasoning_tokens=100_000,
        audio_output_tokens=200_000,
    )
    assert bill.total == model.cost(
        1_000_000, 1_000_000, 400_000, reasoning_tokens=100_000, audio_output_tokens=200_000
    )


def test_cached_audio_is_its_own_part_of_the_prompt() -> None:
    # gpt-realtime's prices as genai-prices and LiteLLM state them: audio 32, cached audio 0.4.
    model = _model(input=4.0, cache_read=0.4, audio_input=32.0, cache_read_audio=0.4, output=16.0)
    bill = model.breakdown(
        1_000_000, 0, 100_000, audio_input_tokens=500_000, cached_audio_input_tokens=300_000
    )
    assert [(i.component, i.quantity, i.unit_price) for i in bill.items] == [
        ("input", 100_000, 4.0),
        ("cache_read", 100_000, 0.4),
        ("audio_input", 500_000, 32.0),
        ("cache_read_audio", 300_000, 0.4),
    ]
    with pytest.raises(PriceUnknownError, match=r"cache_read_audio \(flex\)"):
        model.cost(10, 0, cached_audio_input_tokens=5, service_tier="flex")
    with pytest.raises(PriceUnknownError, match="cache_read_audio"):
        _model(input=4.0, output=16.0).cost(10, 0, cached_audio_input_tokens=5)


def test_unpriced_reasoning_is_output_and_unpriced_image_tokens_are_input() -> None:
    bill = _model(input=2.0, output=8.0).breakdown(
        1000, 1000, image_input_tokens=300, reasoning_tokens=400
    )
    assert [(i.component, i.quantity, i.price) for i in bill.items] == [
        ("input", 700, "pricing.input"),
        ("image_input", 300, "pricing.input"),
        ("output", 1000, "pricing.output"),
    ]


def test_a_mode_uses_its_own_prices_and_names_the_one_it_lacks() -> None:
    model = _model(input=2.0, output=8.0, cache_read=0.5, reasoning=9.0, batch_input=1.0)
    with pytest.raises(PriceUnknownError, match="batch_output"):
        model.cost(10, 10, batch=True)
    bill = _model(input=2.0, output=8.0, batch_input=1.0, batch_output=4.0).breakdown(
        1_000_000, 1_000_000, reasoning_tokens=10, batch=True
    )
    assert bill.total == 5.0
    assert bill.service_tier == "batch"
    with pytest.raises(PriceUnknownError, match=r"pricing\.batch_cache_read"):
        model.cost(10, 0, 5, batch=True)


def test_a_mode_bills_no_count_at_a_standard_price() -> None:
    # Batch halves Anthropic's cache writes (LiteLLM: 0.625 vs 1.25 for claude-haiku-4-5); a
    # mode that states no price for a count does not fall back to the standard one.
    model = _model(
        input=1.0,
        output=5.0,
        cache_write=1.25,
        audio_input=3.0,
        batch_input=0.5,
        batch_output=2.5,
        batch_cache_write=0.625,
    )
    bill = model.breakdown(1000, 100, cache_write_tokens=400, image_input_tokens=100, batch=True)
    assert [(i.component, i.quantity, i.price) for i in bill.items] == [
        ("input", 500, "pricing.batch_input"),
        ("cache_write", 400, "pricing.batch_cache_write"),
        ("image_input", 100, "pricing.batch_input"),  # at its total's price, in the mode
        ("output", 100, "pricing.batch_output"),
    ]
    with pytest.raises(PriceUnknownError, match=r"pricing\.batch_audio_input"):
        model.cost(1000, 100, audio_input_tokens=10, batch=True)
    with pytest.raises(PriceUnknownError, match=r"web_search \(batch\)"):
        model.cost(1000, 100, web_searches=1, batch=True)


def test_a_price_of_its_own_that_a_mode_lacks_is_unknown_not_the_totals() -> None:
    # gpt-image-1's prices as LiteLLM states them: image tokens 10 against input 5; batch 2.5
    # for text and 5 for image tokens. Without the batch image price the bill must not use
    # the batch text price for image tokens (half the stated one).
    stated = {"input": 5.0, "image_input": 10.0, "output": 40.0, "batch_input": 2.5}
    stated["batch_output"] = 20.0
    with pytest.raises(PriceUnknownError) as raised:
        _model(**stated).cost(1000, 0, image_input_tokens=1000, batch=True)
    assert raised.value.field == "pricing.batch_image_input"
    stated.update(flex_input=2.5, flex_output=20.0)  # flex states no image price at all
    with pytest.raises(PriceUnknownError) as raised:
        _model(**stated).cost(1000, 0, image_input_tokens=1000, service_tier="flex")
    assert raised.value.field == "pricing.image_input"
    assert "(pricing.image_input: no flex price of its own is recorded)" in str(raised.value)
    bill = _model(**stated, batch_image_input=5.0).breakdown(
        1000, 0, image_input_tokens=1000, batch=True
    )
    assert [(i.component, i.unit_price) for i in bill.items] == [("image_input", 5.0)]


def test_a_mode_key_that_replaces_no_rows_price_fails_loudly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(MODES["batch"], "imag_input", "batch_image_input")
    with pytest.raises(BillingTableError, match=r"modes replace no row's price \['imag_input'\]"):
        check_pricing(Pricing, PriceTier)


def test_a_dated_bill_past_a_tier_boundary_uses_the_tiers_unless_they_changed_since() -> None:
    tier = PriceTier(above_input_tokens=200_000, input=2.5, output=15.0)
    model = Model(
        provider="t",
        id="m",
        pricing=Pricing(input=1.25, output=10.0, tiers=(tier,)),
        lifecycle=msgspec.convert({"first_seen": "2026-01-01"}, Lifecycle),
        history=(Change(field="pricing.tiers", observed="2026-06-27", source="litellm"),),
    )
    bill = model.breakdown(300_000, 0, at="2026-07-01")
    assert [(i.unit_price, i.price) for i in bill.items] == [(2.5, "pricing.tiers")]
    with pytest.raises(PriceUnknownError, match="the tiers changed by 2026-06-27"):
        model.cost(300_000, 0, at="2026-06-01")
    with pytest.raises(PriceUnknownError, match="no evidence before 2026-01-01"):
        model.cost(300_000, 0, at="2025-12-31")
    assert model.cost(100_000, 0, at="2026-06-01") == pytest.approx(0.125)  # below the boundary
    with pytest.raises(PriceUnknownError, match="tiers state no batch prices"):
        model.cost(300_000, 0, batch=True)


def test_at_takes_a_date_a_datetime_or_an_iso_string() -> None:
    model = Model(
        provider="t",
        id="m",
        pricing=Pricing(input=1.0),
        history=(Change(field="pricing.input", observed="2025-06-10", old=4.0, new=1.0),),
    )
    million = 1_000_000
    assert model.cost(million, 0, at="2025-06-09") == 4.0
    assert model.cost(million, 0, at=dt.date(2025, 6, 10)) == 1.0
    assert model.cost(million, 0, at=dt.datetime(2025, 6, 9, 23, 30)) == 4.0  # noqa: DTZ001
    # 2025-06-09 23:30 at UTC-2 is the 10th in UTC
    west = dt.timezone(dt.timedelta(hours=-2))
    assert model.cost(million, 0, at=dt.datetime(2025, 6, 9, 23, 30, tzinfo=west)) == 1.0
    assert model.breakdown(million, 0, at="2025-06-09T10:00:00Z").as_of == "2025-06-09"
    for impossible in ("2025-02-30", "2025-13-01", "2025-06-09T25:00"):
        with pytest.raises(
            InvalidArgumentError, match="at must be a date 'YYYY-MM-DD' that exists"
        ):
            model.cost(1, 0, at=impossible)
    with pytest.raises(InvalidArgumentError, match="at must be a date"):
        model.cost(1, 0, at=20250609)  # type: ignore[arg-type]


def test_exact_amounts_are_decimals_on_the_stated_price() -> None:
    bill = _model(input=0.1, output=0.3).breakdown(3, 3)
    assert bill.total == 0.1 * 3 / 1e6 + 0.3 * 3 / 1e6
    assert bill.exact_total == Decimal("0.0000012")
    assert [i.exact_amount for i in bill.items] == [Decimal("3e-7"), Decimal("9e-7")]
    assert isinstance(bill.total, float)


def test_bad_counts_are_named() -> None:
    model = _model(input=1.0, output=1.0)
    with pytest.raises(InvalidArgumentError, match="web_searches must be an int, got float"):
        model.cost(1, 1, web_searches=1.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="input_tokens must be >= 0"):
        model.cost(-1, 1)
    with pytest.raises(InvalidArgumentError, match="cannot exceed output_tokens"):
        model.cost(1, 1, reasoning_tokens=2)


# -- the data format's strictness (issue 14.4) ----------------------------------------------------


def test_a_negative_price_or_an_unknown_field_does_not_decode() -> None:
    with pytest.raises(msgspec.ValidationError, match=r"Expected `float` >= 0.0 - at `\$.input`"):
        msgspec.convert({"input": -1.0}, Pricing)
    with pytest.raises(msgspec.ValidationError, match="unknown field `inptu`"):
        msgspec.convert({"inptu": 1.0}, Pricing)
    with pytest.raises(msgspec.ValidationError, match="unknown field `colour`"):
        msgspec.convert({"provider": "t", "id": "m", "colour": "red"}, Model)
    assert msgspec.convert({"input": 0.0}, Pricing).input == 0.0  # free is a price


def test_the_schema_says_prices_are_not_negative_and_fields_are_closed() -> None:
    schema = json.loads((Path(__file__).parents[1] / "schema.json").read_text())
    pricing = schema["$defs"]["Pricing"]
    assert pricing["additionalProperties"] is False
    prices = [name for name in Pricing.__struct_fields__ if name != "tiers"]
    for name in prices:
        number = pricing["properties"][name]["anyOf"][0]
        assert number == {"minimum": 0, "type": "number"}, name
    assert all(d.get("additionalProperties") is False for d in schema["$defs"].values())


# -- units other than tokens (issue 15.2) -------------------------------------------------------


@pytest.mark.parametrize(
    ("price", "count", "quantity", "unit", "amount"),
    [
        ("input_per_second", "input_seconds", 90, "second", 0.009),
        ("output_per_second", "output_seconds", 60, "second", 0.015),
        ("input_per_character", "input_characters", 10_000, "character", 0.15),
        ("per_query", "queries", 250, "query", 0.25),
        ("per_page", "pages", 12, "page", 0.048),
    ],
)
def test_a_request_billed_by_its_own_unit(
    price: str, count: str, quantity: int, unit: str, amount: float
) -> None:
    unit_prices = {
        "input_per_second": 0.0001,
        "output_per_second": 0.00025,
        "input_per_character": 1.5e-05,
        "per_query": 0.001,
        "per_page": 0.004,
    }
    model = _model(**{price: unit_prices[price]})
    bill = model.breakdown(0, 0, **{count: quantity})
    (item,) = bill.items
    assert (item.quantity, item.unit, item.unit_price) == (quantity, unit, unit_prices[price])
    assert bill.total == pytest.approx(amount)
    assert item.exact_amount == Decimal(repr(unit_prices[price])) * quantity
    with pytest.raises(PriceUnknownError, match=f"pricing.{price}"):
        _model(input=1.0).breakdown(0, 0, **{count: quantity})


def test_citation_tokens_are_billed_apart_from_the_prompt() -> None:
    model = _model(input=2.0, output=8.0, citation=2.0)
    bill = model.breakdown(1_000, 500, citation_tokens=10_000)
    assert [(i.component, i.quantity) for i in bill.items] == [
        ("input", 1_000),
        ("output", 500),
        ("citation", 10_000),
    ]
    assert bill.total == pytest.approx((1_000 * 2 + 500 * 8 + 10_000 * 2) / 1e6)


def test_the_cli_bills_a_request_by_its_own_unit_alone(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cost", "mistral/mistral-ocr-latest", "--pages", "12", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["total"] == pytest.approx(0.048)
    # A token count without its total is still an error: a forgotten --output is not free.
    assert main(["cost", "gpt-4o", "--input", "5"]) == 1
    assert "needs --input N and --output N" in capsys.readouterr().err


@pytest.mark.regeneration
@pytest.mark.parametrize(
    ("key", "path", "value"),
    [
        # LiteLLM 1.110.2 (2026-11-20) states each price per one unit.
        ("mistral/mistral-ocr-latest", "pricing.per_page", 0.004),
        ("bedrock/amazon.rerank-v1:0", "pricing.per_query", 0.001),
        ("azure_openai/tts-1", "pricing.input_per_character", 1.5e-05),
        ("azure_openai/whisper-1", "pricing.input_per_second", 0.0001),
        ("perplexity/sonar-deep-research", "pricing.citation", 2.0),
        ("azure_openai/gpt-realtime", "pricing.cache_read_audio", 0.4),
        ("google/gemini-2.5-flash", "pricing.batch_audio_input", 0.5),  # audio 1.0, halved
    ],
)
def test_the_stated_unit_prices_reach_the_records(key: str, path: str, value: float) -> None:
    model = catalog.get(key)
    assert getattr(model.pricing, path.removeprefix("pricing.")) == value
    assert model.provenance[path].startswith("litellm")


def test_every_count_is_billed_by_cost_as_by_breakdown() -> None:
    # cost() has a fast path for plain token counts: no row's count may be left out of the
    # test that sends every other request to the full bill.
    prices = {row.price: 1.0 for row in UNITS}
    model = _model(**prices)
    for row in UNITS:
        counts = {"input_tokens": 0, "output_tokens": 0, row.argument: 1_000_000}
        if row.part_of is not None:
            counts[row.part_of] = 1_000_000
        tokens = (counts.pop("input_tokens"), counts.pop("output_tokens"))
        assert model.cost(*tokens, **counts) == model.breakdown(*tokens, **counts).total, row
