"""What a rendered page read: recorded while its template runs, checked against the next build's model.

A page is a pure function of what its templates read.  Rather than guess that
from the template source, the build records it: every top-level name the page
looks up, every attribute it reads of a model object (an event, a talk, a
person, a sponsor, a group, the site, a Pelican page), every call of a model
method or of a function from the context (``event.is_upcoming(meetup_now)``,
``meetup_tag_url(tag)``) with its arguments, and every template it extends,
includes or imports, each with a digest of what it got.  The next build asks
the same questions of its own model; when every answer digests the same, the
page would come out byte for byte the same and the old file is kept.

Model objects digest as *which* object they are (their kind and slug), never
as their contents: a talk page that reads ``talk.event.title`` depends on that
title, not on everything else about the event.  Everything else (strings,
dates, lists, plain dataclasses such as a venue or a talk's slides) digests by
value; a value that carries a digest of its content made where it was made
(kernel.fingerprint: a meetup's poll figures, a chart's spec) digests as that.  A value the
digester cannot pin down (a cycle through objects that are
not model objects, an object it does not know) makes the page untracked: it is
rendered every build, which is slower, never wrong.

Jinja routes every ``a.b``, ``a[b]``, ``|attr``/``|sort(attribute=...)``
lookup through ``Environment.getattr``/``getitem``, every name through
``Context.resolve_or_missing``, every call through ``Context.call`` and every
``extends``/``include``/``import`` through ``Environment.get_template``; those
are the four places patched, on the generators' own environments, only while a
page renders.

Files other than pages (calendars, schedules, cards, the feed) are made by
Python, not by templates: while one is made (:meth:`Tracer.reading`), every
attribute read of a model object is recorded the same way, through the model
classes' ``__getattribute__``, patched only for that while.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import types
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import PurePath

from jinja2 import Environment, Template, TemplateNotFound
from jinja2.runtime import Macro, Undefined
from kernel.fingerprint import FINGERPRINT

MISSING = object()
ROOTED = "rooted"  # a dependency whose answer depends on the page's own context: its name, its environment
PLAIN_ENV = Environment()  # attribute reads outside templates are checked as a template would read them
JINJA_CALL_KEYWORDS = {"_loop_vars", "_block_vars"}  # jinja's own, taken out before the callee sees them


class Untrackable(Exception):
    """A value whose digest would not say whether it changed: the page is rendered every build."""


def _h(*parts: bytes) -> str:
    digest = hashlib.blake2b(digest_size=12)
    for part in parts:
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()


def _joined(parts: list[str]) -> str:
    """``_h`` of ``parts``, none of which holds a NUL, in one update: what values holding others digest by."""
    return hashlib.blake2b(("\0".join(parts) + "\0").encode(), digest_size=12).hexdigest()


_PLAIN = (str, int, float, bool, type(None), bytes)
_REPR = (dt.datetime, dt.date, dt.time, dt.timedelta, enum.Enum, PurePath, complex)


class Registry:
    """The model objects of one build, by identity, and each one's locator (kind, key) both ways."""

    def __init__(self, objects: list[tuple[tuple, object]]):
        self.by_id: dict[int, tuple] = {}
        self.by_locator: dict[tuple, object] = {}
        seen: dict[tuple, int] = {}
        for locator, obj in objects:
            seen[locator] = seen.get(locator, 0) + (0 if self.by_locator.get(locator) is obj else 1)
            self.by_locator.setdefault(locator, obj)
        for locator, count in seen.items():
            if count > 1:  # two objects claim one name: neither can be found again by it
                del self.by_locator[locator]
        self.by_id = {id(obj): locator for locator, obj in self.by_locator.items()}
        self._keep = list(self.by_locator.values())  # ids stay theirs for the whole build
        # the model's classes, whose attribute reads Tracer.reading records: found once, not per file made
        self.classes = tuple(dict.fromkeys(type(obj) for obj in self._keep))

    def locator(self, obj) -> tuple | None:
        return self.by_id.get(id(obj))


class Digester:
    """Digests of values for one build; model objects digest as their locator.

    A value holding others (a list, a mapping, a dataclass, ...) is hashed once over its
    kind and what each part contributes (:meth:`_token`): a plain part (a string, a number)
    its tagged repr, any other part its own digest, memoized by identity, so a value shared
    by many (an event's venue, a chart) is digested once a build.
    """

    def __init__(self, registry: Registry):
        self.registry = registry
        self._memo: dict[int, tuple[object, str]] = {}
        self._strings: dict[str, str] = {}  # the strings every page reads (SITENAME, ...): digested once
        self._fields: dict[type, tuple[str, ...]] = {}  # each dataclass's field names
        self._carries: dict[type, bool] = {}  # each class: whether its values may carry a fingerprint

    def __call__(self, value) -> str:
        kind = type(value)
        if kind is str:
            found = self._strings.get(value)
            if found is None:
                found = self._strings[value] = _joined([self._token(value, set())])
            return found
        if kind in _PLAIN or isinstance(value, str):
            return _joined([self._token(value, set())])
        return self._digest(value, set())

    def _token(self, value, active: set[int]) -> str:
        """What ``value`` contributes to the digest of a value holding it: a plain value its kind and repr
        (never a NUL, never 24 hex digits: it starts with "="), any other value its own digest."""
        kind = type(value)
        if kind in _PLAIN:
            return f"={kind.__name__}:{value!r}"
        if isinstance(value, str):  # Markup and other str subclasses: their text, whatever their own repr says
            return f"={kind.__module__}.{kind.__qualname__}:{str.__repr__(value)}"
        return self._digest(value, active)

    def _digest(self, value, active: set[int]) -> str:
        """The digest of a value that is not plain (see :meth:`_token`)."""
        key = id(value)
        known = self._memo.get(key)
        if known is not None and known[0] is value:
            return known[1]
        locator = self.registry.locator(value)
        if locator is not None:
            result = _h(b"model", repr(locator).encode())
        else:
            if key in active:
                raise Untrackable(f"a cycle through {type(value).__qualname__}")
            active.add(key)
            try:
                result = self._compound(value, active)
            finally:
                active.discard(key)
        self._memo[key] = (value, result)  # the value is kept: its id cannot be reused this build
        return result

    def _compound(self, value, active: set[int]) -> str:
        kind = type(value)
        name = f"{kind.__module__}.{kind.__qualname__}"
        token = self._token
        carries = self._carries.get(kind)
        if carries is None:
            carries = self._carries[kind] = hasattr(kind, FINGERPRINT)
        if carries:  # its content digested where it was made (kernel.fingerprint)
            fingerprint = getattr(value, FINGERPRINT)
            if fingerprint:
                return _h(b"fingerprinted", name.encode(), fingerprint.encode())
        if isinstance(value, _REPR):
            return _h(name.encode(), repr(value).encode())
        if isinstance(value, (list, tuple)):
            return _joined([name] + [token(v, active) for v in value])
        if isinstance(value, (set, frozenset)):
            return _joined([name] + sorted([token(v, active) for v in value]))
        if isinstance(value, Mapping):
            parts = [name]
            for k, v in value.items():
                parts += (token(k, active), token(v, active))
            return _joined(parts)
        if isinstance(value, Undefined):
            return _h(b"undefined")
        if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type, Macro)):
            # what a function does is covered by the code digest; its calls are recorded with their results
            return _h(b"function", getattr(value, "__module__", "").encode(), value.__qualname__.encode()
                      if hasattr(value, "__qualname__") else b"")
        if isinstance(value, types.MethodType):
            return _joined(["method", value.__func__.__qualname__, token(value.__self__, active)])
        if isinstance(value, Environment):
            return _h(b"environment")
        if isinstance(value, Template):  # held by a helper that renders it (the polls' figure markup)
            return _h(b"template", str(value.name).encode(), str(template_digest(value.environment, value.name))
                      .encode())
        if dataclasses.is_dataclass(value):
            names = self._fields.get(kind)
            if names is None:
                names = self._fields[kind] = tuple(f.name for f in dataclasses.fields(value))
            parts = [name]
            for f in names:
                parts += (f, token(getattr(value, f), active))
            return _joined(parts)
        fields = getattr(value, "__dict__", None)
        if fields is not None:  # a plain object, or a callable one whose calls its state decides
            parts = [name]
            for k, v in sorted(fields.items()):
                parts += (token(k, active), token(v, active))
            return _joined(parts)
        raise Untrackable(f"a value of type {kind.__qualname__}")


# a dependency is a tuple:
#   ("name", NAME, DIGEST)                       a top-level name of the page's context
#   ("attr", LOCATOR, ATTRIBUTE, DIGEST)         an attribute of a model object
#   ("call", CALLEE, ARGS, DIGEST)               CALLEE: ("name", NAME) or ("method", LOCATOR, NAME)
#   ("template", NAME, DIGEST)                   a template's source (None: it did not exist)

def _encode(value, registry: Registry, clock: dict[int, str]):
    """A call argument as data the next build can turn back into an argument; Untrackable otherwise.

    The clock (``meetup_now``) is recorded as its name, so the next build asks with its own instant.
    """
    if id(value) in clock:
        return ("name", clock[id(value)])
    if type(value) in _PLAIN:
        return ("v", value)
    if isinstance(value, dt.datetime):
        return ("dt", value.isoformat())
    if isinstance(value, (list, tuple)):
        return ("seq", type(value) is tuple, tuple(_encode(v, registry, clock) for v in value))
    if type(value) is dict:
        return ("map", tuple((_encode(k, registry, clock), _encode(v, registry, clock)) for k, v in value.items()))
    locator = registry.locator(value)
    if locator is not None:
        return ("model", locator)
    raise Untrackable(f"a call with an argument of type {type(value).__qualname__}")


def _decode(encoded, registry: Registry, root: dict):
    kind = encoded[0]
    if kind == "name":
        return root[encoded[1]]
    if kind == "v":
        return encoded[1]
    if kind == "dt":
        return dt.datetime.fromisoformat(encoded[1])
    if kind == "seq":
        items = [_decode(v, registry, root) for v in encoded[2]]
        return tuple(items) if encoded[1] else items
    if kind == "map":
        return {_decode(k, registry, root): _decode(v, registry, root) for k, v in encoded[1]}
    return registry.by_locator[encoded[1]]


class Recording:
    """The dependencies of the page being rendered."""

    def __init__(self, root: dict, digest: Digester, constant: frozenset[str]):
        self.root = root
        self.digest = digest
        self.constant = constant
        self.deps: dict[tuple, tuple] = {}
        self.callables = {id(v): k for k, v in root.items() if callable(v)}
        self.problem: str | None = None

    def add(self, key: tuple, dep_maker) -> None:
        if key in self.deps or self.problem:
            return
        try:
            self.deps[key] = dep_maker()
        except Untrackable as exc:
            self.problem = str(exc)


class Tracer:
    """Records, on the environments it patched, what the current page reads; checks old records."""

    def __init__(self, registry: Registry, constant: tuple[str, ...] = (), table: Sequence[tuple] = ()):
        self.registry = registry
        self.table = table  # the dependencies :meth:`holds` is given by number
        # by number: None not checked yet, True or False its verdict, ROOTED checked per page context
        self._verdicts: list = [None] * len(table)
        self.digest = Digester(registry)
        self.constant = frozenset(constant)  # names whose value is only ever passed to recorded calls
        self.current: Recording | None = None
        self._patched: set[int] = set()
        self._checked: dict[tuple, bool] = {}  # (number, id of the environment) -> a template's verdict
        self._calls: dict[tuple, tuple[object, bool]] = {}  # (number, id of its function) -> (function, verdict)
        self._names: dict[tuple, tuple[object, bool]] = {}  # (number, id of the value) -> (value, verdict)
        self._templates: dict[tuple[int, str], str | None] = {}

    def template_digest(self, env: Environment, name: str) -> str | None:
        """A template source's digest, read once per build (every page reads base.html)."""
        key = (id(env), name)
        if key not in self._templates:
            self._templates[key] = template_digest(env, name)
        return self._templates[key]

    # -- recording ------------------------------------------------------------------

    def patch(self, env: Environment) -> None:
        if id(env) in self._patched:
            return
        self._patched.add(id(env))
        tracer = self
        plain_getattr, plain_getitem, plain_get_template = env.getattr, env.getitem, env.get_template

        def getattr_(obj, attribute):
            value = plain_getattr(obj, attribute)
            tracer._read(obj, attribute, value)
            return value

        def getitem(obj, argument):
            value = plain_getitem(obj, argument)
            if isinstance(argument, str):
                tracer._read(obj, argument, value)
            return value

        def get_template(name, parent=None, globals=None):
            try:
                template = plain_get_template(name, parent, globals)
            except TemplateNotFound:
                tracer._template(env, name)
                raise
            tracer._template(env, template.name)
            return template

        class TracingContext(env.context_class):
            def resolve_or_missing(self, key):
                value = super().resolve_or_missing(key)
                tracer._name(key, value)
                return value

            def call(__self, __obj, *args, **kwargs):  # noqa: N805 (jinja's own signature)
                result = super().call(__obj, *args, **kwargs)
                tracer._call(__obj, args, kwargs, result)
                return result

        env.getattr, env.getitem, env.get_template = getattr_, getitem, get_template
        env.context_class = TracingContext

    def _read(self, obj, attribute, value) -> None:
        rec = self.current
        if rec is None:
            return
        locator = self.registry.locator(obj)
        if locator is not None:
            self.current = None  # digesting reads no model attribute, but never records its own reads
            try:
                rec.add(("attr", locator, attribute), lambda: ("attr", locator, attribute, rec.digest(value)))
            finally:
                self.current = rec

    def _name(self, key, value) -> None:
        rec = self.current
        if rec is None or rec.root.get(key, MISSING) is not value:
            return  # a template's own variable, a loop variable, a macro argument: made from what it read
        rec.add(("name", key), lambda: ("name", key, self._name_digest(key, value)))

    def _name_digest(self, key, value) -> str:
        return "constant" if key in self.constant else self.digest(value)

    def _template(self, env: Environment, name: str) -> None:
        rec = self.current
        if rec is not None:
            rec.add(("template", name), lambda: ("template", name, self.template_digest(env, name)))

    def _call(self, obj, args, kwargs, result) -> None:
        rec = self.current
        if rec is None:
            return
        callee = None
        if isinstance(obj, types.MethodType) and self.registry.locator(obj.__self__) is not None:
            callee = ("method", self.registry.locator(obj.__self__), obj.__func__.__name__)
        elif id(obj) in rec.callables and rec.root.get(rec.callables[id(obj)]) is obj:
            callee = ("name", rec.callables[id(obj)])
        if callee is None:
            return  # a macro, a jinja global, a method of a value already digested whole
        clock = {id(rec.root[name]): name for name in self.constant if name in rec.root}
        try:
            encoded = (tuple(_encode(a, self.registry, clock) for a in args),
                       tuple(sorted((k, _encode(v, self.registry, clock)) for k, v in kwargs.items()
                                    if k not in JINJA_CALL_KEYWORDS)))
        except Untrackable as exc:
            rec.problem = rec.problem or str(exc)
            return
        rec.add(("call", callee, encoded), lambda: ("call", callee, encoded, rec.digest(result)))

    def record(self, root: dict) -> Recording:
        self.current = Recording(root, self.digest, self.constant)
        return self.current

    def stop(self) -> None:
        self.current = None

    @contextmanager
    def reading(self) -> Iterator[Recording]:
        """Record what Python code reads of the model objects while the block runs (a file not a page).

        A read that fails (``getattr(event, "card", None)`` before the card exists) is
        a dependency too: on the attribute being missing, as a template sees it.
        """
        recording = self.record({})
        tracer = self
        patched = []
        for cls in self.registry.classes:
            own = cls.__dict__.get("__getattribute__")
            plain = cls.__getattribute__

            def getattribute(obj, name, _plain=plain):
                try:
                    value = _plain(obj, name)
                except AttributeError:
                    if name[:2] != "__":
                        tracer._read(obj, name, PLAIN_ENV.undefined(name=name))
                    raise
                if name[:2] != "__":  # the object's machinery (its class, fields), not its data
                    tracer._read(obj, name, value)
                return value

            patched.append((cls, own))
            cls.__getattribute__ = getattribute
        try:
            yield recording
        finally:
            for cls, own in patched:
                if own is None:
                    del cls.__getattribute__
                else:
                    cls.__getattribute__ = own
            self.stop()

    # -- checking -------------------------------------------------------------------

    def holds(self, numbers: Iterable[int], root: dict, env: Environment) -> bool:
        """True when every dependency (by its number in ``table``) gives the same digest in this build, for the
        page context ``root``."""
        table, verdicts = self.table, self._verdicts
        for number in numbers:
            verdict = verdicts[number]
            if verdict is True:
                continue
            if verdict is None:
                dep = table[number]
                if _rooted(dep):
                    verdict = verdicts[number] = ROOTED
                else:  # the same on every page: checked once a build
                    verdict = verdicts[number] = self._check(dep, root, env)
                    if verdict:
                        continue
                    return False
            if verdict is not ROOTED or not self._rooted_holds(number, table[number], root, env):
                return False
        return True

    def _rooted_holds(self, number: int, dep: tuple, root: dict, env: Environment) -> bool:
        kind = dep[0]
        if kind == "name":
            # names come from this page's own context (SITEURL differs per page with relative URLs), but
            # most are one value on every page (the site, its settings): each value is checked once
            value = root.get(dep[1], MISSING)
            if value is MISSING:
                return False
            key = (number, id(value))
            found = self._names.get(key)
            if found is None or found[0] is not value:
                found = self._names[key] = (value, self._safe(self._name_digest, dep[1], value) == dep[2])
            return found[1]
        if kind == "template":  # found through the generator's own environment (its loaders and theme)
            key = (number, id(env))
            verdict = self._checked.get(key)
            if verdict is None:
                verdict = self._checked[key] = self._check(dep, root, env)
            return verdict
        # a function of the context, the same on every page: kept with its verdict, so its id stays its own
        function = root.get(dep[1][1])
        key = (number, id(function))
        found = self._calls.get(key)
        if found is None or found[0] is not function:
            found = self._calls[key] = (function, self._check(dep, root, env))
        return found[1]

    def _safe(self, compute, *args):
        try:
            return compute(*args)
        except Exception:  # anything that fails to compute now differs from what it was
            return None

    def _check(self, dep: tuple, root: dict, env: Environment) -> bool:
        kind = dep[0]
        if kind == "template":
            return self._safe(self.template_digest, env, dep[1]) == dep[2]
        registry = self.registry
        if kind == "attr":
            obj = registry.by_locator.get(dep[1], MISSING)
            if obj is MISSING:
                return False
            return self._safe(lambda: self.digest(env.getattr(obj, dep[2]))) == dep[3]
        if kind == "call":
            def result():
                callee = dep[1]
                if callee[0] == "name":
                    function = root[callee[1]]
                else:
                    function = getattr(registry.by_locator[callee[1]], callee[2])
                args = [_decode(a, registry, root) for a in dep[2][0]]
                kwargs = {k: _decode(v, registry, root) for k, v in dep[2][1]}
                return self.digest(function(*args, **kwargs))
            return self._safe(result) == dep[3]
        return False


def _rooted(dep: tuple) -> bool:
    """Whether ``dep`` is answered from the page's own context: a name, a template, a call of a function of it."""
    return dep[0] in ("name", "template") or dep[0] == "call" and dep[1][0] == "name"


def template_digest(env: Environment, name: str) -> str | None:
    try:
        source, _filename, _uptodate = env.loader.get_source(env, name)
    except TemplateNotFound:
        return None
    return _h(source.encode("utf-8"))


__all__ = ["PLAIN_ENV", "Digester", "Recording", "Registry", "Tracer", "Untrackable", "template_digest"]
