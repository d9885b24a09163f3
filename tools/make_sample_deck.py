"""Make content/slides/docker-101.pdf, the sample PDF deck of the Docker 101 workshop.

Run from the repository root: ``.venv/bin/python tools/make_sample_deck.py``.
The output is byte-identical on every run (fixed creation date and file id), so
regenerating it never shows up as a change unless the slides below changed.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

OUTPUT = Path(__file__).resolve().parent.parent / "content" / "slides" / "docker-101.pdf"

# (heading, lines): one slide each, written for the sample workshop of Docker Brno #2.
SLIDES: list[tuple[str, list[str]]] = [
    (
        "Docker 101",
        [
            "A hands-on first look at containers",
            "Docker Brno #2 - workshop before the talks",
            "Peter Schiffer and Josef Karasek",
        ],
    ),
    (
        "Why containers?",
        [
            "- An image bundles an app with the files it needs to run",
            "- A container is an isolated process started from an image",
            "- Same image on a laptop, a test box and production",
            "- Lighter than a virtual machine: no guest kernel to boot",
        ],
    ),
    (
        "Images from Docker Hub",
        [
            "$ docker pull fedora:22",
            "$ docker images",
            "$ docker run -it --rm fedora:22 bash",
            "Tags name versions; 'latest' is only a default, not a promise",
        ],
    ),
    (
        "Build your own image",
        [
            "FROM fedora:22",
            "RUN dnf install -y httpd",
            "COPY index.html /var/www/html/",
            "CMD [\"httpd\", \"-DFOREGROUND\"]",
            "$ docker build -t my-httpd .",
        ],
    ),
    (
        "Networking, volumes, links",
        [
            "$ docker run -d -p 8080:80 my-httpd",
            "$ docker run -d -v /srv/data:/data my-db",
            "$ docker run -d --link db:db my-app",
            "Data you care about lives in a volume, not in the container",
        ],
    ),
]


def build() -> bytes:
    pdf = FPDF(orientation="landscape", unit="mm", format=(135, 240))
    pdf.set_creation_date(datetime(2015, 10, 15, 16, 0, tzinfo=UTC))
    pdf.file_id = lambda: ""  # no random /ID: reruns give the same bytes
    pdf.set_title("Docker 101 workshop")
    pdf.set_author("Peter Schiffer, Josef Karasek")
    pdf.set_auto_page_break(False)
    for number, (heading, lines) in enumerate(SLIDES, start=1):
        pdf.add_page()
        pdf.set_fill_color(13, 71, 161)
        pdf.rect(0, 0, 240, 22, style="F")
        pdf.set_text_color(255, 255, 255)
        pdf.set_font("Helvetica", "B", 24)
        pdf.set_xy(12, 5)
        pdf.cell(216, 12, heading)
        pdf.set_text_color(20, 20, 20)
        monospace = any(line.startswith(("$", "FROM", "RUN", "COPY", "CMD")) for line in lines)
        y = 36
        for line in lines:
            code = monospace and line.startswith(("$", "FROM", "RUN", "COPY", "CMD"))
            pdf.set_font("Courier" if code else "Helvetica", "", 15 if code else 17)
            pdf.set_xy(16, y)
            pdf.cell(208, 9, line)
            y += 14
        pdf.set_font("Helvetica", "", 10)
        pdf.set_text_color(110, 110, 110)
        pdf.set_xy(12, 124)
        pdf.cell(216, 6, f"Docker 101 - {number}/{len(SLIDES)}", align="R")
    return bytes(pdf.output())


def main() -> int:
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(build())
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size} bytes, {len(SLIDES)} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
