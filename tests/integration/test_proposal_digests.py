"""OSCAR_BIDDING_PROPOSAL_EMAILS: the customer hears of each new proposal by
e-mail ("each"), or of the day's new proposals in one e-mail the day after
("daily"), once, or not by e-mail at all (None)."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time
from oscar.core.loading import get_class, get_model

from oscar_bidding.notifications import PROPOSAL_DIGEST, PROPOSAL_RECEIVED
from tests import factories

OutboxMessage = get_model("bidding", "OutboxMessage")
NoticeDigest = get_model("bidding", "NoticeDigest")
ProposalService = get_class("bidding.services.proposals", "ProposalService")
DigestService = get_class("bidding.services.digests", "DigestService")
Notification = get_model("communication", "Notification")

DAY = datetime.date(2026, 3, 10)


def at(day, hour, minute=0):
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


def next_day(day, n=1):
    return day + datetime.timedelta(days=n)


def bid(project, vendor, price="100.00", when=None):
    with freeze_time(when or at(DAY, 10)):
        return ProposalService().create(
            project,
            vendor.partners.first(),
            vendor,
            factories.milestone_specs(1, 1, unit_price=Decimal(price)),
            submit=True,
        )


def run(day):
    """The run of the early morning of ``day``."""
    with freeze_time(at(day, 0, 30)):
        return DigestService().send_due()


def digest_messages():
    return OutboxMessage.objects.filter(event_code=PROPOSAL_DIGEST).order_by("pk")


@pytest.fixture
def daily(settings):
    settings.OSCAR_BIDDING_PROPOSAL_EMAILS = "daily"


@pytest.fixture
def projects(customer):
    with freeze_time(at(DAY, 8)):
        return [
            factories.make_project(customer, title="Kitchen refit"),
            factories.make_project(customer, title="Bathroom"),
        ]


def test_each_proposal_emails_the_customer_by_default(project, vendor):
    bid(project, vendor)

    assert OutboxMessage.objects.filter(event_code=PROPOSAL_RECEIVED).count() == 1
    assert run(next_day(DAY)).proposal_digests == 0


@pytest.mark.parametrize("emails", ["daily", None])
def test_no_email_per_proposal_when_daily_or_off_but_the_inbox_has_it(
    settings, emails, project, vendor, customer
):
    settings.OSCAR_BIDDING_PROPOSAL_EMAILS = emails

    bid(project, vendor)

    assert not OutboxMessage.objects.filter(event_code=PROPOSAL_RECEIVED).exists()
    assert Notification.objects.filter(recipient=customer).count() == 1


def test_off_sends_no_digest(settings, project, vendor):
    settings.OSCAR_BIDDING_PROPOSAL_EMAILS = None
    bid(project, vendor)

    assert run(next_day(DAY)).proposal_digests == 0
    assert not digest_messages().exists()


def test_the_digest_lists_the_days_proposals_of_each_customer_once(
    daily, projects, customer, other_customer, vendor, other_vendor
):
    first = bid(projects[0], vendor, when=at(DAY, 9))
    second = bid(projects[1], other_vendor, when=at(DAY, 23, 59))
    with freeze_time(at(DAY, 8)):
        elsewhere = factories.make_project(other_customer, title="Garden")
    third = bid(elsewhere, vendor, when=at(DAY, 12))
    tomorrow = bid(projects[1], vendor, when=at(next_day(DAY), 0, 10))

    report = run(next_day(DAY))

    assert report.proposal_digests == 2
    by_customer = {
        digest.customer_id: digest
        for digest in NoticeDigest.objects.filter(kind=NoticeDigest.PROPOSALS)
    }
    assert set(by_customer) == {customer.pk, other_customer.pk}
    assert {by_customer[customer.pk].day, by_customer[other_customer.pk].day} == {DAY}
    listed = {
        message.context["digest_id"]: message.context["proposal_ids"]
        for message in digest_messages()
    }
    assert listed == {
        by_customer[customer.pk].pk: [first.pk, second.pk],
        by_customer[other_customer.pk].pk: [third.pk],
    }
    assert tomorrow.pk not in sum(listed.values(), [])

    # Run again the same morning: nothing more.
    assert run(next_day(DAY)).proposal_digests == 0
    assert digest_messages().count() == 2

    # The next morning: the next day's proposal only.
    assert run(next_day(DAY, 2)).proposal_digests == 1
    assert digest_messages().last().context["proposal_ids"] == [tomorrow.pk]


def test_a_missed_run_is_caught_up_the_next_morning(daily, project, vendor):
    proposal = bid(project, vendor, when=at(DAY, 10))

    report = run(next_day(DAY, 2))

    assert report.proposal_digests == 1
    assert digest_messages().get().context["proposal_ids"] == [proposal.pk]


def test_a_proposal_withdrawn_the_same_day_is_not_listed(
    daily, project, vendor, other_vendor
):
    kept = bid(project, vendor, when=at(DAY, 9))
    gone = bid(project, other_vendor, when=at(DAY, 10))
    ProposalService().withdraw(gone, user=other_vendor)

    run(next_day(DAY))

    assert digest_messages().get().context["proposal_ids"] == [kept.pk]


def test_the_digest_email(
    daily,
    projects,
    customer,
    vendor,
    other_vendor,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    first = bid(projects[0], vendor, "100.00", when=at(DAY, 9))
    second = bid(projects[1], other_vendor, "250.00", when=at(DAY, 10))

    with django_capture_on_commit_callbacks(execute=True):
        run(next_day(DAY))

    (message,) = mailoutbox
    assert message.to == [customer.email]
    assert message.subject == "2 new proposals for your projects"
    assert 'Vendor One for "Kitchen refit": £200.00' in message.body
    assert 'Vendor Two for "Bathroom": £500.00' in message.body
    for proposal in (first, second):
        assert f"http://example.com/projects/proposals/{proposal.pk}/" in message.body
    (html, _mimetype), *_ = message.alternatives
    assert f'href="http://example.com/projects/proposals/{first.pk}/"' in html


def test_the_command_sends_the_digests(daily, project, vendor):
    bid(project, vendor, when=at(DAY, 10))
    out = StringIO()

    with freeze_time(at(next_day(DAY), 1)):
        call_command("bidding_send_digests", stdout=out)

    assert "Sent 1 proposal digests" in out.getvalue()
    assert digest_messages().count() == 1


def test_the_celery_task_sends_the_digests(daily, project, vendor):
    from oscar_bidding.tasks import send_digests

    bid(project, vendor, when=at(DAY, 10))

    with freeze_time(at(next_day(DAY), 1)):
        result = send_digests.delay().get()

    assert result == {"proposal_digests": 1, "project_digests": 0}
