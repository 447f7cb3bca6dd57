"""Recording and replay of the refresh's HTTP answers: the files, never the network.

Replay: a directory holding ``manifest.json`` maps each request URL (query keys holding secrets
removed) to its recordings: one or more dated bodies, each with its container format. Several
dates for one URL are that endpoint's dated history; ``HttpClient.recorded_days`` lists them and
``HttpClient.answer_day`` makes the client answer as the endpoint did on one of them. Recording
writes the same layout, so ``--record DIR`` today is ``--replay DIR`` tomorrow.

A recording entry (``manifest.json`` -> ``responses`` -> URL -> list of entries)::

    {"file": "body.json.gz", "recorded": "2025-06-11", "format": "raw", "encoding": "gzip",
     "restore": {"<GPUSTACK_API_KEY>": "test"}, "origin": "https://...", "label": "...",
     "note": "why this entry is as it is"}

``restore`` undoes a recorder's placeholder substitution where the original text is exactly
known (each use is explained in ``tests/fixtures/ORIGIN.md``); ``origin`` and ``label`` name where
a body that was not fetched from the URL itself came from (a package on PyPI), for citations.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from requests.adapters import BaseAdapter

__all__ = ["SECRET_PARAMS", "Recorder", "RecordingError", "ReplayAdapter", "public_url"]

SECRET_PARAMS = frozenset({"key", "api_key", "apikey", "token", "access_token"})
"""Query keys that carry a credential: never part of a recording's key."""


class RecordingError(ValueError):
    """A recording's manifest cannot be read; the message names the file."""


def public_url(url: str) -> str:
    """``url`` without query parameters that carry secrets (used as the replay key)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k.lower() not in SECRET_PARAMS]
    return urlunsplit(parts._replace(query=urlencode(sorted(query))))


@dataclass
class Recorder:
    """Writes every successful response under ``directory`` in the replay layout."""

    directory: Path
    entries: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    """Non-secret settings the run used (endpoint, region), so a replay asks the same URLs."""

    def save(self, url: str, body: bytes, retrieved: str) -> None:
        """Store one body and remember it in the manifest."""
        self.directory.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", urlsplit(url).netloc + urlsplit(url).path)
        count = sum(len(v) for v in self.entries.values())
        name = f"{count:03d}_{name.strip('_')}.json"
        (self.directory / name).write_bytes(body)
        entry = {"file": name, "recorded": retrieved, "format": "raw"}
        self.entries.setdefault(public_url(url), []).append(entry)
        layout = {"responses": self.entries, "settings": self.settings}
        manifest = json.dumps(layout, indent=2, sort_keys=True) + "\n"
        (self.directory / "manifest.json").write_text(manifest, encoding="utf-8")


def _entries(url: str, value: object) -> list[dict[str, Any]]:
    entries = [value] if isinstance(value, dict) else value
    if not isinstance(entries, list) or not entries:
        msg = f"manifest entry for {url} must be an object or a non-empty list of objects"
        raise TypeError(msg)
    for entry in entries:
        if not isinstance(entry, dict) or not {"file", "recorded"} <= entry.keys():
            msg = f"manifest entry for {url} needs 'file' and 'recorded': {entry!r}"
            raise TypeError(msg)
    return sorted(entries, key=lambda e: str(e["recorded"]))


class ReplayAdapter(BaseAdapter):
    """A ``requests`` transport adapter that answers from a recorded directory, never the network.

    Formats: ``raw`` is the body as served; ``llama-stack-sdk-objects`` is a llama-stack recorder
    file whose ``response.body`` is a list of openai-python objects, served as the OpenAI list
    envelope ``{"object": "list", "data": [...]}`` they were parsed from. ``encoding: gzip`` means
    the file is gzipped. A manifest entry may also give ``refusals``, a list of
    ``[status, retry_after]`` answers served before the recorded success.

    With ``day`` unset the newest recording of a URL answers; with ``day`` set, only recordings
    made that day answer, so every request of one fetch (pages included) sees the same day.
    """

    def __init__(self, directory: Path) -> None:
        super().__init__()
        self.directory = directory
        manifest = directory / "manifest.json"
        try:
            loaded = json.loads(manifest.read_text("utf-8"))
            self.entries: dict[str, list[dict[str, Any]]] = {
                url: _entries(url, value) for url, value in loaded["responses"].items()
            }
            self.settings: dict[str, str] = loaded.get("settings", {})
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            msg = f"cannot read replay manifest {manifest}: {exc!r}"
            raise RecordingError(msg) from exc
        self.calls: dict[str, int] = {}
        self.day: str | None = None

    def days(self, url: str) -> list[str]:
        """The dates on which ``url`` was recorded, oldest first."""
        return sorted({str(e["recorded"]) for e in self.entries.get(public_url(url), ())})

    def _entry(self, url: str) -> dict[str, Any] | None:
        entries = self.entries.get(url, [])
        if self.day is not None:
            entries = [e for e in entries if e["recorded"] == self.day]
        return entries[-1] if entries else None

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **_kwargs: object
    ) -> requests.Response:
        """Serve ``request`` from the recording; an unrecorded URL gets a 404."""
        url = public_url(str(request.url))
        entry = self._entry(url)
        response = requests.Response()
        response.url = str(request.url)
        response.request = request
        if entry is None:
            response.status_code = 404
            response.headers["X-Replay"] = "not-recorded"
            response.raw = io.BytesIO(b'{"error": "not recorded"}')
            return response
        count = self.calls.get(url, 0)
        self.calls[url] = count + 1
        refusals = entry.get("refusals", [])
        if count < len(refusals):
            status, retry_after = refusals[count]
            response.status_code = int(status)
            response.headers["Retry-After"] = str(retry_after)
            response.raw = io.BytesIO(b"{}")
            return response
        response.status_code = 200
        response.raw = io.BytesIO(self._body(entry))
        recorded = time.strptime(entry["recorded"], "%Y-%m-%d")
        response.headers["Date"] = time.strftime("%a, %d %b %Y 00:00:00 GMT", recorded)
        response.headers["Content-Type"] = "application/json"
        for key, header in (("origin", "X-Replay-Origin"), ("label", "X-Replay-Label")):
            if isinstance(entry.get(key), str):
                response.headers[header] = entry[key]
        return response

    def _body(self, entry: dict[str, Any]) -> bytes:
        body: bytes = (self.directory / entry["file"]).read_bytes()
        if entry.get("encoding") == "gzip":
            body = gzip.decompress(body)
        for placeholder, original in sorted(entry.get("restore", {}).items()):
            body = body.replace(placeholder.encode(), original.encode())
        if entry.get("format") == "llama-stack-sdk-objects":
            recording = json.loads(body)
            items = [item["__data__"] for item in recording["response"]["body"]]
            body = json.dumps({"object": "list", "data": items}).encode()
        return body

    def close(self) -> None:
        """Nothing to release."""
