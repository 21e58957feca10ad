"""Shop staff decide a dispute: for the vendor, or with a refund in full or in part.

A customer disputes a delivery (``MilestoneService.dispute``); only staff end
it, with a note both sides read. The three decisions, and where each leaves
the milestone (docs/concepts.rst draws them):

- **approve for the vendor**: completed, exactly as if the customer had
  approved it (``MilestoneService.approve``): the next milestone may become
  ready to pay, the proposal and the project complete once nothing is left;
- **partial refund**: completed too, with the refund recorded (the payment
  keeps ``amount_refunded``, the milestone and proposal amounts paid drop, the
  order gets Oscar's "Refunded" payment event for the amount). This is how
  marketplaces that hold the money settle a split (Upwork's and Fiverr's
  dispute resolution, PayPal's partial refunds): the vendor keeps the rest of
  the money for work the customer received, and the milestone is done with.
  A separate "resolved" status would tell the customer and the vendor nothing
  more than "completed" and the recorded refund do, and every layer that asks
  whether a milestone is finished (project completion, reports, a shop's own
  receivers of ``milestone_approved``) would have to learn it;
- **full refund**: refunded, a final status: the customer got everything
  back and the dispute is closed, so the milestone is not offered for payment
  again (a refund outside a dispute of a milestone not yet delivered does
  that). The rest of the proposal goes on as after an approval.

Each decision is one transaction that locks the project, the proposal and the
milestone (in that order, as every service does), checks the milestone is
still disputed (two staff deciding at once: the second is told the first
decided), changes its status once (one audit row, with the staff member, the
role ``staff`` and the note), refunds through ``RefundService`` (the gateway
last: its refusal rolls the decision back), writes the e-mails to the outbox
and sends ``dispute_resolved`` after the commit.
"""

import logging
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model
from oscar.templatetags.currency_filters import currency as format_currency

from oscar_bidding import lifecycle, signals
from oscar_bidding.exceptions import BiddingError, IllegalTransition
from oscar_bidding.services.locking import lock

Milestone = get_model("bidding", "Milestone")
Proposal = get_model("bidding", "Proposal")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")
RefundService = get_class("bidding.services.refunds", "RefundService")
Notifier = get_class("bidding.notifications", "Notifier")

logger = logging.getLogger("oscar_bidding.disputes")


class DisputeService:
    milestone_service_class = MilestoneService
    refund_service_class = RefundService
    notifier_class = Notifier

    #: The ``decision`` of ``dispute_resolved``.
    APPROVED = "approved"
    PARTLY_REFUNDED = "partly_refunded"
    REFUNDED = "refunded"

    def __init__(self):
        self.notifier = self.notifier_class()

    def approve(self, milestone, user, note):
        """Decide for the vendor: the milestone is completed."""
        note = self._check(user, note)
        with transaction.atomic():
            project, proposal, milestone = self._lock(milestone)
            milestone = self.milestone_service_class().approve(
                milestone, user=user, note=note, notify=False
            )
            change = milestone.last_status_change
            self.notifier.dispute_resolved(milestone, change)
            self._signal(milestone, user, self.APPROVED, Decimal("0.00"), None, note)
        return milestone

    def refund(self, milestone, amount, user, note):
        """Refund ``amount`` of what the milestone was paid: all that is left
        (refunded) or a part (completed). An amount above zero and at most
        what is left, or :class:`BiddingError` and nothing changes."""
        note = self._check(user, note)
        with transaction.atomic():
            project, proposal, milestone = self._lock(milestone)
            # The milestone's amount paid is what is left of its payment.
            whole = amount == milestone.amount_paid
            status = Milestone.REFUNDED if whole else Milestone.COMPLETED
            # Before the gateway gives any money back.
            lifecycle.require_transition(
                milestone, milestone.status, status, _("refund")
            )
            payment = self.refund_service_class().refund_milestone(
                milestone, amount, user, note
            )
            now = timezone.now()
            text = _("Refunded %(amount)s of %(paid)s: %(note)s") % {
                "amount": format_currency(amount, payment.currency),
                "paid": format_currency(payment.amount, payment.currency),
                "note": note,
            }
            if whole:
                decision, fields = self.REFUNDED, []
            else:
                milestone.date_completed = now
                decision, fields = self.PARTLY_REFUNDED, ["date_completed"]
            milestone.set_status(
                status,
                user=user,
                role=lifecycle.STAFF,
                note=text,
                action=_("refund"),
                update_fields=fields,
            )
            change = milestone.last_status_change
            self.milestone_service_class().settled(
                project, proposal, milestone, now, user, lifecycle.STAFF
            )
            self.notifier.dispute_resolved(milestone, change, amount)
            self._signal(milestone, user, decision, amount, payment, note)
        return milestone

    def _check(self, user, note):
        if user is None or not user.is_staff:
            raise BiddingError(_("Only shop staff decide a dispute."))
        note = (note or "").strip()
        if not note:
            raise BiddingError(_("Write a note: the customer and the vendor read it."))
        return note

    def _lock(self, milestone):
        """Lock the project, the proposal and the milestone; refuse a
        milestone no longer disputed (another staff member decided first)."""
        project = lock(milestone.proposal.project)
        proposal = lock(milestone.proposal)
        proposal.project = project
        milestone = lock(milestone)
        milestone.proposal = proposal
        if milestone.status != Milestone.DISPUTED:
            raise IllegalTransition(
                _(
                    "This dispute is already decided: milestone %(number)s is "
                    "%(status)s. Nothing was changed."
                )
                % {
                    "number": milestone.number,
                    "status": milestone.get_status_display().lower(),
                }
            )
        if proposal.status != Proposal.ACCEPTED:
            raise IllegalTransition(
                _("You cannot decide this dispute: the proposal is %(status)s.")
                % {"status": proposal.get_status_display().lower()}
            )
        return project, proposal, milestone

    def _signal(self, milestone, user, decision, amount, payment, note):
        """``dispute_resolved`` after the commit; a failing receiver is logged."""

        def send():
            for receiver, response in signals.dispute_resolved.send_robust(
                sender=milestone._meta.model,
                instance=milestone,
                user=user,
                decision=decision,
                amount_refunded=amount,
                payment=payment,
                note=note,
            ):
                if isinstance(response, Exception):
                    logger.error(
                        "Receiver %r of dispute_resolved failed",
                        receiver,
                        exc_info=response,
                    )

        transaction.on_commit(send)
