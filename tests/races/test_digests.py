"""Digest runs at the same moment (cron and Celery beat both set up, two beat
schedulers): each customer gets one digest of the day's proposals, each
vendor one digest of the day's projects."""

import time

import pytest
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from oscar_bidding.notifications import PROJECT_DIGEST, PROPOSAL_DIGEST
from tests import factories
from tests.races import race

OutboxMessage = get_model("bidding", "OutboxMessage")
NoticeDigest = get_model("bidding", "NoticeDigest")
Notifier = get_class("bidding.notifications", "Notifier")
DigestService = get_class("bidding.services.digests", "DigestService")

RUNS = 4


class SlowNotifier(Notifier):
    """Takes a moment inside the run's transaction, so runs overlap."""

    def _send(self, *args, **kwargs):
        time.sleep(0.05)
        super()._send(*args, **kwargs)


class SlowDigestService(DigestService):
    notifier_class = SlowNotifier


@pytest.mark.django_db(transaction=True)
def test_runs_at_once_send_each_customer_one_digest(
    settings, customer, other_customer, vendor, other_vendor
):
    settings.OSCAR_BIDDING_PROPOSAL_EMAILS = "daily"
    for owner in (customer, other_customer):
        project = factories.make_project(owner)
        factories.make_proposal(project, vendor)
        factories.make_proposal(project, other_vendor)
    today = timezone.localdate()

    sent = race(
        *[lambda: SlowDigestService().send_proposal_digests(today) for _ in range(RUNS)]
    )

    assert not [s for s in sent if isinstance(s, Exception)], sent
    assert sum(sent) == 2
    assert NoticeDigest.objects.filter(kind=NoticeDigest.PROPOSALS).count() == 2
    messages = OutboxMessage.objects.filter(event_code=PROPOSAL_DIGEST)
    assert sorted(len(m.context["proposal_ids"]) for m in messages) == [2, 2]


@pytest.mark.django_db(transaction=True)
def test_runs_at_once_send_each_vendor_one_digest(
    settings, customer, vendor, other_vendor
):
    settings.OSCAR_BIDDING_NEW_PROJECT_EMAILS = "daily"
    for title in ("Loft", "Roof", "Garden"):
        factories.make_project(customer, title=title)
    today = timezone.localdate()

    sent = race(
        *[lambda: SlowDigestService().send_project_digests(today) for _ in range(RUNS)]
    )

    assert not [s for s in sent if isinstance(s, Exception)], sent
    assert sum(sent) == 2
    messages = OutboxMessage.objects.filter(event_code=PROJECT_DIGEST)
    assert sorted(m.context["partner_id"] for m in messages) == sorted(
        [vendor.partners.get().pk, other_vendor.partners.get().pk]
    )
    assert all(len(m.context["project_ids"]) == 3 for m in messages)
