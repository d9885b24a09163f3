"""Split a Markdown file into YAML front matter and body, keeping source positions.

Positions matter because every content problem is reported as file:line:column,
so the YAML is composed into nodes (which carry marks) before it is turned into
plain Python data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
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

    def where(self, *path) -> tuple[int, int]:
        """Line and column of a value, falling back to its nearest parent, then the front matter's start."""
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), (1, 1))


# libyaml's parser (when PyYAML was built with it) keeps the same marks and is several times faster
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """SafeLoader that leaves dates and times as text: the model parses them with context."""


# Dates are parsed by the model (it knows the timezone); YAML's own timestamp
# resolution would turn "2015-10-15 18:00:00" into a naive datetime silently.
_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _to_python(node: yaml.Node, path: tuple, marks: dict, loader: _Loader):
    marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key = str(key)
            marks[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = _to_python(value_node, path + (key,), marks, loader)
            # the value's own position is more useful than the key's for value errors
            if not isinstance(value_node, (yaml.MappingNode, yaml.SequenceNode)):
                marks[path + (key,)] = (
                    value_node.start_mark.line + 1,
                    value_node.start_mark.column + 1,
                )
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, path + (i,), marks, loader) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


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
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 2) if mark else 1  # +1 for 1-based, +1 for the opening fence
        column = (mark.column + 1) if mark else 1
        return None, [Problem(filename, line, column, f"invalid YAML: {exc.problem or exc}")]
    finally:
        loader.dispose()
    if node is None:
        return Document(data={}, body=body, marks={}, body_line=end + 2), []
    marks: dict = {}
    try:
        data = _to_python(node, (), marks, _Loader(""))
    except yaml.YAMLError as exc:
        return None, [Problem(filename, 1, 1, f"invalid YAML: {exc}")]
    if not isinstance(data, dict):
        line, column = marks.get((), (1, 1))
        return None, [Problem(filename, line + 1, column, "front matter must be a mapping of keys")]
    # shift every mark by the opening fence line
    marks = {path: (line + 1, column) for path, (line, column) in marks.items()}
    return Document(data=data, body=body, marks=marks, body_line=end + 2), []
