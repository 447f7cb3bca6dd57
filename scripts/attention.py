r"""Decide whether a nightly run needs a person, and say what to look at.

Reads the refresh's ``--summary`` JSON (and the previous night's, if given) and writes:
- a Markdown table, one row per source against the previous night (status, models, date and
  age of the evidence), plus the held changes, for the workflow's step summary;
- the body of the one "Nightly catalog needs attention" issue, when any source failed, was
  skipped, had its answer held, or rests on evidence older than ``--max-age-days``, or when a
  change to a record was held;
- ``attention=true|false`` to ``$GITHUB_OUTPUT``.

Usage:
  python scripts/attention.py summary.json --previous reports/last-run.json \
      --table step-summary.md --issue-body issue.md
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``scripts`` importable as a package
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
    __package__ = "scripts"

__all__ = ["main", "needs_attention", "table"]

MAX_AGE_DAYS = 14


def _sources(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["source"]: row for row in summary.get("sources", [])}


def needs_attention(summary: dict[str, Any], max_age_days: int = MAX_AGE_DAYS) -> list[str]:
    """One line per thing a person should look at (empty: a quiet night)."""
    reasons = []
    for row in summary.get("sources", []):
        age = row.get("age_days")
        if row["status"] != "ok":
            reasons.append(f"`{row['source']}` {row['status']}: {row.get('reason') or '?'}")
        elif age is not None and age > max_age_days:
            reasons.append(f"`{row['source']}` rests on evidence {age} days old")
    reasons += [
        f"held: `{hold['key']}` {hold['field']}: {hold['reason']}"
        for hold in summary.get("holds", [])
    ]
    return reasons


def table(summary: dict[str, Any], previous: dict[str, Any] | None) -> str:
    """Per source, tonight against the previous night; then the held changes."""
    before = _sources(previous or {})
    lines = [
        f"Evidence as of {summary.get('as_of', '?')}.",
        "",
        "| source | status | models (previous) | evidence | age | note |",
        "|---|---|---:|---|---:|---|",
    ]
    for name, row in sorted(_sources(summary).items()):
        old = before.get(name, {})
        models = f"{row.get('models', 0)} ({old.get('models', '-')})"
        age = "-" if row.get("age_days") is None else f"{row['age_days']}d"
        note = (row.get("reason") or "").replace("|", "/")[:120]
        lines.append(
            f"| {name} | {row['status']} | {models} | {row.get('evidence_date') or '-'} | "
            f"{age} | {note} |"
        )
    holds = summary.get("holds", [])
    lines += ["", f"{len(holds)} change(s) held."]
    lines += [f"- `{h['key']}` {h['field']}: {h['reason']}" for h in holds]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    doc = __doc__ or ""
    parser = argparse.ArgumentParser(
        prog="attention.py",
        description=doc.split("\n\n")[0],
        epilog=doc.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("summary", type=Path, help="the refresh's --summary JSON")
    parser.add_argument("--previous", type=Path, help="the previous night's summary, if any")
    parser.add_argument("--max-age-days", type=int, default=MAX_AGE_DAYS)
    parser.add_argument("--table", type=Path, help="append the table here (the step summary)")
    parser.add_argument("--issue-body", type=Path, help="write the issue body here if needed")
    parser.add_argument("--github-output", default=os.environ.get("GITHUB_OUTPUT"))
    args = parser.parse_args(argv)
    summary = json.loads(args.summary.read_text("utf-8"))
    previous = None
    if args.previous is not None and args.previous.exists():
        previous = json.loads(args.previous.read_text("utf-8"))
    rendered = table(summary, previous)
    if args.table is not None:
        with args.table.open("a", encoding="utf-8") as out:
            out.write(rendered)
    else:
        print(rendered, end="")
    reasons = needs_attention(summary, args.max_age_days)
    if reasons and args.issue_body is not None:
        body = ["The nightly refresh ran, but these need a person:", ""]
        body += [f"- {reason}" for reason in reasons]
        body += [
            "",
            "What to do: a failed or skipped source keeps its last good answer, so the catalog",
            "is still right as of that answer's date. Check the key or endpoint (see the run",
            "log), or the source's status page. A held change stays held every night until",
            "someone checks it and runs the workflow by hand with the key (or source) in",
            "'accept'. See README, 'How releases work'.",
            "",
            rendered,
        ]
        args.issue_body.write_text("\n".join(body), "utf-8")
    if args.github_output:
        with Path(args.github_output).open("a", encoding="utf-8") as out:
            out.write(f"attention={'true' if reasons else 'false'}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
