"""Exceptions raised by the catalog, and the checks of arguments that raise them."""

from __future__ import annotations

import datetime as dt

__all__ = [
    "AmbiguousModelError",
    "CatalogDataError",
    "CatalogError",
    "InvalidArgumentError",
    "PriceUnknownError",
    "ResponseShapeError",
    "UnknownModelError",
    "UnknownProviderError",
    "bool_argument",
    "date_argument",
    "shown",
]

_MAX_SHOWN = 200
"""Names longer than this are cut in messages (a 10 MB name makes a readable error)."""


def shown(name: str) -> str:
    """``name`` for a message: quoted, and cut to ``_MAX_SHOWN`` characters."""
    if len(name) <= _MAX_SHOWN:
        return repr(name)
    return repr(name[:_MAX_SHOWN]) + f"... ({len(name):,} characters)"


class CatalogError(Exception):
    """Base of every error the catalog raises on purpose (the CLI maps only these)."""


class UnknownModelError(CatalogError, KeyError):
    """No model matches the name. ``suggestions`` holds up to five close matches."""

    def __init__(self, name: str, suggestions: tuple[str, ...] = ()) -> None:
        self.name = name
        self.suggestions = suggestions
        message = f"unknown model {shown(name)}"
        if suggestions:
            message += "; did you mean: " + ", ".join(suggestions) + "?"
        super().__init__(message)

    def __str__(self) -> str:
        # KeyError.__str__ would repr() the message and add quotes.
        return str(self.args[0])


class AmbiguousModelError(CatalogError, KeyError):
    """Several providers offer a model under this name and none of them is its maker.

    A ``KeyError``, like an unknown name: ``name in catalog`` is false for it.
    """

    def __init__(self, name: str, candidates: tuple[str, ...]) -> None:
        self.name = name
        self.candidates = candidates
        super().__init__(
            f"model name {shown(name)} is offered by several providers; "
            f"ask for one of: {', '.join(candidates)}"
        )

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownProviderError(CatalogError, KeyError):
    """No provider has this id or spelling."""

    def __init__(self, provider: str, known: tuple[str, ...]) -> None:
        self.provider = provider
        super().__init__(f"unknown provider {shown(provider)}; known providers: {', '.join(known)}")

    def __str__(self) -> str:
        return str(self.args[0])


class InvalidArgumentError(CatalogError, TypeError, ValueError):
    """An argument of the public API has the wrong type or value; the message names it."""


class PriceUnknownError(CatalogError, ValueError):
    """A price the request needs was not stated by any source: it is unknown, not free."""

    def __init__(
        self, model: str, component: str, field: str, reason: str = "no source stated it"
    ) -> None:
        self.model = model
        self.component = component
        self.field = field
        super().__init__(
            f"{model}: the {component} price is unknown ({field}: {reason}), "
            "so the cost cannot be computed"
        )


class ResponseShapeError(CatalogError, ValueError):
    """A response to price is not JSON or of no known API flavour; the message says what lacks."""


class CatalogDataError(CatalogError, RuntimeError):
    """A bundled data file is missing or corrupt. The message names the file."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        super().__init__(f"cannot read catalog data file {path}: {reason}")


def bool_argument(value: object, name: str) -> bool:
    """``value``, a bool; anything else (``1``, ``"yes"``) raises ``InvalidArgumentError``."""
    if not isinstance(value, bool):
        msg = f"{name} must be a bool, got {type(value).__name__}"
        raise InvalidArgumentError(msg)
    return value


def _moment(text: str) -> dt.datetime:
    """An ISO 8601 date-time; ``Z`` and fractions of any length also on Python 3.10."""
    text = text.replace("Z", "+00:00")
    head, dot, rest = text.partition(".")
    if dot:  # fromisoformat before 3.11 takes 3 or 6 fraction digits only
        digits = len(rest) - len(rest.lstrip("0123456789"))
        text = f"{head}.{rest[:digits][:6].ljust(6, '0')}{rest[digits:]}"
    return dt.datetime.fromisoformat(text)


def date_argument(value: object, name: str = "at", *, moments: bool = False) -> str | None:
    """``YYYY-MM-DD`` from a ``date`` or an ISO date string.

    With ``moments`` also from a ``datetime`` or an ISO date-time (their UTC date where they
    carry a zone): ``at=`` takes both, ``Lifecycle.status_on(day)`` days only.
    An impossible date (``2025-02-30``) or any other value raises ``InvalidArgumentError``.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime) and moments:
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc)
        return value.date().isoformat()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str) and value[:4].isdigit() and value[4:5] == "-":
        try:
            if len(value) == 10:
                return dt.date.fromisoformat(value).isoformat()
            if moments:
                return date_argument(_moment(value), name, moments=True)
        except ValueError:
            pass
        msg = f"{name} must be a date 'YYYY-MM-DD' that exists, got {value!r}"
        raise InvalidArgumentError(msg)
    kinds = "a date or a datetime" if moments else "or a date"
    msg = f"{name} must be a date 'YYYY-MM-DD', {kinds}, got {value!r}"
    raise InvalidArgumentError(msg)
