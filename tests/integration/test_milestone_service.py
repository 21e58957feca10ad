"""Readiness, delivery and approval: every transition the milestone service
makes, allowed and refused, with its audit row, its signal and its e-mail."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from oscar.core.loading import get_class, get_model

from oscar_bidding import lifecycle, signals
from oscar_bidding.exceptions import IllegalTransition
from tests import factories
from tests.checkout import pay_milestone

Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
StatusChange = get_model("bidding", "StatusChange")
MilestoneDelivery = get_model("bidding", "MilestoneDelivery")
OutboxMessage = get_model("bidding", "OutboxMessage")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")

service = MilestoneService()

DELIVERY_SIGNALS = {
    "milestone_ready": signals.milestone_ready,
    "milestone_delivered": signals.milestone_delivered,
    "milestone_revision_requested": signals.milestone_revision_requested,
    "milestone_disputed": signals.milestone_disputed,
    "milestone_approved": signals.milestone_approved,
    "proposal_completed": signals.proposal_completed,
    "project_completed": signals.project_completed,
}


@pytest.fixture
def received():
    calls = []
    for name, signal in DELIVERY_SIGNALS.items():

        def receiver(sender, name=name, **kwargs):
            calls.append((name, kwargs))

        signal.connect(receiver, weak=False, dispatch_uid=f"test-delivery-{name}")
    yield calls
    for name, signal in DELIVERY_SIGNALS.items():
        signal.disconnect(dispatch_uid=f"test-delivery-{name}")


@pytest.fixture
def paid(accepted_proposal, customer):
    first = accepted_proposal.milestones.get(number=1)
    pay_milestone(first, customer)
    first.refresh_from_db()
    return first


def last_change(milestone):
    return StatusChange.objects.filter(milestone=milestone).order_by("pk").last()


def status(milestone):
    return Milestone.objects.get(pk=milestone.pk).status


def set_status(milestone, value):
    Milestone.objects.filter(pk=milestone.pk).update(status=value)
    milestone.refresh_from_db()
    return milestone


def outbox(code):
    return list(OutboxMessage.objects.filter(event_code=code).order_by("pk"))


# Readiness ------------------------------------------------------------------


def test_by_default_the_vendor_decides_when_the_next_milestone_is_ready(
    paid, customer, vendor
):
    second = paid.proposal.milestones.get(number=2)
    service.deliver(paid, "Done", user=vendor)
    service.approve(paid, user=customer)
    assert status(second) == Milestone.PENDING
    assert "mark_ready" in second.actions_for(vendor)

    service.mark_ready(second, user=vendor)

    assert status(second) == Milestone.READY_TO_PAY
    row = last_change(second)
    assert (row.old_status, row.new_status, row.role, row.user) == (
        Milestone.PENDING,
        Milestone.READY_TO_PAY,
        lifecycle.VENDOR,
        vendor,
    )
    (message,) = outbox("BIDDING_MILESTONE_READY")
    assert message.context["milestone_id"] == second.pk
    assert message.audience == "customer"


def test_the_vendor_may_mark_a_later_milestone_ready_before_the_earlier_is_done(
    accepted_proposal, vendor
):
    second = accepted_proposal.milestones.get(number=2)
    service.mark_ready(second, user=vendor)
    assert status(second) == Milestone.READY_TO_PAY


def test_mark_ready_sends_milestone_ready_after_the_commit(
    accepted_proposal, vendor, received, django_capture_on_commit_callbacks
):
    second = accepted_proposal.milestones.get(number=2)
    with django_capture_on_commit_callbacks(execute=True):
        service.mark_ready(second, user=vendor)
        assert received == []
    ((name, kwargs),) = received
    assert name == "milestone_ready"
    assert (kwargs["old_status"], kwargs["new_status"], kwargs["user"]) == (
        Milestone.PENDING,
        Milestone.READY_TO_PAY,
        vendor,
    )


@pytest.mark.parametrize(
    "current", [Milestone.READY_TO_PAY, Milestone.PAID, Milestone.COMPLETED]
)
def test_only_a_pending_milestone_is_marked_ready(accepted_proposal, vendor, current):
    second = set_status(accepted_proposal.milestones.get(number=2), current)
    with pytest.raises(IllegalTransition):
        service.mark_ready(second, user=vendor)
    assert status(second) == current
    assert not StatusChange.objects.filter(milestone=second).exists()


@pytest.mark.parametrize("readiness", ["automatic", "all"])
def test_mark_ready_is_refused_when_the_shop_makes_milestones_ready(
    accepted_proposal, vendor, settings, readiness
):
    settings.OSCAR_BIDDING_MILESTONE_READINESS = readiness
    second = set_status(accepted_proposal.milestones.get(number=2), Milestone.PENDING)
    assert "mark_ready" not in second.actions_for(vendor)
    with pytest.raises(IllegalTransition):
        service.mark_ready(second, user=vendor)
    assert status(second) == Milestone.PENDING


def test_the_customer_cannot_mark_a_milestone_ready(accepted_proposal, customer):
    second = accepted_proposal.milestones.get(number=2)
    assert "mark_ready" not in second.actions_for(customer)
    with pytest.raises(IllegalTransition):
        service.mark_ready(second, user=customer)
    assert status(second) == Milestone.PENDING


def test_automatic_readiness_makes_the_next_ready_on_approval(
    paid, customer, vendor, settings
):
    settings.OSCAR_BIDDING_MILESTONE_READINESS = "automatic"
    second = paid.proposal.milestones.get(number=2)
    service.deliver(paid, "Done", user=vendor)
    service.approve(paid, user=customer)
    assert status(second) == Milestone.READY_TO_PAY
    assert last_change(second).note == "Milestone 1 was approved."


def test_all_readiness_makes_every_milestone_ready_on_acceptance(
    project, vendor, settings
):
    settings.OSCAR_BIDDING_MILESTONE_READINESS = "all"
    proposal = factories.ProposalService().accept(
        factories.make_proposal(project, vendor)
    )
    assert set(proposal.milestones.values_list("status", flat=True)) == {
        Milestone.READY_TO_PAY
    }


def test_the_deprecated_all_milestones_ready_setting_still_works(
    project, vendor, settings
):
    settings.OSCAR_BIDDING_ALL_MILESTONES_READY = True
    assert lifecycle.milestone_readiness() == "all"
    proposal = factories.ProposalService().accept(
        factories.make_proposal(project, vendor)
    )
    assert set(proposal.milestones.values_list("status", flat=True)) == {
        Milestone.READY_TO_PAY
    }


def test_the_first_milestone_is_ready_on_acceptance_whatever_the_readiness(
    accepted_proposal,
):
    assert lifecycle.milestone_readiness() == "vendor"
    assert list(
        accepted_proposal.milestones.order_by("number").values_list("status", flat=True)
    ) == [Milestone.READY_TO_PAY, Milestone.PENDING]


# Delivery -------------------------------------------------------------------


def test_the_vendor_delivers_a_paid_milestone_with_a_note_and_files(
    paid, vendor, customer, received, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("plans.pdf", b"%PDF-1.4 plans", "application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        service.deliver(paid, "Cabinets fitted.", files=[upload], user=vendor)

    assert status(paid) == Milestone.DELIVERED
    row = last_change(paid)
    assert (row.old_status, row.new_status, row.role, row.user, row.note) == (
        Milestone.PAID,
        Milestone.DELIVERED,
        lifecycle.VENDOR,
        vendor,
        "Cabinets fitted.",
    )
    delivery = MilestoneDelivery.objects.get(milestone=paid)
    assert delivery.status_change == row
    (stored,) = delivery.files.all()
    assert (stored.name, stored.content_type) == ("plans.pdf", "application/pdf")
    assert stored.file.read() == b"%PDF-1.4 plans"
    assert names(received) == ["milestone_delivered"]
    (message,) = outbox("BIDDING_MILESTONE_DELIVERED")
    assert message.audience == "customer"
    assert message.context["status_change_id"] == row.pk


@pytest.mark.parametrize(
    "current",
    [
        Milestone.PENDING,
        Milestone.READY_TO_PAY,
        Milestone.DELIVERED,
        Milestone.DISPUTED,
        Milestone.COMPLETED,
    ],
)
def test_only_a_paid_milestone_or_a_revision_is_delivered(paid, vendor, current):
    set_status(paid, current)
    before = StatusChange.objects.count()
    with pytest.raises(IllegalTransition):
        service.deliver(paid, "Done", user=vendor)
    assert status(paid) == current
    assert StatusChange.objects.count() == before
    assert not MilestoneDelivery.objects.exists()


def test_a_delivery_needs_a_note(paid, vendor):
    with pytest.raises(IllegalTransition):
        service.deliver(paid, "  ", user=vendor)
    assert status(paid) == Milestone.PAID


def test_the_customer_cannot_deliver(paid, customer):
    with pytest.raises(IllegalTransition):
        service.deliver(paid, "Done", user=customer)
    assert status(paid) == Milestone.PAID


def test_a_milestone_of_a_proposal_not_in_progress_is_not_delivered(proposal, vendor):
    milestone = set_status(proposal.milestones.first(), Milestone.PAID)
    with pytest.raises(IllegalTransition):
        service.deliver(milestone, "Done", user=vendor)


# The customer's answer ------------------------------------------------------


def test_approval_completes_the_milestone_and_emails_the_vendor(
    paid, vendor, customer, received, django_capture_on_commit_callbacks
):
    service.deliver(paid, "Done", user=vendor)
    received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        service.approve(paid, user=customer)

    milestone = Milestone.objects.get(pk=paid.pk)
    assert milestone.status == Milestone.COMPLETED
    assert milestone.date_completed is not None
    row = last_change(paid)
    assert (row.old_status, row.new_status, row.role, row.user) == (
        Milestone.DELIVERED,
        Milestone.COMPLETED,
        lifecycle.CUSTOMER,
        customer,
    )
    assert names(received) == ["milestone_approved"]
    assert signals.milestone_completed is signals.milestone_approved
    (message,) = outbox("BIDDING_MILESTONE_APPROVED")
    assert message.audience == "vendor"


def test_a_revision_goes_back_to_the_vendor_with_its_reason(
    paid, vendor, customer, received, django_capture_on_commit_callbacks
):
    service.deliver(paid, "Done", user=vendor)
    with django_capture_on_commit_callbacks(execute=True):
        service.request_revision(paid, "The doors squeak.", user=customer)
    assert status(paid) == Milestone.REVISION_REQUESTED
    row = last_change(paid)
    assert (row.new_status, row.role, row.note) == (
        Milestone.REVISION_REQUESTED,
        lifecycle.CUSTOMER,
        "The doors squeak.",
    )
    (message,) = outbox("BIDDING_MILESTONE_REVISION")
    assert message.audience == "vendor"

    with django_capture_on_commit_callbacks(execute=True):
        service.deliver(paid, "Doors oiled.", user=vendor)
    assert status(paid) == Milestone.DELIVERED
    assert (last_change(paid).old_status, last_change(paid).note) == (
        Milestone.REVISION_REQUESTED,
        "Doors oiled.",
    )
    assert MilestoneDelivery.objects.filter(milestone=paid).count() == 2
    assert names(received) == ["milestone_revision_requested", "milestone_delivered"]


def test_a_dispute_is_recorded_with_its_reason_and_emailed_to_the_vendor(
    paid, vendor, customer, received, django_capture_on_commit_callbacks
):
    service.deliver(paid, "Done", user=vendor)
    with django_capture_on_commit_callbacks(execute=True):
        service.dispute(paid, "Nothing was fitted.", user=customer)
    assert status(paid) == Milestone.DISPUTED
    row = last_change(paid)
    assert (row.new_status, row.role, row.note) == (
        Milestone.DISPUTED,
        lifecycle.CUSTOMER,
        "Nothing was fitted.",
    )
    assert names(received)[-1] == "milestone_disputed"
    assert [m.audience for m in outbox("BIDDING_MILESTONE_DISPUTED")] == [
        "vendor",
        "staff",
    ]
    # Staff decide a dispute; the customer's buttons are gone.
    milestone = Milestone.objects.get(pk=paid.pk)
    assert milestone.actions_for(customer) == frozenset()
    with pytest.raises(IllegalTransition):
        service.approve(milestone, user=customer)
    assert status(paid) == Milestone.DISPUTED


def test_a_revision_in_progress_may_be_disputed(paid, vendor, customer):
    service.deliver(paid, "Done", user=vendor)
    service.request_revision(paid, "Squeaks", user=customer)
    service.dispute(paid, "Never came back", user=customer)
    assert status(paid) == Milestone.DISPUTED


@pytest.mark.parametrize("answer", ["approve", "request_revision", "dispute"], ids=str)
@pytest.mark.parametrize(
    "current",
    [Milestone.PENDING, Milestone.READY_TO_PAY, Milestone.PAID, Milestone.COMPLETED],
)
def test_the_customer_answers_only_a_delivery(paid, customer, answer, current):
    set_status(paid, current)
    before = StatusChange.objects.count()
    with pytest.raises(IllegalTransition):
        if answer == "approve":
            service.approve(paid, user=customer)
        else:
            getattr(service, answer)(paid, "Because", user=customer)
    assert status(paid) == current
    assert StatusChange.objects.count() == before


@pytest.mark.parametrize("answer", ["approve", "request_revision", "dispute"])
def test_the_vendor_cannot_answer_their_own_delivery(paid, vendor, answer):
    service.deliver(paid, "Done", user=vendor)
    with pytest.raises(IllegalTransition):
        if answer == "approve":
            service.approve(paid, user=vendor)
        else:
            getattr(service, answer)(paid, "Because", user=vendor)
    assert status(paid) == Milestone.DELIVERED


@pytest.mark.parametrize("answer", ["request_revision", "dispute"])
def test_a_revision_or_a_dispute_needs_a_reason(paid, vendor, customer, answer):
    service.deliver(paid, "Done", user=vendor)
    with pytest.raises(IllegalTransition):
        getattr(service, answer)(paid, " ", user=customer)
    assert status(paid) == Milestone.DELIVERED


def test_approving_the_last_milestone_completes_proposal_and_project(
    accepted_proposal, vendor, customer, received, django_capture_on_commit_callbacks
):
    first, second = accepted_proposal.milestones.order_by("number")
    pay_milestone(first, customer)
    factories.complete_milestone(first, user=vendor)
    assert Proposal.objects.get(pk=accepted_proposal.pk).status == Proposal.ACCEPTED
    service.mark_ready(second, user=vendor)
    pay_milestone(second, customer)
    service.deliver(second, "Done", user=vendor)
    received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        service.approve(second, user=customer)

    assert Proposal.objects.get(pk=accepted_proposal.pk).status == Proposal.COMPLETED
    assert (
        Project.objects.get(pk=accepted_proposal.project_id).status == Project.COMPLETED
    )
    assert names(received) == [
        "milestone_approved",
        "proposal_completed",
        "project_completed",
    ]


def test_the_project_cannot_be_completed_over_a_delivery_awaiting_approval(
    paid, vendor, customer
):
    service.deliver(paid, "Done", user=vendor)
    project = Project.objects.get(pk=paid.proposal.project_id)
    assert "complete" not in project.actions_for(customer)
    assert "approved" in project.completion_blocker()


def names(calls):
    return [name for name, _kwargs in calls]
