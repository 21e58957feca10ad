"""Posting, editing, cancelling and closing projects."""

from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from oscar_bidding import lifecycle
from oscar_bidding.exceptions import BiddingError
from oscar_bidding.services.locking import lock, require_status

Project = get_model("bidding", "Project")
ProjectAttachment = get_model("bidding", "ProjectAttachment")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
Notifier = get_class("bidding.notifications", "Notifier")
unfinished_payment = get_class("bidding.services.payments", "unfinished_payment")
AnswerService = get_class("bidding.services.answers", "AnswerService")
reject_waiting = get_class("bidding.services.proposals", "reject_waiting")
NewProjectNotices = get_class("bidding.services.digests", "NewProjectNotices")
InvitationService = get_class("bidding.services.invitations", "InvitationService")

#: Project fields a customer sets; the rest belongs to the service.
EDITABLE_FIELDS = (
    "title",
    "description",
    "category",
    "budget",
    "bidding_deadline",
    "project_type",
    "terms",
    "invite_only",
)


class ProjectService:
    notifier_class = Notifier
    answer_service_class = AnswerService
    new_project_notices_class = NewProjectNotices
    invitation_service_class = InvitationService

    def __init__(self):
        self.notifier = self.notifier_class()

    def create(
        self,
        customer,
        attachments=(),
        answers=None,
        terms_file=None,
        invitees=(),
        note="",
        **fields,
    ):
        """Post a project; ``attachments`` and ``terms_file`` (its own terms
        and conditions) are validated uploaded files, ``answers`` the validated
        answers to its type's questions, ``invitees`` the partners its
        customer invites (``InvitationService``: a refused invitation posts
        nothing), ``note`` the audit row's."""
        with transaction.atomic():
            project = Project(customer=customer, **fields)
            self._set_terms_file(project, terms_file)
            project.save()
            lifecycle.record_transition(
                project,
                "",
                project.status,
                user=customer,
                role=lifecycle.CUSTOMER,
                note=note,
            )
            self._invite(project, invitees, customer)
            self._attach(project, attachments)
            if answers is not None:
                self.answer_service_class().save(project, answers)
            # The vendors who may bid hear of it (OSCAR_BIDDING_NEW_PROJECT_EMAILS).
            self.new_project_notices_class(self.notifier).posted(project)
        return project

    def update(
        self,
        project,
        attachments=(),
        remove_attachments=(),
        answers=None,
        terms_file=None,
        remove_terms_file=False,
        invitees=(),
        user=None,
        **fields,
    ):
        """Edit an open project; it cannot change once a proposal is accepted.

        A replaced or removed terms file is not deleted: proposals that
        accepted it keep reading it.
        """
        with transaction.atomic():
            project = lock(project)
            require_status(project, [Project.OPEN], _("edit"))
            for name in EDITABLE_FIELDS:
                if name in fields:
                    setattr(project, name, fields[name])
            if remove_terms_file:
                project.terms_file = ""
                project.terms_file_name = ""
            self._set_terms_file(project, terms_file)
            project.save()
            self._invite(project, invitees, user or project.customer)
            for attachment in project.attachments.filter(
                pk__in=[a.pk for a in remove_attachments]
            ):
                attachment.file.delete(save=False)
                attachment.delete()
            self._attach(project, attachments)
            if answers is not None:
                self.answer_service_class().save(project, answers)
        return project

    def _invite(self, project, invitees, user):
        if invitees:
            self.invitation_service_class().invite(project, invitees, user)

    def cancel(self, project, user=None):
        """Withdraw an open project: every proposal still waiting is rejected."""
        with transaction.atomic():
            project = lock(project)
            self._end(project, Project.CANCELLED, _("cancel"), user, "")
        return project

    def close_bidding(self, project, user=None):
        """Stop taking proposals on an open project (its deadline passed)."""
        with transaction.atomic():
            project = lock(project)
            self._end(
                project,
                Project.CLOSED,
                _("close"),
                user,
                _("The bidding deadline passed.") if user is None else "",
            )
        return project

    def complete(self, project, user=None):
        """Mark an awarded project finished; its accepted proposals complete too.

        Refused while money or work is outstanding
        (:meth:`~oscar_bidding.abstract_models.AbstractProject.completion_blocker`),
        except that ``OSCAR_BIDDING_COMPLETE_CANCELS_UNPAID`` cancels the unpaid
        milestones, each change recorded.
        """
        with transaction.atomic():
            project = lock(project)
            lifecycle.require_transition(
                project, project.status, Project.COMPLETED, _("complete")
            )
            role = lifecycle.role_of(project, user)
            accepted = list(
                project.proposals.select_for_update()
                .filter(status=Proposal.ACCEPTED)
                .order_by("pk")
            )
            blocker = project.completion_blocker()
            if blocker:
                raise BiddingError(blocker)
            unpaid = list(
                Milestone.objects.select_for_update()
                .filter(proposal__in=accepted, status__in=Milestone.UNPAID_STATUSES)
                .order_by("proposal_id", "number")
            )
            if unpaid and unfinished_payment(milestones=unpaid):
                raise BiddingError(
                    _(
                        "A payment for a milestone of this project is under way: "
                        "wait for it to finish before completing the project."
                    )
                )
            self._cancel_milestones(unpaid, user, role)
            now = timezone.now()
            project.date_closed = now
            project.set_status(
                Project.COMPLETED, user=user, role=role, update_fields=["date_closed"]
            )
            for proposal in accepted:
                proposal.set_status(
                    Proposal.COMPLETED,
                    user=user,
                    role=role,
                    note=_("The customer marked the project completed."),
                )
        return project

    def _cancel_milestones(self, milestones, user, role):
        """Cancel unpaid milestones of a project completed early, one row each."""
        note = _("Cancelled: the customer completed the project without it.")
        for status in Milestone.UNPAID_STATUSES:
            group = [m for m in milestones if m.status == status]
            if not group:
                continue
            lifecycle.require_transition(group[0], status, Milestone.CANCELLED)
            Milestone.objects.filter(pk__in=[m.pk for m in group]).update(
                status=Milestone.CANCELLED
            )
            lifecycle.record_transitions(
                group, status, Milestone.CANCELLED, user=user, role=role, note=note
            )

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

    def _end(self, project, status, action, user, note):
        role = lifecycle.role_of(project, user)
        project.date_closed = timezone.now()
        project.set_status(
            status,
            user=user,
            role=role,
            note=note,
            action=action,
            update_fields=["date_closed"],
        )
        rejected = reject_waiting(
            project,
            user,
            role,
            _("The project was %(status)s.")
            % {"status": project.get_status_display().lower()},
        )
        for proposal in rejected:
            self.notifier.proposal_rejected(proposal)

    def _set_terms_file(self, project, uploaded):
        if uploaded is None:
            return
        project.terms_file = uploaded
        project.terms_file_name = get_valid_filename(Path(uploaded.name).name)[:255]

    def _attach(self, project, files):
        for uploaded in files:
            ProjectAttachment.objects.create(
                project=project,
                file=uploaded,
                name=get_valid_filename(Path(uploaded.name).name)[:255],
                content_type=uploaded.content_type,
                size=uploaded.size,
            )
