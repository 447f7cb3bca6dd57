"""The nightly rehearsed: refresh.yml's jobs run on this machine, night after night.

Each night runs every job of .github/workflows/refresh.yml through ``tests/rehearsal.py`` (the
``run:`` steps as the YAML writes them; stand-ins for the actions, ``gh`` and the network) against
a bare git remote and a real package index (pypiserver) on loopback. The fetch job's live step is
answered from real recordings (``MODEL_CATALOG_ANSWERS``) of two sources, so a night takes
seconds. The nights share one sequence, as on GitHub: each starts from what the last one pushed.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import RECORDED, ROOT
from .rehearsal import Runner, make_venv

pytestmark = pytest.mark.rehearsal

SOURCES = {
    "https://api.anthropic.com/v1/models": "ANTHROPIC_API_KEY",
    "https://api.deepseek.com/models": "DEEPSEEK_API_KEY",
}
TIMES: dict[str, float] = {}
TODAY = time.strftime("%Y.%-m.%-d", time.gmtime())
REHEARSED_TEST = '''"""The rehearsed repository's own test: the catalog to be released loads."""

from model_catalog import ModelCatalog


def test_the_catalog_loads() -> None:
    assert len(ModelCatalog()) > 0
'''


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


def answers(directory: Path, days: dict[str, str]) -> Path:
    """A recording holding, per source URL, the real answer of one day (``days``: URL -> day)."""
    manifest = json.loads((RECORDED / "manifest.json").read_text())["responses"]
    directory.mkdir(parents=True)
    chosen = {}
    for url, day in days.items():
        (entry,) = [e for e in manifest[url] if e["recorded"] == day]
        name = Path(entry["file"]).name
        shutil.copy(RECORDED / entry["file"], directory / name)
        chosen[url] = [{**entry, "file": name}]
    (directory / "manifest.json").write_text(json.dumps({"responses": chosen}))
    return directory


def seed(remote: Path, work: Path) -> None:
    """The project as tracked today, with an empty evidence store, no data and no tag."""
    files = git(ROOT, "ls-files", "-z").split("\0")
    for name in files:
        if not name or name.startswith(
            ("evidence/", "src/model_catalog/data/", "tests/", "reports/")
        ):
            continue
        if not (ROOT / name).is_file():
            continue
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, work / name)
    (work / "src/model_catalog/data").mkdir(parents=True, exist_ok=True)
    (work / "tests").mkdir()
    (work / "tests" / "test_rehearsed.py").write_text(REHEARSED_TEST)
    git(work, "init", "-q", "-b", "main")
    git(work, "add", "-A")
    git(
        work,
        "-c",
        "user.name=seed",
        "-c",
        "user.email=seed@example.invalid",
        "commit",
        "-qm",
        "seed",
    )
    git(remote.parent, "init", "-q", "--bare", "-b", "main", str(remote))
    git(work, "push", "-q", str(remote), "main")


class Index:
    """A pypiserver on loopback, started and stopped by the test."""

    def __init__(self, packages: Path) -> None:
        self.packages = packages
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/simple/"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "pypiserver",
            "run",
            "-i",
            "127.0.0.1",
            "-p",
            str(self.port),
        ]
        command += ["-P", ".", "-a", ".", str(self.packages)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(self.url, timeout=1):  # noqa: S310 - loopback
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        msg = "pypiserver did not start"
        raise AssertionError(msg)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture(scope="module")
def stage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("rehearsal")
    remote = root / "remote.git"
    (root / "seed").mkdir()
    (root / "home").mkdir()
    seed(remote, root / "seed")
    (root / "packages").mkdir()
    index = Index(root / "packages")
    index.start()
    runner = Runner(
        workflow=ROOT / ".github/workflows/refresh.yml",
        remote=remote,
        root=root,
        venv_bin=make_venv(root / "venv"),
        index_url=index.url,
        secrets={key: f"fake-{key.lower()}-for-the-rehearsal" for key in SOURCES.values()},
    )
    try:
        yield {"root": root, "remote": remote, "index": index, "runner": runner}
    finally:
        index.stop()


def night(stage: dict[str, Any], days: dict[str, str], **before: Any) -> Any:
    runner: Runner = stage["runner"]
    directory = answers(stage["root"] / f"answers{runner.count + 1}", days)
    runner.extra_env["MODEL_CATALOG_ANSWERS"] = str(directory)
    result = runner.night(before=before)
    for job in result.jobs.values():
        for step, seconds in job.seconds.items():
            TIMES[f"{job.name}: {step}"] = TIMES.get(f"{job.name}: {step}", 0.0) + seconds
    return result


def gh(stage: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(stage["runner"].gh_state.read_text())
    return result


def installed_version(stage: dict[str, Any], version: str) -> str:
    """``pip install model-catalog==VERSION`` from the loopback index, then import it."""
    target = stage["root"] / f"site-{version}"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            "--index-url",
            stage["index"].url,
            f"model-catalog=={version}",
        ],
        check=True,
        env={"PIP_CONFIG_FILE": "/dev/null", "PATH": "/usr/bin:/bin"},
    )
    code = "import model_catalog as m; print(m.__version__, len(m.ModelCatalog()) > 0)"
    return subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(target)},
        cwd=target,
    ).stdout.strip()


def remote_tags(stage: dict[str, Any]) -> list[str]:
    return git(stage["remote"], "tag", "--list", "v*").split()


def test_the_nightly_rehearsed(stage: dict[str, Any]) -> None:
    anthropic, deepseek = SOURCES
    started = time.monotonic()

    # 1. First night: everything is new, so it is released, pushed, published and announced.
    first = night(stage, {anthropic: "2025-03-22", deepseek: "2025-03-22"})
    assert first.result("push") == "success", first.jobs["push"].log
    assert first.result("pypi") == "success", first.jobs["pypi"].log
    assert first.result("github-release") == "success"
    assert first.result("report-failure") == "skipped"
    version = first.jobs["build"].outputs["version"]
    assert version == TODAY
    assert remote_tags(stage) == [f"v{version}"]
    assert installed_version(stage, version) == f"{version} True"
    release = gh(stage)["releases"][f"v{version}"]
    assert release["title"] == version
    assert "claude" in release["notes"]
    assert any(name.endswith(".whl") for name in release["files"])

    # 2. A change, with a higher version already on the index: released above tags and index.
    wheel = next((stage["index"].packages).glob("*.whl"))
    shutil.copy(wheel, wheel.with_name(f"model_catalog-{version}.7-py3-none-any.whl"))
    change = night(stage, {anthropic: "2025-11-06", deepseek: "2025-03-22"})
    second = change.jobs["build"].outputs["version"]
    assert second == f"{version}.8"
    assert change.result("pypi") == "success", change.jobs["pypi"].log
    assert installed_version(stage, second) == f"{second} True"
    assert "### Added" in gh(stage)["releases"][f"v{second}"]["notes"]
    assert "## " + second in git(stage["remote"], "show", f"v{second}:CHANGELOG.md")

    # 3. A failed source (deepseek does not answer) on a change night when the index is down
    # at publishing time: the tag is pushed, the publish fails, both issues say so.
    runner: Runner = stage["runner"]
    try:
        down = night(stage, {anthropic: "2026-01-09"}, pypi=stage["index"].stop)
    finally:
        stage["index"].start()
    third = down.jobs["build"].outputs["version"]
    assert third == f"{version}.9"
    assert down.result("push") == "success"
    assert down.result("pypi") == "failure"
    assert down.result("github-release") == "skipped"
    assert down.result("report-failure") == "success"
    assert f"v{third}" in remote_tags(stage)
    assert f"v{third}" not in gh(stage)["releases"]
    issues = {issue["title"]: issue for issue in gh(stage)["issues"]}
    assert issues["Nightly catalog refresh is failing"]["comments"][0].startswith("The nightly")
    attention = issues["Nightly catalog needs attention"]["comments"]
    # The build job replays the fetch's recording, where the failed source has no answer.
    missing = "`deepseek-api` skipped: deepseek-api: not in the recording"
    assert missing in attention[-1]
    assert all(missing not in comment for comment in attention[:-1])

    # 4. No change, and the next night publishes the tag it left behind; the evidence of the
    # quiet night is committed and pushed, with no tag.
    head = git(stage["remote"], "rev-parse", "main")
    quiet = night(stage, {anthropic: "2026-01-09", deepseek: "2025-03-22"})
    assert json.loads(quiet.jobs["reconcile"].outputs["tags"]) == [f"v{third}"]
    assert quiet.result("republish") == "success", quiet.jobs["republish"].log
    assert installed_version(stage, third) == f"{third} True"
    assert f"v{third}" in gh(stage)["releases"]
    assert quiet.jobs["build"].outputs["changed"] == "false"
    assert quiet.result("push") == "success", quiet.jobs["push"].log
    assert quiet.result("pypi") == "skipped"
    assert remote_tags(stage) == sorted(f"v{v}" for v in (version, second, third))
    assert git(stage["remote"], "log", "-1", "--format=%s", "main").startswith("Nightly evidence")
    assert git(stage["remote"], "rev-parse", "main^") == head
    assert runner.count == 4
    print(f"rehearsal: 4 nights in {time.monotonic() - started:.1f} s")  # noqa: T201
    for step, seconds in sorted(TIMES.items(), key=lambda kv: -kv[1])[:14]:
        print(f"  {seconds:5.1f} s  {step}")  # noqa: T201
