"""The merge rule (newest credible observation; rank between observations of about the same age)
on synthetic cases and on the recorded data; and the guards on records."""

from __future__ import annotations

import json

import jsonschema
import pytest

from model_catalog import Change, ModelCatalog
from scripts import guards, merge, ranking
from scripts.evidence import Store
from scripts.merge import Observation, pick
from scripts.sources import Observation as SourceObservation
from scripts.sources import SourceInfo, SourceResult

from .conftest import DATA, ROOT
from .conftest import make_model as model


def obs(value: object, date: str, rank: int, source: str = "") -> Observation:
    return Observation(value, date, rank, source or f"r{rank}")


def test_between_observations_of_about_the_same_age_rank_decides() -> None:
    official = obs(2.0, "2026-01-01", 0)
    aggregate = obs(3.0, "2026-01-20", 3)
    assert pick([aggregate, official]) == (official, "rank")


def test_an_observation_months_older_never_wins() -> None:
    official = obs(2.0, "2025-05-23", 0)
    aggregate = obs(3.0, "2026-01-20", 3)
    assert pick([official, aggregate]) == (aggregate, "newer")


def test_agreeing_and_single_observations() -> None:
    one = obs(2.0, "2025-05-23", 0)
    assert pick([one]) == (one, "only")
    close = obs(2.05, "2026-01-20", 3)  # within the 5% price tolerance
    assert pick([one, close]) == (close, "agree")


def store_of(*results: SourceResult) -> Store:
    store = Store(ROOT / "no-such-dir")
    for result in results:
        store.fold(result)
    return store


def answer(source: str, date: str, *observations: SourceObservation) -> SourceResult:
    return SourceResult(source, f"https://{source}.example", date, list(observations))


def test_existence_retirement_and_provenance_from_timelines() -> None:
    infos = {
        "xai-api": SourceInfo("xai-api", "official", "u"),
        "litellm": SourceInfo("litellm", "aggregate", "u", rank=3),
    }
    store = store_of(
        answer("xai-api", "2025-08-13", SourceObservation("xai", "grok-2", {})),
        answer(
            "litellm",
            "2026-06-27",
            SourceObservation("xai", "grok-2", {"pricing.input": 2.0}),
            SourceObservation("xai", "grok-4", {"pricing.input": 3.0}),
        ),
        answer("litellm", "2026-09-06", SourceObservation("xai", "grok-4", {"pricing.input": 3.0})),
    )
    merged = merge.merge(store, infos, [], "2026-09-06")
    records = {m.id: m for m in merged.models["xai"]}
    grok2 = records["grok-2"]
    # The official list is a year older than LiteLLM's drop: the newer evidence decides.
    assert grok2.lifecycle.status == "retired"
    assert (grok2.lifecycle.first_seen, grok2.lifecycle.last_seen) == ("2025-08-13", "2026-06-27")
    assert grok2.provenance["id"] == "litellm"
    assert grok2.provenance["pricing.input"] == "litellm 2026-06-27"  # its last listing
    assert merged.sources["xai"]["litellm 2026-06-27"].retrieved == "2026-06-27"
    assert records["grok-4"].lifecycle.status == "active"


def test_history_is_the_merged_value_over_time() -> None:
    infos = {"openrouter-api": SourceInfo("openrouter-api", "official", "u")}
    store = store_of(
        *(
            answer(
                "openrouter-api",
                day,
                SourceObservation("openrouter", "o3", {"pricing.input": price}),
            )
            for day, price in (("2025-06-03", 10.0), ("2025-06-11", 2.0), ("2025-07-01", 2.0))
        )
    )
    (record,) = merge.merge(store, infos, [], "2025-07-01").models["openrouter"]
    assert record.history == (
        Change(
            field="pricing.input", observed="2025-06-11", old=10.0, new=2.0, source="openrouter-api"
        ),
    )


def official_and_litellm() -> dict[str, SourceInfo]:
    return {
        "openai-api": SourceInfo("openai-api", "official", "u"),
        "litellm": SourceInfo("litellm", "aggregate", "u", rank=3),
    }


def priced(source: str, day: str, price: float) -> SourceResult:
    return answer(source, day, SourceObservation("openai", "m", {"pricing.input": price}))


def listing(source: str, day: str, *ids: str) -> SourceResult:
    return answer(source, day, *(SourceObservation("openai", i, {}) for i in ids))


@pytest.mark.parametrize(
    ("answers", "waits"),
    [
        # OpenAI's list leaves "a" out once; LiteLLM listed it the day before: it waits.
        ((("litellm", "2026-11-20"), ("openai-api", "2026-11-21", "b")), True),
        # LiteLLM's listing is exactly 7 days older than the silence: still within days.
        ((("litellm", "2026-11-14"), ("openai-api", "2026-11-21", "b")), True),
        # 8 days older: nothing corroborates the model any more.
        ((("litellm", "2026-11-13"), ("openai-api", "2026-11-21", "b")), False),
        # A second answer leaves it out too: the silence is confirmed.
        (
            (
                ("litellm", "2026-11-20"),
                ("openai-api", "2026-11-21", "b"),
                ("openai-api", "2026-11-22", "b"),
            ),
            False,
        ),
    ],
)
def test_one_answers_silence_waits_only_while_another_source_listed_it(
    answers: tuple[tuple[str, ...], ...], waits: bool
) -> None:
    results = [listing("openai-api", "2026-11-01", "a", "b")]
    for source, day, *ids in answers:
        results.append(listing(source, day, *(ids or ("a", "b"))))
    merged = merge.merge(store_of(*results), official_and_litellm(), [], results[-1].retrieved)
    records = {m.id: m for m in merged.models["openai"]}
    assert records["a"].lifecycle.status == "retired"  # rule 4 decides; the guard holds a night
    assert ("openai/a" in merged.unconfirmed_absences) is waits
    assert "openai/b" not in merged.unconfirmed_absences


def test_a_retirement_on_one_answers_silence_is_held_and_the_record_stays_whole() -> None:
    before = model(id="a", lifecycle={"status": "active"})
    after = model(id="a", lifecycle={"status": "retired"})
    reason = "s left it out of one answer"
    kept, held = guards.hold_back({before.key: before}, [after], {}, unconfirmed={"p/a": reason})
    assert kept == [before]
    assert held == [guards.Hold("p/a", "lifecycle.status", f"active -> retired: {reason}")]
    # A model already retired (by a date) is no change to hold.
    assert guards.hold_back({after.key: after}, [after], {}, unconfirmed={"p/a": reason}) == (
        [after],
        [],
    )


def test_an_aggregate_restating_an_older_value_loses_to_the_official_word() -> None:
    # LiteLLM said 3.0 from 2025-10-01 and repeats it in 2026-06-01; OpenAI said 2.0 on
    # 2026-01-01. By answer dates LiteLLM would be months newer; by when each began stating its
    # value, OpenAI's word is the newer one.
    store = store_of(
        priced("litellm", "2025-10-01", 3.0),
        priced("openai-api", "2026-01-01", 2.0),
        priced("litellm", "2026-06-01", 3.0),
    )
    merged = merge.merge(store, official_and_litellm(), [], "2026-06-01")
    (record,) = merged.models["openai"]
    assert (record.pricing.input, record.provenance["pricing.input"]) == (2.0, "openai-api")
    (conflict,) = merged.conflicts
    assert (conflict.chosen.date, conflict.other.date) == ("2026-01-01", "2025-10-01")
    assert conflict.other.retrieved == "2026-06-01"  # cited to the answer that repeated it


def test_an_aggregate_that_changed_after_the_official_word_wins_and_is_reported() -> None:
    # OpenAI last changed its word on 2026-01-01 (it repeats it on 2026-06-01); LiteLLM changed
    # 3.0 -> 4.0 on 2026-05-01, months later: the change wins, and the conflict is listed.
    store = store_of(
        priced("openai-api", "2026-01-01", 2.0),
        priced("litellm", "2026-03-01", 3.0),
        priced("litellm", "2026-05-01", 4.0),
        priced("openai-api", "2026-06-01", 2.0),
    )
    merged = merge.merge(store, official_and_litellm(), [], "2026-06-01")
    (record,) = merged.models["openai"]
    assert (record.pricing.input, record.provenance["pricing.input"]) == (4.0, "litellm")
    (conflict,) = merged.conflicts
    assert (conflict.rule, conflict.chosen.date, conflict.other.date) == (
        "newer",
        "2026-05-01",
        "2026-01-01",
    )


def test_a_value_stated_again_after_a_gap_is_a_new_statement() -> None:
    # LiteLLM stated 3.0 in 2025-10-01, dropped the field, and states 3.0 again on 2026-05-01:
    # that is a statement begun on 2026-05-01, months after OpenAI's 2026-01-01 word.
    plain = answer("litellm", "2026-03-01", SourceObservation("openai", "m", {"name": "M"}))
    store = store_of(
        priced("litellm", "2025-10-01", 3.0),
        priced("openai-api", "2026-01-01", 2.0),
        plain,
        priced("litellm", "2026-05-01", 3.0),
    )
    (record,) = merge.merge(store, official_and_litellm(), [], "2026-05-01").models["openai"]
    assert (record.pricing.input, record.provenance["pricing.input"]) == (3.0, "litellm")


def test_the_history_dates_a_change_by_the_source_that_stated_it_first() -> None:
    # OpenAI cut 10 -> 2 on 2025-06-10; LiteLLM still re-serves 10 on 2025-06-20 and follows
    # on 2025-08-05. The record's price is 2 from 2025-06-10, not from LiteLLM's notice.
    store = store_of(
        priced("litellm", "2025-04-01", 10.0),
        priced("openai-api", "2025-05-01", 10.0),
        priced("openai-api", "2025-06-10", 2.0),
        priced("litellm", "2025-06-20", 10.0),
        priced("litellm", "2025-08-05", 2.0),
    )
    (record,) = merge.merge(store, official_and_litellm(), [], "2025-08-05").models["openai"]
    assert [(c.observed, c.old, c.new) for c in record.history] == [("2025-06-10", 10.0, 2.0)]


def test_a_price_group_comes_from_one_statement() -> None:
    # OpenAI states input/output (newest, best-ranked); LiteLLM also a cache read price for an
    # older price sheet (input 3.0): the cache read of another sheet is never mixed in.
    store = store_of(
        answer(
            "litellm",
            "2026-01-01",
            SourceObservation(
                "openai",
                "m",
                {"pricing.input": 3.0, "pricing.output": 9.0, "pricing.cache_read": 1.5},
            ),
        ),
        answer(
            "openai-api",
            "2026-01-10",
            SourceObservation("openai", "m", {"pricing.input": 2.0, "pricing.output": 8.0}),
        ),
    )
    merged = merge.merge(store, official_and_litellm(), [], "2026-01-10")
    (record,) = merged.models["openai"]
    assert (record.pricing.input, record.pricing.output, record.pricing.cache_read) == (
        2.0,
        8.0,
        None,
    )
    assert "pricing.cache_read" not in record.provenance


def test_a_group_member_left_out_comes_from_an_agreeing_statement() -> None:
    # LiteLLM's sheet agrees with OpenAI's on input and output: its cache read completes it.
    store = store_of(
        answer(
            "litellm",
            "2026-01-01",
            SourceObservation(
                "openai",
                "m",
                {"pricing.input": 2.0, "pricing.output": 8.0, "pricing.cache_read": 0.5},
            ),
        ),
        answer(
            "openai-api",
            "2026-01-10",
            SourceObservation("openai", "m", {"pricing.input": 2.0, "pricing.output": 8.0}),
        ),
    )
    (record,) = merge.merge(store, official_and_litellm(), [], "2026-01-10").models["openai"]
    assert record.pricing.cache_read == 0.5
    assert record.provenance["pricing.input"] == "openai-api"
    assert record.provenance["pricing.cache_read"] == "litellm"


def test_limits_come_from_one_statement_even_where_another_field_would_win_alone() -> None:
    # LiteLLM changed its max output on 2026-09-01, months after OpenAI spoke: alone it would
    # win. But LiteLLM's limits statement (its max input, stated since 2025-01-01) loses the
    # group to OpenAI's context window, so OpenAI's max output comes with it.
    def limits(source: str, day: str, values: dict[str, object]) -> SourceResult:
        return answer(source, day, SourceObservation("openai", "m", values))

    store = store_of(
        limits("litellm", "2025-01-01", {"max_input_tokens": 9000, "max_output_tokens": 4096}),
        limits("openai-api", "2026-05-01", {"context_window": 8192, "max_output_tokens": 4096}),
        limits("litellm", "2026-09-01", {"max_input_tokens": 9000, "max_output_tokens": 16384}),
    )
    merged = merge.merge(store, official_and_litellm(), [], "2026-09-01")
    (record,) = merged.models["openai"]
    assert (record.context_window, record.max_input_tokens, record.max_output_tokens) == (
        8192,
        None,
        4096,
    )
    assert record.provenance["max_output_tokens"] == "openai-api"
    assert {c.field: c.rule for c in merged.conflicts} == {"max_output_tokens": "group"}


def test_a_replacement_is_an_id_of_the_records_provider_or_left_out() -> None:
    infos = {"bedrock-api": SourceInfo("bedrock-api", "official", "u")}
    old, new, gone = (
        "anthropic.claude-v2:1",
        "anthropic.claude-3-5-sonnet-20241022-v2:0",
        "anthropic.claude-instant-v1",
    )
    store = store_of(
        answer(
            "bedrock-api",
            "2026-01-01",
            SourceObservation(
                "bedrock", old, {"lifecycle.replacement": "claude-3-5-sonnet-20241022"}
            ),
            SourceObservation("bedrock", new, {}),
            SourceObservation("bedrock", gone, {"lifecycle.replacement": "claude-9"}),
        )
    )
    merged = merge.merge(store, infos, [], "2026-01-01")
    records = {m.id: m for m in merged.models["bedrock"]}
    assert records[old].lifecycle.replacement == new
    assert records[old].provenance["lifecycle.replacement"] == "bedrock-api"
    assert records[gone].lifecycle.replacement is None
    assert "lifecycle.replacement" not in records[gone].provenance
    assert merged.unmapped_replacements == [f"bedrock/{gone}: 'claude-9' names no bedrock record"]


# -- the recorded data --------------------------------------------------------------------------


@pytest.mark.regeneration
def test_litellm_is_dated_by_when_it_began_stating_a_price() -> None:
    # LiteLLM's 2026-11-20 map re-serves deepseek-chat's input price it first stated in the
    # 2026-06-27 map: the conflict dates it 2026-06-27, not by the newest map that repeats it.
    conflicts = (ROOT / "reports" / "conflicts.md").read_text()
    assert "| deepseek/deepseek-chat | pricing.input |" in conflicts
    assert "$0.28 (litellm, 2026-06-27)" in conflicts
    assert "$0.28 (litellm, 2026-11-20)" not in conflicts


def conflict_rows() -> list[list[str]]:
    lines = (ROOT / "reports" / "conflicts.md").read_text().splitlines()
    return [
        line.strip("| ").split(" | ")
        for line in lines
        if line.startswith("| ") and not line.startswith("| model")
    ]


def dated(cell: str) -> tuple[str, str]:
    """(source, date) of a report cell like ``$0.28 (litellm, 2026-11-20)``."""
    source, date = cell.rsplit(" (", 1)[1].rstrip(")").rsplit(", ", 1)
    return source, date


@pytest.mark.regeneration
def test_no_observation_months_older_beats_a_contradicting_newer_one() -> None:
    # Every conflict in the recorded data: the chosen value is never more than the same-age
    # window older than the one it beat. This covers "no 2025-05 OpenRouter price beats a 2026
    # observation of the same model".
    rows = conflict_rows()
    assert len(rows) > 500
    for row in rows:
        if row[5].startswith("group:"):
            continue  # chosen with its group's statement (rule 8), not alone
        (_, chosen), (_, other) = dated(row[2]), dated(row[3])
        assert ranking.ordinal(other) - ranking.ordinal(chosen) <= ranking.SAME_AGE_DAYS, row
    old_openrouter_won = [
        row
        for row in rows
        if row[1].startswith("pricing.")
        and dated(row[2])[0].startswith("openrouter-api")
        and dated(row[2])[1] < "2025-06-01"
        and dated(row[3])[1] >= "2026-01-01"
    ]
    assert old_openrouter_won == []


@pytest.mark.regeneration
def test_openrouter_o3_price_history_from_the_dated_recordings() -> None:
    record = ModelCatalog(str(DATA)).get("openrouter/openai/o3")
    changes = {(c.field, c.observed, c.old, c.new) for c in record.history}
    assert ("pricing.input", "2025-06-11", 10.0, 2.0) in changes
    assert ("pricing.output", "2025-06-11", 40.0, 8.0) in changes


def test_the_conflicts_report_ranks_by_size_and_names_the_rule() -> None:
    lines = (ROOT / "reports" / "conflicts.md").read_text().splitlines()
    rows = [line for line in lines if line.startswith("| ") and not line.startswith("| model")]
    sizes = [int(row.split(" | ")[4].rstrip("%")) for row in rows]
    assert sizes == sorted(sizes, reverse=True)
    assert {row.split(" | ")[5].rstrip(" |") for row in rows} <= {
        "same age: better-ranked source",
        "newer: the other is months older",
        "group: with its group's winning statement",
    }


def test_merge_does_not_depend_on_the_order_of_the_store() -> None:
    infos = {
        "a-api": SourceInfo("a-api", "official", "u"),
        "b": SourceInfo("b", "aggregate", "u"),
        "c": SourceInfo("c", "aggregate", "u", rank=3),
    }
    results = [
        answer("a-api", "2026-01-01", SourceObservation("xai", "m", {"name": "M"})),
        answer("b", "2026-01-05", SourceObservation("xai", "m", {"pricing.input": 1.0})),
        answer("c", "2026-01-05", SourceObservation("xai", "m", {"pricing.input": 2.0})),
        answer("c", "2026-03-01", SourceObservation("xai", "n", {"pricing.input": 3.0})),
    ]
    first = merge.merge(store_of(*results), infos, [], "2026-03-01")
    again = merge.merge(store_of(*reversed(results)), infos, [], "2026-03-01")
    assert first.models == again.models
    assert first.models["xai"][0].pricing.input == 1.0  # same age: b outranks c


# -- guards ---------------------------------------------------------------------------------


def test_hold_back_every_price_field_and_tier_and_limit() -> None:
    old = {
        "p/a": model(id="a", context_window=1000, max_output_tokens=10),
        "p/b": model(id="b", pricing={"batch_output": 1.0, "image_output": 0.04}),
        "p/c": model(id="c", pricing={"tiers": [{"above_input_tokens": 5, "input": 2.0}]}),
    }
    new = [
        model(id="a", context_window=500),
        model(id="b", pricing={"batch_output": 10.0, "image_output": 0.004}),
        model(id="c", pricing={"tiers": [{"above_input_tokens": 5, "input": 2000.0}]}),
    ]
    kept, held = guards.hold_back(old, new, {})
    assert [str(h) for h in held] == [
        "p/a context_window: would shrink from 1,000 to 500",
        "p/a max_output_tokens: would vanish (was 10)",
        "p/b pricing.batch_output: would move 10x (1 -> 10)",
        "p/b pricing.image_output: would move 10x (0.04 -> 0.004)",
        "p/c pricing.tiers: above 5 input would move 1000x (2 -> 2000)",
    ]
    assert {m.key: m for m in kept} == old
    accepted, none = guards.hold_back(old, new, {}, accept={"p/a", "p/b", "p/c"})
    assert (accepted, none) == (new, [])
    assert guards.hold_back(old, new, {}, accept_all=True) == (new, [])


def test_hold_back_allows_normal_changes() -> None:
    old = {
        "p/a": model(id="a", pricing={"input": 1.0}),
        "p/b": model(id="b", pricing={"input": 0.0}),
    }
    new = [
        model(id="a", pricing={"input": 5.0}),
        model(id="b", pricing={"input": 3.0}),  # free -> paid is news, not a unit slip
        model(id="c", pricing={"input": 4.0}),
    ]
    assert guards.hold_back(old, new, {}) == (new, [])
    assert guards.hold_back({}, new, {}) == (new, [])


def test_validate_semantics() -> None:
    schema = guards.validator(json.loads((ROOT / "schema.json").read_text()))
    document = {
        "generated": "x",
        "provider": "p",
        "sources": {},
        "models": [
            {
                "provider": "p",
                "id": "a",
                "pricing": {"input": -1.0},
                "context_window": 0,
                "aliases": ["b"],
            },
            {
                "provider": "p",
                "id": "b",
                "aliases": ["z"],
                "pricing": {"tiers": [{"above_input_tokens": 5, "input": -2.0}]},
            },
            {"provider": "p", "id": "b", "aliases": ["z"]},
        ],
    }
    # A negative price is a schema violation since prices say minimum: 0 (issue 14.4).
    text = "\n".join(guards.validate("p", document, schema))
    assert "$.models[0].pricing.input: -1.0 is not valid" in text
    assert "$.models[1].pricing.tiers[0].input: -2.0 is not valid" in text
    document["models"][0]["pricing"] = {"input": 1.0}  # type: ignore[index]
    document["models"][1]["pricing"] = {}  # type: ignore[index]
    text = "\n".join(guards.validate("p", document, schema))
    assert "context_window must be positive" in text
    assert "duplicate id" in text
    assert "is another model's id" in text
    assert "also used by" in text
    assert guards.validate("p", {"models": 1}, schema)[0].startswith("p: schema:")


def test_record_by_record_validation_finds_what_the_file_schema_finds() -> None:
    # guards.Schema checks a file's envelope and each record on its own, and skips records that
    # passed before; the errors must be exactly those of the whole file against schema.json.
    # The file is the bundled DeepSeek data, broken in code in three records and the envelope.
    raw = json.loads((ROOT / "schema.json").read_text())
    whole = jsonschema.Draft202012Validator(raw)
    schema = guards.validator(raw)
    document = json.loads((ROOT / "src/model_catalog/data/deepseek.json").read_text())
    assert schema.errors(document) == []  # every record now passed once
    document["models"][0]["pricing"]["input"] = -1.0
    document["models"][1]["unknown"] = True
    document["models"][-1] = "not a record"
    document["generated"] = 7

    expected = [(e.json_path, e.message) for e in whole.iter_errors(document)]
    assert len(expected) == 4
    assert sorted(schema.errors(document)) == sorted(expected)
    assert sorted(schema.errors(document)) == sorted(expected)  # a failed record is never skipped
    assert guards.validator(raw) is schema  # one validator per schema in a process


def test_a_price_table_never_creates_a_record_nor_decides_existence() -> None:
    infos = {
        "litellm": SourceInfo("litellm", "aggregate", "u", rank=3),
        "genai-prices": SourceInfo(
            "genai-prices", "aggregate", "u", partial=True, creates_records=False
        ),
    }
    store = store_of(
        answer("litellm", "2026-01-01", SourceObservation("openai", "a", {"pricing.input": 1.0})),
        answer("litellm", "2026-02-01", SourceObservation("openai", "b", {})),
        answer(
            "genai-prices",
            "2026-03-01",
            SourceObservation("openai", "a", {"pricing.output": 4.0}),
            SourceObservation("openai", "only-here", {"pricing.input": 9.0}),
        ),
    )
    records = {m.id: m for m in merge.merge(store, infos, [], "2026-03-01").models["openai"]}
    assert set(records) == {"a", "b"}  # "only-here" is no record
    assert records["a"].pricing.output == 4.0  # but it adds values to records others list
    assert records["a"].lifecycle.status == "retired"  # LiteLLM dropped it; the table says nothing
    assert records["a"].lifecycle.last_seen == "2026-01-01"


def test_ids_that_differ_only_in_case_are_one_model_spelled_as_the_provider_does() -> None:
    infos = {
        "azure-foundry-api": SourceInfo("azure-foundry-api", "official", "u"),
        "azure-retirements": SourceInfo(
            "azure-retirements", "official", "u", creates_records=False
        ),
        "models.dev": SourceInfo("models.dev", "aggregate", "u"),
    }
    store = store_of(
        answer(
            "azure-foundry-api", "2026-02-10", SourceObservation("azure_openai", "DeepSeek-R1", {})
        ),
        answer(
            "models.dev",
            "2026-05-21",
            SourceObservation("azure_openai", "deepseek-r1", {"pricing.input": 1.35}),
            SourceObservation("azure_openai", "phi-4", {}),
        ),
        answer(
            "azure-retirements",
            "2026-07-07",
            SourceObservation(
                "azure_openai", "deepseek-R1", {"lifecycle.retirement_date": "2026-08-13"}
            ),
            SourceObservation("azure_openai", "Phi-4", {"lifecycle.status": "active"}),
        ),
    )
    merged = merge.merge(store, infos, [], "2026-11-30")
    records = {m.id: m for m in merged.models["azure_openai"]}
    assert set(records) == {"DeepSeek-R1", "phi-4"}  # listed spellings; the official one first
    r1 = records["DeepSeek-R1"]
    assert r1.pricing.input == 1.35  # every spelling's evidence is the record's
    assert (r1.lifecycle.retirement_date, r1.lifecycle.status) == ("2026-08-13", "retired")
    assert r1.lifecycle.last_seen == "2026-05-21"
    assert merged.case_variants == {
        "azure_openai/Phi-4": "azure_openai/phi-4",
        "azure_openai/deepseek-R1": "azure_openai/DeepSeek-R1",
        "azure_openai/deepseek-r1": "azure_openai/DeepSeek-R1",
    }


def test_spellings_one_source_lists_side_by_side_stay_apart() -> None:
    infos = {"together-api": SourceInfo("together-api", "official", "u")}
    store = store_of(
        answer(
            "together-api",
            "2026-02-10",
            SourceObservation("together", "Org/Model", {"pricing.input": 1.0}),
            SourceObservation("together", "org/model", {"pricing.input": 2.0}),
        )
    )
    merged = merge.merge(store, infos, [], "2026-11-30")
    assert {m.id for m in merged.models["together"]} == {"Org/Model", "org/model"}
    assert merged.case_variants == {}


def test_a_newer_statement_that_a_model_is_active_refutes_an_older_passed_retirement() -> None:
    infos = {
        "foundry": SourceInfo("foundry", "official", "u"),
        "retired-page": SourceInfo("retired-page", "official", "u", creates_records=False),
        "schedule": SourceInfo("schedule", "official", "u", creates_records=False),
    }
    store = store_of(
        answer(
            "foundry",
            "2026-02-10",
            SourceObservation("azure_openai", "Mistral-large", {}),
            SourceObservation("azure_openai", "FW-GLM-5", {}),
        ),
        answer(
            "retired-page",
            "2026-04-23",
            SourceObservation(
                "azure_openai",
                "Mistral-large",
                {
                    "lifecycle.status": "retired",
                    "lifecycle.retirement_date": "2025-04-15",
                    "lifecycle.replacement": "Mistral-medium-2505",
                },
            ),
        ),
        answer(
            "schedule",
            "2026-07-07",
            SourceObservation("azure_openai", "Mistral-large", {"lifecycle.status": "active"}),
            # One answer says both: its own date stands (the page was not updated yet).
            SourceObservation(
                "azure_openai",
                "FW-GLM-5",
                {"lifecycle.status": "active", "lifecycle.retirement_date": "2026-07-01"},
            ),
        ),
    )
    merged = merge.merge(store, infos, [], "2026-11-30")
    records = {m.id: m for m in merged.models["azure_openai"]}
    large = records["Mistral-large"]
    assert (large.lifecycle.status, large.lifecycle.retirement_date) == ("active", None)
    assert large.lifecycle.replacement is None  # it came with the refuted date
    assert "lifecycle.retirement_date" not in large.provenance
    assert merged.refuted == [
        (
            "azure_openai/Mistral-large: retirement 2025-04-15 (retired-page, 2026-04-23) "
            "refuted by active (schedule, 2026-07-07)"
        )
    ]
    glm = records["FW-GLM-5"]
    assert (glm.lifecycle.status, glm.lifecycle.retirement_date) == ("retired", "2026-07-01")


def test_a_passed_deprecation_date_never_moves_a_retired_model_back() -> None:
    # Azure's retired-models page: ada retired (deprecated 2023-07-06); a newer LiteLLM entry
    # gives azure/ada a far retirement date. The stated "retired" stands; dates only move forward.
    infos = {
        "litellm": SourceInfo("litellm", "aggregate", "u", rank=3),
        "retired-page": SourceInfo("retired-page", "official", "u", creates_records=False),
    }
    store = store_of(
        answer(
            "retired-page",
            "2026-04-23",
            SourceObservation(
                "azure_openai",
                "ada",
                {"lifecycle.status": "retired", "lifecycle.deprecation_date": "2023-07-06"},
            ),
        ),
        answer(
            "litellm",
            "2026-11-20",
            SourceObservation("azure_openai", "ada", {"lifecycle.retirement_date": "2028-02-09"}),
        ),
    )
    (ada,) = merge.merge(store, infos, [], "2026-11-20").models["azure_openai"]
    assert ada.lifecycle.status == "retired"


def test_an_aggregate_repeating_the_providers_value_is_cited_as_the_provider() -> None:
    # Rule 3's last sentence, on observations built for it: Azure's list price (rank 0, stated
    # 2024-07-01) and LiteLLM's restatement of the same value a year later (rank 3).
    official = ranking.Observation(5.0, "2024-07-01", 0, "azure-retail-prices")
    repeated = ranking.Observation(5.0, "2025-08-05", 3, "litellm")
    assert ranking.winner([repeated, official]) is official
    # A value the provider does not state is not taken from it.
    assert (
        ranking.winner([ranking.Observation(4.0, "2025-08-05", 3, "litellm"), official]).value
        == 4.0
    )
    # A contradicting statement months newer than the provider's keeps the newest word.
    newer = ranking.Observation(2.5, "2025-07-01", 2, "models.dev")
    assert ranking.winner([repeated, official, newer]) is repeated
    # Group representatives of different fields are not compared by value.
    window = ranking.Observation(131072, "2024-07-01", 0, "official")
    max_input = ranking.Observation(131072, "2025-08-05", 3, "litellm")
    assert ranking.winner([max_input, window], one_field=False) is max_input
