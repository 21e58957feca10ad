"""Oscar's order list and order page with the milestone refund rules, and the
orders a vendor may open (:func:`oscar_bidding.access.dashboard_orders`)."""

from django.http import Http404
from oscar.apps.dashboard.orders import views
from oscar.core.loading import get_class, get_classes

MilestoneOrderListMixin, MilestoneOrderDetailMixin = get_classes(
    "bidding_dashboard.orders.mixins",
    ["MilestoneOrderListMixin", "MilestoneOrderDetailMixin"],
)
dashboard_orders = get_class("bidding.access", "dashboard_orders")


def get_order_for_user_or_404(user, number):
    try:
        return dashboard_orders(user).get(number=number)
    except views.Order.DoesNotExist:
        raise Http404() from None


class OrderListView(MilestoneOrderListMixin, views.OrderListView):
    def dispatch(self, request, *args, **kwargs):
        # Oscar's dispatch sets ``base_queryset`` from its own rule and
        # handles the request at once: this one sets it from ours.
        self.base_queryset = dashboard_orders(request.user).order_by("-date_placed")
        return super(views.OrderListView, self).dispatch(request, *args, **kwargs)


class OrderDetailView(MilestoneOrderDetailMixin, views.OrderDetailView):
    def get_object(self, queryset=None):
        return get_order_for_user_or_404(self.request.user, self.kwargs["number"])


class LineDetailView(views.LineDetailView):
    def get_object(self, queryset=None):
        order = get_order_for_user_or_404(self.request.user, self.kwargs["number"])
        try:
            return order.lines.get(pk=self.kwargs["line_id"])
        except self.model.DoesNotExist:
            raise Http404() from None
