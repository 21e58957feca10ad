"""Which e-mail goes to whom when something happens to a proposal.

Each method writes a message to the outbox in the transaction of the change; a
Celery worker sends it after the commit (see :mod:`oscar_bidding.services.outbox`),
so a rolled-back change never sends mail and a committed one always does.

An event the recipient must act on also lands in Oscar's notifications inbox,
written in the same transaction (see :mod:`oscar_bidding.services.inbox`).
"""

from oscar.core.loading import get_class

from oscar_bidding.conf import setting
from oscar_bidding.services import inbox

OutboxService = get_class("bidding.services.outbox", "OutboxService")
InboxService = get_class("bidding.services.inbox", "InboxService")

#: Communication event types; the shop edits their text in the dashboard.
PROPOSAL_RECEIVED = "BIDDING_PROPOSAL_RECEIVED"
PROPOSAL_ACCEPTED = "BIDDING_PROPOSAL_ACCEPTED"
PROPOSAL_REJECTED = "BIDDING_PROPOSAL_REJECTED"
PROPOSAL_CHANGED = "BIDDING_PROPOSAL_CHANGED"
PROPOSAL_CHANGES_REQUESTED = "BIDDING_PROPOSAL_CHANGES_REQUESTED"
PROPOSAL_RESUBMITTED = "BIDDING_PROPOSAL_RESUBMITTED"
MILESTONE_READY = "BIDDING_MILESTONE_READY"
MILESTONE_PAID = "BIDDING_MILESTONE_PAID"
MILESTONE_REFUNDED = "BIDDING_MILESTONE_REFUNDED"
MILESTONE_DELIVERED = "BIDDING_MILESTONE_DELIVERED"
MILESTONE_APPROVED = "BIDDING_MILESTONE_APPROVED"
MILESTONE_REVISION = "BIDDING_MILESTONE_REVISION"
MILESTONE_DISPUTED = "BIDDING_MILESTONE_DISPUTED"
DISPUTE_RESOLVED = "BIDDING_DISPUTE_RESOLVED"
SUB_VENDOR_MILESTONE_PAID = "BIDDING_SUB_VENDOR_MILESTONE_PAID"
MESSAGE_POSTED = "BIDDING_MESSAGE_POSTED"
MILESTONE_AUTO_APPROVE_REMINDER = "BIDDING_MILESTONE_AUTO_APPROVE_REMINDER"
PROPOSAL_UNDERCUT = "BIDDING_PROPOSAL_UNDERCUT"
PROPOSAL_DIGEST = "BIDDING_PROPOSAL_DIGEST"
PROJECT_POSTED = "BIDDING_PROJECT_POSTED"
PROJECT_DIGEST = "BIDDING_PROJECT_DIGEST"
VENDOR_INVITED = "BIDDING_VENDOR_INVITED"
QUOTE_REQUESTED = "BIDDING_QUOTE_REQUESTED"
#: Oscar's own order confirmation.
ORDER_PLACED = "ORDER_PLACED"


class Notifier:
    outbox_class = OutboxService
    inbox_class = InboxService

    def proposal_submitted(self, proposal):
        """The customer hears of it by e-mail now, or in the day's digest
        (``OSCAR_BIDDING_PROPOSAL_EMAILS``), and in their inbox."""
        if setting("OSCAR_BIDDING_PROPOSAL_EMAILS") == "each":
            self._send(PROPOSAL_RECEIVED, "customer", proposal_id=proposal.pk)
        self._inbox(inbox.PROPOSAL_SUBMITTED, proposal, "customer")

    def proposal_accepted(self, proposal):
        self._send(PROPOSAL_ACCEPTED, "vendor", proposal_id=proposal.pk)

    def proposal_rejected(self, proposal):
        self._send(PROPOSAL_REJECTED, "vendor", proposal_id=proposal.pk)

    def proposal_changed(self, proposal):
        """The vendor changed a submitted proposal: the customer reads it again."""
        self._send(PROPOSAL_CHANGED, "customer", proposal_id=proposal.pk)
        self._inbox(inbox.PROPOSAL_CHANGED, proposal, "customer")

    def proposal_changes_requested(self, proposal, change):
        """The vendor reads what the customer wants changed, by e-mail and in
        their inbox."""
        self._send(
            PROPOSAL_CHANGES_REQUESTED,
            "vendor",
            proposal_id=proposal.pk,
            status_change_id=change.pk,
        )
        self.inbox_changes_requested(
            proposal, sender=change.user, note=change.note, status_change=change
        )

    def proposal_resubmitted(self, proposal):
        """The customer reads the new revision and what changed."""
        self._send(PROPOSAL_RESUBMITTED, "customer", proposal_id=proposal.pk)

    def milestone_ready(self, milestone):
        self._send(
            MILESTONE_READY,
            "customer",
            proposal_id=milestone.proposal_id,
            milestone_id=milestone.pk,
        )
        self._inbox(
            inbox.MILESTONE_READY, milestone.proposal, "customer", milestone=milestone
        )

    def milestone_paid(self, invoice, milestones=()):
        """The vendor hears of the order; the customer gets Oscar's order
        confirmation; the users of each sub-vendor of one of ``milestones``
        (the milestones the order paid, as checkout read them) hear of their
        milestone. All wait in the outbox with the order, written by one
        ``INSERT``: a process that dies after the commit still sends them,
        and placing the order renders no e-mail."""
        ids = {
            "proposal_id": invoice.proposal_id,
            "invoice_id": invoice.pk,
            "order_id": invoice.order_id,
        }
        self.outbox_class().add_all(
            [
                (MILESTONE_PAID, "vendor", ids),
                (ORDER_PLACED, OutboxService.ORDER_CUSTOMER, ids),
                *(
                    (
                        SUB_VENDOR_MILESTONE_PAID,
                        OutboxService.SUB_VENDOR,
                        {**ids, "milestone_id": milestone.pk},
                    )
                    for milestone in milestones
                    if milestone.sub_vendor_id
                ),
            ]
        )

    def milestone_refunded(self, order, proposal):
        """Customer and vendor each get the e-mail, with their own link."""
        for audience in ("customer", "vendor"):
            self._send(
                MILESTONE_REFUNDED, audience, proposal_id=proposal.pk, order_id=order.pk
            )

    def milestone_delivered(self, milestone, change):
        """The customer reads the vendor's note and answers the delivery."""
        self._milestone_event(MILESTONE_DELIVERED, "customer", milestone, change)
        self._milestone_inbox(inbox.MILESTONE_DELIVERED, "customer", milestone, change)

    def milestone_approved(self, milestone, change):
        self._milestone_event(MILESTONE_APPROVED, "vendor", milestone, change)

    def milestone_revision_requested(self, milestone, change):
        self._milestone_event(MILESTONE_REVISION, "vendor", milestone, change)
        self._milestone_inbox(
            inbox.MILESTONE_REVISION_REQUESTED, "vendor", milestone, change
        )

    def milestone_disputed(self, milestone, change):
        """The vendor hears the reason; shop staff, who decide, too."""
        self._milestone_event(MILESTONE_DISPUTED, "vendor", milestone, change)
        self._milestone_event(
            MILESTONE_DISPUTED, OutboxService.STAFF, milestone, change
        )
        self._milestone_inbox(inbox.MILESTONE_DISPUTED, "vendor", milestone, change)

    def dispute_resolved(self, milestone, change, amount_refunded=None):
        """Staff decided a dispute (``change`` is the decision, with their
        note): the customer and the vendor are told, and the sub-vendor the
        milestone was given to, if any. ``amount_refunded``: what the
        customer got back."""
        ids = {
            "proposal_id": milestone.proposal_id,
            "milestone_id": milestone.pk,
            "status_change_id": change.pk,
        }
        if amount_refunded:
            ids["amount_refunded"] = str(amount_refunded)
        audiences = ["customer", "vendor"]
        if milestone.sub_vendor_id:
            audiences.append(OutboxService.SUB_VENDOR)
        self.outbox_class().add_all(
            [(DISPUTE_RESOLVED, audience, ids) for audience in audiences]
        )

    def message_posted(self, message, audience):
        """A new message for ``audience`` (``customer``, ``vendor`` or
        ``staff``); the conversation service throttles how often."""
        self._send(
            MESSAGE_POSTED,
            audience,
            conversation_id=message.conversation_id,
            message_id=message.pk,
        )

    def milestone_auto_approve_reminder(self, milestone, change):
        """The customer has not answered the delivery (``change``): it will be
        approved automatically on ``milestone.auto_approve_date``."""
        self._milestone_event(
            MILESTONE_AUTO_APPROVE_REMINDER, "customer", milestone, change
        )

    def proposal_undercut(self, proposal):
        """The vendor's submitted proposal was the lowest and is no longer:
        another vendor's new or revised proposal is cheaper (bid notices
        ``"lowest"``). The e-mail never names the other amount."""
        self._send(PROPOSAL_UNDERCUT, "vendor", proposal_id=proposal.pk)

    def proposal_digest(self, digest, proposal_ids):
        """The customer's e-mail listing the day's new proposals
        (``digest``: the row that makes it go once)."""
        self._send(
            PROPOSAL_DIGEST,
            "customer",
            digest_id=digest.pk,
            proposal_ids=list(proposal_ids),
        )

    def project_posted(self, project, partners):
        """Each of ``partners`` may bid on the newly posted ``project``: one
        e-mail to each partner's users, all written by one ``INSERT``."""
        self.outbox_class().add_all(
            [
                (
                    PROJECT_POSTED,
                    "vendor",
                    {"project_id": project.pk, "partner_id": partner.pk},
                )
                for partner in partners
            ]
        )

    def project_digest(self, digest, project_ids):
        """The vendor's e-mail listing the day's new projects they may bid
        on (``digest``: the row that makes it go once)."""
        self._send(
            PROJECT_DIGEST,
            "vendor",
            digest_id=digest.pk,
            partner_id=digest.partner_id,
            project_ids=list(project_ids),
        )

    def vendors_invited(self, invitations):
        """Each invited vendor's users hear of the project, with a link to it
        in the dashboard: one message per invitation, one ``INSERT``."""
        self.outbox_class().add_all(
            [
                (VENDOR_INVITED, "vendor", {"invitation_id": invitation.pk})
                for invitation in invitations
            ]
        )

    def quote_requested(self, project):
        """The customer's quote request is posted as ``project``: they get
        the list of its products and the link to the project."""
        self._send(QUOTE_REQUESTED, "customer", quote_project_id=project.pk)

    def _milestone_event(self, event_code, audience, milestone, change):
        self._send(
            event_code,
            audience,
            proposal_id=milestone.proposal_id,
            milestone_id=milestone.pk,
            status_change_id=change.pk,
        )

    def _send(self, event_code, audience, **ids):
        self.outbox_class().add(event_code, audience, **ids)

    # Oscar's notifications inbox

    def notify_inbox(self, event_code, users, context, sender=None):
        """Put ``event_code``'s notification in the inbox of each of ``users``
        (users or primary keys), in the current transaction, one ``INSERT``
        for all; its words are ``oscar_bidding/inbox/<event_code>_subject.html``
        and ``_body.html`` rendered with ``context`` (``url``: the link to the
        object). For events of other parts of the shop: add the code to
        ``OSCAR_BIDDING_INBOX_EVENTS`` and write its two templates. Sends no
        e-mail. Returns the notifications."""
        return self.inbox_class().notify(event_code, users, context, sender=sender)

    def inbox_message_posted(self, conversation, audience, sender=None, **context):
        """A message was posted on ``conversation`` (a proposal's, or a
        question before any proposal): ``audience``, the other side
        (``"customer"`` or ``"vendor"``), finds it in their inbox; ``context``
        reaches the templates (``message``, say). Call it in the transaction
        that saves the message. The inbox only: the e-mail is the messaging's
        own."""
        return self._inbox(
            inbox.MESSAGE_POSTED, conversation, audience, sender=sender, **context
        )

    def inbox_changes_requested(self, proposal, sender=None, note="", **context):
        """The customer asked for changes to a submitted proposal: the
        vendor's users find ``note`` in their inbox. Call it in the
        transaction of the change. The inbox only: the e-mail is the change
        request's own."""
        return self._inbox(
            inbox.PROPOSAL_CHANGES_REQUESTED,
            proposal,
            "vendor",
            sender=sender,
            note=note,
            **context,
        )

    def _milestone_inbox(self, event_code, audience, milestone, change):
        self._inbox(
            event_code,
            milestone.proposal,
            audience,
            milestone=milestone,
            status_change=change,
        )

    def _inbox(self, event_code, about, audience, sender=None, **context):
        return self.inbox_class().notify_side(
            event_code, about, audience, context, sender=sender
        )
