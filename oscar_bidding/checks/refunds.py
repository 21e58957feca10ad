"""System checks: refunds of milestone payments go through the refund service."""

from django.apps import apps
from django.core import checks

from oscar_bidding.dashboard.orders.mixins import (
    MilestoneOrderDetailMixin,
    MilestoneOrderListMixin,
)


@checks.register()
def check_order_dashboard(app_configs, **kwargs):
    """Oscar's own order dashboard would let a vendor cancel or refund an order
    that paid milestones."""
    try:
        config = apps.get_app_config("orders_dashboard")
    except LookupError:  # the shop runs without Oscar's order dashboard
        return []
    if issubclass(config.order_list_view, MilestoneOrderListMixin) and issubclass(
        config.order_detail_view, MilestoneOrderDetailMixin
    ):
        return []
    return [
        checks.Error(
            "Oscar's order dashboard lets vendors cancel or refund orders that "
            "paid milestones.",
            hint=(
                "Install oscar_bidding.dashboard.orders.apps.OrdersDashboardConfig "
                "instead of oscar.apps.dashboard.orders.apps.OrdersDashboardConfig, "
                "or mix MilestoneOrderListMixin and MilestoneOrderDetailMixin "
                "(oscar_bidding.dashboard.orders.mixins) into your own views."
            ),
            id="oscar_bidding.E401",
        )
    ]
