"""The invoice of a milestone order, inside the dashboard, for the vendor who
issued it and for staff."""

from django.views import generic
from oscar.core.loading import get_class

InvoiceMixin = get_class("bidding.views.invoices", "InvoiceMixin")
vendor_invoices = get_class("bidding.access", "vendor_invoices")


class InvoiceDetailView(InvoiceMixin, generic.DetailView):
    template_name = "oscar_bidding/dashboard/invoice_detail.html"

    def get_queryset(self):
        return vendor_invoices(self.request.user).select_related(
            "order", "proposal__project", "proposal__partner"
        )
