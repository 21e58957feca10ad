"""Milestone orders in Oscar's own pages (checkout, My Orders, the order
e-mail, the dashboard's orders), whose views we do not fork."""

from dataclasses import dataclass
from functools import cached_property

from django import template
from django.db.models import prefetch_related_objects
from oscar.core.loading import get_class, get_model

register = template.Library()

MilestonePayment = get_model("bidding", "MilestonePayment")
milestones_in = get_class("bidding.services.payments", "milestones_in")
lines_with_items = get_class("bidding.order_lines", "lines_with_items")
vendor_partners = get_class("bidding.access", "vendor_partners")


@dataclass
class MilestoneOrder:
    """What an order paid: milestones of one proposal, and their invoice."""

    order: object
    invoice: object
    milestones: list

    @property
    def proposal(self):
        return self.milestones[0].proposal

    @cached_property
    def lines(self):
        """Each order line with the items it paid, from the invoice: one query
        however many items."""
        return lines_with_items(list(self.order.lines.all()), self.invoice)


@register.simple_tag
def milestone_order(order):
    """The :class:`MilestoneOrder` of ``order``, or ``None`` for any other order.

    One query however many milestones it paid. Order lines keep no product,
    so pages ask this instead of the lines what the order was.
    """
    payments = list(
        MilestonePayment.objects.filter(order=order)
        .select_related(
            "invoice", "milestone__proposal__project", "milestone__proposal__partner"
        )
        .order_by("milestone__number")
    )
    if not payments:
        return None
    return MilestoneOrder(order, payments[0].invoice, [p.milestone for p in payments])


@register.simple_tag
def basket_milestones(basket):
    """The milestones a locked basket pays, with their proposals: in checkout."""
    return milestones_in(basket)


@register.simple_tag
def prefetch_invoices(orders):
    """Load the invoices of a page of orders in one query.

    Afterwards ``order.bidding_invoice`` reads no more rows; an order without
    an invoice renders it empty.
    """
    prefetch_related_objects(list(orders), "bidding_invoice")
    return ""


@register.simple_tag
def sub_vendor_milestones_of(paid, user):
    """In Oscar's dashboard order page: the milestones of ``paid`` (a
    :class:`MilestoneOrder`) that ``user`` sees as a sub-vendor only, or an
    empty list when they see the proposal itself (its vendor, staff). One
    query."""
    if user.is_staff:
        return []
    partners = set(vendor_partners(user).values_list("pk", flat=True))
    if paid.proposal.partner_id in partners:
        return []
    return [m for m in paid.milestones if m.sub_vendor_id in partners]
