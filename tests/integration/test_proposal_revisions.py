"""Request changes, with revisions: every submission is an immutable revision;
the customer requests changes, the vendor resubmits; accepting binds to the
latest revision and records it, an accept on an older one is refused with
what changed."""

from decimal import Decimal

import pytest
from oscar.core.loading import get_class, get_model

from oscar_bidding import signals
from oscar_bidding.exceptions import (
    BiddingError,
    ImmutableRevision,
    InvalidTransition,
    ProposalChanged,
)
from tests import factories

Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
ProposalVersion = get_model("bidding", "ProposalVersion")
StatusChange = get_model("bidding", "StatusChange")
OutboxMessage = get_model("bidding", "OutboxMessage")
ProposalVersions = get_class("bidding.services.versions", "ProposalVersions")
ProjectService = get_class("bidding.services.projects", "ProjectService")

service = factories.ProposalService()


def revised(proposal, vendor, unit_price=Decimal("150")):
    """The vendor's revision: one milestone of one item (2 x ``unit_price``)."""
    specs = factories.milestone_specs(milestones=1, items=1, unit_price=unit_price)
    service.update(proposal, specs, user=vendor, cover_letter="Cheaper now.")
    return service.submit(proposal, user=vendor)


def state(proposal):
    proposal = Proposal.objects.get(pk=proposal.pk)
    return (
        proposal.status,
        proposal.version,
        proposal.versions.count(),
        StatusChange.objects.filter(proposal=proposal).count(),
    )


@pytest.fixture
def received(request):
    """Signals received: ``received[name]`` lists each send's keyword arguments."""
    log = {}

    def listen(name):
        def receiver(sender, **kwargs):
            log.setdefault(name, []).append(kwargs)

        getattr(signals, name).connect(receiver, weak=False)
        request.addfinalizer(lambda: getattr(signals, name).disconnect(receiver))

    for name in (
        "proposal_submitted",
        "proposal_changes_requested",
        "proposal_resubmitted",
    ):
        listen(name)
    return log


def test_the_first_submission_is_revision_1_with_who_submitted_it(project, vendor):
    proposal = factories.make_proposal(project, vendor)

    (revision,) = proposal.versions.all()
    assert revision.number == 1 == proposal.version
    assert revision.submitted_by == vendor
    assert revision.date_created is not None
    assert revision.summary == ProposalVersions().summary(proposal)
    assert revision.summary["amount_incl_tax"] == "800.00"


def test_a_draft_has_no_revision(project, vendor):
    draft = factories.make_proposal(project, vendor, submit=False)

    assert not draft.versions.exists()


def test_a_revision_is_never_changed(proposal):
    revision = proposal.versions.get()
    revision.summary = {"amount_incl_tax": "1.00"}

    with pytest.raises(ImmutableRevision):
        revision.save()

    assert proposal.versions.get().summary["amount_incl_tax"] == "800.00"


def test_requesting_changes_records_the_reason_signals_and_emails_the_vendor(
    proposal, customer, vendor, received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        service.request_changes(
            proposal, "Cheaper tiles, please.", version=1, user=customer
        )

    proposal.refresh_from_db()
    assert proposal.status == Proposal.CHANGES_REQUESTED
    change = StatusChange.objects.filter(proposal=proposal).latest("pk")
    assert (change.old_status, change.new_status) == ("submitted", "changes_requested")
    assert (change.user, change.role, change.note) == (
        customer,
        "customer",
        "Cheaper tiles, please.",
    )
    (sent,) = received["proposal_changes_requested"]
    assert sent["instance"].pk == proposal.pk
    assert sent["note"] == "Cheaper tiles, please."
    (email,) = OutboxMessage.objects.filter(
        event_code="BIDDING_PROPOSAL_CHANGES_REQUESTED"
    )
    assert email.audience == "vendor"
    assert email.context["status_change_id"] == change.pk


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_change_request_needs_a_reason(proposal, customer, reason):
    before = state(proposal)

    with pytest.raises(BiddingError, match="Say what you want the vendor to change"):
        service.request_changes(proposal, reason, user=customer)

    assert state(proposal) == before


@pytest.mark.parametrize("status", ["draft", "accepted", "changes_requested"])
def test_a_change_request_on_a_proposal_not_submitted_is_refused(
    project, vendor, customer, status
):
    proposal = factories.make_proposal(project, vendor, submit=status != "draft")
    if status == "accepted":
        service.accept(proposal)
    elif status == "changes_requested":
        service.request_changes(proposal, "More detail.", user=customer)
    before = state(proposal)

    with pytest.raises(InvalidTransition, match="You cannot request changes to this"):
        service.request_changes(proposal, "Again", user=customer)

    assert state(proposal) == before


def test_a_change_request_on_an_older_revision_is_refused(proposal, customer, vendor):
    service.update(
        proposal, factories.milestone_specs(1, 1), user=vendor, cover_letter="x"
    )
    before = state(proposal)

    with pytest.raises(ProposalChanged):
        service.request_changes(proposal, "Cheaper", version=1, user=customer)

    assert state(proposal) == before


def test_the_customer_cannot_accept_while_changes_are_requested(proposal, customer):
    service.request_changes(proposal, "Cheaper", user=customer)
    proposal.refresh_from_db()

    assert proposal.actions_for(customer) == {"reject"}
    with pytest.raises(InvalidTransition):
        service.accept(proposal, version=1, user=customer)
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.CHANGES_REQUESTED
    assert Project.objects.get(pk=proposal.project_id).status == Project.OPEN


def test_the_customer_may_reject_while_changes_are_requested(proposal, customer):
    service.request_changes(proposal, "Cheaper", user=customer)

    service.reject(proposal, version=1, user=customer)

    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.REJECTED


def test_edits_after_a_change_request_make_a_revision_only_when_resubmitted(
    proposal, customer, vendor, received, django_capture_on_commit_callbacks
):
    service.request_changes(proposal, "Cheaper", user=customer)
    proposal.refresh_from_db()
    assert "edit" in proposal.actions_for(vendor)
    assert "submit" in proposal.actions_for(vendor)
    service.update(
        proposal, factories.milestone_specs(1, 1), user=vendor, cover_letter="x"
    )
    assert Proposal.objects.get(pk=proposal.pk).version == 1
    assert proposal.versions.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        service.submit(proposal, user=vendor)

    proposal.refresh_from_db()
    assert (proposal.status, proposal.version) == (Proposal.SUBMITTED, 2)
    second = proposal.versions.get(number=2)
    assert second.submitted_by == vendor
    assert second.summary["amount_incl_tax"] == "200.00"
    assert proposal.versions.get(number=1).summary["amount_incl_tax"] == "800.00"
    change = StatusChange.objects.filter(proposal=proposal).latest("pk")
    assert (change.old_status, change.new_status) == ("changes_requested", "submitted")
    assert change.note == "Revision 2."
    assert len(received["proposal_resubmitted"]) == 1
    assert "proposal_submitted" not in received
    (email,) = OutboxMessage.objects.filter(event_code="BIDDING_PROPOSAL_RESUBMITTED")
    assert email.audience == "customer"


def test_resubmitting_unchanged_still_makes_a_new_revision(proposal, customer, vendor):
    service.request_changes(proposal, "Cheaper", user=customer)

    service.submit(proposal, user=vendor)

    assert list(proposal.versions.values_list("number", flat=True)) == [1, 2]
    revisions = ProposalVersions().revisions(proposal)
    assert revisions[0].comparison["changed"] is False


def test_accepting_records_the_latest_revision(proposal, customer, vendor):
    service.request_changes(proposal, "Cheaper", user=customer)
    revised(proposal, vendor)

    service.accept(proposal, version=2, user=customer)

    proposal.refresh_from_db()
    assert proposal.status == Proposal.ACCEPTED
    assert proposal.accepted_revision == 2
    change = StatusChange.objects.filter(proposal=proposal, new_status="accepted").get()
    assert change.note == "Revision 2 accepted."


def test_an_accept_against_an_older_revision_is_refused_with_the_difference(
    proposal, customer, vendor
):
    service.request_changes(proposal, "Cheaper", user=customer)
    revised(proposal, vendor)
    before = state(proposal)

    with pytest.raises(ProposalChanged) as refused:
        service.accept(proposal, version=1, user=customer)

    message = str(refused.value)
    assert "total (incl. tax) £800.00 → £300.00" in message
    assert "milestones 2 → 1" in message
    assert "cover letter" in message
    assert "Nothing was decided" in message
    assert state(proposal) == before
    assert Proposal.objects.get(pk=proposal.pk).accepted_revision is None
    assert Project.objects.get(pk=proposal.project_id).status == Project.OPEN


def test_comparison_lists_milestones_and_items_added_removed_and_repriced(
    project, vendor, customer
):
    proposal = factories.make_proposal(project, vendor)
    specs = factories.milestone_specs(milestones=2, items=2)
    specs[0].items[0].unit_price = Decimal("120.00")  # re-priced
    del specs[0].items[1]  # removed
    specs[0].items.append(factories.ItemSpec("Skirting", 1, Decimal("30.00")))
    specs[1].title = "Painting"  # Stage 2 removed, Painting added
    service.request_changes(proposal, "Change it", user=customer)
    service.update(proposal, specs, user=vendor, cover_letter=proposal.cover_letter)
    service.submit(proposal, user=vendor)

    latest, first = ProposalVersions().revisions(proposal)

    assert first.comparison is None
    comparison = latest.comparison
    assert (comparison["total_before"], comparison["total_after"]) == (
        "800.00",
        "670.00",
    )
    changes = {(m["change"], m["title"]) for m in comparison["milestones"]}
    assert changes == {
        ("changed", "Stage 1"),
        ("added", "Painting"),
        ("removed", "Stage 2"),
    }
    (stage1,) = [m for m in comparison["milestones"] if m["title"] == "Stage 1"]
    assert stage1["repriced"] is True
    assert (stage1["before"], stage1["after"]) == ("400.00", "270.00")
    items = {(i["change"], i["description"]) for i in stage1["items"]}
    assert items == {
        ("repriced", "Work item 1.1"),
        ("removed", "Work item 1.2"),
        ("added", "Skirting"),
    }


def test_awarding_another_proposal_rejects_one_whose_changes_are_requested(
    project, vendor, other_vendor, customer
):
    waiting = factories.make_proposal(project, vendor)
    chosen = factories.make_proposal(project, other_vendor)
    service.request_changes(waiting, "Cheaper", user=customer)

    service.accept(chosen, user=customer)

    assert Proposal.objects.get(pk=waiting.pk).status == Proposal.REJECTED
    change = StatusChange.objects.filter(proposal=waiting).latest("pk")
    assert (change.old_status, change.new_status) == ("changes_requested", "rejected")


def test_cancelling_the_project_rejects_a_proposal_whose_changes_are_requested(
    proposal, customer
):
    service.request_changes(proposal, "Cheaper", user=customer)

    ProjectService().cancel(proposal.project, user=customer)

    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.REJECTED


def test_the_vendor_may_withdraw_while_changes_are_requested(
    proposal, customer, vendor
):
    service.request_changes(proposal, "Cheaper", user=customer)

    service.withdraw(proposal, user=vendor)

    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.WITHDRAWN


def test_the_emails_reach_the_vendor_and_the_customer_with_their_links(
    proposal, customer, vendor, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        service.request_changes(proposal, "Cheaper tiles, please.", user=customer)
    with django_capture_on_commit_callbacks(execute=True):
        revised(proposal, vendor)

    to_vendor, to_customer = mailoutbox
    assert to_vendor.to == [vendor.email]
    assert to_vendor.subject == (
        'Changes requested to your proposal for "Kitchen refit"'
    )
    assert "Cheaper tiles, please." in to_vendor.body
    assert f"/dashboard/bidding/proposals/{proposal.pk}/" in to_vendor.body
    assert to_customer.to == [customer.email]
    assert to_customer.subject == (
        'Vendor One sent revision 2 of their proposal for "Kitchen refit"'
    )
    assert "revision 2, £300.00 (incl. tax)" in to_customer.body
    assert f"/projects/proposals/{proposal.pk}/" in to_customer.body
