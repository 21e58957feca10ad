"""The invoice of a milestone order: a printable page and a PDF download."""

import io
from decimal import Decimal

from django.http import FileResponse
from django.views import generic
from oscar.core.loading import get_class

visible_invoices = get_class("bidding.access", "visible_invoices")
render_pdf = get_class("bidding.pdf", "render_pdf")


class InvoiceMixin:
    """Invoices the user may read (customer, vendor, staff); any other is a 404."""

    context_object_name = "invoice"
    slug_field = "number"
    slug_url_kwarg = "number"

    def get_queryset(self):
        return visible_invoices(self.request.user).select_related(
            "order", "proposal__project", "proposal__partner"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(lines=invoice_lines(self.object), **kwargs)


def invoice_lines(invoice):
    """The stored lines, with the tax rate as a percentage for display."""
    return [
        {**line, "tax_rate_percent": Decimal(line["tax_rate"]) * 100}
        for line in invoice.lines
    ]


class InvoiceDetailView(InvoiceMixin, generic.DetailView):
    template_name = "oscar_bidding/invoice_detail.html"


class InvoicePDFView(InvoiceMixin, generic.DetailView):
    template_name = "oscar_bidding/invoice_pdf.html"

    def render_to_response(self, context, **response_kwargs):
        pdf = render_pdf(self.template_name, context, request=self.request)
        return FileResponse(
            io.BytesIO(pdf),
            as_attachment=True,
            filename=f"{self.object.number}.pdf",
            content_type="application/pdf",
        )
