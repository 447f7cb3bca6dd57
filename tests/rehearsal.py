"""A local runner for .github/workflows/refresh.yml: the rehearsal's harness.

It reads the workflow and runs its jobs in ``needs:`` order the way GitHub does: job and step
``if:`` (``success()``, ``always()``, ``failure()``; a skipped or failed need skips a job), job
``outputs:`` from ``$GITHUB_OUTPUT``, ``strategy.matrix`` lists, and every ``run:`` step exactly as
the YAML writes it, with ``bash --noprofile --norc -eo pipefail``. ``${{ }}`` is evaluated for the
contexts the workflow uses (github, inputs, secrets, vars, needs, steps, matrix, runner).

Every ``uses:`` step is a local stand-in with the action's documented behaviour:

- actions/checkout: a clone of the bare ``remote`` (``ref``, ``fetch-depth``: 1 means a shallow
  clone without tags, 0 the whole history); ``persist-credentials: false`` leaves a clone that
  cannot push (its push URL points nowhere), as a checkout without the token cannot.
- actions/upload-artifact: the paths found are stored relative to their least common ancestor;
  ``if-no-files-found`` is honoured. actions/download-artifact: the named artifact is unpacked
  into ``path`` (default: the workspace).
- actions/setup-python: nothing (the rehearsal's venv is first on PATH).
- pypa/gh-action-pypi-publish: every file of ``packages-dir`` (``dist/``) uploaded over HTTP to
  the loopback package index, ``skip-existing`` honoured.

Stand-ins on PATH and in the venv, because the real ones need the internet: ``gh`` records its
argv and keeps releases and issues in a JSON file; ``python -m pip install`` of the hashed lock
is recorded only (the tools come from this interpreter's site-packages) and ``-e DIR`` puts
``DIR/src`` first on ``sys.path``; ``python -m build`` calls the hatchling backend in-process
(no isolated environment to download); ``mypy`` is recorded only (CI runs it). ruff, actionlint,
git, jq and pytest are the real ones; pytest runs with ``--no-cov`` on the rehearsed repository's
own small test file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .conftest import venv_seeing_this_interpreter

_EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


class Null:
    """A missing context value: empty in a string, falsy, and every property of it missing."""

    def __getattr__(self, _name: str) -> Null:
        return self

    def __bool__(self) -> bool:
        return False

    def __eq__(self, other: object) -> bool:
        return other in ("", None) or isinstance(other, Null)

    def __hash__(self) -> int:
        return 0

    def __str__(self) -> str:
        return ""


class Ctx:
    """A context object (``needs.build.outputs``): attribute access, missing keys are Null."""

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    def __getattr__(self, name: str) -> Any:
        value = self._values.get(name.replace("__dash__", "-"), Null())
        return Ctx(value) if isinstance(value, dict) else value


def _translate(expression: str) -> str:
    """A GitHub expression as a Python one (the operators and literals the workflow uses)."""
    text = re.sub(r"\s*&&\s*", " and ", expression)
    text = re.sub(r"\s*\|\|\s*", " or ", text)
    text = re.sub(r"!(?!=)", " not ", text)
    return text.replace("fromJSON(", "from_json(").replace("fromJson(", "from_json(")


@dataclass
class JobRun:
    """What one job did."""

    name: str
    result: str  # success, failure, skipped
    outputs: dict[str, str] = field(default_factory=dict)
    log: str = ""
    seconds: dict[str, float] = field(default_factory=dict)
    """Per step, how long it took (the rehearsal prints where its time goes)."""


@dataclass
class Night:
    """One run of the workflow."""

    jobs: dict[str, JobRun]

    def result(self, job: str) -> str:
        """The job's conclusion."""
        return self.jobs[job].result


@dataclass
class Runner:
    """Runs the workflow's jobs against a bare remote; one instance per rehearsal."""

    workflow: Path
    remote: Path
    root: Path
    venv_bin: Path
    index_url: str
    secrets: dict[str, str] = field(default_factory=dict)
    extra_env: dict[str, str] = field(default_factory=dict)
    count: int = 0
    _jobs: dict[str, Any] = field(default_factory=dict)

    @property
    def gh_state(self) -> Path:
        """The stub gh's releases, issues and calls."""
        return self.root / "gh.json"

    def night(
        self,
        inputs: dict[str, Any] | None = None,
        before: dict[str, Callable[[], None]] | None = None,
    ) -> Night:
        """Run every job once, in dependency order (``before``: job -> what to do before it)."""
        self.count += 1
        document = yaml.safe_load(self.workflow.read_text("utf-8"))
        jobs: dict[str, Any] = document["jobs"]
        order = _order(jobs)
        night = Night({})
        artifacts = self.root / f"night{self.count}" / "artifacts"
        self._jobs = jobs
        for name in order:
            (before or {}).get(name, lambda: None)()
            night.jobs[name] = self._job(name, jobs[name], night, inputs or {}, artifacts)
        return night

    # -- jobs ---------------------------------------------------------------------------------

    def _context(self, night: Night, inputs: dict[str, Any], needs: list[str]) -> dict[str, Any]:
        return {
            "github": Ctx(
                {
                    "ref": "refs/heads/main",
                    "repository": "model-catalog/model-catalog",
                    "server_url": "https://github.com",
                    "run_id": str(1000 + self.count),
                    "token": "ghs_rehearsal_token_not_real",
                }
            ),
            "inputs": Ctx({"accept": "", "accept_all": False, **inputs}),
            "secrets": Ctx(self.secrets),
            "vars": Ctx({}),
            "needs": Ctx(
                {
                    n: {"result": night.jobs[n].result, "outputs": night.jobs[n].outputs}
                    for n in needs
                }
            ),
        }

    def _job(
        self, name: str, job: dict[str, Any], night: Night, inputs: dict[str, Any], artifacts: Path
    ) -> JobRun:
        needs = job.get("needs", [])
        needs = [needs] if isinstance(needs, str) else list(needs)
        context = self._context(night, inputs, needs)
        results = [night.jobs[n].result for n in needs]
        ancestors = _ancestors(name, self._jobs)
        condition = str(job.get("if", ""))

        def success() -> bool:
            return all(r == "success" for r in results)

        def failure() -> bool:
            return any(night.jobs[a].result == "failure" for a in ancestors)

        functions = {"success": success, "failure": failure, "always": lambda: True}
        if not re.search(r"\b(always|failure|success|cancelled)\(", condition):
            condition = f"success() and ({condition})" if condition else "success()"
        if not self._eval(condition, context, functions):
            return JobRun(name, "skipped")
        matrix = job.get("strategy", {}).get("matrix")
        combos: list[dict[str, Any]] = [{}]
        if matrix:
            ((key, values),) = matrix.items()
            listed = self._value(values, context) if isinstance(values, str) else values
            combos = [{key: value} for value in listed]
        run = JobRun(name, "success")
        for combo in combos:
            context["matrix"] = Ctx(combo)
            if not self._steps(name, job, context, artifacts, run):
                run.result = "failure"
        return run

    def _steps(
        self, name: str, job: dict[str, Any], context: dict[str, Any], artifacts: Path, run: JobRun
    ) -> bool:
        base = self.root / f"night{self.count}" / name / uuid.uuid4().hex[:6]
        workspace, temp = base / "work", base / "temp"
        workspace.mkdir(parents=True)
        temp.mkdir()
        files = {k: base / k for k in ("output", "env", "summary")}
        context["runner"] = Ctx({"temp": str(temp)})
        steps: dict[str, dict[str, Any]] = {}
        context["steps"] = Ctx(steps)
        ok = True
        for number, step in enumerate(job["steps"]):
            condition = str(step.get("if", ""))
            passing = ok
            functions = {
                "success": lambda passing=passing: passing,
                "failure": lambda passing=passing: not passing,
                "always": lambda: True,
            }
            if not re.search(r"\b(always|failure|success|cancelled)\(", condition):
                condition = f"success() and ({condition})" if condition else "success()"
            if not self._eval(condition, context, functions):
                continue
            for path in files.values():
                path.write_text("", "utf-8")
            env = self._env(workspace, temp, files)
            env.update({k: str(self._value(v, context)) for k, v in job.get("env", {}).items()})
            env.update({k: str(self._value(v, context)) for k, v in step.get("env", {}).items()})
            label = step.get("name") or step.get("uses") or f"step {number}"
            clock = time.monotonic()
            if "run" in step:
                script = self._value(step["run"], context, string=True)
                result = subprocess.run(
                    ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                    cwd=workspace,
                    env=env,
                    capture_output=True,
                    text=True,
                    check=False,
                )
                run.log += f"## {name}: {label}\n{result.stdout}{result.stderr}"
                passed = result.returncode == 0
            else:
                inputs = {
                    k: self._value(v, context, string=True) for k, v in step.get("with", {}).items()
                }
                passed, log = self._uses(str(step["uses"]), inputs, workspace, artifacts, env)
                run.log += f"## {name}: {label}\n{log}\n"
            run.seconds[label] = time.monotonic() - clock
            outputs = _key_values(files["output"])
            if "id" in step:
                steps[step["id"]] = {
                    "outputs": outputs,
                    "outcome": "success" if passed else "failure",
                }
            ok = ok and passed
            if passed:
                self.extra_env.update(_key_values(files["env"]))
        for key, value in job.get("outputs", {}).items():
            run.outputs[key] = str(self._value(value, context, string=True))
        (base / "log.txt").write_text(run.log, "utf-8")
        return ok

    def _env(self, workspace: Path, temp: Path, files: dict[str, Path]) -> dict[str, str]:
        # The venv's stand-ins first, then this interpreter's scripts (ruff, actionlint, zizmor).
        tools = Path(sys.executable).parent
        path = os.pathsep.join([str(self.venv_bin), str(tools), os.environ.get("PATH", "")])
        env = {
            "PATH": path,
            "HOME": str(self.root / "home"),
            "LANG": "C.UTF-8",
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(workspace),
            "RUNNER_TEMP": str(temp),
            "GITHUB_OUTPUT": str(files["output"]),
            "GITHUB_ENV": str(files["env"]),
            "GITHUB_STEP_SUMMARY": str(files["summary"]),
            "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_CONFIG_NOSYSTEM": "1",
            "PIP_CONFIG_FILE": os.devnull,
            "PIP_INDEX_URL": self.index_url,
            "PYTEST_ADDOPTS": "--no-cov -n0 -p no:cacheprovider",
            "REHEARSAL_GH_STATE": str(self.gh_state),
            "MODEL_CATALOG_PYPI_URL": self.index_url.removesuffix("simple/") + "model-catalog/json",
        }
        env.update(self.extra_env)
        return env

    # -- expressions --------------------------------------------------------------------------

    def _eval(self, expression: str, context: dict[str, Any], functions: dict[str, Any]) -> Any:
        namespace = {**context, **functions, "from_json": json.loads}
        code = _translate(expression)
        return eval(code, {"__builtins__": {}}, namespace)  # noqa: S307 - the workflow's own expressions

    def _value(self, value: Any, context: dict[str, Any], *, string: bool = False) -> Any:
        if not isinstance(value, str):
            return value
        whole = _EXPR.fullmatch(value.strip())
        if whole and not string and value.count("${{") == 1:
            return self._eval(whole.group(1), context, {})

        def one(match: re.Match[str]) -> str:
            result = self._eval(match.group(1), context, {})
            if result is True or result is False:
                return str(result).lower()
            return str(result)

        return _EXPR.sub(one, value)

    # -- actions ------------------------------------------------------------------------------

    def _uses(
        self,
        uses: str,
        inputs: dict[str, str],
        workspace: Path,
        artifacts: Path,
        env: dict[str, str],
    ) -> tuple[bool, str]:
        action = uses.split("@", 1)[0]
        if action == "actions/checkout":
            return self._checkout(inputs, workspace, env)
        if action == "actions/setup-python":
            return True, "setup-python: the rehearsal's venv is first on PATH"
        if action == "actions/upload-artifact":
            return _upload(inputs, workspace, artifacts)
        if action == "actions/download-artifact":
            target = Path(inputs.get("path") or workspace)
            target = target if target.is_absolute() else workspace / target
            source = artifacts / inputs["name"]
            if not source.exists():
                return False, f"Unable to download artifact(s): not found: {inputs['name']}"
            shutil.copytree(source, target, dirs_exist_ok=True)
            return True, f"downloaded {inputs['name']} to {target}"
        if action == "pypa/gh-action-pypi-publish":
            return self._publish(inputs, workspace)
        msg = f"no stand-in for {uses}"
        raise AssertionError(msg)

    def _checkout(
        self, inputs: dict[str, str], workspace: Path, env: dict[str, str]
    ) -> tuple[bool, str]:
        depth = int(inputs.get("fetch-depth", 1))
        ref = inputs.get("ref") or "main"
        command = ["git", "clone", "--quiet"]
        if depth:  # actions/checkout fetches no tags into a shallow clone
            command += ["--no-tags", "--depth", str(depth)]
        command += ["--branch", ref, f"file://{self.remote}", str(workspace)]
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if result.returncode == 0 and str(inputs.get("persist-credentials", "true")) == "false":
            subprocess.run(
                ["git", "config", "remote.origin.pushurl", "file:///no-credentials-persisted"],
                cwd=workspace,
                env=env,
                check=True,
            )
        return result.returncode == 0, result.stderr

    def _publish(self, inputs: dict[str, str], workspace: Path) -> tuple[bool, str]:
        directory = workspace / (inputs.get("packages-dir") or "dist")
        skip = str(inputs.get("skip-existing", "false")) == "true"
        files = sorted(directory.glob("*")) if directory.is_dir() else []
        if not files:
            return False, f"no packages in {directory}"
        url = self.index_url.removesuffix("simple/")
        log = []
        for path in files:
            status = upload(url, path)
            log.append(f"{path.name}: {status}")
            if status == 409 and skip:
                continue
            if status != 200:
                return False, "\n".join(log)
        return True, "\n".join(log)


def upload(url: str, path: Path) -> int:
    """POST ``path`` to a package index's legacy upload API; the HTTP status (0: unreachable)."""
    boundary = uuid.uuid4().hex
    head = f'--{boundary}\r\nContent-Disposition: form-data; name=":action"\r\n\r\nfile_upload\r\n'
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="content"; filename="{path.name}"'
    )
    head += "\r\nContent-Type: application/octet-stream\r\n\r\n"
    body = head.encode() + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(  # noqa: S310 - a loopback URL the test started
        url, data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:  # noqa: S310
            return int(reply.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def _upload(inputs: dict[str, str], workspace: Path, artifacts: Path) -> tuple[bool, str]:
    wanted = [line.strip() for line in inputs["path"].splitlines() if line.strip()]
    found = [(workspace / p).resolve() for p in wanted if (workspace / p).exists()]
    if not found:
        policy = inputs.get("if-no-files-found", "warn")
        return policy != "error", f"No files were found with the provided path: {wanted}"
    root = Path(os.path.commonpath([p if p.is_dir() else p.parent for p in found]))
    target = artifacts / inputs["name"]
    for path in found:
        destination = target / path.relative_to(root)
        if path.is_dir():
            shutil.copytree(path, destination, dirs_exist_ok=True)
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)
    return True, f"uploaded {len(found)} path(s) as {inputs['name']} (root {root})"


def _key_values(path: Path) -> dict[str, str]:
    values = {}
    if path.exists():
        for line in path.read_text("utf-8").splitlines():
            key, sep, value = line.partition("=")
            if sep:
                values[key] = value
    return values


def _order(jobs: dict[str, Any]) -> list[str]:
    done: list[str] = []
    while len(done) < len(jobs):
        for name, job in jobs.items():
            needs = job.get("needs", [])
            needs = [needs] if isinstance(needs, str) else needs
            if name not in done and all(n in done for n in needs):
                done.append(name)
                break
        else:
            msg = "needs: has a cycle"
            raise AssertionError(msg)
    return done


def _needs(job: dict[str, Any]) -> list[str]:
    needs = job.get("needs", [])
    return [needs] if isinstance(needs, str) else list(needs)


def _ancestors(name: str, jobs: dict[str, Any]) -> set[str]:
    """Every job ``name`` needs, directly or through another (what ``failure()`` looks at)."""
    found: set[str] = set()
    todo = _needs(jobs[name])
    while todo:
        need = todo.pop()
        if need not in found:
            found.add(need)
            todo += _needs(jobs[need])
    return found


# -- stand-ins written into the rehearsal's venv ---------------------------------------------------

GH = '''#!{python}
"""Stand-in for the GitHub CLI: records argv; keeps releases and issues in a JSON file."""
import json, os, re, sys
from pathlib import Path
state_path = Path(os.environ["REHEARSAL_GH_STATE"])
state = json.loads(state_path.read_text()) if state_path.exists() else {{}}
state.setdefault("calls", []).append(sys.argv[1:])
releases = state.setdefault("releases", {{}})
issues = state.setdefault("issues", [])
args = sys.argv[1:]
def flag(name):
    return args[args.index(name) + 1] if name in args else None
code = 0
if args[:2] == ["release", "list"]:
    print("\\n".join(releases))
elif args[:2] == ["release", "view"]:
    code = 0 if args[2] in releases else 1
elif args[:2] == ["release", "create"]:
    notes = flag("--notes-file")
    files = [a for a in args[3:] if os.path.isfile(a) and a != notes]
    releases[args[2]] = {{
        "title": flag("--title"),
        "notes": Path(notes).read_text() if notes else flag("--notes"),
        "files": sorted(os.path.basename(f) for f in files),
    }}
elif args[:2] == ["issue", "list"]:
    title = re.search(r'in:title "(.*)"', flag("--search")).group(1)
    print("\\n".join(str(i["number"]) for i in issues if i["title"] == title)[:1] or "", end="")
    print()
elif args[:2] == ["issue", "create"]:
    body = flag("--body") or Path(flag("--body-file")).read_text()
    issues.append({{"number": len(issues) + 1, "title": flag("--title"), "comments": [body]}})
elif args[:2] == ["issue", "comment"]:
    body = flag("--body") or Path(flag("--body-file")).read_text()
    issues[int(args[2]) - 1]["comments"].append(body)
else:
    code = 2
state_path.write_text(json.dumps(state, indent=1))
sys.exit(code)
'''

RECORDED = '''#!{python}
"""Stand-in that records that it ran (CI runs the real tool)."""
import sys
print("rehearsal stand-in:", *sys.argv)
'''

PIP = '''"""Stand-in for ``python -m pip install`` in the rehearsed steps."""
import sys
from pathlib import Path
args = sys.argv[1:]
print("rehearsal pip:", *args)
if "-e" in args:
    project = Path(args[args.index("-e") + 1]).resolve()
    site = Path(__file__).resolve().parent.parent
    (site / "_rehearsal_editable.pth").write_text(
        f"import sys; sys.path.insert(0, {str(project / 'src')!r})\\n"
    )
elif "--require-hashes" not in args:
    sys.exit("rehearsal pip: only the hashed lock and -e are stood in for: " + " ".join(args))
'''

BUILD = '''"""Stand-in for ``python -m build``: the hatchling backend, in-process (no download)."""
import sys
from pathlib import Path
from hatchling.build import build_sdist, build_wheel
out = Path(sys.argv[sys.argv.index("--outdir") + 1]) if "--outdir" in sys.argv else Path("dist")
out.mkdir(parents=True, exist_ok=True)
print(build_sdist(str(out)), build_wheel(str(out)))
'''


def make_venv(directory: Path) -> Path:
    """A venv seeing this interpreter's packages, with the stand-ins; returns its bin dir."""
    site = venv_seeing_this_interpreter(directory)  # its packages are the tools
    bin_dir = directory / "bin"
    for name, text in (("pip", PIP), ("build", BUILD)):
        package = site / name
        package.mkdir()
        (package / "__init__.py").write_text("", "utf-8")
        (package / "__main__.py").write_text(textwrap.dedent(text), "utf-8")
    python = bin_dir / "python"
    for name, text in (("gh", GH), ("mypy", RECORDED)):
        script = bin_dir / name
        script.write_text(text.format(python=python), "utf-8")
        script.chmod(0o755)
    return bin_dir
