"""Oscar's order list and order page with the milestone refund rules."""

from oscar.apps.dashboard.orders import views
from oscar.core.loading import get_classes

MilestoneOrderListMixin, MilestoneOrderDetailMixin = get_classes(
    "bidding_dashboard.orders.mixins",
    ["MilestoneOrderListMixin", "MilestoneOrderDetailMixin"],
)


class OrderListView(MilestoneOrderListMixin, views.OrderListView):
    pass


class OrderDetailView(MilestoneOrderDetailMixin, views.OrderDetailView):
    pass
