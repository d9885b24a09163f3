"""The site glue for polls: the Pelican side of the poll engine.

    generator     reads the survey folder, renders charts, writes poll pages and downloads
    directive     the Markdown extension recording [[poll ...]] paragraphs (kernel.contract, item 3)
    page_plan     which charts and pages a site gets
    plan_cache    survey, aggregates and plan kept between builds
    figures       each chart's figure markup rendered once and kept

The engine (``polls``) knows nothing of Pelican or of the site model; this package does.
"""


def register() -> None:
    """Pelican's plugin entry point (PLUGINS = [..., "polls_site"]); Pelican loads only here."""
    from .generator import register as register_generator

    register_generator()
