"""The nightly's attention check, on the summary of the session's real rebuild."""

from __future__ import annotations

import json
from pathlib import Path

from scripts import attention

from .conftest import Rebuild


def test_a_skipped_or_stale_source_needs_attention(rebuilt: Rebuild) -> None:
    summary = json.loads(rebuilt.summary.read_text())
    reasons = attention.needs_attention(summary, max_age_days=200)
    assert "`ollama-api` skipped: ollama-api: not in the recording" in reasons
    assert "`openrouter-api` rests on evidence 294 days old" in reasons
    assert not any("litellm" in reason for reason in reasons)  # 0 days old


def test_a_quiet_night_needs_nobody(rebuilt: Rebuild) -> None:
    summary = json.loads(rebuilt.summary.read_text())
    summary["sources"] = [s for s in summary["sources"] if s["source"] == "litellm"]
    assert attention.needs_attention(summary) == []


def test_table_against_the_previous_night_and_issue_body(rebuilt: Rebuild, tmp_path: Path) -> None:
    previous = json.loads(rebuilt.summary.read_text())
    for row in previous["sources"]:
        if row["source"] == "openrouter-api":
            row["models"] = 321
    (tmp_path / "previous.json").write_text(json.dumps(previous))
    output = tmp_path / "output"
    code = attention.main(
        [
            str(rebuilt.summary),
            "--previous",
            str(tmp_path / "previous.json"),
            "--table",
            str(tmp_path / "table.md"),
            "--issue-body",
            str(tmp_path / "issue.md"),
            "--github-output",
            str(output),
        ]
    )
    assert code == 0
    table = (tmp_path / "table.md").read_text()
    assert "| openrouter-api | ok | 344 (321) | 2026-02-10 | 294d |  |" in table
    assert "0 change(s) held." in table
    body = (tmp_path / "issue.md").read_text()
    assert body.startswith("The nightly refresh ran, but these need a person:")
    assert "`ollama-api` skipped" in body
    assert output.read_text() == "attention=true\n"
