"""The record invariants (scripts/invariants.py): each rule on records built for it, then the
bundled catalog as a whole (a data pin: every record holds every invariant, or says why)."""

from __future__ import annotations

import msgspec
import pytest

from model_catalog import Model, ModelCatalog
from model_catalog._fields import TIER_PRICES
from model_catalog._types import Provenance
from scripts import invariants
from scripts.invariants import BELOW_BASE, CACHE_PAIRS, DERIVED, KIND_RULES, Finding
from scripts.merge import MergeResult

from .conftest import REPORTS, make_model


def record(provenance: dict[str, str] | None = None, **fields: object) -> Model:
    return msgspec.structs.replace(
        make_model(**fields), provenance=msgspec.convert(provenance or {}, Provenance)
    )


def check(*models: Model, dropped: tuple[str, ...] = ()) -> tuple[list[Model], list[Finding]]:
    return invariants.check(list(models), MergeResult(dropped_aliases=list(dropped)))


CHAT = {"kind": "chat"}


# -- long-context tiers ------------------------------------------------------------------------


def test_a_tier_below_the_base_of_another_source_is_dropped_whole() -> None:
    grok = record(
        {"pricing.input": "genai-prices", "pricing.output": "genai-prices", "pricing.tiers": "ll"},
        **CHAT,
        pricing={
            "input": 3.0,
            "output": 15.0,
            "tiers": [{"above_input_tokens": 200_000, "input": 2.5, "output": 30.0}],
        },
    )
    (out,), findings = check(grok)
    assert out.pricing.tiers == ()
    assert "pricing.tiers" not in out.provenance
    assert out.pricing.input == 3.0
    (finding,) = findings
    assert (finding.rule, finding.field, finding.action) == (
        "tier-below-base",
        "pricing.tiers",
        "dropped",
    )
    assert "input $2.5 (ll) < base $3 (genai-prices)" in finding.detail


def test_a_tier_below_the_base_of_the_same_answer_is_kept_and_says_so() -> None:
    exp = record(
        {"pricing.input": "litellm 1.80.0", "pricing.tiers": "litellm 1.80.0"},
        **CHAT,
        pricing={"input": 0.15, "tiers": [{"above_input_tokens": 128_000, "input": 0.0}]},
    )
    (out,), findings = check(exp)
    assert out.pricing.tiers == exp.pricing.tiers
    assert out.provenance[BELOW_BASE] == "litellm 1.80.0"
    assert [f.action for f in findings] == ["kept: stated by litellm 1.80.0"]


def test_a_tier_at_or_above_the_base_is_left_alone() -> None:
    tiers = [{"above_input_tokens": 200_000} | dict.fromkeys(TIER_PRICES, 1.0)]
    model = record(
        {"pricing.tiers": "a", "kind": "b"},
        **CHAT,
        pricing=dict.fromkeys(TIER_PRICES, 1.0) | {"tiers": tiers},
    )
    (out,), findings = check(model)
    assert out is model
    assert findings == []


# -- cache read --------------------------------------------------------------------------------


def test_a_cache_read_above_input_is_dropped_with_its_history() -> None:
    model = record(
        {"pricing.input": "litellm", "pricing.cache_read": "models.dev", "kind": "litellm"},
        **CHAT,
        pricing={"input": 0.5, "cache_read": 1.25, "flex_input": 1.0, "flex_cache_read": 1.0},
        history=[
            {"field": "pricing.cache_read", "observed": "2025-01-01", "old": 1.0, "new": 1.25},
            {"field": "pricing.input", "observed": "2025-01-01", "old": 1.0, "new": 0.5},
        ],
    )
    (out,), findings = check(model)
    assert out.pricing.cache_read is None
    assert out.pricing.flex_cache_read == 1.0  # equal to its mode's input: allowed
    assert "pricing.cache_read" not in out.provenance
    assert [c.field for c in out.history] == ["pricing.input"]
    (finding,) = findings
    assert finding.detail == (
        "pricing.cache_read $1.25 (models.dev) > pricing.input $0.5 (litellm)"
    )


@pytest.mark.parametrize(("cache", "base"), CACHE_PAIRS)
def test_every_mode_pairs_its_cache_read_with_its_input(cache: str, base: str) -> None:
    pricing = {cache.partition(".")[2]: 2.0, base.partition(".")[2]: 1.0}
    (out,), findings = check(record(**CHAT, pricing=pricing))
    assert getattr(out.pricing, cache.partition(".")[2]) is None
    assert [f.field for f in findings] == [cache]


# -- limits ------------------------------------------------------------------------------------


def test_a_max_input_above_the_window_loses_to_a_better_ranked_window() -> None:
    gemini = record(
        {"context_window": "models.dev", "max_input_tokens": "litellm 1.80.0"},
        **CHAT,
        context_window=1_000_000,
        max_input_tokens=2_097_152,
        max_output_tokens=8192,
    )
    (out,), findings = check(gemini)
    assert (out.context_window, out.max_input_tokens, out.max_output_tokens) == (
        1_000_000,
        None,
        8192,
    )
    assert findings[0].detail == (
        "max_input_tokens 2,097,152 (litellm 1.80.0) > context_window 1,000,000 (models.dev)"
    )


def test_a_window_from_a_worse_ranked_source_is_the_one_dropped() -> None:
    model = record(
        {"context_window": "litellm", "max_output_tokens": "openrouter-api"},
        **CHAT,
        context_window=4095,
        max_output_tokens=4096,
        history=[{"field": "context_window", "observed": "2025-01-01", "old": 2048, "new": 4095}],
    )
    (out,), findings = check(model)
    assert (out.context_window, out.max_output_tokens, out.history) == (None, 4096, ())
    assert [(f.field, f.action) for f in findings] == [("context_window", "dropped")]


def test_a_max_output_without_a_window_is_not_a_violation() -> None:
    model = record({"kind": "litellm"}, **CHAT, max_output_tokens=8192, max_input_tokens=8192)
    (out,), findings = check(model)
    assert out is model
    assert findings == []


def test_limits_within_the_window_are_left_alone() -> None:
    model = record(
        {"kind": "x"}, **CHAT, context_window=400_000, max_input_tokens=272_000,
        max_output_tokens=128_000,
    )  # fmt: skip
    assert check(model) == ([model], [])


# -- kind --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "kind", "rule"),
    [
        ({"output_modalities": ["text"], "input_modalities": ["text", "image"]}, "chat", 0),
        ({"output_modalities": ["image", "text"]}, "chat", 0),
        ({"output_modalities": ["embedding"]}, "embedding", 0),
        ({"output_modalities": ["image"]}, "image", 0),
        ({"output_modalities": ["speech"]}, "audio", 0),
        ({"output_modalities": ["video"]}, "video", 0),
        ({"capabilities": {"embedding_dimensions": 1024}}, "embedding", 1),
    ],
)
def test_a_kind_no_source_states_is_derived_and_says_by_which_rule(
    fields: dict[str, object], kind: str, rule: int
) -> None:
    (out,), (finding,) = check(record(**fields))
    assert out.kind == kind
    assert out.provenance["kind"] == DERIVED + KIND_RULES[rule][0]
    assert (finding.rule, finding.action, finding.detail) == (
        "kind",
        DERIVED + KIND_RULES[rule][0],
        kind,
    )


def test_the_anthropic_list_holds_chat_models_only() -> None:
    (out,), _ = check(record({"id": "anthropic-api 2025-07-17"}, provider="anthropic"))
    assert (out.kind, out.provenance["kind"]) == ("chat", "derived:anthropic-api-lists-chat")
    (other,), _ = check(record({"id": "litellm"}))
    assert (other.kind, other.provenance["kind"]) == ("other", "derived:unclassified")


def test_a_stated_kind_stands() -> None:
    model = record({"kind": "litellm"}, kind="embedding", output_modalities=["text"])
    assert check(model) == ([model], [])


# -- aliases -----------------------------------------------------------------------------------


def life(status: str, **dates: str) -> dict[str, object]:
    return {"status": status, "first_seen": "2025-01-01", **dates}


def test_an_alias_of_a_retired_model_is_retired_too() -> None:
    target = record(
        {"lifecycle.retirement_date": "mistral-docs", "kind": "k"},
        id="open-mixtral-8x7b",
        kind="chat",
        lifecycle=life("retired", retirement_date="2025-03-30"),
    )
    alias = record({"id": "litellm", "kind": "k"}, id="mistral-small", kind="chat")
    out, findings = check(target, alias, dropped=("p/open-mixtral-8x7b: mistral-small",))
    assert out[0] is target
    assert out[1].lifecycle.status == "retired"
    assert out[1].lifecycle.retirement_date == "2025-03-30"
    assert out[1].lifecycle.first_seen == alias.lifecycle.first_seen  # its own observations
    assert out[1].provenance["lifecycle.retirement_date"] == "derived:alias-of p/open-mixtral-8x7b"
    (finding,) = findings
    assert (finding.key, finding.action) == ("p/mistral-small", "aligned")
    assert "alias active (litellm; retires -)" in finding.detail
    assert "retired (no source; retires 2025-03-30 per mistral-docs)" in finding.detail


def test_a_withdrawn_alias_of_a_served_model_is_reported_not_revived() -> None:
    target = record({"kind": "k"}, id="kimi-k3", kind="chat")
    alias = record({"kind": "k"}, id="kimi-latest", kind="chat", lifecycle=life("retired"))
    out, findings = check(target, alias, dropped=("p/kimi-k3: kimi-latest",))
    assert out == [target, alias]
    assert [(f.key, f.action) for f in findings] == [("p/kimi-latest", "reported")]


def test_an_alias_of_the_same_status_keeps_its_own_dates() -> None:
    target = record({"kind": "k"}, id="mamba-2407", kind="chat", lifecycle=life("retired"))
    alias = record(
        {"kind": "k", "lifecycle.retirement_date": "mistral-docs"},
        id="open-mamba",
        kind="chat",
        lifecycle=life("retired", retirement_date="2025-06-06"),
    )
    out, findings = check(target, alias, dropped=("p/mamba-2407: open-mamba",))
    assert out == [target, alias]
    assert [(f.key, f.action) for f in findings] == [("p/open-mamba", "reported")]


def test_alias_lines_that_name_no_record_pair_are_ignored() -> None:
    one = record({"kind": "k"}, id="a", kind="chat")
    two = record({"kind": "k"}, id="b", kind="chat", lifecycle=life("retired"))
    lines = ("p/a: folded into p/b (an official alias)", "p/a: b", "p/b: a", "p/x: a")
    assert check(one, two, dropped=lines) == ([one, two], [])  # a pair naming each other


# -- findings and report -----------------------------------------------------------------------


def test_a_finding_of_an_unknown_rule_fails_loudly() -> None:
    with pytest.raises(KeyError, match="'tier-above-base'"):
        Finding("p/m", "tier-above-base", "pricing.tiers", "dropped", "")


def test_the_report_says_it_is_generated_and_lists_each_finding() -> None:
    models = (
        record(**CHAT, pricing={"input": 1.0, "cache_read": 2.0}),
        record(id="n", output_modalities=["text"]),
    )
    _, findings = check(*models)
    text = invariants.markdown(findings).decode()
    assert text.startswith("# Record invariants\n\nGENERATED by scripts/refresh.py")
    assert "| p/m | pricing.cache_read | dropped |" in text
    assert "| derived:output-modalities | chat | 1 |" in text
    assert invariants.summary(findings) == (
        "invariants: 1 cache-above-input, 1 kind (reports/invariants.md)"
    )
    assert invariants.summary([]) == "invariants: no findings (reports/invariants.md)"


# -- the bundled catalog -----------------------------------------------------------------------


@pytest.mark.regeneration
def test_every_bundled_record_holds_every_invariant_or_says_why() -> None:
    catalog = ModelCatalog()
    records = {m.key: m for m in catalog.all()}
    kind_rules = {DERIVED + name for name, _ in KIND_RULES} | {DERIVED + "unclassified"}
    unexplained: list[str] = []
    for key, m in records.items():
        why = m.provenance
        if m.kind is None or "kind" not in why:
            unexplained.append(f"{key}: no kind")
        elif why["kind"].startswith(DERIVED) and why["kind"] not in kind_rules:
            unexplained.append(f"{key}: kind by unknown rule {why['kind']}")
        for tier in m.pricing.tiers:
            for name in TIER_PRICES:
                value, base = getattr(tier, name), getattr(m.pricing, name)
                stated = (
                    why.get(BELOW_BASE) == why.get("pricing.tiers") == why.get(f"pricing.{name}")
                )
                if value is not None and base is not None and value < base and not stated:
                    unexplained.append(f"{key}: tier {name} {value} < base {base}")
        for cache, base_path in CACHE_PAIRS:
            cached = getattr(m.pricing, cache.partition(".")[2])
            price = getattr(m.pricing, base_path.partition(".")[2])
            if cached is not None and price is not None and cached > price:
                unexplained.append(f"{key}: {cache} {cached} > {base_path} {price}")
        for limit in (m.max_input_tokens, m.max_output_tokens):
            if m.context_window is not None and limit is not None and limit > m.context_window:
                unexplained.append(f"{key}: limit {limit} > context {m.context_window}")
        status_source = why.get("lifecycle.status", "")
        if status_source.startswith(DERIVED + "alias-of "):
            target = records[status_source.removeprefix(DERIVED + "alias-of ")]
            if m.lifecycle.status_on("2026-12-01") != target.lifecycle.status_on("2026-12-01"):
                unexplained.append(f"{key}: alias disagrees with {target.key}")
    assert unexplained == []
    report = (REPORTS / "invariants.md").read_text()
    derived = sum(1 for m in records.values() if m.provenance["kind"].startswith(DERIVED))
    assert f"## kind derived (no source states one) ({derived})" in report
    for line in report.splitlines():
        if "| reported |" in line:  # a withdrawn alias is listed with the sources
            assert line.split(" | ")[0].removeprefix("| ") in records
