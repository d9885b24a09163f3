"""A package's names imported on first use (PEP 562), so importing the package stays light.

``polls`` and ``polls.charts`` name functions whose modules load pandas and
matplotlib; a caller that needs none of them (the up-to-date check, a build
whose charts are all cached) must not pay for those imports.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, exports: Mapping[str, str],
                 namespace: dict[str, Any]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package``: each name of ``exports`` (name -> the module that
    defines it) is imported on first use and kept in ``namespace`` (the package's globals()).

    No submodule may share an exported name, or importing it would replace the name.
    """
    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value  # later lookups skip __getattr__
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *exports})

    return __getattr__, __dir__


__all__ = ["lazy_exports"]
