"""Automatic approval: a delivery the customer leaves unanswered for
``OSCAR_BIDDING_AUTO_APPROVE_DAYS`` is approved by the system, with one
reminder e-mail per delivery ``OSCAR_BIDDING_AUTO_APPROVE_REMINDER_DAYS``
before. Time moves with freezegun."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.formats import date_format
from freezegun import freeze_time
from oscar.core.loading import get_class, get_model

from oscar_bidding import lifecycle, signals
from oscar_bidding.notifications import (
    MILESTONE_APPROVED,
    MILESTONE_AUTO_APPROVE_REMINDER,
)
from tests.checkout import pay_milestone

Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
StatusChange = get_model("bidding", "StatusChange")
OutboxMessage = get_model("bidding", "OutboxMessage")
CommunicationEventType = get_model("communication", "CommunicationEventType")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")
AutoApproveService = get_class("bidding.services.auto_approve", "AutoApproveService")
auto_approve = get_class("bidding.tasks", "auto_approve")

NOTE = (
    "Approved automatically: the customer did not answer the delivery within 14 days."
)


@pytest.fixture
def start():
    """The moment of the delivery; every test moves time from there."""
    return timezone.now().replace(microsecond=0) + timedelta(days=1)


def at(start, **delta):
    return freeze_time(start + timedelta(**delta))


@pytest.fixture
def paid(accepted_proposal, customer):
    first = accepted_proposal.milestones.get(number=1)
    pay_milestone(first, customer)
    first.refresh_from_db()
    return first


@pytest.fixture
def delivered(paid, vendor, start):
    with freeze_time(start):
        MilestoneService().deliver(paid, "Cabinets fitted.", user=vendor)
    paid.refresh_from_db()
    return paid


@pytest.fixture
def approved_signals():
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    signals.milestone_approved.connect(
        receiver, weak=False, dispatch_uid="test-auto-approve"
    )
    yield calls
    signals.milestone_approved.disconnect(dispatch_uid="test-auto-approve")


def run(django_capture_on_commit_callbacks=None):
    if django_capture_on_commit_callbacks is None:
        return AutoApproveService().auto_approve_due()
    with django_capture_on_commit_callbacks(execute=True):
        return AutoApproveService().auto_approve_due()


def outbox(code):
    return list(OutboxMessage.objects.filter(event_code=code).order_by("pk"))


def status(milestone):
    return Milestone.objects.get(pk=milestone.pk).status


def approvals(milestone):
    return StatusChange.objects.filter(
        milestone=milestone, new_status=Milestone.COMPLETED
    )


# The reminder ---------------------------------------------------------------


def test_the_customer_is_reminded_once_three_days_before_the_approval(
    delivered, start, customer, mailoutbox, django_capture_on_commit_callbacks
):
    with at(start, days=10, hours=23):
        assert (run().reminded, outbox(MILESTONE_AUTO_APPROVE_REMINDER)) == (0, [])

    with at(start, days=11):
        report = run(django_capture_on_commit_callbacks)
    assert (report.reminded, report.approved) == (1, 0)
    (message,) = outbox(MILESTONE_AUTO_APPROVE_REMINDER)
    assert message.audience == "customer"
    assert message.context["milestone_id"] == delivered.pk
    assert Milestone.objects.get(
        pk=delivered.pk
    ).date_auto_approve_reminded == start + timedelta(days=11)
    (email,) = mailoutbox
    assert email.to == [customer.email]
    assert email.subject == (
        'Milestone 1 of "Kitchen refit" will be approved automatically'
    )
    assert "you have not answered yet" in email.body
    assert "Cabinets fitted." in email.body

    with at(start, days=12):
        assert run().reminded == 0
    with at(start, days=13, hours=23):
        assert run().reminded == 0
    assert len(outbox(MILESTONE_AUTO_APPROVE_REMINDER)) == 1
    assert status(delivered) == Milestone.DELIVERED


def test_no_reminder_when_the_shop_turns_reminders_off(delivered, start, settings):
    settings.OSCAR_BIDDING_AUTO_APPROVE_REMINDER_DAYS = 0
    with at(start, days=13):
        assert run().reminded == 0
    assert outbox(MILESTONE_AUTO_APPROVE_REMINDER) == []


# The approval ---------------------------------------------------------------


def test_an_unanswered_delivery_is_approved_by_the_system_after_fourteen_days(
    delivered,
    start,
    approved_signals,
    mailoutbox,
    vendor,
    django_capture_on_commit_callbacks,
):
    with at(start, days=13, hours=23, minutes=59):
        assert run().approved == 0
    assert status(delivered) == Milestone.DELIVERED
    assert approved_signals == []

    with at(start, days=14):
        report = run(django_capture_on_commit_callbacks)

    assert report.approved == 1
    milestone = Milestone.objects.get(pk=delivered.pk)
    assert milestone.status == Milestone.COMPLETED
    assert milestone.date_completed == start + timedelta(days=14)
    (row,) = approvals(delivered)
    assert (row.old_status, row.role, row.user, row.note) == (
        Milestone.DELIVERED,
        lifecycle.SYSTEM,
        None,
        NOTE,
    )
    (signal,) = approved_signals
    assert (signal["instance"].pk, signal["role"], signal["user"]) == (
        delivered.pk,
        lifecycle.SYSTEM,
        None,
    )
    (message,) = outbox(MILESTONE_APPROVED)
    assert (message.audience, message.context["status_change_id"]) == (
        "vendor",
        row.pk,
    )
    (email,) = [m for m in mailoutbox if m.to == [vendor.email]]
    assert "it was approved automatically" in email.body
    assert "The customer approved" not in email.body


def test_the_last_milestone_approved_automatically_completes_the_project(
    accepted_proposal, customer, vendor, start, django_capture_on_commit_callbacks
):
    service = MilestoneService()
    first, second = accepted_proposal.milestones.order_by("number")
    pay_milestone(first, customer)
    service.deliver(first, "Done", user=vendor)
    service.approve(first, user=customer)
    service.mark_ready(second, user=vendor)
    pay_milestone(second, customer)
    with freeze_time(start):
        service.deliver(second, "Done too", user=vendor)

    with at(start, days=15):
        assert run(django_capture_on_commit_callbacks).approved == 1

    proposal = Proposal.objects.get(pk=accepted_proposal.pk)
    assert proposal.status == Proposal.COMPLETED
    assert proposal.project.status == Project.COMPLETED
    assert StatusChange.objects.get(
        project=proposal.project, new_status=Project.COMPLETED
    ).role == (lifecycle.SYSTEM)


def test_a_delivery_after_a_revision_restarts_the_clock_and_the_reminder(
    delivered, start, customer, vendor
):
    service = MilestoneService()
    with at(start, days=11):
        assert run().reminded == 1
    with at(start, days=12):
        service.request_revision(delivered, "The doors squeak.", user=customer)
    with at(start, days=13):
        service.deliver(delivered, "Doors oiled.", user=vendor)

    # Fourteen days after the first delivery, the second is one day old.
    with at(start, days=15):
        report = run()
    assert (report.reminded, report.approved) == (0, 0)
    assert status(delivered) == Milestone.DELIVERED

    with at(start, days=13 + 11):
        assert run().reminded == 1
    assert len(outbox(MILESTONE_AUTO_APPROVE_REMINDER)) == 2
    with at(start, days=13 + 14):
        assert run().approved == 1
    assert status(delivered) == Milestone.COMPLETED


@pytest.mark.parametrize("answer", ["approve", "request_revision", "dispute"])
def test_a_delivery_the_customer_answered_is_left_alone(
    delivered, start, customer, answer, settings
):
    with at(start, days=1):
        method = getattr(MilestoneService(), answer)
        if answer == "approve":
            method(delivered, user=customer)
        else:
            method(delivered, "Not yet.", user=customer)
    answered = Milestone.objects.get(pk=delivered.pk)
    rows = StatusChange.objects.count()

    with at(start, days=60):
        report = run()

    assert (report.reminded, report.approved) == (0, 0)
    assert Milestone.objects.get(pk=delivered.pk).status == answered.status
    assert StatusChange.objects.count() == rows
    assert outbox(MILESTONE_AUTO_APPROVE_REMINDER) == []


@pytest.mark.parametrize("days", [0, None])
def test_no_automatic_approval_when_the_shop_turns_it_off(
    delivered, start, settings, days
):
    settings.OSCAR_BIDDING_AUTO_APPROVE_DAYS = days
    with at(start, days=365):
        report = run()
    assert (report.reminded, report.approved) == (0, 0)
    assert status(delivered) == Milestone.DELIVERED


def test_the_shop_chooses_the_number_of_days(delivered, start, settings):
    settings.OSCAR_BIDDING_AUTO_APPROVE_DAYS = 3
    settings.OSCAR_BIDDING_AUTO_APPROVE_REMINDER_DAYS = 1
    with at(start, days=2):
        assert (run().reminded, status(delivered)) == (1, Milestone.DELIVERED)
    with at(start, days=3):
        assert run().approved == 1
    assert approvals(delivered).get().note == (
        "Approved automatically: the customer did not answer the delivery "
        "within 3 days."
    )


# The command and the task ---------------------------------------------------


def test_the_command_says_how_many_it_reminded_and_approved(
    delivered, start, accepted_proposal, customer, vendor
):
    other = accepted_proposal.milestones.get(number=2)
    MilestoneService().mark_ready(other, user=vendor)
    pay_milestone(other, customer)
    with at(start, days=5):
        MilestoneService().deliver(other, "Worktops on.", user=vendor)

    out = StringIO()
    with at(start, days=16):
        call_command("bidding_auto_approve", stdout=out)
    assert out.getvalue() == "Reminded 1, approved 1.\n"

    out = StringIO()
    with at(start, days=16):
        call_command("bidding_auto_approve", stdout=out)
    assert out.getvalue() == "Reminded 0, approved 0.\n"


def test_the_celery_task_runs_the_same_service(delivered, start):
    with at(start, days=14):
        assert auto_approve.delay().get() == {"reminded": 0, "approved": 1}
    assert status(delivered) == Milestone.COMPLETED


# What the customer sees -------------------------------------------------------


def test_proposal_details_says_when_the_delivery_will_be_approved(
    delivered, login, customer, settings
):
    date = timezone.localtime(delivered.date_delivered + timedelta(days=14))
    page = login(customer).get(delivered.proposal.get_absolute_url())
    assert (
        "Without an answer from you, it will be approved automatically on "
        f"<strong>{date_format(date, 'DATETIME_FORMAT')}</strong>."
    ) in page.content.decode()

    settings.OSCAR_BIDDING_AUTO_APPROVE_DAYS = None
    page = login(customer).get(delivered.proposal.get_absolute_url())
    assert "approved automatically" not in page.content.decode()


def test_the_reminder_is_a_communication_event_type_the_shop_can_edit():
    event = CommunicationEventType.objects.get(code=MILESTONE_AUTO_APPROVE_REMINDER)
    assert "approved automatically" in event.name
