"""Digests of what a cache entry or a build is made of: files, folders, settings.

Content-hashed rather than mtime-based, so a fresh checkout of the same commit
gives the same digests.  Used by the build's up-to-date check and by the poll
plan cache and the chart figures' salt (the engine's own code as an input).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

SKIPPED_DIRS = {"__pycache__", ".git", ".pytest_cache", ".ruff_cache"}


def _stable(value) -> str:
    """A repr that does not change between runs (no memory addresses in it)."""
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__name__)}"
    return str(value)


def settings_digest(settings: dict) -> str:
    text = json.dumps(settings, sort_keys=True, default=_stable)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _files(root: str, skip: set[str]):
    """(path, name in the digest) of every file under ``root``, as strings: a build digests its plugins'
    folders a dozen times, and Path objects and a resolve() per folder were most of that."""
    if os.path.isfile(root):
        yield root, os.path.basename(root)
        return
    start = len(root) + len(os.sep)
    for folder, dirs, names in os.walk(root, followlinks=True):  # as Pelican reads content
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS
                         and not (skip and os.path.realpath(os.path.join(folder, d)) in skip))
        for name in sorted(names):
            if not name.endswith(".pyc"):
                path = os.path.join(folder, name)
                yield path, path[start:].replace(os.sep, "/")


def tree_digest(root: Path, skip: list[Path] | tuple = ()) -> str:
    """A digest of every file under ``root`` (or of ``root`` itself, a file): names and bytes."""
    digest = hashlib.blake2b(digest_size=16)
    for path, name in _files(os.fspath(Path(root)), {os.path.realpath(p) for p in skip}):
        digest.update(f"\0{name}\0".encode())
        digest.update(_file_digest(path))
    return digest.hexdigest()


def _file_digest(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:  # streamed: content may hold large slide decks and videos
            return hashlib.file_digest(handle, "blake2b").digest()
    except OSError as exc:
        # a broken link or an unreadable file: the build reports it; the digest only has to be stable
        return f"unreadable: {type(exc).__name__}".encode()


# what a Jinja environment compiles a template with: its syntax, whitespace control, extensions, finalize, escaping
JINJA_OPTIONS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
                 "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
                 "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
                 "autoescape", "finalize")


def compile_options(env) -> list:
    """The options of the Jinja environment ``env`` that what its templates output depends on besides their
    source (JINJA_ENVIRONMENT); a function by its module and name."""
    def plain(value):
        if callable(value):
            return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"
        return value

    extensions = sorted(f"{type(e).__module__}.{type(e).__qualname__}" for e in env.extensions.values())
    return [[name, plain(getattr(env, name, None))] for name in JINJA_OPTIONS] + [["extensions", extensions]]


__all__ = ["JINJA_OPTIONS", "compile_options", "SKIPPED_DIRS", "settings_digest", "tree_digest"]
