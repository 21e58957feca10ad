"""``make bench``: oscar_bidding against plain Oscar, in figures.

Four tables, each its own module: query counts (:mod:`bench.queries`),
place-order time (:mod:`bench.place_order`), load under gunicorn
(:mod:`bench.load`) and scale to 100,000 proposals (:mod:`bench.scale`).
:mod:`bench.run` prints them; docs/benchmarks.md quotes a run.
"""
