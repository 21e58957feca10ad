"""Enqueue again the e-mails still pending in the outbox.

A message stays pending when the broker was down at the commit, or the process
died between the commit and the enqueue. Run this every minute or so from cron,
or schedule the ``oscar_bidding.tasks.relay_outbox`` task with Celery beat;
running it twice does no harm, since a message is sent once.
"""

from django.core.management.base import BaseCommand
from oscar.core.loading import get_class

OutboxService = get_class("bidding.services.outbox", "OutboxService")


class Command(BaseCommand):
    help = "Enqueue again the e-mails still pending in the outbox."

    def handle(self, *args, **options):
        relayed = OutboxService().relay()
        self.stdout.write(f"Enqueued {relayed} pending e-mail(s) again.")
