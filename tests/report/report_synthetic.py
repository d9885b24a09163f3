"""A larger site written into a temporary folder: one group, 30 monthly meetups with tallies.

Seeded, so every run writes the same files.  Attendance and "in production"
rise over the period on purpose (the report must notice); "visiting" stays
flat; every fifth meetup has a small "3+ images" cell that must stay hidden.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "report"
MEETUPS = 30
SPEAKERS = ["Václav Pavlín", "Tomáš Nožička", "Jana Nováková", "Petr Svoboda", "Eva Dvořáková"]

PNG_LOGO_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">
<rect x="1" y="1" width="118" height="38" fill="#eeeeee" stroke="#333333"/>
<text x="60" y="26" text-anchor="middle" font-size="16">Česká Firma</text></svg>
"""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _png_logo(path: Path) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (120, 40), (30, 90, 160)).save(path, format="PNG")


def make_site(root: Path, meetups: int = MEETUPS) -> dict:
    """Write content/ and survey/ under ``root``; returns what was written, for the tests' own sums."""
    rng = random.Random(2015)
    content, survey = root / "content", root / "survey"
    _write(content / "groups" / "cloud-brno.md",
           "---\nname: Cloud Brno\ncity: Brno\ntimezone: Europe/Prague\n---\nA synthetic group.\n")
    _write(content / "sponsors" / "acme.md",
           "---\nname: Acme Cloud\nurl: https://acme.example/\nlogo: images/acme.png\n---\n")
    _write(content / "sponsors" / "ceska-firma.md",
           "---\nname: Česká Firma\nurl: https://firma.example/\nlogo: images/ceska-firma.svg\n---\n")
    _png_logo(content / "images" / "acme.png")
    _write(content / "images" / "ceska-firma.svg", PNG_LOGO_SVG)
    survey.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "questions.yaml", survey / "questions.yaml")
    written = []
    start = dt.date(2022, 1, 13)
    for number in range(1, meetups + 1):
        slug = f"cloud-brno-{number}"
        date = start + dt.timedelta(days=28 * (number - 1))
        attended = 40 + 2 * number + rng.randint(-5, 5)
        approx = number % 4 == 0
        sponsors = (["acme"] if number % 2 == 0 else []) + (["ceska-firma"] if number % 3 == 0 else [])
        talks = "".join(f"  - talk:\n      title: \"Talk {number}.{i}\"\n"
                        f"      speakers: [{SPEAKERS[(number + i) % len(SPEAKERS)]}]\n" for i in (1, 2))
        _write(content / "events" / f"{slug}.md",
               f"---\ntitle: \"Cloud Brno #{number}\"\ngroup: cloud-brno\nnumber: {number}\ndate: {date}\n"
               f"attendance: \"{'~' if approx else ''}{attended}\"\nsponsors: [{', '.join(sponsors)}]\n"
               f"programme:\n{talks}---\nRecap of meetup {number}.\n")
        production = round(attended * (0.3 + 0.4 * number / meetups))
        visiting = round(attended * 0.25) + rng.randint(-2, 2)
        three = 6 if number % 5 == 0 else round(attended * 0.3)
        _write(survey / f"{slug}.yaml",
               f"event: {slug}\nanswers:\n  visiting: {visiting}\n  student: {round(attended * 0.3)}\n"
               f"  containers_in_production: {production}\n  images_per_app:\n    \"3+\": {three}\n")
        written.append({"slug": slug, "date": date, "attended": attended, "approx": approx, "sponsors": sponsors})
    return {"content": content, "survey": survey, "meetups": written}
