"""Send the daily digests: to each customer, the day's new proposals
(``OSCAR_BIDDING_PROPOSAL_EMAILS = "daily"``); to each vendor, the day's new
open projects they may bid on (``OSCAR_BIDDING_NEW_PROJECT_EMAILS = "daily"``).

Run it once a day, after midnight (the shop's ``TIME_ZONE``), from cron, or
schedule the ``oscar_bidding.tasks.send_digests`` task with Celery beat. It
digests yesterday, and the day before if that run was missed; running it
twice, even at once, sends each digest once.
"""

from django.core.management.base import BaseCommand
from oscar.core.loading import get_class

DigestService = get_class("bidding.services.digests", "DigestService")


class Command(BaseCommand):
    help = "Send yesterday's digests of new proposals and new projects, once."

    def handle(self, *args, **options):
        self.stdout.write(str(DigestService().send_due()))
