"""PDF slides: every page becomes an image of a fixed width, rendered once per PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from damage import flip_a_bit, truncate
from meetup.slides import SlidesError, human_size, prepare_slides, read_settings, write_media
from meetup.slides.pdf import render_cached
from PIL import Image
from pypdf import PdfReader
from slides_testdata import TALK, make_pdf


def prepare(content_root: Path, cache_dir: Path, slides: str = "slides/docker-101.pdf", **settings):
    return prepare_slides(
        "docker-101",
        "Docker 101",
        slides,
        None,
        content_root,
        cache_dir,
        settings,
        talk_source=str(content_root / TALK),
    )


def test_one_image_and_one_thumbnail_per_pdf_page(content_root, cache_dir, output_dir):
    media = prepare(content_root, cache_dir)
    write_media(media, content_root, output_dir, cache_dir)

    page_count = len(PdfReader(content_root / "slides" / "docker-101.pdf").pages)
    assert media.pdf.page_count == page_count == 3
    for page in media.pdf.pages:
        assert (output_dir / page.image).is_file()
        assert (output_dir / page.thumb).is_file()
    images = sorted((output_dir / "talks" / "docker-101" / "slides").iterdir())
    assert len(images) == 2 * page_count


def test_images_have_the_configured_width_and_each_pages_own_shape(
    content_root, cache_dir, output_dir
):
    media = prepare(content_root, cache_dir, MEETUP_SLIDES_IMAGE_WIDTH=800)
    write_media(media, content_root, output_dir, cache_dir)

    reader = PdfReader(content_root / "slides" / "docker-101.pdf")
    for page, pdf_page in zip(media.pdf.pages, reader.pages, strict=True):
        ratio = float(pdf_page.mediabox.height) / float(pdf_page.mediabox.width)
        with Image.open(output_dir / page.image) as image:
            assert image.size == (page.width, page.height)
        with Image.open(output_dir / page.thumb) as thumb:
            assert thumb.size == (page.thumb_width, page.thumb_height)
        assert page.width == 800
        assert page.thumb_width == 320
        assert abs(page.height - 800 * ratio) <= 1
        assert abs(page.thumb_height - 320 * ratio) <= 1


def test_images_are_webp_by_default_and_png_on_request(content_root, cache_dir, output_dir):
    webp = prepare(content_root, cache_dir)
    png = prepare(content_root, cache_dir, MEETUP_SLIDES_IMAGE_FORMAT="png")
    write_media(webp, content_root, output_dir / "a", cache_dir)
    write_media(png, content_root, output_dir / "b", cache_dir)

    with Image.open(output_dir / "a" / webp.pdf.pages[0].image) as image:
        assert image.format == "WEBP"
    with Image.open(output_dir / "b" / png.pdf.pages[0].image) as image:
        assert image.format == "PNG"


def test_alt_text_names_the_slide_number_and_the_talk(content_root, cache_dir):
    media = prepare(content_root, cache_dir)

    assert [p.alt for p in media.pdf.pages] == [
        "Slide 1 of 3: Docker 101",
        "Slide 2 of 3: Docker 101",
        "Slide 3 of 3: Docker 101",
    ]


def test_the_pdf_is_copied_next_to_the_talk_with_its_size(content_root, cache_dir, output_dir):
    media = prepare(content_root, cache_dir)
    write_media(media, content_root, output_dir, cache_dir)

    source = content_root / "slides" / "docker-101.pdf"
    assert media.pdf.output == "talks/docker-101/slides.pdf"
    assert (output_dir / media.pdf.output).read_bytes() == source.read_bytes()
    assert media.pdf.size_bytes == source.stat().st_size
    assert media.pdf.size_human == human_size(source.stat().st_size)


def test_an_unchanged_pdf_is_rendered_only_once(content_root, cache_dir):
    settings = read_settings({})
    pdf = content_root / "slides" / "docker-101.pdf"

    first = render_cached(pdf, cache_dir, settings)
    second = render_cached(pdf, cache_dir, settings)

    assert first.rendered_now is True
    assert second.rendered_now is False
    assert second.pages == first.pages


def test_preparing_twice_leaves_the_cached_images_untouched(content_root, cache_dir):
    prepare(content_root, cache_dir)
    images = sorted(cache_dir.rglob("page-*"))
    stamps = [p.stat().st_mtime_ns for p in images]

    prepare(content_root, cache_dir)

    assert sorted(cache_dir.rglob("page-*")) == images
    assert [p.stat().st_mtime_ns for p in images] == stamps


def test_a_new_width_or_a_changed_pdf_renders_again(content_root, cache_dir, tmp_path):
    pdf = content_root / "slides" / "docker-101.pdf"
    render_cached(pdf, cache_dir, read_settings({}))

    wider = render_cached(pdf, cache_dir, read_settings({"MEETUP_SLIDES_IMAGE_WIDTH": 1280}))
    make_pdf(pdf, [(240.0, 135.0)])
    edited = render_cached(pdf, cache_dir, read_settings({}))

    assert wider.rendered_now and len(wider.pages) == 3
    assert edited.rendered_now and len(edited.pages) == 1


def test_rendering_is_byte_for_byte_repeatable(content_root, tmp_path):
    pdf = content_root / "slides" / "docker-101.pdf"
    one = render_cached(pdf, tmp_path / "one", read_settings({}))
    two = render_cached(pdf, tmp_path / "two", read_settings({}))

    for a, b in zip(one.pages, two.pages, strict=True):
        assert (one.directory / a.image).read_bytes() == (two.directory / b.image).read_bytes()


def test_write_media_renders_again_when_the_cache_was_cleaned(content_root, cache_dir, output_dir):
    media = prepare(content_root, cache_dir)
    shutil.rmtree(cache_dir)

    write_media(media, content_root, output_dir, cache_dir)

    assert all((output_dir / page.image).is_file() for page in media.pdf.pages)


def test_a_corrupt_pdf_is_reported_against_the_talk_file(content_root, cache_dir):
    with pytest.raises(SlidesError) as caught:
        prepare(content_root, cache_dir, slides="slides/corrupt.pdf")

    [problem] = caught.value.problems
    assert problem.file == str(content_root / TALK)
    assert (problem.line, problem.column) == (5, 9)  # the value of `slides:` in the talk file
    assert "corrupt.pdf" in problem.message
    assert "not a readable PDF" in problem.message


def test_a_password_protected_pdf_is_reported_against_the_talk_file(content_root, cache_dir):
    with pytest.raises(SlidesError) as caught:
        prepare(content_root, cache_dir, slides="slides/locked.pdf")

    [problem] = caught.value.problems
    assert problem.file == str(content_root / TALK)
    assert "locked.pdf" in problem.message
    assert "password" in problem.message


def test_a_missing_slide_file_is_reported_against_the_talk_file(content_root, cache_dir):
    with pytest.raises(SlidesError) as caught:
        prepare(content_root, cache_dir, slides="slides/nowhere.pdf")

    [problem] = caught.value.problems
    assert problem.file == str(content_root / TALK)
    assert problem.line == 5
    assert "nowhere.pdf does not exist" in problem.message


def test_a_slide_path_may_not_leave_the_content_folder(content_root, cache_dir):
    (content_root.parent / "secret.pdf").write_bytes(
        (content_root / "slides" / "docker-101.pdf").read_bytes()
    )

    with pytest.raises(SlidesError) as caught:
        prepare(content_root, cache_dir, slides="../secret.pdf")

    assert caught.value.problems[0].message == (
        f"slides: ../secret.pdf points outside {content_root.name}/ (to {content_root.parent / 'secret.pdf'})")


def test_an_unsupported_slide_file_type_is_reported(content_root, cache_dir):
    (content_root / "slides" / "talk.key").write_bytes(b"keynote")

    with pytest.raises(SlidesError) as caught:
        prepare(content_root, cache_dir, slides="slides/talk.key")

    assert "must be a .pdf or .md file, or a URL" in caught.value.problems[0].message


@pytest.mark.parametrize(
    ("size", "shown"),
    [(0, "0 B"), (999, "999 B"), (1000, "1.0 kB"), (4047, "4.0 kB"), (15_300, "15 kB"),
     (999_499, "999 kB"), (999_500, "1.0 MB"), (1_234_567, "1.2 MB"), (250_000_000, "250 MB")],
)
def test_file_sizes_read_like_a_file_manager_shows_them(size, shown):
    assert human_size(size) == shown


@pytest.mark.parametrize("damage", [flip_a_bit, truncate], ids=["bit-flipped", "truncated"])
def test_a_page_image_damaged_in_the_cache_is_rendered_again(content_root, cache_dir, tmp_path, damage):
    clean = prepare(content_root, tmp_path / "clean-cache")
    write_media(clean, content_root, tmp_path / "clean", tmp_path / "clean-cache")
    media = prepare(content_root, cache_dir)
    image = media.pdf.pages[0].image
    damage(cache_dir / "slides" / media.pdf.cache_key / Path(image).name)

    again = prepare(content_root, cache_dir)
    write_media(again, content_root, output_dir := tmp_path / "output", cache_dir)

    assert again.pdf.pages == clean.pdf.pages
    for page in again.pdf.pages:
        for rel in (page.image, page.thumb):
            assert (output_dir / rel).read_bytes() == (tmp_path / "clean" / rel).read_bytes()


def test_a_page_image_damaged_after_prepare_is_not_published(content_root, cache_dir, output_dir):
    media = prepare(content_root, cache_dir)
    image = cache_dir / "slides" / media.pdf.cache_key / Path(media.pdf.pages[0].image).name
    good = image.read_bytes()
    truncate(image)

    write_media(media, content_root, output_dir, cache_dir)

    assert (output_dir / media.pdf.pages[0].image).read_bytes() == good
    with Image.open(output_dir / media.pdf.pages[0].image) as published:
        published.load()  # a whole picture, not the cut-off one
