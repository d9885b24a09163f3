"""Markdown files written by importers, and the rule that protects hand edits.

Every generated file carries ``imported: {source, sha256}`` in its front matter;
the hash covers the rest of the front matter (as data, not as text) and the body.
The body is third-party text: it is written cleaned to an HTML allow-list, with
forbidden link targets disarmed (and the site cleans it again when it renders it).
On the next import a file whose hash still matches is ours to replace; a file
without the marker, or whose content no longer matches it, was written or edited
by a person and is skipped unless the user forces it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from kernel.positioned_yaml import compose
from kernel.problems import Problem
from meetup.sanitize import IMPORTED, clean_markdown

from . import atomic
from .errors import NetworkDataError

MARKER = IMPORTED
FENCE = "---"


@dataclass(frozen=True)
class Document:
    """A file an importer wants to exist: where, its front matter and body, and its source."""

    path: Path
    front: dict
    body: str
    source: str


@dataclass(frozen=True)
class FileResult:
    path: Path
    action: str  # created | updated | unchanged | skipped
    reason: str = ""

    def line(self, root: Path | None = None) -> str:
        shown = self.path.relative_to(root) if root and self.path.is_relative_to(root) else self.path
        return f"{self.action}: {shown}" + (f" ({self.reason})" if self.reason else "")


def fingerprint(front: dict, body: str) -> str:
    """A hash of what a person would see: the front matter as data and the trimmed body."""
    canonical = json.dumps({"front": front, "body": body.strip()}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def render(doc: Document) -> str:
    """The file text: YAML front matter (safe_dump quotes what needs quoting) and the cleaned body."""
    body = clean_markdown(doc.body).strip()
    front = {**doc.front, MARKER: {"source": doc.source, "sha256": fingerprint(doc.front, body)}}
    yaml_text = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    return f"{FENCE}\n{yaml_text}{FENCE}\n" + (f"{body}\n" if body else "")


def split(text: str) -> tuple[dict, str] | None:
    """Front matter and body of an existing file; None when it has no readable front matter."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in (FENCE, "...")), None)
    if end is None:
        return None
    # the site's YAML limits: a hand-written file with an alias bomb must not hang an import
    node, problems = compose("".join(lines[1:end]), "")
    if problems or node is None:
        return None
    try:
        front = yaml.constructor.SafeConstructor().construct_document(node)
    except yaml.YAMLError:
        return None
    if not isinstance(front, dict):
        return None
    return front, "".join(lines[end + 1 :])


def hand_edit(text: str) -> str:
    """Why an existing file must not be replaced ("" when it is an untouched import)."""
    parts = split(text)
    if parts is None:
        return "not written by an import"
    front, body = parts
    marker = front.pop(MARKER, None)
    if not isinstance(marker, dict) or not isinstance(marker.get("sha256"), str):
        return "not written by an import"
    if marker["sha256"] != fingerprint(front, body):
        return "edited by hand since the last import"
    return ""


def plan(doc: Document, force: bool = False) -> FileResult:
    """What writing ``doc`` would do, without writing anything."""
    if not doc.path.exists():
        return FileResult(doc.path, "created")
    text = doc.path.read_text(encoding="utf-8", errors="replace")
    if text == render(doc):
        return FileResult(doc.path, "unchanged")
    reason = hand_edit(text)
    if reason and not force:
        return FileResult(doc.path, "skipped", f"{reason}; use --force to overwrite")
    return FileResult(doc.path, "updated", f"{reason}, overwritten (--force)" if reason else "")


def write_documents(docs: Iterable[Document], force: bool = False) -> list[FileResult]:
    """Plan every document first, then write the created and updated ones atomically.

    Two documents for one path are a bug in the source data (say, two talks with
    the same title and no id) and stop the import before anything is written.
    """
    docs = list(docs)
    seen: dict[Path, Document] = {}
    problems = []
    for doc in docs:
        if doc.path in seen:
            problems.append(Problem(doc.source, message=f"two items would both be written to {doc.path.name}"))
        seen[doc.path] = doc
    if problems:
        raise NetworkDataError(problems)
    results = [plan(doc, force) for doc in docs]
    for doc, result in zip(docs, results, strict=True):
        if result.action in ("created", "updated"):
            atomic.write_text(doc.path, render(doc))
    return results
