"""Property tests (hypothesis); the profiles are in ``conftest.py``."""

from contextlib import contextmanager

from django.db import transaction
from hypothesis import settings


def examples(share):
    """A ``share`` of the profile's examples, for slow properties; at least one."""
    return max(1, round(settings.default.max_examples * share))


@contextmanager
def rolled_back():
    """One example in a savepoint rolled back afterwards: no example sees
    another's rows."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
