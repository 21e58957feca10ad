"""Milestone payments in Oscar's checkout; mix into a ``PaymentDetailsView``.

Shipping needs nothing here: milestone lines use a product class that requires
no shipping, and Oscar's checkout then skips the shipping steps by itself.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class

from oscar_bidding.conf import setting
from oscar_bidding.exceptions import BiddingError

MilestonePaymentService = get_class(
    "bidding.services.payments", "MilestonePaymentService"
)
PaymentIncidentService = get_class(
    "bidding.services.incidents", "PaymentIncidentService"
)
UnableToPlaceOrder = get_class("order.exceptions", "UnableToPlaceOrder")


class MilestoneCheckoutMixin:
    payment_service_class = MilestonePaymentService
    incident_service_class = PaymentIncidentService

    #: What the gateway took in this request: the order total, a ``Price``.
    payment_taken = None
    #: The incident whose payment, taken by an earlier attempt, pays this order.
    earlier_payment = None

    unplaced_message = _(
        "Your payment was received, but the order could not be placed. Our staff "
        "have been told. Please place the order again: you will not be charged twice."
    )

    def submit(self, user, basket, *args, **kwargs):
        """Take payment for a milestone basket only while its milestones stay locked.

        The milestones are re-checked under a row lock held until the order is
        placed, so a second tab or a double click waits, then finds them paid
        and is refused before any payment is taken.
        """
        if not basket.milestone_locked:
            return super().submit(user, basket, *args, **kwargs)
        service = self.payment_service_class()
        with transaction.atomic():
            try:
                service.check_payable(basket)
            except BiddingError as error:
                refused = error
            else:
                self.handle_payment = self.charge_once(self.handle_payment, basket)
                return super().submit(user, basket, *args, **kwargs)
        service.release(basket)
        messages.error(self.request, str(refused))
        return redirect("basket:summary")

    def charge_once(self, handle_payment, basket):
        """Wrap the shop's gateway (``handle_payment``) so that a retry does not
        charge again a payment taken for an order that was not placed."""

        def take_payment(order_number, total, **kwargs):
            incidents = self.incident_service_class()
            self.earlier_payment = incidents.unplaced_payment(basket, total)
            if self.earlier_payment is None:
                handle_payment(order_number, total, **kwargs)
                self.payment_taken = total

        return take_payment

    def handle_order_placement(self, order_number, user, basket, *args, **kwargs):
        """Place the order, all of it or nothing; record a payment left without order.

        Everything after payment runs in one transaction, Oscar's confirmation
        included: a failure leaves no order behind, so a retry of the same
        basket gets its order number again instead of "There is already an
        order with number ..." (django-oscar issues 3768 and 4246). The
        incident is written once that transaction has rolled back.
        """
        if not basket.milestone_locked:
            return super().handle_order_placement(
                order_number, user, basket, *args, **kwargs
            )
        try:
            with transaction.atomic():
                return super().handle_order_placement(
                    order_number, user, basket, *args, **kwargs
                )
        except Exception as error:
            if self.payment_taken is not None:
                self.incident_service_class().record(
                    order_number, basket, user, self.payment_taken, error
                )
            raise UnableToPlaceOrder(self.unplaced_message) from error

    def place_order(self, basket, **kwargs):
        """Place the order and record the milestone payment in one transaction."""
        if not basket.milestone_locked:
            return super().place_order(basket=basket, **kwargs)
        with transaction.atomic():
            order = super().place_order(basket=basket, **kwargs)
            self.payment_service_class().record_payment(order, basket)
            if self.earlier_payment is not None:
                self.incident_service_class().settle_with(self.earlier_payment, order)
        return order

    def get_initial_order_status(self, basket):
        if basket.milestone_locked:
            return setting("OSCAR_BIDDING_PAID_ORDER_STATUS")
        return super().get_initial_order_status(basket)
