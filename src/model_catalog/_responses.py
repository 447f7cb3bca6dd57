"""Usage from raw provider responses: each API flavour's counts mapped onto the billing table.

A response body (dict, JSON ``str`` or ``bytes``) is recognised by its shape, never by a
provider's name; each reader turns its usage block into a ``Usage`` (whose ``input_tokens``
counts every prompt token, cached ones included, and ``output_tokens`` every generated one)
and reads the model, the served tier and the response's own timestamp. The semantics per
flavour (what each provider's counts include) are written once, in the readers below:

============================  ===============================================================
flavour (detected by)         usage semantics
============================  ===============================================================
OpenAI chat completions       ``prompt_tokens`` include cached (``prompt_tokens_details``) and
(``usage.prompt_tokens``):    audio tokens; ``completion_tokens`` include reasoning and audio,
also Azure OpenAI, Mistral,   except where ``total_tokens`` says reasoning lies outside them
DeepSeek, Groq, OpenRouter,   (xAI). DeepSeek states its cache hits as
xAI, Perplexity               ``prompt_cache_hit_tokens``; OpenRouter its cache writes as
                              ``cache_write_tokens`` and its own charge as ``usage.cost`` (a
                              cross-check only, as xAI's ``cost_in_usd_ticks``); Perplexity's
                              request fee is one web search at ``search_context_size``.
OpenAI Responses              ``input_tokens`` include ``input_tokens_details.cached_tokens``;
(``object: "response"``)      ``output_tokens`` include reasoning. xAI's Responses API too
                              (its ``cost_in_usd_ticks``, 1e-10 USD each, is a cross-check).
Anthropic Messages            ``input_tokens`` exclude cache reads and writes: the prompt is
(``type: "message"``), also   their sum. ``cache_creation`` splits writes into 5-minute and
through Bedrock InvokeModel   1-hour ones; ``server_tool_use.web_search_requests`` are billed
                              web searches; ``usage.service_tier`` the served tier.
Gemini / Vertex               ``promptTokenCount`` includes ``cachedContentTokenCount``;
``generateContent``           ``toolUsePromptTokenCount`` is prompt too; thoughts
(``usageMetadata``)           (``thoughtsTokenCount``) bill as output, beside
                              ``candidatesTokenCount``; cached AUDIO (``cacheTokensDetails``)
                              bills as cached audio. Vertex dates it (``createTime``).
Bedrock Converse              ``inputTokens`` exclude ``cacheReadInputTokens`` and
(``usage.inputTokens``)       ``cacheWriteInputTokens``; the body names no model.
OpenAI audio transcriptions   ``type: "duration"``: ``seconds`` of input audio (whisper-1);
(``usage.type``)              ``type: "tokens"``: ``input_tokens`` include
                              ``input_token_details.audio_tokens``. No model named.
Cohere (``billed_units``      The ``billed_units`` are the bill (input, output, search units
in ``usage`` or ``meta``)     as queries), not ``tokens``; any other billed unit is named as
                              unpriced. No model named.
============================  ===============================================================

Counts that contradict each other (a part above its total, as Grok on Azure reports more cached
tokens than its prompt) are a ``ResponseShapeError``: no bill of them can be honest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, NamedTuple

import msgspec

from ._billing import CostBreakdown, Usage, When, bill, parts_exceeding
from ._errors import (
    InvalidArgumentError,
    PriceUnknownError,
    ResponseShapeError,
    bool_argument,
    date_argument,
)

if TYPE_CHECKING:
    from ._catalog import ModelCatalog
    from ._types import Model

__all__ = ["price_response", "usage_from"]

_TIERS = {
    None: "standard",
    "default": "standard",
    "standard": "standard",
    "auto": "standard",
    "on_demand": "standard",
    "flex": "flex",
    "priority": "priority",
    "batch": "batch",
}
"""A response's stated service tier -> the prices it is billed at."""

_USD_PER_XAI_TICK = 1e-10
_SEARCHES_AT = {"low": "web_searches_low", "medium": "web_searches", "high": "web_searches_high"}
"""Perplexity's ``search_context_size`` -> the count its one request fee is billed as."""


class _Read(NamedTuple):
    flavour: str
    usage: Usage
    model: str | None
    tier: str | None
    day: str | None
    """The response's own date (``YYYY-MM-DD``, UTC), where it states one."""
    reported: float | None
    unbilled: str | None = None
    """A dimension the response bills that the billing table has no row for."""


def _decode(body: object) -> Mapping[str, object]:
    if isinstance(body, (str, bytes, bytearray, memoryview)):
        try:
            body = msgspec.json.decode(body)
        except msgspec.DecodeError as exc:
            msg = f"response body is not JSON: {exc}"
            raise ResponseShapeError(msg) from None
    if not isinstance(body, Mapping):
        msg = f"response body must be a JSON object (dict, str or bytes), got {type(body).__name__}"
        raise ResponseShapeError(msg)
    return body


def _obj(parent: Mapping[str, object], key: str) -> Mapping[str, object]:
    value = parent.get(key)
    return value if isinstance(value, Mapping) else {}


def _int(parent: Mapping[str, object], key: str, where: str, *, required: bool = False) -> int:
    value = parent.get(key)
    if value is None and not required:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        msg = f"response {where}.{key} must be a count >= 0, got {value!r}"
        raise ResponseShapeError(msg)
    return value


def _str(body: Mapping[str, object], key: str) -> str | None:
    value = body.get(key)
    return value if isinstance(value, str) else None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _ticks(usage: Mapping[str, object]) -> float | None:
    """The charge xAI reports, ``cost_in_usd_ticks`` (1e-10 USD each), in USD."""
    ticks = _number(usage.get("cost_in_usd_ticks"))
    return None if ticks is None else ticks * _USD_PER_XAI_TICK


def _day(body: Mapping[str, object], key: str) -> str | None:
    """The UTC date of ``body[key]``: Unix seconds (``created``) or an ISO time (``createTime``)."""
    value = body.get(key)
    if value is None:
        return None
    try:
        if isinstance(value, str):
            return date_argument(value, key, moments=True)
        seconds = _number(value)
        if seconds is not None:
            return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).date().isoformat()
    except (InvalidArgumentError, OverflowError, OSError, ValueError):
        pass
    msg = f"response {key} must be a time (Unix seconds or ISO 8601), got {value!r}"
    raise ResponseShapeError(msg)


def _chat(body: Mapping[str, object]) -> _Read:
    usage = _obj(body, "usage")
    prompt, completion = (
        _obj(usage, "prompt_tokens_details"),
        _obj(usage, "completion_tokens_details"),
    )
    cached = _int(prompt, "cached_tokens", "usage.prompt_tokens_details") or _int(
        usage, "prompt_cache_hit_tokens", "usage"
    )
    cost = usage.get("cost")
    unbilled, searches = None, {}
    if isinstance(cost, Mapping):  # Perplexity: token costs and a per-request search fee
        reported = _number(cost.get("total_cost"))
        if _number(cost.get("request_cost")):
            size = usage.get("search_context_size")
            if isinstance(size, str) and size in _SEARCHES_AT:
                searches = {_SEARCHES_AT[size]: 1}
            else:
                unbilled = (
                    f"per-request search fee at search context size {size!r} "
                    "(the catalog holds the low, medium and high prices)"
                )
    else:
        ticks = _ticks(usage)
        reported = _number(cost) if ticks is None else ticks
    tier = _str(body, "service_tier") or _str(usage, "service_tier")
    prompt_tokens = _int(usage, "prompt_tokens", "usage", required=True)
    output = _int(usage, "completion_tokens", "usage")
    reasoning = _int(completion, "reasoning_tokens", "usage.completion_tokens_details")
    if reasoning and usage.get("total_tokens") == prompt_tokens + output + reasoning:
        # xAI counts reasoning apart from completion_tokens (and bills it as output: its
        # reported cost agrees); OpenAI counts it within, so total = prompt + completion.
        output += reasoning
    return _Read(
        "chat completions",
        Usage(
            input_tokens=prompt_tokens,
            output_tokens=output,
            cached_input_tokens=cached,
            cache_write_tokens=_int(prompt, "cache_write_tokens", "usage.prompt_tokens_details"),
            audio_input_tokens=_int(prompt, "audio_tokens", "usage.prompt_tokens_details"),
            citation_tokens=_int(usage, "citation_tokens", "usage"),
            reasoning_tokens=reasoning,
            audio_output_tokens=_int(completion, "audio_tokens", "usage.completion_tokens_details"),
            **searches,
        ),
        _str(body, "model"),
        tier,
        _day(body, "created"),
        reported,
        unbilled,
    )


def _responses(body: Mapping[str, object]) -> _Read:
    usage = _obj(body, "usage")
    details_in, details_out = (
        _obj(usage, "input_tokens_details"),
        _obj(usage, "output_tokens_details"),
    )
    return _Read(
        "responses",
        Usage(
            input_tokens=_int(usage, "input_tokens", "usage", required=True),
            output_tokens=_int(usage, "output_tokens", "usage"),
            cached_input_tokens=_int(details_in, "cached_tokens", "usage.input_tokens_details"),
            reasoning_tokens=_int(details_out, "reasoning_tokens", "usage.output_tokens_details"),
        ),
        _str(body, "model"),
        _str(body, "service_tier"),
        _day(body, "created_at"),
        _ticks(usage),
    )


def _anthropic(body: Mapping[str, object]) -> _Read:
    usage = _obj(body, "usage")
    fresh = _int(usage, "input_tokens", "usage", required=True)
    read = _int(usage, "cache_read_input_tokens", "usage")
    written = _int(usage, "cache_creation_input_tokens", "usage")
    split = _obj(usage, "cache_creation")
    if split:
        five = _int(split, "ephemeral_5m_input_tokens", "usage.cache_creation")
        hour = _int(split, "ephemeral_1h_input_tokens", "usage.cache_creation")
        if five + hour != written:
            msg = (
                f"response usage.cache_creation ({five} + {hour}) does not add up to "
                f"usage.cache_creation_input_tokens ({written})"
            )
            raise ResponseShapeError(msg)
    else:
        five, hour = written, 0
    tools = _obj(usage, "server_tool_use")
    return _Read(
        "anthropic messages",
        Usage(
            input_tokens=fresh + read + written,
            output_tokens=_int(usage, "output_tokens", "usage"),
            cached_input_tokens=read,
            cache_write_tokens=five,
            cache_write_1h_tokens=hour,
            web_searches=_int(tools, "web_search_requests", "usage.server_tool_use"),
        ),
        _str(body, "model"),
        _str(usage, "service_tier"),
        None,
        None,
    )


def _modality(details: object, modality: str, where: str) -> int:
    """The tokens of ``modality`` in a Gemini ``*TokensDetails`` list."""
    if not isinstance(details, list):
        return 0
    return sum(
        _int(d, "tokenCount", where)
        for d in details
        if isinstance(d, Mapping) and d.get("modality") == modality
    )


def _gemini(body: Mapping[str, object]) -> _Read:
    usage = _obj(body, "usageMetadata")
    where = "usageMetadata"
    thoughts = _int(usage, "thoughtsTokenCount", where)
    cached = _int(usage, "cachedContentTokenCount", where)
    # Audio read from the cache is billed as cached audio: in neither the cached nor the audio
    # part (both totals include it).
    cached_audio = _modality(
        usage.get("cacheTokensDetails"), "AUDIO", f"{where}.cacheTokensDetails"
    )
    audio = (
        _modality(usage.get("promptTokensDetails"), "AUDIO", f"{where}.promptTokensDetails")
        - cached_audio
    )
    if cached_audio > cached or audio < 0:
        msg = (
            f"response {where}.cacheTokensDetails counts {cached_audio} AUDIO tokens, more than "
            "cachedContentTokenCount or the AUDIO tokens of promptTokensDetails"
        )
        raise ResponseShapeError(msg)
    tier = _str(usage, "serviceTier")
    return _Read(
        "gemini generateContent",
        Usage(
            input_tokens=_int(usage, "promptTokenCount", where, required=True)
            + _int(usage, "toolUsePromptTokenCount", where),
            output_tokens=_int(usage, "candidatesTokenCount", where) + thoughts,
            cached_input_tokens=cached - cached_audio,
            audio_input_tokens=audio,
            cached_audio_input_tokens=cached_audio,
            reasoning_tokens=thoughts,
        ),
        _str(body, "modelVersion"),
        None if tier is None else tier.lower(),
        _day(body, "createTime"),  # Vertex states it; the Gemini API does not
        None,
    )


def _converse(body: Mapping[str, object]) -> _Read:
    usage = _obj(body, "usage")
    read = _int(usage, "cacheReadInputTokens", "usage")
    written = _int(usage, "cacheWriteInputTokens", "usage")
    return _Read(
        "bedrock converse",
        Usage(
            input_tokens=_int(usage, "inputTokens", "usage", required=True) + read + written,
            output_tokens=_int(usage, "outputTokens", "usage"),
            cached_input_tokens=read,
            cache_write_tokens=written,
        ),
        None,
        None,
        None,
        None,
    )


_COHERE_BILLED = {"input_tokens", "output_tokens", "search_units"}


def _cohere(body: Mapping[str, object]) -> _Read:
    usage = _obj(body, "usage")
    if "billed_units" in usage:
        units, where = _obj(usage, "billed_units"), "usage.billed_units"  # v2 chat
    else:
        units, where = _obj(_obj(body, "meta"), "billed_units"), "meta.billed_units"  # embed
    if not _COHERE_BILLED & set(units):
        msg = f"response {where} states no billed count ({', '.join(sorted(_COHERE_BILLED))})"
        raise ResponseShapeError(msg)
    others = sorted(str(k) for k, v in units.items() if k not in _COHERE_BILLED and v)
    return _Read(
        "cohere",
        Usage(
            input_tokens=_int(units, "input_tokens", where),
            output_tokens=_int(units, "output_tokens", where),
            queries=_int(units, "search_units", where),
        ),
        None,
        None,
        None,
        None,
        f"billed units {', '.join(others)} (in {where})" if others else None,
    )


def _transcription(body: Mapping[str, object]) -> _Read:
    usage = _obj(body, "usage")
    if usage.get("type") == "duration":
        counts = Usage(input_seconds=_int(usage, "seconds", "usage", required=True))
    else:
        details = _obj(usage, "input_token_details")
        counts = Usage(
            input_tokens=_int(usage, "input_tokens", "usage", required=True),
            output_tokens=_int(usage, "output_tokens", "usage"),
            audio_input_tokens=_int(details, "audio_tokens", "usage.input_token_details"),
        )
    return _Read("audio transcription", counts, None, None, None, None)


_FLAVOURS: tuple[tuple[Callable[[Mapping[str, object]], bool], Callable[..., _Read]], ...] = (
    (lambda b: "usageMetadata" in b, _gemini),
    (lambda b: b.get("type") == "message" and "input_tokens" in _obj(b, "usage"), _anthropic),
    (lambda b: b.get("object") == "response" and "input_tokens" in _obj(b, "usage"), _responses),
    (lambda b: "prompt_tokens" in _obj(b, "usage"), _chat),
    (lambda b: "inputTokens" in _obj(b, "usage"), _converse),
    (lambda b: _obj(b, "usage").get("type") in ("duration", "tokens"), _transcription),
    (
        lambda b: "billed_units" in _obj(b, "usage") or "billed_units" in _obj(b, "meta"),
        _cohere,
    ),
)
"""Shape test -> reader, in the order tried: the first shape that matches reads the body."""


def _read(body: object) -> _Read:
    decoded = _decode(body)
    for matches, reader in _FLAVOURS:
        if matches(decoded):
            read: _Read = reader(decoded)
            excess = parts_exceeding(msgspec.structs.asdict(read.usage))
            if excess is not None:  # its counts contradict themselves: no bill can be honest
                msg = f"the {read.flavour} response's usage does not add up: {excess}"
                raise ResponseShapeError(msg)
            return read
    keys = ", ".join(sorted(str(k) for k in decoded)[:12]) or "none"
    usage_keys = ", ".join(sorted(str(k) for k in _obj(decoded, "usage"))[:12])
    msg = (
        "unknown response shape: no usage block of a known API flavour (usage.prompt_tokens, "
        "usage.input_tokens with object 'response' or type 'message', usageMetadata, "
        f"usage.inputTokens, usage.type, billed_units); top-level keys: {keys}"
        + (f"; usage keys: {usage_keys}" if usage_keys else "")
    )
    raise ResponseShapeError(msg)


def usage_from(body: object, *, provider: str | None = None) -> Usage:
    """The ``Usage`` a raw response reports, in ``cost()``'s terms (see the module table).

    ``provider`` is accepted for symmetry with ``price_response``: the counts depend on the
    response's shape only.
    """
    del provider
    return _read(body).usage


def _record(catalog: ModelCatalog, read: _Read, provider: str | None, model: str | None) -> Model:
    """The record billed: the body's model, or ``model`` where the body names none it knows."""
    if model is None:
        if read.model is None:
            msg = (
                f"the {read.flavour} response names no model (no 'model' field): "
                "pass the model it was sent to (model=, or NAME on the command line)"
            )
            raise ResponseShapeError(msg)
        return catalog.get(read.model, provider=provider)
    given = catalog.get(model, provider=provider)
    named = None if read.model is None else catalog.get(read.model, None, provider=provider)
    if named is not None and named.key != given.key:
        msg = (
            f"the response names {read.model!r} ({named.key}), not {model!r} ({given.key}): "
            "model= is for a body that names no model, or one the catalog does not know"
        )
        raise InvalidArgumentError(msg)
    return given


def price_response(
    catalog: ModelCatalog,
    body: object,
    *,
    provider: str | None = None,
    model: str | None = None,
    batch: bool = False,
    at: When = None,
) -> CostBreakdown:
    """Bill a raw response at list price: its model, served tier and date, from the body.

    ``model`` names the model where the body names none (Bedrock Converse, Cohere, audio
    transcriptions) or one the catalog does not know; naming another model than the body's is
    an error. ``batch`` bills a result of a batch job, whose body states the tier it ran at
    (``default``), not that it was batched.
    """
    batch = bool_argument(batch, "batch")
    read = _read(body)
    record = _record(catalog, read, provider, model)
    served = _TIERS.get(read.tier)
    if served is None:
        raise PriceUnknownError(
            record.key,
            f"service tier {read.tier!r}",
            "service_tier",
            "the catalog has no such tier",
        )
    if read.unbilled is not None:
        raise PriceUnknownError(record.key, read.unbilled, "pricing", "no price field holds it")
    if batch and served in ("flex", "priority"):
        msg = f"the response was served at the {served} tier, which batch prices do not have"
        raise InvalidArgumentError(msg)
    billed = bill(
        record,
        read.usage,
        batch=batch or served == "batch",
        service_tier="standard" if served == "batch" else served,
        at=read.day if at is None else at,  # the response's own date
    )
    return msgspec.structs.replace(billed, reported_total=read.reported)
