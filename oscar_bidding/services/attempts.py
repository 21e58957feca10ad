"""Payment attempts: the intent to charge, written down before the gateway is called.

Checkout runs :meth:`PaymentAttemptService.begin` (committed before any money
moves), :meth:`~PaymentAttemptService.charge` (the gateway's answer committed
as soon as it comes) and :meth:`~PaymentAttemptService.mark_placed` (in the
order's transaction). A process killed between two of them leaves an attempt
"started" or "charged" without an order: the customer's retry, the
``bidding_reconcile_payments`` command or staff :meth:`settle` it — the gateway
is asked about the attempt's key, and the order is placed from the payment
already taken, or the attempt is marked failed, or it waits for a person.

A live process claims its attempt (:func:`~oscar_bidding.services.locking.claim`)
from ``begin`` to the end of the request, so nobody settles an attempt that
is still being worked on.
"""

import logging
from datetime import timedelta

from django.db import OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.apps.payment.exceptions import (
    TransactionDeclined,
    UnableToTakePayment,
    UserCancelled,
)
from oscar.core.loading import get_class, get_model

from oscar_bidding.conf import setting
from oscar_bidding.exceptions import BiddingError
from oscar_bidding.gateway import get_gateway
from oscar_bidding.services.locking import claim, lock, unclaim

Basket = get_model("basket", "Basket")
PaymentAttempt = get_model("bidding", "PaymentAttempt")
MilestonePaymentService = get_class(
    "bidding.services.payments", "MilestonePaymentService"
)
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
NoShippingRequired = get_class("shipping.methods", "NoShippingRequired")
Selector = get_class("partner.strategy", "Selector")

logger = logging.getLogger(__name__)

#: What a gateway raises when it refused the payment: nothing was taken.
DECLINED = (UnableToTakePayment, TransactionDeclined, UserCancelled)


class PaymentUnderWay(BiddingError):
    """An earlier attempt holds these milestones: do not charge them again."""


def describe(error):
    return f"{type(error).__name__}: {error}"


class PaymentAttemptService:
    payment_service_class = MilestonePaymentService
    strategy_selector_class = Selector
    shipping_method_class = NoShippingRequired
    total_calculator_class = OrderTotalCalculator
    order_creator_class = OrderCreator

    def __init__(self, gateway=None):
        self.gateway = gateway if gateway is not None else get_gateway()
        self.payments = self.payment_service_class()

    # Checkout ------------------------------------------------------------------

    def begin(self, basket, user, total, order_number):
        """Write down, committed, the attempt to charge ``total`` for the basket.

        Locks the milestones, checks they are payable and that ``total`` is
        exactly what they are due, and settles any unfinished attempt on them
        first. Returns a new started attempt, or this basket's charged one whose
        payment the order uses without charging again; either is claimed by
        this session until :meth:`release`, and carries the milestones it
        pays, as locked here, in ``payable``. ``order_number`` is called for a
        new attempt only. Raises ``BiddingError`` (nothing to pay) or
        :class:`PaymentUnderWay`.
        """
        claimed, refusal = [], None
        try:
            with transaction.atomic():
                milestones = self.payments.check_payable(basket)
                due = self._require_due(total, milestones)
                claimed = self._unfinished(basket, milestones)
                for earlier in claimed:
                    self.settle(earlier)
                    if self._pays(earlier, basket, milestones):
                        claimed.remove(earlier)
                        earlier.payable = milestones
                        return earlier
                    if earlier.is_open:
                        refusal = PaymentUnderWay(earlier.customer_message())
                        break
                else:
                    attempt = PaymentAttempt.objects.create(
                        basket_id=basket.id,
                        user=user if user.is_authenticated else None,
                        amount=due,
                        currency=total.currency,
                        order_number=order_number(),
                    )
                    attempt.milestones.add(*milestones)
                    attempt.payable = milestones
                    claim(attempt)
        finally:
            for earlier in claimed:
                unclaim(earlier)
        if refusal is not None:
            raise refusal  # what settling found is committed
        return attempt

    def _require_due(self, total, milestones):
        """Defence in depth: charge exactly what the milestones are due."""
        due = sum(m.amount_incl_tax for m in milestones)
        currency = milestones[0].proposal.currency
        if (total.incl_tax, total.currency) != (due, currency):
            raise BiddingError(
                _(
                    "The amount to pay (%(total)s %(currency)s) is not what the "
                    "milestones are due (%(due)s %(due_currency)s): nothing was "
                    "charged."
                )
                % {
                    "total": total.incl_tax,
                    "currency": total.currency,
                    "due": due,
                    "due_currency": currency,
                }
            )
        return due

    def charge(self, attempt, take_payment):
        """Call the gateway (``take_payment()`` returns its reference) for a
        started attempt, and commit its answer before anything else happens.

        The caller claims the attempt (:meth:`begin`): nobody else changes it
        meanwhile. Declined: the attempt is declined and the gateway's error
        raised for the customer. Any other error leaves it started, with the
        error: the gateway is asked later whether the money was taken.
        """
        if attempt.status != PaymentAttempt.STARTED:
            raise UnableToTakePayment(attempt.customer_message())
        try:
            reference = take_payment()
        except DECLINED as error:
            self._set(attempt, PaymentAttempt.DECLINED, error=str(error))
            raise
        except Exception as error:
            self._set(attempt, PaymentAttempt.STARTED, error=describe(error))
            raise
        self._set(attempt, PaymentAttempt.CHARGED, reference=reference or "")
        return attempt

    def mark_placed(self, attempt, order, resolution=""):
        """In the order's transaction: the attempt's payment paid ``order``.

        A ``resolution`` says who finished an attempt its own checkout left
        unfinished; staff see it under "Payments to reconcile".
        """
        fields = {
            "status": PaymentAttempt.PLACED,
            "order": order,
            "order_number": order.number,
            "date_updated": timezone.now(),
        }
        if resolution:
            fields.update(resolution=resolution, date_resolved=timezone.now())
        placed = PaymentAttempt.objects.filter(
            pk=attempt.pk, status=PaymentAttempt.CHARGED
        ).update(**fields)
        if not placed:  # the database refuses what another process changed
            raise BiddingError(_("This payment was changed meanwhile: try again."))
        for name, value in fields.items():
            setattr(attempt, name, value)
        return attempt

    def record_error(self, attempt, error):
        """The order of a charged attempt could not be placed: keep why, for the
        customer's retry and for staff."""
        PaymentAttempt.objects.filter(
            pk=attempt.pk, status=PaymentAttempt.CHARGED
        ).update(error=describe(error), date_updated=timezone.now())

    def release(self, attempt):
        """The request that claimed ``attempt`` is done with it."""
        unclaim(attempt)

    # Settling what a process left unfinished ------------------------------------

    def settle(self, attempt):
        """Ask the gateway what became of a started attempt, and record it.

        Runs in a transaction, on an attempt locked and claimed by the caller.
        Charged: the order can be placed from it. Nothing taken: failed. The
        gateway cannot say: a person must look.
        """
        if attempt.status != PaymentAttempt.STARTED:
            return attempt
        try:
            answer = self.gateway.payment_status(attempt.key)
        except Exception:  # the gateway is down: ask again next time
            logger.exception("Payment attempt %s: no status", attempt.key)
            return attempt
        if answer == self.gateway.CHARGED:
            self._set(attempt, PaymentAttempt.CHARGED)
        elif answer == self.gateway.DECLINED:
            self._set(attempt, PaymentAttempt.FAILED)
        else:
            self._set(
                attempt,
                PaymentAttempt.NEEDS_ATTENTION,
                error=_(
                    "The checkout stopped before the gateway's answer was recorded, "
                    "and the gateway cannot say whether it took the payment."
                ),
            )
        return attempt

    def reconcile(self, after=None):
        """Settle every attempt left started or charged without an order for
        ``after`` seconds (``OSCAR_BIDDING_RECONCILE_AFTER``): place its order,
        mark it failed or leave it to staff. Skips attempts a live process
        claims. Returns the attempts it settled."""
        if after is None:
            after = setting("OSCAR_BIDDING_RECONCILE_AFTER")
        pending = PaymentAttempt.objects.filter(
            status__in=[PaymentAttempt.STARTED, PaymentAttempt.CHARGED],
            date_updated__lte=timezone.now() - timedelta(seconds=after),
        ).order_by("pk")
        settled = []
        for attempt in pending:
            if not claim(attempt):
                continue
            try:
                with transaction.atomic():
                    attempt = lock(attempt)
                    self.settle(attempt)
                if attempt.status == PaymentAttempt.CHARGED:
                    try:
                        self.place_order(
                            attempt,
                            _(
                                "Order %(number)s was placed with this payment by "
                                "the reconciliation of payments."
                            ),
                        )
                    except BiddingError:  # left to staff, with the reason
                        attempt.refresh_from_db()
                settled.append(attempt)
            finally:
                unclaim(attempt)
        return settled

    def place_order(self, attempt, resolution):
        """Place the order a charged attempt paid, outside checkout, charging
        nothing; ``resolution`` has a ``%(number)s`` for the order number.

        Anything that stops the order (the basket changed, a milestone was paid
        meanwhile) leaves the attempt to staff, with the reason.
        """
        try:
            with transaction.atomic():
                order = self._place_order(attempt, resolution)
        except Exception as error:
            logger.exception("Payment attempt %s: order not placed", attempt.key)
            self.needs_attention(attempt, describe(error))
            raise BiddingError(
                _("The order could not be placed: %(error)s") % {"error": error}
            ) from error
        return order

    def needs_attention(self, attempt, error):
        """Money may have been taken and no order placed: for staff to reconcile."""
        with transaction.atomic():
            attempt = lock(attempt)
            if attempt.status in (PaymentAttempt.STARTED, PaymentAttempt.CHARGED):
                self._set(attempt, PaymentAttempt.NEEDS_ATTENTION, error=error)
        return attempt

    # Staff -----------------------------------------------------------------------

    def resolve(self, attempt, action, resolution):
        """Staff act on a payment to reconcile, saying what they did.

        ``action``: ``"place"`` (the payment was taken: place the order from
        it), ``"fail"`` (nothing was taken) or ``"resolve"`` (reconciled by
        hand: refunded, settled elsewhere).
        """
        if not claim(attempt):
            raise PaymentUnderWay(_("This payment is being worked on: try again."))
        try:
            if action == "place":
                with transaction.atomic():
                    attempt = lock(attempt)
                    self._require_to_reconcile(attempt)
                    self._set(attempt, PaymentAttempt.CHARGED)
                self.place_order(attempt, resolution.replace("%", "%%"))
                return attempt
            with transaction.atomic():
                attempt = lock(attempt)
                self._require_to_reconcile(attempt)
                attempt.resolution = resolution
                attempt.date_resolved = timezone.now()
                self._set(
                    attempt,
                    PaymentAttempt.FAILED
                    if action == "fail"
                    else PaymentAttempt.RESOLVED,
                )
            return attempt
        finally:
            unclaim(attempt)

    # Helpers ------------------------------------------------------------------------

    def _unfinished(self, basket, milestones):
        """The open attempts on the basket or ``milestones``, locked and
        claimed; refuses when a live process holds one."""
        try:
            attempts = {
                a.pk: a
                for a in PaymentAttempt.objects.select_for_update(
                    nowait=True, of=("self",)
                )
                .filter(
                    Q(milestones__in=milestones) | Q(basket_id=basket.id),
                    status__in=PaymentAttempt.OPEN_STATUSES,
                )
                .prefetch_related("milestones")
                .order_by("pk")
            }
        except OperationalError as error:  # another process is changing it
            raise PaymentUnderWay(
                PaymentAttempt(status=PaymentAttempt.STARTED).customer_message()
            ) from error
        claimed = []
        for attempt in attempts.values():
            if not claim(attempt):
                for other in claimed:
                    unclaim(other)
                raise PaymentUnderWay(attempt.customer_message())
            claimed.append(attempt)
        return claimed

    def _pays(self, attempt, basket, milestones):
        """Whether the basket's order can use ``attempt``'s payment as it is."""
        return (
            attempt.status == PaymentAttempt.CHARGED
            and attempt.basket_id == basket.id
            and attempt.amount == sum(m.amount_incl_tax for m in milestones)
            and {m.pk for m in attempt.milestones.all()} == {m.pk for m in milestones}
        )

    def _place_order(self, attempt, resolution):
        attempt = lock(attempt)
        if attempt.status != PaymentAttempt.CHARGED:
            raise BiddingError(attempt.customer_message())
        basket = Basket._default_manager.get(pk=attempt.basket_id)
        basket.strategy = self.strategy_selector_class().strategy(user=attempt.user)
        shipping_method = self.shipping_method_class()
        shipping_charge = shipping_method.calculate(basket)
        total = self.total_calculator_class().calculate(basket, shipping_charge)
        if total.incl_tax != attempt.amount:
            raise BiddingError(_("The basket no longer adds up to the payment."))
        order = self.order_creator_class().place_order(
            basket=basket,
            total=total,
            shipping_method=shipping_method,
            shipping_charge=shipping_charge,
            user=attempt.user,
            order_number=attempt.order_number,
            status=setting("OSCAR_BIDDING_PAID_ORDER_STATUS"),
        )
        self.payments.record_payment(order, basket, charged=attempt.amount)
        basket.submit()
        self.mark_placed(attempt, order, resolution % {"number": order.number})
        return order

    def _require_to_reconcile(self, attempt):
        if attempt.status not in PaymentAttempt.OPEN_STATUSES:
            raise BiddingError(_("This payment is already reconciled."))

    def _set(self, attempt, status, **fields):
        attempt.status = status
        for name, value in fields.items():
            setattr(attempt, name, value)
        attempt.save()
