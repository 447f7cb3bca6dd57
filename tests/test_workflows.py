"""The workflows' security properties, read from the files themselves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def jobs(name: str) -> dict[str, Any]:
    document = yaml.safe_load((WORKFLOWS / name).read_text())
    assert document["permissions"] == {}  # nothing by default; each job asks for its own
    result: dict[str, Any] = document["jobs"]
    return result


def steps_text(job: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) + str(step.get("uses", "")) for step in job["steps"])


@pytest.mark.parametrize("workflow", sorted(p.name for p in WORKFLOWS.glob("*.yml")))
def test_every_job_has_a_timeout(workflow: str) -> None:
    for name, job in jobs(workflow).items():
        assert isinstance(job.get("timeout-minutes"), int), (workflow, name)


def test_only_the_read_only_fetch_job_holds_api_keys() -> None:
    for name, job in jobs("refresh.yml").items():
        text = yaml.safe_dump(job)
        has_keys = "secrets." in text
        assert has_keys == (name == "fetch"), name
    fetch = jobs("refresh.yml")["fetch"]
    assert fetch["permissions"] == {"contents": "read"}
    assert fetch["environment"] == "provider-keys"
    assert fetch["if"] == "github.ref == 'refs/heads/main'"


def test_no_credentials_persist_where_third_party_code_runs() -> None:
    for workflow in ("refresh.yml", "ci.yml"):
        for name, job in jobs(workflow).items():
            text = steps_text(job)
            runs_code = "pip install" in text or "python " in text or ".ci/run" in text
            for step in job["steps"]:
                if runs_code and str(step.get("uses", "")).startswith("actions/checkout"):
                    assert step["with"]["persist-credentials"] is False, (workflow, name)


def test_jobs_that_write_run_no_installed_code() -> None:
    for name, job in jobs("refresh.yml").items():
        permissions = job.get("permissions", {})
        if permissions.get("contents") == "write":
            assert "pip install" not in steps_text(job), name


def test_no_job_runs_project_or_third_party_code_while_holding_an_id_token() -> None:
    publishers = []
    for name, job in jobs("refresh.yml").items():
        if job.get("permissions", {}).get("id-token") != "write":
            continue
        publishers.append(name)
        for step in job["steps"]:
            uses = str(step.get("uses", ""))
            assert not uses.startswith(("actions/checkout", "actions/setup-python")), (name, uses)
            run = str(step.get("run", ""))
            assert "pip" not in run, (name, run)
            assert "python" not in run, (name, run)
    assert sorted(publishers) == ["pypi", "republish"]


def test_the_nightly_installs_its_tools_from_the_hashed_lock() -> None:
    for name, job in jobs("refresh.yml").items():
        for line in steps_text(job).splitlines():
            if "pip install" in line:
                assert "--require-hashes -r requirements/nightly.txt" in line, (name, line)
    lock = (ROOT / "requirements" / "nightly.txt").read_text()
    assert "--hash=sha256:" in lock
    assert "file://" not in lock


def test_the_released_commit_passes_the_checks_ci_runs() -> None:
    build = steps_text(jobs("refresh.yml")["build"])
    assert "python -m pytest" in build
    assert ".ci/lint" in build
    assert ".ci/lint" in (ROOT / ".ci" / "run").read_text()
    assert Path(ROOT / ".ci" / "lint").stat().st_mode & 0o111
