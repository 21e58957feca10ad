"""Repeating milestones: "Generate milestones" in the proposal form.

The vendor gives a title, a start date, a frequency and a count; each milestone
gets the same items and a due date one week or one month after the previous
one. Nothing is saved here: the proposal form shows the milestones, and the
vendor saves the proposal as usual.
"""

import calendar
import copy
import datetime

from django.utils.translation import gettext as _
from oscar.core.loading import get_class

MilestoneSpec = get_class("bidding.services.proposals", "MilestoneSpec")

WEEKLY = "weekly"
MONTHLY = "monthly"


def add_months(start, months):
    """``start`` moved ``months`` on, on the same day of the month or the last
    day of a shorter month (31 January, then 28 or 29 February, then 31 March)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def due_dates(start, frequency, count):
    """``count`` due dates from ``start`` (the first) at ``frequency``. Each is
    computed from ``start``, so a short month does not shift the later ones."""
    if frequency == WEEKLY:
        return [start + datetime.timedelta(weeks=n) for n in range(count)]
    if frequency == MONTHLY:
        return [add_months(start, n) for n in range(count)]
    raise ValueError(f"Unknown frequency: {frequency!r}")


class MilestoneSchedule:
    """Computes repeating milestones as the specs ``ProposalService`` saves."""

    spec_class = MilestoneSpec

    def milestone_title(self, title, number, count):
        return _("%(title)s %(number)s of %(count)s") % {
            "title": title,
            "number": number,
            "count": count,
        }

    def generate(self, title, start, frequency, count, items):
        """``count`` milestones with copies of ``items`` (``ItemSpec``)."""
        return [
            self.spec_class(
                title=self.milestone_title(title, number, count),
                due_date=due_date,
                items=copy.deepcopy(list(items)),
            )
            for number, due_date in enumerate(
                due_dates(start, frequency, count), start=1
            )
        ]
