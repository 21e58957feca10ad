"""Enqueue again the e-mails still pending in the outbox, or, without Celery,
send them.

With Celery, a message stays pending when the broker was down at the commit, or
the process died between the commit and the enqueue; without, every message
waits for this command. Run it every minute or so from cron, or schedule the
``oscar_bidding.tasks.relay_outbox`` task with Celery beat; running it twice
does no harm, since a message is sent once.

It says how many e-mails it enqueued and why the others failed, and exits with
an error when there were e-mails to enqueue and none could be, so that cron
mails the shop's administrator.
"""

from django.core.management.base import BaseCommand, CommandError
from oscar.core.loading import get_class

from oscar_bidding.conf import uses_celery

OutboxService = get_class("bidding.services.outbox", "OutboxService")


class Command(BaseCommand):
    help = "Enqueue again (or, without Celery, send) the e-mails pending in the outbox."

    def handle(self, *args, **options):
        report = OutboxService().relay()
        self.stdout.write(str(report))
        for error, count in report.errors.most_common():
            self.stderr.write(f"  {count} × {error}")
        if report.failed and not (report.enqueued or report.sent):
            if uses_celery():
                raise CommandError(
                    "No pending e-mail could be enqueued: is the Celery broker running?"
                )
            raise CommandError(
                "No pending e-mail could be sent: is the e-mail server running?"
            )
