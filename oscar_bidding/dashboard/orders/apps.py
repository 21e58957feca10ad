from oscar.apps.dashboard.orders import apps
from oscar.core.loading import get_class


class OrdersDashboardConfig(apps.OrdersDashboardConfig):
    """Oscar's order dashboard, where orders that paid milestones are refunded
    only by staff, through the refund service.

    Replaces ``oscar.apps.dashboard.orders.apps.OrdersDashboardConfig`` in
    ``INSTALLED_APPS``; its label, URLs and permissions stay Oscar's.
    """

    name = "oscar_bidding.dashboard.orders"

    def ready(self):
        super().ready()
        views = "bidding_dashboard.orders.views"
        self.order_list_view = get_class(views, "OrderListView")
        self.order_detail_view = get_class(views, "OrderDetailView")
        self.line_detail_view = get_class(views, "LineDetailView")
