"""Recap's kernel: the small pieces every other package builds on, with no pandas and no Pelican.

    problems      the file:line:column Problem and the InputError that carries them
    yaml_nodes    YAML read as nodes, so every value keeps its line and column
    atomicfile    replacing a file so readers see the old content or the new
    digests       digests of files and folders (what a cache key is made of)
    cache_prune   removing cache entries a build did not use, once old
    settings      settings declared once (name, default, check, doc), applied at `initialized`
    survey_path   where a site's survey folder is (POLLS_PATH beside the content)

Nothing here imports the poll engine, the site plugin or Pelican; they import it.
"""
