"""Invoices of milestone orders, and their gapless numbers."""

from django.conf import settings
from django.db import connection
from django.db.models import prefetch_related_objects
from django.utils import timezone
from oscar.core.loading import get_model

from oscar_bidding.conf import setting

Invoice = get_model("bidding", "Invoice")
InvoiceSequence = get_model("bidding", "InvoiceSequence")


class InvoiceService:
    def issue(self, order, proposal, milestones):
        """Write the invoice of ``order``, which pays ``milestones`` of ``proposal``.

        Must run inside the order's transaction: the number drawn is given
        back if that transaction rolls back.
        """
        prefetch_related_objects(milestones, "items")  # read with the basket
        lines = [
            self.line(item, milestone)
            for milestone in milestones
            for item in milestone.items.all()
        ]
        total_excl_tax = sum(m.amount_excl_tax for m in milestones)
        total_incl_tax = sum(m.amount_incl_tax for m in milestones)
        return Invoice.objects.create(
            number=self.next_number(),
            order=order,
            proposal=proposal,
            seller=self.seller(proposal.partner),
            buyer=self.buyer(order, proposal.project.customer),
            lines=lines,
            currency=order.currency,
            total_excl_tax=total_excl_tax,
            total_tax=total_incl_tax - total_excl_tax,
            total_incl_tax=total_incl_tax,
        )

    def next_number(self):
        """Draw the next number of the series, in one statement that keeps the
        sequence's row locked until the order commits: the numbers stay
        gapless, and a rolled-back order gives its number back."""
        pattern = setting("OSCAR_BIDDING_INVOICE_NUMBER_FORMAT")
        year = timezone.localdate().year
        key = str(year) if "{year" in pattern else "all"
        table = connection.ops.quote_name(InvoiceSequence._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (key, last_number) VALUES (%s, 1) "
                f"ON CONFLICT (key) DO UPDATE SET last_number = "
                f"{table}.last_number + 1 RETURNING last_number",
                [key],
            )
            (number,) = cursor.fetchone()
        return pattern.format(number=number, year=year)

    def line(self, item, milestone):
        return {
            "milestone": milestone.number,
            "milestone_title": milestone.title,
            "description": item.description,
            "quantity": item.quantity,
            "unit_price": str(item.unit_price),
            "tax_rate": str(item.tax_rate),
            "tax": str(item.tax),
            "total_excl_tax": str(item.price_excl_tax),
            "total_incl_tax": str(item.price_incl_tax),
        }

    def seller(self, partner):
        address = partner.primary_address
        return {
            "name": partner.name,
            "address": address.active_address_fields() if address else [],
            "shop": settings.OSCAR_SHOP_NAME,
        }

    def buyer(self, order, customer):
        """The project's customer, who placed the order."""
        address = order.billing_address
        return {
            "name": customer.get_full_name(),
            "email": order.email,
            "address": address.active_address_fields() if address else [],
        }
