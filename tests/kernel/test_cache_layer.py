"""The one cache layer (kernel.cache): keys over code and parts, verified entries, pruning by use."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest
from damage import aged, entries, flip_a_bit, stray, truncate
from kernel import cache as cache_layer
from kernel import cacheentry
from kernel.cache import CACHES, EVERY_PACKAGE, Cache, cache_folder, code_digest, entry_key, keep_days, key_of, prune

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "plugins"


def code_file(folder: Path, text: str = "X = 1\n") -> Path:
    path = folder / "producer.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- keys --------------------------------------------------------------------------------


def test_the_same_parts_and_code_give_the_same_key(tmp_path):
    code = code_file(tmp_path / "code")
    one = Cache(tmp_path / "a", code=[code]).key({"b": 2, "a": 1}, "x")
    two = Cache(tmp_path / "b", code=[code]).key({"a": 1, "b": 2}, "x")  # another folder, keys in another order
    assert one == two
    assert len(one) == 32 and int(one, 16) >= 0


def test_an_edit_to_the_producing_code_changes_the_key(tmp_path):
    code = code_file(tmp_path / "code")
    before = Cache(tmp_path / "cache", code=[code]).key("chart")
    code_file(tmp_path / "code", "X = 2\n")
    assert Cache(tmp_path / "cache", code=[code]).key("chart") != before


def test_a_file_added_to_a_producing_folder_changes_the_key(tmp_path):
    code_file(tmp_path / "code")
    before = Cache(tmp_path / "cache", code=[tmp_path / "code"]).key("chart")
    (tmp_path / "code" / "helper.py").write_text("Y = 1\n", encoding="utf-8")
    assert Cache(tmp_path / "cache", code=[tmp_path / "code"]).key("chart") != before


def test_another_version_changes_the_key(tmp_path):
    assert Cache(tmp_path, version=1).key("chart") != Cache(tmp_path, version=2).key("chart")


def test_other_parts_change_the_key(tmp_path):
    cache = Cache(tmp_path)
    assert len({cache.key("chart", 1), cache.key("chart", 2), cache.key("chart"), cache.key({"chart": 1})}) == 4


def test_another_library_version_changes_the_key(tmp_path):
    # a library is named, never imported: its installed version is read from its metadata
    keys = {Cache(tmp_path, libraries=names).key("chart")
            for names in [(), ("pytest",), ("pytest", "no-such-distribution-here")]}
    assert len(keys) == 3


def test_a_library_is_keyed_by_the_version_its_metadata_gives(tmp_path):
    # read off the metadata folders' names: the same versions importlib.metadata reads from their files,
    # however the distribution's name is spelt
    import hashlib
    import importlib.metadata
    import json

    names = ("PyYAML", "python-dateutil", "jinja2", "Pillow")
    expected = json.dumps([[name, importlib.metadata.version(name)] for name in names])
    assert code_digest(libraries=names) == hashlib.blake2b(expected.encode(), digest_size=16).hexdigest()


def test_any_installed_package_changes_a_key_made_over_every_package(tmp_path, monkeypatch):
    # a Markdown extension from any distribution may change a parsed body: its upgrade must be a miss
    installed = ["markdown==3.9", "pygments==2.19.2"]
    monkeypatch.setattr(cache_layer, "installed_versions", lambda: list(installed))
    before = Cache(tmp_path, libraries=(EVERY_PACKAGE,)).key("body")
    installed[1] = "pygments==2.20.0"
    assert Cache(tmp_path, libraries=(EVERY_PACKAGE,)).key("body") != before


def test_the_parsed_sources_are_keyed_over_every_installed_package():
    from meetup.source_cache import LIBRARIES
    assert EVERY_PACKAGE in LIBRARIES and "python" in LIBRARIES


def test_the_key_scheme_is_blake2b_over_canonical_json():
    import hashlib

    expected = hashlib.blake2b(b'[1,"code",{"a":1,"b":[2,3]}]', digest_size=16).hexdigest()
    assert key_of(1, "code", {"b": [2, 3], "a": 1}) == expected


def test_an_entry_belongs_to_the_key_its_name_starts_with():
    assert [entry_key(name) for name in ("k1.svg", "k1.svg.sum", "k1.ab12.figure.html", "k1/page-001.webp", "k1")] \
        == ["k1"] * 5


# -- storage ---------------------------------------------------------------------------


def test_an_entry_reads_back_as_written_with_its_digest_beside_it(tmp_path):
    cache = Cache(tmp_path / "cache")
    cache.write("k1.svg", b"<svg/>")
    assert cache.read("k1.svg") == b"<svg/>"
    assert entries(tmp_path / "cache") == {"k1.svg", "k1.svg.sum"}


def test_an_entry_written_into_a_cache_folder_not_made_yet_makes_it(tmp_path):
    cache = Cache(tmp_path / "not" / "made" / "yet")
    cache.write("entry.bin", b"bytes")
    assert cache.read("entry.bin") == b"bytes"
    assert not [p for p in cache.folder.iterdir() if p.name.endswith(".tmp")]


def test_the_entries_a_cache_holds_are_listed_with_their_digests(tmp_path):
    cache = Cache(tmp_path / "cache")
    assert cache.held() == set()  # no folder yet
    cache.write("k1.svg", b"<svg/>")
    assert cache.held() == {"k1.svg", "k1.svg.sum"}


def test_a_missing_entry_is_a_miss(tmp_path):
    assert Cache(tmp_path / "nothing-here").read("k1.svg") is None


@pytest.mark.parametrize("damage", [flip_a_bit, truncate], ids=["bit-flipped", "truncated"])
def test_a_damaged_entry_is_a_miss(tmp_path, damage):
    cache = Cache(tmp_path)
    damage(cache.write("k1.bin", bytes(range(256))))
    assert cache.read("k1.bin") is None


def test_an_entry_without_its_digest_is_a_miss(tmp_path):
    cache = Cache(tmp_path)
    cacheentry.digest_path(cache.write("k1.bin", b"data")).unlink()  # a build killed between the two writes
    assert cache.read("k1.bin") is None


def test_a_pickled_entry_loads_as_stored(tmp_path):
    cache = Cache(tmp_path)
    cache.store("k1.pickle", {"rows": [1, 2], "title": "Docker Brno #2"})
    assert cache.load("k1.pickle") == {"rows": [1, 2], "title": "Docker Brno #2"}


def test_a_whole_entry_that_does_not_unpickle_is_a_miss(tmp_path):
    cache = Cache(tmp_path)
    missing_class = (ROOT / "tests" / "data" / "cache" / "missing-module.pickle").read_bytes()
    cache.write("k1.pickle", missing_class)
    cache.write("k2.pickle", pickle.dumps([1])[:-3])
    assert (cache.load("k1.pickle"), cache.load("k2.pickle")) == (None, None)


def test_a_value_pickle_refuses_is_not_stored(tmp_path):
    cache = Cache(tmp_path)
    assert cache.store_if_picklable("k1.pickle", {"reader": lambda: None}) is None
    assert entries(tmp_path) == set()
    assert cache.store_if_picklable("k2.pickle", [1]) == tmp_path / "k2.pickle"
    assert cache.load("k2.pickle") == [1]


def test_a_keyed_record_is_read_only_under_its_own_key(tmp_path):
    cache = Cache(tmp_path)
    cache.store_keyed("plan.pickle", cache.key("inputs"), ["plan"])
    assert cache.load_keyed("plan.pickle", cache.key("inputs")) == ["plan"]
    assert cache.load_keyed("plan.pickle", cache.key("other inputs")) is None


UNPICKLED: list[str] = []


def _noted(label: str) -> str:
    UNPICKLED.append(label)
    return label


class _NotesUnpickling:
    """A value that says when it is unpickled (the plan of a large archive, in miniature)."""

    def __reduce__(self):
        return _noted, ("unpickled",)


def test_a_keyed_record_of_another_key_is_not_unpickled(tmp_path):
    cache = Cache(tmp_path)
    cache.store_keyed("plan.pickle", cache.key("inputs"), _NotesUnpickling())
    UNPICKLED.clear()

    assert cache.load_keyed("plan.pickle", cache.key("other inputs")) is None
    assert UNPICKLED == []
    assert cache.load_keyed("plan.pickle", cache.key("inputs")) == "unpickled"
    assert UNPICKLED == ["unpickled"]


@pytest.mark.parametrize("damage", [flip_a_bit, truncate])
def test_a_keyed_record_damaged_past_its_key_is_a_miss(tmp_path, damage):
    cache = Cache(tmp_path)
    cache.store_keyed("plan.pickle", cache.key("inputs"), ["plan"] * 1000)
    damage(tmp_path / "plan.pickle")

    assert cache.load_keyed("plan.pickle", cache.key("inputs")) is None


def test_a_keyed_record_in_the_old_layout_is_a_miss_and_its_value_is_not_unpickled(tmp_path):
    cache = Cache(tmp_path)
    # one pickle of key and value, as entries were written before
    cache.store("plan.pickle", {"key": cache.key("inputs"), "value": _NotesUnpickling()})
    UNPICKLED.clear()

    assert cache.load_keyed("plan.pickle", cache.key("inputs")) is None
    assert UNPICKLED == []


def test_a_keyed_record_whose_value_names_code_that_is_gone_is_a_miss(tmp_path):
    cache = Cache(tmp_path)
    missing_class = (ROOT / "tests" / "data" / "cache" / "missing-module.pickle").read_bytes()
    cache.write("plan.pickle", pickle.dumps(cache.key("inputs")) + missing_class)

    assert cache.load_keyed("plan.pickle", cache.key("inputs")) is None


def test_a_keyed_record_written_again_after_its_key_was_read_is_read_as_the_new_one_says(tmp_path, monkeypatch):
    cache = Cache(tmp_path)
    cache.store_keyed("plan.pickle", cache.key("inputs"), ["plan"])
    cache.store_keyed("other.pickle", cache.key("other inputs"), ["other plan"])
    other = cache.read("other.pickle")
    real = cacheentry.read
    # another build replaces the entry between the reading of its head and the reading of it whole
    monkeypatch.setattr(cacheentry, "read", lambda path: other if Path(path).name == "plan.pickle" else real(path))

    assert cache.load_keyed("plan.pickle", cache.key("inputs")) is None


def test_a_folder_entry_appears_only_whole(tmp_path):
    cache = Cache(tmp_path / "slides")

    def interrupted(folder: Cache):
        folder.write("page-001.webp", b"half a deck")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        cache.write_folder("k1", interrupted)
    assert entries(tmp_path / "slides") == set()
    assert cache.write_folder("k1", lambda folder: folder.write("page-001.webp", b"deck").name) == "page-001.webp"
    assert cache.read("k1/page-001.webp") == b"deck"


# -- pruning ---------------------------------------------------------------------------


def test_pruning_keeps_every_file_of_a_used_key_however_old(tmp_path):
    writer = Cache(tmp_path)
    for name in ("used.svg", "used.abc.figure.html", "gone.svg"):
        writer.write(name, b"x")
    for path in tmp_path.iterdir():
        aged(path, 400)
    build = Cache(tmp_path)
    assert build.read("used.svg") == b"x"  # what this build read counts as used
    assert build.prune(30) == 2  # gone.svg and its digest
    assert entries(tmp_path) == {"used.svg", "used.svg.sum", "used.abc.figure.html", "used.abc.figure.html.sum"}


def test_pruning_keeps_what_a_build_wrote_or_marked_used(tmp_path):
    aged(stray(tmp_path / "marked"), 400)
    build = Cache(tmp_path)
    build.write("written.png", b"x")
    build.use("marked")
    aged(build.path("written.png"), 400)
    assert build.prune(30) == 0


def test_a_touched_entry_outlives_pruning_by_age_with_its_digest(tmp_path):
    cache = Cache(tmp_path)
    cache.write("touched.pickle", b"x")
    cache.write("untouched.pickle", b"y")
    for path in tmp_path.iterdir():
        aged(path, 400)
    Cache(tmp_path).touch("touched.pickle")  # another reader of the same build, with its own used set
    assert prune(tmp_path, lambda name: False, 30) == 2
    assert entries(tmp_path) == {"touched.pickle", "touched.pickle.sum"}


def test_an_unused_entry_older_than_the_limit_is_deleted(tmp_path):
    aged(stray(tmp_path / "stale.svg"), 40)
    assert prune(tmp_path, lambda name: False, 30) == 1
    assert entries(tmp_path) == set()


def test_an_unused_but_recent_entry_is_kept(tmp_path):
    stray(tmp_path / "recent.svg")
    assert prune(tmp_path, lambda name: False, 30) == 0
    assert entries(tmp_path) == {"recent.svg"}


def test_a_used_entry_is_kept_however_old(tmp_path):
    aged(stray(tmp_path / "used.svg"), 400)
    assert prune(tmp_path, lambda name: name == "used.svg", 30) == 0
    assert entries(tmp_path) == {"used.svg"}


def test_an_old_unused_folder_is_deleted_with_its_files(tmp_path):
    folder = tmp_path / "0123abcd"
    stray(folder / "page-001.webp")
    aged(folder, 40)
    assert prune(tmp_path, lambda name: False, 30) == 1
    assert entries(tmp_path) == set()


def test_keep_days_none_or_negative_never_prunes():
    assert keep_days({}) == 30
    assert keep_days({"CACHE_KEEP_DAYS": None}) is None
    assert keep_days({"CACHE_KEEP_DAYS": -1}) is None


# -- one owner -------------------------------------------------------------------------


def test_every_cache_lives_in_its_own_folder_under_cache_path():
    folders = [cache_folder({"CACHE_PATH": "/tmp/site-cache"}, name) for name in CACHES]
    assert len(set(folders)) == len(CACHES)
    assert all(folder.parent == Path("/tmp/site-cache") for folder in folders)
    assert cache_folder({}, "charts") == Path(".cache/charts")


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports (relative imports resolved), and every ``module.name`` it takes."""
    package = path.relative_to(PLUGINS).parent.parts
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = ".".join([*package[:len(package) - node.level + 1], *([node.module] if node.module else [])]) \
                if node.level else node.module
            found |= {base} | {f"{base}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def test_only_the_cache_layer_touches_cache_entries_and_pickles():
    users = sorted(str(path.relative_to(PLUGINS)) for path in PLUGINS.rglob("*.py")
                   if _imports(path) & {"kernel.cacheentry", "pickle"} and path.name != "cacheentry.py")
    assert users == ["kernel/cache.py"]


def test_every_named_cache_has_an_owner_that_names_it():
    owners = {name: [str(p.relative_to(PLUGINS)) for p in PLUGINS.rglob("*.py")
                     if f'NAME = "{name}"' in p.read_text(encoding="utf-8")] for name in CACHES}
    assert {name: len(found) for name, found in owners.items()} == dict.fromkeys(CACHES, 1)
