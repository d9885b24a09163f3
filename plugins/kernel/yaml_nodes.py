"""YAML read as a node tree, so every value keeps the line and column it came from.

``yaml.safe_load`` forgets positions; problems in tallies, catalogs and index files
must point at the exact spot, so those files are composed into nodes and read
through the small helpers here.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from . import positioned_yaml
from .problems import Problem

Node = yaml.Node


def compose(text: str, file: str) -> tuple[Node | None, list[Problem]]:
    """The document's root node, or the problems that make it unusable, with their positions.

    The same limits as front matter (aliases, depth, repeated keys, tags): see positioned_yaml.
    """
    node, problems = positioned_yaml.compose(text, file, syntax="not valid YAML")
    return (None, problems) if problems else (node, [])


def read_yaml(path: Path, file: str) -> tuple[Node | None, list[Problem]]:
    """Compose a UTF-8 (or UTF-16 with BOM) YAML file; undecodable bytes are a problem, not a traceback."""
    text, problems = positioned_yaml.decode(path.read_bytes(), file)
    if text is None:
        return None, problems
    return compose(text, file)


def where(node: Node) -> tuple[int, int]:
    """1-based (line, column) of a node."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def problem(file: str, node: Node | None, message: str) -> Problem:
    """A Problem located at ``node`` (or at the file when there is no node)."""
    if node is None:
        return Problem(file, 0, 0, message)
    return Problem(file, *where(node), message)


def is_mapping(node: Node | None) -> bool:
    return isinstance(node, yaml.MappingNode)


def is_sequence(node: Node | None) -> bool:
    return isinstance(node, yaml.SequenceNode)


def is_scalar(node: Node | None) -> bool:
    return isinstance(node, yaml.ScalarNode)


def items(node: Node) -> list[tuple[Node, Node]]:
    """Key and value nodes of a mapping node, in file order."""
    return list(node.value) if is_mapping(node) else []


def scalar(node: Node | None) -> str | None:
    """The text of a scalar node (None for anything else; YAML null gives None)."""
    if not is_scalar(node) or node.tag == "tag:yaml.org,2002:null":
        return None
    return str(node.value)


def value(node: Node) -> object:
    """The plain Python value of a node (dates, ints and bools as YAML reads them).

    A scalar YAML cannot construct (``2015-02-30``, ``!!int x``, an unknown tag) is
    its text, so the reader reports it like any other wrong value, at its position;
    anything else that cannot be constructed is None.
    """
    try:
        return yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError, KeyError, OverflowError, AttributeError):
        return str(node.value) if is_scalar(node) else None


def get(node: Node, key: str) -> Node | None:
    """The value node for ``key`` in a mapping node, or None."""
    for k, v in items(node):
        if scalar(k) == key:
            return v
    return None


def unknown_keys(node: Node, allowed, file: str, what: str) -> list[Problem]:
    """A problem for each key of mapping ``node`` not in ``allowed``, at the key, with the closest allowed one."""
    return [
        problem(file, key, positioned_yaml.unknown_key(scalar(key) or "", allowed, what))
        for key, _ in items(node)
        if scalar(key) not in allowed
    ]
