"""The revisions of a vendor's proposal, as the customer sees them."""

from django.views import generic
from oscar.core.loading import get_class

ProposalMixin = get_class("bidding_dashboard.views.proposals", "ProposalMixin")
ProposalVersions = get_class("bidding.services.versions", "ProposalVersions")


class ProposalRevisionsView(ProposalMixin, generic.DetailView):
    """Every submitted revision, newest first, each with what changed from
    the one before; a fixed number of queries however many there are."""

    template_name = "oscar_bidding/dashboard/proposal_revisions.html"
    versions_class = ProposalVersions

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            revisions=self.versions_class().revisions(self.object), **kwargs
        )
