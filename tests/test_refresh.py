"""The refresh run: one path for the nightly and the replay, and what a bad source may not change.

Every broken answer here is derived in code from a real recording (cut, truncated, emptied, one
value changed) and served under the same date as the recording, so the run's date does not move
and anything that changes in the data is the fault's doing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from model_catalog import ModelCatalog
from scripts import guards, merge, refresh
from scripts.evidence import Store
from scripts.sources import litellm, openrouter

from .conftest import (
    EVIDENCE,
    NEWEST,
    PREVIOUS,
    ROOT,
    Checkout,
    Rebuild,
    ReplayFactory,
    copy_outputs,
    litellm_answer,
    litellm_slice,
    make_model,
    rebuild,
    recorded_body,
    recorded_entry,
    row,
    run_refresh,
    same_tree,
    write_replay,
)

# -- one path ----------------------------------------------------------------------------------


def test_a_record_run_replays_to_the_same_evidence(tmp_path: Path, small: Rebuild) -> None:
    # A run that records (as the nightly's fetch job does) and a replay of that recording store
    # the same evidence: --record DIR today is --replay DIR tomorrow.
    first = copy_outputs(tmp_path / "first", small.outputs)
    record = tmp_path / "recording"
    entry = recorded_entry(openrouter.SOURCE.url)
    source = tmp_path / "source"
    source.mkdir()
    (source / "body.json").write_bytes(recorded_body(entry))
    manifest = {
        "responses": {openrouter.SOURCE.url: [{"file": "body.json", "recorded": "2026-02-11"}]}
    }
    (source / "manifest.json").write_text(json.dumps(manifest))
    code, _ = run_refresh(first, "--record", str(record), replay=source)
    assert code == 0
    second = copy_outputs(tmp_path / "second", small.outputs)
    code, _ = run_refresh(second, replay=record)
    assert code == 0
    assert same_tree(first.evidence, second.evidence) == []
    assert same_tree(first.data, second.data) == []
    assert same_tree(first.evidence, small.outputs.evidence) == ["openrouter-api.json"]


# -- a bad source changes nothing ---------------------------------------------------------------


def replay_of(
    replay_dir: ReplayFactory, url: str, body: bytes, recorded: str | None = None
) -> Path:
    entry = recorded_entry(url, recorded)
    return replay_dir({url: {**entry, "body": body}})


def truncate(body: bytes) -> bytes:
    return body[: len(body) // 2]


def empty(body: bytes) -> bytes:
    return json.dumps({**json.loads(body), "data": []}).encode()


def cut_30_percent(body: bytes) -> bytes:
    document = json.loads(body)
    return json.dumps(
        {**document, "data": document["data"][: len(document["data"]) * 7 // 10]}
    ).encode()


@pytest.mark.parametrize(
    ("derive", "status", "reason"),
    [
        (truncate, "failed", "not JSON"),
        (empty, "failed", "answered 0 models, fewer than the 1 it must list"),
        (cut_30_percent, "held", "answered 240 models, 30% fewer than its last good answer"),
    ],
)
def test_a_broken_openrouter_answer_changes_no_byte(
    tmp_path: Path,
    replay_dir: ReplayFactory,
    derive: Callable[[bytes], bytes],
    status: str,
    reason: str,
    small: Rebuild,
) -> None:
    body = derive(recorded_body(recorded_entry(openrouter.SOURCE.url)))
    checkout = copy_outputs(tmp_path, small.outputs)
    code, lines = run_refresh(checkout, replay=replay_of(replay_dir, openrouter.SOURCE.url, body))
    assert code == 0
    assert same_tree(checkout.data, small.outputs.data) == []
    assert same_tree(checkout.evidence, small.outputs.evidence) == []
    line = row(lines, "openrouter-api")
    assert line.split()[1] == status
    assert line.split()[5:7] == [
        "2026-02-10",
        "0d",
    ]  # the stored answer that stands, 0 days older than the newest
    assert reason in line
    # Every other source is missing from this recording: skipped, its last answer stands.
    assert row(lines, "anthropic-api").split()[1] == "skipped"
    assert "anthropic-api: not in the recording" in row(lines, "anthropic-api")


def test_a_held_shrink_is_applied_with_accept(
    tmp_path: Path, replay_dir: ReplayFactory, small: Rebuild
) -> None:
    body = cut_30_percent(recorded_body(recorded_entry(openrouter.SOURCE.url)))
    replay = replay_of(replay_dir, openrouter.SOURCE.url, body)
    checkout = copy_outputs(tmp_path, small.outputs)
    code, lines = run_refresh(checkout, "--accept", "openrouter-api", replay=replay)
    assert code == 0
    assert "accepted: answered 240 models" in row(lines, "openrouter-api")
    assert same_tree(checkout.evidence, small.outputs.evidence) == ["openrouter-api.json"]


def test_a_missing_key_skips_the_source_and_changes_no_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small: Rebuild
) -> None:
    # Live, with ANTHROPIC_API_KEY unset: skipped before any request is made, and its stored
    # answer stands. The summary is also written as JSON for the workflow.
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    checkout = copy_outputs(tmp_path, small.outputs)
    summary = tmp_path / "summary.json"
    code, lines = run_refresh(checkout, "--sources", "anthropic-api", "--summary", str(summary))
    assert code == 0
    assert same_tree(checkout.data, small.outputs.data) == []
    assert same_tree(checkout.evidence, small.outputs.evidence) == []
    assert "no credentials: set ANTHROPIC_API_KEY" in row(lines, "anthropic-api")
    assert row(lines, "anthropic-api").split()[1] == "skipped"
    document = json.loads(summary.read_text())
    assert document["as_of"] == "2026-02-10"
    sources = {s["source"]: s for s in document["sources"]}
    assert sources["anthropic-api"]["status"] == "skipped"
    reason = "anthropic-api: no credentials: set ANTHROPIC_API_KEY"
    assert sources["anthropic-api"]["reason"] == reason
    assert (sources["anthropic-api"]["evidence_date"], sources["anthropic-api"]["age_days"]) == (
        "2026-02-10",
        0,
    )
    assert sources["openrouter-api"]["reason"] == "not asked (--sources)"
    assert document["holds"] == []


def litellm_replay(target: Path, answers: dict[str, dict[str, Any]]) -> Path:
    """A replay answering each document of ``answers`` as LiteLLM's map of that recorded day."""
    entries = [litellm_answer(day, document) for day, document in answers.items()]
    return write_replay(target, {litellm.SOURCE.url: entries})


@pytest.fixture(scope="module")
def litellm_catalog(tmp_path_factory: pytest.TempPathFactory) -> Rebuild:
    """The catalog two days of the LiteLLM slice build, from scratch, by the pipeline itself."""
    root = tmp_path_factory.mktemp("litellm-slice")
    answers = {day: litellm_slice(recorded=day) for day in (PREVIOUS, NEWEST)}
    built = rebuild(root / "outputs", litellm_replay(root / "replay", answers))
    assert built.code == 0, built.lines
    return built


def four_faults(document: dict[str, Any]) -> None:
    """Four independent faults in one answer, each on a field the others do not touch."""
    document["claude-sonnet-4-5-20250929"]["input_cost_per_token_batches"] *= 1000
    document["jamba-1.5-large"]["input_cost_per_token"] *= 10  # LiteLLM is jamba's only source
    del document["jamba-1.5-large"]["output_cost_per_token"]
    document["gpt-4o-ultra"] = {
        **document["gpt-4o"],
        "input_cost_per_token": 0.0025,  # $2,500 per 1M tokens
        "output_cost_per_token": 0.01,
    }


@pytest.fixture(scope="module")
def litellm_faults(
    tmp_path_factory: pytest.TempPathFactory, litellm_catalog: Rebuild
) -> tuple[Checkout, list[str], Path]:
    root = tmp_path_factory.mktemp("litellm-faults")
    replay = litellm_replay(root / "replay", {NEWEST: litellm_slice(four_faults)})
    checkout = copy_outputs(root / "outputs", litellm_catalog.outputs)
    code, lines = run_refresh(checkout, replay=replay)
    assert code == 0
    return checkout, lines, replay


def test_faulty_values_change_no_byte_of_the_data(
    litellm_faults: tuple[Checkout, list[str], Path], litellm_catalog: Rebuild
) -> None:
    checkout, lines, _ = litellm_faults
    assert same_tree(checkout.data, litellm_catalog.outputs.data) == []
    assert lines[-1].startswith("evidence as of 2026-11-20; 1 file(s) written; 4 change(s) held")
    assert "apply one with --accept KEY after checking it" in lines[-2]


def test_a_thousandfold_batch_price_is_held_and_named(
    litellm_faults: tuple[Checkout, list[str], Path],
) -> None:
    _, lines, _ = litellm_faults
    key = "anthropic/claude-sonnet-4-5-20250929"
    assert f"held: {key} pricing.batch_input: would move 1000x (1.5 -> 1500)" in lines


def test_exactly_tenfold_is_held(litellm_faults: tuple[Checkout, list[str], Path]) -> None:
    _, lines, _ = litellm_faults
    assert "held: ai21/jamba-1.5-large pricing.input: would move 10x (2 -> 20)" in lines


def test_a_vanishing_price_is_held(litellm_faults: tuple[Checkout, list[str], Path]) -> None:
    _, lines, _ = litellm_faults
    assert "held: ai21/jamba-1.5-large pricing.output: would vanish (was 8)" in lines


def test_an_absurdly_priced_new_model_is_held(
    litellm_faults: tuple[Checkout, list[str], Path],
) -> None:
    checkout, lines, _ = litellm_faults
    assert any(
        line.startswith("held: openai/gpt-4o-ultra pricing.input: new model priced 2500")
        for line in lines
    )
    assert "openai/gpt-4o-ultra" not in ModelCatalog(str(checkout.data))


def test_accept_applies_one_records_held_changes(
    litellm_faults: tuple[Checkout, list[str], Path], tmp_path: Path, litellm_catalog: Rebuild
) -> None:
    _, _, replay = litellm_faults
    checkout = copy_outputs(tmp_path, litellm_catalog.outputs)
    code, lines = run_refresh(checkout, "--accept", "ai21/jamba-1.5-large", replay=replay)
    assert code == 0
    jamba = ModelCatalog(str(checkout.data)).get("ai21/jamba-1.5-large")
    assert (jamba.pricing.input, jamba.pricing.output) == (20.0, None)
    assert not any(line.startswith("held: ai21/jamba-1.5-large") for line in lines)
    assert any(line.startswith("held: anthropic/claude-sonnet-4-5") for line in lines)


def test_many_retirements_from_one_source_are_held(
    tmp_path: Path, litellm_catalog: Rebuild
) -> None:
    def drop_six_of_ai21(document: dict[str, Any]) -> None:
        # LiteLLM is AI21's only source. Dropping all of AI21 would say nothing about its models
        # (a source that stops covering a provider); dropping six of twelve retires six.
        ai21 = sorted(k for k, v in document.items() if v.get("litellm_provider") == "ai21")
        assert len(ai21) == 12
        for key in ai21[:6]:
            del document[key]

    checkout = copy_outputs(tmp_path, litellm_catalog.outputs)
    replay = litellm_replay(tmp_path / "replay", {NEWEST: litellm_slice(drop_six_of_ai21)})
    code, lines = run_refresh(checkout, replay=replay)
    assert code == 0
    held = [line for line in lines if line.startswith("held: ai21/")]
    assert len(held) == 6
    assert all("lifecycle.status: active -> retired: litellm would retire" in h for h in held), held
    assert same_tree(checkout.data, litellm_catalog.outputs.data) == []


def test_a_hold_does_not_break_other_providers() -> None:
    # The held record keeps an alias that a new record now claims: both lose it, and the file
    # still validates (aliases are de-duplicated after the holds).
    old = {"mistral/a": make_model(provider="mistral", id="a", aliases=["x"], context_window=9)}
    new = [
        make_model(provider="mistral", id="a", aliases=["x"], context_window=5),  # held
        make_model(provider="mistral", id="b", aliases=["x"]),
    ]
    kept, held = guards.hold_back(old, new, {})
    assert [h.field for h in held] == ["context_window"]
    files, problems = refresh._documents(kept, merge.MergeResult(), Path("/nonexistent"))
    assert problems == []
    assert [m.aliases for m in files["mistral"].models] == [(), ()]


# -- arguments, schema, help ---------------------------------------------------------------------


def test_unknown_source_is_a_usage_error(tmp_path: Path, small: Rebuild) -> None:
    code, lines = run_refresh(copy_outputs(tmp_path, small.outputs), "--sources", "nope")
    assert code == refresh.EXIT_USAGE
    assert lines[0].startswith("unknown source(s): nope; known: anthropic-api")


def test_missing_replay_manifest(tmp_path: Path, small: Rebuild) -> None:
    code, lines = run_refresh(copy_outputs(tmp_path / "c", small.outputs), replay=tmp_path)
    assert code == refresh.EXIT_USAGE
    assert "manifest" in lines[0]


def test_nothing_answered_and_no_evidence_writes_nothing(
    tmp_path: Path, replay_dir: ReplayFactory
) -> None:
    empty = Checkout(tmp_path / "d", tmp_path / "e", tmp_path / "r")
    replay = replay_dir({})
    code, lines = run_refresh(empty, replay=replay)
    assert code == refresh.EXIT_NOTHING_ANSWERED
    assert not empty.data.exists()
    assert "nothing written" in lines[-1]


def test_schema_is_generated_from_the_types(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "schema.json"
    monkeypatch.setattr(refresh, "SCHEMA_PATH", target)
    lines: list[str] = []
    assert refresh.run(refresh._parser().parse_args(["--write-schema"]), lines.append) == 0
    assert target.read_bytes() == (ROOT / "schema.json").read_bytes()


def test_main_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        refresh.main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "--replay" in out
    assert "--accept" in out
    assert "Exit status" in out


def test_store_files_are_the_committed_evidence() -> None:
    store = Store(EVIDENCE)
    assert set(store.timelines) >= {"openai-api", "litellm", "models.dev", "openrouter-api"}
    for path, data in store.files().items():
        assert path.read_bytes() == data
