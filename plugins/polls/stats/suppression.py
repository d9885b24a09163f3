"""Small-cell suppression: hide poll figures that would point at a handful of people.

A meetup poll is small enough that "2 people here run Windows servers" names
them to everyone in the room.  The rule follows what statistics offices do with
frequency tables (primary suppression of small cells, then secondary suppression
so no hidden cell can be worked back out from the published totals):

1. **small** -- a cell whose count is below ``min_cell`` (``POLLS_MIN_CELL``,
   default 10) is hidden.  Zero counts are hidden too: "nobody here uses X"
   tells everyone that each person present does not.
2. **complement** -- a cell is hidden when the people who did *not* choose it
   are fewer than ``min_cell``: publishing 95 % of 100 says that 5 people said
   no, whichever way the question was asked.  The total used is the number who
   answered when known (it is published as n), else the question's base.  This
   holds for every kind of question: for a multiple-choice option "not chosen"
   is just as identifying as "chosen".
3. **complementary** -- for questions whose options exclude each other
   (yes-no, single choice, bucket) the counts add up to a published total, so
   one hidden cell could be recomputed by subtraction.  Whenever such a question
   has exactly one unknown left -- one hidden cell and nothing unaccounted for,
   or no hidden cell but a small unlisted remainder (total minus the listed
   counts, e.g. the "no" of a yes-no question whose only row is "yes") -- the
   smallest visible cell is hidden as well, so at least two unknowns remain.
4. **audit** -- two unknowns are not always enough: 7 and 9 hidden beside a
   published total that leaves 16 for them pins each to 7..9.  So each
   exclusive-choice question is then read from its published cells alone, as a
   reader of the downloads would (``mark_audited``), and while any hidden cell's
   feasible values span fewer than ``min_cell`` (a hidden set that must add up
   to 0 included) the smallest published cell is hidden as well.

Headcounts (``attendance`` questions) are never hidden: the number of people in
the room is published as n anyway.

Published outputs (the downloads, the change verdicts, the sponsor report, the
charts) give only two reasons: **small** (the cell itself is below ``min_cell``)
and **secondary** (hidden so that another hidden figure cannot be worked out:
rules 2, 3 and 4 alike).  Saying "complement" would tell readers that nearly
everyone gave the answer, which is the very figure rule 2 hides.  The aggregates
table keeps the detailed reason for analysis; ``public_reason`` maps it.

Hidden rows keep their base, answered and attended (those are the published n)
and lose count, share and interval.  Known limit: the rule protects each poll on
its own.  Publishing a pooled total for several meetups beside each meetup's own
figures can still reveal a hidden cell by differencing; ``polls.stats.comparisons.pool``
therefore pools only meetups whose own cell is published (by default) and
applies the same threshold to the pooled cell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import PollDataError, Problem
from .min_cell import DEFAULT_MIN_CELL

#: Kinds whose options exclude each other, so their counts add up to the total.
EXCLUSIVE_KINDS = frozenset({"yes-no", "single", "bucket"})
#: Kinds that are headcounts rather than answers: never suppressed.
UNSUPPRESSED_KINDS = frozenset({"attendance"})

SMALL = "small"
COMPLEMENT = "complement"
COMPLEMENTARY = "complementary"
#: The one published reason for rules 2 and 3 (see the module's docstring).
SECONDARY = "secondary"
PUBLIC_REASONS = {SMALL: SMALL, COMPLEMENT: SECONDARY, COMPLEMENTARY: SECONDARY}

#: Columns a suppressed row loses (only those present in the frame are touched).
HIDDEN_COLUMNS = ("count", "share", "ci_low", "ci_high")


def published_min_cell(asked: int | None, site: int, option: str = "--min-cell") -> int:
    """The threshold for an output published beside the site: the site's ``POLLS_MIN_CELL``, or a stricter one.

    A lower one raises PollDataError at ``option``: the output (a download, a sponsor
    report) would show figures the site hides, and the two side by side would give them away.
    """
    if asked is None:
        return site
    if asked < site:
        raise PollDataError(Problem(option, 0, 0, f"{asked} is below the site's POLLS_MIN_CELL ({site}): "
                                    "that would publish figures the site hides"))
    return asked


def public_reason(reason: str) -> str:
    """The reason a published output gives: "small", "secondary", or "" for a published cell.

    An unknown reason reads as "secondary", the one that says least.
    """
    return PUBLIC_REASONS.get(reason, SECONDARY) if reason else ""


def question_total(frame: pd.DataFrame) -> pd.Series:
    """The published total each cell's share is read against: answered when known, else base."""
    return frame["answered"].fillna(frame["base"]).astype("Int64")


def mark_small(frame: pd.DataFrame, min_cell: int) -> pd.Series:
    """Reason per row after the small-cell and complement rules ("" where published)."""
    protected = ~frame["kind"].isin(UNSUPPRESSED_KINDS)
    count = frame["count"]
    complement = question_total(frame) - count
    small = (count < min_cell).fillna(False).astype(bool) & protected
    few_others = (complement < min_cell).fillna(False).astype(bool) & protected & ~small
    reason = pd.Series("", index=frame.index, dtype="object")
    reason[small] = SMALL
    reason[few_others] = COMPLEMENT
    return reason


def mark_complementary(frame: pd.DataFrame, reason: pd.Series, min_cell: int) -> pd.Series:
    """Hide one more cell in each exclusive-choice question that has exactly one unknown left."""
    exclusive = frame["kind"].isin(EXCLUSIVE_KINDS) | (frame["kind"] == "")
    keys = [frame["survey"], frame["question"]]
    hidden = (reason != "").astype(int)
    hidden_per_question = hidden.groupby(keys, sort=False).transform("sum")
    listed = frame["count"].groupby(keys, sort=False).transform("sum")
    remainder = question_total(frame) - listed
    # A remainder below zero means the options overlap after all; no sum to exploit then.
    has_remainder = (remainder > 0).fillna(False).astype(bool)
    small_remainder = has_remainder & (remainder < min_cell).fillna(False).astype(bool)
    one_unknown = ((hidden_per_question == 1) & ~has_remainder) | (
        (hidden_per_question == 0) & small_remainder
    )
    needs_partner = exclusive & one_unknown & remainder.notna().astype(bool)
    candidates = frame.loc[needs_partner & (reason == "") & frame["count"].notna()]
    if candidates.empty:
        return reason
    # Smallest visible count in each question; row order breaks ties, so the choice is stable.
    order = candidates.assign(_row=range(len(candidates))).sort_values(
        ["survey", "question", "count", "_row"], kind="stable"
    )
    partners = order.drop_duplicates(["survey", "question"]).index
    reason = reason.copy()
    reason[partners] = COMPLEMENTARY
    return reason


def feasible_ranges(rest: int, domains: list[np.ndarray]) -> list[tuple[int, int] | None]:
    """What a reader can tell about each unknown cell of a question from its published figures.

    The unknowns (hidden cells and any unlisted remainder) add up to ``rest``
    (the published total minus the published cells); ``domains[i][v]`` is True
    when the public reason allows cell ``i`` the value ``v``.  Returns each cell's
    (lowest, highest) value consistent with all of that, or None when nothing is.
    """
    ranges: list[tuple[int, int] | None] = []
    for i, domain in enumerate(domains):
        others = np.zeros(rest + 1, dtype=bool)
        others[0] = True
        for j, other in enumerate(domains):
            if j != i:
                others = np.convolve(others, other[: rest + 1]).astype(bool)[: rest + 1]
        # v is feasible when the other cells can make up rest - v.
        values = [v for v in np.flatnonzero(domain[: rest + 1]) if others[rest - v]]
        ranges.append((int(values[0]), int(values[-1])) if values else None)
    return ranges


def _domain(total: int, allowed: list[tuple[int, int]]) -> np.ndarray:
    domain = np.zeros(total + 1, dtype=bool)
    for low, high in allowed:
        domain[max(low, 0): max(min(high, total) + 1, 0)] = True
    return domain


def _question_unknowns(total, counts: list, reasons: list[str], min_cell: int):
    """(unknowns' sum, their domains, audited flags) of one exclusive question, None when no sum binds it.

    ``counts`` and ``reasons`` are the question's cells in order (None: no count).
    What a reader knows from the public reasons: a "small" cell is below
    ``min_cell``; a "secondary" cell is either nearly everyone (more than the
    total minus ``min_cell``) or a partner, and partners are the smallest
    published cell of their time, so no larger than any cell still published.
    """
    if total is None or any(count is None for count in counts):
        return None
    remainder = total - sum(counts)
    if remainder < 0:  # the options overlap after all: no sum to exploit
        return None
    published = [count for count, why in zip(counts, reasons, strict=True) if not why]
    smallest = min(published) if published else total
    domains, audited = [], []
    for why in reasons:
        if not why:
            continue
        if why == SMALL:
            domains.append(_domain(total, [(0, min_cell - 1)]))
        else:
            domains.append(_domain(total, [(min_cell, smallest), (total - min_cell + 1, total)]))
        audited.append(True)
    if remainder > 0:
        # An unlisted remainder (the "no" of a yes-no row, people who picked nothing listed)
        # is one more unknown; it needs protecting only when it is itself small.
        domains.append(_domain(total, [(0, total)]))
        audited.append(remainder < min_cell)
    return total - sum(published), domains, audited


def _pinned(total, counts: list, reasons: list[str], min_cell: int) -> bool:
    found = _question_unknowns(total, counts, reasons, min_cell)
    if found is None:
        return False
    rest, domains, audited = found
    ranges = feasible_ranges(rest, domains)
    return any(check and (found is None or found[1] - found[0] + 1 < min_cell)
               for found, check in zip(ranges, audited, strict=True))


def _plain(value):
    return None if pd.isna(value) else int(value)


def mark_audited(frame: pd.DataFrame, reason: pd.Series, min_cell: int) -> pd.Series:
    """Hide further cells until no hidden cell can be narrowed below ``min_cell`` values.

    The audit reads each exclusive-choice question as a reader of the downloads
    would: the published cells, the published total and each hidden cell's public
    reason.  A hidden set that must sum to 0, or a small cell that its partners
    pin to 6..9, gets the smallest published cell hidden as well, again and again
    until every hidden cell's feasible range is at least ``min_cell`` wide.
    """
    if min_cell <= 0:
        return reason
    exclusive = frame["kind"].isin(EXCLUSIVE_KINDS) | (frame["kind"] == "")
    reason = reason.copy()
    # plain values, read once: the audit visits thousands of questions, and pandas indexing
    # per question cost more than the feasibility arithmetic itself
    cells = frame.loc[exclusive, ["survey", "question", "count"]].assign(
        total=question_total(frame[exclusive]), why=reason[exclusive])
    cells = cells[cells["survey"].notna() & cells["question"].notna()]  # as a groupby leaves them out
    labels, all_counts, totals, all_whys = (cells.index.tolist(), cells["count"].tolist(), cells["total"].tolist(),
                                            cells["why"].tolist())
    # each question's cells in table order, questions in order of first appearance (a groupby without
    # sorting, which made a frame of every question of the archive: most of the audit's time)
    questions: dict[tuple, list[int]] = {}
    for position, key in enumerate(zip(cells["survey"].tolist(), cells["question"].tolist(), strict=True)):
        questions.setdefault(key, []).append(position)
    for positions in questions.values():
        whys = [all_whys[p] for p in positions]
        if not any(whys):
            continue
        index = [labels[p] for p in positions]
        counts = [_plain(all_counts[p]) for p in positions]
        total = _plain(totals[positions[0]])
        while any(whys) and _pinned(total, counts, whys, min_cell):
            visible = [(count, i) for i, (count, why) in enumerate(zip(counts, whys, strict=True))
                       if not why and count is not None]
            if not visible:
                break
            smallest = min(visible, key=lambda pair: pair[0])[1]  # the first of equal counts, as idxmin
            whys[smallest] = COMPLEMENTARY
            reason[index[smallest]] = COMPLEMENTARY
    return reason


def apply_suppression(frame: pd.DataFrame, min_cell: int = DEFAULT_MIN_CELL) -> pd.DataFrame:
    """Mark and blank suppressed cells; adds ``suppressed`` (bool) and ``suppression`` (reason).

    ``frame`` needs survey, question, kind, count, answered and base columns
    (``kind`` "" when unknown is treated as exclusive choice, the careful side).
    ``min_cell`` 0 turns suppression off, for analysis that is never published.
    """
    reason = mark_small(frame, min_cell)
    reason = mark_complementary(frame, reason, min_cell)
    reason = mark_audited(frame, reason, min_cell)
    out = frame.copy()
    out["suppressed"] = (reason != "").astype(bool)
    out["suppression"] = reason.astype("str")
    hidden = out["suppressed"].to_numpy()
    for column in HIDDEN_COLUMNS:
        if column in out.columns:
            out.loc[hidden, column] = pd.NA
    return out
