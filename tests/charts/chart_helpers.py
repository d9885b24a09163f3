"""Reading charts back: parsed SVG and the rendered partial, for assertions on structure."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jinja2
from bs4 import BeautifulSoup

SVG = "{http://www.w3.org/2000/svg}"
TEMPLATES = Path(__file__).resolve().parent.parent.parent / "theme" / "templates"


def parse_svg(text: str) -> ET.Element:
    return ET.fromstring(text)


def element_by_id(root: ET.Element, ident: str) -> ET.Element:
    found = [element for element in root.iter() if element.get("id") == ident]
    assert len(found) == 1, f"expected one element with id {ident!r}, found {len(found)}"
    return found[0]


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def all_text(root: ET.Element) -> list[str]:
    """Every <text> element's words, in document order."""
    return [text_of(element) for element in root.iter(f"{SVG}text")]


def fill_of(element: ET.Element) -> str:
    """The fill colour of the first path inside an element (matplotlib writes it in style)."""
    path = next(element.iter(f"{SVG}path"))
    match = re.search(r"fill:\s*(#[0-9a-fA-F]{6})", path.get("style", ""))
    assert match, path.get("style")
    return match.group(1).lower()


def render_partial(chart: object) -> BeautifulSoup:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    html = environment.from_string('{% include "partials/chart.html" %}').render(chart=chart)
    return BeautifulSoup(html, "html.parser")


def table_rows(soup: BeautifulSoup) -> dict[str, dict[str, str]]:
    """The data table as {row header: {column: cell text}}."""
    table = soup.find("table")
    columns = [th.get_text(strip=True) for th in table.thead.find_all("th")]
    rows = {}
    for tr in table.tbody.find_all("tr"):
        cells = [cell.get_text(strip=True) for cell in tr.find_all(["th", "td"])]
        rows[cells[0]] = dict(zip(columns, cells, strict=True))
    return rows


def number(text: str) -> int:
    """The integer in a formatted cell: "≈85 %" -> 85, "~100 attended" -> 100."""
    match = re.search(r"\d+", text)
    assert match, f"no number in {text!r}"
    return int(match.group())
