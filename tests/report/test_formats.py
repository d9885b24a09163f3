"""The three files: self-contained HTML for print, a deterministic PDF with Unicode text, Markdown links."""

from __future__ import annotations

import datetime as dt
import io
import re

from polls.report.pdf import logo_image
from pypdf import PdfReader
from report_helpers import ROOT, build


def test_the_html_loads_nothing_from_elsewhere(sample_report):
    soup = sample_report.html
    assert not soup.find_all(["script", "link", "iframe", "object", "embed"])
    images = soup.find_all("img")
    assert images  # the sponsor logos: the loop checks something
    for img in images:
        assert img["src"].startswith(("data:image/svg+xml;base64,", "data:image/png;base64,"))
    assert soup.select("figure.chart > svg")
    style = soup.style.get_text()
    assert "@page" in style and "@media print" in style and "url(" not in style


def test_sponsor_logos_are_inlined_in_the_html(synthetic_report):
    logos = {div["data-sponsor"]: div.img["src"] for div in synthetic_report.html.select("div.sponsor")}
    assert logos["acme"].startswith("data:image/png;base64,")
    assert logos["ceska-firma"].startswith("data:image/svg+xml;base64,")


def test_talk_links_are_absolute_when_the_site_url_is_known(synthetic_report):
    links = [a["href"] for a in synthetic_report.html.select("table.talks a")]
    assert links and all(h.startswith("https://cloud-brno.example.org/talks/") for h in links)
    md_links = [a["href"] for a in synthetic_report.markdown_html.find_all("a") if "/talks/" in a["href"]]
    assert md_links == links


def test_talk_links_are_relative_paths_without_a_site_url(sample_report):
    links = [a["href"] for a in sample_report.html.select("table.talks a")]
    assert "talks/nulecule/index.html" in links
    assert not [h for h in links if "://" in h]


def test_the_pdf_keeps_czech_names_and_symbols(sample_report):
    text = sample_report.pdf_text
    for words in ("Václav Pavlín", "Tomáš Nožička", "≈20 %", "13–29 %"):
        assert words in text


def test_the_pdf_is_dated_by_the_last_meetup(synthetic_site, synthetic_report):
    meta = PdfReader(io.BytesIO((synthetic_report.out / "sponsor-report.pdf").read_bytes())).metadata
    last = synthetic_site["meetups"][-1]["date"]
    assert meta.creation_date.date() == last
    assert "/CreationDate" in meta  # the dictionary searched below is the document's information
    assert "ModDate" not in str(meta)


def test_two_runs_give_identical_bytes(synthetic_site, synthetic_report, tmp_path):
    again = build(synthetic_site["content"], synthetic_site["survey"], tmp_path / "again",
                  siteurl="https://cloud-brno.example.org", today=dt.date(2030, 1, 1))
    for name in ("sponsor-report.html", "sponsor-report.pdf", "sponsor-report.md"):
        assert (again.out / name).read_bytes() == (synthetic_report.out / name).read_bytes(), name


def test_fpdf_draws_a_simple_svg_logo_and_falls_back_to_a_png_beside_it(tmp_path):
    assert logo_image(ROOT / "content" / "images" / "sponsors" / "red-hat.svg").suffix == ".svg"
    broken = tmp_path / "logo.svg"
    broken.write_text("<svg this is not xml", encoding="utf-8")
    assert logo_image(broken) is None
    from PIL import Image

    Image.new("RGB", (20, 10), (200, 0, 0)).save(tmp_path / "logo.png")
    assert logo_image(broken) == tmp_path / "logo.png"


def test_only_the_asked_formats_are_written(synthetic_site, tmp_path):
    built = build(synthetic_site["content"], synthetic_site["survey"], tmp_path / "md-only", formats="md")
    assert sorted(p.name for p in built.out.iterdir()) == ["sponsor-report.md"]


def page_size_mm(built) -> tuple[int, int]:
    box = PdfReader(io.BytesIO((built.out / "sponsor-report.pdf").read_bytes())).pages[0].mediabox
    return round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)


def test_the_pdf_is_a4_unless_letter_is_asked_for(synthetic_site, synthetic_report, tmp_path):
    letter = build(synthetic_site["content"], synthetic_site["survey"], tmp_path / "letter", formats="pdf",
                   siteurl="https://cloud-brno.example.org", today=dt.date(2030, 1, 1), paper="letter")
    assert page_size_mm(synthetic_report) == (210, 297)
    assert page_size_mm(letter) == (216, 279)


def test_a_letter_pdf_says_what_the_a4_one_says(synthetic_site, synthetic_report, tmp_path):
    letter = build(synthetic_site["content"], synthetic_site["survey"], tmp_path / "letter", formats="pdf",
                   siteurl="https://cloud-brno.example.org", today=dt.date(2030, 1, 1), paper="letter")

    def words(text: str) -> set[str]:
        # lines wrap at another width and pages break elsewhere: compare the words, not the
        # layout, leaving out the footers' "page 2/5" counts
        return {word for word in text.split() if not re.fullmatch(r"\d+/\d+", word)}

    assert words(letter.pdf_text) == words(synthetic_report.pdf_text)
