"""Recap's kernel: the small pieces every other package builds on, with no pandas and no Pelican.

    problems         the file:line:column Problem and the InputError that carries them
    positioned_yaml  YAML composed into nodes with positions, with limits a hostile file cannot pass
    yaml_nodes       reading such nodes (mappings, scalars, where a value is)
    safepath         paths confined to their folder (no "..", no symlink out of it)
    slugs            slugs for URLs: ASCII, confined to [a-z0-9-], capped
    atomicfile       replacing a file so readers see the old content or the new
    digests          digests of files and folders (what a cache key is made of)
    cache            the one cache layer: where each cache lives, its keys, storage and pruning
    cacheentry       cache entries stored with a digest of their bytes, trusted only while it matches (cache's storage)
    workers          process pools whose workers end with their build (charts and cards drawn in batches)
    settings         settings declared once (name, default, check, doc), applied at `initialized`
    survey_path      where a site's survey folder is (POLLS_PATH beside the content)
    lazy_exports     a package's public names imported on first use (PEP 562)
    contract         the contract between the two Pelican plugins (site_loaded, PollsContext)

Nothing here imports the poll engine, the site plugin or Pelican; they import it.
"""
