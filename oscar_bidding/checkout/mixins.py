"""Milestone payments in Oscar's checkout; mix into a ``PaymentDetailsView``.

Shipping needs nothing here: milestone lines use a product class that requires
no shipping, and Oscar's checkout then skips the shipping steps by itself.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from oscar.core.loading import get_class

from oscar_bidding.conf import setting
from oscar_bidding.exceptions import BiddingError

MilestonePaymentService = get_class(
    "bidding.services.payments", "MilestonePaymentService"
)


class MilestoneCheckoutMixin:
    payment_service_class = MilestonePaymentService

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
                return super().submit(user, basket, *args, **kwargs)
        service.release(basket)
        messages.error(self.request, str(refused))
        return redirect("basket:summary")

    def place_order(self, basket, **kwargs):
        """Place the order and record the milestone payment in one transaction."""
        if not basket.milestone_locked:
            return super().place_order(basket=basket, **kwargs)
        with transaction.atomic():
            order = super().place_order(basket=basket, **kwargs)
            self.payment_service_class().record_payment(order, basket)
        return order

    def get_initial_order_status(self, basket):
        if basket.milestone_locked:
            return setting("OSCAR_BIDDING_PAID_ORDER_STATUS")
        return super().get_initial_order_status(basket)
