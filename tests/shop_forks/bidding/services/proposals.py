"""The fork's second changed module: it tells the shop's ERP of each accepted
proposal, as docs/customisation.rst's example does. The fork copies no view:
the package's views reach this class through their ``service_class``."""

from oscar_bidding.services.proposals import ProposalService as BaseProposalService

#: What the shop's ERP was told: the pk of each proposal accepted, in order.
erp_accepted = []


class ProposalService(BaseProposalService):
    def accept(self, proposal, *args, **kwargs):
        proposal = super().accept(proposal, *args, **kwargs)
        erp_accepted.append(proposal.pk)
        return proposal
