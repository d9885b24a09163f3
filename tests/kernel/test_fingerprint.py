"""Values that carry a digest of their content, and how the build's tracer reads them."""

from __future__ import annotations

import pickle
from dataclasses import dataclass

from kernel.fingerprint import Fingerprinted, fingerprinted
from recap_build.trace import Digester, Registry


@dataclass(frozen=True)
class Row:
    label: str
    value: str


class Opaque:
    """An object whose repr names its address, not its content."""


def test_equal_content_made_apart_gets_one_fingerprint():
    made_here, made_there = fingerprinted([Row("Students", "≈20 %")]), fingerprinted((Row("Students", "≈20 %"),))
    assert made_here.fingerprint == made_there.fingerprint


def test_any_changed_cell_changes_the_fingerprint():
    before = fingerprinted([Row("Students", "≈20 %"), Row("Visiting", "10 %")])
    after = fingerprinted([Row("Students", "≈20 %"), Row("Visiting", "11 %")])
    assert before.fingerprint != after.fingerprint


def test_a_value_whose_repr_names_an_address_gets_no_fingerprint():
    assert fingerprinted([Opaque()]).fingerprint == ""


def test_the_fingerprint_survives_the_plan_cache():
    made = fingerprinted([Row("Students", "≈20 %")])
    kept = pickle.loads(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
    assert (kept, kept.fingerprint) == (made, made.fingerprint)


def test_the_tracer_digests_a_fingerprinted_value_by_its_fingerprint():
    digest = Digester(Registry([]))
    # the same fingerprint over other items digests the same: the items are not walked
    assert digest(Fingerprinted([Row("a", "1")], "f1")) == digest(Fingerprinted([Row("b", "2")], "f1"))
    assert digest(Fingerprinted([Row("a", "1")], "f1")) != digest(Fingerprinted([Row("a", "1")], "f2"))


def test_a_value_without_a_fingerprint_is_walked():
    digest = Digester(Registry([]))
    assert digest(Fingerprinted([Row("a", "1")])) != digest(Fingerprinted([Row("b", "2")]))
    assert digest(Fingerprinted([Row("a", "1")])) == digest(Fingerprinted([Row("a", "1")]))
