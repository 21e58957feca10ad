"""Runs of the automatic approval at the same moment (cron and Celery beat
both set up, two beat schedulers, a slow run overtaken by the next): each
delivery is approved once, each customer reminded once, each audit row
written once."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from oscar_bidding.notifications import (
    MILESTONE_APPROVED,
    MILESTONE_AUTO_APPROVE_REMINDER,
)
from tests import factories
from tests.races import race

Milestone = get_model("bidding", "Milestone")
StatusChange = get_model("bidding", "StatusChange")
OutboxMessage = get_model("bidding", "OutboxMessage")
Notifier = get_class("bidding.notifications", "Notifier")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")
AutoApproveService = get_class("bidding.services.auto_approve", "AutoApproveService")

RUNS = 4
EACH = 3


class SlowNotifier(Notifier):
    """Takes a moment inside the run's transaction, so runs overlap."""

    def _send(self, *args, **kwargs):
        time.sleep(0.05)
        super()._send(*args, **kwargs)


class SlowMilestoneService(MilestoneService):
    notifier_class = SlowNotifier


class SlowAutoApproveService(AutoApproveService):
    service_class = SlowMilestoneService
    notifier_class = SlowNotifier


@pytest.mark.django_db(transaction=True)
def test_runs_at_once_approve_and_remind_each_delivery_once(customer, vendor, caplog):
    now = timezone.now()
    due = [
        factories.make_delivered_milestone(customer, vendor, now - timedelta(days=15))
        for _ in range(EACH)
    ]
    reminded = [
        factories.make_delivered_milestone(customer, vendor, now - timedelta(days=12))
        for _ in range(EACH)
    ]
    rows = StatusChange.objects.count()

    reports = race(
        *[lambda: SlowAutoApproveService().auto_approve_due() for _ in range(RUNS)]
    )

    assert not [r for r in reports if isinstance(r, Exception)], reports
    assert sum(r.approved for r in reports) == EACH
    assert sum(r.reminded for r in reports) == EACH
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    for milestone in due:
        assert Milestone.objects.get(pk=milestone.pk).status == Milestone.COMPLETED
        assert (
            OutboxMessage.objects.filter(
                event_code=MILESTONE_APPROVED, context__milestone_id=milestone.pk
            ).count()
            == 1
        )
    for milestone in reminded:
        assert Milestone.objects.get(pk=milestone.pk).status == Milestone.DELIVERED
        assert (
            OutboxMessage.objects.filter(
                event_code=MILESTONE_AUTO_APPROVE_REMINDER,
                context__milestone_id=milestone.pk,
            ).count()
            == 1
        )
    # One approval of each milestone, and one completion of each proposal
    # and project: nothing recorded twice.
    assert StatusChange.objects.count() == rows + 3 * EACH
    assert (
        StatusChange.objects.filter(
            new_status=Milestone.COMPLETED, milestone__isnull=False
        )
        .values("milestone")
        .distinct()
        .count()
        == EACH
    )
