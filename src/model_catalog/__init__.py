"""What is this AI model and what does it cost? An offline catalog of models and list prices.

>>> from model_catalog import catalog
>>> catalog.get("grok-2").provider
'xai'
"""

from __future__ import annotations

from ._billing import CostBreakdown, CostItem, Usage
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
