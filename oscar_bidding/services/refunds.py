"""Refunding milestone payments: a deliberate staff action, through the gateway.

The one way money goes back for a milestone. Staff reach it from the proposal
page of the bidding dashboard (one payment, with a reason) or by moving the
order to one of ``OSCAR_BIDDING_REFUND_ORDER_STATUSES`` in Oscar's order
dashboard (every payment of the order). The shop's gateway returns the money
(:meth:`oscar_bidding.gateway.PaymentGateway.refund`); the order gets an Oscar
payment event and each payment says who refunded it, when, why, and the
gateway's reference.

What a refund does to a milestone (docs/concepts.rst):

- paid, not delivered: ready to pay again, so the customer may pay it again;
- completed (delivered): stays completed; only its payment is refunded.

Either way the milestone's and the proposal's amount paid drop by the amount
refunded, so they stay the sum of what their payments kept (``amount -
amount_refunded``), and the proposal keeps its status: every state it can end
in is one the other services handle.

Staff deciding a dispute refund all or part of a milestone's payment with
:meth:`RefundService.refund_milestone`, which leaves the milestone's status to
the decision (``bidding.services.disputes``).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from oscar.core.loading import get_class, get_model
from oscar.templatetags.currency_filters import currency as format_currency

from oscar_bidding import lifecycle
from oscar_bidding.exceptions import BiddingError
from oscar_bidding.gateway import get_gateway_class
from oscar_bidding.services.locking import lock

Milestone = get_model("bidding", "Milestone")
MilestonePayment = get_model("bidding", "MilestonePayment")
PaymentEventType = get_model("order", "PaymentEventType")
PaymentAttempt = get_model("bidding", "PaymentAttempt")
Notifier = get_class("bidding.notifications", "Notifier")
lines_by_milestone = get_class("bidding.order_lines", "lines_by_milestone")
quantize = get_class("bidding.money", "quantize")


class RefundService:
    #: The gateway that returns the money; ``None``: the shop's
    #: ``OSCAR_BIDDING_PAYMENT_GATEWAY``, as checkout charges through it.
    gateway_class = None
    notifier_class = Notifier

    #: The Oscar payment event type of a refund, made on first use as Oscar's
    #: checkout makes its own event types.
    event_type_name = "Refunded"

    def __init__(self):
        self.gateway = (self.gateway_class or get_gateway_class())()
        self.notifier = self.notifier_class()

    def refund_payment(self, payment, user, reason):
        """Give back one milestone payment (a row of the Payment History)."""
        refunded = self._refund(
            payment.order,
            MilestonePayment.objects.filter(pk=payment.pk),
            user,
            reason,
        )
        if not refunded:
            raise BiddingError(_("This payment is already refunded."))
        return refunded[0]

    def refund_order(self, order, user, reason):
        """Give back every milestone payment of ``order`` still paid.

        Returns the payments refunded: none for an order that paid no
        milestone, or whose payments are already refunded.
        """
        return self._refund(order, order.milestone_payments.all(), user, reason)

    def _refund(self, order, payments, user, reason):
        """Lock, check, change and record, the gateway last: its refusal
        (Oscar's ``PaymentError``) rolls everything back. The payments still
        paid are found under their lock, so a refund runs once however many
        requests ask for it."""
        reason = reason.strip()
        with transaction.atomic():
            payments = list(
                payments.select_for_update()
                .filter(status=MilestonePayment.PAID)
                .select_related("milestone__proposal")
                .order_by("milestone__number")
            )
            if not payments:
                return []
            if not user.is_staff:
                raise BiddingError(_("Only shop staff can refund a milestone payment."))
            if not reason:
                raise BiddingError(_("Say why the payment is refunded."))
            self.check_not_disputed(payment.milestone for payment in payments)
            proposal = lock(payments[0].milestone.proposal)
            now = timezone.now()
            # What a partial refund (a dispute's decision) left.
            amount = sum(payment.refundable for payment in payments)
            for payment in payments:
                self._undo(lock(payment.milestone), payment, user, reason)
                payment.amount_refunded = payment.amount
                payment.status = MilestonePayment.REFUNDED
                payment.date_refunded = now
                payment.refunded_by = user
                payment.refund_reason = reason
            proposal.amount_paid -= amount
            proposal.save(update_fields=["amount_paid", "date_updated"])
            reference = self.gateway.refund(
                order_number=order.number,
                amount=amount,
                currency=order.currency,
                reason=reason,
                key=PaymentAttempt.objects.filter(order=order)
                .values_list("key", flat=True)
                .first(),
            )
            for payment in payments:
                payment.refund_reference = reference or ""
                payment.save(
                    update_fields=[
                        "status",
                        "amount_refunded",
                        "date_refunded",
                        "refunded_by",
                        "refund_reason",
                        "refund_reference",
                    ]
                )
            self._record_event(order, payments, amount, reference or "")
            self.notifier.milestone_refunded(order, proposal)
        return payments

    def check_not_disputed(self, milestones):
        """A disputed milestone's money is the dispute's decision
        (:meth:`refund_milestone`, called by ``bidding.services.disputes``):
        refunding it here would leave the dispute open over money gone."""
        disputed = [m.number for m in milestones if m.status == Milestone.DISPUTED]
        if disputed:
            raise BiddingError(self.disputed_message(disputed))

    @staticmethod
    def disputed_message(numbers):
        return ngettext(
            "Milestone %(numbers)s is disputed: decide its dispute in "
            "Marketplace Management > Disputes, which can refund it.",
            "Milestones %(numbers)s are disputed: decide their disputes in "
            "Marketplace Management > Disputes, which can refund them.",
            len(numbers),
        ) % {"numbers": ", ".join(str(number) for number in numbers)}

    def _undo(self, milestone, payment, user, reason):
        """The state rule: a milestone not yet delivered can be paid again; a
        delivered one stays completed. Either way the timeline records it."""
        milestone.amount_paid -= payment.refundable
        note = _("Refunded %(amount)s: %(reason)s") % {
            "amount": format_currency(payment.refundable, payment.currency),
            "reason": reason,
        }
        if milestone.status == Milestone.PAID:
            milestone.date_paid = None
            milestone.set_status(
                Milestone.READY_TO_PAY,
                user=user,
                role=lifecycle.STAFF,
                note=note,
                update_fields=["amount_paid", "date_paid"],
            )
        else:
            milestone.save(update_fields=["amount_paid"])
            lifecycle.record_transition(
                milestone,
                milestone.status,
                milestone.status,
                user=user,
                role=lifecycle.STAFF,
                note=note,
            )

    def refund_milestone(self, milestone, amount, user, reason):
        """Give back ``amount`` of what ``milestone`` was paid: all that is
        left of its payment, or a part. Returns the payment.

        For a dispute's decision (``bidding.services.disputes``): the caller
        holds the locks of the project, the proposal and the milestone, in
        that order, and changes the milestone's status itself, so that the
        decision is one audit row. Bad input (no payment left, an amount not
        above zero, above what is left or with more decimals than the
        currency has) raises :class:`BiddingError` before anything changes.
        The gateway is called last: its refusal rolls everything back.

        A part refunded leaves the payment paid, with ``amount_refunded``; the
        rest refunded makes it refunded. The milestone's and the proposal's
        amount paid drop by ``amount``; the order gets Oscar's "Refunded"
        payment event for ``amount`` (with the milestone's lines only when the
        refund is whole: a part of the money is no part of a line).
        """
        reason = (reason or "").strip()
        if not user.is_staff:
            raise BiddingError(_("Only shop staff can refund a milestone payment."))
        if not reason:
            raise BiddingError(_("Say why the payment is refunded."))
        payment = (
            milestone.payments.select_for_update()
            .filter(status=MilestonePayment.PAID)
            .select_related("order")
            .first()
        )
        if payment is None:
            raise BiddingError(_("This milestone has no payment left to refund."))
        self.check_amount(payment, amount)
        now = timezone.now()
        payment.amount_refunded += amount
        whole = payment.amount_refunded == payment.amount
        if whole:
            payment.status = MilestonePayment.REFUNDED
        payment.date_refunded = now
        payment.refunded_by = user
        payment.refund_reason = reason
        milestone.amount_paid -= amount
        milestone.save(update_fields=["amount_paid"])
        proposal = milestone.proposal
        proposal.amount_paid -= amount
        proposal.save(update_fields=["amount_paid", "date_updated"])
        order = payment.order
        reference = self.gateway.refund(
            order_number=order.number,
            amount=amount,
            currency=order.currency,
            reason=reason,
            key=PaymentAttempt.objects.filter(order=order)
            .values_list("key", flat=True)
            .first(),
        )
        payment.refund_reference = reference or ""
        payment.save(
            update_fields=[
                "status",
                "amount_refunded",
                "date_refunded",
                "refunded_by",
                "refund_reason",
                "refund_reference",
            ]
        )
        self._record_event(order, [payment], amount, reference or "", lines=whole)
        return payment

    def check_amount(self, payment, amount):
        """Refuse an amount that is not a positive amount of the payment's
        currency no larger than what is left to refund."""
        if amount is None or amount <= 0:
            raise BiddingError(_("Refund an amount above zero."))
        if amount != quantize(amount, payment.currency):
            raise BiddingError(
                _("Refund an amount in %(currency)s: %(amount)s has too many decimals.")
                % {"currency": payment.currency, "amount": amount}
            )
        if amount > payment.refundable:
            raise BiddingError(
                _("You can refund at most %(amount)s: what is left of the payment.")
                % {"amount": format_currency(payment.refundable, payment.currency)}
            )

    def _record_event(self, order, payments, amount, reference, lines=True):
        """Oscar's payment event on the order, with the lines of the milestones
        refunded (``lines``): the order dashboard's Payments tab shows it."""
        event_type, _created = PaymentEventType.objects.get_or_create(
            name=self.event_type_name
        )
        event = order.payment_events.create(
            event_type=event_type, amount=amount, reference=reference
        )
        if not lines:
            return event
        refunded = {payment.milestone.number for payment in payments}
        event.line_quantities.bulk_create(
            [
                event.line_quantities.model(
                    event=event, line=line, quantity=line.quantity
                )
                for line, milestone in lines_by_milestone(
                    list(order.lines.order_by("pk")), order.bidding_invoice
                )
                if milestone in refunded
            ]
        )
        return event
