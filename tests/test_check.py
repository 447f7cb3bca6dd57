"""``model-catalog check`` on a fixture tree built here, against a tiny catalog built for the rules.

The catalog's records are constructed for these tests (written with the pipeline's own writers),
so every finding below follows from a rule, not from the bundled data.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import msgspec
import pytest

from model_catalog import Model, ModelCatalog
from model_catalog import _check as check
from model_catalog._cli import main
from model_catalog._types import Source, dec_hook
from scripts import datafiles
from scripts.providers import Provider

from .conftest import ROOT, build_wheel, venv_seeing_this_interpreter

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = "2026-12-01"

_SOURCE = Source(
    name="deprecations page", url="https://example.invalid/deprecations", retrieved="2026-11-01"
)
_TABLE = (
    Provider(id="openai", name="OpenAI", makes=("gpt",)),
    Provider(id="together", name="Together AI"),
    Provider(id="bedrock", name="Amazon Bedrock"),
    Provider(id="vertex_ai", name="Vertex AI"),
)


def _model(provider: str, model_id: str, **life: str) -> Model:
    status = life.pop("status", "active")
    return msgspec.convert(
        {
            "provider": provider,
            "id": model_id,
            "lifecycle": {"status": status, **life},
            "provenance": {
                "id": "deprecations page",
                "lifecycle.retirement_date": "deprecations page",
            },
        },
        Model,
        dec_hook=dec_hook,
    )


RECORDS = (
    _model(
        "openai", "gpt-old-0613", status="retired", retirement_date="2026-01-04",
        replacement="gpt-new",
    ),
    _model("openai", "gpt-new"),
    _model("openai", "gpt-soon", retirement_date="2027-01-15"),
    _model(
        "openai", "gpt-dep", status="deprecated", deprecation_date="2026-06-01",
        retirement_date="2027-06-01",
    ),
    _model("openai", "shared-model-1"),
    _model("together", "shared-model-1", status="retired", retirement_date="2026-02-01"),
    _model(
        "bedrock", "acme.chat-old-v1:0", status="retired", retirement_date="2026-03-01",
        replacement="acme.chat-new-v1:0",
    ),
    _model("bedrock", "acme.chat-new-v1:0"),
    _model("vertex_ai", "chat-old@001", status="retired", retirement_date="2026-04-01"),
)  # fmt: skip


def write_catalog(directory: Path, records: tuple[Model, ...] = RECORDS) -> ModelCatalog:
    """A data directory written with the pipeline's writers, and the catalog reading it."""
    directory.mkdir(parents=True, exist_ok=True)
    files = {}
    for row in _TABLE:
        mine = [m for m in records if m.provider == row.id]
        if mine:
            files[row.id] = datafiles.provider_document(row.id, mine, {_SOURCE.name: _SOURCE})
    datafiles.write_catalog(directory, files, _TABLE, "2026-11-01")
    return ModelCatalog(str(directory))


@pytest.fixture
def tiny(tmp_path: Path) -> ModelCatalog:
    return write_catalog(tmp_path / "data")


_NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# gpt-old-0613 in prose\n"]},
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": ["import os\n", 'MODEL = "gpt-old-0613"\n'],
        },
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}

# Each file: its text, and the (line, name) of every finding expected in it (line 0: the
# notebook's source line); the column is where the name first stands in that line.
TREE: dict[str, tuple[str, list[tuple[int, str]]]] = {
    "app/llm.py": (
        (
            "from openai import OpenAI\n"
            "client = OpenAI()\n"
            'client.chat.completions.create(model="gpt-old-0613", messages=[])\n'
            'NEW = "gpt-new"\n'
            'SENTENCE = "we moved off gpt-old-0613 last year"\n'
            'LOOKALIKE = ("gpt-old-turbo", "gpt-old-0613.txt", "v1.2.3", "hello-world")\n'
            'DATES = ("2026-01-04", "https://x.invalid/gpt-old-0613", "gpt-old-0613 ")\n'
            'SILENCED = "gpt-old-0613"  # model-catalog: ignore\n'
            "# a comment naming 'gpt-old-0613' is no string\n"
            'SOON = f"{NEW}-x", "gpt-soon"\n'
        ),
        [(3, "gpt-old-0613"), (10, "gpt-soon")],
    ),
    "app/notebook.ipynb": (json.dumps(_NOTEBOOK, indent=1), [(0, "gpt-old-0613")]),
    "web/client.js": (
        (
            "import OpenAI from 'openai';\n"
            "const client = new OpenAI();\n"
            "const model = 'gpt-dep';\n"
            'const fine = "gpt-new"; // model-catalog: ignore\n'
            "const old = `gpt-old-0613`; // model-catalog: ignore\n"
        ),
        [(3, "gpt-dep")],
    ),
    "web/client.ts": (
        'const together = new Together();\nconst model: string = "shared-model-1";\n',
        [(2, "shared-model-1")],
    ),
    "config/models.json": (
        '{\n  "default": "gpt-new",\n  "fallback": "gpt-old-0613",\n  "gpt-dep": 1\n}\n',
        [(3, "gpt-old-0613"), (4, "gpt-dep")],
    ),
    "config/app.yaml": (
        (
            "model: acme.chat-old-v1:0\ncross_region: us.acme.chat-old-v1:0\nother: hello-world\n"
            "fallbacks:\n  - gpt-new\n  - gpt-old-0613  # kept for replays\n"
            "  - the gpt-old-0613 one\n"
        ),
        [(1, "acme.chat-old-v1:0"), (2, "us.acme.chat-old-v1:0"), (6, "gpt-old-0613")],
    ),
    "config/vertex.yml": ("- model: 'chat-old@001'\n", [(1, "chat-old@001")]),
    "config/settings.toml": (
        '[llm]\nmodel = "openai/gpt-old-0613"\nname = "gpt-new"\n',
        [(2, "openai/gpt-old-0613")],
    ),
    ".env": ("OPENAI_MODEL=gpt-old-0613\nDEBUG=1\n", [(1, "gpt-old-0613")]),
    "docs/usage.md": (
        (
            "Use gpt-old-0613 carefully (prose is not code).\n\n"
            "```python\n"
            'client.chat(model="gpt-old-0613")\n'
            "```\n\n"
            '`"gpt-new"` inline is prose too\n'
        ),
        [(4, "gpt-old-0613")],
    ),
    # Skipped trees: vendored, and .gitignore'd.
    "node_modules/pkg/index.js": ("const m = 'gpt-old-0613';\n", []),
    ".venv/lib/x.py": ('M = "gpt-old-0613"\n', []),
    "generated/out.py": ('M = "gpt-old-0613"\n', []),
    "app/secret.local.json": ('{"m": "gpt-old-0613"}\n', []),
    ".gitignore": ("generated/\n*.local.json\n", []),
}


def _notebook_line() -> int:
    text = TREE["app/notebook.ipynb"][0]
    return next(n for n, line in enumerate(text.splitlines(), 1) if "MODEL =" in line)


def build_tree(root: Path) -> Path:
    for rel, (text, _) in TREE.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def expected() -> set[tuple[str, int, int, str]]:
    found = set()
    for rel, (text, hits) in TREE.items():
        for number, name in hits:
            if number == 0:  # the notebook: the column is within the cell's source line
                line, column = _notebook_line(), 'MODEL = "gpt-old-0613"'.index(name) + 1
            else:
                line, column = number, text.splitlines()[number - 1].index(name) + 1
            found.add((rel, line, column, name))
    return found


def run(capsys: pytest.CaptureFixture[str], catalog: ModelCatalog, *argv: str) -> tuple[int, str]:
    try:
        code = main(["check", *argv], catalog=catalog)
    except SystemExit as exc:  # argparse: usage errors
        code = int(str(exc.code))
    out, err = capsys.readouterr()
    return code, out + err


def findings(capsys: pytest.CaptureFixture[str], catalog: ModelCatalog, *argv: str) -> list[dict]:  # type: ignore[type-arg]
    code, out = run(capsys, catalog, "--json", "--today", TODAY, *argv)
    assert code in {0, 1}, out
    result: list[dict] = json.loads(out)["findings"]  # type: ignore[type-arg]
    return result


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = build_tree(tmp_path / "project")
    monkeypatch.chdir(root)
    return root


def test_every_file_type_finds_exactly_the_listed_names(
    tree: Path, tiny: ModelCatalog, capsys: pytest.CaptureFixture[str]
) -> None:
    got = {(f["path"], f["line"], f["column"], f["name"]) for f in findings(capsys, tiny)}
    assert got == expected()


def test_finding_fields(tree: Path, tiny: ModelCatalog, capsys: pytest.CaptureFixture[str]) -> None:
    by_place = {(f["path"], f["line"]): f for f in findings(capsys, tiny)}
    old = by_place[("app/llm.py", 3)]
    assert old == {
        "path": "app/llm.py",
        "line": 3,
        "column": 39,
        "name": "gpt-old-0613",
        "key": "openai/gpt-old-0613",
        "status": "retired",
        "retirement_date": "2026-01-04",
        "deprecation_date": None,
        "replacement": "gpt-new",
        "source": "deprecations page, retrieved 2026-11-01 (https://example.invalid/deprecations)",
        "provider": "openai",
    }
    assert by_place[("web/client.js", 3)]["status"] == "deprecated"
    assert by_place[("app/llm.py", 10)]["status"] == "retiring"
    # The replacement is written as the code wrote the old one.
    assert by_place[("config/settings.toml", 2)]["replacement"] == "openai/gpt-new"
    assert by_place[("config/app.yaml", 1)]["replacement"] == "acme.chat-new-v1:0"
    assert by_place[("config/app.yaml", 2)]["replacement"] == "us.acme.chat-new-v1:0"
    assert by_place[("config/app.yaml", 2)]["key"] == "bedrock/acme.chat-old-v1:0"


def test_the_client_decides_which_provider_a_shared_id_means(
    tree: Path, tiny: ModelCatalog, capsys: pytest.CaptureFixture[str]
) -> None:
    (tree / "web" / "openai.ts").write_text(
        'const c = new OpenAI();\nconst m = "shared-model-1";\n', encoding="utf-8"
    )
    shared = [f for f in findings(capsys, tiny) if f["name"] == "shared-model-1"]
    assert [(f["path"], f["key"], f["provider"]) for f in shared] == [
        ("web/client.ts", "together/shared-model-1", "together")
    ]


@pytest.mark.parametrize(
    ("source", "provider"),
    [
        ("client = OpenAI(base_url='https://api.together.xyz/v1')", "together"),
        ("client = OpenAI()", "openai"),
        ("client = AzureOpenAI()", "azure_openai"),
        ("ollama.chat(model='llama3.2')", "ollama"),
        ("from together import Together\nc = Together()", "together"),
        ("c = OpenAI()\nd = Anthropic()", None),
        ("print('no client here')", None),
    ],
)
def test_infer_provider(source: str, provider: str | None) -> None:
    assert check.infer_provider(source) == provider


def test_text_report_groups_by_model_and_says_when_no_client_was_seen(
    tree: Path, tiny: ModelCatalog, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, tiny, "--today", TODAY)
    assert code == 1
    lines = out.splitlines()
    head = lines.index("openai/gpt-old-0613: retired (retired 2026-01-04)")
    assert lines[head + 1] == "  replacement: gpt-new, openai/gpt-new"
    assert lines[head + 2].startswith("  source: deprecations page, retrieved 2026-11-01")
    assert "  app/llm.py:3:39: gpt-old-0613" in lines
    assert "  .env:1:14: gpt-old-0613" in lines  # a config file has no client to say
    assert (
        f"  app/notebook.ipynb:{_notebook_line()}:10: gpt-old-0613 "
        "(client not recognised; resolved by name alone)"
    ) in lines
    assert lines[-1] == "14 uses of 6 models in 10 files: 11 retired, 2 deprecated, 1 retiring"


def test_quiet_when_all_is_well(
    tmp_path: Path,
    tiny: ModelCatalog,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "ok.py").write_text('M = "gpt-new"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "src")
    code, out = run(capsys, tiny, "--today", TODAY)
    assert (code, out) == (
        0,
        (
            "model-catalog check: 1 files, no retired, deprecated or retiring (within 90 days) "
            "models found.\n"
        ),
    )


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        ((), 1),
        (("web/client.js",), 0),  # deprecated only: below the default --fail-on retired
        (("web/client.js", "--fail-on", "deprecated"), 1),
        (("app/llm.py", "--fail-on", "retiring", "--within", "30"), 1),
        (("config/models.json", "--fail-on", "deprecated"), 1),
        (("--fail-on", "sometimes"), 2),
        (("--today", "01/12/2026"), 2),
        (("--within", "-3"), 2),
        (("--json", "--sarif"), 2),
        (("no/such/dir",), 2),
        (("--no-such-flag",), 2),
    ],
)
def test_exit_codes(
    tree: Path,
    tiny: ModelCatalog,
    capsys: pytest.CaptureFixture[str],
    argv: tuple[str, ...],
    code: int,
) -> None:
    today = () if "--today" in argv else ("--today", TODAY)
    got, out = run(capsys, tiny, *today, *argv)
    assert got == code, out
    if code == 2:
        assert "error" in out or "no such file" in out


def test_retiring_window(
    tree: Path, tiny: ModelCatalog, capsys: pytest.CaptureFixture[str]
) -> None:
    # gpt-soon retires 2027-01-15: 45 days after TODAY.
    assert [f["name"] for f in findings(capsys, tiny, "app/llm.py", "--within", "46")][-1] == (
        "gpt-soon"
    )
    assert [f["name"] for f in findings(capsys, tiny, "app/llm.py", "--within", "44")] == [
        "gpt-old-0613"
    ]


def test_pyproject_ignores_names_and_keys(
    tree: Path, tiny: ModelCatalog, capsys: pytest.CaptureFixture[str]
) -> None:
    (tree / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.model-catalog]\nignore = [\n  "gpt-old-0613",\n'
        '  "bedrock/acme.chat-old-v1:0",\n]\n',
        encoding="utf-8",
    )
    names = {f["name"] for f in findings(capsys, tiny)}
    assert names == {"openai/gpt-old-0613", "gpt-soon", "gpt-dep", "shared-model-1", "chat-old@001"}


def test_pyproject_reader_without_tomllib(tmp_path: Path) -> None:
    text = '[tool.other]\nignore = ["no"]\n[tool.model-catalog]\nignore = ["a", \'b\']\n[x]\n'
    assert check._ignores_310(text, tmp_path) == frozenset({"a", "b"})
    assert check._ignores_310("[project]\n", tmp_path) == frozenset()
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    assert check.configured_ignores(tmp_path) == frozenset({"a", "b"})


def test_a_bad_pyproject_table_is_a_usage_error(
    tree: Path, tiny: ModelCatalog, capsys: pytest.CaptureFixture[str]
) -> None:
    (tree / "pyproject.toml").write_text('[tool.model-catalog]\nignore = "gpt"\n', encoding="utf-8")
    code, out = run(capsys, tiny)
    assert code == 2
    assert "pyproject.toml: [tool.model-catalog] ignore must be a list" in out


def test_inside_a_git_repository_git_decides_what_is_ignored(
    tree: Path, tiny: ModelCatalog, capsys: pytest.CaptureFixture[str]
) -> None:
    subprocess.run(["git", "init", "-q", str(tree)], check=True)
    (tree / ".git" / "info" / "exclude").write_text("docs/\n", encoding="utf-8")
    paths = {f["path"] for f in findings(capsys, tiny)}
    assert paths == {p for p, *_ in expected()} - {"docs/usage.md"}


def test_sarif_validates_against_the_published_schema(
    tree: Path, tiny: ModelCatalog, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, tiny, "--sarif", "--today", TODAY)
    assert code == 1
    log = json.loads(out)
    schema = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text("utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    results = log["runs"][0]["results"]
    assert len(results) == len(expected())
    first = next(r for r in results if "app/llm.py" in json.dumps(r) and r["level"] == "error")
    assert first["ruleId"] == "model-retired"
    assert first["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3,
        "startColumn": 39,
    }
    # A log that breaks the schema is refused: the validation can fail.
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate(log)


def test_since_reports_only_models_whose_record_changed(
    tree: Path, tiny: ModelCatalog, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = tuple(_model("openai", "gpt-soon") if m.id == "gpt-soon" else m for m in RECORDS)
    write_catalog(tmp_path / "old", before)
    got = {f["key"] for f in findings(capsys, tiny, "--since", str(tmp_path / "old"))}
    assert got == {"openai/gpt-soon"}
    code, out = run(capsys, tiny, "--since", "v0.0.0-none")
    assert code == 2
    assert "v0.0.0-none: neither a data directory, a wheel, nor a git revision (tag)" in out


@pytest.mark.regeneration
def test_bundled_catalog_resolves_bedrock_and_vertex_shapes() -> None:
    from model_catalog import catalog

    for name, key in (
        ("us.anthropic.claude-3-5-haiku-20241022-v1:0", "bedrock/"),
        ("claude-3-5-haiku@20241022", "vertex_ai/"),
    ):
        model = check.resolve(catalog, name, None)
        assert model is not None
        assert model.key.startswith(key)


@pytest.mark.regeneration
def test_pre_commit_hook_entry_runs_the_check(tree: Path) -> None:
    """The hook's entry, as pre-commit runs it (pass_filenames: the staged files)."""
    import yaml

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["id"] == "model-catalog-check"
    assert hook["language"] == "python"
    entry = hook["entry"].split()
    assert entry[0] == "model-catalog"
    command = [sys.executable, "-m", "model_catalog", *entry[1:], *hook.get("args", [])]
    ok = subprocess.run(
        [*command, "app/notebook.ipynb"], capture_output=True, text=True, check=False
    )
    # The bundled catalog does not know the tiny catalog's names: a clean run.
    assert ok.returncode == 0, ok.stderr
    (tree / "old.py").write_text('M = "gpt-4-0613"\n', encoding="utf-8")
    bad = subprocess.run([*command, "old.py"], capture_output=True, text=True, check=False)
    assert bad.returncode == 1
    assert "old.py:1:6: gpt-4-0613 (client not recognised" in bad.stdout


def _expand(value: str, inputs: dict[str, str], outputs: dict[str, str]) -> str:
    """GitHub's ``${{ inputs.x }}`` and ``${{ steps.check.outputs.x }}`` for this action."""

    def one(match: re.Match[str]) -> str:
        scope, _, name = match.group(1).partition(".")
        if scope == "inputs":
            return inputs[name]
        return outputs.get(name.rpartition(".")[2], "")

    return re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", one, value)


@pytest.mark.slow
@pytest.mark.regeneration
def test_action_run_lines_install_check_and_fail(tmp_path: Path) -> None:
    """Each ``run:`` step of action.yml, in order, as the runner runs it (bash -eo pipefail).

    The install step installs a wheel of this checkout (pip told by its environment to use a
    local folder, no index); the upload step is GitHub's own action, pinned by commit SHA.
    """
    import yaml

    from model_catalog import __version__

    action = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    (upload,) = [s for s in steps if "uses" in s]
    assert re.fullmatch(r"github/codeql-action/upload-sarif@[0-9a-f]{40}", upload["uses"])
    wheels = tmp_path / "wheels"
    build_wheel(wheels)
    venv = tmp_path / "venv"
    # No pip of its own: the action runs `python -m pip`, which this interpreter's pip serves
    # into the venv (ensurepip took 8.6 s of a 0.25 s venv here).
    venv_seeing_this_interpreter(venv)
    work = tmp_path / "repo"
    work.mkdir()
    (work / "app.py").write_text('from openai import OpenAI\nM = "gpt-4-0613"\n', "utf-8")
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    inputs["version"] = __version__
    outputs: dict[str, str] = {}
    github_output = tmp_path / "github_output"
    codes = []
    for step in steps:
        if "run" not in step:
            continue
        env = {
            **os.environ,
            "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
            "GITHUB_OUTPUT": str(github_output),
            "PIP_NO_INDEX": "1",
            "PIP_FIND_LINKS": str(wheels),
            "PIP_FORCE_REINSTALL": "1",
            "PIP_NO_DEPS": "1",
            **{k: _expand(str(v), inputs, outputs) for k, v in step.get("env", {}).items()},
        }
        script = tmp_path / "step.sh"
        script.write_text(step["run"], "utf-8")
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        codes.append(done.returncode)
        # A crash exits 1 too, like a finding: the step must not have crashed to count.
        assert "Traceback" not in done.stderr, done.stderr
        if github_output.exists():
            for line in github_output.read_text("utf-8").splitlines():
                name, _, value = line.partition("=")
                outputs[name] = value
    assert codes == [0, 0, 1]  # installed, checked, failed on the retired name
    assert outputs == {"findings": "1", "status": "1"}
    installed = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import model_catalog; print(model_catalog.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert installed.stdout.startswith(str(venv))
    log = json.loads((work / "model-catalog.sarif").read_text("utf-8"))
    schema = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text("utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "app.py"
    }


def test_broken_files_are_read_as_far_as_they_go(
    tmp_path: Path, tiny: ModelCatalog, capsys: pytest.CaptureFixture[str]
) -> None:
    """Unclosed Python falls back to the text reader; a broken notebook or bad bytes are skipped."""
    tmp_path = tmp_path / "code"
    tmp_path.mkdir()
    (tmp_path / "half.py").write_text('M = "gpt-old-0613"\nx = (\n', encoding="utf-8")
    (tmp_path / "broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    (tmp_path / "latin1.py").write_bytes(b'M = "gpt-old-0613"  # caf\xe9\n')
    # An absolute path outside the working directory is shown as given.
    got = findings(capsys, tiny, str(tmp_path))
    assert [(f["path"], f["line"], f["column"]) for f in got] == [
        (f"{tmp_path.as_posix()}/half.py", 1, 6)
    ]


def test_invalid_pyproject_is_a_usage_error_naming_the_file(
    tree: Path, tiny: ModelCatalog, capsys: pytest.CaptureFixture[str]
) -> None:
    (tree / "pyproject.toml").write_text("[tool.model-catalog\n", encoding="utf-8")
    code, out = run(capsys, tiny)
    assert code == 2
    assert f"{tree / 'pyproject.toml'}: not valid TOML" in out
