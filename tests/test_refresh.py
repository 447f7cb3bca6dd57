from __future__ import annotations

import shutil
from pathlib import Path

import msgspec
import pytest

from model_catalog import ModelCatalog
from model_catalog._types import ProviderFile
from scripts import datafiles, refresh
from scripts.sources import Observation, SourceError, SourceResult

from .conftest import DATA, RECORDED, ROOT

REPLAY_ARGS = ["--replay", str(RECORDED), "--history", str(RECORDED / "litellm-history")]


def regenerate(out: Path, report: Path, *extra: str) -> tuple[int, list[str]]:
    lines: list[str] = []
    args = refresh._parser().parse_args(
        [*REPLAY_ARGS, "--out", str(out), "--report", str(report), *extra]
    )
    return refresh.run(args, lines.append), lines


@pytest.mark.regeneration
def test_recorded_inputs_reproduce_the_bundled_data_byte_for_byte(tmp_path: Path) -> None:
    code, lines = regenerate(tmp_path / "data", tmp_path / "conflicts.md")
    assert code == 0, lines
    produced = sorted(p.name for p in (tmp_path / "data").iterdir())
    assert produced == sorted(p.name for p in DATA.iterdir())
    for name in produced:
        assert (tmp_path / "data" / name).read_bytes() == (DATA / name).read_bytes(), name
    for name in ("conflicts.md", "history.md"):
        assert (tmp_path / name).read_bytes() == (ROOT / "reports" / name).read_bytes()


@pytest.mark.regeneration
def test_second_run_changes_no_byte(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    before = {p.name: p.stat().st_mtime_ns for p in data.iterdir()}
    code, lines = regenerate(data, tmp_path / "conflicts.md")
    assert code == 0
    assert {p.name: p.stat().st_mtime_ns for p in data.iterdir()} == before
    assert any(line.startswith("0 file(s) written") for line in lines)


def test_progress_and_summary(tmp_path: Path) -> None:
    _, lines = regenerate(tmp_path / "data", tmp_path / "c.md")
    assert lines[0].startswith("[1/14] openai-api")
    assert any("ollama-api" in line and "skipped" in line for line in lines)
    assert any(line.startswith("provider") and "retired" in line for line in lines)


def test_failed_source_keeps_last_known_good(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)

    def broken(client: object, key: object) -> object:
        raise SourceError("xai-api", "malformed response: test")

    fetchers = tuple(
        (info, broken if info.name in ("xai-api", "litellm", "models.dev") else fetch)
        for info, fetch in refresh.FETCHERS
    )
    monkeypatch.setattr(refresh, "FETCHERS", fetchers)
    code, lines = regenerate(data, tmp_path / "c.md")
    assert code == 0
    assert any("xai-api" in line and "FAILED" in line for line in lines)
    # xAI's records, retired ones included, survive although its sources failed.
    assert (data / "xai.json").read_bytes() == (DATA / "xai.json").read_bytes()
    # ai21 is covered by LiteLLM only: kept whole.
    assert (data / "ai21.json").read_bytes() == (DATA / "ai21.json").read_bytes()


def test_all_sources_failing_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(client: object, key: object) -> object:
        raise KeyError("boom")

    monkeypatch.setattr(refresh, "FETCHERS", tuple((i, crash) for i, _ in refresh.FETCHERS))
    code, lines = regenerate(tmp_path / "data", tmp_path / "c.md")
    assert code == refresh.EXIT_ALL_FAILED
    assert not (tmp_path / "data").exists()
    assert "unexpected KeyError" in lines[0]


def test_validation_failure_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    recorded = refresh.HttpClient(replay=RECORDED)
    real = refresh.litellm.fetch(recorded, None)
    broken_obs = [
        Observation(o.provider, o.id, {**o.values, "context_window": 0})
        if (o.provider, o.id) == ("ai21", "jamba-1.5-large")  # LiteLLM is its only source
        else o
        for o in real.observations
    ]

    def broken(client: object, key: object) -> SourceResult:
        return SourceResult(real.source, real.url, real.retrieved, broken_obs)

    fetchers = tuple(
        (info, broken if info.name == "litellm" else fetch) for info, fetch in refresh.FETCHERS
    )
    monkeypatch.setattr(refresh, "FETCHERS", fetchers)
    code, lines = regenerate(tmp_path / "data", tmp_path / "c.md")
    assert code == refresh.EXIT_INVALID
    assert any("context_window must be positive, got 0" in line for line in lines)
    assert not (tmp_path / "data").exists()


def test_unknown_provider_is_a_usage_error(tmp_path: Path) -> None:
    code, lines = regenerate(tmp_path / "d", tmp_path / "c.md", "--providers", "nope")
    assert code == refresh.EXIT_USAGE
    assert "unknown provider(s): nope" in lines[0]


@pytest.mark.regeneration
def test_providers_option_rewrites_only_those(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    groq = msgspec.json.decode((DATA / "groq.json").read_bytes(), type=ProviderFile)
    trimmed = datafiles.encode(msgspec.structs.replace(groq, models=groq.models[:-1]))
    (data / "groq.json").write_bytes(trimmed)
    code, _ = regenerate(data, tmp_path / "c.md", "--providers", "xai")
    assert code == 0
    assert (data / "groq.json").read_bytes() == trimmed  # not asked for: left alone
    assert (data / "xai.json").read_bytes() == (DATA / "xai.json").read_bytes()


def test_missing_replay_manifest(tmp_path: Path) -> None:
    lines: list[str] = []
    args = refresh._parser().parse_args(["--replay", str(tmp_path), "--out", str(tmp_path / "d")])
    assert refresh.run(args, lines.append) == refresh.EXIT_USAGE
    assert "manifest" in lines[0]


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
    assert "Exit status" in out


@pytest.mark.regeneration
def test_a_recording_replays_to_the_same_catalog(tmp_path: Path) -> None:
    record = tmp_path / "recording"
    code, _ = regenerate(tmp_path / "first", tmp_path / "c.md", "--record", str(record))
    assert code == 0
    manifest = (record / "manifest.json").read_text()
    assert "api.openai.com" in manifest
    lines: list[str] = []
    args = refresh._parser().parse_args(
        [
            "--replay",
            str(record),
            "--history",
            str(RECORDED / "litellm-history"),
            "--out",
            str(tmp_path / "second"),
            "--report",
            str(tmp_path / "c2.md"),
        ]
    )
    assert refresh.run(args, lines.append) == 0
    for path in (tmp_path / "first").iterdir():
        assert (tmp_path / "second" / path.name).read_bytes() == path.read_bytes(), path.name


def test_a_skipped_source_retires_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)

    def no_key(client: object, key: object) -> object:
        raise refresh.NoCredentialsError("openai-api", "no credentials: set OPENAI_API_KEY")

    fetchers = tuple(
        (info, no_key if info.name == "openai-api" else fetch) for info, fetch in refresh.FETCHERS
    )
    monkeypatch.setattr(refresh, "FETCHERS", fetchers)
    code, lines = regenerate(data, tmp_path / "c.md")
    assert code == 0
    assert any(
        "openai-api" in line and "skipped: openai-api: no credentials" in line for line in lines
    )
    before = {m.key: m.lifecycle.status for m in ModelCatalog(str(DATA)).all()}
    after = {m.key: m.lifecycle.status for m in ModelCatalog(str(data)).all()}
    only_openai_api = [
        m.key
        for m in ModelCatalog(str(DATA)).all()
        if m.provenance.get("id") == "openai-api" and m.lifecycle.status == "active"
    ]
    assert only_openai_api
    assert all(after[key] == before[key] for key in only_openai_api)


def test_suspicious_changes_are_held_back_and_reported(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    xai = msgspec.json.decode((DATA / "xai.json").read_bytes(), type=ProviderFile)
    models = list(xai.models)
    index = next(i for i, m in enumerate(models) if m.id == "grok-4")
    bigger = (models[index].context_window or 0) * 4
    models[index] = msgspec.structs.replace(models[index], context_window=bigger)
    (data / "xai.json").write_bytes(
        datafiles.encode(msgspec.structs.replace(xai, models=tuple(models)))
    )
    code, lines = regenerate(data, tmp_path / "c.md")
    assert code == 0
    assert any(
        line.startswith("held back: xai: xai/grok-4: context_window would shrink") for line in lines
    )
    kept = ModelCatalog(str(data)).get("xai/grok-4")
    assert kept.context_window == bigger  # the last known good record stays
    code, lines = regenerate(data, tmp_path / "c.md", "--accept-changes")
    assert code == 0
    assert ModelCatalog(str(data)).get("xai/grok-4").context_window == bigger // 4
