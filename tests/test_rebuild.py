"""The whole catalog rebuilt from every recording, once per session, and what that run says.

Every test that needs the full rebuild lives here, so that the session builds it once (xdist
hands a module to one worker): it reproduces every committed byte, the nightly's command over it
changes none, its summary names every source, its invariants line and report, and the nightly's
attention check on its summary. Rule tests of a run use the small catalog (conftest.small).

Both full runs are ``scripts/refresh.py`` as a command, in its own process, as the README's
regeneration steps and the nightly run it: the tests see its exit code and what it printed. (Its
own process is also untraced by coverage, which triples the time of a run; every rule these runs
pass through is covered by a rule test on a small catalog.)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import attention
from scripts.sources import discover

from .conftest import (
    DATA,
    EVIDENCE,
    RECORDED,
    REPORTS,
    ROOT,
    Checkout,
    Rebuild,
    copy_outputs,
    same_tree,
)


def refresh_command(checkout: Checkout, *extra: str) -> tuple[int, list[str]]:
    """``python scripts/refresh.py`` over ``checkout``: its exit code and the lines it printed."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "refresh.py"), *checkout.args(*extra)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stderr == "", done.stderr
    return done.returncode, done.stdout.splitlines()


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Rebuild:
    """The whole catalog, rebuilt from scratch from every recording by the refresh command."""
    root = tmp_path_factory.mktemp("rebuilt")
    outputs = Checkout(root / "data", root / "evidence", root / "reports")
    summary = root / "summary.json"
    code, lines = refresh_command(outputs, "--replay", str(RECORDED), "--summary", str(summary))
    return Rebuild(outputs, code, lines, summary)


# -- the rebuild --------------------------------------------------------------------------------


@pytest.mark.regeneration
def test_a_rebuild_from_the_recordings_reproduces_every_committed_byte(rebuilt: Rebuild) -> None:
    assert rebuilt.code == 0, rebuilt.lines
    assert same_tree(rebuilt.outputs.data, DATA) == []
    assert same_tree(rebuilt.outputs.evidence, EVIDENCE) == []
    assert same_tree(rebuilt.outputs.reports, REPORTS) == []


@pytest.mark.regeneration
def test_the_nightly_command_on_the_recordings_changes_nothing(
    rebuilt: Rebuild, tmp_path: Path
) -> None:
    # What the before-stop check runs: the nightly command answered from the recordings, over
    # the committed evidence and data, with no other flag.
    checkout = copy_outputs(tmp_path, rebuilt.outputs)
    code, lines = refresh_command(checkout, "--replay", str(RECORDED))
    assert code == 0
    assert lines[-1].startswith("evidence as of 2026-12-01; 0 file(s) written; 0 change(s) held")
    assert same_tree(checkout.data, DATA) == []
    assert same_tree(checkout.evidence, EVIDENCE) == []


def test_the_summary_names_every_source_with_the_age_of_its_evidence(rebuilt: Rebuild) -> None:
    lines = rebuilt.lines
    assert lines[0].startswith(f"[1/{len(discover())}] anthropic-api")
    table = lines[lines.index("") + 1 :]
    assert table[0].split() == [
        "source", "status", "used", "refused", "models", "evidence", "age", "note"
    ]  # fmt: skip
    rows = {line.split()[0]: line for line in table[1 : 1 + len(discover())]}
    assert rows["openrouter-api"].split()[1:7] == ["ok", "24", "0", "344", "2026-02-10", "294d"]
    assert rows["litellm"].split()[1:7] == ["ok", "15", "0", "1812", "2026-11-20", "11d"]
    assert "not in the recording" in rows["ollama-api"]
    # Gemini's partial recordings (page 1 only) are refused as incomplete, and counted.
    assert rows["gemini-api"].split()[1:4] == ["ok", "8", "18"]
    assert "incomplete recording" in rows["gemini-api"]


@pytest.mark.regeneration
def test_the_refresh_applies_the_invariants_and_says_so(rebuilt: Rebuild) -> None:
    assert rebuilt.code == 0, rebuilt.lines
    (line,) = [text for text in rebuilt.lines if text.startswith("invariants: ")]
    assert "tier-below-base" in line
    assert (rebuilt.outputs.reports / "invariants.md").read_bytes() == (
        REPORTS / "invariants.md"
    ).read_bytes()


# -- attention, on the rebuild's summary ------------------------------------------------------


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
