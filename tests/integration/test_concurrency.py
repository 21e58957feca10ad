"""Concurrent transitions are serialised by row locks: exactly one wins."""

import threading

import pytest
from django.db import connection
from oscar.core.loading import get_model

from oscar_bidding.exceptions import BiddingError, ProposalChanged
from tests import factories

Proposal = get_model("bidding", "Proposal")


def race(*actions):
    """Run the actions at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        barrier.wait()
        try:
            action()
            outcomes[index] = "ok"
        except Exception as error:  # noqa: BLE001 - the test inspects it
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def refused_cleanly(outcomes):
    """The losers got a message for the user, not a database error."""
    return all(o == "ok" or isinstance(o, BiddingError) for o in outcomes)


@pytest.mark.django_db(transaction=True)
def test_two_proposals_accepted_at_once_award_the_project_once(
    customer, vendor, other_vendor
):
    project = factories.make_project(customer)
    proposals = [factories.make_proposal(project, v) for v in (vendor, other_vendor)]
    service = factories.ProposalService()

    outcomes = race(*[lambda p=p: service.accept(p) for p in proposals])

    assert outcomes.count("ok") == 1
    assert refused_cleanly(outcomes)
    assert (
        Proposal.objects.filter(project=project, status=Proposal.ACCEPTED).count() == 1
    )
    assert (
        Proposal.objects.filter(project=project, status=Proposal.REJECTED).count() == 1
    )


@pytest.mark.django_db(transaction=True)
def test_accept_and_withdraw_at_once_leave_one_consistent_outcome(customer, vendor):
    project = factories.make_project(customer)
    proposal = factories.make_proposal(project, vendor)
    service = factories.ProposalService()

    outcomes = race(
        lambda: service.accept(proposal), lambda: service.withdraw(proposal)
    )

    assert outcomes.count("ok") == 1
    assert refused_cleanly(outcomes)
    status = Proposal.objects.get(pk=proposal.pk).status
    assert status == (Proposal.ACCEPTED if outcomes[0] == "ok" else Proposal.WITHDRAWN)


@pytest.mark.django_db(transaction=True)
def test_accept_and_a_vendor_edit_at_once_never_accept_unseen_prices(customer, vendor):
    project = factories.make_project(customer)
    proposal = factories.make_proposal(project, vendor)
    service = factories.ProposalService()
    changed = factories.milestone_specs(milestones=1, items=1)

    outcomes = race(
        lambda: service.accept(proposal, version=proposal.version),
        lambda: service.update(proposal, changed),
    )

    assert outcomes.count("ok") == 1
    assert refused_cleanly(outcomes)
    proposal.refresh_from_db()
    if outcomes[0] == "ok":  # accepted first: the edit came too late
        assert (proposal.status, proposal.version) == (Proposal.ACCEPTED, 1)
        assert proposal.amount_incl_tax == 800
    else:  # edited first: the customer never saw the new prices
        assert (proposal.status, proposal.version) == (Proposal.SUBMITTED, 2)
        assert isinstance(outcomes[0], ProposalChanged)
