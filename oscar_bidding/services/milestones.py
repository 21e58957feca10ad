"""Milestones after acceptance: the vendor delivers, the next becomes payable."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from oscar_bidding.services.locking import lock, require_status

Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
Notifier = get_class("bidding.notifications", "Notifier")


class MilestoneService:
    notifier_class = Notifier

    def __init__(self):
        self.notifier = self.notifier_class()

    def mark_completed(self, milestone):
        """The vendor delivered a paid milestone.

        The next milestone becomes ready to pay; when every milestone is
        completed, the proposal completes, and the project with its last
        accepted proposal.
        """
        with transaction.atomic():
            project = lock(milestone.proposal.project)
            proposal = lock(milestone.proposal)
            milestone = lock(milestone)
            require_status(proposal, [Proposal.ACCEPTED], _("deliver"))
            require_status(milestone, [Milestone.PAID], _("complete"))
            now = timezone.now()
            milestone.status = Milestone.COMPLETED
            milestone.date_completed = now
            milestone.save(update_fields=["status", "date_completed"])
            following = (
                proposal.milestones.select_for_update()
                .filter(number__gt=milestone.number)
                .order_by("number")
                .first()
            )
            if following is None:
                self._complete(project, proposal, now)
            elif following.status == Milestone.PENDING:
                following.status = Milestone.READY_TO_PAY
                following.date_ready = now
                following.save(update_fields=["status", "date_ready"])
                self.notifier.milestone_ready(following)
        return milestone

    def _complete(self, project, proposal, now):
        if proposal.milestones.exclude(status=Milestone.COMPLETED).exists():
            return
        proposal.status = Proposal.COMPLETED
        proposal.save(update_fields=["status", "date_updated"])
        if not project.proposals.filter(status=Proposal.ACCEPTED).exists():
            project.status = Project.COMPLETED
            project.date_closed = now
            project.save(update_fields=["status", "date_closed", "date_updated"])
