"""The provider table: every catalog provider, in one place, read by every module.

Each row says what the provider is called, how people spell it in ``provider/id`` names, which
bare model names it makes (so it wins a bare id that resellers share), and under which keys the
aggregates list it. The runtime reads ``spellings`` and ``makes`` from ``data/index.json``, which
is written from this table. A source that emits a provider missing here stops the run with
``UnknownProviderError``: a new provider is one row here, its source module and its fixture.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PROVIDERS", "Provider", "UnknownProviderError", "provider"]


@dataclass(frozen=True)
class Provider:
    """One catalog provider."""

    id: str
    name: str
    spellings: tuple[str, ...] = ()
    """Other names for it in ``provider/id`` (lowercase): ``gemini/...`` means ``google/...``."""
    makes: tuple[str, ...] = ()
    """Prefixes of the bare model names it makes (lowercase): ``grok`` for xAI."""
    models_dev: tuple[str, ...] = ()
    """models.dev provider keys that list this provider's models."""
    litellm: tuple[str, ...] = ()
    """LiteLLM ``litellm_provider`` values that list this provider's models."""
    litellm_prefix: str = ""
    """Prefix of LiteLLM keys for this provider (``xai/``), stripped to get the model id."""
    litellm_prefix_required: bool = True
    """Whether a LiteLLM key must carry the prefix (OpenAI's keys mostly do not)."""
    free_models: bool = False
    """The provider offers models at no charge (AI Studio's experimental and Gemma models, local
    Ollama), so an aggregate's $0/$0 for it can mean free. Elsewhere $0/$0 means "no price"."""
    genai_prices: tuple[str, ...] = ()
    """genai-prices provider ids that list this provider's models."""
    litellm_flat_ids: bool = False
    """Model ids never contain ``/``: a LiteLLM key with one names a region or deployment path
    (``azure/eu/gpt-4o``, ``bedrock/us-east-1/...``) that repeats a model, and is skipped."""


PROVIDERS: tuple[Provider, ...] = (
    Provider(
        "openai",
        "OpenAI",
        makes=("gpt", "chatgpt", "o1", "o3", "o4", "text-embedding", "dall-e", "whisper", "tts"),
        models_dev=("openai",),
        genai_prices=("openai",),
        litellm=("openai", "text-completion-openai"),
        litellm_prefix="openai/",
        litellm_prefix_required=False,
        litellm_flat_ids=True,
    ),
    Provider(
        "anthropic",
        "Anthropic",
        makes=("claude",),
        models_dev=("anthropic",),
        genai_prices=("anthropic",),
        litellm=("anthropic",),
        litellm_prefix="anthropic/",
        litellm_prefix_required=False,
        litellm_flat_ids=True,
    ),
    Provider(
        "google",
        "Google Gemini API",
        spellings=("gemini", "google-ai-studio"),
        makes=("gemini", "gemma", "imagen"),
        models_dev=("google",),
        genai_prices=("google",),
        litellm=("gemini",),
        litellm_prefix="gemini/",
        free_models=True,
    ),
    Provider(
        "vertex_ai",
        "Google Vertex AI",
        spellings=("vertex", "google-vertex", "vertex-ai"),
        models_dev=("google-vertex", "google-vertex-anthropic"),
        litellm=(
            "vertex_ai",
            "vertex_ai-language-models",
            "vertex_ai-anthropic_models",
            "vertex_ai-mistral_models",
            "vertex_ai-llama_models",
            "vertex_ai-embedding-models",
            "vertex_ai-text-models",
            "vertex_ai-chat-models",
        ),
        litellm_prefix="vertex_ai/",
        litellm_prefix_required=False,
        litellm_flat_ids=True,
    ),
    Provider(
        "azure_openai",
        "Azure OpenAI",
        spellings=("azure", "azure-openai"),
        models_dev=("azure",),
        genai_prices=("azure",),
        litellm=("azure",),
        litellm_prefix="azure/",
        litellm_flat_ids=True,
    ),
    Provider(
        "bedrock",
        "AWS Bedrock",
        spellings=("amazon-bedrock", "aws", "aws-bedrock"),
        models_dev=("amazon-bedrock",),
        genai_prices=("aws",),
        litellm=("bedrock", "bedrock_converse"),
        litellm_prefix="bedrock/",
        litellm_prefix_required=False,
        litellm_flat_ids=True,
    ),
    Provider(
        "mistral",
        "Mistral",
        spellings=("mistralai",),
        makes=("mistral", "codestral", "magistral", "devstral", "pixtral", "ministral"),
        models_dev=("mistral",),
        genai_prices=("mistral",),
        litellm=("mistral",),
        litellm_prefix="mistral/",
    ),
    Provider(
        "xai",
        "xAI",
        spellings=("x-ai",),
        makes=("grok",),
        models_dev=("xai",),
        genai_prices=("x-ai",),
        litellm=("xai",),
        litellm_prefix="xai/",
    ),
    Provider(
        "groq",
        "Groq",
        models_dev=("groq",),
        genai_prices=("groq",),
        litellm=("groq",),
        litellm_prefix="groq/",
    ),
    Provider(
        "together",
        "Together AI",
        spellings=("together_ai", "togetherai", "together-ai"),
        models_dev=("togetherai",),
        genai_prices=("together",),
        litellm=("together_ai",),
        litellm_prefix="together_ai/",
    ),
    Provider(
        "openrouter",
        "OpenRouter",
        models_dev=("openrouter",),
        genai_prices=("openrouter",),
        litellm=("openrouter",),
        litellm_prefix="openrouter/",
    ),
    Provider(
        "deepseek",
        "DeepSeek",
        makes=("deepseek",),
        models_dev=("deepseek",),
        genai_prices=("deepseek",),
        litellm=("deepseek",),
        litellm_prefix="deepseek/",
        litellm_prefix_required=False,
    ),
    Provider(
        "cohere",
        "Cohere",
        makes=("command", "embed-", "rerank-", "c4ai-"),
        models_dev=("cohere",),
        genai_prices=("cohere",),
        litellm=("cohere", "cohere_chat"),
        litellm_prefix="cohere/",
        litellm_prefix_required=False,
    ),
    Provider(
        "perplexity",
        "Perplexity",
        makes=("sonar",),
        models_dev=("perplexity", "perplexity-agent"),
        genai_prices=("perplexity",),
        litellm=("perplexity",),
        litellm_prefix="perplexity/",
    ),
    Provider(
        "ai21",
        "AI21 Labs",
        makes=("jamba",),
        litellm=("ai21",),
        litellm_prefix="ai21/",
        litellm_prefix_required=False,
    ),
    Provider(
        "huggingface",
        "Hugging Face Inference Providers",
        spellings=("hf", "hugging-face"),
        models_dev=("huggingface",),
        litellm=("huggingface",),
        litellm_prefix="huggingface/",
    ),
    Provider(
        "ollama",
        "Ollama",
        models_dev=("ollama-cloud",),
        litellm=("ollama",),
        litellm_prefix="ollama/",
        free_models=True,
    ),
    # Beyond the 17 providers of the brief, from the aggregates:
    Provider(
        "fireworks",
        "Fireworks AI",
        spellings=("fireworks_ai", "fireworks-ai"),
        models_dev=("fireworks-ai",),
        genai_prices=("fireworks",),
        litellm=("fireworks_ai",),
        litellm_prefix="fireworks_ai/",
    ),
    Provider(
        "deepinfra",
        "DeepInfra",
        models_dev=("deepinfra",),
        litellm=("deepinfra",),
        litellm_prefix="deepinfra/",
    ),
    Provider(
        "cerebras",
        "Cerebras",
        models_dev=("cerebras",),
        genai_prices=("cerebras",),
        litellm=("cerebras",),
        litellm_prefix="cerebras/",
    ),
    Provider(
        "moonshot",
        "Moonshot AI",
        spellings=("moonshotai",),
        makes=("kimi",),
        models_dev=("moonshotai",),
        genai_prices=("moonshotai",),
        litellm=("moonshot",),
        litellm_prefix="moonshot/",
    ),
)

_BY_ID = {row.id: row for row in PROVIDERS}


class UnknownProviderError(LookupError):
    """A source named a provider that has no row in ``PROVIDERS``."""

    def __init__(self, provider: str, where: str) -> None:
        self.provider = provider
        known = ", ".join(sorted(_BY_ID))
        super().__init__(
            f"{where}: provider {provider!r} is not in the provider table "
            f"(scripts/providers.py); add a row for it. Known: {known}"
        )


def provider(provider_id: str, where: str) -> Provider:
    """The row of ``provider_id``, or ``UnknownProviderError`` naming ``where`` it came from."""
    row = _BY_ID.get(provider_id)
    if row is None:
        raise UnknownProviderError(provider_id, where)
    return row


def _check(rows: tuple[Provider, ...]) -> None:
    """Every id, spelling, maker prefix and aggregate key belongs to exactly one row."""
    owners: dict[tuple[str, str], str] = {}
    for row in rows:
        claims = [("id", row.id), *(("id", s) for s in row.spellings)]
        claims += [("makes", m) for m in row.makes]
        claims += [("models.dev", k) for k in row.models_dev]
        claims += [("litellm", k) for k in row.litellm]
        claims += [("genai-prices", k) for k in row.genai_prices]
        for claim in claims:
            if claim in owners:
                kind, name = claim
                msg = f"provider table: {kind} {name!r} claimed by {owners[claim]} and {row.id}"
                raise ValueError(msg)
            owners[claim] = row.id


_check(PROVIDERS)
