"""Every page has the landmarks and heading outline that screen readers navigate by."""

from __future__ import annotations

from builtsite import page


def problems_on_every_page(pages, check) -> list[str]:
    return [f"{rel}: {problem}" for rel, soup in pages.items() for problem in check(soup)]


def test_every_page_has_exactly_one_h1(sample_pages):
    def check(soup):
        count = len(soup.find_all("h1"))
        return [] if count == 1 else [f"{count} <h1>"]

    assert problems_on_every_page(sample_pages, check) == []


def test_every_page_has_one_main_and_a_header_nav_and_footer(sample_pages):
    def check(soup):
        out = [] if len(soup.find_all("main")) == 1 else ["not exactly one <main>"]
        return out + [f"no <{tag}>" for tag in ("header", "nav", "footer") if soup.find(tag) is None]

    assert problems_on_every_page(sample_pages, check) == []


def test_headings_never_skip_a_level(sample_pages):
    def check(soup):
        out, previous = [], 0
        for heading in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
            level = int(heading.name[1])
            if level > previous + 1:
                out.append(f"<{heading.name}> {heading.get_text(strip=True)!r} follows h{previous}")
            previous = level
        return out

    assert problems_on_every_page(sample_pages, check) == []


def test_every_image_has_alt_text(sample_pages):
    def check(soup):
        return [f"<img src={img.get('src')!r}> has no alt" for img in soup.find_all("img") if not img.has_attr("alt")]

    assert problems_on_every_page(sample_pages, check) == []


def test_every_page_declares_its_language_and_a_title(sample_pages):
    def check(soup):
        out = [] if soup.html.get("lang") else ["no lang on <html>"]
        return out + ([] if soup.title and soup.title.get_text(strip=True) else ["empty <title>"])

    assert problems_on_every_page(sample_pages, check) == []


def test_event_pages_have_images_with_meaningful_alt_text(sample_site):
    # sponsor logos are the images of the sample events; their alt text names the sponsor
    soup = page(sample_site, "events/docker-brno-2/index.html")
    assert [img["alt"] for img in soup.select(".sponsors img")] == ["Red Hat", "GoodData"]
