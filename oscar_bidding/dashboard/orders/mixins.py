"""The milestone refund rules in Oscar's order dashboard; mix into its views.

A vendor sees an order that paid milestones as any other order, but every
route that could cancel or refund it, or record money on it, is refused with a
message: the order's status form and the list's bulk status change (to one of
``OSCAR_BIDDING_REFUND_ORDER_STATUSES``), the lines' status change (to one of
them) and payment events. Staff moving the order to such a status refund it
through the refund service and the gateway (see ``processing.py``); they can
neither set its lines to such a status nor record a "Refunded" payment event
by hand while milestones are still paid on it.

Shops that forked Oscar's order dashboard put these mixins into their own
``OrderListView`` and ``OrderDetailView``.
"""

from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class, get_model

from oscar_bidding.conf import setting

Milestone = get_model("bidding", "Milestone")
MilestonePayment = get_model("bidding", "MilestonePayment")
PaymentEventType = get_model("order", "PaymentEventType")
EventHandler = get_class("bidding_dashboard.orders.processing", "EventHandler")
RefundService = get_class("bidding.services.refunds", "RefundService")


class MilestoneOrderMixin:
    handler_class = EventHandler
    refund_service_class = RefundService

    staff_only_message = _(
        "Only shop staff can cancel or refund an order that paid milestones, "
        "or record its payments."
    )
    refund_first_message = _(
        "This order paid milestones: refund them first, by changing the order's "
        "status or with Refund on the proposal page."
    )

    def get_handler(self, user=None, **kwargs):
        """Oscar builds the handler of payment events without the user; the
        refund rules need it."""
        return super().get_handler(user=user or self.request.user, **kwargs)

    def status_refusal(self, order, new_status):
        """Why ``new_status`` is refused for ``order``, or ``None``."""
        if not self.is_refund_status(new_status):
            return None
        if not self.request.user.is_staff:
            if order.milestone_payments.exists():
                return self.staff_only_message
            return None
        disputed = order.milestone_payments.filter(
            status=MilestonePayment.PAID, milestone__status=Milestone.DISPUTED
        ).values_list("milestone__number", flat=True)
        if disputed:
            return self.refund_service_class.disputed_message(sorted(disputed))
        return None

    def is_refund_status(self, status):
        return status.strip() in setting("OSCAR_BIDDING_REFUND_ORDER_STATUSES")


class MilestoneOrderListMixin(MilestoneOrderMixin):
    def change_order_status(self, request, order):
        refusal = self.status_refusal(order, request.POST.get("new_status", ""))
        if refusal:
            messages.error(
                request,
                _("Order %(number)s: %(refusal)s")
                % {"number": order.number, "refusal": refusal},
            )
            return
        super().change_order_status(request, order)


class MilestoneOrderDetailMixin(MilestoneOrderMixin):
    def change_order_status(self, request, order):
        refusal = self.status_refusal(order, request.POST.get("new_status", ""))
        if refusal:
            return self.reload_page(error=refusal)
        return super().change_order_status(request, order)

    def change_line_statuses(self, request, order, lines, quantities):
        new_status = request.POST.get("new_status", "")
        refusal = self.status_refusal(order, new_status)
        if not refusal and self.is_refund_status(new_status):
            if self.paid_milestones(order):
                refusal = self.refund_first_message
        if refusal:
            return self.reload_page(error=refusal)
        return super().change_line_statuses(request, order, lines, quantities)

    def create_order_payment_event(self, request, order):
        refusal = self.payment_event_refusal(order)
        if refusal:
            return self.reload_page(error=refusal)
        return super().create_order_payment_event(request, order)

    def create_payment_event(self, request, order, lines, quantities):
        refusal = self.payment_event_refusal(order)
        if refusal:
            return self.reload_page(error=refusal)
        return super().create_payment_event(request, order, lines, quantities)

    def payment_event_refusal(self, order):
        """Payment events on an order that paid milestones are for staff; a
        refund among them is recorded by the refund service alone."""
        if not order.milestone_payments.exists():
            return None
        if not self.request.user.is_staff:
            return self.staff_only_message
        refund_type = PaymentEventType.objects.filter(
            name=self.refund_service_class.event_type_name,
            code=self.request.POST.get("payment_event_type"),
        )
        if refund_type.exists() and self.paid_milestones(order):
            return self.refund_first_message
        return None

    def paid_milestones(self, order):
        return order.milestone_payments.filter(status=MilestonePayment.PAID).exists()
