"""Oscar's signals that move milestone payments."""

from django.dispatch import receiver
from oscar.apps.order.signals import order_status_changed
from oscar.core.loading import get_class

from oscar_bidding.conf import setting

MilestonePaymentService = get_class(
    "bidding.services.payments", "MilestonePaymentService"
)


@receiver(order_status_changed, dispatch_uid="bidding_refund_milestones")
def refund_milestones(sender, order, old_status, new_status, **kwargs):
    """Staff cancelled or refunded a milestone order in Oscar's dashboard."""
    if new_status in setting("OSCAR_BIDDING_REFUND_ORDER_STATUSES"):
        MilestonePaymentService().refund(order)
