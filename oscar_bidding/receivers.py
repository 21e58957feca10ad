"""The signals oscar_bidding listens to: Django's, that keep the milestone
product while it is in use."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from oscar.core.loading import get_class, get_model

Product = get_model("catalogue", "Product")
require_deletable = get_class("bidding.milestone_product", "require_deletable")


@receiver(pre_delete, sender=Product, dispatch_uid="bidding_keep_milestone_product")
def keep_milestone_product(sender, instance, **kwargs):
    """Whoever deletes it: the dashboard, the admin, a shop's own code."""
    require_deletable(instance)
