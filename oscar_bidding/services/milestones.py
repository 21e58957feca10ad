"""Milestones after acceptance: the vendor delivers, the next becomes payable."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from oscar_bidding import lifecycle
from oscar_bidding.services.locking import lock, require_status

Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
Notifier = get_class("bidding.notifications", "Notifier")


class MilestoneService:
    notifier_class = Notifier

    def __init__(self):
        self.notifier = self.notifier_class()

    def mark_completed(self, milestone, user=None):
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
            role = lifecycle.role_of(proposal, user)
            now = timezone.now()
            milestone.date_completed = now
            milestone.set_status(
                Milestone.COMPLETED,
                user=user,
                role=role,
                action=_("complete"),
                update_fields=["date_completed"],
            )
            following = (
                proposal.milestones.select_for_update()
                .filter(number__gt=milestone.number)
                .order_by("number")
                .first()
            )
            if following is None:
                self._complete(project, proposal, now, user, role)
            elif following.can_change_to(Milestone.READY_TO_PAY) and (
                following.status == Milestone.PENDING
            ):
                following.date_ready = now
                following.set_status(
                    Milestone.READY_TO_PAY,
                    user=user,
                    role=role,
                    note=_("Milestone %(number)s was completed.")
                    % {"number": milestone.number},
                    update_fields=["date_ready"],
                )
                self.notifier.milestone_ready(following)
        return milestone

    def _complete(self, project, proposal, now, user, role):
        if proposal.milestones.exclude(status=Milestone.COMPLETED).exists():
            return
        note = _("Every milestone is completed.")
        proposal.set_status(Proposal.COMPLETED, user=user, role=role, note=note)
        if not project.proposals.filter(status=Proposal.ACCEPTED).exists():
            project.date_closed = now
            project.set_status(
                Project.COMPLETED,
                user=user,
                role=role,
                note=note,
                update_fields=["date_closed"],
            )
