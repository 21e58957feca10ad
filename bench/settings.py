"""The test settings (the sandbox on PostgreSQL, DEBUG off) for benchmarks.

Paths come from the environment so that gunicorn's workers share one search
index with the process that built it.
"""

import os
import tempfile

from tests.settings import *  # noqa: F403

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
HAYSTACK_CONNECTIONS = {
    alias: {
        **connection,
        "PATH": os.path.join(
            os.environ.get("BENCH_WHOOSH_PATH", tempfile.gettempdir()),
            f"bidding-bench-whoosh-{alias}",
        ),
    }
    for alias, connection in HAYSTACK_CONNECTIONS.items()  # noqa: F405
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # With the broker down (bench.broker_down) each e-mail warns; the
        # explanation logged once, at ERROR, is enough here.
        "oscar_bidding.services.outbox": {"level": "ERROR"},
    },
}

# The order's e-mail task is queued, as in production, not run in the request:
# a worker elsewhere would send it.
CELERY_BROKER_URL = os.environ.get("REDIS_URL", "memory://")
CELERY_TASK_ALWAYS_EAGER = False
