"""Milestone orders in Oscar's own pages (checkout, My Orders, the order
e-mail, the dashboard's orders), whose views we do not fork."""

from dataclasses import dataclass

from django import template
from django.db.models import prefetch_related_objects
from oscar.core.loading import get_class, get_model

register = template.Library()

MilestonePayment = get_model("bidding", "MilestonePayment")
milestones_in = get_class("bidding.services.payments", "milestones_in")


@dataclass
class MilestoneOrder:
    """What an order paid: milestones of one proposal, and their invoice."""

    invoice: object
    milestones: list

    @property
    def proposal(self):
        return self.milestones[0].proposal


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
    return MilestoneOrder(payments[0].invoice, [p.milestone for p in payments])


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
