"""Fuzzing every poll reader: tallies, index.yaml, each tool's export and .xlsx bytes.

Whatever the input, loading gives a Survey or a PollDataError (never another exception),
quickly; and nothing identifying that was seeded into the files (names, e-mail addresses,
phone numbers, in identifying columns or typed into free text) reaches the survey's
tables or a problem message.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from polls import PollDataError, load_survey

CATALOG = Path(__file__).resolve().parent.parent / "data" / "polls" / "forms" / "questions.yaml"
FUZZ = settings(
    max_examples=60, deadline=timedelta(seconds=5), suppress_health_check=[HealthCheck.too_slow], database=None
)

NAMES = ["Jana Nováková", "Petr Dvořák"]
EMAILS = ["jana.novakova@example.cz", "petr@example.com"]
PHONES = ["+420 777 123 456", "603-555-1234"]
TYPED_CONTACTS = ["jana at example dot cz", "petr(at)example.cz", "eva＠example.org", "linkedin.com/in/jana-n", *PHONES]
SEEDS = [*NAMES, *EMAILS, *PHONES, "jana at example", "petr(at)", "example.cz", "example.org", "linkedin.com"]

ANSWERS = ["Yes", "No", "", "Ano", "Developer", "Ops / SRE", "Other", "Kubernetes", "Docker Swarm", "Mesos, Marathon",
           "Kubernetes, Docker Swarm", "Kubernetes;Docker Swarm;", "None yet", "10-49", "<10", "50 or more", "7",
           "Nulecule", "Ceph and Docker", "Maybe", "ž", '"', "x" * 40]
answer = st.sampled_from(ANSWERS)
free_text = st.one_of(answer, st.tuples(answer, st.sampled_from(TYPED_CONTACTS)).map(" — ".join))


def load(files: dict[str, bytes]) -> str:
    """Load a survey folder of ``files``; return everything it would publish or print."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(CATALOG, folder / "questions.yaml")
        for name, content in files.items():
            (folder / name).write_bytes(content)
        try:
            survey = load_survey(folder)
        except PollDataError as error:
            assert error.problems, "a PollDataError always names at least one problem"
            return str(error)
        return survey.meetups.to_csv() + survey.counts.to_csv() + survey.texts.to_csv()


def assert_nothing_identifying(output: str) -> None:
    assert [seed for seed in SEEDS if seed in output] == []


INDEX = b"meetups:\n  - id: fuzz\n    date: 2016-01-14\n"


def write_rows(rows: list[list[str]], delimiter: str, encoding: str, noise: tuple[str, int, int]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    text = out.getvalue()
    kind, at, _ = noise
    if kind == "lone CR" and text.count("\r\n") > 1:
        # A carriage return in the middle of some unquoted run of text.
        spots = [i for i, c in enumerate(text) if c.isalpha()]
        spot = spots[at % len(spots)]
        text = text[:spot] + "\r" + text[spot:]
    elif kind == "extra field":
        lines = text.split("\r\n")
        row = 1 + at % max(1, len(lines) - 2)
        lines[row] += delimiter + EMAILS[0]
        text = "\r\n".join(lines)
    return text.encode(encoding, errors="replace")  # cp1250 has no "＠"


# Mostly valid answers, so that files load and their free text is published (and checked);
# now and then any answer, so that problem lines are written (and checked) too.
visiting = st.sampled_from(["Yes", "No", "", "Ano"])
orchestrators = st.sampled_from(["Kubernetes", "Docker Swarm", "Kubernetes, Docker Swarm", "", "None yet"])
responses = st.lists(
    st.tuples(
        st.one_of(visiting, visiting, visiting, answer),
        st.one_of(orchestrators, orchestrators, orchestrators, answer),
        free_text,
        st.sampled_from(NAMES),
        st.sampled_from(EMAILS),
    ),
    max_size=8,
)
layout = st.tuples(
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1250", "utf-16"]),
    st.tuples(st.sampled_from(["none", "lone CR", "extra field"]), st.integers(0, 500), st.integers(0, 5)),
)


def google_forms(rows) -> list[list[str]]:
    header = ["Timestamp", "Email Address", "Name", "Are you visiting from another city?",
              "Which orchestrators do you use?", "Which talk did you like best?"]
    return [header] + [[f"2016/01/14 19:00:{i:02d}", mail, name, a, b, text]
                       for i, (a, b, text, name, mail) in enumerate(rows)]


def surveymonkey(rows) -> list[list[str]]:
    first = ["Respondent ID", "Email Address", "First Name", "Last Name", "Are you visiting from another city?",
             "Which orchestrators do you use?", "", "Which talk did you like best?"]
    second = ["", "", "", "", "Response", "Kubernetes", "Docker Swarm", "Response"]
    body = [[str(1000 + i), mail, *name.split(" ", 1), a, "Kubernetes" if "Kub" in b else "", b[:12], text]
            for i, (a, b, text, name, mail) in enumerate(rows)]
    return [first, second] + body


def ms_forms(rows) -> list[list[str]]:
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Are you visiting from another city?",
              "Which orchestrators do you use?", "Which talk did you like best?"]
    return [header] + [[str(i + 1), "10/15/15 19:01:02", "10/15/15 19:02:40", mail, name, a, b, text]
                       for i, (a, b, text, name, mail) in enumerate(rows)]


@FUZZ
@given(st.sampled_from([google_forms, surveymonkey, ms_forms]), responses, layout)
def test_any_export_loads_or_raises_and_leaks_nothing(tool, rows, how):
    delimiter, encoding, noise = how
    content = write_rows(tool(rows), delimiter, encoding, noise)
    assert_nothing_identifying(load({"index.yaml": INDEX, "fuzz.csv": content}))


@FUZZ
@given(st.sampled_from([google_forms, surveymonkey, ms_forms]), responses, layout, st.binary(max_size=40))
def test_exports_with_arbitrary_bytes_spliced_in_load_or_raise(tool, rows, how, junk):
    delimiter, encoding, noise = how
    content = write_rows(tool(rows), delimiter, encoding, noise)
    cut = noise[1] % (len(content) + 1)
    load({"index.yaml": INDEX, "fuzz.csv": content[:cut] + junk + content[cut:]})


def workbook(rows) -> bytes:
    book = Workbook()
    for row in ms_forms(rows):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD_BOOK = workbook([("Yes", "Kubernetes;", "Nulecule", NAMES[0], EMAILS[0])] * 5)


@FUZZ
@given(responses)
def test_workbooks_load_and_leak_nothing(rows):
    assert_nothing_identifying(load({"index.yaml": INDEX, "fuzz.xlsx": workbook(rows)}))


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(GOOD_BOOK) - 1), st.integers(1, 255)), min_size=1, max_size=8),
       st.integers(0, len(GOOD_BOOK)))
def test_damaged_workbook_bytes_raise_a_poll_data_error_naming_no_one(flips, length):
    damaged = bytearray(GOOD_BOOK)
    for at, mask in flips:
        damaged[at] ^= mask
    output = load({"index.yaml": INDEX, "fuzz.xlsx": bytes(damaged[: max(length, 1)])})
    assert_nothing_identifying(output)


yaml_value = st.sampled_from([
    "12", '"~20"', '"85%"', "-3", "2.5", "2015-02-30", "2016-01-14", "!!int x", "!!bool maybe", "!!float nan",
    "!!binary '@@'", "!foo bar", "[1, 2]", "{a: 1}", "null", "~", '"about 20"', "101%", "yes", "'", "&a 1", "*a",
    "!!timestamp 2015-13-01", "1e400", "0x1F", ".inf",
])
tally_key = st.sampled_from(["event", "title", "date", "group", "attended", "note", "attendence", "answers"])
answer_key = st.sampled_from(["visiting", "company_size", "orchestrators", "workshop", "images_per_app", "nope",
                              "answered", '"3+"', "1-9", "kubernetes"])


@st.composite
def tally_text(draw) -> str:
    lines = []
    for key in draw(st.lists(tally_key, max_size=6)):
        if key == "answers":
            lines.append("answers:")
            for question in draw(st.lists(answer_key, max_size=4)):
                if draw(st.booleans()):
                    lines.append(f"  {question}: {draw(yaml_value)}")
                else:
                    lines.append(f"  {question}:")
                    lines += [f"    {draw(answer_key)}: {draw(yaml_value)}" for _ in range(draw(st.integers(0, 3)))]
        else:
            lines.append(f"{key}: {draw(yaml_value)}")
    return "\n".join(lines) + "\n"


@FUZZ
@given(tally_text())
def test_any_tally_loads_or_raises(text):
    load({"fuzz.yaml": text.encode("utf-8")})


@FUZZ
@given(st.text(max_size=200))
def test_arbitrary_text_as_a_tally_loads_or_raises(text):
    load({"fuzz.yaml": text.encode("utf-8", errors="surrogatepass")})


index_value = st.one_of(yaml_value, st.sampled_from([
    "fuzz.csv", "missing.csv", "[fuzz.csv, missing.yaml]", '"\\t"', '";"', "ab", '""', "idna", "rot13", "zlib",
    "utf-16", "cp1250", "nope", "google-forms", "ignore", "error", "unicode_escape",
]), st.text(max_size=8).map(lambda s: '"' + s.replace("\\", "").replace('"', "") + '"'))
index_key = st.sampled_from(["id", "title", "date", "group", "attended", "file", "files", "format", "encoding",
                             "delimiter", "unmapped", "fille"])


@st.composite
def index_text(draw) -> str:
    lines = ["meetups:"]
    for _ in range(draw(st.integers(0, 3))):
        entry = [("id", draw(st.sampled_from(["fuzz", "other", "fuzz"])))]
        entry += [(draw(index_key), draw(index_value)) for _ in range(draw(st.integers(0, 5)))]
        lines.append("\n".join(f"    {k}: {v}" for k, v in entry).replace("    ", "  - ", 1))
    return "\n".join(lines) + "\n"


@FUZZ
@given(index_text())
def test_any_index_loads_or_raises(text):
    export = google_forms([("Yes", "Kubernetes", "Nulecule", NAMES[0], EMAILS[0])])
    content = write_rows(export, ",", "utf-8", ("none", 0, 0))
    output = load({"index.yaml": text.encode("utf-8"), "fuzz.csv": content, "other.yaml": b"answers:\n  visiting: 3\n"})
    assert_nothing_identifying(output)
