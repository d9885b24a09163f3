"""Whatever a content file holds, reading it gives a document or a ContentError, never a crash, and fast.

The reader is fed arbitrary bytes, YAML-like fragments (anchors, aliases, tags,
flow brackets, odd line breaks) and well-formed front matter of random keys and
values; every file it accepts is then linked by the loader as each kind of content.
Nothing but project problems (each with a file and a position) may come out.
"""

from __future__ import annotations

import string
import tempfile
import time
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from meetup.errors import ContentError
from meetup.load import KINDS, Source, build_site
from meetup.reader import FrontMatterReader, markdown_renderer
from meetup.schema import SCHEMAS
from meetup.settings import DEFAULTS
from pelican.settings import DEFAULT_CONFIG

FOLDERS = {**DEFAULTS["MEETUP_PATHS"], "page": "pages"}
# keys of every kind, plus near misses, so the schema's checks are reached as often as the YAML parser's
KEYS = sorted({key for schema in SCHEMAS.values() for key in schema.fields} | {"attendence", "venu", "slide", "name"})
FRAGMENTS = ["&a ", "*a", "*b", "!!python/object:os.system ", "!foo ", "!!int ", "!!binary ", "[", "]", "{", "}",
             ": ", "- ", "\n", "\n  ", "\t", '"', "'", "\\", "<<: *a", "? ", "| ", "> ", "%YAML 1.1", "---", "...",
             "\u2028", "\x85", "\ufeff", "\r", "#", ",", "~", ".nan", "999", "No", "2015-02-30", "18:00", "é"]
TIME_LIMIT = 2.0  # seconds per file: a hostile file must not hang the build


def settings_for(root: Path) -> dict:
    # the parsed-file cache goes beside the content, not into Pelican's default ./cache of the checkout
    return {**DEFAULT_CONFIG, **DEFAULTS, "PATH": str(root / "content"), "CACHE_PATH": str(root / "cache")}


def read(raw: bytes, kind: str) -> None:
    """Read ``raw`` as a file of ``kind``, then link it; only ContentError, with positioned problems, may escape."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        conf = settings_for(root)
        path = root / "content" / FOLDERS[kind] / "fuzz.md"
        path.parent.mkdir(parents=True)
        path.write_bytes(raw)
        started = time.perf_counter()
        try:
            _html, metadata = FrontMatterReader(conf).read(str(path))
            if kind in KINDS:
                doc = metadata["_document"]
                source = Source(kind, "content/fuzz.md", str(doc.data.get("slug") or "fuzz"), doc, "")
                build_site([source], markdown_renderer(conf["MARKDOWN"]), conf)
        except ContentError as error:
            assert error.problems, "a ContentError always names at least one problem"
            assert all(p.file and p.line >= 1 and p.column >= 1 for p in error.problems), error.problems
        assert time.perf_counter() - started < TIME_LIMIT


KIND = st.sampled_from(sorted(FOLDERS))
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=400), KIND)
def test_arbitrary_bytes_read_or_raise_content_error(content, kind):
    read(content, kind)


@FUZZ
@given(st.binary(max_size=300), KIND)
def test_a_fence_followed_by_arbitrary_bytes_reads_or_raises_content_error(content, kind):
    read(b"---\n" + content + b"\n---\nBody.\n", kind)


@FUZZ
@given(st.lists(st.sampled_from(FRAGMENTS + KEYS) | st.text(string.printable, max_size=5), max_size=40), KIND)
def test_yaml_like_fragments_read_or_raise_content_error(pieces, kind):
    read(("---\n" + "".join(pieces) + "\n---\nBody.\n").encode("utf-8"), kind)


scalars = st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats() | st.text(max_size=12)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=3), max_leaves=12)


@FUZZ
@given(st.dictionaries(st.sampled_from(KEYS), values, max_size=8), KIND)
def test_random_front_matter_of_known_and_misspelt_keys_reads_or_raises_content_error(data, kind):
    read(("---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\nBody.\n").encode("utf-8"), kind)
