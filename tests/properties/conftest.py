"""Hypothesis profiles for the property tests.

``dev`` runs locally; ``ci`` runs fewer examples (never zero) when the ``CI``
environment variable is set. Examples share one database transaction, each
rolled back on its own, so the function-scoped fixtures (users) serve them all.
No example database: a run leaves no files behind.
"""

import os

import pytest
from django.apps import apps
from hypothesis import HealthCheck, settings

COMMON = {
    "deadline": None,
    "database": None,
    "print_blob": True,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
    ],
}
settings.register_profile("dev", max_examples=40, **COMMON)
settings.register_profile("ci", max_examples=20, **COMMON)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def _no_search_indexing():
    """Hypothesis seeds ``random`` alike for every example, and Whoosh names its
    index segments from it: two examples' writes would collide (and leave the
    index locked). No property here is about search."""
    signal_processor = apps.get_app_config("haystack").signal_processor
    signal_processor.teardown()
    yield
    signal_processor.setup()
