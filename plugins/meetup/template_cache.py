"""Compiled templates kept between builds: Jinja's bytecode of every theme template, in the cache layer.

Jinja compiles each template from its source on every build (a fifth of a small
site's build).  Each generator's environment gets a bytecode cache whose entries
live in the cache ``templates`` (kernel.cache): Jinja names an entry by the
template's name and file and checks, on loading it, the source's checksum and
its own and Python's versions, so an edited template or another Jinja compiles
afresh.  A damaged entry (its digest does not match) is a miss.  Every entry a
build loads is touched, and entries no build touched for CACHE_KEEP_DAYS days are
deleted once the build is done.
"""

from __future__ import annotations

from jinja2.bccache import Bucket, BytecodeCache
from kernel.cache import Cache, cache_folder, keep_days
from kernel.cache import prune as prune_folder
from kernel.digests import compile_options

NAME = "templates"  # kernel.cache.CACHES
SUFFIX = ".jinja"


class TemplateCache(BytecodeCache):
    """Jinja's bytecode cache, stored through the one cache layer."""

    def __init__(self, cache: Cache):
        self.cache = cache

    def load_bytecode(self, bucket: Bucket) -> None:
        name = self._name(bucket)
        data = self.cache.read(name)
        if data is not None:
            self.cache.touch(name)  # each generator has its own cache object: age is what pruning sees
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.cache.write(self._name(bucket), bucket.bytecode_to_string())

    def _name(self, bucket: Bucket) -> str:
        # Jinja's key is the template's name and file, and a bucket checks only its source; ours adds Jinja's
        # version (the code generator) and the environment's options that change the compiled code
        return self.cache.key(bucket.key, compile_options(bucket.environment)) + SUFFIX


def attach(generator) -> None:
    """generator_init handler: the generator's environment compiles each template once, for every build."""
    settings = generator.settings
    if settings.get("CACHE_PATH"):
        cache = Cache.of(NAME, cache_folder(settings, NAME), libraries=("python", "jinja2"))
        generator.env.bytecode_cache = TemplateCache(cache)


def prune(pelican) -> None:
    """finalized handler: delete the entries no build touched for CACHE_KEEP_DAYS days."""
    if pelican.settings.get("CACHE_PATH"):
        prune_folder(cache_folder(pelican.settings, NAME), lambda _name: False, keep_days(pelican.settings))


__all__ = ["NAME", "TemplateCache", "attach", "prune"]
