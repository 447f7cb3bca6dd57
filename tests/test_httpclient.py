from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from scripts.httpclient import HttpClient, HttpError, NotRecordedError, redact
from scripts.recording import RecordingError, ReplayAdapter, public_url

from .conftest import RECORDED, ReplayFactory

URL = "https://api.x.ai/v1/models"
BODY = RECORDED / "xai_v1-models_2025-08-13.json"


def test_retries_429_then_succeeds_honouring_retry_after(replay_dir: ReplayFactory) -> None:
    directory = replay_dir({URL: {"path": BODY, "refusals": [[429, 7], [503, 2]]}})
    waits: list[float] = []
    client = HttpClient(replay=directory, sleep=waits.append)
    page = client.get_json(URL)
    assert len(page.data["data"]) == 8
    assert waits == [7.0, 2.0]


def test_retry_after_is_capped(replay_dir: ReplayFactory) -> None:
    directory = replay_dir({URL: {"path": BODY, "refusals": [[429, 3600]]}})
    waits: list[float] = []
    HttpClient(replay=directory, sleep=waits.append, max_wait=30).get_json(URL)
    assert waits == [30.0]


def test_gives_up_after_bounded_retries(replay_dir: ReplayFactory) -> None:
    directory = replay_dir({URL: {"path": BODY, "refusals": [[500, 1]] * 5}})
    waits: list[float] = []
    client = HttpClient(replay=directory, sleep=waits.append, retries=2)
    with pytest.raises(HttpError, match="HTTP 500"):
        client.get_json(URL)
    assert len(waits) == 2


def test_backoff_with_jitter_and_http_date() -> None:
    client = HttpClient()
    for attempt in range(4):
        wait = client._backoff(attempt, None)
        assert 2**attempt <= wait <= 1.5 * 2**attempt
    assert client._backoff(0, "Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert 1.0 <= client._backoff(0, "soon") <= 1.5


def test_connection_errors_are_retried_then_reported() -> None:
    waits: list[float] = []
    client = HttpClient(retries=1, sleep=waits.append, timeout=0.5)
    with pytest.raises(HttpError, match="failed"):
        client.get_json("http://127.0.0.1:9/models?key=secret-value-123")
    assert len(waits) == 1


def test_size_cap(replay_dir: ReplayFactory) -> None:
    directory = replay_dir({URL: {"path": BODY}})
    with pytest.raises(HttpError, match="exceeds 100 bytes"):
        HttpClient(replay=directory, max_bytes=100).get_json(URL)


def test_user_agent_is_sent() -> None:
    assert HttpClient().session.headers["User-Agent"].startswith("model-catalog-refresh/")


def test_secrets_never_reach_messages_or_replay_keys() -> None:
    assert redact("Authorization: Bearer sk-abcdef123456") == "Authorization: Bearer ***"
    assert "sk-" not in redact("GET https://x/models?key=sk-abcdef123456 failed")
    assert public_url("https://g/v1beta/models?key=SECRET&pageToken=a") == (
        "https://g/v1beta/models?pageToken=a"
    )


def test_record_then_replay_roundtrip(tmp_path: Path, replay_dir: ReplayFactory) -> None:
    source = replay_dir({URL: {"path": BODY, "recorded": "2025-08-13"}})
    record = tmp_path / "rec"
    first = HttpClient(replay=source, record=record).get_json(URL)
    assert first.retrieved == "2025-08-13"
    manifest = json.loads((record / "manifest.json").read_text())
    assert manifest["responses"][URL] == [
        {"file": "000_api.x.ai_v1_models.json", "format": "raw", "recorded": "2025-08-13"}
    ]
    again = HttpClient(replay=record).get_json(URL)
    assert again.data == first.data
    assert again.retrieved == "2025-08-13"


def test_pagination_is_bounded(replay_dir: ReplayFactory) -> None:
    directory = replay_dir({URL: {"path": BODY}})
    client = HttpClient(replay=directory)
    pages = client.paginate(URL, next_params=lambda _d: {}, max_pages=3)
    with pytest.raises(HttpError, match="more than 3 pages"):
        list(pages)


def test_sdk_object_recordings_are_served_as_the_list_envelope() -> None:
    client = HttpClient(replay=RECORDED)
    page = client.get_json("https://bedrock-runtime.us-west-2.amazonaws.com/openai/v1/models")
    assert page.data["object"] == "list"
    assert len(page.data["data"]) == 37
    assert "__data__" not in page.data["data"][0]


def test_bad_manifest(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{}")
    with pytest.raises(RecordingError, match="manifest"):
        ReplayAdapter(tmp_path)


def test_served_date_falls_back_to_today(replay_dir: ReplayFactory) -> None:
    directory = replay_dir({URL: {"path": BODY}})
    adapter = ReplayAdapter(directory)
    request = requests.Request("GET", URL).prepare()
    response = adapter.send(request)
    assert response.headers["Date"].endswith("00:00:00 GMT")
    adapter.close()


def test_settings_prefer_the_environment(
    replay_dir: ReplayFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = replay_dir({URL: {"path": BODY}}, settings={"AWS_REGION": "eu-west-1"})
    client = HttpClient(replay=directory)
    monkeypatch.delenv("AWS_REGION", raising=False)
    assert client.setting("AWS_REGION") == "eu-west-1"
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    assert client.setting("AWS_REGION") == "us-east-1"
    assert client.setting("NOT_SET_ANYWHERE") is None


def test_recordings_never_hold_keys(tmp_path: Path, replay_dir: ReplayFactory) -> None:
    gemini = "https://generativelanguage.googleapis.com/v1beta/models"
    source = replay_dir({gemini: {"path": RECORDED / "gemini_v1beta-models_2025-04-17.json"}})
    record = tmp_path / "rec"
    client = HttpClient(replay=source, record=record)
    client.get_json(
        gemini,
        headers={"x-goog-api-key": "AIza-secret-123456"},
        params={"key": "AIza-secret-123456"},
    )
    for path in record.iterdir():
        assert b"AIza-secret" not in path.read_bytes(), path.name


def test_a_url_with_dated_recordings_answers_as_of_each_day() -> None:
    client = HttpClient(replay=RECORDED)
    url = "https://api.openai.com/v1/models"
    days = client.recorded_days(url)
    assert days[0] == "2025-03-22"
    assert days[-1] == "2026-02-10"
    assert "2025-11-26" in days
    assert len(days) == len(set(days))
    client.answer_day("2025-11-26")
    assert len(client.get_json(url).data["data"]) == 102
    client.answer_day("2025-03-22")
    assert client.get_json(url).retrieved == "2025-03-22"
    client.answer_day(None)  # the newest
    assert client.get_json(url).retrieved == "2026-02-10"
    client.answer_day("2024-01-01")  # nothing recorded that day
    with pytest.raises(NotRecordedError):
        client.get_json(url)
    assert HttpClient().recorded_days(url) == [None]  # live: one answer, today's


def test_gzip_bodies_and_exactly_recoverable_placeholders_are_restored() -> None:
    # ruby_llm's recorder rewrote every literal "test" as <GPUSTACK_API_KEY> on 2025-07-30;
    # the manifest restores it (tests/fixtures/ORIGIN.md), so ids read as OpenAI served them.
    client = HttpClient(replay=RECORDED)
    client.answer_day("2025-07-30")
    ids = {item["id"] for item in client.get_json("https://api.openai.com/v1/models").data["data"]}
    assert "chatgpt-4o-latest" in ids
    assert not any("GPUSTACK" in i for i in ids)


def test_a_recording_from_elsewhere_is_cited_to_its_origin() -> None:
    client = HttpClient(replay=RECORDED)
    client.answer_day("2026-06-27")
    url = "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json"
    page = client.get_json(url)
    assert page.url == "https://pypi.org/project/litellm/1.90.0/"
    assert page.label == "litellm 1.90.0"


def test_manifest_entries_need_a_file_and_a_date(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text(json.dumps({"responses": {URL: [{"file": "x"}]}}))
    with pytest.raises(RecordingError, match="needs 'file' and 'recorded'"):
        ReplayAdapter(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"responses": {URL: []}}))
    with pytest.raises(RecordingError, match="non-empty list"):
        ReplayAdapter(tmp_path)


def test_answers_loops_over_the_recorded_days_then_answers_the_newest() -> None:
    url = "https://api.x.ai/v1/models"
    client = HttpClient(replay=RECORDED)
    seen = []
    for day in client.answers(url):
        seen.append((day, client.get_json(url).retrieved))
    assert seen == [(d, d) for d in ("2025-08-13", "2026-01-16", "2026-02-10")]
    assert client.get_json(url).retrieved == "2026-02-10"
    assert list(HttpClient().answers(url)) == [None]  # live: one answer, today's


def test_a_stand_in_recording_answers_a_live_client(
    replay_dir: ReplayFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MODEL_CATALOG_ANSWERS", str(replay_dir({URL: {"path": BODY}})))
    client = HttpClient(retries=0)
    assert list(client.answers(URL)) == [None]  # asked as live
    page = client.get_json(URL)
    assert page.data == json.loads(BODY.read_bytes())
    with pytest.raises(NotRecordedError):
        client.get_json("https://api.x.ai/v1/other")
