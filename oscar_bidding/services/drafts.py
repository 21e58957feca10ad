"""A vendor's draft proposal, which the customer never saw: it is deleted,
not withdrawn, so the vendor may still answer the project."""

from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from oscar_bidding.services.locking import lock, require_status

Proposal = get_model("bidding", "Proposal")


class DraftService:
    def delete(self, proposal):
        with transaction.atomic():
            proposal = lock(proposal)
            require_status(proposal, [Proposal.DRAFT], _("delete"))
            project = proposal.project
            proposal.delete()
        return project
