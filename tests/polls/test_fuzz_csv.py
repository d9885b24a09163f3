"""Whatever bytes a CSV file holds, loading it gives a Survey or a PollDataError, never a crash."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polls import PollDataError, load_survey

FORMS = Path(__file__).resolve().parent.parent / "data" / "polls" / "forms"
HEADERS = [
    b"Timestamp,Are you visiting from another city?,Which orchestrators do you use?\n",
    b"Respondent ID,Are you visiting from another city?\n,Response\n",
    b"ID,Start time,Completion time,Email,Name,What is your main role?\n",
    b"",
]
INDEX = b"meetups:\n  - id: fuzz\n    date: 2016-01-14\n"


def load_bytes(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(FORMS / "questions.yaml", folder / "questions.yaml")
        (folder / "index.yaml").write_bytes(INDEX)
        (folder / "fuzz.csv").write_bytes(content)
        try:
            load_survey(folder)
        except PollDataError as error:
            assert error.problems, "a PollDataError always names at least one problem"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_load_or_raise_poll_data_error(content):
    load_bytes(content)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(HEADERS), st.binary(max_size=300))
def test_known_headers_followed_by_arbitrary_bytes_load_or_raise(header, body):
    load_bytes(header + body)


csv_text = st.lists(
    st.lists(
        st.sampled_from(
            ["Yes", "No", "", "Kubernetes, Docker Swarm", '"', ",", "\n", "Mesos, Marathon", "ž", "\r", ";", "x" * 50]
        ),
        max_size=6,
    ),
    max_size=8,
).map(lambda rows: "\n".join(",".join(row) for row in rows))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(HEADERS), csv_text, st.sampled_from(["utf-8", "cp1250", "utf-8-sig"]))
def test_csv_like_text_in_any_encoding_loads_or_raises(header, body, encoding):
    load_bytes(header + body.encode(encoding))
