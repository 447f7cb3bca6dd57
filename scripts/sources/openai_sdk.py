"""OpenAI's own shutdown dates, from the "Deprecated values" docstrings of its Python SDK's types.

Endpoint: ``GET https://raw.githubusercontent.com/openai/openai-python/main/src/openai/types/<member>``
for each member of ``MEMBERS`` (chat, image, speech, realtime transcription and session, video
model types); public, no key. Since 3.24.0 (2026-10-02) a type's docstring lists its deprecated
values as bullets, ids listed together sharing one statement::

    - "gpt-4-32k", "gpt-4-32k-0314": Announced shutdown date: 2025-06-06. See ...
    - "dall-e-2", "dall-e-3": This model was retired on May 12, 2026. Use ...

What is read, and nothing else: each module is parsed with ``ast`` (never executed); every string
constant holding ``Deprecated values:`` gives its bullets; each id of a bullet gets
``lifecycle.retirement_date`` from "Announced shutdown date: YYYY-MM-DD" or "shut down on" /
"retired on <Month D, YYYY>". A bullet saying neither ("Not a supported model ID") states no
date. An id two docstrings give different dates keeps neither (``agreed``). A member that is not
Python, or an answer with no ``Deprecated values`` section in any member, is malformed.
The docstrings name shut-down models the list API no longer lists: the source never creates a
record, may shrink, and its silence retires nothing (``creates_records=False``, ``partial``).
Tested on: the members of the openai 3.24.0 (2026-10-02) and 3.57.0 (2026-11-20) wheels on PyPI,
each answer recorded on its wheel's upload day and cited to the release.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from ..httpclient import HttpClient
from . import (
    Observation,
    SourceError,
    SourceInfo,
    SourceResult,
    agreed,
    answer,
    expect,
    written_date,
)

_BASE = "https://raw.githubusercontent.com/openai/openai-python/main/src/openai/types/"
MEMBERS = (
    "shared/chat_model.py",
    "image_model.py",
    "audio/speech_model.py",
    "realtime/audio_transcription.py",
    "realtime/realtime_session_create_request.py",
    "video_model.py",
)
SOURCE = SourceInfo(
    "openai-sdk",
    "official",
    _BASE + MEMBERS[0],
    key_required=False,
    max_shrink=1.0,
    partial=True,
    creates_records=False,
)

SECTION = "Deprecated values:"
_BULLET = re.compile(r'-\s+((?:"[^"]+"\s*,\s*)*"[^"]+")\s*:\s*(.*)', re.DOTALL)
_ID = re.compile(r'"([^"]+)"')
_ANNOUNCED = re.compile(r"Announced\s+shutdown\s+date:\s+(\d{4}-\d{2}-\d{2})")
_IN_WORDS = re.compile(r"(?:shut\s+down|retired)\s+on\s+([A-Z][a-z]+\s+\d{1,2},\s+\d{4})")


def _bullets(text: str) -> list[str]:
    """The bullets after ``Deprecated values:``, each joined into one line."""
    bullets: list[str] = []
    for raw in text.split(SECTION, 1)[1].splitlines():
        line = raw.strip()
        if line.startswith("- "):
            bullets.append(line)
        elif line and bullets:
            bullets[-1] += " " + line
    return bullets


def _date(statement: str) -> str | None:
    announced = _ANNOUNCED.search(statement)
    if announced is not None:
        return announced.group(1)
    in_words = _IN_WORDS.search(statement)
    if in_words is not None:
        return written_date(" ".join(in_words.group(1).split()), ("%B %d, %Y",))
    return None


def statements(source: str, member: str) -> dict[str, list[dict[str, Any]]] | None:
    """Per id, what one module's deprecation docstrings state; None if it has no such section."""
    try:
        module = ast.parse(source)
    except (SyntaxError, ValueError) as exc:
        raise SourceError(
            SOURCE.name, f"malformed response: {member} is not Python ({exc})"
        ) from None
    found: dict[str, list[dict[str, Any]]] | None = None
    for node in ast.walk(module):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if SECTION not in node.value:
            continue
        found = found if found is not None else {}
        for bullet in _bullets(node.value):
            matched = _BULLET.fullmatch(bullet)
            if matched is None:
                continue
            date = _date(matched.group(2))
            values = {"lifecycle.retirement_date": date} if date is not None else {}
            for model in _ID.findall(matched.group(1)):
                found.setdefault(model, []).append(values)
    return found


def parse(members: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Lifecycle values per OpenAI model id stated by the members' docstrings."""
    stated: dict[str, list[dict[str, Any]]] = {}
    sections = 0
    for member, text in members.items():
        found = statements(text, member)
        if found is None:
            continue
        sections += 1
        for model, values in found.items():
            stated.setdefault(model, []).extend(values)
    expect(SOURCE.name, sections > 0, f"no {SECTION!r} docstring in any member")
    return {model: agreed(values) for model, values in stated.items()}


def fetch(client: HttpClient, key: str | None) -> SourceResult:  # noqa: ARG001 - public source
    """Read the deprecation docstrings of every member; the first page dates the answer."""
    pages = [client.get_text(_BASE + member) for member in MEMBERS]
    stated = parse({member: page.data for member, page in zip(MEMBERS, pages, strict=True)})
    observations = [Observation("openai", model, values) for model, values in stated.items()]
    return answer(SOURCE, pages[0], observations)
