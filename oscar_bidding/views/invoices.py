from django.views.generic import View

InvoiceDetailView = InvoicePDFView = View  # placeholder
