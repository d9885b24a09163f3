"""Helpers for the slides tests: where the test data lives, and PDFs made on the spot."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

DATA = Path(__file__).resolve().parent.parent / "data" / "slides"
TALK = "talks/docker-101.md"

# Page sizes in mm (width, height): a wide slide, a 4:3 slide and a portrait handout page,
# so image heights have to follow each page's own shape.
PAGE_SIZES = [(240.0, 135.0), (254.0, 190.5), (210.0, 297.0)]


def make_pdf(path: Path, sizes: list[tuple[float, float]] = PAGE_SIZES) -> Path:
    pdf = FPDF(unit="mm")
    pdf.set_auto_page_break(False)
    for number, (width, height) in enumerate(sizes, start=1):
        pdf.add_page(format=(width, height))
        pdf.set_font("Helvetica", "B", 28)
        pdf.set_xy(10, 10)
        pdf.cell(0, 14, f"Slide {number}: containers")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(pdf.output()))
    return path


def encrypt_pdf(source: Path, target: Path, password: str = "meetup") -> Path:
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=password, owner_password=password + "-owner")
    with target.open("wb") as handle:
        writer.write(handle)
    return target


