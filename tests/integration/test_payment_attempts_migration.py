"""Migration 0009 carries the payments to reconcile ("incidents") over as
payment attempts: open ones need attention, resolved ones stay resolved."""

from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from tests.migrations import migrate, migrate_to_latest

PaymentAttempt = get_model("bidding", "PaymentAttempt")

BEFORE = [("bidding", "0006_proposal_recent_index")]
AFTER = [("bidding", "0009_payment_attempts")]


@pytest.mark.django_db(transaction=True)
def test_payments_to_reconcile_become_payment_attempts(
    latest_migrations_after, customer, accepted_proposal
):
    milestone = accepted_proposal.milestones.get(number=1)
    old = migrate(BEFORE)
    Incident = old.get_model("bidding", "PaymentIncident")
    fields = {"user_id": customer.pk, "currency": "GBP", "amount": Decimal("400.00")}
    open_one = Incident.objects.create(
        order_number="100042", basket_id=42, error="RuntimeError: down", **fields
    )
    open_one.milestones.set([milestone.pk])
    resolved = Incident.objects.create(
        order_number="100043",
        error="RuntimeError: down",
        date_resolved=timezone.now(),
        resolution="Refunded.",
        **fields,
    )

    migrate(AFTER)
    migrate_to_latest()

    attempts = {a.order_number: a for a in PaymentAttempt.objects.all()}
    first, second = attempts["100042"], attempts["100043"]
    assert (first.status, first.key, first.basket_id, first.user) == (
        PaymentAttempt.NEEDS_ATTENTION,
        f"incident-{open_one.pk}",
        42,
        customer,
    )
    assert (first.amount, first.currency, first.error) == (
        Decimal("400.00"),
        "GBP",
        "RuntimeError: down",
    )
    # Only the columns 0009 knows: later migrations add others.
    assert list(first.milestones.values_list("pk", flat=True)) == [milestone.pk]
    assert first.date_created == open_one.date_created
    assert (second.status, second.resolution, second.date_resolved) == (
        PaymentAttempt.RESOLVED,
        "Refunded.",
        resolved.date_resolved,
    )
