"""The HTTP layer against a real server on loopback: redirects, deadlines, drops, Retry-After."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from scripts.httpclient import DeadlineError, HttpClient, HttpError, redact, remember_secrets

BODY = json.dumps({"object": "list", "data": [{"id": "m"}]}).encode()
HEADERS_SENT = threading.Event()
SECRET = "sk-test-0123456789abcdef"  # noqa: S105 - a fake key, the point of the test


class Handler(BaseHTTPRequestHandler):
    calls: ClassVar[dict[str, int]] = {}

    def log_message(self, *_args: object) -> None:
        """Quiet."""

    def _json(self, status: int, body: bytes, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        count = Handler.calls[path] = Handler.calls.get(path, 0) + 1
        port = self.server.server_address[1]
        if path == "/echo":
            self._json(200, json.dumps(dict(self.headers.items())).encode())
        elif path == "/to-other-host":
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{port}/echo?key={SECRET}")
            self.end_headers()
        elif path == "/to-same-host":
            self.send_response(302)
            self.send_header("Location", "/echo")
            self.end_headers()
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.05)
        elif path == "/slow-headers":
            # Each header line within the client's per-read timeout, all of them far past its
            # deadline; HEADERS_SENT says whether the client waited for the last one.
            self.send_response(200)
            for number in range(40):
                self.send_header(f"X-Slow-{number}", "1")
                self.flush_headers()
                time.sleep(0.05)
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            self.wfile.write(BODY)
            HEADERS_SENT.set()
        elif path == "/declares-too-much":
            self.send_response(200)
            self.send_header("Content-Length", str(10**12))
            self.end_headers()
            self.wfile.write(BODY)  # a short body: only the declared length can refuse it
        elif path == "/drop-once":
            if count == 1:
                self.send_response(200)
                self.send_header("Content-Length", str(len(BODY)))
                self.end_headers()
                self.wfile.write(BODY[:5])
                self.wfile.flush()
                self.connection.shutdown(2)  # the connection drops mid-body
            else:
                self._json(200, BODY)
        elif path == "/bad-retry-after":
            values = ["-1", "nan", "inf", "99999999999"]
            if count <= len(values):
                self._json(429, b"{}", Retry_After=values[count - 1])
            else:
                self._json(200, BODY)
        else:
            self._json(404, b"{}")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_no_credential_follows_a_redirect_to_another_host(server: str) -> None:
    client = HttpClient(retries=0)
    headers = {
        "Authorization": f"Bearer {SECRET}",
        "x-api-key": SECRET,
        "x-goog-api-key": SECRET,
        "api-key": SECRET,
        "anthropic-version": "2023-06-01",
    }
    received = client.get_json(f"{server}/to-other-host", headers=headers).data
    lowered = {k.lower(): v for k, v in received.items()}
    assert not {"authorization", "x-api-key", "x-goog-api-key", "api-key"} & set(lowered)
    assert lowered["anthropic-version"] == "2023-06-01"  # not a credential: kept
    assert SECRET not in json.dumps(received)


def test_a_redirect_on_the_same_host_keeps_the_credentials(server: str) -> None:
    received = HttpClient(retries=0).get_json(
        f"{server}/to-same-host", headers={"x-api-key": SECRET}
    )
    assert {k.lower(): v for k, v in received.data.items()}["x-api-key"] == SECRET


def test_a_trickling_body_fails_at_the_deadline(server: str) -> None:
    client = HttpClient(retries=0, timeout=2, request_seconds=1.0)
    started = time.monotonic()
    with pytest.raises(DeadlineError, match="deadline passed"):
        client.get_json(f"{server}/trickle")
    assert time.monotonic() - started < 2.5  # the body would take 5 s


def test_headers_sent_slowly_fail_at_the_deadline(server: str) -> None:
    HEADERS_SENT.clear()
    client = HttpClient(retries=0, timeout=1.0, request_seconds=0.5)
    with pytest.raises(DeadlineError, match="before the headers arrived"):
        client.get_json(f"{server}/slow-headers")
    assert not HEADERS_SENT.is_set()  # the client gave up before the server was done


def test_a_declared_length_above_the_cap_is_refused_before_reading(server: str) -> None:
    client = HttpClient(retries=0, max_bytes=1000)
    with pytest.raises(HttpError, match=r"declares a 1000000000000-byte body, above 1000"):
        client.get_json(f"{server}/declares-too-much")
    # The same server's ordinary answer is under the cap.
    assert client.get_json(f"{server}/echo").data["Host"].startswith("127.0.0.1")


def test_the_run_deadline_bounds_every_request(server: str) -> None:
    client = HttpClient(retries=0, run_seconds=0.0)
    with pytest.raises(DeadlineError):
        client.get_json(f"{server}/echo")


def test_a_connection_dropped_mid_body_is_retried(server: str) -> None:
    waits: list[float] = []
    page = HttpClient(retries=2, sleep=waits.append).get_json(f"{server}/drop-once")
    assert page.data["data"] == [{"id": "m"}]
    assert len(waits) == 1


def test_absurd_retry_after_values_are_clamped(server: str) -> None:
    waits: list[float] = []
    client = HttpClient(retries=4, max_wait=30, sleep=waits.append)
    assert client.get_json(f"{server}/bad-retry-after").data["object"] == "list"
    assert waits[0] == 0.0  # -1
    assert 1.0 <= waits[1] <= 3.0  # nan: ignored, ordinary backoff
    assert 2.0 <= waits[2] <= 6.0  # inf: ignored
    assert waits[3] == 30.0  # capped


def test_known_secret_values_never_reach_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    newline_key = "AbC+/=123\ninjected"
    monkeypatch.setenv("PERPLEXITY_API_KEY", newline_key)
    client = HttpClient(retries=0)
    with pytest.raises(HttpError) as info:
        client.get_json("http://127.0.0.1:9/models", headers={"Authorization": newline_key})
    assert "AbC+/=123" not in str(info.value)
    remember_secrets({"XAI_API_KEY": "plainvalue42"})
    assert redact("token plainvalue42 and plainvalue42%0A") == "token *** and ***%0A"
