"""The figures the sponsor report must show, written out: never computed by the code under test.

Each row was worked out apart from the poll engine's ``pool()`` (statsmodels and numpy over
the poll files' own counts) and is written here as the report must print it.  The comment on
each row gives the pooled people and base and the dispersion phi, so it can be checked by hand:

    p = people / base
    phi = max(1, sum((c_i - n_i p)^2 / (n_i p (1 - p))) / (k - 1))  # over the k published meetups
    statsmodels.stats.proportion.proportion_confint(people / phi, base / phi, method="wilson")

whole percents half up; a tally percentage counts as written ("~35%" of 48 is 16.8 people);
"≈" when any pooled figure is approximate.  Which meetups are published is the suppression
rule's (docs/polls-engine-contract.md): in the synthetic site a cell is hidden when it, or the
people who did not give the answer, are fewer than 10.
"""

from __future__ import annotations


def shown(share: str, interval: str, n: str, published: int, asked: int) -> dict:
    return {"hidden": False, "share": share, "interval": interval, "n": n, "published": published, "asked": asked}


HIDDEN = {"hidden": True}

#: The repository's own content/ and survey/: Docker Brno (one meetup, ~100 people) and the demo group.
SAMPLE = {
    "docker-brno": {
        ("containers_in_production", "yes"): shown("≈50 %", "40–60 %", "≈100 attended", 1, 1),  # 50 of 100
        ("docker_in_job", "yes"): shown("≈10 %", "6–17 %", "≈100 attended", 1, 1),  # 10 of 100
        ("docker_in_production", "yes"): shown("≈60 %", "50–69 %", "≈100 attended", 1, 1),  # 60 of 100
        ("experimenting", "yes"): shown("≈85 %", "77–91 %", "≈100 attended", 1, 1),  # 85 of 100
        ("images_per_app", "3+"): shown("≈12 %", "7–20 %", "≈100 attended", 1, 1),  # 12 of 100
        ("student", "yes"): shown("≈20 %", "13–29 %", "≈100 attended", 1, 1),  # 20 of 100
        ("visiting", "yes"): shown("≈20 %", "13–29 %", "≈100 attended", 1, 1),  # 20 of 100
    },
    "demo-city-cloud-native": {
        # 397.3 of 840, phi 1.691: the interval is widened for the spread between meetups
        ("containers_in_production", "yes"): shown("≈47 %", "43–52 %", "≈840 attended", 14, 14),
        ("docker_in_job", "yes"): shown("≈24 %", "21–27 %", "≈775 attended", 12, 13),  # 184.1 of 775, phi 1
        ("docker_in_production", "yes"): shown("≈39 %", "36–43 %", "≈840 attended", 14, 14),  # 331.3 of 840, phi 1
        ("experimenting", "yes"): shown("≈72 %", "68–75 %", "≈775 attended", 12, 14),  # 554.6 of 775, phi 1
        ("images_per_app", "1"): shown("12 %", "7–21 %", "90 attended", 1, 3),  # 11 of 90
        ("images_per_app", "2"): shown("11 %", "6–19 %", "90 attended", 1, 3),  # 10 of 90
        ("images_per_app", "3+"): shown("≈24 %", "21–28 %", "≈656 attended", 10, 14),  # 158 of 656, phi 1
        ("student", "yes"): shown("≈23 %", "20–26 %", "≈810 attended", 13, 13),  # 184 of 810, phi 1
        ("visiting", "yes"): shown("≈23 %", "20–26 %", "≈752 attended", 12, 13),  # 173.5 of 752, phi 1
    },
}

#: report_synthetic.make_site's 30 meetups of cloud-brno (every fourth headcount "~").
SYNTHETIC = {
    # 1150 of 2144, phi 3.711: "in production" rises on purpose, so the meetups spread widely
    ("containers_in_production", "yes"): shown("≈54 %", "50–58 %", "≈2144 attended", 30, 30),
    # 507 of 1690, phi 1: every fifth meetup's 6 people with 3+ images are hidden and left out
    ("images_per_app", "3+"): shown("≈30 %", "28–32 %", "≈1690 attended", 24, 30),
    ("student", "yes"): shown("≈30 %", "28–32 %", "≈2144 attended", 30, 30),  # 643 of 2144, phi 1
    ("visiting", "yes"): shown("≈25 %", "23–26 %", "≈2065 attended", 28, 30),  # 507 of 2065, phi 1
}

#: tests/data/report/privacy, group tiny (two meetups, 70 people), at POLLS_MIN_CELL 10 and 20.
PRIVACY = {
    10: {
        ("containers_in_production", "yes"): shown("60 %", "48–71 %", "70 attended", 2, 2),  # 42 of 70, phi 1
        ("student", "yes"): shown("41 %", "31–53 %", "70 attended", 2, 2),  # 29 of 70, phi 1
        ("visiting", "yes"): HIDDEN,
    },
    20: {
        ("containers_in_production", "yes"): HIDDEN,
        ("student", "yes"): HIDDEN,
        ("visiting", "yes"): HIDDEN,
    },
}
