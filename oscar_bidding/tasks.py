"""Celery tasks: slow work done after the request, from committed rows only."""

from celery import shared_task
from django.conf import settings
from django.contrib.sites.models import Site
from oscar.core.loading import get_class, get_model

Dispatcher = get_class("communication.utils", "Dispatcher")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
Invoice = get_model("bidding", "Invoice")
Order = get_model("order", "Order")


def recipients(proposal, audience):
    """The project's customer, or the vendor's users who have an e-mail address."""
    if audience == "customer":
        return [proposal.project.customer]
    return [user for user in proposal.partner.users.all() if user.email]


def absolute_url(path):
    scheme = "https" if getattr(settings, "SESSION_COOKIE_SECURE", False) else "http"
    return f"{scheme}://{Site.objects.get_current().domain}{path}"


@shared_task
def send_event_email(
    event_code, audience, proposal_id, milestone_id=None, invoice_id=None, order_id=None
):
    """Render the communication event ``event_code`` and send it to ``audience``
    (``"customer"`` or ``"vendor"``); the templates see it to pick their link."""
    proposal = Proposal.objects.select_related("project__customer", "partner").get(
        pk=proposal_id
    )
    context = {
        "audience": audience,
        "proposal": proposal,
        "project": proposal.project,
        "milestone": Milestone.objects.get(pk=milestone_id) if milestone_id else None,
        "invoice": Invoice.objects.get(pk=invoice_id) if invoice_id else None,
        "order": Order.objects.get(pk=order_id) if order_id else None,
        "customer_url": absolute_url(proposal.get_absolute_url()),
        "dashboard_url": absolute_url(proposal.get_dashboard_url()),
    }
    dispatcher = Dispatcher()
    messages = dispatcher.get_messages(event_code, context)
    for user in recipients(proposal, audience):
        dispatcher.dispatch_user_messages(user, messages)
