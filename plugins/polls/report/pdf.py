"""The report as a PDF (fpdf2): A4 or Letter, DejaVu Sans embedded for Czech names and symbols, charts as PNG.

Byte-identical for the same report: the only date in the file is the last
meetup's (as the creation date), the producer is a fixed name, and fpdf2's
document id is a hash of the content.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from contextlib import contextmanager
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace
from PIL import Image

from ..charts import png_bytes
from .data import GroupSection, QuestionFigures, Report

FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
MARGIN_MM = 15
CHART_WIDTH_MM = 150
LOGO_WIDTH_MM = 40
HEADER = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))
EXAMPLE = " (example data)"
PAPER_FORMATS = {"a4": "A4", "letter": "Letter"}  # fpdf2 page formats by --paper


def font_path(style: str = "") -> Path:
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / FONT_FILES[style]


@contextmanager
def _quiet_svg():
    """fpdf2 logs a warning for every SVG element it skips (such as <title>); a logo needs none of them."""
    logger = logging.getLogger("fpdf.svg")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def logo_image(path: Path) -> Path | None:
    """What fpdf2 can place for a logo: the file itself (PNG, JPEG, simple SVG), else a PNG beside it."""
    candidates = [path] + ([path.with_suffix(".png")] if path.suffix.lower() == ".svg" else [])
    for candidate in candidates:
        if not candidate.is_file():
            continue
        try:
            with _quiet_svg():
                probe = FPDF()
                probe.add_page()
                probe.image(str(candidate), w=LOGO_WIDTH_MM)
        # Only fpdf2 runs in this try, and it raises whatever its SVG and image code hits (a KeyError
        # for a letter its core font lacks, a ValueError for bad XML): any of them means "try the next file".
        except Exception:  # noqa: BLE001
            continue
        return candidate
    return None


class _Document(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 5, f"{self.title_text} · page {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def _new_document(report: Report, paper: str) -> _Document:
    pdf = _Document(format=PAPER_FORMATS[paper], unit="mm")
    pdf.title_text = report.title
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, margin=18)
    for style in FONT_FILES:
        pdf.add_font(FONT, style, str(font_path(style)))
    pdf.set_creation_date(dt.datetime.combine(report.date, dt.time(), tzinfo=dt.UTC))
    pdf.set_producer("Recap survey-report")
    pdf.set_creator("Recap")
    pdf.set_title(report.title)
    pdf.set_lang("en")
    return pdf


def _heading(pdf: FPDF, text: str, size: float) -> None:
    if pdf.get_y() > pdf.h - 50:  # keep a heading with what follows it
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(FONT, "", 10)


def _paragraph(pdf: FPDF, text: str, size: float = 10, style: str = "") -> None:
    pdf.set_font(FONT, style, size)
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)
    pdf.set_font(FONT, "", 10)


def _table(pdf: FPDF, header: list[str], rows: list[list[tuple[str, str]]], widths: tuple[int, ...],
           align: tuple[str, ...]) -> None:
    """``rows`` of (text, link) cells; the header repeats on every page the table runs over."""
    pdf.set_font(FONT, "", 9)
    with pdf.table(col_widths=widths, text_align=align, headings_style=HEADER, line_height=4.6,
                   borders_layout="HORIZONTAL_LINES", padding=1) as table:
        head = table.row()
        for text in header:
            head.cell(text)
        for row in rows:
            line = table.row()
            for text, link in row:
                line.cell(text, link=link or None)
    pdf.ln(2)
    pdf.set_font(FONT, "", 10)


def _figures(pdf: FPDF, blocks: tuple[QuestionFigures, ...]) -> None:
    rows = []
    for block in blocks:
        for f in block.figures:
            label = f.label if f.label == block.text else f"{block.text}: {f.label}"
            shown = [(f.note, ""), ("", "")] if f.note else [(f.share, ""), (f.interval, "")]
            rows.append([(f"{label} ({block.base})", ""), *shown, (f.n, ""), (f.meetups, "")])
    _table(pdf, ["Answer", "Share", "95 % interval", "n (base)", "Meetups"], rows,
           (70, 22, 28, 26, 34), ("LEFT", "RIGHT", "RIGHT", "RIGHT", "LEFT"))


def _chart(pdf: FPDF, spec, demo: bool) -> None:
    data = png_bytes(spec)
    with Image.open(io.BytesIO(data)) as image:
        width_px, height_px = image.size
    width = CHART_WIDTH_MM
    height = width * height_px / width_px
    if pdf.get_y() + height + 8 > pdf.h - 18:
        pdf.add_page()
    pdf.image(io.BytesIO(data), x=pdf.l_margin, w=width, h=height)
    # The chart carries its own caption (n and base); only the example-data mark is added.
    if demo:
        _paragraph(pdf, "Example data: a fictional group.", size=8, style="I")
    else:
        pdf.ln(2)


def _group(pdf: FPDF, group: GroupSection) -> None:
    _heading(pdf, group.name, 15)
    _table(pdf, ["Headline", "Figure"], [[(k, ""), (v, "")] for k, v in group.figures], (90, 90), ("LEFT", "RIGHT"))
    _paragraph(pdf, group.attendance_sentence)
    for title, blocks in (("Audience", group.audience), ("Technology adoption", group.adoption)):
        _heading(pdf, title, 12)
        if blocks:
            _figures(pdf, blocks)
        else:
            _paragraph(pdf, "No poll of this period asked about this.")
    if group.changes:
        _heading(pdf, "Changes over the period", 12)
        for line in group.changes:
            _paragraph(pdf, f"• {line.sentence}", size=9.5)
    for spec in group.charts:
        _chart(pdf, spec, group.demo)
    _heading(pdf, "Talks", 12)
    if group.talks:
        _table(pdf, ["Talk", "Speakers", "Meetup"],
               [[(t.title + (EXAMPLE if t.demo else ""), t.link if "://" in t.link else ""),
                 (t.speakers, ""), (f"{t.event}, {t.date}", "")] for t in group.talks],
               (80, 50, 50), ("LEFT", "LEFT", "LEFT"))
        relative = [t for t in group.talks if t.link and "://" not in t.link]
        if relative:
            _paragraph(pdf, "Talk pages on the site: " + "; ".join(f"{t.title}: {t.link}" for t in relative), size=8)
    else:
        _paragraph(pdf, "No talks were recorded for these meetups.")
    _heading(pdf, "Meetups and how they were polled", 12)
    _table(pdf, ["Meetup", "Date", "Headcount", "Poll"],
           [[(m.title + (EXAMPLE if m.demo else ""), ""), (m.date, ""), (m.attendance, ""), (m.method, "")]
            for m in group.meetups], (55, 25, 22, 78), ("LEFT", "LEFT", "RIGHT", "LEFT"))


def _sponsors(pdf: FPDF, report: Report) -> None:
    _heading(pdf, "Sponsors", 15)
    if not report.sponsors:
        _paragraph(pdf, "No sponsor is named for these meetups.")
    for s in report.sponsors:
        logo = logo_image(s.logo) if s.logo else None
        if pdf.get_y() > pdf.h - 60:
            pdf.add_page()
        if logo is not None:
            with _quiet_svg():
                pdf.image(str(logo), x=pdf.l_margin, w=LOGO_WIDTH_MM, link=s.url or "")
            pdf.ln(1)
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(0, 5.5, s.name, new_x="LMARGIN", new_y="NEXT", link=s.url or "")
        if s.url:
            _paragraph(pdf, s.url, size=9)
        count = len(s.events)
        _paragraph(pdf, f"Supported {count} meetup{'' if count == 1 else 's'} in this period: "
                   + "; ".join(s.events) + ".", size=9.5)
        pdf.ln(2)


def render_pdf(report: Report, paper: str = "a4") -> bytes:
    """The PDF on ``paper`` ("a4" or "letter"); every table fits the narrower A4 text width."""
    pdf = _new_document(report, paper)
    pdf.add_page()
    pdf.set_font(FONT, "B", 20)
    pdf.multi_cell(0, 9, report.title, new_x="LMARGIN", new_y="NEXT")
    _paragraph(pdf, report.scope, size=11)
    if report.demo:
        pdf.set_text_color(138, 69, 0)
        _paragraph(pdf, "Example data: parts of this report describe fictional example groups that ship with "
                   "Recap; they are marked \"example data\" wherever they appear.", style="B")
        pdf.set_text_color(0, 0, 0)
    for index, group in enumerate(report.groups):
        if index:
            pdf.add_page()
        _group(pdf, group)
    _sponsors(pdf, report)
    _heading(pdf, "How these figures were made", 15)
    for paragraph in report.methodology:
        _paragraph(pdf, paragraph, size=9.5)
    return bytes(pdf.output())
