"""A site whose poll data is not in survey/: POLLS_PATH names its folder (beside the content)."""

PATH = "content"
POLLS_PATH = "poll-data"
TIMEZONE = "Europe/Prague"
SITEURL = ""
FEED_ALL_ATOM = None
