"""YAML composed into nodes that keep their positions, with limits a hostile file cannot get past.

Front matter, tallies, catalogs and index files are all read through :func:`compose`,
so every one of them refuses the same things with a ``file:line:column`` problem
instead of hanging or raising a traceback:

- an alias "bomb": aliases are fine, but the document they expand to may hold at
  most ``MAX_NODES`` nodes (libyaml shares aliased nodes; whoever walks the tree
  later would expand them, even under keys nobody reads);
- nesting deeper than ``MAX_DEPTH`` (a 10,000-deep list otherwise ends in a
  RecursionError naming no file);
- a key repeated in one mapping (YAML would keep the last value silently);
- tags that are not plain YAML data (``!!python/object``, ``!foo``).

The tree is built here from the parser's events without recursion, so the limits
hold before anything deep or large exists.
"""

from __future__ import annotations

import difflib
import re

import yaml

from kernel.problems import Problem

MAX_DEPTH = 50
MAX_NODES = 20_000

# libyaml's parser (when PyYAML was built with it) reports the same marks and is several times faster
Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PLAIN_TAGS = frozenset(tag for tag in yaml.constructor.SafeConstructor.yaml_constructors if tag)
_COLLECTIONS = {yaml.MappingStartEvent: yaml.MappingNode, yaml.SequenceStartEvent: yaml.SequenceNode}
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


class _Stop(Exception):
    """A limit was reached: composing goes no further."""

    def __init__(self, mark, message: str):
        super().__init__(message)
        self.mark, self.message = mark, message


class _Frame:
    """An open mapping or sequence: its node, its expanded size so far, and its keys seen."""

    def __init__(self, node: yaml.Node, anchor: str | None):
        self.node, self.anchor, self.size = node, anchor, 1
        self.key: yaml.Node | None = None
        self.keys: dict[str, yaml.Node] = {}


def _key_text(node: yaml.Node) -> str | None:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


class _Composer:
    def __init__(self, resolver: yaml.resolver.BaseResolver, shift: int):
        self.resolver, self.shift = resolver, shift
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[yaml.Node, int]] = {}
        self.open_anchors: set[str] = set()
        self.expanded = 0
        self.root: yaml.Node | None = None
        self.notes: list[tuple[object, str]] = []  # (mark, message): problems that do not stop composing

    def tag(self, event, kind, value, implicit) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            return self.resolver.resolve(kind, value, implicit)
        if tag not in PLAIN_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.notes.append((event.start_mark, f"unsupported YAML tag {shown!r}: only plain YAML data is read"))
        return tag

    def check_explicit(self, node: yaml.ScalarNode) -> None:
        """A value given an explicit type (``!!int abc``, ``!!binary %%``) must be of that type."""
        if node.tag not in PLAIN_TAGS:
            return
        try:
            yaml.constructor.SafeConstructor().construct_object(node)
        except Exception:  # PyYAML's constructors fail in many ways (IndexError for `!!int ''`)
            shown = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.notes.append((node.start_mark, f"{node.value!r} is not a valid {shown}"))

    def count(self, mark, size: int) -> None:
        self.expanded += size
        if self.expanded > MAX_NODES:
            raise _Stop(mark, f"the YAML expands to more than {MAX_NODES} values (too many aliases?)")

    def attach(self, node: yaml.Node, size: int) -> None:
        if not self.stack:
            self.root = node
            return
        frame = self.stack[-1]
        frame.size += size
        if isinstance(frame.node, yaml.SequenceNode):
            frame.node.value.append(node)
        elif frame.key is None:
            frame.key = node
        else:
            key, frame.key = frame.key, None
            self.check_repeated(frame, key)
            frame.node.value.append((key, node))

    def check_repeated(self, frame: _Frame, key: yaml.Node) -> None:
        text = _key_text(key)
        if text is None:
            return
        first = frame.keys.setdefault(text, key)
        if first is not key:
            lines = f"lines {first.start_mark.line + 1 + self.shift} and {key.start_mark.line + 1 + self.shift}"
            self.notes.append((key.start_mark, f"key {text!r} is given twice ({lines}): YAML would keep only the last"))

    def event(self, event) -> None:
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in self.open_anchors:
                raise _Stop(event.start_mark, f"alias *{event.anchor} refers to a value that contains it")
            if event.anchor not in self.anchors:
                raise _Stop(event.start_mark, f"alias *{event.anchor} names no anchor &{event.anchor} above it")
            node, size = self.anchors[event.anchor]
            self.count(event.start_mark, size)
            self.attach(node, size)
        elif isinstance(event, yaml.ScalarEvent):
            tag = self.tag(event, yaml.ScalarNode, event.value, event.implicit)
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
            if event.tag not in (None, "!"):
                self.check_explicit(node)
            self.count(event.start_mark, 1)
            if anchor:
                self.anchors[anchor] = (node, 1)
            self.attach(node, 1)
        elif type(event) in _COLLECTIONS:
            if len(self.stack) >= MAX_DEPTH:
                raise _Stop(event.start_mark, f"the YAML nests deeper than {MAX_DEPTH} levels")
            kind = _COLLECTIONS[type(event)]
            tag = self.tag(event, kind, None, event.implicit)
            node = kind(tag, [], event.start_mark, event.end_mark, flow_style=event.flow_style)
            self.count(event.start_mark, 1)
            self.stack.append(_Frame(node, anchor))
            if anchor:
                self.open_anchors.add(anchor)
        elif isinstance(event, _ENDS):
            frame = self.stack.pop()
            frame.node.end_mark = event.end_mark
            if frame.anchor:
                self.open_anchors.discard(frame.anchor)
                self.anchors[frame.anchor] = (frame.node, frame.size)
            self.attach(frame.node, frame.size)
        elif isinstance(event, yaml.DocumentStartEvent) and self.root is not None:
            raise _Stop(event.start_mark, "expected a single YAML document, found a second one")


def unknown_key(name: str, known, what: str = "") -> str:
    """The message for a key a file's schema does not declare, with the declared key it most resembles."""
    hint = difflib.get_close_matches(name, sorted(known), n=1)
    return f"unknown {what + ' ' if what else ''}key {name!r}" + (f" (did you mean {hint[0]!r}?)" if hint else "")


def _code(character) -> str:
    code = character if isinstance(character, int) else ord(character)
    return f"U+{code:04X}"


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character ``index`` of ``text``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def compose(
    text: str,
    file: str,
    *,
    resolver: yaml.resolver.BaseResolver | None = None,
    first_line: int = 1,
    syntax: str = "invalid YAML",
) -> tuple[yaml.Node | None, list[Problem]]:
    """The document's root node (None when empty or unusable) and every problem found.

    ``first_line`` is the file line the text starts on (front matter starts below its
    fence); ``syntax`` starts the message of a syntax error, as each kind of file words it.
    A repeated key or an unsupported tag is reported but the tree is still returned,
    so the caller can report the rest of the file in the same round.
    """
    shift = first_line - 1
    composer = _Composer(resolver or yaml.resolver.Resolver(), shift)

    def at(mark, message: str) -> Problem:
        if mark is None:
            return Problem(file, first_line, 1, message)
        return Problem(file, mark.line + 1 + shift, mark.column + 1, message)

    try:
        for event in yaml.parse(text, Loader=Parser):
            composer.event(event)
    except _Stop as stop:
        return None, [at(stop.mark, stop.message)]
    except yaml.reader.ReaderError as error:
        line, column = position(text, error.position)
        message = f"{syntax}: control character {_code(error.character)} is not allowed"
        return None, [Problem(file, line + shift, column, message)]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return None, [at(mark, f"{syntax}: {error.problem or error.context}")]
    except yaml.YAMLError as error:
        return None, [Problem(file, first_line, 1, f"{syntax}: {error}")]
    return composer.root, [at(mark, message) for mark, message in composer.notes]


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
EXPECTED = "the file must be UTF-8 (or UTF-16 with a byte order mark)"
# C0 controls and DEL other than tab and line ends: never meant, and unsafe in HTML, .ics and feeds
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """The text of a hand-written file (YAML, Markdown), or where it stops being text.

    UTF-8 (a BOM is dropped) or UTF-16 with its BOM, as editors on Windows save it;
    any other encoding is refused at its first undecodable byte, and a NUL or other
    control character at its position, rather than guessed at.
    """
    if raw.startswith(UTF16_BOMS):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            return None, [Problem(file, 1, 1, f"broken UTF-16 text: {EXPECTED}")]
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            start = raw.count(b"\n", 0, error.start)
            line_start = raw.rfind(b"\n", 0, error.start) + 1
            column = len(raw[line_start : error.start].decode("utf-8", "replace")) + 1
            byte = raw[error.start]
            return None, [Problem(file, start + 1, column, f"undecodable byte 0x{byte:02X}: {EXPECTED}")]
    text = text.removeprefix("\ufeff")
    control = _CONTROL.search(text)
    if control:
        if control[0] == "\x00":
            message = f"NUL character: {EXPECTED}"
        else:
            message = f"control character {_code(control[0])} is not allowed in a text file"
        return None, [Problem(file, *position(text, control.start()), message)]
    return text, []
