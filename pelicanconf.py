"""Site settings for development builds (`invoke build`, `invoke serve`).

Recap's own settings are namespaced: MEETUP_* (events, talks, speakers) and
POLLS_* (poll data and charts). Every one has a default in its plugin; set one
here only to change it. README.md lists them all.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent

SITENAME = "Docker Brno meetup"
SITEURL = ""
SITE_DESCRIPTION = "Recaps, talks, slides and audience polls of the Docker Brno meetup."
TIMEZONE = "Europe/Prague"
DEFAULT_LANG = "en"

# Linked from every page's footer and from the About page.
MEETUP_REPOSITORY_URL = "https://git.example.org/docker-brno/site"
MEETUP_CONTACT_URL = "mailto:organizers@docker-brno.example.org"

PATH = "content"
OUTPUT_PATH = "output"
THEME = str(ROOT / "theme")
PLUGIN_PATHS = [str(ROOT / "plugins")]
PLUGINS = ["meetup", "polls_site"]

# Every title, name and label in the templates comes from content files: escape them all
# (only rendered Markdown bodies are marked safe). The meetup plugin refuses to build without it.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# Relative links make the output work from file:// and from any sub-path.
RELATIVE_URLS = True

# Pages are plain Markdown pages; events, talks and speakers are read by the meetup plugin.
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = ["blog"]
STATIC_PATHS = ["images"]
PAGE_URL = PAGE_SAVE_AS = "{slug}/index.html"

# The meetup plugin writes the home page and the indexes; Pelican's blog pages are off.
DIRECT_TEMPLATES = []
ARCHIVES_SAVE_AS = AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = CATEGORY_SAVE_AS = TAG_SAVE_AS = ""
FEED_ALL_ATOM = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None

DEFAULT_PAGINATION = False

# Rendered slide pages and charts are cached here between builds (keyed by content).
CACHE_PATH = ".cache"

MEETUP_TIMEZONE = "Europe/Prague"
