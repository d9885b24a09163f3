"""Broken poll files and index entries that used to end in a traceback: each is one
`file:line:column: message` line now, and the other files are still checked."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from polls import PollDataError, load_survey

DATA = Path(__file__).resolve().parent.parent / "data" / "polls"
HOSTILE = DATA / "hostile"
CATALOG = DATA / "forms" / "questions.yaml"
GOOD_CSV = "Timestamp,Are you visiting from another city?\r\n2016/04/07 19:00:01,Yes\r\n"


@pytest.fixture
def folder(tmp_path) -> Path:
    shutil.copy(CATALOG, tmp_path / "questions.yaml")
    return tmp_path


def problems_of(folder: Path) -> list[tuple[str, int, int, str]]:
    with pytest.raises(PollDataError) as caught:
        load_survey(folder)
    return [(Path(p.file).name, p.line, p.column, p.message) for p in caught.value.problems]


def with_index(folder: Path, name: str) -> Path:
    shutil.copy(HOSTILE / name, folder / "index.yaml")
    return folder


def test_a_file_index_yaml_names_but_the_folder_lacks_is_reported_at_its_name(folder):
    assert problems_of(with_index(folder, "index-missing-file.yaml")) == [
        ("index.yaml", 4, 11, "poll file 'Spring (Responses).csv' not found in the survey folder")
    ]


def test_a_delimiter_of_two_characters_is_reported_at_the_value(folder):
    (folder / "spring.csv").write_text(GOOD_CSV, encoding="utf-8")
    assert problems_of(with_index(folder, "index-bad-delimiter.yaml")) == [
        ("index.yaml", 4, 16, 'delimiter: one character such as ",", ";", "\\t" (a tab, in double quotes) or "|", '
                              "not 'ab'")
    ]


@pytest.mark.parametrize("codec", ["idna", "rot13", "zlib", "punycode", "no-such-codec"])
def test_an_encoding_that_is_not_a_text_file_encoding_is_reported_at_the_value(folder, codec):
    (folder / "spring.csv").write_text(GOOD_CSV, encoding="utf-8")
    (folder / "index.yaml").write_text(
        (HOSTILE / "index-bad-encoding.yaml").read_text(encoding="utf-8").replace("idna", codec), encoding="utf-8"
    )
    assert problems_of(folder) == [
        ("index.yaml", 4, 15, f"encoding: {codec!r} is not a text file encoding "
                              "(use e.g. utf-8, utf-16, cp1250 or mac_roman)")
    ]


def test_an_impossible_tally_date_is_reported_at_the_date(folder):
    shutil.copy(HOSTILE / "impossible-date.yaml", folder / "spring.yaml")
    assert problems_of(folder) == [
        ("spring.yaml", 2, 7, "date: expected YYYY-MM-DD, not '2015-02-30' (day is out of range for month)")
    ]


def test_an_impossible_index_date_is_reported_at_the_date(folder):
    (folder / "spring.csv").write_text(GOOD_CSV, encoding="utf-8")
    found = problems_of(with_index(folder, "index-impossible-date.yaml"))
    message = "date: expected YYYY-MM-DD, not '2016-04-31' (day is out of range for month)"
    assert found[0] == ("index.yaml", 3, 11, message)


def test_fetch_polls_checks_a_download_despite_a_local_tally_with_an_impossible_date(folder, tmp_path_factory):
    from netdata.fetch_polls import engine_validator

    shutil.copy(HOSTILE / "impossible-date.yaml", folder / "spring.yaml")
    download = tmp_path_factory.mktemp("download") / "autumn.csv"
    download.write_text(GOOD_CSV, encoding="utf-8")
    engine_validator(folder)(download)  # the local file's problem is not the download's


def workbook_bytes() -> bytes:
    book = Workbook()
    book.active.append(["ID", "Start time", "Completion time", "Email", "Name", "Are you visiting from another city?"])
    for number in range(1, 40):
        book.active.append([number, "10/15/15 19:01", "10/15/15 19:02", "jana@example.cz", "Jana Nováková", "Yes"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def damaged(how: str) -> bytes:
    good = workbook_bytes()
    sheet = next(i for i in zipfile.ZipFile(io.BytesIO(good)).infolist() if i.filename.endswith("sheet1.xml"))
    data = sheet.header_offset + 30 + len(sheet.filename) + len(sheet.extra)
    bad = bytearray(good)
    if how == "truncated":
        return good[: len(good) // 2]
    if how == "bit-flipped deflate stream":
        for i in range(data + 5, data + 45):
            bad[i] ^= 0x55
    elif how == "stream cut short":
        compressed = sheet.compress_size
        return good[:data + compressed // 2] + bytes(compressed - compressed // 2) + good[data + compressed:]
    elif how == "unknown compression method":
        # The central directory's record of the sheet says how it is compressed (offset 10).
        name = sheet.filename.encode()
        central = good.index(b"PK\x01\x02")
        while good[central + 46 : central + 46 + len(name)] != name:
            central = good.index(b"PK\x01\x02", central + 4)
        bad[central + 10] = 99
    return bytes(bad)


@pytest.mark.parametrize(
    "how", ["truncated", "bit-flipped deflate stream", "stream cut short", "unknown compression method"]
)
def test_a_damaged_workbook_is_one_line_without_its_cells(folder, how):
    (folder / "spring.xlsx").write_bytes(damaged(how))
    (folder / "index.yaml").write_text("meetups:\n  - id: spring\n    date: 2016-04-07\n", encoding="utf-8")
    found = problems_of(folder)
    assert [(name, message.split(":")[0]) for name, _, _, message in found] == [
        ("spring.xlsx", "not a readable .xlsx workbook")
    ]
    assert "Jana" not in found[0][3] and "example.cz" not in found[0][3]
