"""Resolution rules, lifecycle agreement and native encoding, on a tiny catalog built for them.

The data dir is written with the pipeline's own writers (scripts/datafiles.py), so these rules
run on any data, not only on the bundled catalog.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path

import msgspec
import pytest

from model_catalog import (
    AmbiguousModelError,
    CatalogDataError,
    Model,
    ModelCatalog,
    Provenance,
    ProviderInfo,
    Source,
    UnknownModelError,
    UnknownProviderError,
    _catalog,
)
from model_catalog._catalog import dated_bases, fold
from model_catalog._fields import FIELDS
from model_catalog._types import Index, ProviderFile
from scripts import datafiles
from scripts.providers import Provider

from .conftest import make_model

TABLE = (
    Provider(id="anthropic", name="Anthropic", makes=("claude",)),
    Provider(id="google", name="Google", spellings=("gemini",)),
    Provider(id="vertex_ai", name="Vertex AI"),
    Provider(id="together", name="Together AI"),
    Provider(id="deepinfra", name="DeepInfra"),
    Provider(id="openrouter", name="OpenRouter"),
    Provider(id="ollama", name="Ollama"),
    Provider(id="bedrock", name="Amazon Bedrock"),
    Provider(id="moonshot", name="Moonshot AI", makes=("kimi",)),
)
SOURCE = Source(name="s", url="https://example.invalid/s", retrieved="2026-01-01")
PAST = "2020-01-01"
FUTURE = "2999-01-01"


def _records() -> dict[str, list[Model]]:
    def life(**fields: object) -> dict[str, object]:
        return {"lifecycle": fields, "provenance": {"id": "s"}}

    return {
        "anthropic": [
            make_model(provider="anthropic", id="claude-x-4-20250101", **life(status="retired")),
            make_model(provider="anthropic", id="claude-x-4-20250601", **life()),
            make_model(provider="anthropic", id="claude-x-4-0", **life()),
            make_model(provider="anthropic", id="claude-y-3.5", **life()),
            # Served at build time, its stated retirement has passed since.
            make_model(provider="anthropic", id="claude-z-1", **life(retirement_date=PAST)),
            make_model(
                provider="anthropic",
                id="claude-w-2",
                aliases=("claude-w", "Claude W 2.0"),  # its own folded spelling; one that is not
                **life(deprecation_date=PAST, retirement_date=FUTURE),
            ),
        ],
        "google": [make_model(provider="google", id="text-embed-9", **life())],
        "vertex_ai": [make_model(provider="vertex_ai", id="text-embed-9", **life())],
        "together": [make_model(provider="together", id="org/Big-70B-Turbo", **life())],
        "deepinfra": [make_model(provider="deepinfra", id="org/Big-70B-Turbo", **life())],
        "openrouter": [
            make_model(provider="openrouter", id="anthropic/claude-y-3.5", **life()),
            make_model(provider="openrouter", id="anthropic/claude-y-3.5:beta", **life()),
        ],
        "ollama": [
            make_model(provider="ollama", id="llm3", **life()),
            make_model(provider="ollama", id="llm3:8b", **life()),
        ],
        "bedrock": [
            make_model(provider="bedrock", id="anthropic.claude-x-4-20250601-v1:0", **life()),
            make_model(provider="bedrock", id="anthropic.claude-y-3-5-v1:0", **life()),
            make_model(provider="bedrock", id="moonshotai.kimi-z-1", **life()),
        ],
        "moonshot": [make_model(provider="moonshot", id="kimi-z-1", **life())],
    }


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> ModelCatalog:
    directory = tmp_path_factory.mktemp("tiny")
    files = {
        provider: datafiles.provider_document(provider, models, {"s": SOURCE})
        for provider, models in _records().items()
    }
    datafiles.write_catalog(directory, files, TABLE, "2026-01-01")
    return ModelCatalog(str(directory))


def _fresh(catalog: ModelCatalog) -> ModelCatalog:
    return ModelCatalog(catalog._data_dir)


# -- the index tables ------------------------------------------------------------------------


def test_dated_bases_and_fold() -> None:
    assert dated_bases("claude-x-4-20250601") == ("claude-x-4",)
    assert dated_bases("a-2024-05-13") == ("a",)
    assert dated_bases("a.b-v1:0") == ("a.b",)
    assert dated_bases("m-latest") == ("m",)
    assert dated_bases("no-date-here") == ()
    assert fold(" Claude  3.5 Sonnet ") == "claude 3-5 sonnet"
    assert fold("v1.x.2") == "v1.x.2"


def test_a_bare_name_takes_the_newest_served_dated_id(tiny: ModelCatalog) -> None:
    assert tiny.get("claude-x-4").key == "anthropic/claude-x-4-20250601"
    assert tiny.get("CLAUDE-Y-3-5").key == "anthropic/claude-y-3.5"  # through the fold table
    index = tiny.index
    assert index.dated["claude-x-4"] == (
        "anthropic/claude-x-4-0",
        "anthropic/claude-x-4-20250101",
        "anthropic/claude-x-4-20250601",
    )
    assert index.folds["claude-y-3-5"] == ("anthropic/claude-y-3.5",)


def test_a_folded_name_is_found_by_probes_not_by_folding_the_catalog(
    tiny: ModelCatalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = sum(1 + len(m.aliases) for m in tiny.find(include_retired=True))
    folded: list[str] = []

    def counting(name: str) -> str:
        folded.append(name)
        return fold(name)

    monkeypatch.setattr(_catalog, "_fold", counting)
    fresh = _fresh(tiny)
    assert fresh.get("no-such-model", None) is None
    with pytest.raises(AmbiguousModelError) as raised:
        fresh.get("ORG/big-70b-turbo")  # no provider, no maker: across providers
    assert raised.value.candidates == ("deepinfra/org/Big-70B-Turbo", "together/org/Big-70B-Turbo")
    # A fold of the catalog would fold every name once per lookup; the probes fold the names
    # asked for and the few keys the tables return.
    assert names > 15
    assert len(folded) <= 6, folded


def test_the_folded_probes_find_what_folding_every_name_finds(tiny: ModelCatalog) -> None:
    """The oracle folds every id and alias, as a scan would; the probes must agree on each."""
    scan: dict[str, list[str]] = {}
    for model in tiny.find(include_retired=True):
        for name in (model.id, *model.aliases):
            scan.setdefault(fold(name), []).append(model.key)
    assert len(scan) > 10
    for folded, keys in scan.items():
        assert sorted(tiny._folded_keys(folded)) == sorted(set(keys)), folded
    assert tiny._folded_keys("claude w 2-0") == ("anthropic/claude-w-2",)  # by its alias
    assert tiny._folded_keys("no such name") == ()


def test_a_cold_get_decodes_one_record_and_shares_it_with_the_file(tiny: ModelCatalog) -> None:
    fresh = _fresh(tiny)
    model = fresh.get("anthropic/claude-y-3.5")
    assert fresh._files == {}
    assert fresh._names == {}  # no name table was needed
    records = fresh.find(provider="anthropic", include_retired=True)
    assert next(m for m in records if m.id == "claude-y-3.5") is model
    assert fresh.sources("anthropic") == {"s": SOURCE}


def test_in_uses_the_cache_of_get(tiny: ModelCatalog) -> None:
    fresh = _fresh(tiny)
    fresh.get("claude-x-4")
    assert "claude-nothing" not in fresh
    # Every file and table forgotten and gone: only the caches can answer now.
    fresh._spans.clear()
    fresh._bytes.clear()
    fresh._names.clear()
    fresh._raw_tables = None
    fresh._data_dir = "/nonexistent"
    assert "claude-x-4" in fresh
    assert "claude-nothing" not in fresh
    with pytest.raises(CatalogDataError):
        fresh.get("claude-y-3.5")


# -- names as code writes them -----------------------------------------------------------------


def test_provider_keyword_answers_from_that_provider(tiny: ModelCatalog) -> None:
    with pytest.raises(AmbiguousModelError):
        tiny.get("org/Big-70B-Turbo")
    assert tiny.get("org/Big-70B-Turbo", provider="together").key == "together/org/Big-70B-Turbo"
    assert tiny.get("org/big-70b-turbo", provider="deepinfra").provider == "deepinfra"
    assert tiny.get("gemini/text-embed-9", provider="gemini").key == "google/text-embed-9"
    assert tiny.get("claude-y-3.5", provider="openrouter", default=None) is None
    with pytest.raises(UnknownModelError, match="claude-x-4"):
        tiny.get("claude-x-4", provider="together")
    with pytest.raises(UnknownProviderError, match="nobody"):
        tiny.get("claude-x-4", None, provider="nobody")


def test_openrouter_variant_suffix_falls_back_to_the_base(tiny: ModelCatalog) -> None:
    # An exact record of the variant wins; else the base record answers.
    beta = tiny.get("anthropic/claude-y-3.5:beta", provider="openrouter")
    assert beta.key == "openrouter/anthropic/claude-y-3.5:beta"
    free = tiny.get("anthropic/claude-y-3.5:free", provider="openrouter")
    assert free.key == "openrouter/anthropic/claude-y-3.5"
    assert tiny.get("anthropic/claude-y-3.5:thinking").key == "anthropic/claude-y-3.5"
    # OpenRouter's own id of the variant: no fallback to Anthropic's record, the error names it.
    with pytest.raises(UnknownModelError) as info:
        tiny.get("anthropic/claude-y-3.5:beta")
    assert "openrouter/anthropic/claude-y-3.5:beta" in info.value.suggestions
    assert tiny.get("claude-y-3.5:nosuchvariant", None) is None


def test_within_bedrock_the_makers_own_id_finds_its_dotted_id(tiny: ModelCatalog) -> None:
    # What an InvokeModel response names (Anthropic's id) and what code for Bedrock writes.
    key = "bedrock/anthropic.claude-x-4-20250601-v1:0"
    assert tiny.get("claude-x-4-20250601", provider="bedrock").key == key
    assert tiny.get("bedrock/claude-x-4-20250601").key == key
    assert tiny.get("claude-x-4-20250601").key == "anthropic/claude-x-4-20250601"  # the maker's
    # A folded spelling with a dot between digits, and any case, take the prefix too.
    assert tiny.get("claude-y-3.5", provider="bedrock").key == "bedrock/anthropic.claude-y-3-5-v1:0"
    assert tiny.get("bedrock/Claude-X-4-20250601").key == key
    # Bedrock spells Moonshot AI's prefix moonshotai, not the catalog's id.
    assert tiny.get("kimi-z-1", provider="bedrock").key == "bedrock/moonshotai.kimi-z-1"
    assert tiny.get("bedrock/text-embed-9", None) is None  # no maker known: no prefix guessed
    assert tiny.get("bedrock/other.claude-x-4-20250601", None) is None  # a prefix is kept


def test_gemini_sdk_models_prefix(tiny: ModelCatalog) -> None:
    assert tiny.get("models/text-embed-9").key == "google/text-embed-9"
    assert tiny.get("models/text-embed-9", provider="vertex_ai").key == "vertex_ai/text-embed-9"


def test_ollama_name_and_tag(tiny: ModelCatalog) -> None:
    assert tiny.get("llm3:8b-instruct-q8_0").key == "ollama/llm3:8b"
    assert tiny.get("llm3:70b").key == "ollama/llm3"
    assert tiny.get("llm3", provider="ollama").key == "ollama/llm3"
    assert tiny.get("llm3:custom", provider="ollama").key == "ollama/llm3"
    assert tiny.get("llm3:custom", None) is None  # not an Ollama-shaped tag, no provider


# -- one answer to "is it served today" --------------------------------------------------------


def test_every_entry_point_agrees_with_status_on_today(tiny: ModelCatalog) -> None:
    today = dt.datetime.now(dt.timezone.utc).date()
    everything = tiny.find(include_retired=True)
    served = {m.key for m in tiny.find()}
    active = {m.key for m in tiny.find(active_only=True)}
    searched = {m.key for m in tiny.search("claude", include_retired=False)}
    for model in everything:
        status = model.lifecycle.status_on(today)
        assert tiny.get(model.key).lifecycle.status_on() == status
        assert (model.key in served) is (status != "retired"), model.key
        assert (model.key in active) is (status == "active"), model.key
        if model.provider == "anthropic":
            assert (model.key in searched) is (status != "retired"), model.key
    assert "anthropic/claude-z-1" not in served  # stored "active", retired since
    assert "anthropic/claude-w-2" in served
    assert "anthropic/claude-w-2" not in active


def test_status_on_a_past_day() -> None:
    life = make_model(lifecycle={"deprecation_date": "2025-01-01", "retirement_date": "2025-06-01"})
    assert life.lifecycle.status_on("2024-12-31") == "active"
    assert life.lifecycle.status_on(dt.date(2025, 3, 1)) == "deprecated"
    assert life.lifecycle.status_on("2025-06-01") == "retired"


# -- records encode natively ------------------------------------------------------------------


def test_records_encode_natively_and_round_trip(tiny: ModelCatalog) -> None:
    model = make_model(
        pricing={"input": 1.0},
        provenance={"id": "s", "pricing.input": "s"},
        lifecycle={"status": "retired"},
    )
    builtins = msgspec.to_builtins(model)
    assert builtins["provenance"] == {"id": "s", "pricing.input": "s"}
    assert msgspec.convert(json.loads(json.dumps(builtins)), Model) == model
    assert msgspec.json.decode(msgspec.json.encode(model), type=Model) == model
    assert msgspec.msgpack.decode(msgspec.msgpack.encode(model), type=Model) == model
    for kind in (Model, Provenance, ProviderFile, Index, ProviderInfo, Source):
        assert msgspec.json.schema(kind)["$ref"].endswith(kind.__name__)
    for record in tiny.values():
        assert msgspec.json.decode(msgspec.json.encode(record), type=Model) == record


def test_provenance_keeps_the_read_only_mapping_contract() -> None:
    provenance = msgspec.convert({"id": "a", "pricing.input": "b"}, Provenance)
    assert isinstance(provenance, Mapping)
    assert provenance["pricing.input"] == "b"
    assert provenance.get("pricing.output") is None
    assert provenance.get("pricing.output", "-") == "-"
    assert "id" in provenance
    assert "name" not in provenance
    assert 3 not in provenance
    assert list(provenance) == ["id", "pricing.input"]
    assert dict(provenance.items()) == {"id": "a", "pricing.input": "b"} == provenance
    assert len(provenance) == 2
    assert set(provenance.values()) == {"a", "b"}
    assert hash(provenance) == hash(msgspec.convert(dict(provenance), Provenance))
    assert repr(provenance) == "Provenance({'id': 'a', 'pricing.input': 'b'})"
    with pytest.raises(KeyError, match="name"):
        provenance["name"]
    with pytest.raises(AttributeError):
        provenance.id = "c"  # type: ignore[misc]
    with pytest.raises(msgspec.ValidationError, match=r"no\.such\.path"):
        msgspec.convert({"no.such.path": "a"}, Provenance)


def test_provenance_has_a_slot_for_every_field_path() -> None:
    # A field added to a record needs its provenance path, or its source could not be stored.
    # One more: the source that states a tier below the base price (scripts/invariants.py).
    expected = {"id", *FIELDS, "pricing.tiers.below_base"}
    assert set(Provenance.__struct_encode_fields__) == expected


def test_the_schema_file_is_the_generators_output() -> None:
    root = Path(__file__).parent.parent
    assert (root / "schema.json").read_bytes() == datafiles.schema_bytes()
