"""System checks: refunds of milestone payments go through the refund service."""

from django.apps import apps
from django.core import checks

MIXINS = "oscar_bidding.dashboard.orders.mixins"


def has_mixin(view, name):
    """By name: importing the mixins needs the ``bidding_dashboard`` app, whose
    absence is another check's message."""
    return any(
        cls.__module__ == MIXINS and cls.__name__ == name for cls in view.__mro__
    )


@checks.register()
def check_order_dashboard(app_configs, **kwargs):
    """Oscar's own order dashboard would let a vendor cancel or refund an order
    that paid milestones."""
    try:
        config = apps.get_app_config("orders_dashboard")
    except LookupError:  # the shop runs without Oscar's order dashboard
        return []
    if has_mixin(config.order_list_view, "MilestoneOrderListMixin") and has_mixin(
        config.order_detail_view, "MilestoneOrderDetailMixin"
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
