"""Encodings: UTF-8 with or without BOM, cp1250, Mac Roman, and bytes that decode as nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from polls.read.encoding import detect_encoding

FORMS = Path(__file__).resolve().parent.parent / "data" / "polls" / "forms"
CZECH = "Přijeli jste z jiného města?,Jaká je vaše hlavní role?\nAno,Vývojář\nNe,Provoz – správa serverů\n"
MAC = "Question,Answer\nWhat’s your role?,“Developer” – mostly\nWhere?,Brno\u00a0Czech Republic\n"


def test_plain_ascii_is_utf8():
    assert detect_encoding(b"Timestamp,Yes\n1,2\n", "f.csv").encoding == "utf-8"


def test_utf8_without_bom_is_utf8():
    assert detect_encoding(CZECH.encode("utf-8"), "f.csv").encoding == "utf-8"


def test_byte_order_mark_means_utf8_sig():
    raw = (FORMS / "with-bom.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert detect_encoding(raw, "with-bom.csv").encoding == "utf-8-sig"


def test_czech_windows_file_is_cp1250():
    raw = (FORMS / "brno-cz.csv").read_bytes()
    detected = detect_encoding(raw, "brno-cz.csv")
    assert detected.encoding == "cp1250"
    assert "Přijeli jste z jiného města?" in raw.decode(detected.encoding)


@pytest.mark.parametrize("text", [CZECH, CZECH * 20])
def test_czech_text_in_cp1250_is_not_taken_for_mac_roman(text):
    assert detect_encoding(text.encode("cp1250"), "f.csv").encoding == "cp1250"


def test_curly_quotes_and_no_break_spaces_from_a_mac_are_mac_roman():
    assert detect_encoding(MAC.encode("mac_roman"), "f.csv").encoding == "mac_roman"


def test_the_same_bytes_always_give_the_same_answer():
    raw = MAC.encode("mac_roman")
    assert len({detect_encoding(raw, "f.csv").encoding for _ in range(5)}) == 1


def test_cncf_1h_2020_export_is_mac_roman(cncf_dir):
    raw = (cncf_dir / "Cloud_Native_Survey_1H_2020.csv").read_bytes()
    assert detect_encoding(raw, "x.csv").encoding == "mac_roman"


@pytest.mark.parametrize("year", ["2018", "2019"])
def test_cncf_2018_and_2019_exports_are_utf8(cncf_dir, year):
    raw = (cncf_dir / f"Cloud_Native_Survey_{year}.csv").read_bytes()
    assert detect_encoding(raw, "x.csv").encoding == "utf-8"


def test_broken_byte_in_a_utf8_file_is_reported_where_it_is():
    lines = ["Timestamp,Přijeli jste z jiného města?", "2016/01/14 19:00,Ano", "2016/01/14 19:01,Ne"]
    raw = "\n".join(lines).encode("utf-8")
    bad_at = raw.index(b"Ne")
    raw = raw[:bad_at] + b"\xff" + raw[bad_at:]
    detected = detect_encoding(raw, "broken.csv")
    assert [(p.line, p.column) for p in detected.problems] == [(3, len("2016/01/14 19:01,") + 1)]
    assert detected.problems[0].message.startswith("undecodable bytes")


def test_declared_encoding_that_does_not_fit_is_reported():
    raw = "a,b\nx,ř\n".encode() + b"\x81\n"
    detected = detect_encoding(raw, "f.csv", declared="cp1250")
    assert detected.problems and detected.problems[0].line == 3


def test_nul_bytes_are_not_a_text_file():
    detected = detect_encoding(b"a,b\n\x00\x01\x02", "f.csv")
    assert detected.encoding == ""
    assert (detected.problems[0].line, detected.problems[0].column) == (2, 1)
