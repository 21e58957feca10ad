"""Payments to reconcile: money taken for an order that was not placed.

Checkout records one when placing a milestone order fails after the gateway
took the payment. A retry of the same basket for the same milestones and amount
places the order with that payment instead of charging again; staff reconcile
the others (refund or settle them) and mark them resolved.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from oscar_bidding.exceptions import BiddingError
from oscar_bidding.services.locking import lock
from oscar_bidding.services.payments import milestones_in

PaymentIncident = get_model("bidding", "PaymentIncident")


class PaymentIncidentService:
    def record(self, order_number, basket, user, total, error):
        """Keep the payment of ``total`` taken for ``order_number``, never placed.

        Call it once the order's transaction has rolled back, so that the
        record stays.
        """
        incident = PaymentIncident.objects.create(
            order_number=order_number,
            basket_id=basket.id,
            user=user if user.is_authenticated else None,
            amount=total.incl_tax,
            currency=total.currency,
            error=f"{type(error).__name__}: {error}",
        )
        incident.milestones.set(milestones_in(basket))
        return incident

    def unplaced_payment(self, basket, total):
        """The open incident whose payment this basket's order may use.

        Only a payment taken for the same basket, milestones and amount: a
        basket emptied and filled with another milestone pays again.
        """
        milestones = {m.pk for m in milestones_in(basket)}
        incidents = PaymentIncident.objects.filter(
            basket_id=basket.id,
            amount=total.incl_tax,
            currency=total.currency,
            date_resolved__isnull=True,
        ).prefetch_related("milestones")
        for incident in incidents:
            if {m.pk for m in incident.milestones.all()} == milestones:
                return incident
        return None

    def settle_with(self, incident, order):
        """The retry placed ``order`` with the incident's payment."""
        return self.resolve(
            incident,
            _(
                "Order %(number)s was placed with this payment when the customer "
                "tried again."
            )
            % {"number": order.number},
        )

    def resolve(self, incident, resolution):
        """Staff (or a retry) reconciled the payment; ``resolution`` says how."""
        with transaction.atomic():
            incident = lock(incident)
            if incident.date_resolved is not None:
                raise BiddingError(_("This payment is already reconciled."))
            incident.resolution = resolution
            incident.date_resolved = timezone.now()
            incident.save(update_fields=["resolution", "date_resolved"])
        return incident
