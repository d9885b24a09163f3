"""Write the polls of the fictional Demo City Cloud Native group into survey/.

Everything here is invented example data: the site needs a year of meetups to
show what a poll trend looks like, and the real group has only one poll.  The
numbers follow a slow, plausible drift (containers in production from about
35 % to about 60 % over fourteen months) with binomial noise from a fixed seed,
so running the script again gives byte-identical files.

Meetups 1-11 become show-of-hands tallies (survey/demo-city-N.yaml, the format of
docs/poll-formats.md); 12-14 become per-respondent exports in the three form
tools' shapes, with obviously fictional names and e-mail addresses that the poll
engine must drop:

    demo-city-12.csv   Google Forms (Timestamp first, checkboxes joined by ", ")
    demo-city-13.csv   SurveyMonkey (two header rows, one column per option)
    demo-city-14.xlsx  Microsoft Forms (ID, Start time, ..., multi-select joined by ";")

Run from the repository root:  .venv/bin/python tools/make_demo_polls.py
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from openpyxl import Workbook

SEED = 20240111
NOISE = 0.35
ROOT = Path(__file__).resolve().parent.parent
SURVEY = ROOT / "survey"

YES_NO = ("visiting", "student", "experimenting", "containers_in_production",
          "docker_in_production", "docker_in_job")
IMAGES = ("1", "2", "3+")


@dataclass(frozen=True)
class Meetup:
    number: int
    date: dt.date
    attended: int
    approx: bool                 # the headcount on the event page is "~N"
    respondents: int | None = None   # per-respondent exports only
    skip: tuple[str, ...] = ()   # questions the organizer forgot to ask that night

    @property
    def slug(self) -> str:
        return f"demo-city-{self.number}"


# Headcounts must match content/events/demo-city-N.md.
MEETUPS = (
    Meetup(1, dt.date(2024, 1, 11), 55, True),
    Meetup(2, dt.date(2024, 2, 8), 48, False),
    Meetup(3, dt.date(2024, 3, 14), 60, True),
    Meetup(4, dt.date(2024, 4, 11), 52, False),
    Meetup(5, dt.date(2024, 5, 9), 70, True),
    Meetup(6, dt.date(2024, 6, 13), 58, False, skip=("visiting",)),
    Meetup(7, dt.date(2024, 7, 11), 35, True),
    Meetup(8, dt.date(2024, 8, 8), 30, False, skip=("student", "docker_in_job")),
    Meetup(9, dt.date(2024, 9, 12), 75, True),
    Meetup(10, dt.date(2024, 10, 10), 68, False),
    Meetup(11, dt.date(2024, 11, 14), 80, True),
    Meetup(12, dt.date(2024, 12, 12), 90, False, respondents=86),
    Meetup(13, dt.date(2025, 1, 9), 55, True, respondents=52),
    Meetup(14, dt.date(2025, 2, 13), 64, False, respondents=61),
)


def shares(t: float) -> dict[str, float]:
    """The invented 'true' shares of the audience at time t (0 = first meetup, 1 = last)."""
    return {
        "visiting": 0.24,
        "student": 0.27 - 0.06 * t,
        "experimenting": 0.68 + 0.10 * t,
        "containers_in_production": 0.35 + 0.25 * t,
        "docker_in_production": 0.30 + 0.20 * t,
        "docker_in_job": 0.19 + 0.09 * t,
        "images_3plus": 0.19 + 0.11 * t,
    }


def noisy_count(n: int, p: float, rng: np.random.Generator) -> int:
    """About n * p, with a third of binomial noise: enough wobble to look real, little
    enough that the drift shows in fourteen small meetups."""
    wobble = rng.normal(0.0, NOISE * (n * p * (1 - p)) ** 0.5)
    return int(min(n, max(0, round(n * p + wobble))))


def position(meetup: Meetup) -> float:
    return (meetup.number - 1) / (len(MEETUPS) - 1)


# --- tallies -------------------------------------------------------------------------

# How an organizer might have noted each figure: a count, an approximate count, or a
# share of the room rounded to 5 %.  Fixed per meetup so the files look hand-typed.
STYLES = ("count", "approx", "percent")


def tally_figure(count: int, attended: int, style: str) -> str:
    if style == "count":
        return str(count)
    if style == "approx":
        return f'"~{count}"'
    return f'"~{int(5 * round(100 * count / attended / 5))}%"'


def tally_text(meetup: Meetup, rng: np.random.Generator) -> str:
    p = shares(position(meetup))
    counts = {q: noisy_count(meetup.attended, p[q], rng) for q in YES_NO}
    three_plus = noisy_count(meetup.attended, p["images_3plus"], rng)
    style = STYLES[meetup.number % len(STYLES)]
    attended = f'"~{meetup.attended}"' if meetup.approx else str(meetup.attended)
    lines = [
        f"# Show-of-hands tally of Demo City Cloud Native #{meetup.number}.",
        "# FICTIONAL EXAMPLE DATA, written by tools/make_demo_polls.py: do not edit by hand.",
        f"event: {meetup.slug}",
        f'title: "Demo City Cloud Native #{meetup.number}"',
        f"date: {meetup.date.isoformat()}",
        "group: demo-city-cloud-native",
        f"attended: {attended}",
        "answers:",
    ]
    for question in YES_NO:
        if question in meetup.skip:
            continue
        # Small groups are counted, not estimated: a share of a handful is not what anyone writes down.
        figure_style = "count" if counts[question] < 10 else style
        lines.append(f"  {question}: {tally_figure(counts[question], meetup.attended, figure_style)}")
    lines += ["  images_per_app:", f'    "3+": {tally_figure(three_plus, meetup.attended, "count")}']
    return "\n".join(lines) + "\n"


# --- per-respondent answers ------------------------------------------------------------

@dataclass(frozen=True)
class Answers:
    """One fictional respondent; None means the question was left blank."""

    yes_no: dict[str, bool | None]
    images: str | None


def respondents(meetup: Meetup, rng: np.random.Generator) -> list[Answers]:
    p = shares(position(meetup))
    n = meetup.respondents or 0
    # Nearly the whole room filled in the form, so the shares of respondents stand in
    # for shares of the room; the few who did not answer pull the attended-based
    # shares down a little, as they would in real life.  Each question gets a fixed
    # number of yeses (see noisy_count) dealt out to random respondents.
    columns: dict[str, list[bool | None]] = {}
    for question in YES_NO:
        blank = rng.random(n) < 0.03
        answered = np.flatnonzero(~blank)
        yes = rng.choice(answered, size=noisy_count(len(answered), p[question], rng), replace=False)
        column: list[bool | None] = [None if b else False for b in blank]
        for i in yes:
            column[int(i)] = True
        columns[question] = column
    # Only people with containers in production say how many images their application uses.
    in_production = [i for i, v in enumerate(columns["containers_in_production"]) if v]
    three_plus = set(rng.choice(in_production, size=min(len(in_production),
                                noisy_count(n, p["images_3plus"], rng)), replace=False).tolist())
    images = [("3+" if i in three_plus else IMAGES[int(rng.integers(0, 2))]) if i in in_production else None
              for i in range(n)]
    return [Answers({q: columns[q][i] for q in YES_NO}, images[i]) for i in range(n)]


def person(i: int) -> tuple[str, str, str]:
    """First name, last name and e-mail of fictional respondent i (all obviously invented)."""
    return f"Person{i}", "Example", f"person{i}@example.org"


def yes_no(value: bool | None, yes: str = "Yes", no: str = "No") -> str:
    return "" if value is None else (yes if value else no)


IMAGE_LABELS = {"1": "1 image", "2": "2 images", "3+": "3 or more images"}


def times(meetup: Meetup, n: int, rng: np.random.Generator) -> list[dt.datetime]:
    """Submission times during the fictional evening, one distinct second each, in order."""
    start = dt.datetime.combine(meetup.date, dt.time(19, 5))
    seconds = sorted(rng.choice(2 * 3600, size=n, replace=False))
    return [start + dt.timedelta(seconds=int(s)) for s in seconds]


def google_forms(meetup: Meetup, rng: np.random.Generator) -> str:
    people = respondents(meetup, rng)
    header = ["Timestamp", "Email Address",
              "Are you visiting from another city?", "Are you currently studying at a university?",
              "Are you actively experimenting with containers?",
              "Do you run containers somewhere in production?", "Do you use Docker in production?",
              "Is Docker part of your job description?", "How many images does your application use?"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for i, (when, a) in enumerate(zip(times(meetup, len(people), rng), people, strict=True), 1):
        writer.writerow([when.strftime("%Y/%m/%d %I:%M:%S %p") + " GMT+1", person(i)[2],
                         *(yes_no(a.yes_no[q]) for q in YES_NO),
                         IMAGE_LABELS.get(a.images or "", "")])
    return out.getvalue()


def surveymonkey(meetup: Meetup, rng: np.random.Generator) -> str:
    people = respondents(meetup, rng)
    meta = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
            "Email Address", "First Name", "Last Name", "Custom Data 1"]
    questions = ["Did you travel from another city?", "Are you a student?",
                 "Are you actively experimenting with containers?",
                 "Do you run containers somewhere in production?", "Do you use Docker in production?",
                 "Is Docker part of your job description?", "How many images does your application use?"]
    first = meta + questions
    second = [""] * len(meta) + ["Response"] * len(questions)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([first, second])
    for i, (when, a) in enumerate(zip(times(meetup, len(people), rng), people, strict=True), 1):
        first_name, last_name, email = person(i)
        done = when + dt.timedelta(seconds=int(rng.integers(40, 300)))
        writer.writerow([str(11000000000 + i), "400000001", when.strftime("%m/%d/%Y %I:%M:%S %p"),
                         done.strftime("%m/%d/%Y %I:%M:%S %p"), f"192.0.2.{i}", email,
                         first_name, last_name, "",
                         *(yes_no(a.yes_no[q]) for q in YES_NO), IMAGE_LABELS.get(a.images or "", "")])
    return out.getvalue()


# Fixed times inside the .xlsx zip and its document properties, so the file is reproducible.
XLSX_TIME = dt.datetime(2025, 2, 14, 9, 0, 0)


def ms_forms(meetup: Meetup, rng: np.random.Generator) -> bytes:
    people = respondents(meetup, rng)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name",
                  "Did you travel from another city?", "Are you currently studying at a university?",
                  "Are you actively experimenting with containers?",
                  "Do you run containers somewhere in production?", "Do you use Docker in production?",
                  "Is Docker part of your job description?", "How many images does your application use?"])
    for i, (when, a) in enumerate(zip(times(meetup, len(people), rng), people, strict=True), 1):
        first_name, last_name, email = person(i)
        done = when + dt.timedelta(seconds=int(rng.integers(40, 300)))
        sheet.append([i, when, done, email, f"{first_name} {last_name}",
                      *(yes_no(a.yes_no[q]) for q in YES_NO), IMAGE_LABELS.get(a.images or "", "")])
    workbook.properties.creator = "tools/make_demo_polls.py"
    workbook.properties.created = XLSX_TIME
    raw = io.BytesIO()
    workbook.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with fixed entry times, a fixed 'modified' property (openpyxl stamps now) and
    canonical XML (openpyxl writes other bytes when lxml happens to be installed)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _fixed_modified(body)
            if info.filename.endswith((".xml", ".rels")):
                body = _canonical_xml(body)
            entry = zipfile.ZipInfo(info.filename, date_time=XLSX_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, body)
    return out.getvalue()


def _canonical_xml(body: bytes) -> bytes:
    from xml.etree.ElementTree import canonicalize

    text = canonicalize(body.decode("utf-8"))
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text.encode("utf-8")


def _fixed_modified(core: bytes) -> bytes:
    import re

    stamp = XLSX_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", core)


WRITERS = {12: ("csv", google_forms), 13: ("csv", surveymonkey), 14: ("xlsx", ms_forms)}


def build() -> dict[str, bytes]:
    """File name -> content for every demo poll; one generator per meetup keeps them independent."""
    files = {}
    for meetup in MEETUPS:
        rng = np.random.default_rng([SEED, meetup.number])
        if meetup.number in WRITERS:
            suffix, write = WRITERS[meetup.number]
            content = write(meetup, rng)
            files[f"{meetup.slug}.{suffix}"] = content.encode("utf-8") if isinstance(content, str) else content
        else:
            files[f"{meetup.slug}.yaml"] = tally_text(meetup, rng).encode("utf-8")
    return files


def main() -> None:
    for name, content in build().items():
        (SURVEY / name).write_bytes(content)
        print(f"wrote survey/{name}")


if __name__ == "__main__":
    main()
