"""Row locks and guarded transitions shared by the services."""

from django.db import connection

from oscar_bidding import lifecycle
from oscar_bidding.exceptions import IllegalTransition


def lock(instance):
    """Re-read ``instance`` under ``SELECT ... FOR UPDATE`` so that concurrent
    transitions of the same row run one after the other and see each other's
    result. Must be called inside ``transaction.atomic``. ``_meta.model``, not
    ``type()``: Oscar's ``request.basket`` is a lazy object."""
    return instance._meta.model._default_manager.select_for_update().get(pk=instance.pk)


def require_status(instance, allowed, action):
    """Refuse ``action`` unless ``instance`` is in one of the ``allowed`` statuses."""
    if instance.status not in allowed:
        raise IllegalTransition(lifecycle.refusal(instance, action))


#: First half of the PostgreSQL advisory lock key of :func:`claim`: "bid".
CLAIM_NAMESPACE = 0x626964


def claim(instance):
    """Claim ``instance`` for this database session, across its commits.

    A PostgreSQL session-level advisory lock: it stays held over the separate
    commits of a payment and goes when :func:`unclaim` is called or the session
    ends, a process killed with SIGKILL included. Returns ``False`` when
    another live session holds it. Other databases have no such lock (the
    SQLite sandbox serves one request at a time): always ``True``.
    """
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_lock(%s, %s)", [CLAIM_NAMESPACE, instance.pk]
        )
        return cursor.fetchone()[0]


def unclaim(instance):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_unlock(%s, %s)", [CLAIM_NAMESPACE, instance.pk]
            )
