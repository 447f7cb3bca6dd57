"""The one HTTP layer of the refresh pipeline: deadlines, retries, limits, redaction.

Named ``httpclient`` rather than ``http`` so that running ``python scripts/refresh.py`` (which puts
``scripts/`` first on ``sys.path``) cannot shadow the standard library's ``http`` package.

Recording and replay live in ``recording.py``; ``HttpClient.answers(url)`` is the loop over the
answers a fetch can be given (today's live, or each recorded day on replay).
"""

from __future__ import annotations

import email.utils
import io
import json
import math
import os
import random
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus, urljoin, urlsplit

import requests
import urllib3

from .recording import SECRET_PARAMS, Recorder, ReplayAdapter, public_url

__all__ = [
    "ANSWERS_ENV",
    "CREDENTIAL_HEADERS",
    "DeadlineError",
    "HttpClient",
    "HttpError",
    "NotRecordedError",
    "Response",
    "redact",
    "remember_secrets",
]

ANSWERS_ENV = "MODEL_CATALOG_ANSWERS"
"""Set to a recording directory, a live client (no ``replay``) answers from it instead of the
network: the workflow rehearsal (tests/test_rehearsal.py) runs the fetch job's step unchanged."""
USER_AGENT = "model-catalog-refresh/1 (+https://github.com/model-catalog/model-catalog)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
CREDENTIAL_HEADERS = frozenset(
    {"authorization", "x-api-key", "x-goog-api-key", "api-key", "proxy-authorization", "cookie"}
)
"""Headers that carry a credential: never sent to a host other than the one asked."""
_SECRET_ENV = re.compile(r"KEY|TOKEN|SECRET|PASSWORD", re.IGNORECASE)
_KEY_CHARS = r"[A-Za-z0-9._~+/=%\-]"
_SECRET_SHAPES = (
    # "Bearer <key>", key=<key> in a query, api-key: <key>, and header reprs like
    # 'x-api-key': 'sk-ant-...' or "authorization": "Bearer ...".
    re.compile(rf"(?i)(bearer\s+){_KEY_CHARS}{{6,}}"),
    re.compile(rf"(?i)([?&;\s](?:{'|'.join(sorted(SECRET_PARAMS))})=){_KEY_CHARS}{{4,}}"),
    re.compile(
        r"(?i)(['\"]?(?:x-api-key|x-goog-api-key|api-key|authorization)['\"]?\s*[:=]\s*['\"]?"
        r"(?:bearer\s+|basic\s+)?)(?!\*\*\*|bearer\b|basic\b)[^'\"\s,}]{4,}"
    ),
    # Bare keys of the common shapes: OpenAI/Anthropic sk-..., Google AIza..., xAI xai-...,
    # Groq gsk_..., OpenRouter sk-or-..., Hugging Face hf_..., Perplexity pplx-...
    re.compile(r"()\b(?:sk-|sk_|AIza|xai-|gsk_|hf_|pplx-)[A-Za-z0-9_\-]{8,}"),
)
_known_secrets: set[str] = set()


class HttpError(Exception):
    """A request failed for good (after retries). The message never contains a credential."""


class NotRecordedError(HttpError):
    """Replaying, and the recording holds no response for this URL."""


def remember_secrets(environ: Mapping[str, str]) -> None:
    """Know the credential values of the environment (variables named like a key or token)."""
    for name, value in environ.items():
        if _SECRET_ENV.search(name) and len(value.strip()) >= 6:
            _known_secrets.add(value.strip())


def redact(text: str) -> str:
    """``text`` with every known secret value and every credential-shaped string replaced.

    Known values (from ``remember_secrets``) are replaced as they are, URL-encoded and escaped as
    a ``repr`` shows them, so a key containing a newline or ``+/=`` is caught too.
    """
    for secret in sorted(_known_secrets, key=len, reverse=True):
        for form in {secret, quote(secret, safe=""), quote_plus(secret), repr(secret)[1:-1]}:
            text = text.replace(form, "***")
    for shape in _SECRET_SHAPES:
        text = shape.sub(lambda m: m.group(1) + "***", text)
    return text


@dataclass(frozen=True)
class Response:
    """What a fetcher gets back: decoded JSON, the response headers and the date served."""

    url: str
    """Where the body came from, for citations: the URL asked (secrets removed), or the
    recording's ``origin`` when the body was taken from elsewhere (a package on PyPI)."""
    data: Any
    headers: Mapping[str, str]
    retrieved: str  # ISO date from the HTTP Date header (or the recording date on replay)
    label: str | None = None
    """A recording's own name for this answer (``litellm 1.90.0``), if it gives one."""


def _served_date(headers: Mapping[str, str]) -> str:
    value = headers.get("Date")
    if value:
        try:
            return email.utils.parsedate_to_datetime(value).date().isoformat()
        except (TypeError, ValueError):
            pass
    return time.strftime("%Y-%m-%d", time.gmtime())


class DeadlineError(HttpError):
    """A request, a source or the whole run took longer than its deadline."""


class HttpClient:
    """GET JSON with deadlines, bounded retries, a size cap, and no credential leaving its host.

    - Deadlines: every request has ``request_seconds`` in all (connecting, waiting, and reading a
      body however slowly it trickles), every source ``source_seconds`` (``start_source``), the
      whole run ``run_seconds``. The nearest one applies; past it the request fails.
    - Retries: 429, 5xx and connection errors, including a connection dropped mid-body, up to
      ``retries`` times with exponential backoff and jitter; a ``Retry-After`` header is honoured
      but clamped to ``[0, max_wait]`` (a negative, NaN or absurd value cannot stall or crash).
    - Redirects are followed by hand (at most 5): to the same scheme, host and port with the
      request's headers, to any other host without a credential header (``CREDENTIAL_HEADERS``)
      and without secret query keys, and never from https to http.
    - Every message is redacted (``redact``): the environment's secret values and key shapes.
    """

    def __init__(
        self,
        *,
        replay: Path | None = None,
        record: Path | None = None,
        timeout: float = 30.0,
        retries: int = 4,
        max_bytes: int = 64 * 1024 * 1024,
        max_wait: float = 60.0,
        request_seconds: float = 120.0,
        source_seconds: float = 600.0,
        run_seconds: float = 2400.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        remember_secrets(os.environ)
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.session.trust_env = False  # no .netrc credentials added behind our back
        self.replaying = replay is not None
        self.settings: dict[str, str] = {}
        self.replay: ReplayAdapter | None = None
        if replay is not None:
            self.replay = ReplayAdapter(replay)
            self.settings = self.replay.settings
            self.session.mount("https://", self.replay)
            self.session.mount("http://", self.replay)
        self.stand_in = bool(os.environ.get(ANSWERS_ENV, "").strip()) and replay is None
        if self.stand_in:
            # A rehearsal of the live fetch: answered from a recording, asked as if live (one
            # answer per URL, the newest; ``recorded_days`` stays ``[None]``).
            stand_in = ReplayAdapter(Path(os.environ[ANSWERS_ENV].strip()))
            self.settings = stand_in.settings
            self.session.mount("https://", stand_in)
            self.session.mount("http://", stand_in)
        self.recorder = Recorder(record) if record is not None else None
        self.timeout = timeout
        self.retries = retries
        self.max_bytes = max_bytes
        self.max_wait = max_wait
        self.request_seconds = request_seconds
        self.source_seconds = source_seconds
        self.sleep = sleep
        self.clock = clock
        self.run_deadline = clock() + run_seconds
        self.source_deadline = self.run_deadline

    def start_source(self) -> None:
        """Start the clock of one source's deadline (within the run's)."""
        self.source_deadline = min(self.run_deadline, self.clock() + self.source_seconds)

    def recorded_days(self, url: str) -> list[str | None]:
        """The days a fetch of ``url`` can be answered for.

        Live: today only (``None``). Replaying: every date the recording holds for ``url``
        (none if it holds no such URL).
        """
        if self.replay is None:
            return [None]
        return list(self.replay.days(url))

    def answers(self, url: str) -> Iterator[str | None]:
        """Loop over the answers a fetch of ``url`` can be given, one per iteration.

        Live: once, today's (``None``). Replaying: once per day the recording holds for ``url``,
        oldest first, every request of that iteration (pages included) answered as on that day;
        afterwards the newest answers again.
        """
        if self.replay is None:
            yield None
            return
        try:
            for day in self.replay.days(url):
                self.replay.day = day
                yield day
        finally:
            self.replay.day = None

    def answer_day(self, day: str | None) -> None:
        """Answer every request as recorded on ``day`` (replay only; ``None``: the newest)."""
        if self.replay is not None:
            self.replay.day = day

    def setting(self, name: str) -> str | None:
        """A non-secret setting (an endpoint, a region): the environment, else the recording's."""
        value = os.environ.get(name, "").strip() or self.settings.get(name, "").strip()
        if value and self.recorder is not None:
            self.recorder.settings[name] = value
        return value or None

    def get_json(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
    ) -> Response:
        """GET ``url`` and decode its JSON body, retrying transient failures."""
        return self._get(url, headers, params, text=False)

    def get_text(self, url: str, *, headers: Mapping[str, str] | None = None) -> Response:
        """GET ``url`` and decode its body as UTF-8 text (a documentation source file)."""
        return self._get(url, headers, None, text=True)

    def _get(
        self,
        url: str,
        headers: Mapping[str, str] | None,
        params: Mapping[str, str] | None,
        *,
        text: bool,
    ) -> Response:
        full = requests.Request("GET", url, params=dict(params or {})).prepare().url or url
        shown = redact(public_url(full))
        deadline = min(self.source_deadline, self.clock() + self.request_seconds)
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                reply, final = self._follow(full, dict(headers or {}), deadline, shown)
                if reply.status_code in RETRY_STATUSES and not last:
                    wait = self._backoff(attempt, reply.headers.get("Retry-After"))
                    reply.close()
                    self._pause(wait, deadline, shown)
                    continue
                if reply.headers.get("X-Replay") == "not-recorded":
                    msg = f"GET {shown}: not in the recording"
                    raise NotRecordedError(msg)
                if reply.status_code != 200:
                    msg = f"GET {shown} answered HTTP {reply.status_code}"
                    raise HttpError(msg)
                body = self._read(reply, shown, deadline)
            except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
                # Refused, reset or dropped, before the headers or mid-body (urllib3 raises
                # ProtocolError while the body is read; requests wraps the rest).
                if last:
                    msg = f"GET {shown} failed: {redact(str(exc))}"
                    raise HttpError(msg) from None
                self._pause(self._backoff(attempt, None), deadline, shown)
                continue
            retrieved = _served_date(reply.headers)
            try:
                data = body.decode("utf-8") if text else json.loads(body)
            except ValueError as exc:
                kind = "UTF-8 text" if text else "JSON"
                msg = f"GET {shown} returned a body that is not {kind}: {redact(str(exc))}"
                raise HttpError(msg) from None
            if self.recorder is not None:
                self.recorder.save(final, body, retrieved)
            return Response(
                url=reply.headers.get("X-Replay-Origin", redact(public_url(final))),
                data=data,
                headers=dict(reply.headers),
                retrieved=retrieved,
                label=reply.headers.get("X-Replay-Label"),
            )
        msg = f"GET {shown} still failing after {self.retries} retries"  # pragma: no cover
        raise HttpError(msg)  # pragma: no cover

    def _remaining(self, deadline: float, shown: str) -> float:
        left = deadline - self.clock()
        if left <= 0:
            msg = f"GET {shown}: deadline passed"
            raise DeadlineError(msg)
        return left

    def _pause(self, wait: float, deadline: float, shown: str) -> None:
        if wait >= self._remaining(deadline, shown):
            msg = f"GET {shown}: waiting {wait:g}s to retry would pass the deadline"
            raise DeadlineError(msg)
        self.sleep(wait)

    def _follow(
        self, url: str, headers: dict[str, str], deadline: float, shown: str
    ) -> tuple[requests.Response, str]:
        """The response after redirects, and the URL it came from."""
        origin = urlsplit(url)
        for _ in range(6):
            timeout = min(self.timeout, self._remaining(deadline, shown))
            reply = self._headers_by(deadline, shown, url, headers, timeout)
            location = reply.headers.get("Location")
            if not (reply.is_redirect and location):
                return reply, url
            reply.close()
            target = urljoin(url, location)
            parts = urlsplit(target)
            if urlsplit(url).scheme == "https" and parts.scheme != "https":
                msg = f"GET {shown}: refusing a redirect from https to {parts.scheme}"
                raise HttpError(msg)
            if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
                headers = {k: v for k, v in headers.items() if k.lower() not in CREDENTIAL_HEADERS}
                target = public_url(target)
            url = target
        msg = f"GET {shown}: more than 5 redirects"
        raise HttpError(msg)

    def _headers_by(
        self, deadline: float, shown: str, url: str, headers: dict[str, str], timeout: float
    ) -> requests.Response:
        """The response's status and headers, received before ``deadline``.

        ``timeout`` bounds each socket operation only, so a server sending its headers a byte at
        a time could hold the request for ever; the request runs in a daemon thread and is
        abandoned (its response closed when it comes) once the deadline passes.
        """

        def ask() -> requests.Response:
            return self.session.get(
                url, headers=headers, timeout=timeout, stream=True, allow_redirects=False
            )

        if self.replaying or self.stand_in:
            return ask()  # answered from files: nothing can trickle
        done = threading.Event()
        outcome: list[requests.Response | BaseException] = []

        def worker() -> None:
            try:
                outcome.append(ask())
            except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
                outcome.append(exc)
            if not done.is_set():
                done.set()
            elif outcome and isinstance(outcome[0], requests.Response):
                outcome[0].close()  # abandoned: the caller has given up on it

        thread = threading.Thread(target=worker, name=f"GET {shown}", daemon=True)
        thread.start()
        if not done.wait(self._remaining(deadline, shown)):
            done.set()
            msg = f"GET {shown}: deadline passed before the headers arrived"
            raise DeadlineError(msg)
        result = outcome[0]
        if isinstance(result, BaseException):
            raise result
        return result

    def _read(self, reply: requests.Response, shown: str, deadline: float) -> bytes:
        """The body, read one network read at a time so that the deadline holds for it too."""
        declared = reply.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            reply.close()
            msg = (
                f"GET {shown} declares a {declared}-byte body, above {self.max_bytes}; refusing it"
            )
            raise HttpError(msg)
        raw = reply.raw
        chunks: list[bytes] = []
        size = 0
        try:
            while True:
                self._remaining(deadline, shown)
                if isinstance(raw, io.BytesIO):
                    chunk = raw.read1(1 << 16)
                else:
                    chunk = raw.read1(1 << 16, decode_content=True)
                if not chunk:
                    break
                size += len(chunk)
                if size > self.max_bytes:
                    msg = f"GET {shown} body exceeds {self.max_bytes} bytes; refusing it"
                    raise HttpError(msg)
                chunks.append(chunk)
        finally:
            reply.close()
        return b"".join(chunks)

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        if retry_after is not None:
            try:
                wait = float(retry_after)
            except ValueError:
                when = email.utils.parsedate_tz(retry_after)
                wait = email.utils.mktime_tz(when) - time.time() if when is not None else math.nan
            if math.isfinite(wait):
                return max(0.0, min(wait, self.max_wait))
        base = min(2.0**attempt, self.max_wait)
        return base + random.uniform(0, base / 2)  # noqa: S311 - jitter, not cryptography

    def paginate(
        self,
        url: str,
        *,
        next_params: Callable[[Any], Mapping[str, str] | None],
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        max_pages: int = 50,
    ) -> Iterator[Response]:
        """Yield pages until ``next_params(page_data)`` returns None (at most ``max_pages``)."""
        page_params = dict(params or {})
        for _ in range(max_pages):
            page = self.get_json(url, headers=headers, params=page_params)
            yield page
            following = next_params(page.data)
            if following is None:
                return
            page_params = {**dict(params or {}), **following}
        msg = f"GET {redact(url)}: more than {max_pages} pages; stopping"
        raise HttpError(msg)
