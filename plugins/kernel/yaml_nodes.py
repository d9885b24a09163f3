"""YAML read as a node tree, so every value keeps the line and column it came from.

``yaml.safe_load`` forgets positions; problems in tallies, catalogs and index files
must point at the exact spot, so those files are composed into nodes and read
through the small helpers here.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .problems import Problem

Node = yaml.Node
# libyaml composes ten times faster and keeps the same marks; PyYAML's own is the fallback.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose(text: str, file: str) -> tuple[Node | None, list[Problem]]:
    """The document's root node, or the YAML syntax problem with its position."""
    try:
        return yaml.compose(text, Loader=Loader), []
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = f"not valid YAML: {error.problem or error.context}"
        return None, [Problem(file, line, column, message)]
    except yaml.YAMLError as error:
        return None, [Problem(file, 0, 0, f"not valid YAML: {error}")]


def read_yaml(path: Path, file: str) -> tuple[Node | None, list[Problem]]:
    """Compose a UTF-8 YAML file; undecodable bytes are a problem, not a traceback."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raw = path.read_bytes()
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [Problem(file, line, column, "undecodable bytes: YAML files must be UTF-8")]
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
    """The plain Python value of a node (dates, ints and bools as YAML reads them)."""
    return yaml.constructor.SafeConstructor().construct_object(node, deep=True)


def get(node: Node, key: str) -> Node | None:
    """The value node for ``key`` in a mapping node, or None."""
    for k, v in items(node):
        if scalar(k) == key:
            return v
    return None
