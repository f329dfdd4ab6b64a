"""What a serving process does once the application is loaded, before it answers requests (issue 12).

The loaded application is about 250,000 objects the garbage collector would otherwise walk again and
again: each full collection during a request took 100–170 ms at 1,000 contracts (the p95 of every list
page), each young one a little more. Those objects live as long as the process, so they are moved out
of the collector's sight (`gc.freeze`); done in gunicorn's master before it forks (gunicorn.conf.py),
the workers also keep sharing those memory pages instead of copying them when a collection touches
them. A page then makes tens of thousands of short-lived objects that reference counting frees; a
higher young-generation threshold scans them less often.
"""

import gc

#: allocations between young collections (Python's default is 700)
YOUNG_THRESHOLD = 5000


def freeze_loaded_app() -> None:
    """Take every object alive now (the loaded code, translations, locale data, mappers) out of the
    collector's reach, and collect young objects less often."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
