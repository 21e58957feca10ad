"""Migration 0018: each proposal submitted before revisions gets its current
state as revision N (its current version); the versions its changes replaced
stay readable as revisions 1..N-1; an accepted one records N as the accepted
revision; the e-mails of the new events are registered."""

import pytest
from oscar.core.loading import get_class, get_model

from tests import factories
from tests.migrations import migrate

CommunicationEventType = get_model("communication", "CommunicationEventType")
Proposal = get_model("bidding", "Proposal")
ProposalVersions = get_class("bidding.services.versions", "ProposalVersions")

BEFORE = [("bidding", "0014_sub_vendors")]
AFTER = [("bidding", "0018_revisions")]
EVENTS = {"BIDDING_PROPOSAL_CHANGES_REQUESTED", "BIDDING_PROPOSAL_RESUBMITTED"}


@pytest.mark.django_db(transaction=True)
def test_submitted_proposals_get_their_current_state_as_revision_n(
    latest_migrations_after, customer, vendor, other_vendor
):
    project = factories.make_project(customer)
    changed = factories.make_proposal(project, vendor)
    factories.ProposalService().update(
        changed, factories.milestone_specs(1, 1), cover_letter="Cheaper."
    )  # revision 2; revision 1 kept as the version it replaced
    accepted = factories.ProposalService().accept(
        factories.make_proposal(factories.make_project(customer), other_vendor)
    )
    draft = factories.make_proposal(
        factories.make_project(customer), vendor, submit=False
    )
    expected = {
        p.pk: ProposalVersions().summary(Proposal.objects.get(pk=p.pk))
        for p in (changed, accepted)
    }

    old = migrate(BEFORE)
    # As a shop had them: only the replaced versions, numbered by the version.
    old.get_model("bidding", "ProposalVersion").objects.filter(
        proposal_id__in=[changed.pk, accepted.pk], number__in=[2, 1]
    ).exclude(proposal_id=changed.pk, number=1).delete()
    CommunicationEventType.objects.filter(code__in=EVENTS).delete()

    new = migrate(AFTER)

    Version = new.get_model("bidding", "ProposalVersion")
    rows = {(v.proposal_id, v.number): v for v in Version.objects.order_by("pk")}
    assert set(rows) == {(changed.pk, 1), (changed.pk, 2), (accepted.pk, 1)}
    assert rows[(changed.pk, 1)].summary["amount_incl_tax"] == "800.00"
    assert rows[(changed.pk, 2)].summary == expected[changed.pk]
    assert rows[(accepted.pk, 1)].summary == expected[accepted.pk]
    assert rows[(accepted.pk, 1)].submitted_by_id == other_vendor.pk
    proposals = new.get_model("bidding", "Proposal").objects
    assert proposals.get(pk=accepted.pk).accepted_revision == 1
    assert proposals.get(pk=changed.pk).accepted_revision is None
    assert not Version.objects.filter(proposal_id=draft.pk).exists()
    assert (
        set(
            CommunicationEventType.objects.filter(code__in=EVENTS).values_list(
                "code", flat=True
            )
        )
        == EVENTS
    )
