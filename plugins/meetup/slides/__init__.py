"""Talk slides and recordings: PDF page images, Markdown decks, hosted embeds, VideoObject.

A plain library (no Pelican import): the meetup generator calls prepare_slides
while reading talks and write_media while writing, and hands the TalkMedia to
the templates (theme/templates/partials/slides.html and recording.html).
"""

from .errors import SlidesError
from .model import Deck, DeckSlide, Embed, PdfSlides, SlidePage, TalkMedia
from .prepare import human_size, prepare_slides, write_media
from .settings import DEFAULTS, read_settings

__all__ = [
    "DEFAULTS",
    "Deck",
    "DeckSlide",
    "Embed",
    "PdfSlides",
    "SlidePage",
    "SlidesError",
    "TalkMedia",
    "human_size",
    "prepare_slides",
    "read_settings",
    "write_media",
]
