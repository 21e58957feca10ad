"""Oscar's order event handler, refunding milestones through the refund service."""

from django.db import transaction
from django.utils.translation import gettext as _
from oscar.apps.order import processing
from oscar.core.loading import get_class

from oscar_bidding.conf import setting

RefundService = get_class("bidding.services.refunds", "RefundService")


class EventHandler(processing.EventHandler):
    refund_service_class = RefundService

    def handle_order_status_change(self, order, new_status, note_msg=None):
        """Moving an order to one of ``OSCAR_BIDDING_REFUND_ORDER_STATUSES``
        refunds the milestones it paid, through the gateway, in the transaction
        of the status change: a gateway refusal (Oscar's ``PaymentError``)
        leaves the order and its milestones as they were."""
        if new_status not in setting("OSCAR_BIDDING_REFUND_ORDER_STATUSES"):
            return super().handle_order_status_change(order, new_status, note_msg)
        reason = _("Order status changed from '%(old)s' to '%(new)s'.") % {
            "old": order.status,
            "new": new_status,
        }
        with transaction.atomic():
            super().handle_order_status_change(order, new_status, note_msg)
            self.refund_service_class().refund_order(order, self.user, reason)
