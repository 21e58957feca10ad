"""The lifecycle declared once: each pipeline allows exactly its transitions,
every transition the services make leaves one audit row, and sends its signal
after the commit (never on a rollback)."""

import datetime
from itertools import product

import pytest
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from oscar_bidding import defaults, lifecycle, signals
from oscar_bidding.exceptions import BiddingError, InvalidTransition
from tests import factories
from tests.checkout import pay_milestone

Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
StatusChange = get_model("bidding", "StatusChange")
ProjectService = get_class("bidding.services.projects", "ProjectService")
ProposalService = get_class("bidding.services.proposals", "ProposalService")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")
RefundService = get_class("bidding.services.refunds", "RefundService")

LIFECYCLE_SIGNALS = {
    name: getattr(signals, name)
    for name in dir(signals)
    if name.startswith(("project_", "proposal_", "milestone_"))
    and isinstance(getattr(signals, name), type(signals.status_changed))
    # The deprecated alias of milestone_approved.
    and name != "milestone_completed"
}


def statuses(model):
    return [value for value, _label in model.STATUS_CHOICES]


def pairs(model):
    return [
        pytest.param(model, old, new, id=f"{model.__name__}:{old}->{new}")
        for old, new in product(statuses(model), repeat=2)
        if old != new
    ]


def subject(model, accepted_proposal):
    if model is Project:
        return accepted_proposal.project
    if model is Proposal:
        return accepted_proposal
    return accepted_proposal.milestones.get(number=2)


def changes(obj):
    """The rows of ``obj`` itself (a proposal's also hold its milestones')."""
    return list(obj.status_changes.filter(subject=obj.lifecycle_name).order_by("pk"))


@pytest.fixture
def received():
    """Every lifecycle signal received: ``(name, kwargs)``, in order."""
    calls = []
    receivers = []
    for name, signal in LIFECYCLE_SIGNALS.items():

        def receiver(sender, name=name, **kwargs):
            calls.append((name, dict(kwargs, sender=sender)))

        signal.connect(receiver, weak=False, dispatch_uid=f"test-{name}")
        receivers.append((signal, name))
    yield calls
    for signal, name in receivers:
        signal.disconnect(dispatch_uid=f"test-{name}")


def names(calls):
    return [name for name, _kwargs in calls]


# One pipeline, read by set_status -------------------------------------------


@pytest.mark.parametrize(
    "model, old, new", pairs(Project) + pairs(Proposal) + pairs(Milestone)
)
def test_set_status_allows_exactly_the_pipeline_transitions(
    model, old, new, accepted_proposal, staff
):
    obj = subject(model, accepted_proposal)
    model.objects.filter(pk=obj.pk).update(status=old)
    obj.refresh_from_db()
    before = StatusChange.objects.count()
    allowed = new in model.get_pipeline()[old]

    if allowed:
        obj.set_status(new, user=staff, role=lifecycle.STAFF, note="by hand")
        obj.refresh_from_db()
        assert obj.status == new
        row = StatusChange.objects.latest("pk")
        assert (row.subject, row.object_id, row.old_status, row.new_status) == (
            obj.lifecycle_name,
            obj.pk,
            old,
            new,
        )
        assert (row.user, row.role, row.note) == (staff, lifecycle.STAFF, "by hand")
    else:
        with pytest.raises(InvalidTransition):
            obj.set_status(new, user=staff)
        obj.refresh_from_db()
        assert obj.status == old
        assert StatusChange.objects.count() == before


def test_every_status_has_a_pipeline_entry():
    for model in (Project, Proposal, Milestone):
        pipeline = model.get_pipeline()
        assert set(pipeline) == set(statuses(model))
        assert all(set(nexts) <= set(statuses(model)) for nexts in pipeline.values())


def test_a_shop_pipeline_removes_a_transition(settings, proposal, vendor):
    settings.OSCAR_BIDDING_PROPOSAL_PIPELINE = {
        **defaults.OSCAR_BIDDING_PROPOSAL_PIPELINE,
        "submitted": ("accepted", "rejected"),
    }

    assert not proposal.can_change_to(Proposal.WITHDRAWN)
    assert "withdraw" not in proposal.actions_for(vendor)
    with pytest.raises(InvalidTransition, match="cannot withdraw this proposal"):
        ProposalService().withdraw(proposal, user=vendor)
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.SUBMITTED


# Every service transition leaves its row ------------------------------------


def test_posting_a_project_and_a_proposal_starts_their_history(customer, vendor):
    project = factories.make_project(customer)
    proposal = factories.make_proposal(project, vendor)

    [posted] = changes(project)
    assert (posted.old_status, posted.new_status, posted.role, posted.user) == (
        "",
        Project.OPEN,
        lifecycle.CUSTOMER,
        customer,
    )
    assert [(c.old_status, c.new_status, c.role) for c in changes(proposal)] == [
        ("", Proposal.DRAFT, lifecycle.VENDOR),
        (Proposal.DRAFT, Proposal.SUBMITTED, lifecycle.VENDOR),
    ]


def test_accepting_records_the_proposal_the_project_the_others_and_the_milestone(
    project, proposal, other_vendor, customer
):
    other = factories.make_proposal(project, other_vendor)

    ProposalService().accept(proposal, user=customer)

    last = changes(proposal)[-1]
    assert (last.old_status, last.new_status, last.role, last.user) == (
        Proposal.SUBMITTED,
        Proposal.ACCEPTED,
        lifecycle.CUSTOMER,
        customer,
    )
    assert [(c.old_status, c.new_status) for c in changes(project)][-1] == (
        Project.OPEN,
        Project.AWARDED,
    )
    rejected = changes(other)[-1]
    assert (rejected.new_status, rejected.note) == (
        Proposal.REJECTED,
        "Another proposal was accepted.",
    )
    first, second = proposal.milestones.order_by("number")
    assert [(c.old_status, c.new_status) for c in changes(first)] == [
        (Milestone.PENDING, Milestone.READY_TO_PAY)
    ]
    assert changes(second) == []


def test_rejecting_withdrawing_and_declining_are_recorded(
    customer, vendor, other_vendor
):
    project = factories.make_project(customer)
    rejected = factories.make_proposal(project, vendor)
    withdrawn = factories.make_proposal(project, other_vendor)
    third = factories.make_vendor("third@example.com")

    ProposalService().reject(rejected, user=customer)
    ProposalService().withdraw(withdrawn, user=other_vendor)
    declined = ProposalService().decline(project, third.partners.get(), third, "Busy")

    assert changes(rejected)[-1].new_status == Proposal.REJECTED
    assert changes(rejected)[-1].role == lifecycle.CUSTOMER
    assert (changes(withdrawn)[-1].new_status, changes(withdrawn)[-1].role) == (
        Proposal.WITHDRAWN,
        lifecycle.VENDOR,
    )
    [decline] = changes(declined)
    assert (decline.old_status, decline.new_status, decline.note) == (
        "",
        Proposal.DECLINED,
        "Busy",
    )


def test_cancelling_and_closing_are_recorded_with_the_waiting_proposals(
    customer, vendor
):
    cancelled = factories.make_project(customer, title="Cancelled")
    waiting = factories.make_proposal(cancelled, vendor)
    closed = factories.make_project(customer, title="Closed")
    Project.objects.filter(pk=closed.pk).update(
        bidding_deadline=timezone.localdate() - datetime.timedelta(days=1)
    )

    ProjectService().cancel(cancelled, user=customer)
    ProjectService().close_expired()

    last = changes(cancelled)[-1]
    assert (last.new_status, last.role, last.user) == (
        Project.CANCELLED,
        lifecycle.CUSTOMER,
        customer,
    )
    assert changes(waiting)[-1].new_status == Proposal.REJECTED
    assert changes(waiting)[-1].note == "The project was cancelled."
    closing = changes(closed)[-1]
    assert (closing.new_status, closing.role, closing.user, closing.note) == (
        Project.CLOSED,
        lifecycle.SYSTEM,
        None,
        "The bidding deadline passed.",
    )


def test_completing_milestones_is_recorded_up_to_the_project(
    accepted_proposal, customer, vendor
):
    first, second = accepted_proposal.milestones.order_by("number")
    pay_milestone(first, customer)
    factories.complete_milestone(first, user=vendor)
    MilestoneService().mark_ready(second, user=vendor)
    pay_milestone(second, customer)
    factories.complete_milestone(second, user=vendor)

    assert [(c.new_status, c.role) for c in changes(first)][-2:] == [
        (Milestone.DELIVERED, lifecycle.VENDOR),
        (Milestone.COMPLETED, lifecycle.CUSTOMER),
    ]
    ready = [c for c in changes(second) if c.new_status == Milestone.READY_TO_PAY]
    assert [(c.old_status, c.role, c.note) for c in ready] == [
        (Milestone.PENDING, lifecycle.VENDOR, "The vendor marked it ready to pay.")
    ]
    assert changes(second)[-1].new_status == Milestone.COMPLETED
    assert changes(accepted_proposal)[-1].new_status == Proposal.COMPLETED
    assert changes(accepted_proposal.project)[-1].new_status == Project.COMPLETED


def test_refunds_are_recorded_whether_the_milestone_changes_or_not(
    accepted_proposal, customer, vendor, staff, refund_gateway
):
    first, second = accepted_proposal.milestones.order_by("number")
    first_order = pay_milestone(first, customer)
    factories.complete_milestone(first, user=vendor)
    MilestoneService().mark_ready(second, user=vendor)
    second_order = pay_milestone(second, customer)

    RefundService().refund_order(second_order, staff, "Not delivered")
    RefundService().refund_order(first_order, staff, "Goodwill")

    refund = changes(second)[-1]
    assert (refund.old_status, refund.new_status, refund.role, refund.user) == (
        Milestone.PAID,
        Milestone.READY_TO_PAY,
        lifecycle.STAFF,
        staff,
    )
    assert "Not delivered" in refund.note
    kept = changes(first)[-1]
    assert (kept.old_status, kept.new_status) == (
        Milestone.COMPLETED,
        Milestone.COMPLETED,
    )
    assert "Goodwill" in kept.note


def test_a_refused_change_leaves_no_row(accepted_proposal, customer):
    before = StatusChange.objects.count()

    with pytest.raises(BiddingError):
        ProposalService().accept(accepted_proposal, user=customer)
    with pytest.raises(BiddingError):
        ProjectService().complete(accepted_proposal.project, user=customer)

    assert StatusChange.objects.count() == before


# The public functions for code that changes statuses itself ----------------


def test_record_transitions_writes_many_rows_in_one_insert(
    accepted_proposal, customer, django_assert_num_queries
):
    milestones = list(accepted_proposal.milestones.all())
    Milestone.objects.filter(proposal=accepted_proposal).update(status=Milestone.PAID)

    with django_assert_num_queries(1):
        lifecycle.record_transitions(
            milestones,
            Milestone.READY_TO_PAY,
            Milestone.PAID,
            user=customer,
            role=lifecycle.CUSTOMER,
            note="Order 100001",
        )

    rows = StatusChange.objects.filter(new_status=Milestone.PAID)
    assert sorted(r.milestone_id for r in rows) == sorted(m.pk for m in milestones)
    assert {(r.proposal_id, r.role, r.note) for r in rows} == {
        (accepted_proposal.pk, lifecycle.CUSTOMER, "Order 100001")
    }


def test_record_transition_refuses_what_the_pipeline_does_not_allow(
    accepted_proposal,
):
    milestone = accepted_proposal.milestones.get(number=2)

    with pytest.raises(InvalidTransition):
        lifecycle.record_transition(milestone, Milestone.PENDING, Milestone.PAID)
    assert not milestone.status_changes.exists()


# Signals, after the commit --------------------------------------------------


def test_each_transition_sends_its_signal_after_the_commit(
    received,
    customer,
    vendor,
    staff,
    refund_gateway,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        project = factories.make_project(customer)
        proposal = factories.make_proposal(project, vendor)
    assert names(received) == [
        "project_posted",
        "proposal_created",
        "proposal_submitted",
    ]

    received.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ProposalService().accept(proposal, user=customer)
        assert received == []  # not before the commit
    assert callbacks
    assert names(received) == [
        "proposal_accepted",
        "project_awarded",
        "milestone_ready",
    ]
    _name, kwargs = received[0]
    assert kwargs["sender"] is Proposal
    assert kwargs["instance"].pk == proposal.pk
    assert (kwargs["user"], kwargs["role"]) == (customer, lifecycle.CUSTOMER)
    assert (kwargs["old_status"], kwargs["new_status"]) == (
        Proposal.SUBMITTED,
        Proposal.ACCEPTED,
    )

    first, second = proposal.milestones.order_by("number")
    order = pay_milestone(first, customer)
    received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        RefundService().refund_order(order, staff, "Sorry")
    assert names(received) == ["milestone_refunded"]

    pay_milestone(first, customer)
    received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        MilestoneService().deliver(first, "Done", user=vendor)
        MilestoneService().request_revision(first, "Again", user=customer)
        MilestoneService().deliver(first, "Done again", user=vendor)
        MilestoneService().approve(first, user=customer)
        MilestoneService().mark_ready(second, user=vendor)
    assert names(received) == [
        "milestone_delivered",
        "milestone_revision_requested",
        "milestone_delivered",
        "milestone_approved",
        "milestone_ready",
    ]

    pay_milestone(second, customer)
    MilestoneService().deliver(second, "Done", user=vendor)
    received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        MilestoneService().dispute(second, "Nothing", user=customer)
    assert names(received) == ["milestone_disputed"]


def test_rejecting_withdrawing_declining_cancelling_and_closing_send_signals(
    received, customer, vendor, other_vendor, django_capture_on_commit_callbacks
):
    project = factories.make_project(customer)
    first = factories.make_proposal(project, vendor)
    second = factories.make_proposal(project, other_vendor)
    third = factories.make_vendor("third@example.com")
    closing = factories.make_project(customer, title="Closing")
    received.clear()

    with django_capture_on_commit_callbacks(execute=True):
        ProposalService().reject(first, user=customer)
        ProposalService().withdraw(second, user=other_vendor)
        ProposalService().decline(project, third.partners.get(), third, "No")
        ProjectService().cancel(project, user=customer)
        ProjectService().close_bidding(closing)

    assert names(received) == [
        "proposal_rejected",
        "proposal_withdrawn",
        "proposal_declined",
        "project_cancelled",
        "project_closed",
    ]


def test_cancelled_milestones_send_their_signal(
    settings, received, accepted_proposal, customer, django_capture_on_commit_callbacks
):
    settings.OSCAR_BIDDING_COMPLETE_CANCELS_UNPAID = True
    received.clear()

    with django_capture_on_commit_callbacks(execute=True):
        ProjectService().complete(accepted_proposal.project, user=customer)

    assert names(received) == [
        "milestone_cancelled",
        "milestone_cancelled",
        "project_completed",
        "proposal_completed",
    ]


def test_no_signal_is_sent_when_the_transaction_rolls_back(
    received, proposal, customer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                ProposalService().accept(proposal, user=customer)
                raise RuntimeError("the request failed")

    assert received == []
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.SUBMITTED
    assert not proposal.status_changes.filter(new_status=Proposal.ACCEPTED).exists()


def test_status_changed_is_sent_for_every_transition(
    proposal, customer, django_capture_on_commit_callbacks
):
    seen = []

    def receiver(sender, instance, old_status, new_status, **kwargs):
        seen.append((sender.__name__, old_status, new_status))

    signals.status_changed.connect(receiver, weak=False, dispatch_uid="test-all")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            ProposalService().reject(proposal, user=customer)
    finally:
        signals.status_changed.disconnect(dispatch_uid="test-all")

    assert seen == [("Proposal", Proposal.SUBMITTED, Proposal.REJECTED)]


def test_a_failing_receiver_is_logged_and_the_others_still_run(
    received, proposal, customer, django_capture_on_commit_callbacks, caplog
):
    def broken(sender, **kwargs):
        raise ValueError("CRM down")

    signals.proposal_rejected.connect(broken, weak=False, dispatch_uid="test-broken")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            ProposalService().reject(proposal, user=customer)
    finally:
        signals.proposal_rejected.disconnect(dispatch_uid="test-broken")

    assert "proposal_rejected" in names(received)
    assert "CRM down" in caplog.text


def test_paying_a_milestone_records_its_row_and_sends_milestone_paid(
    received, accepted_proposal, customer, django_capture_on_commit_callbacks
):
    milestone = accepted_proposal.milestones.get(number=1)

    with django_capture_on_commit_callbacks(execute=True):
        pay_milestone(milestone, customer)

    paid = changes(milestone)[-1]
    assert (paid.old_status, paid.new_status, paid.role) == (
        Milestone.READY_TO_PAY,
        Milestone.PAID,
        lifecycle.CUSTOMER,
    )
    assert "milestone_paid" in names(received)
