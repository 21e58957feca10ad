"""Which e-mail goes to whom when something happens to a proposal.

Each method only enqueues a Celery task, and only once the surrounding
transaction commits: a rolled-back change never sends mail, and the task reads
committed rows.
"""

from functools import partial

from django.db import transaction
from oscar.core.loading import get_class

send_event_email = get_class("bidding.tasks", "send_event_email")

#: Communication event types; the shop edits their text in the dashboard.
PROPOSAL_RECEIVED = "BIDDING_PROPOSAL_RECEIVED"
PROPOSAL_ACCEPTED = "BIDDING_PROPOSAL_ACCEPTED"
PROPOSAL_REJECTED = "BIDDING_PROPOSAL_REJECTED"
MILESTONE_READY = "BIDDING_MILESTONE_READY"
MILESTONE_PAID = "BIDDING_MILESTONE_PAID"
MILESTONE_REFUNDED = "BIDDING_MILESTONE_REFUNDED"


class Notifier:
    def proposal_submitted(self, proposal):
        self._send(PROPOSAL_RECEIVED, "customer", proposal_id=proposal.pk)

    def proposal_accepted(self, proposal):
        self._send(PROPOSAL_ACCEPTED, "vendor", proposal_id=proposal.pk)

    def proposal_rejected(self, proposal):
        self._send(PROPOSAL_REJECTED, "vendor", proposal_id=proposal.pk)

    def milestone_ready(self, milestone):
        self._send(
            MILESTONE_READY,
            "customer",
            proposal_id=milestone.proposal_id,
            milestone_id=milestone.pk,
        )

    def milestone_paid(self, invoice):
        """The vendor hears of the order; the customer has Oscar's confirmation."""
        self._send(
            MILESTONE_PAID,
            "vendor",
            proposal_id=invoice.proposal_id,
            invoice_id=invoice.pk,
            order_id=invoice.order_id,
        )

    def milestone_refunded(self, order, proposal):
        """Customer and vendor each get the e-mail, with their own link."""
        for audience in ("customer", "vendor"):
            self._send(
                MILESTONE_REFUNDED, audience, proposal_id=proposal.pk, order_id=order.pk
            )

    def _send(self, event_code, audience, **ids):
        transaction.on_commit(
            partial(send_event_email.delay, event_code, audience, **ids)
        )
