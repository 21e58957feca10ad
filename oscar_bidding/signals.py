"""Signals of oscar_bidding."""

from django.dispatch import Signal

#: Sent by checkout at each step of a milestone payment, with ``step`` (one of
#: ``PAYMENT_STEPS``) and ``attempt`` (``None`` before it is written). For
#: tracing; the test suite also uses it to kill a checkout at each step
#: (``tests/crash/``). Receivers run inside the payment: keep them quick.
payment_step = Signal()

#: The steps, in order: the attempt is about to be written; it is committed
#: (nothing charged yet); the gateway answered "charged" (not yet recorded);
#: the order's rows are written (not yet committed); the order is committed
#: (the response is not sent yet).
BEFORE_ATTEMPT = "before-attempt"
ATTEMPT_WRITTEN = "attempt-written"
GATEWAY_CHARGED = "gateway-charged"
ORDER_WRITTEN = "order-written"
ORDER_COMMITTED = "order-committed"
PAYMENT_STEPS = (
    BEFORE_ATTEMPT,
    ATTEMPT_WRITTEN,
    GATEWAY_CHARGED,
    ORDER_WRITTEN,
    ORDER_COMMITTED,
)


# Lifecycle signals: one per transition, sent after the transaction that made
# it commits (never for a rolled-back change), so a receiver may e-mail, call
# another system or enqueue a task. Each is sent with ``sender`` (the model
# class), ``instance`` (the project, proposal or milestone), ``user`` (who made
# the change, ``None`` for the system), ``role`` (``customer``, ``vendor``,
# ``staff`` or ``system``), ``old_status``, ``new_status`` and ``note``.
# docs/signals.rst lists which transition sends which signal.

#: Every transition of a project, proposal or milestone, besides its own signal.
status_changed = Signal()

project_posted = Signal()
project_awarded = Signal()
project_completed = Signal()
project_cancelled = Signal()
project_closed = Signal()

proposal_created = Signal()
proposal_submitted = Signal()
proposal_accepted = Signal()
proposal_rejected = Signal()
proposal_withdrawn = Signal()
proposal_declined = Signal()
proposal_completed = Signal()
proposal_cancelled = Signal()
#: The customer asked for changes to a submitted proposal (``note``: what).
proposal_changes_requested = Signal()
#: The vendor submitted the proposal again after changes were requested (a
#: new revision); sent instead of ``proposal_submitted``.
proposal_resubmitted = Signal()

milestone_ready = Signal()
milestone_paid = Signal()
milestone_delivered = Signal()
milestone_revision_requested = Signal()
milestone_disputed = Signal()
#: The customer approved a delivered milestone (or staff decided a dispute for
#: the vendor): it is completed.
milestone_approved = Signal()
#: Deprecated: the same signal as ``milestone_approved``, its name before a
#: milestone needed the customer's approval.
milestone_completed = milestone_approved
milestone_refunded = Signal()
milestone_cancelled = Signal()

#: Shop staff decided a dispute, sent once the decision commits (besides the
#: milestone's own transition signal: ``milestone_approved`` for a milestone
#: completed, ``milestone_refunded`` for one refunded in full). Sent with
#: ``sender`` (the milestone model), ``instance`` (the milestone), ``user``
#: (the staff member), ``decision`` (``"approved"``, ``"partly_refunded"`` or
#: ``"refunded"``), ``amount_refunded`` (a ``Decimal``, 0 when approved),
#: ``payment`` (the payment refunded, or ``None``) and ``note``.
dispute_resolved = Signal()
#: A message was posted in a conversation; sent after the transaction that
#: wrote it commits, with ``sender`` (the Message class), ``instance`` (the
#: message, its files written), ``conversation``, ``user`` (the author) and
#: ``role`` (``customer``, ``vendor`` or ``staff``).
message_posted = Signal()
#: A vendor accepted a project's terms and conditions on submitting a proposal
#: (:class:`oscar_bidding.services.terms.TermsAcceptance`). Sent after the
#: submission commits, with ``sender`` (the proposal model), ``instance`` (the
#: proposal: ``accepted_terms``, ``terms_hash``, ``terms_accepted_by``,
#: ``date_terms_accepted``), ``user`` and ``terms_hash``.
proposal_terms_accepted = Signal()
#: Vendors were invited to a project
#: (:class:`oscar_bidding.services.invitations.InvitationService`). Sent
#: after the transaction that wrote the invitations commits, with
#: ``sender`` (the Invitation model), ``project``, ``invitations`` (the new
#: ones; a vendor invited before is not in it again) and ``user`` (who
#: invited, ``None`` for the system).
vendors_invited = Signal()

#: A customer's quote request was posted as a project (Omnyfy's product mode).
#: Sent after the transaction commits, with ``sender`` (the Project class),
#: ``instance`` (the project), ``items`` (its ``QuoteItem`` rows, in order),
#: ``partners`` (the stocking vendors invited) and ``user`` (the customer).
quote_requested = Signal()
