"""Milestone payments in Oscar's checkout; mix into a ``PaymentDetailsView``.

Shipping needs nothing here: milestone lines use a product class that requires
no shipping, and Oscar's checkout then skips the shipping steps by itself.

A milestone payment runs in separate commits, so that a process killed at any
point leaves a record of it (:mod:`oscar_bidding.services.attempts`): the
attempt is written down, then the gateway charges it, then the order is placed.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class

from oscar_bidding import signals
from oscar_bidding.conf import setting
from oscar_bidding.exceptions import BiddingError
from oscar_bidding.gateway import get_gateway_class

MilestonePaymentService = get_class(
    "bidding.services.payments", "MilestonePaymentService"
)
PaymentAttemptService = get_class("bidding.services.attempts", "PaymentAttemptService")
PaymentUnderWay = get_class("bidding.services.attempts", "PaymentUnderWay")
UnableToPlaceOrder = get_class("order.exceptions", "UnableToPlaceOrder")


class MilestoneCheckoutMixin:
    payment_service_class = MilestonePaymentService
    attempt_service_class = PaymentAttemptService
    #: The gateway that charges milestones; ``None``: the shop's
    #: ``OSCAR_BIDDING_PAYMENT_GATEWAY``.
    gateway_class = None

    #: The payment attempt of this submission, once written down.
    attempt = None
    #: Whether an earlier request took the attempt's payment (the order uses it).
    paid_earlier = False

    unplaced_message = _(
        "Your payment was received, but the order could not be placed. Our staff "
        "have been told. Please place the order again: you will not be charged twice."
    )
    placed_on_retry = _(
        "Order %(number)s was placed with this payment when the customer tried again."
    )

    @method_decorator(transaction.non_atomic_requests)
    def dispatch(self, request, *args, **kwargs):
        """Out of ``ATOMIC_REQUESTS``: the attempt must be committed before the
        gateway is called, not when the page answers, or a process killed in
        between forgets the money it took."""
        return super().dispatch(request, *args, **kwargs)

    def get_gateway(self):
        return (self.gateway_class or get_gateway_class())()

    def get_attempt_service(self):
        if getattr(self, "_attempt_service", None) is None:
            self._attempt_service = self.attempt_service_class(
                gateway=self.get_gateway()
            )
        return self._attempt_service

    # The gateway's form on the payment step --------------------------------------

    def get_payment_form(self, data=None):
        """The gateway's form (a card number…) for a milestone basket, or ``None``."""
        form_class = self.get_gateway().form_class
        if form_class is None or not self.request.basket.milestone_locked:
            return None
        return form_class(data)

    def get_context_data(self, **kwargs):
        if "payment_form" not in kwargs:
            kwargs["payment_form"] = self.get_payment_form()
        return super().get_context_data(**kwargs)

    def handle_payment_details_submission(self, request):
        form = self.get_payment_form(request.POST)
        if form is None:
            return super().handle_payment_details_submission(request)
        if not form.is_valid():
            return self.render_payment_details(request, payment_form=form)
        return self.render_preview(request, payment_form=form)

    def handle_place_order_submission(self, request):
        form = self.get_payment_form(request.POST)
        if form is None:
            return super().handle_place_order_submission(request)
        if not form.is_valid():
            return self.render_payment_details(request, payment_form=form)
        submission = self.build_submission()
        submission["payment_kwargs"]["payment_form"] = form
        return self.submit(**submission)

    # Taking the payment ------------------------------------------------------------

    def submit(self, user, basket, *args, **kwargs):
        """Write the payment attempt down before any money moves.

        The attempt is committed first, with the milestones re-checked under a
        row lock: a second tab, a double click or a retry finds it and is
        refused, or, when an earlier request was charged but stopped before its
        order, places the order with that payment.
        """
        if not basket.milestone_locked:
            return super().submit(user, basket, *args, **kwargs)
        service = self.get_attempt_service()
        self.send_payment_step(signals.BEFORE_ATTEMPT)
        try:
            self.attempt = service.begin(
                basket,
                user,
                kwargs["order_total"],
                lambda: super(MilestoneCheckoutMixin, self).generate_order_number(
                    basket
                ),
            )
        except PaymentUnderWay as error:
            messages.info(self.request, str(error))
            return redirect("basket:summary")
        except BiddingError as error:
            self.payment_service_class().release(basket)
            messages.error(self.request, str(error))
            return redirect("basket:summary")
        try:
            self.paid_earlier = self.attempt.status == self.attempt.CHARGED
            self.send_payment_step(signals.ATTEMPT_WRITTEN)
            self.handle_payment = self.charge_attempt(service, self.handle_payment)
            return super().submit(user, basket, *args, **kwargs)
        finally:
            service.release(self.attempt)

    def charge_attempt(self, service, handle_payment):
        """Run the payment step (the gateway, or the shop's own
        ``handle_payment``) for the attempt, its answer committed at once; an
        attempt an earlier request charged is not charged again."""

        def take_payment(order_number, total, **kwargs):
            if self.paid_earlier:
                return

            def call_gateway():
                reference = handle_payment(order_number, total, **kwargs)
                self.send_payment_step(signals.GATEWAY_CHARGED)
                return reference

            self.attempt = service.charge(self.attempt, call_gateway)

        return take_payment

    def handle_payment(self, order_number, total, **kwargs):
        """Charge a milestone payment through the gateway, with the attempt's key.

        Other baskets go to the shop's own ``handle_payment`` (Oscar's does
        nothing). A shop whose ``handle_payment`` charges milestones itself
        passes ``self.attempt.key`` to its gateway as the idempotency key.
        """
        if self.attempt is None:
            return super().handle_payment(order_number, total, **kwargs)
        form = kwargs.get("payment_form")
        return self.get_gateway().charge(
            key=self.attempt.key,
            amount=total.incl_tax,
            currency=total.currency,
            order_number=order_number,
            user=self.request.user,
            **(form.cleaned_data if form is not None else {}),
        )

    def generate_order_number(self, basket):
        if self.attempt is not None:
            return self.attempt.order_number
        return super().generate_order_number(basket)

    def freeze_basket(self, basket):
        """A milestone basket is locked already, and its open attempt stops a
        second payment: frozen, it would vanish from a customer whose checkout
        was killed mid-payment."""
        if self.attempt is None:
            super().freeze_basket(basket)

    def restore_frozen_basket(self):
        if self.attempt is None:
            super().restore_frozen_basket()

    # Placing the order ---------------------------------------------------------------

    def check_basket_is_valid(self, request):
        """A milestone basket is valid as its milestones are, which the payment
        attempt re-checks under a lock: its lines are priced and available from
        their items (:mod:`oscar_bidding.pricing`), so asking the shop's strategy
        would only read the shared product's stock record once per line."""
        if not request.basket.milestone_locked:
            super().check_basket_is_valid(request)

    def handle_order_placement(self, order_number, user, basket, *args, **kwargs):
        """Place the order, all of it or nothing.

        Everything after payment runs in one transaction, Oscar's confirmation
        included: a failure leaves no order behind, so a retry of the same
        basket gets its order number again instead of "There is already an
        order with number ..." (django-oscar issues 3768 and 4246). The charged
        attempt stays, with the error, for the retry and for staff.
        """
        if self.attempt is None:
            return super().handle_order_placement(
                order_number, user, basket, *args, **kwargs
            )
        service = self.get_attempt_service()
        try:
            with transaction.atomic():
                response = super().handle_order_placement(
                    order_number, user, basket, *args, **kwargs
                )
        except Exception as error:
            service.record_error(self.attempt, error)
            raise UnableToPlaceOrder(self.unplaced_message) from error
        self.send_payment_step(signals.ORDER_COMMITTED)
        return response

    def place_order(self, basket, **kwargs):
        """Place the order and record the milestone payment, in the transaction
        of :meth:`handle_order_placement`."""
        if self.attempt is None:
            return super().place_order(basket=basket, **kwargs)
        order = super().place_order(basket=basket, **kwargs)
        self.payment_service_class().record_payment(
            order, basket, self.attempt.payable, charged=self.attempt.amount
        )
        self.attempt = self.get_attempt_service().mark_placed(
            self.attempt,
            order,
            self.placed_on_retry % {"number": order.number}
            if self.paid_earlier
            else "",
        )
        self.send_payment_step(signals.ORDER_WRITTEN)
        return order

    def send_order_placed_email(self, order):
        """A milestone order's confirmation is written to the outbox with the
        order (:meth:`Notifier.milestone_paid`), and sent after the commit."""
        if self.attempt is None:
            super().send_order_placed_email(order)

    def get_initial_order_status(self, basket):
        if basket.milestone_locked:
            return setting("OSCAR_BIDDING_PAID_ORDER_STATUS")
        return super().get_initial_order_status(basket)

    def send_payment_step(self, step):
        signals.payment_step.send(sender=type(self), step=step, attempt=self.attempt)
