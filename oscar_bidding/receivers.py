"""The signals oscar_bidding listens to: Oscar's, that move milestone payments,
and Django's, that keep the milestone product while it is in use."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from oscar.apps.order.signals import order_status_changed
from oscar.core.loading import get_class, get_model

from oscar_bidding.conf import setting

Product = get_model("catalogue", "Product")
require_deletable = get_class("bidding.milestone_product", "require_deletable")

MilestonePaymentService = get_class(
    "bidding.services.payments", "MilestonePaymentService"
)


@receiver(order_status_changed, dispatch_uid="bidding_refund_milestones")
def refund_milestones(sender, order, old_status, new_status, **kwargs):
    """Staff cancelled or refunded a milestone order in Oscar's dashboard."""
    if new_status in setting("OSCAR_BIDDING_REFUND_ORDER_STATUSES"):
        MilestonePaymentService().refund(order)


@receiver(pre_delete, sender=Product, dispatch_uid="bidding_keep_milestone_product")
def keep_milestone_product(sender, instance, **kwargs):
    """Whoever deletes it: the dashboard, the admin, a shop's own code."""
    require_deletable(instance)
