"""Enqueue again the e-mails still pending in the outbox.

A message stays pending when the broker was down at the commit, or the process
died between the commit and the enqueue. Run this every minute or so from cron,
or schedule the ``oscar_bidding.tasks.relay_outbox`` task with Celery beat;
running it twice does no harm, since a message is sent once.

It says how many e-mails it enqueued and why the others failed, and exits with
an error when there were e-mails to enqueue and none could be, so that cron
mails the shop's administrator.
"""

from django.core.management.base import BaseCommand, CommandError
from oscar.core.loading import get_class

OutboxService = get_class("bidding.services.outbox", "OutboxService")


class Command(BaseCommand):
    help = "Enqueue again the e-mails still pending in the outbox."

    def handle(self, *args, **options):
        report = OutboxService().relay()
        self.stdout.write(str(report))
        for error, count in report.errors.most_common():
            self.stderr.write(f"  {count} × {error}")
        if report.failed and not report.enqueued:
            raise CommandError(
                "No pending e-mail could be enqueued: is the Celery broker running?"
            )
