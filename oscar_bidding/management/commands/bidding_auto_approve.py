"""Approve the milestone deliveries the customer has not answered.

A delivery left unanswered for ``OSCAR_BIDDING_AUTO_APPROVE_DAYS`` is approved
by the system, as if the customer had approved it; the customer is e-mailed a
reminder ``OSCAR_BIDDING_AUTO_APPROVE_REMINDER_DAYS`` before. Run it every hour
or so from cron, or schedule the ``oscar_bidding.tasks.auto_approve`` task with
Celery beat; running it twice, even at once, approves and reminds once.
"""

from django.core.management.base import BaseCommand
from oscar.core.loading import get_class

AutoApproveService = get_class("bidding.services.auto_approve", "AutoApproveService")


class Command(BaseCommand):
    help = "Approve the milestone deliveries the customer has not answered in time."

    def handle(self, *args, **options):
        self.stdout.write(str(AutoApproveService().auto_approve_due()))
