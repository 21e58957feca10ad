"""Milestones after acceptance: the vendor marks them ready and delivers them,
the customer approves a delivery (which completes the milestone), asks for a
revision or opens a dispute.

Each method checks, locks (project, proposal, milestone, in that order, as
every service does), changes the status through ``set_status`` (the pipeline
refuses what it does not allow, the audit row keeps the note or reason, the
signal follows the commit) and writes the e-mail to the outbox.
"""

from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from oscar_bidding import lifecycle
from oscar_bidding.exceptions import IllegalTransition
from oscar_bidding.services.locking import lock, require_status

Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
MilestoneDelivery = get_model("bidding", "MilestoneDelivery")
MilestoneDeliveryFile = get_model("bidding", "MilestoneDeliveryFile")
Notifier = get_class("bidding.notifications", "Notifier")

#: Who may act on each side of a delivery (staff act for either side).
VENDOR_SIDE = (lifecycle.VENDOR, lifecycle.STAFF, lifecycle.SYSTEM)
CUSTOMER_SIDE = (lifecycle.CUSTOMER, lifecycle.STAFF, lifecycle.SYSTEM)


class MilestoneService:
    notifier_class = Notifier

    def __init__(self):
        self.notifier = self.notifier_class()

    # The vendor

    def mark_ready(self, milestone, user=None):
        """The vendor says a pending milestone may be paid now
        (``OSCAR_BIDDING_MILESTONE_READINESS = "vendor"``); the customer is
        e-mailed. Refused when the shop makes milestones ready by themselves."""
        with transaction.atomic():
            proposal, milestone = self._lock(milestone)
            role = self._require_role(proposal, user, VENDOR_SIDE)
            require_status(milestone, [Milestone.PENDING], _("mark ready"))
            if lifecycle.milestone_readiness() != lifecycle.READY_BY_VENDOR:
                raise IllegalTransition(milestone.why_not("mark_ready"))
            milestone.date_ready = timezone.now()
            milestone.set_status(
                Milestone.READY_TO_PAY,
                user=user,
                role=role,
                action=_("mark ready"),
                note=_("The vendor marked it ready to pay."),
                update_fields=["date_ready"],
            )
            self.notifier.milestone_ready(milestone)
        return milestone

    def deliver(self, milestone, note, files=(), user=None):
        """The vendor hands over a paid milestone (or a revision the customer
        asked for): ``note`` says what was delivered, ``files`` are validated
        uploads. The customer is e-mailed to approve it."""
        note = (note or "").strip()
        if not note:
            raise IllegalTransition(_("Say what you delivered."))
        with transaction.atomic():
            proposal, milestone = self._lock(milestone)
            role = self._require_role(proposal, user, VENDOR_SIDE)
            now = timezone.now()
            milestone.date_delivered = now
            milestone.set_status(
                Milestone.DELIVERED,
                user=user,
                role=role,
                action=_("deliver"),
                note=note,
                update_fields=["date_delivered"],
            )
            change = milestone.last_status_change
            delivery = MilestoneDelivery.objects.create(
                milestone=milestone, status_change=change, date_created=now
            )
            for uploaded in files:
                MilestoneDeliveryFile.objects.create(
                    delivery=delivery,
                    file=uploaded,
                    name=get_valid_filename(Path(uploaded.name).name)[:255],
                    content_type=uploaded.content_type,
                    size=uploaded.size,
                )
            self.notifier.milestone_delivered(milestone, change)
        return milestone

    # The customer

    def approve(self, milestone, user=None, note="", notify=True):
        """The customer accepts the delivery: the milestone is completed. The
        next one becomes ready to pay when the shop makes readiness
        automatic; with the last one, the proposal completes, and the project
        with its last accepted proposal. ``notify=False``: the vendor is not
        sent the approval e-mail (staff deciding a dispute send their own)."""
        with transaction.atomic():
            project = lock(milestone.proposal.project)
            proposal, milestone = self._lock(milestone, locked_project=project)
            role = self._require_role(proposal, user, CUSTOMER_SIDE)
            if milestone.status == Milestone.DISPUTED and role != lifecycle.STAFF:
                # Shop staff decide a dispute.
                require_status(milestone, [Milestone.DELIVERED], _("approve"))
            now = timezone.now()
            milestone.date_completed = now
            milestone.set_status(
                Milestone.COMPLETED,
                user=user,
                role=role,
                action=_("approve"),
                note=(note or "").strip(),
                update_fields=["date_completed"],
            )
            if notify:
                self.notifier.milestone_approved(
                    milestone, milestone.last_status_change
                )
            self.settled(project, proposal, milestone, now, user, role)
        return milestone

    def settled(self, project, proposal, milestone, now, user, role):
        """What follows a milestone done with (approved, or a dispute decided):
        the next one becomes ready to pay when the shop makes readiness
        automatic; once every milestone is settled (a dispute decided late may
        settle the last one outstanding, not the last in number), the
        proposal completes, and the project with its last accepted proposal.
        The caller holds the locks."""
        following = (
            proposal.milestones.select_for_update()
            .filter(number__gt=milestone.number)
            .order_by("number")
            .first()
        )
        if (
            following is not None
            and following.status == Milestone.PENDING
            and following.can_change_to(Milestone.READY_TO_PAY)
            and lifecycle.milestone_readiness() == lifecycle.READY_AUTOMATICALLY
        ):
            following.date_ready = now
            following.set_status(
                Milestone.READY_TO_PAY,
                user=user,
                role=role,
                note=_("Milestone %(number)s was approved.")
                % {"number": milestone.number},
                update_fields=["date_ready"],
            )
            self.notifier.milestone_ready(following)
        self._complete(project, proposal, now, user, role)

    def request_revision(self, milestone, reason, user=None):
        """The customer sends the delivery back with ``reason``; the vendor
        delivers again."""
        return self._answer(
            milestone,
            Milestone.REVISION_REQUESTED,
            reason,
            user,
            _("ask for a revision of"),
            self.notifier.milestone_revision_requested,
        )

    def dispute(self, milestone, reason, user=None):
        """The customer disagrees with the delivery; shop staff decide. The
        vendor is e-mailed the reason."""
        return self._answer(
            milestone,
            Milestone.DISPUTED,
            reason,
            user,
            _("dispute"),
            self.notifier.milestone_disputed,
        )

    def _answer(self, milestone, status, reason, user, action, notify):
        reason = (reason or "").strip()
        if not reason:
            raise IllegalTransition(_("Give a reason."))
        with transaction.atomic():
            proposal, milestone = self._lock(milestone)
            role = self._require_role(proposal, user, CUSTOMER_SIDE)
            milestone.set_status(
                status,
                user=user,
                role=role,
                action=action,
                note=reason,
            )
            notify(milestone, milestone.last_status_change)
        return milestone

    def _require_role(self, proposal, user, allowed):
        """Who ``user`` is to the proposal; the vendor never answers their own
        delivery, the customer never delivers. ``None`` (the system) may do both."""
        role = lifecycle.role_of(proposal, user)
        if role not in allowed:
            raise IllegalTransition(
                _("Only the customer answers a delivery.")
                if allowed is CUSTOMER_SIDE
                else _("Only the vendor delivers a milestone.")
            )
        return role

    def _lock(self, milestone, locked_project=None):
        """Lock the proposal and the milestone (the caller locked the project
        first when it may change it); the proposal must be in progress."""
        proposal = lock(milestone.proposal)
        milestone = lock(milestone)
        milestone.proposal = proposal
        if locked_project is not None:
            proposal.project = locked_project
        require_status(proposal, [Proposal.ACCEPTED], _("deliver"))
        return proposal, milestone

    def _complete(self, project, proposal, now, user, role):
        if proposal.milestones.exclude(status__in=Milestone.SETTLED_STATUSES).exists():
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
