"""Checking out a milestone basket without Oscar's checkout pages: for an API
(django-oscar-api's ``checkout/`` through :mod:`oscar_bidding.api.oscarapi`)
or a shop's own headless storefront.

The same steps as the storefront's checkout (:mod:`oscar_bidding.checkout.mixins`),
as service calls: the payment attempt is written down and committed, the
gateway charges it, then the order is placed in one transaction with the
milestone payment and the invoice (``PaymentAttemptService.place_order``).
"""

from django.utils.translation import gettext as _
from oscar.core.loading import get_class

from oscar_bidding.exceptions import BiddingError

PaymentAttemptService = get_class("bidding.services.attempts", "PaymentAttemptService")
OrderNumberGenerator = get_class("order.utils", "OrderNumberGenerator")


class HeadlessCheckout:
    attempt_service_class = PaymentAttemptService
    order_number_generator_class = OrderNumberGenerator

    def place_order(self, basket, user, total, details=None):
        """Charge ``total`` (an Oscar ``Price``) for the locked ``basket`` and
        place its order; returns the order.

        ``details`` are the gateway form's cleaned data (a card token…).
        Raises ``BiddingError`` (nothing to pay, a payment under way, the
        order could not be placed) or the gateway's ``PaymentError``.
        """
        if not basket.milestone_locked:
            raise BiddingError(_("This basket pays no milestone."))
        service = self.attempt_service_class()
        attempt = service.begin(
            basket,
            user,
            total,
            lambda: self.order_number_generator_class().order_number(basket),
        )
        try:
            if attempt.status == attempt.STARTED:
                service.charge(
                    attempt,
                    lambda: service.gateway.charge(
                        key=attempt.key,
                        amount=total.incl_tax,
                        currency=total.currency,
                        order_number=attempt.order_number,
                        user=user,
                        **(details or {}),
                    ),
                )
            return service.place_order(attempt, "")
        finally:
            service.release(attempt)
