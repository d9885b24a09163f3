"""Settings for deployment: `invoke publish` builds with these (pelicanconf plus what differs)."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

# Absolute URLs in feeds, calendars and JSON-LD need the public address of the site.
SITEURL = os.environ.get("RECAP_SITEURL", "https://docker-brno.example.org")
RELATIVE_URLS = False
MEETUP_UID_DOMAIN = SITEURL.split("://", 1)[-1].split("/", 1)[0]
DELETE_OUTPUT_DIRECTORY = True
