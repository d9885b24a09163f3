"""The build: what `invoke build` runs on top of Pelican and the two plugins.

    build       one build into a staging folder, swapped in only on success; the lock; BuildResult
    swap        replacing output/ in one step (renameat2 exchange, or a symlink replaced by one rename)
    freshness   the up-to-date check: digests of every input and of the output's listing
    trace       what a page read while it rendered, and whether the next build's model still answers the same
    ledger      the output ledger: pages kept from the live site (hard links) when their reads did not change
    settings    the settings every task resolves from the same settings file
    worker      livereload's long-lived build process (Warm: what stays in memory between rebuilds)
    livesite    `invoke livereload`: serve, watch, rebuild through the worker, reload the browser

It may import everything below it (kernel, meetup, polls, polls_site); nothing imports it but tasks.py,
the tests and tools/bench.
"""
