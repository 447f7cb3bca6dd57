"""What is this AI model and what does it cost? An offline catalog of models and list prices.

>>> from model_catalog import catalog
>>> catalog.get("grok-2").provider
'xai'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._catalog import ModelCatalog
from ._errors import (
    AmbiguousModelError,
    CatalogDataError,
    CatalogError,
    InvalidArgumentError,
    PriceUnknownError,
    ResponseShapeError,
    UnknownModelError,
    UnknownProviderError,
)
from ._types import (
    Capabilities,
    Change,
    Kind,
    Lifecycle,
    Model,
    PriceTier,
    Pricing,
    Provenance,
    ProviderInfo,
    ServiceTier,
    Source,
    Status,
)

if TYPE_CHECKING:
    from ._billing import CostBreakdown, CostItem, Usage

__all__ = [
    "AmbiguousModelError",
    "Capabilities",
    "CatalogDataError",
    "CatalogError",
    "Change",
    "CostBreakdown",
    "CostItem",
    "InvalidArgumentError",
    "Kind",
    "Lifecycle",
    "Model",
    "ModelCatalog",
    "PriceTier",
    "PriceUnknownError",
    "Pricing",
    "Provenance",
    "ProviderInfo",
    "ResponseShapeError",
    "ServiceTier",
    "Source",
    "Status",
    "UnknownModelError",
    "UnknownProviderError",
    "Usage",
    "__version__",
    "catalog",
]

__version__ = "2026.11.25"

catalog: ModelCatalog = ModelCatalog()
"""The bundled catalog. Data files are decoded on first use."""

_BILLING = frozenset({"CostBreakdown", "CostItem", "Usage"})
"""Exported from ``_billing``, which the first bill imports: a lookup never pays for it."""


def __getattr__(name: str) -> object:
    if name in _BILLING:
        from . import _billing

        return getattr(_billing, name)
    msg = f"module 'model_catalog' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted({*globals(), *_BILLING})
