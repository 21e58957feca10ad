"""Deliveries the customer leaves unanswered are approved by the system.

``OSCAR_BIDDING_AUTO_APPROVE_DAYS`` after a milestone's latest delivery
(``Milestone.date_delivered``: a delivery after a revision starts the clock
again), a milestone still delivered is approved through
``MilestoneService.approve``, as if the customer had approved it, with the
system as the actor: the audit row, the signal after commit, the vendor's
e-mail, the next milestone made ready and the proposal and project completed
all happen as they do then.
``OSCAR_BIDDING_AUTO_APPROVE_REMINDER_DAYS`` before that, the customer is
e-mailed a reminder, once per delivery (``date_auto_approve_reminded``).

A run (the ``bidding_auto_approve`` command from cron, or the
``oscar_bidding.tasks.auto_approve`` task from Celery beat) picks the due
milestones, then takes each one's row locks, in the order every service takes
them, and checks again under them: two runs at once, or a run racing the
customer's own answer, never approve, remind or record anything twice.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from oscar_bidding.conf import setting
from oscar_bidding.exceptions import BiddingError
from oscar_bidding.services.locking import lock

Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
MilestoneDelivery = get_model("bidding", "MilestoneDelivery")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")
Notifier = get_class("bidding.notifications", "Notifier")

logger = logging.getLogger("oscar_bidding.auto_approve")


@dataclass
class AutoApproveReport:
    """What one run did."""

    reminded: int = 0
    approved: int = 0

    def __str__(self):
        return f"Reminded {self.reminded}, approved {self.approved}."


class AutoApproveService:
    service_class = MilestoneService
    notifier_class = Notifier

    def __init__(self):
        self.service = self.service_class()
        self.notifier = self.notifier_class()

    @staticmethod
    def days():
        return setting("OSCAR_BIDDING_AUTO_APPROVE_DAYS") or 0

    @staticmethod
    def reminder_days():
        return setting("OSCAR_BIDDING_AUTO_APPROVE_REMINDER_DAYS") or 0

    def auto_approve_due(self, now=None):
        """Approve the deliveries unanswered for ``OSCAR_BIDDING_AUTO_APPROVE_DAYS``,
        then remind the customers of those due within
        ``OSCAR_BIDDING_AUTO_APPROVE_REMINDER_DAYS``; returns an
        :class:`AutoApproveReport`. Does nothing when the setting is 0 or ``None``."""
        report = AutoApproveReport()
        if not self.days():
            return report
        now = now or timezone.now()
        approve_before = now - timedelta(days=self.days())
        for pk in list(self.waiting().filter(date_delivered__lte=approve_before)):
            report.approved += self.approve(pk, approve_before)
        if self.reminder_days():
            remind_before = approve_before + timedelta(days=self.reminder_days())
            due = self.waiting().filter(
                Q(date_auto_approve_reminded__isnull=True)
                | Q(date_auto_approve_reminded__lt=F("date_delivered")),
                date_delivered__lte=remind_before,
            )
            for pk in list(due):
                report.reminded += self.remind(pk, remind_before, now)
        return report

    def waiting(self):
        """Delivered milestones of proposals in progress, oldest delivery first."""
        return (
            Milestone.objects.filter(
                status=Milestone.DELIVERED, proposal__status=Proposal.ACCEPTED
            )
            .order_by("date_delivered", "pk")
            .values_list("pk", flat=True)
        )

    def approve(self, pk, approve_before):
        """Approve milestone ``pk`` unless, under its locks, it is no longer
        due; returns 1 when it was approved, else 0."""
        try:
            with transaction.atomic():
                milestone = self._locked(pk)
                if not (
                    self._waiting(milestone)
                    and milestone.date_delivered <= approve_before
                ):
                    return 0
                self.service.approve(milestone, user=None, note=self.note())
        except BiddingError:
            # The shop's pipeline refuses it, say: the others still go on.
            logger.exception("Milestone %s could not be approved automatically", pk)
            return 0
        return 1

    def remind(self, pk, remind_before, now):
        """E-mail the customer about milestone ``pk`` unless, under its locks,
        it is answered, or reminded of its latest delivery already; returns 1
        when reminded, else 0."""
        with transaction.atomic():
            milestone = self._locked(pk)
            reminded = milestone.date_auto_approve_reminded
            if (
                not self._waiting(milestone)
                or milestone.date_delivered > remind_before
                or (reminded is not None and reminded >= milestone.date_delivered)
            ):
                return 0
            milestone.date_auto_approve_reminded = now
            milestone.save(update_fields=["date_auto_approve_reminded"])
            delivery = (
                MilestoneDelivery.objects.filter(milestone=milestone)
                .select_related("status_change")
                .order_by("date_created", "pk")
                .last()
            )
            self.notifier.milestone_auto_approve_reminder(
                milestone, delivery.status_change
            )
        return 1

    def note(self):
        """The audit row's note, which the vendor's e-mail quotes."""
        return _(
            "Approved automatically: the customer did not answer the delivery "
            "within %(days)s days."
        ) % {"days": self.days()}

    def _waiting(self, milestone):
        return (
            milestone.status == Milestone.DELIVERED
            and milestone.proposal.status == Proposal.ACCEPTED
        )

    def _locked(self, pk):
        """The milestone under the locks of its project, proposal and itself,
        in that order, as :meth:`MilestoneService.approve` takes them."""
        milestone = Milestone.objects.select_related("proposal__project").get(pk=pk)
        project = lock(milestone.proposal.project)
        proposal = lock(milestone.proposal)
        proposal.project = project
        milestone = lock(milestone)
        milestone.proposal = proposal
        return milestone
