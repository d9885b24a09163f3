"""Render PDF pages to images with pypdfium2, once per PDF content and render settings.

The cache directory for one PDF (kernel.cache, "slides") is named after a key of
the PDF's bytes, the render settings, this module's code and the renderer
versions, so an unchanged PDF is never rendered twice and any change that would
alter the images (new file, new width, new PDFium, new code) gets a fresh
directory.  A directory only appears under its final name once every image and
the manifest are written, so an interrupted build never leaves a half-rendered
deck that looks complete.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from kernel.cache import Cache, cache_folder

from .settings import SlidesSettings

if TYPE_CHECKING:
    import pypdfium2 as pdfium
    from PIL import Image

NAME = "slides"  # kernel.cache.CACHES
CODE = (Path(__file__).resolve(),)  # this module renders: an edit to it renders every deck anew
LIBRARIES = ("pypdfium2", "pillow")
MANIFEST = "manifest.json"


class PdfUnreadable(Exception):
    """The file cannot be rendered; the message says why in plain words."""


@dataclass(frozen=True)
class CachedPage:
    image: str  # file name inside the cache directory
    width: int
    height: int
    thumb: str
    thumb_width: int
    thumb_height: int


@dataclass(frozen=True)
class CachedRender:
    directory: Path
    sha256: str
    pages: tuple[CachedPage, ...]
    rendered_now: bool  # False when every image came from the cache


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def slide_cache(cache_root: Path) -> Cache:
    """The slide render cache under ``cache_root`` (CACHE_PATH)."""
    return Cache.of(NAME, cache_folder(cache_root, NAME), code=CODE, libraries=LIBRARIES)


def cache_key(pdf_sha256: str, settings: SlidesSettings, cache: Cache) -> str:
    identity = {"pdf": pdf_sha256, "render": settings.render_key(), **_renderer_versions()}
    return cache.key(identity)


def _renderer_versions() -> dict[str, str]:
    """The builds of PDFium and of its binding, from their version files: read, never imported, since loading
    the library costs a build that finds every deck's pages in the cache a quarter of a second."""
    versions = {}
    for package in ("pypdfium2", "pypdfium2_raw"):
        spec = importlib.util.find_spec(package)
        folders = list(spec.submodule_search_locations or []) if spec else []
        try:
            versions[package] = Path(folders[0], "version.json").read_text("utf-8") if folders else "not installed"
        except OSError:
            versions[package] = "no version file"
    return versions


def _open(path: Path) -> pdfium.PdfDocument:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_raw

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (pdfium_raw.FPDF_ERR_PASSWORD, pdfium_raw.FPDF_ERR_SECURITY):
            raise PdfUnreadable(
                "is password-protected; publish a copy saved without a password"
            ) from None
        raise PdfUnreadable(f"is not a readable PDF ({exc})") from None
    if len(document) == 0:
        document.close()
        raise PdfUnreadable("has no pages")
    return document


def _scaled_height(width: int, height: int, new_width: int) -> int:
    return max(1, round(height * new_width / width))


def _save(image: Image.Image, directory: Cache, name: str, settings: SlidesSettings) -> None:
    encoded = BytesIO()
    if settings.image_format == "webp":
        image.save(encoded, "WEBP", quality=settings.image_quality, method=6)
    else:
        image.save(encoded, "PNG", optimize=True)
    directory.write(name, encoded.getvalue())


def _render_into(document: pdfium.PdfDocument, directory: Cache, settings: SlidesSettings) -> list:
    from PIL import Image

    pages = []
    extension = settings.image_format
    for index in range(len(document)):
        page = document[index]
        try:
            page_width, _ = page.get_size()
            bitmap = page.render(scale=settings.image_width / page_width, may_draw_forms=True)
            image = bitmap.to_pil().convert("RGB")
        finally:
            page.close()
        # PDFium rounds the bitmap size; resize so the promised width is exact.
        height = _scaled_height(image.width, image.height, settings.image_width)
        if image.size != (settings.image_width, height):
            image = image.resize((settings.image_width, height), Image.Resampling.LANCZOS)
        thumb_height = _scaled_height(image.width, image.height, settings.thumb_width)
        thumb = image.resize((settings.thumb_width, thumb_height), Image.Resampling.LANCZOS)
        name = f"page-{index + 1:03d}.{extension}"
        thumb_name = f"page-{index + 1:03d}-thumb.{extension}"
        _save(image, directory, name, settings)
        _save(thumb, directory, thumb_name, settings)
        pages.append(
            {
                "image": name,
                "width": image.width,
                "height": image.height,
                "thumb": thumb_name,
                "thumb_width": thumb.width,
                "thumb_height": thumb.height,
            }
        )
    return pages


def _read_manifest(cache: Cache, key: str) -> tuple[CachedPage, ...] | None:
    """The pages of a cached render, or None unless the manifest and every image match their digests."""
    data = cache.read(f"{key}/{MANIFEST}")
    if data is None:
        return None
    try:
        entries = json.loads(data.decode("utf-8"))["pages"]
        pages = tuple(CachedPage(**entry) for entry in entries)
    except (ValueError, KeyError, TypeError):
        return None
    if None in page_images(cache, key, pages).values():
        return None
    return pages


def page_images(cache: Cache, key: str, pages) -> dict[str, bytes | None]:
    """The image and thumbnail bytes of ``pages`` (each with .image and .thumb, names or output
    paths of files in the render ``key``) by name; None for one missing or damaged."""
    names = [name for page in pages for name in (page.image, page.thumb)]
    return {name: cache.read(f"{key}/{Path(name).name}") for name in names}


def render_cached(pdf_path: Path, cache_root: Path, settings: SlidesSettings) -> CachedRender:
    """Page images for ``pdf_path`` in the slide cache under ``cache_root``, rendering only on a miss.

    Raises PdfUnreadable for a corrupt, empty or password-protected file.
    """
    sha256 = file_sha256(pdf_path)
    cache = slide_cache(cache_root)
    key = cache_key(sha256, settings, cache)
    cached = _read_manifest(cache, key)
    if cached is not None:
        return CachedRender(cache.path(key), sha256, cached, rendered_now=False)

    document = _open(pdf_path)

    def fill(directory: Cache) -> list:
        try:
            entries = _render_into(document, directory, settings)
        finally:
            document.close()
        manifest = json.dumps({"source_sha256": sha256, "pages": entries}, indent=1, sort_keys=True)
        directory.write(MANIFEST, manifest.encode("utf-8"))
        return entries

    entries = cache.write_folder(key, fill)
    pages = tuple(CachedPage(**entry) for entry in entries)
    return CachedRender(cache.path(key), sha256, pages, rendered_now=True)
