"""Settle the milestone payments a checkout left unfinished.

A checkout killed between its commits (a worker timeout, a deploy, an
out-of-memory kill) leaves its payment attempt started or charged without an
order. This asks the gateway about each one left alone for
``OSCAR_BIDDING_RECONCILE_AFTER`` seconds, places the order of a payment
taken (charging nothing), marks failed one that took nothing, and leaves the
rest to staff under Payments to reconcile. Run it every few minutes from cron,
or schedule the ``oscar_bidding.tasks.reconcile_payments`` task with Celery
beat; running it twice does no harm.
"""

from django.core.management.base import BaseCommand
from oscar.core.loading import get_class

PaymentAttemptService = get_class("bidding.services.attempts", "PaymentAttemptService")


class Command(BaseCommand):
    help = "Settle the milestone payments a checkout left unfinished."

    def add_arguments(self, parser):
        parser.add_argument(
            "--after",
            type=int,
            default=None,
            help="Seconds an attempt is left alone first "
            "(default: OSCAR_BIDDING_RECONCILE_AFTER).",
        )

    def handle(self, *args, after=None, **options):
        for attempt in PaymentAttemptService().reconcile(after=after):
            self.stdout.write(
                f"{attempt.key} (order {attempt.order_number}): "
                f"{attempt.get_status_display()}"
            )
