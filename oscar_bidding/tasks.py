"""Celery tasks: slow work done after the request, from committed rows only.

Each task is idempotent: delivered twice, it does what it does once.
"""

from celery import shared_task
from oscar.core.loading import get_class

OutboxService = get_class("bidding.services.outbox", "OutboxService")
PaymentAttemptService = get_class("bidding.services.attempts", "PaymentAttemptService")
AutoApproveService = get_class("bidding.services.auto_approve", "AutoApproveService")
DigestService = get_class("bidding.services.digests", "DigestService")
ProjectService = get_class("bidding.services.projects", "ProjectService")


@shared_task
def deliver(message_id):
    """Send outbox message ``message_id`` unless it was sent already."""
    OutboxService().deliver(message_id)


@shared_task
def relay_outbox():
    """Enqueue again the e-mails left pending; schedule it with Celery beat.
    Returns how many were enqueued and how many failed."""
    report = OutboxService().relay()
    return {"enqueued": report.enqueued, "failed": report.failed}


@shared_task
def reconcile_payments():
    """Settle the milestone payments a checkout left unfinished; schedule it
    with Celery beat (see ``bidding_reconcile_payments``)."""
    return [attempt.key for attempt in PaymentAttemptService().reconcile()]


@shared_task
def auto_approve():
    """Remind customers of deliveries they have not answered and approve those
    unanswered for ``OSCAR_BIDDING_AUTO_APPROVE_DAYS``; schedule it with Celery
    beat (see ``bidding_auto_approve``). Returns how many of each."""
    report = AutoApproveService().auto_approve_due()
    return {"reminded": report.reminded, "approved": report.approved}


@shared_task
def send_digests():
    """Send yesterday's digests of new proposals (to customers) and new
    projects (to vendors) the settings ask for, once; schedule it with Celery
    beat once a day (see ``bidding_send_digests``). Returns how many of each."""
    report = DigestService().send_due()
    return {
        "proposal_digests": report.proposal_digests,
        "project_digests": report.project_digests,
    }


@shared_task
def close_expired():
    """Close the open projects whose bidding deadline has passed (they leave
    the search index as they close); schedule it daily with Celery beat (see
    ``bidding_close_expired``). Returns how many were closed."""
    return ProjectService().close_expired()
