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
    assert made_here.content_fingerprint == made_there.content_fingerprint


def test_any_changed_cell_changes_the_fingerprint():
    before = fingerprinted([Row("Students", "≈20 %"), Row("Visiting", "10 %")])
    after = fingerprinted([Row("Students", "≈20 %"), Row("Visiting", "11 %")])
    assert before.content_fingerprint != after.content_fingerprint


def test_a_value_whose_repr_names_an_address_gets_no_fingerprint():
    assert fingerprinted([Opaque()]).content_fingerprint == ""


def test_the_fingerprint_survives_the_plan_cache():
    made = fingerprinted([Row("Students", "≈20 %")])
    kept = pickle.loads(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
    assert (kept, kept.content_fingerprint) == (made, made.content_fingerprint)


def test_the_tracer_digests_a_fingerprinted_value_by_its_fingerprint():
    digest = Digester(Registry([]))
    # the same fingerprint over other items digests the same: the items are not walked
    assert digest(Fingerprinted([Row("a", "1")], "f1")) == digest(Fingerprinted([Row("b", "2")], "f1"))
    assert digest(Fingerprinted([Row("a", "1")], "f1")) != digest(Fingerprinted([Row("a", "1")], "f2"))


def test_a_value_without_a_fingerprint_is_walked():
    digest = Digester(Registry([]))
    assert digest(Fingerprinted([Row("a", "1")])) != digest(Fingerprinted([Row("b", "2")]))
    assert digest(Fingerprinted([Row("a", "1")])) == digest(Fingerprinted([Row("a", "1")]))


def test_a_charts_spec_carries_a_fingerprint_of_all_it_draws():
    from polls.charts.spec import ChartSpec, make_labels

    def spec(title="Students", caption="n = 40"):
        return ChartSpec("results", "results/docker-brno-2/student", title, (), make_labels(caption=caption))

    assert spec().content_fingerprint == spec().content_fingerprint
    assert len({spec().content_fingerprint, spec(title="Visitors").content_fingerprint,
                spec(caption="n = 41").content_fingerprint}) == 3
    digest = Digester(Registry([]))
    assert digest(spec()) != digest(spec(caption="n = 41"))
