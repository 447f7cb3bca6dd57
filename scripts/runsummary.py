"""The run summary: what one refresh did, as the typed record ``--summary FILE`` writes.

``scripts/refresh.py`` writes it; ``scripts/attention.py`` and the nightly workflow read it back
with ``read``, so a field renamed on one side fails loudly on the other instead of reading as
missing.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

__all__ = [
    "Hold",
    "ProviderChanges",
    "Refusal",
    "RunSummary",
    "SourceOutcome",
    "SummaryError",
    "encode",
    "read",
]


class Refusal(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One answer that was not folded, and why."""

    date: str
    reason: str


class SourceOutcome(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """How one source did: ``ok``, ``failed``, ``held`` or ``skipped``."""

    source: str
    status: str
    reason: str
    answers_used: int
    answers_refused: list[Refusal]
    models: int
    evidence_date: str | None
    age_days: int | None


class Hold(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A change that was not applied (a record's field, a whole record, or a source's answer)."""

    key: str
    field: str
    reason: str


class ProviderChanges(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One provider file against the last written one, counted as the release notes count."""

    provider: str
    models: int
    added: int
    retired: int
    changed: int
    removed: int


class RunSummary(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The whole run."""

    as_of: str
    sources: list[SourceOutcome]
    holds: list[Hold]
    files_written: int
    catalog_changed: bool = False
    """Whether any record changed (what the release step releases); False on a quiet night."""
    providers: list[ProviderChanges] = msgspec.field(default_factory=list)


class SummaryError(ValueError):
    """A summary file that cannot be read; the message names the file."""


_DECODER = msgspec.json.Decoder(RunSummary)


def encode(summary: RunSummary) -> bytes:
    """Deterministic JSON, one key per line (the workflow keeps last night's for comparison)."""
    return msgspec.json.format(msgspec.json.encode(summary, order="sorted"), indent=1) + b"\n"


def read(path: Path) -> RunSummary:
    """The summary written to ``path``; ``SummaryError`` naming it when it cannot be read."""
    try:
        return _DECODER.decode(path.read_bytes())
    except (OSError, msgspec.DecodeError) as exc:
        msg = f"cannot read run summary {path}: {exc}"
        raise SummaryError(msg) from exc
