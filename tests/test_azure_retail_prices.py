"""Azure's Retail Prices API (scripts/sources/azure_retail_prices.py) on its recorded pages.

The recording is the 2025-08-16 crawl's rows re-paged as the API serves them
(tests/fixtures/ORIGIN.md); the broken variants below are derived from it in code.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from scripts.httpclient import HttpClient
from scripts.sources import SourceError, discover
from scripts.sources import azure_retail_prices as azure
from tests.conftest import RECORDED, recorded_body, recorded_entry

FIRST = (
    "https://prices.azure.com/api/retail/prices?%24filter=serviceName+eq+%27Cognitive+Services%27"
)
SECOND = FIRST + "&%24skip=100"


def _page(url: str) -> dict[str, Any]:
    page: dict[str, Any] = json.loads(recorded_body(recorded_entry(url)))
    return page


def _rows() -> list[dict[str, Any]]:
    client = HttpClient(replay=RECORDED)
    pages = azure.pages(client, azure.SOURCE.request_url(client))
    return [row for page in pages for row in page.data["Items"]]


def _row(meter: str, region: str = "eastus") -> dict[str, Any]:
    found = [r for r in _rows() if r["meterName"] == meter and r["armRegionName"] == region]
    assert len(found) == 1, meter
    return found[0]


def test_discovered_as_a_partial_official_price_list() -> None:
    assert azure in discover()
    assert azure.SOURCE.kind == "official"
    assert azure.SOURCE.partial
    assert not azure.SOURCE.creates_records
    assert azure.SOURCE.env is None


def test_units_differ_row_to_row() -> None:
    # "1K": USD per thousand tokens; "1M": per million. Both leave as USD per million.
    mini = _row("gpt-4o-mini-0718-Inp-glbl Tokens")
    assert (mini["unitOfMeasure"], mini["retailPrice"]) == ("1K", 0.00015)
    gpt5 = _row("GPT 5 Rsng Inpt Glbl 1M Tokens")
    assert (gpt5["unitOfMeasure"], gpt5["retailPrice"]) == ("1M", 1.25)
    observations, _ = azure.parse([mini, gpt5])
    assert {o.id: o.values for o in observations} == {
        "gpt-4o-mini-2024-07-18": {"pricing.input": 0.15},
        "gpt-5": {"pricing.input": 1.25},
    }


def test_deployment_types() -> None:
    rows = [
        _row("gpt 4o 1120 Inp glbl Tokens"),
        _row("gpt 4o 1120 cached Inp glbl Tokens"),
        _row("gpt 4o 1120 Batch Outp glbl Tokens"),
        _row("gpt 4o 1120 Inp Data Zone Tokens"),  # 0.00275: not Global
        _row("gpt 4o 1120 Inp regnl Tokens"),  # 0.00275: not Global
        _row("gpt 4o 1120 Inp glbl Tokens", region="swedencentral"),  # not the reference region
    ]
    observations, skipped = azure.parse(rows)
    assert [(o.id, o.values, o.observed) for o in observations] == [
        (
            "gpt-4o-2024-11-20",
            {"pricing.input": 2.5, "pricing.cache_read": 1.25, "pricing.batch_output": 5.0},
            "2024-12-01",
        )
    ]
    assert skipped == {"not the Global deployment": 2, "Global, outside eastus": 1}


def test_non_token_units_and_unmapped_meters_are_skipped_and_counted() -> None:
    hours = _row("gpt-4.1-ft hosting global Unit")
    assert hours["unitOfMeasure"] == "1 Hour"
    fine_tuned = _row("gpt-4.1-ft input global Tokens")
    audio = _row("gpt-4o-transcribe-aud-inp-glbl Tokens")
    observations, skipped = azure.parse([hours, fine_tuned, audio])
    assert observations == []
    assert skipped == {
        "not a token meter": 1,
        "not a text token rate (fine-tuning, audio, image, realtime)": 1,
        "unmapped": 1,
    }


def test_a_row_without_its_fields_is_a_source_error() -> None:
    row = dict(_row("gpt 4o 1120 Inp glbl Tokens"))
    del row["unitOfMeasure"]
    with pytest.raises(SourceError, match=r"azure-retail-prices: .*'unitOfMeasure'"):
        azure.parse([row])


def test_every_page_is_followed_by_next_page_link() -> None:
    client = HttpClient(replay=RECORDED)
    pages = azure.pages(client, azure.SOURCE.request_url(client))
    assert len(pages) == 50
    assert sum(len(p.data["Items"]) for p in pages) == 4950
    assert pages[0].data["NextPageLink"].endswith("'Cognitive Services'&$skip=100")
    assert pages[-1].data["NextPageLink"] is None


def _broken(tmp_path: Path, second: dict[str, Any]) -> HttpClient:
    """A two-page recording: the real first page, and ``second`` as the page it links to."""
    first = _page(FIRST)
    for name, body in (("first.json.gz", first), ("second.json.gz", second)):
        (tmp_path / name).write_bytes(gzip.compress(json.dumps(body).encode()))
    manifest = {
        "responses": {
            FIRST: [{"file": "first.json.gz", "recorded": "2025-08-16", "encoding": "gzip"}],
            SECOND: [{"file": "second.json.gz", "recorded": "2025-08-16", "encoding": "gzip"}],
        },
        "settings": {"AZURE_PRICES_SERVICE": "Cognitive Services"},
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    return HttpClient(replay=tmp_path)


def test_an_empty_page_after_a_next_link_is_a_source_error(tmp_path: Path) -> None:
    second = _page(SECOND)
    second["Items"], second["Count"] = [], 0  # all entries cut: the real envelope, empty
    client = _broken(tmp_path, second)
    with pytest.raises(SourceError, match="page 2 came back empty although page 1 linked to it"):
        azure.fetch(client, None)


def test_a_page_without_items_is_a_source_error(tmp_path: Path) -> None:
    second = _page(SECOND)
    del second["Items"]
    client = _broken(tmp_path, second)
    with pytest.raises(SourceError, match=r"azure-retail-prices: .*page 2 has no 'Items' list"):
        azure.fetch(client, None)


def test_a_next_link_to_another_host_is_refused(tmp_path: Path) -> None:
    second = _page(SECOND)
    second["NextPageLink"] = "https://example.com/api/retail/prices?$skip=200"
    client = _broken(tmp_path, second)
    with pytest.raises(SourceError, match=r"leaves https://prices\.azure\.com"):
        azure.fetch(client, None)


def test_replay_gives_the_official_prices_of_well_known_models() -> None:
    result = azure.fetch(HttpClient(replay=RECORDED), None)
    assert result.source == "azure-retail-prices"
    assert result.url == FIRST
    assert result.retrieved == "2025-08-16"
    by_id = {o.id: o for o in result.observations}
    assert all(o.provider == "azure_openai" for o in result.observations)
    # Azure's Global standard prices in East US, USD per million tokens.
    assert by_id["gpt-4o-2024-11-20"].values == {
        "pricing.input": 2.5,
        "pricing.output": 10.0,
        "pricing.cache_read": 1.25,
        "pricing.batch_input": 1.25,
        "pricing.batch_output": 5.0,
    }
    assert by_id["gpt-4o-2024-05-13"].values == {"pricing.input": 5.0, "pricing.output": 15.0}
    assert by_id["gpt-4o-2024-05-13"].observed == "2024-07-01"
    assert by_id["gpt-5"].values == {
        "pricing.input": 1.25,
        "pricing.output": 10.0,
        "pricing.cache_read": 0.125,
        "pricing.batch_input": 0.625,
        "pricing.batch_output": 5.0,
    }
    assert by_id["gpt-5"].observed == "2025-08-01"
    assert len(result.observations) == 17
