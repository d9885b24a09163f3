"""JSON state files of the network tasks, written atomically (see the shared :mod:`atomicfile`)."""

from __future__ import annotations

import json
from pathlib import Path

from kernel.atomicfile import write_bytes, write_text


def write_json(path: str | Path, data: object) -> None:
    """Replace ``path`` with ``data`` as sorted, indented JSON, atomically."""
    write_text(path, json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def read_json(path: str | Path, default: object) -> object:
    """Read a JSON state file; a missing or unreadable file gives ``default``.

    State files are caches: losing one costs a full download, never correctness,
    so a corrupt one is ignored rather than reported.
    """
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default


__all__ = ["read_json", "write_bytes", "write_json", "write_text"]
