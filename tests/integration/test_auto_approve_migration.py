"""Migration 0015 adds the reminder date and registers the reminder e-mail. A
milestone delivered before it keeps its delivery time, the clock of the
automatic approval, and has not been reminded."""

from datetime import timedelta

import pytest
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from oscar_bidding.notifications import MILESTONE_AUTO_APPROVE_REMINDER
from tests import factories
from tests.migrations import migrate, migrate_to_latest

Milestone = get_model("bidding", "Milestone")
CommunicationEventType = get_model("communication", "CommunicationEventType")
AutoApproveService = get_class("bidding.services.auto_approve", "AutoApproveService")

BEFORE = [("bidding", "0014_sub_vendors")]
AFTER = [("bidding", "0015_auto_approve")]


@pytest.mark.django_db(transaction=True)
def test_a_milestone_delivered_before_is_reminded_then_approved(
    latest_migrations_after, customer, vendor
):
    delivered_at = timezone.now() - timedelta(days=12)
    milestone = factories.make_delivered_milestone(customer, vendor, delivered_at)

    migrate(BEFORE)
    CommunicationEventType.objects.filter(code=MILESTONE_AUTO_APPROVE_REMINDER).delete()
    new = migrate(AFTER)

    old_row = new.get_model("bidding", "Milestone").objects.get(pk=milestone.pk)
    assert (
        old_row.status,
        old_row.date_delivered,
        old_row.date_auto_approve_reminded,
    ) == (
        "delivered",
        delivered_at,
        None,
    )
    assert CommunicationEventType.objects.filter(
        code=MILESTONE_AUTO_APPROVE_REMINDER
    ).exists()

    migrate_to_latest()  # today's models below
    assert AutoApproveService().auto_approve_due().reminded == 1
