"""Posting, editing, cancelling and closing projects."""

from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from oscar_bidding.exceptions import BiddingError
from oscar_bidding.services.locking import lock, require_status

Project = get_model("bidding", "Project")
ProjectAttachment = get_model("bidding", "ProjectAttachment")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
Notifier = get_class("bidding.notifications", "Notifier")

#: Project fields a customer sets; the rest belongs to the service.
EDITABLE_FIELDS = ("title", "description", "category", "budget", "bidding_deadline")


class ProjectService:
    notifier_class = Notifier

    def __init__(self):
        self.notifier = self.notifier_class()

    def create(self, customer, attachments=(), **fields):
        """Post a project; ``attachments`` are validated uploaded files."""
        with transaction.atomic():
            project = Project.objects.create(customer=customer, **fields)
            self._attach(project, attachments)
        return project

    def update(self, project, attachments=(), remove_attachments=(), **fields):
        """Edit an open project; it cannot change once a proposal is accepted."""
        with transaction.atomic():
            project = lock(project)
            require_status(project, [Project.OPEN], _("edit"))
            for name in EDITABLE_FIELDS:
                if name in fields:
                    setattr(project, name, fields[name])
            project.save()
            for attachment in project.attachments.filter(
                pk__in=[a.pk for a in remove_attachments]
            ):
                attachment.file.delete(save=False)
                attachment.delete()
            self._attach(project, attachments)
        return project

    def cancel(self, project):
        """Withdraw an open project: every proposal still waiting is rejected."""
        with transaction.atomic():
            project = lock(project)
            require_status(project, [Project.OPEN], _("cancel"))
            self._end(project, Project.CANCELLED)
        return project

    def close_bidding(self, project):
        """Stop taking proposals on an open project (its deadline passed)."""
        with transaction.atomic():
            project = lock(project)
            require_status(project, [Project.OPEN], _("close"))
            self._end(project, Project.CLOSED)
        return project

    def complete(self, project):
        """Mark an awarded project finished; its accepted proposals complete too."""
        with transaction.atomic():
            project = lock(project)
            require_status(project, [Project.AWARDED], _("complete"))
            if Milestone.objects.filter(
                proposal__project=project, status=Milestone.PAID
            ).exists():
                raise BiddingError(
                    _("A paid milestone is still waiting for the vendor to deliver it.")
                )
            project.status = Project.COMPLETED
            project.date_closed = timezone.now()
            project.save(update_fields=["status", "date_closed", "date_updated"])
            project.proposals.filter(status=Proposal.ACCEPTED).update(
                status=Proposal.COMPLETED, date_updated=timezone.now()
            )
        return project

    def close_expired(self, today=None):
        """Close open projects whose bidding deadline has passed; returns how many."""
        today = today or timezone.localdate()
        closed = 0
        expired = Project.objects.filter(
            status=Project.OPEN, bidding_deadline__lt=today
        )
        for project in expired.only("pk").iterator():
            try:
                self.close_bidding(project)
            except BiddingError:
                continue  # changed meanwhile: another request decided it
            closed += 1
        return closed

    def _end(self, project, status):
        project.status = status
        project.date_closed = timezone.now()
        project.save(update_fields=["status", "date_closed", "date_updated"])
        waiting = project.proposals.filter(status=Proposal.SUBMITTED)
        rejected = list(waiting.select_for_update())
        waiting.update(status=Proposal.REJECTED, date_decided=timezone.now())
        for proposal in rejected:
            self.notifier.proposal_rejected(proposal)

    def _attach(self, project, files):
        for uploaded in files:
            ProjectAttachment.objects.create(
                project=project,
                file=uploaded,
                name=get_valid_filename(Path(uploaded.name).name)[:255],
                content_type=uploaded.content_type,
                size=uploaded.size,
            )
