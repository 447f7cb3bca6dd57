"""The providers' own statements read from their SDKs: each staged release, and variants of it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scripts.evidence import Store
from scripts.httpclient import HttpClient, NotRecordedError
from scripts.sources import (
    SourceError,
    anthropic,
    anthropic_sdk,
    bedrock_foundation_models,
    cohere_model_cards,
    mistral_docs,
    openai,
    openai_sdk,
)

from .conftest import RECORDED, ReplayFactory, by_id, recorded_body, recorded_entry

# -- Anthropic's SDK: DEPRECATED_MODELS ----------------------------------------------------------

ANTHROPIC_SDK = anthropic_sdk.SOURCE.url


def test_anthropic_sdk_newest_release(recorded: HttpClient) -> None:
    result = anthropic_sdk.fetch(recorded, None)
    assert result.retrieved == "2026-12-01"
    assert result.url == "https://pypi.org/project/anthropic/2.16.0/"
    assert result.label == "anthropic 2.16.0"
    assert {o.provider for o in result.observations} == {"anthropic"}
    assert by_id(result) == {
        "claude-mythos-preview": {"lifecycle.retirement_date": "2026-06-30"},
        "claude-opus-4-5": {"lifecycle.retirement_date": "2027-01-22"},
        "claude-opus-4-5-20251101": {"lifecycle.retirement_date": "2027-01-22"},
    }


def test_anthropic_sdk_every_release_is_a_dated_answer(recorded: HttpClient) -> None:
    days = recorded.recorded_days(ANTHROPIC_SDK)
    assert len(days) == 15
    assert (days[0], days[-1]) == ("2024-09-04", "2026-12-01")
    counts = {}
    for day in days:
        recorded.answer_day(day)
        counts[day] = len(anthropic_sdk.fetch(recorded, None).observations)
    assert counts["2024-09-04"] == 5  # resources/messages.py, 0.34.2
    assert counts["2026-10-07"] == 20  # 1.12.0: still the messages module's table
    assert counts["2026-11-23"] == 5  # 2.13.0: the _data table, retired models gone
    recorded.answer_day("2026-10-07")
    older = by_id(anthropic_sdk.fetch(recorded, None))
    # The case: the SDK's date, not LiteLLM's 2025-10-01.
    assert older["claude-3-5-haiku-20241022"] == {"lifecycle.retirement_date": "2026-02-19"}
    assert older["claude-1.3"] == {"lifecycle.retirement_date": "2024-11-06"}


def test_anthropic_sdk_history_keeps_entries_that_left_the_table(
    recorded: HttpClient, tmp_path: Path
) -> None:
    store = Store(tmp_path)
    for day in recorded.recorded_days(ANTHROPIC_SDK):
        recorded.answer_day(day)
        store.fold(anthropic_sdk.fetch(recorded, None))
    timeline = store.timeline(anthropic_sdk.SOURCE.name)
    assert timeline.latest is not None
    assert timeline.latest.date == "2026-12-01"
    key = "anthropic/claude-3-5-haiku-20241022"
    assert timeline.state_at(key, "2026-12-01") is None  # gone from 2.13.0's table
    assert timeline.state_at(key, "2026-10-07") == {"lifecycle.retirement_date": "2026-02-19"}


def test_anthropic_sdk_dates_in_words() -> None:
    assert anthropic_sdk.end_of_life("November 6th, 2024") == "2024-11-06"
    assert anthropic_sdk.end_of_life("January 22nd, 2027") == "2027-01-22"
    assert anthropic_sdk.end_of_life("June 1st, 2026") == "2026-06-01"
    assert anthropic_sdk.end_of_life("Aug 3rd, 2026") == "2026-08-03"
    assert anthropic_sdk.end_of_life("soon") is None


def test_anthropic_sdk_variants_derived_from_the_real_table() -> None:
    real = recorded_body(recorded_entry(ANTHROPIC_SDK)).decode()
    annotated_free = real.replace("DEPRECATED_MODELS: Dict[str, str] =", "DEPRECATED_MODELS =")
    assert anthropic_sdk.parse(annotated_free) == anthropic_sdk.parse(real)
    words = real.replace('"June 30th, 2026"', '"mid-2026"')
    assert anthropic_sdk.parse(words)["claude-mythos-preview"] == {}
    empty = real.split("DEPRECATED_MODELS")[0] + "DEPRECATED_MODELS: Dict[str, str] = {}\n"
    assert anthropic_sdk.parse(empty) == {}
    with pytest.raises(SourceError, match="no top-level DEPRECATED_MODELS dict"):
        anthropic_sdk.parse(real.replace("DEPRECATED_MODELS", "RETIRED_MODELS"))
    with pytest.raises(SourceError, match="not a string -> string pair"):
        anthropic_sdk.parse(real.replace('"June 30th, 2026"', "20260630"))
    with pytest.raises(SourceError, match="not Python"):
        anthropic_sdk.parse(real[: len(real) // 2])
    # Executing nothing: a call in the table is refused, not run.
    with pytest.raises(SourceError, match="not a string -> string pair"):
        anthropic_sdk.parse(real.replace('"June 30th, 2026"', '__import__("os").getcwd()'))


def test_anthropic_sdk_empty_table_is_refused_by_the_run(replay_dir: ReplayFactory) -> None:
    entry = recorded_entry(ANTHROPIC_SDK)
    real = recorded_body(entry).decode()
    empty = real.split("DEPRECATED_MODELS")[0] + "DEPRECATED_MODELS: Dict[str, str] = {}\n"
    directory = replay_dir({ANTHROPIC_SDK: {**entry, "body": empty.encode()}})
    result = anthropic_sdk.fetch(HttpClient(replay=directory), None)
    assert result.observations == []
    assert anthropic_sdk.SOURCE.min_models == 1  # so the run refuses it as not credible


def test_anthropic_sdk_not_recorded(replay_dir: ReplayFactory) -> None:
    entry = recorded_entry(ANTHROPIC_SDK)
    directory = replay_dir({"https://example.invalid/other": entry})
    with pytest.raises(NotRecordedError):
        anthropic_sdk.fetch(HttpClient(replay=directory), None)


# -- OpenAI's SDK: "Deprecated values" docstrings ------------------------------------------------


def openai_members(day: str) -> dict[str, str]:
    """The members of one recorded release, as text."""
    return {
        member: recorded_body(recorded_entry(openai_sdk._BASE + member, day)).decode()
        for member in openai_sdk.MEMBERS
    }


def test_openai_sdk_newest_release(recorded: HttpClient) -> None:
    result = openai_sdk.fetch(recorded, None)
    assert result.retrieved == "2026-11-20"
    assert result.url == "https://pypi.org/project/openai/3.57.0/"
    assert {o.provider for o in result.observations} == {"openai"}
    models = by_id(result)
    assert len(models) == 89
    # Ids listed together share their date; each type's docstring is read.
    assert (
        models["gpt-4-32k"]
        == models["gpt-4-32k-0613"]
        == {"lifecycle.retirement_date": "2025-06-06"}
    )
    assert models["tts-1-hd"] == {"lifecycle.retirement_date": "2027-01-06"}  # speech
    assert models["whisper-1"] == {"lifecycle.retirement_date": "2027-02-26"}  # transcription
    assert models["gpt-realtime"] == {"lifecycle.retirement_date": "2027-01-20"}  # session
    # Image models state it in words, in the past tense.
    assert models["gpt-image-1"] == {"lifecycle.retirement_date": "2026-10-23"}
    assert models["dall-e-3"] == {"lifecycle.retirement_date": "2026-05-12"}
    assert models["gpt-5.1-mini"] == {}  # "Not a supported model ID": no date


def test_openai_sdk_both_releases_are_dated_answers(recorded: HttpClient) -> None:
    assert recorded.recorded_days(openai_sdk.SOURCE.url) == ["2026-10-02", "2026-11-20"]
    recorded.answer_day("2026-10-02")
    older = openai_sdk.fetch(recorded, None)
    assert older.label == "openai 3.24.0"
    models = by_id(older)
    assert "whisper-1" not in models  # 3.24.0's transcription type had no such docstring
    assert models["gpt-4-vision-preview"] == {"lifecycle.retirement_date": "2024-12-06"}


def test_openai_sdk_variants_derived_from_the_real_members() -> None:
    members = openai_members("2026-11-20")
    chat = members["shared/chat_model.py"]
    # Two docstrings giving one id two dates: the id keeps neither.
    clash = chat.replace(
        '- "gpt-4o-audio-preview-2024-10-01": Announced shutdown date: 2025-10-10',
        '- "tts-1": Announced shutdown date: 2025-10-10',
    )
    found = openai_sdk.parse({**members, "shared/chat_model.py": clash})
    assert found["tts-1"] == {}
    # A section without a date reads as no date; a bullet that is not "ids: text" is skipped.
    worded = chat.replace("Announced shutdown date: 2027-04-01", "Shutdown to be announced")
    worded = worded.replace('- "gpt-5.1-mini": Not', "- gpt-5.1-mini Not")
    found = openai_sdk.parse({"shared/chat_model.py": worded})
    assert found["gpt-5.4-nano"] == {}
    assert "gpt-5.1-mini" not in found
    # No section in any member (a member without one, like video_model.py, is fine alone).
    bare = {m: t.replace("Deprecated values:", "Values:") for m, t in members.items()}
    with pytest.raises(SourceError, match="no 'Deprecated values:' docstring in any member"):
        openai_sdk.parse(bare)
    with pytest.raises(SourceError, match=r"image_model\.py is not Python"):
        openai_sdk.parse({"image_model.py": members["image_model.py"][:300]})


def test_openai_sdk_a_missing_member_fails_the_answer(replay_dir: ReplayFactory) -> None:
    entries = {
        openai_sdk._BASE + m: recorded_entry(openai_sdk._BASE + m) for m in openai_sdk.MEMBERS[:-1]
    }
    directory = replay_dir(entries)
    with pytest.raises(NotRecordedError, match=r"video_model\.py"):
        openai_sdk.fetch(HttpClient(replay=directory), None)


# -- the list APIs' documented lifecycle fields, on variants of real answers ---------------------


def test_anthropic_list_reads_lifecycle_fields_the_sdk_types_document(
    replay_dir: ReplayFactory,
) -> None:
    path = RECORDED / "anthropic_v1-models_2025-11-06.json"
    document = json.loads(path.read_bytes())
    first, second, third = document["data"][:3]
    # Derived in code: the fields of anthropic 1.12.0's ModelInfo, set on real items.
    first.update(lifecycle="active", deprecated_at=None, retires_at=None)
    second.update(
        lifecycle="deprecated",
        deprecated_at="2026-10-28T00:00:00Z",
        retires_at="2027-01-22T00:00:00Z",
        max_input_tokens=200000,
        max_tokens=64000,
    )
    third.update(lifecycle="sunset", retires_at="not a date")  # neither is a documented value
    directory = replay_dir(
        {anthropic.SOURCE.url: {"path": path, "body": json.dumps(document).encode()}}
    )
    models = by_id(anthropic.fetch(HttpClient(replay=directory), None))
    assert models[first["id"]]["lifecycle.status"] == "active"
    assert "lifecycle.retirement_date" not in models[first["id"]]
    assert models[second["id"]]["lifecycle.status"] == "deprecated"
    assert models[second["id"]]["lifecycle.deprecation_date"] == "2026-10-28"
    assert models[second["id"]]["lifecycle.retirement_date"] == "2027-01-22"
    assert models[second["id"]]["max_input_tokens"] == 200000
    assert "lifecycle.status" not in models[third["id"]]
    assert "lifecycle.retirement_date" not in models[third["id"]]


def test_openai_list_reads_shutdown_date(replay_dir: ReplayFactory) -> None:
    path = RECORDED / "openai_v1-models_2025-11-26.json"
    document = json.loads(path.read_bytes())
    items = {item["id"]: item for item in document["data"]}
    # Derived in code: openai 3.1.0's Model.shutdown_date on real items.
    items["gpt-4o"]["shutdown_date"] = "2027-01-14"
    items["gpt-4o-mini"]["shutdown_date"] = None
    directory = replay_dir(
        {openai.SOURCE.url: {"path": path, "body": json.dumps(document).encode()}}
    )
    models = by_id(openai.fetch(HttpClient(replay=directory), None))
    assert models["gpt-4o"] == {"lifecycle.retirement_date": "2027-01-14"}
    assert models["gpt-4o-mini"] == {}
    assert len(models) == 102


def test_bedrock_lifecycle_times(replay_dir: ReplayFactory) -> None:
    entry = recorded_entry(BEDROCK_URL)
    document = json.loads(recorded_body(entry))
    first, second = document["modelSummaries"][:2]
    # Derived in code: botocore 1.44.8's FoundationModelLifecycle times on real items.
    first["modelLifecycle"] = {
        "status": "LEGACY",
        "legacyTime": "2026-05-01T00:00:00Z",
        "endOfLifeTime": "2026-11-01T00:00:00Z",
        "publicExtendedAccessTime": "2026-08-01T00:00:00Z",
    }
    second["modelLifecycle"] = {"status": "ACTIVE", "endOfLifeTime": 1790000000}  # not ISO
    body = json.dumps(document).encode()
    directory = replay_dir({BEDROCK_URL: {**entry, "body": body}})
    models = by_id(bedrock_foundation_models.fetch(HttpClient(replay=directory), None))
    assert models[first["modelId"]]["lifecycle.status"] == "deprecated"
    assert models[first["modelId"]]["lifecycle.deprecation_date"] == "2026-05-01"
    assert models[first["modelId"]]["lifecycle.retirement_date"] == "2026-11-01"
    assert "lifecycle.retirement_date" not in models[second["modelId"]]


BEDROCK_URL = "https://bedrock.us-west-2.amazonaws.com/foundation-models"


# -- Mistral's model cards: prices and capabilities ----------------------------------------------


def card(slug: str) -> str:
    return (RECORDED / "mistral-docs" / f"{slug}.ts").read_text()


def test_mistral_cards_state_usd_prices_per_million_tokens(recorded: HttpClient) -> None:
    models = by_id(mistral_docs.fetch(recorded, None))
    assert models["zai-glm-5-2"]["pricing.input"] == 1.4  # USD, not priceEur 1.19
    assert models["zai-glm-5-2"]["pricing.cache_read"] == 0.14  # the "Cached input" entry
    assert models["zai-glm-5-2"]["pricing.output"] == 4.4
    assert models["labs-leanstral-1-5"]["pricing.input"] == 0.0  # the card says free: 0
    # Voxtral Mini's per-minute audio price has no per-token field; its token price is read.
    voxtral = mistral_docs.card_prices(card("voxtral-mini-25-07"), "voxtral-mini-25-07.ts")
    assert voxtral == {"pricing.input": 0.04, "pricing.output": 0.04}
    medium = models["mistral-medium-3-5"]
    assert (medium["pricing.input"], medium["pricing.output"]) == (1.5, 7.5)
    assert medium["capabilities.vision"] is True
    assert medium["capabilities.reasoning"] is True
    assert "context_window" not in medium  # "256k" is not read (1,000 or 1,024?)
    assert "capabilities.vision" not in models["codestral-2508"]  # absent is not False


def test_mistral_card_price_variants_derived_from_real_cards() -> None:
    glm = card("zai-glm-5-2")
    unknown = glm.replace("denominator: '/M Tokens', label: 'Output'", "denominator: '/K Tokens'")
    with pytest.raises(
        SourceError, match=r"zai-glm-5-2\.ts: unknown price denominator '/K Tokens'"
    ):
        mistral_docs.card_prices(unknown, "zai-glm-5-2.ts")
    # Two unlabelled token prices for one field: the card states neither.
    twice = glm.replace("label: 'Cached input'", "label: 'Input'")
    assert "pricing.input" not in mistral_docs.card_prices(twice, "zai-glm-5-2.ts")
    no_pricing = glm.split("  pricing: {")[0] + "  identifiers: { apiNames: ['zai-glm-5-2'] },\n"
    assert mistral_docs.card_prices(no_pricing, "zai-glm-5-2.ts") == {}
    undenominated = glm.replace(", denominator: '/M Tokens', label: 'Output'", "")
    with pytest.raises(SourceError, match="a price without a denominator"):
        mistral_docs.card_prices(undenominated, "zai-glm-5-2.ts")
    assert mistral_docs.card_capabilities(no_pricing) == {}


# -- Cohere's model cards ------------------------------------------------------------------------

COHERE_CARDS = "https://raw.githubusercontent.com/cohere-ai/cohere-developer-experience/main/fern/"
COMMAND_A = "pages/models/the-command-family-of-models/command-a.mdx"


def cohere_pages(**changed: bytes) -> dict[str, dict[str, object]]:
    """The recorded navigation and model pages, each by URL; ``changed`` replaces some bodies."""
    manifest = json.loads((RECORDED / "manifest.json").read_text())["responses"]
    pages = {url: recorded_entry(url) for url in manifest if url.startswith(COHERE_CARDS)}
    for name, body in changed.items():
        pages[COHERE_CARDS + name] = {**pages[COHERE_CARDS + name], "body": body}
    return pages


def cohere_page(name: str) -> str:
    return recorded_body(recorded_entry(COHERE_CARDS + name)).decode()


def test_cohere_cards_state_prices_limits_and_capabilities(recorded: HttpClient) -> None:
    models = by_id(cohere_model_cards.fetch(recorded, None))
    assert len(models) == 9  # 18 model pages; the overview, embed, transcribe and aya have no card
    assert models["command-a-03-2025"] == {
        "pricing.input": 2.5,
        "pricing.output": 10.0,
        "context_window": 256_000,
        "max_output_tokens": 8_000,
        "capabilities.tools": True,
        "capabilities.structured_output": True,
    }
    assert models["command-r7b-12-2024"]["pricing.input"] == 0.0375
    assert models["command-a-vision-07-2025"]["capabilities.vision"] is True
    # North's card writes '256K' and '64K': not an exact number, so not read.
    assert models["north-mini-code-1-0"] == {
        "capabilities.tools": True,
        "capabilities.structured_output": True,
        "capabilities.reasoning": True,
    }


def test_cohere_card_variants_derived_from_the_real_cards(replay_dir: ReplayFactory) -> None:
    def fetch(**changed: bytes) -> str:
        client = HttpClient(replay=replay_dir(cohere_pages(**changed)), sleep=lambda _s: None)
        with pytest.raises(SourceError) as info:
            cohere_model_cards.fetch(client, None)
        return str(info.value)

    navigation = cohere_page("v2.yml")
    no_pages = "\n".join(line for line in navigation.splitlines() if "pages/models/" not in line)
    assert "the navigation lists no model page" in fetch(**{"v2.yml": no_pages.encode()})
    command_a = cohere_page(COMMAND_A)
    no_id = command_a.replace("  id: 'command-a-03-2025',\n", "")
    assert f"{COMMAND_A}: a model card with no id" in fetch(**{COMMAND_A: no_id.encode()})
    bad_price = command_a.replace("input: 2.50", "input: 2.5.0")
    assert "unreadable input price '2.5.0'" in fetch(**{COMMAND_A: bad_price.encode()})
    # The Command R+ card, given Command A's id, disagrees with Command A's own card.
    plus = "pages/models/the-command-family-of-models/command-r-plus.mdx"
    twin = cohere_page(plus).replace("id: 'command-r-plus-08-2024'", "id: 'command-a-03-2025'")
    assert "a second card for command-a-03-2025 disagrees" in fetch(**{plus: twin.encode()})
