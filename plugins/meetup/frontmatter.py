"""Split a Markdown file into YAML front matter and body, keeping source positions.

Positions matter because every content problem is reported as file:line:column,
so the YAML is composed into nodes (which carry marks) before it is turned into
plain Python data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from kernel.positioned_yaml import compose
from kernel.problems import Problem

FENCE = "---"


@dataclass(frozen=True)
class Document:
    """A parsed content file: front matter data, where each value sits, and the body text."""

    data: dict
    body: str
    # (key path) -> (line, column), 1-based; key paths are tuples such as ("venue", "name")
    # or ("programme", 2, "talk").
    marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    body_line: int = 1
    # (key path) -> (line, column) of the key itself, for problems about the key (unknown, repeated)
    key_marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def key_where(self, *path) -> tuple[int, int]:
        """Line and column of the key at ``path`` (its value's position when the key has none)."""
        return self.key_marks.get(path) or self.where(*path)

    def where(self, *path) -> tuple[int, int]:
        """Line and column of a value, falling back to its nearest parent, then the front matter's start."""
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), (1, 1))


class _Resolver(yaml.resolver.Resolver):
    """YAML's implicit types except timestamps: the model parses dates and times with context."""


# Dates are parsed by the model (it knows the timezone); YAML's own timestamp
# resolution would turn "2015-10-15 18:00:00" into a naive datetime silently.
_Resolver.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}


def _to_python(node: yaml.Node, path: tuple, marks: dict, loader: yaml.constructor.SafeConstructor, keys: dict):
    marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            key = str(_value(key_node, loader))
            marks[path + (key,)] = keys[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = _to_python(value_node, path + (key,), marks, loader, keys)
            # the value's own position is more useful than the key's for value errors
            if not isinstance(value_node, (yaml.MappingNode, yaml.SequenceNode)):
                marks[path + (key,)] = (
                    value_node.start_mark.line + 1,
                    value_node.start_mark.column + 1,
                )
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, path + (i,), marks, loader, keys) for i, item in enumerate(node.value)]
    return _value(node, loader)


def _value(node: yaml.Node, loader: yaml.constructor.SafeConstructor):
    """A node's Python value; an explicit tag its text does not fit (``!!int abc``) is a YAML error."""
    try:
        return loader.construct_object(node, deep=True)
    except Exception as exc:  # positioned_yaml checked explicit tags; this keeps any other case one line
        raise yaml.constructor.ConstructorError(
            None, None, f"{_shown(node)} is not a valid {node.tag.replace('tag:yaml.org,2002:', '!!')}", node.start_mark
        ) from exc


def _shown(node: yaml.Node) -> str:
    return repr(node.value) if isinstance(node, yaml.ScalarNode) else "this value"


def parse(text: str, filename: str) -> tuple[Document | None, list[Problem]]:
    """Parse ``text``; return the document (None if unusable) and the problems found."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        return Document(data={}, body=text, marks={}, body_line=1), []
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in (FENCE, "...")), None)
    if end is None:
        return None, [Problem(filename, 1, 1, "front matter starts with '---' but never ends")]
    yaml_text = "".join(lines[1:end])
    body = "".join(lines[end + 1 :])
    # problems are placed in the file (below the fence); the nodes' own marks stay relative to yaml_text
    node, problems = compose(yaml_text, filename, resolver=_Resolver(), first_line=2)
    if problems:
        return None, problems
    if node is None:
        return Document(data={}, body=body, marks={}, body_line=end + 2), []
    marks: dict = {}
    keys: dict = {}
    try:
        data = _to_python(node, (), marks, yaml.constructor.SafeConstructor(), keys)
    except yaml.constructor.ConstructorError as exc:  # e.g. `!!int abc`
        mark = exc.problem_mark
        line, column = (mark.line + 2, mark.column + 1) if mark else (1, 1)
        return None, [Problem(filename, line, column, f"invalid YAML: {exc.problem}")]
    if not isinstance(data, dict):
        line, column = marks.get((), (1, 1))
        return None, [Problem(filename, line + 1, column, "front matter must be a mapping of keys")]
    # shift every mark by the opening fence line
    marks = {path: (line + 1, column) for path, (line, column) in marks.items()}
    keys = {path: (line + 1, column) for path, (line, column) in keys.items()}
    return Document(data=data, body=body, marks=marks, body_line=end + 2, key_marks=keys), []
