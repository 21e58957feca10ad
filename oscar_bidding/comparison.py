"""What "Compare proposals" shows of each proposal, side by side.

One :class:`ComparedProposal` per column, built from a proposal whose
milestones are prefetched: no query per proposal. A shop adds a row by
overriding :class:`ComparedProposal` (``get_class("bidding.comparison", ...)``)
and the ``comparison_rows`` block of ``oscar_bidding/proposal_compare.html``.
"""

from oscar.core.loading import get_class

ProposalDecisionForm = get_class("bidding.forms", "ProposalDecisionForm")


def revisions_count(proposal):
    """How many revisions (submissions) the proposal has had: the
    ``revision_count`` the comparison's query annotates, so that the page's
    queries stay constant."""
    return proposal.revision_count


class ComparedProposal:
    """A column of the comparison."""

    decision_form_class = ProposalDecisionForm

    def __init__(self, proposal):
        self.proposal = proposal
        self.milestones = list(proposal.milestones.all())

    @property
    def milestone_count(self):
        return len(self.milestones)

    @property
    def first_payment(self):
        """What the customer pays first: milestone 1, incl. tax."""
        return self.milestones[0].amount_incl_tax if self.milestones else None

    @property
    def revisions(self):
        return revisions_count(self.proposal)

    @property
    def decision_form(self):
        """The hidden version field that binds an accept to this version."""
        return self.decision_form_class(initial={"version": self.proposal.version})
