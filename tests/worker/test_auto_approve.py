"""The ``auto_approve`` task, as Celery beat sends it, run by a real worker
through a real Redis broker: the unanswered delivery is approved and its vendor
e-mailed, the customer of a delivery nearly due is reminded."""

from datetime import timedelta

import pytest
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from tests import factories
from tests.worker import publishing_to, wait_for

Milestone = get_model("bidding", "Milestone")
StatusChange = get_model("bidding", "StatusChange")
OutboxMessage = get_model("bidding", "OutboxMessage")
auto_approve = get_class("bidding.tasks", "auto_approve")

pytestmark = pytest.mark.django_db(transaction=True)

VENDOR = "vendor1@example.com"
CUSTOMER = "customer@example.com"


def test_worker_approves_an_unanswered_delivery_and_reminds_the_customer(
    customer, vendor, broker, worker, worker_log, mailbox
):
    now = timezone.now()
    due = factories.make_delivered_milestone(
        customer, vendor, now - timedelta(days=15), title="Kitchen refit"
    )
    soon = factories.make_delivered_milestone(
        customer, vendor, now - timedelta(days=12), title="Bathroom"
    )
    OutboxMessage.objects.update(status=OutboxMessage.SENT)  # the earlier e-mails

    with publishing_to(broker.url):
        auto_approve.delay()

    def done():
        return (
            Milestone.objects.get(pk=due.pk).status == Milestone.COMPLETED
            and Milestone.objects.get(pk=soon.pk).date_auto_approve_reminded
            and not OutboxMessage.objects.exclude(status=OutboxMessage.SENT).exists()
        )

    wait_for(done, "the worker to approve, remind and send the e-mails", worker_log)
    row = StatusChange.objects.get(milestone=due, new_status=Milestone.COMPLETED)
    assert (row.role, row.user) == ("system", None)
    assert Milestone.objects.get(pk=soon.pk).status == Milestone.DELIVERED
    assert mailbox.subjects_to(VENDOR) == [
        'Milestone 1 of "Kitchen refit" was approved'
    ]
    assert mailbox.subjects_to(CUSTOMER) == [
        'Milestone 1 of "Bathroom" will be approved automatically'
    ]
