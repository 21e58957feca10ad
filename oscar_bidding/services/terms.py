"""A vendor accepting a project's terms and conditions on submitting a proposal."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_class

from oscar_bidding import signals
from oscar_bidding.exceptions import BiddingError

Terms = get_class("bidding.terms", "Terms")
terms_hash = get_class("bidding.terms", "terms_hash")


class TermsAcceptance:
    """Checks that the vendor accepted the terms, and records which.

    Called by :class:`~oscar_bidding.services.proposals.ProposalService` inside
    the submission's transaction, under its row lock: a copy of the terms, their
    hash, who and when go on the proposal, the submission's audit row says it
    (:meth:`note`), and ``proposal_terms_accepted`` is sent after commit.
    """

    terms_class = Terms

    def terms_for(self, project):
        return self.terms_class(project)

    def accept(self, proposal, user, accepted):
        """Record the acceptance, or raise :class:`BiddingError` when there are
        terms and ``accepted`` is false. Without terms nothing is recorded."""
        terms = self.terms_for(proposal.project)
        if not terms.exist():
            return False
        if not accepted:
            raise BiddingError(
                _(
                    "The proposal was not submitted: you must accept the "
                    "project's terms and conditions to submit it."
                )
            )
        record = terms.record()
        proposal.accepted_terms = record
        proposal.terms_hash = terms_hash(record)
        proposal.terms_accepted_by = (
            user if user is not None and user.is_authenticated else None
        )
        proposal.date_terms_accepted = timezone.now()
        proposal.save(
            update_fields=[
                "accepted_terms",
                "terms_hash",
                "terms_accepted_by",
                "date_terms_accepted",
            ]
        )
        transaction.on_commit(
            lambda: signals.proposal_terms_accepted.send_robust(
                sender=type(proposal),
                instance=proposal,
                user=user,
                terms_hash=proposal.terms_hash,
            )
        )
        return True

    def note(self, proposal):
        """The audit row's words for the acceptance."""
        return _("Terms and conditions accepted (version %(version)s).") % {
            "version": proposal.terms_hash[:12]
        }
