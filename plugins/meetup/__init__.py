"""Recap's meetup plugin: events, talks, speakers, sponsors and groups as pages.

Settings are MEETUP_* (defaults in :mod:`meetup.settings`); the content format is
described in docs/content-format.md.
"""


def register():
    from pelican import signals

    from . import source_cache, template_cache
    from .generator import get_generators, on_initialized
    from .reader import add_reader

    signals.initialized.connect(on_initialized)
    signals.readers_init.connect(add_reader)
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(template_cache.attach)
    signals.finalized.connect(source_cache.prune)  # after every generator's readers are done
    signals.finalized.connect(template_cache.prune)
