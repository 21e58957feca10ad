"""Close open projects whose bidding deadline has passed.

Run it daily from cron or Celery beat; it is safe to run at any time and as
often as you like, since only projects still open are closed.
"""

from django.core.management.base import BaseCommand
from oscar.core.loading import get_class

ProjectService = get_class("bidding.services.projects", "ProjectService")


class Command(BaseCommand):
    help = "Close open projects whose bidding deadline has passed."

    def handle(self, *args, **options):
        closed = ProjectService().close_expired()
        self.stdout.write(f"Closed {closed} expired project(s).")
