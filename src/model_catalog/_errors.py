"""Exceptions raised by the catalog."""

from __future__ import annotations

__all__ = ["AmbiguousModelError", "CatalogDataError", "UnknownModelError"]


class UnknownModelError(KeyError):
    """No model matches the name. ``suggestions`` holds up to five close matches."""

    def __init__(self, name: str, suggestions: tuple[str, ...] = ()) -> None:
        self.name = name
        self.suggestions = suggestions
        message = f"unknown model {name!r}"
        if suggestions:
            message += "; did you mean: " + ", ".join(suggestions) + "?"
        super().__init__(message)

    def __str__(self) -> str:
        # KeyError.__str__ would repr() the message and add quotes.
        return str(self.args[0])


class AmbiguousModelError(LookupError):
    """Several providers offer a model under this name and none of them is its maker."""

    def __init__(self, name: str, candidates: tuple[str, ...]) -> None:
        self.name = name
        self.candidates = candidates
        super().__init__(
            f"model name {name!r} is offered by several providers; "
            f"ask for one of: {', '.join(candidates)}"
        )


class CatalogDataError(RuntimeError):
    """A bundled data file is missing or corrupt. The message names the file."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        super().__init__(f"cannot read catalog data file {path}: {reason}")
