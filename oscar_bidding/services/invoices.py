"""Invoices of milestone orders, and their gapless numbers."""

from django.conf import settings
from django.utils import timezone
from oscar.core.loading import get_model

from oscar_bidding.conf import setting

Invoice = get_model("bidding", "Invoice")
InvoiceSequence = get_model("bidding", "InvoiceSequence")
MilestoneItem = get_model("bidding", "MilestoneItem")


class InvoiceService:
    def issue(self, order, proposal, milestones):
        """Write the invoice of ``order``, which pays ``milestones`` of ``proposal``.

        Must run inside the order's transaction: the number drawn is given
        back if that transaction rolls back.
        """
        items = MilestoneItem.objects.filter(milestone__in=milestones).order_by(
            "milestone__number", "position", "pk"
        )
        lines = [self.line(item, milestones) for item in items]
        total_excl_tax = sum(m.amount_excl_tax for m in milestones)
        total_incl_tax = sum(m.amount_incl_tax for m in milestones)
        return Invoice.objects.create(
            number=self.next_number(),
            order=order,
            proposal=proposal,
            seller=self.seller(proposal.partner),
            buyer=self.buyer(order),
            lines=lines,
            currency=order.currency,
            total_excl_tax=total_excl_tax,
            total_tax=total_incl_tax - total_excl_tax,
            total_incl_tax=total_incl_tax,
        )

    def next_number(self):
        """Draw the next number of the series under a row lock."""
        pattern = setting("OSCAR_BIDDING_INVOICE_NUMBER_FORMAT")
        year = timezone.localdate().year
        key = str(year) if "{year" in pattern else "all"
        InvoiceSequence.objects.bulk_create(
            [InvoiceSequence(key=key)], ignore_conflicts=True
        )
        sequence = InvoiceSequence.objects.select_for_update().get(key=key)
        sequence.last_number += 1
        sequence.save(update_fields=["last_number"])
        return pattern.format(number=sequence.last_number, year=year)

    def line(self, item, milestones):
        milestone = next(m for m in milestones if m.pk == item.milestone_id)
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

    def buyer(self, order):
        user = order.user
        address = order.billing_address
        return {
            "name": user.get_full_name() if user else "",
            "email": order.email,
            "address": address.active_address_fields() if address else [],
        }
