"""An answer is a claim: each fault class of issue 14, arriving as one night of one source.

Every faulty answer is derived in code from a real recording (tests/fixtures/recorded) and labelled
by the function that derives it; none is hand-written. Each test runs the refresh over a copy of the
session's rebuild and checks both what the run says and that the data did not move.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
from pathlib import Path
from typing import Any

import pytest

from model_catalog import ModelCatalog
from scripts import guards, refresh
from scripts.sources import anthropic, azure_openai, bedrock_foundation_models, litellm, openrouter

from .conftest import (
    NEWEST,
    Checkout,
    Rebuild,
    ReplayFactory,
    copy_outputs,
    litellm_answer,
    litellm_slice,
    make_model,
    recorded_body,
    recorded_entry,
    row,
    run_refresh,
    same_tree,
    write_replay,
)


def openrouter_night(
    replay_dir: ReplayFactory, derive: Any = None, recorded: str | None = None
) -> Path:
    """OpenRouter's newest recorded list, changed by ``derive``, served as of ``recorded``."""
    entry = recorded_entry(openrouter.SOURCE.url)
    document = json.loads(recorded_body(entry))
    if derive is not None:
        derive(document)
    night = {**entry, "body": json.dumps(document).encode()}
    if recorded is not None:
        night["recorded"] = recorded
    return replay_dir({openrouter.SOURCE.url: night})


def refused(
    tmp_path: Path, small: Rebuild, replay: Path, *extra: str
) -> tuple[Checkout, list[str]]:
    """A run of one night over a copy of the small catalog; it exits 0 and the data stay."""
    checkout = copy_outputs(tmp_path / "checkout", small.outputs)
    code, lines = run_refresh(checkout, *extra, replay=replay)
    assert code == refresh.EXIT_OK, lines
    assert same_tree(checkout.data, small.outputs.data) == []
    return checkout, lines


# -- derived faults (each names what it does to the real answer) ---------------------------------


def ids_in_upper_case(document: dict[str, Any]) -> None:
    for model in document["data"]:
        model["id"] = model["id"].upper()


def each_model_twice_conflicting_copy_first(document: dict[str, Any]) -> None:
    copies = []
    for model in document["data"]:
        pricing = dict(model.get("pricing") or {})
        if "prompt" in pricing:
            pricing["prompt"] = str(float(pricing["prompt"]) * 3 + 1e-6)
        copies.append({**model, "pricing": pricing})
    document["data"] = copies + document["data"]


def every_price_halved(document: dict[str, Any]) -> None:
    for model in document["data"]:
        pricing = model.get("pricing") or {}
        for name in ("prompt", "completion"):
            if name in pricing and float(pricing[name]) > 0:
                pricing[name] = str(float(pricing[name]) / 2)


# -- the answer as a whole -----------------------------------------------------------------------


def test_an_official_list_in_upper_case_is_held_not_a_mass_rename(
    tmp_path: Path, replay_dir: ReplayFactory, small: Rebuild
) -> None:
    checkout, lines = refused(tmp_path, small, openrouter_night(replay_dir, ids_in_upper_case))
    line = row(lines, "openrouter-api")
    assert line.split()[1] == "held"
    assert "in another letter case" in line
    assert same_tree(checkout.evidence, small.outputs.evidence) == []


def test_a_list_with_conflicting_duplicates_is_refused(
    tmp_path: Path, replay_dir: ReplayFactory, small: Rebuild
) -> None:
    replay = openrouter_night(replay_dir, each_model_twice_conflicting_copy_first)
    checkout, lines = refused(tmp_path, small, replay)
    line = row(lines, "openrouter-api")
    assert line.split()[1] == "failed"
    assert "more than once with different values" in line
    assert same_tree(checkout.evidence, small.outputs.evidence) == []


def test_a_mass_price_move_is_held_and_accept_folds_it(
    tmp_path: Path, replay_dir: ReplayFactory, small: Rebuild
) -> None:
    replay = openrouter_night(replay_dir, every_price_halved)
    _, lines = refused(tmp_path, small, replay)
    line = row(lines, "openrouter-api")
    assert line.split()[1] == "held"
    assert "moves or drops the input or output price of" in line
    accepted = copy_outputs(tmp_path / "accepted", small.outputs)
    code, lines = run_refresh(accepted, "--accept", "openrouter-api", replay=replay)
    assert code == refresh.EXIT_OK
    assert same_tree(accepted.evidence, small.outputs.evidence) == ["openrouter-api.json"]


def test_an_answer_dated_after_today_is_refused(
    tmp_path: Path, replay_dir: ReplayFactory, small: Rebuild
) -> None:
    tomorrow = (dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=1)).isoformat()
    checkout, lines = refused(tmp_path, small, openrouter_night(replay_dir, recorded=tomorrow))
    assert f"dated {tomorrow}, after the run's own date" in row(lines, "openrouter-api")
    assert same_tree(checkout.evidence, small.outputs.evidence) == []


def test_an_answer_older_than_the_newest_folded_needs_backfill(
    tmp_path: Path, replay_dir: ReplayFactory, small: Rebuild
) -> None:
    replay = openrouter_night(replay_dir, recorded="2024-01-02")
    checkout, lines = refused(tmp_path, small, replay)
    line = row(lines, "openrouter-api")
    assert "dated 2024-01-02, before its newest folded answer (2026-02-10)" in line
    assert "--backfill" in line
    assert same_tree(checkout.evidence, small.outputs.evidence) == []
    backfilled = copy_outputs(tmp_path / "backfilled", small.outputs)
    code, lines = run_refresh(backfilled, "--backfill", replay=replay)
    assert code == refresh.EXIT_OK
    assert row(lines, "openrouter-api").split()[1] == "ok"
    assert same_tree(backfilled.evidence, small.outputs.evidence) == ["openrouter-api.json"]


def test_an_empty_page_behind_has_more_fails_the_source(
    tmp_path: Path, replay_dir: ReplayFactory, small: Rebuild
) -> None:
    # Anthropic's newest recorded list, cut after its first model and told there is more; the
    # "more" is the same envelope with no models.
    entry = recorded_entry(anthropic.SOURCE.url)
    document = json.loads(recorded_body(entry))
    first = document["data"][0]["id"]
    page_one = {**document, "data": document["data"][:1], "has_more": True, "last_id": first}
    page_two = {**document, "data": [], "has_more": False}
    replay = replay_dir(
        {
            anthropic.SOURCE.url: {**entry, "body": json.dumps(page_one).encode()},
            f"{anthropic.SOURCE.url}?after_id={first}": {
                **entry,
                "body": json.dumps(page_two).encode(),
            },
        }
    )
    checkout, lines = refused(tmp_path, small, replay)
    line = row(lines, "anthropic-api")
    assert line.split()[1] == "failed"
    assert "page 2 came back empty although page 1 promised more" in line
    assert same_tree(checkout.evidence, small.outputs.evidence) == []


def test_one_answers_silence_retires_nothing_until_the_next_answer(
    tmp_path: Path, small: Rebuild
) -> None:
    # Anthropic's newest recorded list without one model, answered the day after LiteLLM's newest
    # recorded map (cut to its anthropic, ai21 and openai entries) listed that model.
    entry = recorded_entry(anthropic.SOURCE.url)
    document = json.loads(recorded_body(entry))
    mapped = litellm_slice()
    dropped = next(m["id"] for m in document["data"] if m["id"] in mapped)
    without = {**document, "data": [m for m in document["data"] if m["id"] != dropped]}
    key = f"anthropic/{dropped}"

    def night(day: str, *, with_litellm: bool) -> Path:
        answers: dict[str, object] = {
            anthropic.SOURCE.url: {**entry, "body": json.dumps(without).encode(), "recorded": day}
        }
        if with_litellm:
            answers[litellm.SOURCE.url] = litellm_answer(NEWEST, mapped)
        return write_replay(tmp_path / f"replay-{day}", answers)

    checkout = copy_outputs(tmp_path / "checkout", small.outputs)
    assert ModelCatalog(str(checkout.data)).get(key).lifecycle.status == "active"
    code, lines = run_refresh(checkout, replay=night("2026-11-21", with_litellm=True))
    assert code == refresh.EXIT_OK, lines
    (held,) = [line for line in lines if line.startswith("held: ")]
    assert held == (
        f"held: {key} lifecycle.status: active -> retired: anthropic-api left it out of one "
        "answer (2026-11-21; it listed it on 2026-02-10) while litellm listed it on 2026-11-20: "
        "retired only if its next answer leaves it out too"
    )
    assert ModelCatalog(str(checkout.data)).get(key).lifecycle.status == "active"
    # The next answer leaves it out too: the silence is confirmed and the model retires.
    code, lines = run_refresh(checkout, replay=night("2026-11-22", with_litellm=False))
    assert code == refresh.EXIT_OK, lines
    assert not any(line.startswith(f"held: {key} ") for line in lines), lines
    assert ModelCatalog(str(checkout.data)).get(key).lifecycle.status == "retired"


# -- the evidence store as read back -------------------------------------------------------------


def test_a_deleted_evidence_file_stops_the_run(
    tmp_path: Path, replay_dir: ReplayFactory, small: Rebuild
) -> None:
    checkout = copy_outputs(tmp_path / "checkout", small.outputs)
    (checkout.evidence / "anthropic-api.json").unlink()
    code, lines = run_refresh(checkout, replay=openrouter_night(replay_dir))
    assert code == refresh.EXIT_USAGE
    assert "no evidence for anthropic-api (" in lines[-1]
    assert "restore each file from git" in lines[-1]
    assert same_tree(checkout.data, small.outputs.data) == []


def test_a_record_the_evidence_no_longer_makes_is_held_not_removed() -> None:
    # Rule on a tiny catalog: the new build lacks one record the last data had.
    old = {m.key: m for m in (make_model(id="kept"), make_model(id="gone"))}
    kept, holds = guards.hold_back(old, [old["p/kept"]], {})
    assert [m.id for m in kept] == ["kept", "gone"]
    assert holds == [
        guards.Hold("p/gone", "record", "would be removed: no record leaves the catalog")
    ]


def test_a_hundredfold_past_value_in_the_evidence_is_held(
    tmp_path: Path, replay_dir: ReplayFactory, small: Rebuild
) -> None:
    checkout = copy_outputs(tmp_path / "checkout", small.outputs)
    path = checkout.evidence / "openrouter-api.json"
    document = json.loads(path.read_text())
    # The first model whose input price OpenRouter changed: its first price, made 100x, is one
    # wrong value in the store for a day long past.
    key, points = next(
        (key, values["pricing.input"])
        for key, values in sorted(document["keys"].items())
        if len({v for _, v in values.get("pricing.input", [])}) >= 2
        and all(v > 0 for _, v in values["pricing.input"])
    )
    points[0][1] *= 100
    path.write_text(json.dumps(document))
    code, lines = run_refresh(checkout, replay=openrouter_night(replay_dir))
    assert code == refresh.EXIT_OK
    assert any(line.startswith(f"held: {key} history pricing.input") for line in lines), lines
    assert same_tree(checkout.data, small.outputs.data) == []


def test_evidence_of_the_wrong_type_stops_the_run_naming_file_and_key(
    tmp_path: Path, small: Rebuild
) -> None:
    checkout = copy_outputs(tmp_path / "checkout", small.outputs)
    path = checkout.evidence / "openrouter-api.json"
    document = json.loads(path.read_text())
    key = next(k for k, v in sorted(document["keys"].items()) if "pricing.input" in v)
    document["keys"][key]["pricing.input"][0][1] = "two dollars"
    path.write_text(json.dumps(document))
    code, lines = run_refresh(checkout, "--sources", "openrouter-api")
    assert code == refresh.EXIT_USAGE
    assert "openrouter-api.json" in lines[-1]
    assert key in lines[-1]
    assert same_tree(checkout.data, small.outputs.data) == []


# -- the run -------------------------------------------------------------------------------------


def test_a_second_run_on_the_same_store_is_locked_out(tmp_path: Path, small: Rebuild) -> None:
    checkout = copy_outputs(tmp_path / "checkout", small.outputs)
    with (checkout.evidence / refresh.LOCK_NAME).open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        code, lines = run_refresh(checkout, "--sources", "openrouter-api")
    assert code == refresh.EXIT_LOCKED
    assert "another refresh is running" in lines[-1]
    assert same_tree(checkout.data, small.outputs.data) == []


def test_an_accept_that_matches_nothing_writes_nothing(
    tmp_path: Path, replay_dir: ReplayFactory, small: Rebuild
) -> None:
    checkout = copy_outputs(tmp_path / "checkout", small.outputs)
    code, lines = run_refresh(
        checkout,
        "--accept",
        "openai/gpt-4o-typo",
        replay=openrouter_night(replay_dir),
    )
    assert code == refresh.EXIT_USAGE
    assert "openai/gpt-4o-typo" in lines[-1]
    assert same_tree(checkout.data, small.outputs.data) == []
    assert same_tree(checkout.evidence, small.outputs.evidence) == []


def test_a_quiet_night_leaves_every_data_file_byte_identical(
    tmp_path: Path, replay_dir: ReplayFactory, small: Rebuild
) -> None:
    # OpenRouter's newest recorded list, served again a day later: nothing changed but the day.
    replay = openrouter_night(replay_dir, recorded="2026-02-11")
    checkout = copy_outputs(tmp_path / "checkout", small.outputs)
    code, lines = run_refresh(checkout, replay=replay)
    assert code == refresh.EXIT_OK
    assert row(lines, "openrouter-api").split()[1] == "ok"
    assert lines[-1].endswith("no record changed: data files untouched")
    assert same_tree(checkout.data, small.outputs.data) == []
    assert same_tree(checkout.evidence, small.outputs.evidence) == ["openrouter-api.json"]


# -- rules on inputs built for them ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "held"),
    [
        (0.7, 0.07, True),  # exactly a tenth: as floats 0.7 / 0.07 < 10
        (0.07, 0.7, True),
        (2.0, 20.0, True),
        (0.7, 0.0701, False),
        (3.0, 0.3000001, False),
    ],
)
def test_tenfold_is_compared_exactly(old: float, new: float, held: bool) -> None:
    assert (guards._price_problem(old, new) is not None) is held


def test_a_public_url_names_the_setting_never_its_value() -> None:
    # The recorded Azure deployment's own host (ruby_llm's recording) is replaced by its setting.
    asked = "https://rubyllm.openai.azure.com/openai/v1/models"
    assert azure_openai.SOURCE.public_url(asked) == "<AZURE_OPENAI_ENDPOINT>/openai/v1/models"
    # A setting inside a public host is no secret: Bedrock's region stays.
    asked = "https://bedrock.us-west-2.amazonaws.com/foundation-models"
    assert bedrock_foundation_models.SOURCE.public_url(asked) == asked
