"""The one module the fork changes: its invoice numbers carry the shop's prefix."""

from oscar_bidding.services.invoices import InvoiceService as BaseInvoiceService


class InvoiceService(BaseInvoiceService):
    def next_number(self):
        return f"SHOP-{super().next_number()}"
