"""Project, Proposal, Milestone and their parts, as abstract models.

Behaviour lives here and concrete models in :mod:`oscar_bidding.models` are a few
lines, so that a shop can fork them the Oscar way. Models never change their own
state: every transition goes through :mod:`oscar_bidding.services`.
"""

import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from oscar.core.loading import get_model

from oscar_bidding import lifecycle
from oscar_bidding.compat import check_constraint
from oscar_bidding.conf import currency as default_currency
from oscar_bidding.conf import setting
from oscar_bidding.exceptions import ImmutableRevision

MONEY = {"max_digits": 12, "decimal_places": 2}


class LifecycleMixin:
    """Statuses and their transitions, declared once in a pipeline setting, as
    Oscar's ``Order`` reads ``OSCAR_ORDER_STATUS_PIPELINE``.

    ``set_status`` is the only way a status changes: it refuses what the
    pipeline does not allow, saves, writes the audit row
    (:class:`AbstractStatusChange`) and sends the transition's signal after
    commit. The services call it under their row locks; pages ask
    ``actions_for(user)`` what to offer.
    """

    #: ``project``, ``proposal`` or ``milestone``: the audit rows and signals say it.
    lifecycle_name = None
    #: The ``OSCAR_BIDDING_*_PIPELINE`` setting of the model.
    pipeline_setting = None

    @classmethod
    def get_pipeline(cls):
        return setting(cls.pipeline_setting)

    def available_statuses(self):
        """The statuses this object may change to next."""
        return tuple(self.get_pipeline().get(self.status, ()))

    def can_change_to(self, status):
        return status in self.available_statuses()

    def why_not(self, action):
        """What the user is told when ``action`` is not among
        ``actions_for(user)``."""
        return lifecycle.refusal(self, action)

    def set_status(
        self, new_status, user=None, role=None, note="", action=None, update_fields=()
    ):
        """Change to ``new_status``, or raise ``InvalidTransition``.

        ``action`` (a verb: "accept") words the refusal; ``update_fields`` are
        other fields the caller changed and saves with the status.
        """
        old_status = self.status
        lifecycle.require_transition(self, old_status, new_status, action)
        self.status = new_status
        auto = [
            f.name for f in self._meta.concrete_fields if getattr(f, "auto_now", False)
        ]
        self.save(update_fields=["status", *update_fields, *auto])
        #: The audit row of this change (a delivery hangs its files on it).
        self.last_status_change = lifecycle.record_transition(
            self, old_status, new_status, user=user, role=role, note=note
        )
        return self


def attachment_upload_to(instance, filename):
    """Store under a random name: the user's file name is kept only as a label."""
    return f"bidding/attachments/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


def terms_upload_to(instance, filename):
    """Under a random name, as project attachments; a replaced file is kept,
    since proposals that accepted it still point at it."""
    return f"bidding/terms/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class AbstractProject(LifecycleMixin, models.Model):
    """A customer's request for proposals."""

    lifecycle_name = "project"
    pipeline_setting = "OSCAR_BIDDING_PROJECT_PIPELINE"

    OPEN = "open"
    AWARDED = "awarded"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    CLOSED = "closed"
    STATUS_CHOICES = [
        (OPEN, pgettext_lazy("project status", "Open")),
        (AWARDED, pgettext_lazy("project status", "Awarded")),
        (COMPLETED, pgettext_lazy("project status", "Completed")),
        (CANCELLED, pgettext_lazy("project status", "Cancelled")),
        (CLOSED, pgettext_lazy("project status", "Closed")),
    ]
    ARCHIVED_STATUSES = (COMPLETED, CANCELLED, CLOSED)

    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="bidding_projects",
        verbose_name=_("Customer"),
    )
    title = models.CharField(_("Title"), max_length=255)
    description = models.TextField(_("Description"))
    category = models.ForeignKey(
        "catalogue.Category",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Category"),
    )
    project_type = models.ForeignKey(
        "bidding.ProjectType",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("Project type"),
    )
    budget = models.DecimalField(_("Budget"), null=True, blank=True, **MONEY)
    currency = models.CharField(_("Currency"), max_length=12, default=default_currency)
    bidding_deadline = models.DateField(_("Bidding deadline"))
    status = models.CharField(
        _("Status"), max_length=20, choices=STATUS_CHOICES, default=OPEN
    )
    date_created = models.DateTimeField(_("Date created"), auto_now_add=True)
    date_updated = models.DateTimeField(_("Date updated"), auto_now=True)
    date_closed = models.DateTimeField(_("Date closed"), null=True, blank=True)
    #: The customer's own terms and conditions, added to the shop's
    #: (``OSCAR_BIDDING_TERMS``): a vendor accepts both to submit a proposal.
    terms = models.TextField(_("Your terms and conditions"), blank=True)
    terms_file = models.FileField(
        _("Terms and conditions file"),
        upload_to=terms_upload_to,
        max_length=255,
        blank=True,
    )
    terms_file_name = models.CharField(
        _("Terms and conditions file name"), max_length=255, blank=True
    )
    #: Only the invited vendors (``invitations``) see and bid on the project.
    invite_only = models.BooleanField(_("Invite-only"), default=False)

    class Meta:
        abstract = True
        app_label = "bidding"
        ordering = ["-date_created", "-pk"]
        verbose_name = _("Project")
        verbose_name_plural = _("Projects")
        constraints = [
            check_constraint(
                Q(budget__isnull=True) | Q(budget__gte=0),
                name="bidding_project_budget_not_negative",
            ),
        ]
        indexes = [
            models.Index(
                fields=["customer", "status", "-date_created"],
                name="bidding_project_customer",
            ),
            models.Index(
                fields=["status", "bidding_deadline"], name="bidding_project_open"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("bidding:project-detail", kwargs={"pk": self.pk})

    @property
    def is_archived(self):
        return self.status in self.ARCHIVED_STATUSES

    @property
    def is_accepting_proposals(self):
        return (
            self.status == self.OPEN and self.bidding_deadline >= timezone.localdate()
        )

    @property
    def is_editable(self):
        return self.status == self.OPEN

    def actions_for(self, user):
        """What ``user`` may do to the project now: ``edit``, ``cancel``,
        ``complete``; only its customer acts on it."""
        if not user.is_authenticated or user.pk != self.customer_id:
            return frozenset()
        actions = set()
        if self.is_editable:
            actions.add("edit")
        if self.can_change_to(self.CANCELLED):
            actions.add("cancel")
        if self.can_change_to(self.COMPLETED) and not self.completion_blocker():
            actions.add("complete")
        return frozenset(actions)

    def why_not(self, action):
        if action == "complete" and self.can_change_to(self.COMPLETED):
            return self.completion_blocker() or super().why_not(action)
        return super().why_not(action)

    def outstanding_milestones(self):
        """The milestones of the accepted proposals not yet completed (nor
        cancelled), with their proposal; read once per instance."""
        if not hasattr(self, "_outstanding"):
            Milestone = get_model("bidding", "Milestone")
            Proposal = get_model("bidding", "Proposal")
            self._outstanding = list(
                Milestone.objects.filter(
                    proposal__project=self,
                    proposal__status=Proposal.ACCEPTED,
                    status__in=Milestone.OUTSTANDING_STATUSES,
                ).order_by("proposal_id", "number")
            )
        return self._outstanding

    def completion_blocker(self):
        """Why the project cannot be marked completed now, or ``None``.

        Work paid for and not delivered always stops it; money still due stops
        it unless ``OSCAR_BIDDING_COMPLETE_CANCELS_UNPAID`` lets completing
        cancel the unpaid milestones.
        """
        outstanding = self.outstanding_milestones()
        paid = [m for m in outstanding if m.status in m.IN_WORK_STATUSES]
        if paid:
            return _(
                "Milestone %(number)s is paid and not yet approved: the project "
                "can be completed once you have approved its delivery."
            ) % {"number": paid[0].number}
        if outstanding and not setting("OSCAR_BIDDING_COMPLETE_CANCELS_UNPAID"):
            return _(
                "%(count)s milestone(s) are not paid yet: the project completes by "
                "itself when you approve the last milestone."
            ) % {"count": len(outstanding)}
        return None


class AbstractProjectAttachment(models.Model):
    """A file the customer joined to a project; served only through a checked view."""

    project = models.ForeignKey(
        "bidding.Project",
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("Project"),
    )
    file = models.FileField(_("File"), upload_to=attachment_upload_to, max_length=255)
    name = models.CharField(_("File name"), max_length=255)
    content_type = models.CharField(_("Content type"), max_length=100)
    size = models.PositiveIntegerField(_("Size in bytes"))
    date_created = models.DateTimeField(_("Date created"), auto_now_add=True)

    class Meta:
        abstract = True
        app_label = "bidding"
        ordering = ["pk"]
        verbose_name = _("Project attachment")
        verbose_name_plural = _("Project attachments")

    def __str__(self):
        return self.name


class AbstractProposal(LifecycleMixin, models.Model):
    """A vendor's bid on one project, split into milestones."""

    lifecycle_name = "proposal"
    pipeline_setting = "OSCAR_BIDDING_PROPOSAL_PIPELINE"

    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    DECLINED = "declined"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    #: The customer asked the vendor to change the proposal; the vendor edits
    #: it and submits it again (a new revision).
    CHANGES_REQUESTED = "changes_requested"
    STATUS_CHOICES = [
        (DRAFT, pgettext_lazy("proposal status", "Draft")),
        (SUBMITTED, pgettext_lazy("proposal status", "Submitted")),
        (ACCEPTED, pgettext_lazy("proposal status", "Accepted")),
        (REJECTED, pgettext_lazy("proposal status", "Rejected")),
        (WITHDRAWN, pgettext_lazy("proposal status", "Withdrawn")),
        (DECLINED, pgettext_lazy("proposal status", "Declined to bid")),
        (COMPLETED, pgettext_lazy("proposal status", "Completed")),
        (CANCELLED, pgettext_lazy("proposal status", "Cancelled")),
        (CHANGES_REQUESTED, pgettext_lazy("proposal status", "Changes requested")),
    ]
    #: The statuses a customer sees; drafts stay with the vendor.
    VISIBLE_TO_CUSTOMER = (
        SUBMITTED,
        ACCEPTED,
        REJECTED,
        WITHDRAWN,
        COMPLETED,
        CANCELLED,
        CHANGES_REQUESTED,
    )
    AWARDED_STATUSES = (ACCEPTED, COMPLETED)
    EDITABLE_STATUSES = (DRAFT, SUBMITTED, CHANGES_REQUESTED)
    #: Waiting for the customer's decision or the vendor's revision: what
    #: awarding another proposal, or the project's end, rejects.
    WAITING_STATUSES = (SUBMITTED, CHANGES_REQUESTED)

    project = models.ForeignKey(
        "bidding.Project",
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("Project"),
    )
    partner = models.ForeignKey(
        "partner.Partner",
        on_delete=models.PROTECT,
        related_name="bidding_proposals",
        verbose_name=_("Vendor"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Author"),
    )
    cover_letter = models.TextField(_("Cover letter"), blank=True)
    delivery_days = models.PositiveIntegerField(
        _("Delivery estimate (days)"), null=True, blank=True
    )
    decline_reason = models.TextField(_("Reason for declining"), blank=True)
    currency = models.CharField(_("Currency"), max_length=12, default=default_currency)
    amount_excl_tax = models.DecimalField(
        _("Total (excl. tax)"), default=Decimal("0.00"), **MONEY
    )
    amount_incl_tax = models.DecimalField(
        _("Total (incl. tax)"), default=Decimal("0.00"), **MONEY
    )
    amount_paid = models.DecimalField(
        _("Amount paid"), default=Decimal("0.00"), **MONEY
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=STATUS_CHOICES, default=DRAFT
    )
    #: Cleared when the shop allows several awards; the database then lets a
    #: project have more than one accepted proposal.
    sole_award = models.BooleanField(_("Sole award"), default=True, editable=False)
    date_created = models.DateTimeField(_("Date created"), auto_now_add=True)
    date_updated = models.DateTimeField(_("Date updated"), auto_now=True)
    date_submitted = models.DateTimeField(_("Date submitted"), null=True, blank=True)
    date_decided = models.DateTimeField(_("Date decided"), null=True, blank=True)
    #: The version the customer reads: each change the vendor makes to a
    #: submitted proposal adds one, and the customer's decision names the
    #: version it was made on (a decision on an older one is refused).
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)
    date_changed = models.DateTimeField(
        _("Date changed by the vendor"), null=True, blank=True, editable=False
    )
    #: The revision (``ProposalVersion.number``) the customer accepted.
    accepted_revision = models.PositiveIntegerField(
        _("Accepted revision"), null=True, blank=True, editable=False
    )
    #: The terms the vendor accepted on submitting, as they read then: the
    #: shop's and the project's text, and the project's file (name, SHA-256
    #: and stored copy), by :class:`oscar_bidding.terms.Terms`. Later changes
    #: to the terms leave it as it is.
    accepted_terms = models.JSONField(
        _("Terms accepted"), null=True, blank=True, editable=False
    )
    #: The SHA-256 of ``accepted_terms``: the version of the terms accepted.
    terms_hash = models.CharField(
        _("Version of the terms accepted"), max_length=64, blank=True, editable=False
    )
    terms_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("Terms accepted by"),
    )
    date_terms_accepted = models.DateTimeField(
        _("Date terms accepted"), null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True
        app_label = "bidding"
        ordering = ["-date_created", "-pk"]
        verbose_name = _("Proposal")
        verbose_name_plural = _("Proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "partner"], name="bidding_one_proposal_per_vendor"
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status__in=["accepted", "completed"], sole_award=True),
                name="bidding_one_accepted_proposal",
            ),
            check_constraint(
                Q(amount_excl_tax__gte=0)
                & Q(amount_incl_tax__gte=0)
                & Q(amount_paid__gte=0),
                name="bidding_proposal_amounts_not_negative",
            ),
        ]
        indexes = [
            models.Index(
                fields=["partner", "status", "-date_created"],
                name="bidding_proposal_partner",
            ),
            models.Index(
                fields=["status", "-date_created"], name="bidding_proposal_status"
            ),
            # Manage Proposals for staff: the newest page without reading them all.
            models.Index(
                fields=["-date_created", "-id"], name="bidding_proposal_recent"
            ),
        ]

    def __str__(self):
        return _("Proposal #%(number)s for %(project)s") % {
            "number": self.pk,
            "project": self.project,
        }

    def get_absolute_url(self):
        return reverse("bidding:proposal-detail", kwargs={"pk": self.pk})

    def get_dashboard_url(self):
        return reverse("bidding_dashboard:proposal-detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self):
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_in_progress(self):
        """Accepted and not finished: its milestones are paid and delivered."""
        return self.status == self.ACCEPTED

    @property
    def tax(self):
        return self.amount_incl_tax - self.amount_excl_tax

    @property
    def amount_due(self):
        """What the customer has still to pay: nothing once the proposal ended
        (cancelled milestones are not due)."""
        if self.status in (self.COMPLETED, self.CANCELLED):
            return Decimal("0.00")
        return self.amount_incl_tax - self.amount_paid

    def why_not(self, action):
        if action == "request_changes":
            action = _("request changes to")
        return super().why_not(action)

    @property
    def changes_request(self):
        """The audit row of the customer's open change request (its ``note``
        says what to change), or ``None``. Read from the prefetched
        ``timeline`` when the page has one."""
        if self.status != self.CHANGES_REQUESTED:
            return None
        changes = getattr(self, "timeline", None)
        if changes is None:
            changes = self.status_changes.filter(subject=self.lifecycle_name)
        requests = [
            c
            for c in changes
            if c.subject == self.lifecycle_name
            and c.new_status == self.CHANGES_REQUESTED
        ]
        return requests[-1] if requests else None

    def role_for(self, user):
        """``customer``, ``vendor`` (a user of its partner), ``staff`` or
        ``None``: who ``user`` is to this proposal. Read once per user and
        instance, so its milestones ask it for free."""
        if not user.is_authenticated:
            return None
        roles = self.__dict__.setdefault("_roles", {})
        if user.pk not in roles:
            if user.pk == self.project.customer_id:
                role = lifecycle.CUSTOMER
            elif self.partner.users.filter(pk=user.pk).exists():
                role = lifecycle.VENDOR
            elif user.is_staff:
                role = lifecycle.STAFF
            else:
                role = None
            roles[user.pk] = role
        return roles[user.pk]

    def actions_for(self, user):
        """What ``user`` may do to the proposal now: the customer ``accept``,
        ``reject`` and ``request_changes``; the vendor (or staff) ``edit``,
        ``submit``, ``withdraw`` and, for a draft, ``delete_draft``."""
        role = self.role_for(user)
        actions = set()
        if role == lifecycle.CUSTOMER:
            for action, status in (
                ("accept", self.ACCEPTED),
                ("reject", self.REJECTED),
                ("request_changes", self.CHANGES_REQUESTED),
            ):
                if self.can_change_to(status):
                    actions.add(action)
        elif role in (lifecycle.VENDOR, lifecycle.STAFF):
            accepting = self.project.is_accepting_proposals
            if self.is_editable and accepting:
                actions.add("edit")
            if self.can_change_to(self.SUBMITTED) and accepting:
                actions.add("submit")
            if self.status == self.DRAFT:
                actions.add("delete_draft")  # the customer never saw it
            elif self.can_change_to(self.WITHDRAWN):
                actions.add("withdraw")
        return frozenset(actions)


class AbstractProposalVersion(models.Model):
    """A revision: what the vendor submitted, each time they submitted it
    (numbered 1, 2, … with ``Proposal.version`` the latest). Never changed
    once written, so that a decision names exactly what the customer read and
    the customer sees what changed from one revision to the next.

    Rows written before revisions (0018) hold the versions a change replaced;
    they read the same way.
    """

    proposal = models.ForeignKey(
        "bidding.Proposal",
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("Proposal"),
    )
    number = models.PositiveIntegerField(_("Revision"))
    #: Totals, delivery estimate, cover letter and milestones with their items,
    #: as :class:`oscar_bidding.services.versions.ProposalVersions` summarises them.
    summary = models.JSONField(_("Summary"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Submitted by"),
    )
    date_created = models.DateTimeField(_("Date submitted"), auto_now_add=True)

    class Meta:
        abstract = True
        app_label = "bidding"
        ordering = ["proposal", "number"]
        verbose_name = _("Proposal revision")
        verbose_name_plural = _("Proposal revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "number"], name="bidding_one_proposal_version"
            )
        ]

    def __str__(self):
        return _("Revision %(number)s of %(proposal)s") % {
            "number": self.number,
            "proposal": self.proposal,
        }

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRevision(_("A submitted revision is never changed."))
        super().save(*args, **kwargs)


class AbstractMilestone(LifecycleMixin, models.Model):
    """A payable step of a proposal; its amount is the sum of its items."""

    lifecycle_name = "milestone"
    pipeline_setting = "OSCAR_BIDDING_MILESTONE_PIPELINE"

    PENDING = "pending"
    READY_TO_PAY = "ready_to_pay"
    PAID = "paid"
    DELIVERED = "delivered"
    REVISION_REQUESTED = "revision_requested"
    DISPUTED = "disputed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    #: A disputed milestone staff refunded in full (docs/concepts.rst).
    REFUNDED = "refunded"
    STATUS_CHOICES = [
        (PENDING, pgettext_lazy("milestone status", "Pending")),
        (READY_TO_PAY, pgettext_lazy("milestone status", "Ready to pay")),
        (PAID, pgettext_lazy("milestone status", "Paid")),
        (DELIVERED, pgettext_lazy("milestone status", "Delivered")),
        (REVISION_REQUESTED, pgettext_lazy("milestone status", "Revision requested")),
        (DISPUTED, pgettext_lazy("milestone status", "Disputed")),
        (COMPLETED, pgettext_lazy("milestone status", "Completed")),
        (CANCELLED, pgettext_lazy("milestone status", "Cancelled")),
        (REFUNDED, pgettext_lazy("milestone status", "Refunded")),
    ]
    #: Paid for, and not yet approved by the customer.
    IN_WORK_STATUSES = (PAID, DELIVERED, REVISION_REQUESTED, DISPUTED)
    #: What the customer answers (a dispute is for shop staff to decide).
    ANSWERABLE_STATUSES = (DELIVERED, REVISION_REQUESTED)
    #: Money or work still to come: a project does not complete over them.
    OUTSTANDING_STATUSES = (PENDING, READY_TO_PAY, *IN_WORK_STATUSES)
    UNPAID_STATUSES = (PENDING, READY_TO_PAY)
    #: Done with: the proposal completes when every milestone is one of these.
    SETTLED_STATUSES = (COMPLETED, REFUNDED)

    proposal = models.ForeignKey(
        "bidding.Proposal",
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("Proposal"),
    )
    number = models.PositiveSmallIntegerField(_("Number"))
    title = models.CharField(_("Title"), max_length=255)
    due_date = models.DateField(_("Due date"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=STATUS_CHOICES, default=PENDING
    )
    amount_excl_tax = models.DecimalField(
        _("Amount (excl. tax)"), default=Decimal("0.00"), **MONEY
    )
    amount_incl_tax = models.DecimalField(
        _("Amount (incl. tax)"), default=Decimal("0.00"), **MONEY
    )
    amount_paid = models.DecimalField(
        _("Amount paid"), default=Decimal("0.00"), **MONEY
    )
    date_ready = models.DateTimeField(_("Date ready to pay"), null=True, blank=True)
    date_paid = models.DateTimeField(_("Date paid"), null=True, blank=True)
    date_delivered = models.DateTimeField(
        _("Date last delivered"), null=True, blank=True
    )
    date_completed = models.DateTimeField(_("Date completed"), null=True, blank=True)
    #: Another partner the proposal's vendor gave this milestone to: its
    #: dashboard users see this milestone (and only it), and the milestone's
    #: order line carries it as Oscar's line partner. The proposal, its
    #: invoice and its money stay the vendor's.
    sub_vendor = models.ForeignKey(
        "partner.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bidding_sub_milestones",
        verbose_name=_("Sub-vendor"),
    )
    #: When the customer was reminded that the latest delivery will be
    #: approved automatically: a reminder older than ``date_delivered`` was
    #: for an earlier delivery (see ``oscar_bidding.services.auto_approve``).
    date_auto_approve_reminded = models.DateTimeField(
        _("Date reminded of the automatic approval"), null=True, blank=True
    )

    class Meta:
        abstract = True
        app_label = "bidding"
        ordering = ["proposal", "number"]
        verbose_name = _("Milestone")
        verbose_name_plural = _("Milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "number"], name="bidding_unique_milestone_number"
            ),
            check_constraint(
                Q(number__gte=1), name="bidding_milestone_number_positive"
            ),
            check_constraint(
                Q(amount_excl_tax__gte=0)
                & Q(amount_incl_tax__gte=0)
                & Q(amount_paid__gte=0),
                name="bidding_milestone_amounts_not_negative",
            ),
        ]

    def __str__(self):
        return _("Milestone %(number)s: %(title)s") % {
            "number": self.number,
            "title": self.title,
        }

    @property
    def amount(self):
        """What the customer pays for this milestone."""
        return self.amount_incl_tax

    @property
    def tax(self):
        return self.amount_incl_tax - self.amount_excl_tax

    @property
    def is_ready_to_pay(self):
        return self.status == self.READY_TO_PAY

    def get_assigned_url(self):
        """The sub-vendor's dashboard page of the milestone."""
        return reverse(
            "bidding_dashboard:assigned-milestone-detail", kwargs={"pk": self.pk}
        )

    @property
    def delivering_partner_id(self):
        """The partner who does the work and is the order line's partner: the
        sub-vendor, or else the proposal's vendor."""
        return self.sub_vendor_id or self.proposal.partner_id

    @property
    def is_payable(self):
        """Ready to pay, of a proposal still in progress: what Pay needs."""
        return self.can_change_to(self.PAID) and self.proposal.is_in_progress

    #: The customer's answers to a delivery, and the status each leads to.
    CUSTOMER_ACTIONS = (
        ("approve", COMPLETED),
        ("request_revision", REVISION_REQUESTED),
        ("dispute", DISPUTED),
    )

    def actions_for(self, user):
        """What ``user`` may do to the milestone now: the customer ``pay``,
        then ``approve``, ``request_revision`` or ``dispute`` a delivery; the
        vendor (or staff) ``mark_ready`` a pending one (when the shop lets the
        vendor decide) and ``deliver`` a paid one."""
        role = self.proposal.role_for(user)
        actions = set()
        if not self.proposal.is_in_progress:
            return frozenset(actions)
        if role == lifecycle.CUSTOMER:
            if self.is_payable:
                actions.add("pay")
            for action, status in self.CUSTOMER_ACTIONS:
                if self.status in self.ANSWERABLE_STATUSES and self.can_change_to(
                    status
                ):
                    actions.add(action)
        elif role in (lifecycle.VENDOR, lifecycle.STAFF):
            if (
                self.status == self.PENDING
                and self.can_change_to(self.READY_TO_PAY)
                and lifecycle.milestone_readiness() == lifecycle.READY_BY_VENDOR
            ):
                actions.add("mark_ready")
            if self.can_change_to(self.DELIVERED):
                actions.add("deliver")
        actions |= self.dispute_actions_for(user)
        return frozenset(actions)

    #: Staff's decisions on a dispute, and the statuses each may lead to
    #: (a partial refund completes the milestone, a full one refunds it).
    DISPUTE_ACTIONS = (
        ("approve_for_vendor", (COMPLETED,)),
        ("refund", (COMPLETED, REFUNDED)),
    )

    def dispute_actions_for(self, user):
        """What shop staff may decide about a disputed milestone."""
        if (
            not (user.is_authenticated and user.is_staff)
            or self.status != self.DISPUTED
        ):
            return frozenset()
        return frozenset(
            action
            for action, statuses in self.DISPUTE_ACTIONS
            if any(self.can_change_to(status) for status in statuses)
        )

    def why_not(self, action):
        if action == "mark_ready" and self.status == self.PENDING:
            return _(
                "Milestones become ready to pay by themselves in this shop: "
                "you cannot mark one ready."
            )
        return super().why_not(action)

    @property
    def auto_approve_date(self):
        """When a delivered milestone the customer has not answered is
        approved by the system (``OSCAR_BIDDING_AUTO_APPROVE_DAYS`` after its
        latest delivery); ``None`` when it is not waiting for the customer or
        the shop does not approve automatically."""
        days = setting("OSCAR_BIDDING_AUTO_APPROVE_DAYS")
        if not days or self.status != self.DELIVERED or not self.date_delivered:
            return None
        return self.date_delivered + timedelta(days=days)


class AbstractMilestoneDelivery(models.Model):
    """What the vendor handed over when they marked a milestone delivered: the
    note is the delivery's status change (``StatusChange.note``), the files
    hang here. A milestone delivered again after a revision has several."""

    milestone = models.ForeignKey(
        "bidding.Milestone",
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("Milestone"),
    )
    status_change = models.OneToOneField(
        "bidding.StatusChange",
        on_delete=models.CASCADE,
        related_name="delivery",
        verbose_name=_("Status change"),
    )
    date_created = models.DateTimeField(_("Date delivered"), default=timezone.now)

    class Meta:
        abstract = True
        app_label = "bidding"
        ordering = ["date_created", "pk"]
        verbose_name = _("Milestone delivery")
        verbose_name_plural = _("Milestone deliveries")

    def __str__(self):
        return _("Delivery of %(milestone)s") % {"milestone": self.milestone}


def delivery_upload_to(instance, filename):
    """Under a random name, as project attachments."""
    return f"bidding/deliveries/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class AbstractUploadedFile(models.Model):
    """A file someone joined (to a delivery, a message): its name as
    uploaded, its checked type and size; served only through a checked view."""

    name = models.CharField(_("File name"), max_length=255)
    content_type = models.CharField(_("Content type"), max_length=100)
    size = models.PositiveIntegerField(_("Size in bytes"))

    class Meta:
        abstract = True
        app_label = "bidding"
        ordering = ["pk"]

    def __str__(self):
        return self.name


class AbstractMilestoneDeliveryFile(AbstractUploadedFile):
    """A file of a delivery."""

    delivery = models.ForeignKey(
        "bidding.MilestoneDelivery",
        on_delete=models.CASCADE,
        related_name="files",
        verbose_name=_("Delivery"),
    )
    file = models.FileField(_("File"), upload_to=delivery_upload_to, max_length=255)

    class Meta(AbstractUploadedFile.Meta):
        abstract = True
        verbose_name = _("Delivery file")
        verbose_name_plural = _("Delivery files")


class AbstractStatusChange(models.Model):
    """One transition of a project, a proposal or a milestone: the audit trail.

    Written by :func:`oscar_bidding.lifecycle.record_transition` in the
    transaction of the change, never edited. A milestone's rows also name its
    proposal, so a proposal's timeline (its own changes and its milestones')
    is one query. ``old_status`` is empty for the row of an object's creation.
    """

    CUSTOMER = lifecycle.CUSTOMER
    VENDOR = lifecycle.VENDOR
    STAFF = lifecycle.STAFF
    SYSTEM = lifecycle.SYSTEM
    ROLE_CHOICES = [
        (CUSTOMER, pgettext_lazy("role", "Customer")),
        (VENDOR, pgettext_lazy("role", "Vendor")),
        (STAFF, pgettext_lazy("role", "Shop staff")),
        (SYSTEM, pgettext_lazy("role", "System")),
    ]
    SUBJECT_CHOICES = [
        ("project", _("Project")),
        ("proposal", _("Proposal")),
        ("milestone", _("Milestone")),
    ]

    subject = models.CharField(_("Object"), max_length=20, choices=SUBJECT_CHOICES)
    project = models.ForeignKey(
        "bidding.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="status_changes",
        verbose_name=_("Project"),
    )
    proposal = models.ForeignKey(
        "bidding.Proposal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="status_changes",
        verbose_name=_("Proposal"),
    )
    milestone = models.ForeignKey(
        "bidding.Milestone",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="status_changes",
        verbose_name=_("Milestone"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("User"),
    )
    role = models.CharField(_("Role"), max_length=20, choices=ROLE_CHOICES)
    old_status = models.CharField(_("Old status"), max_length=20, blank=True)
    new_status = models.CharField(_("New status"), max_length=20)
    note = models.TextField(_("Note"), blank=True)
    date_created = models.DateTimeField(_("Date"), default=timezone.now)

    class Meta:
        abstract = True
        app_label = "bidding"
        ordering = ["date_created", "pk"]
        verbose_name = _("Status change")
        verbose_name_plural = _("Status changes")
        constraints = [
            check_constraint(
                Q(subject="project", project__isnull=False, proposal__isnull=True)
                | Q(subject="proposal", proposal__isnull=False, project__isnull=True)
                | Q(
                    subject="milestone", milestone__isnull=False, proposal__isnull=False
                ),
                name="bidding_status_change_subject",
            ),
        ]
        indexes = [
            models.Index(
                fields=["proposal", "date_created"], name="bidding_change_proposal"
            ),
            models.Index(
                fields=["project", "date_created"], name="bidding_change_project"
            ),
        ]

    def __str__(self):
        old = self.old_status or "-"
        return f"{self.subject} {self.object_id}: {old} → {self.new_status}"

    @property
    def object_id(self):
        return getattr(self, f"{self.subject}_id")

    def _label(self, status):
        model = self._meta.get_field(self.subject).related_model
        return dict(model.STATUS_CHOICES).get(status, status)

    def get_old_status_display(self):
        return self._label(self.old_status) if self.old_status else ""

    def get_new_status_display(self):
        return self._label(self.new_status)


class AbstractMilestoneItem(models.Model):
    """A line of a milestone; the customer sees these in the basket."""

    milestone = models.ForeignKey(
        "bidding.Milestone",
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("Milestone"),
    )
    position = models.PositiveSmallIntegerField(_("Position"), default=0)
    description = models.CharField(_("Description"), max_length=255)
    quantity = models.PositiveIntegerField(_("Quantity"), default=1)
    unit_price = models.DecimalField(_("Unit price (excl. tax)"), **MONEY)
    tax_rate = models.DecimalField(
        _("Tax rate"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0"),
        help_text=_("A fraction: 0.2000 for 20%."),
    )
    #: Rounded to the currency by the service that saves the item.
    tax = models.DecimalField(_("Tax"), default=Decimal("0.00"), **MONEY)

    class Meta:
        abstract = True
        app_label = "bidding"
        ordering = ["milestone", "position", "pk"]
        verbose_name = _("Milestone item")
        verbose_name_plural = _("Milestone items")
        constraints = [
            check_constraint(Q(quantity__gte=1), name="bidding_item_quantity_positive"),
            check_constraint(
                Q(unit_price__gte=0), name="bidding_item_price_not_negative"
            ),
            check_constraint(
                Q(tax_rate__gte=0) & Q(tax_rate__lte=1),
                name="bidding_item_tax_rate_fraction",
            ),
            check_constraint(Q(tax__gte=0), name="bidding_item_tax_not_negative"),
        ]

    def __str__(self):
        return self.description

    @property
    def price_excl_tax(self):
        return self.quantity * self.unit_price

    @property
    def price_incl_tax(self):
        return self.price_excl_tax + self.tax


class AbstractRate(models.Model):
    """A vendor's reusable price ("Setting up your own rates"): picked in the
    proposal form to fill a milestone item, which stays editable."""

    PER_HOUR = "hour"
    PER_VISIT = "visit"
    PER_UNIT = "unit"
    FIXED = "fixed"
    RATE_TYPE_CHOICES = [
        (PER_HOUR, pgettext_lazy("rate type", "Per hour")),
        (PER_VISIT, pgettext_lazy("rate type", "Per visit")),
        (PER_UNIT, pgettext_lazy("rate type", "Per unit")),
        (FIXED, pgettext_lazy("rate type", "Fixed")),
    ]

    partner = models.ForeignKey(
        "partner.Partner",
        on_delete=models.CASCADE,
        related_name="bidding_rates",
        verbose_name=_("Vendor"),
    )
    name = models.CharField(_("Name"), max_length=128)
    description = models.CharField(_("Description"), max_length=255, blank=True)
    rate_type = models.CharField(
        _("Rate type"), max_length=20, choices=RATE_TYPE_CHOICES, default=PER_HOUR
    )
    currency = models.CharField(_("Currency"), max_length=12, default=default_currency)
    price = models.DecimalField(_("Price (excl. tax)"), **MONEY)
    tax_rate = models.DecimalField(
        _("Tax rate"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0"),
        help_text=_("A fraction: 0.2000 for 20%."),
    )
    date_created = models.DateTimeField(_("Date created"), auto_now_add=True)
    date_updated = models.DateTimeField(_("Date updated"), auto_now=True)

    class Meta:
        abstract = True
        app_label = "bidding"
        ordering = ["partner", "name", "pk"]
        verbose_name = _("Rate")
        verbose_name_plural = _("Rates")
        constraints = [
            check_constraint(Q(price__gte=0), name="bidding_rate_price_not_negative"),
            check_constraint(
                Q(tax_rate__gte=0) & Q(tax_rate__lte=1),
                name="bidding_rate_tax_rate_fraction",
            ),
        ]

    def __str__(self):
        return self.name

    def get_dashboard_url(self):
        return reverse("bidding_dashboard:rate-update", kwargs={"pk": self.pk})

    @property
    def tax_rate_percent(self):
        return self.tax_rate * 100

    def item_description(self):
        """What a milestone item filled from this rate says: the name, and the
        unit unless the rate is fixed ("Plumbing (per hour)")."""
        if self.rate_type == self.FIXED:
            return self.name
        return _("%(name)s (%(unit)s)") % {
            "name": self.name,
            "unit": str(self.get_rate_type_display()).lower(),
        }


class AbstractMilestonePayment(models.Model):
    """A row of the Payment History: one milestone paid by one Oscar order."""

    PAID = "paid"
    REFUNDED = "refunded"
    STATUS_CHOICES = [
        (PAID, pgettext_lazy("payment status", "Paid")),
        (REFUNDED, pgettext_lazy("payment status", "Refunded")),
    ]

    milestone = models.ForeignKey(
        "bidding.Milestone",
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("Milestone"),
    )
    order = models.ForeignKey(
        "order.Order",
        on_delete=models.PROTECT,
        related_name="milestone_payments",
        verbose_name=_("Order"),
    )
    invoice = models.ForeignKey(
        "bidding.Invoice",
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("Invoice"),
    )
    order_number = models.CharField(_("Order number"), max_length=128)
    invoice_number = models.CharField(_("Invoice number"), max_length=64)
    amount = models.DecimalField(_("Amount"), **MONEY)
    currency = models.CharField(_("Currency"), max_length=12)
    status = models.CharField(
        _("Status"), max_length=20, choices=STATUS_CHOICES, default=PAID
    )
    date_created = models.DateTimeField(_("Date paid"), auto_now_add=True)
    #: Who refunded the payment, when, why, and the gateway's reference of
    #: the refund: written by the refund service, never by hand.
    date_refunded = models.DateTimeField(_("Date refunded"), null=True, blank=True)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Refunded by"),
    )
    refund_reason = models.TextField(_("Reason for the refund"), blank=True)
    refund_reference = models.CharField(
        _("Refund reference"), max_length=128, blank=True
    )
    #: What was given back: the whole amount once the payment is refunded, a
    #: part of it while it stays paid (a dispute decided with a partial refund).
    amount_refunded = models.DecimalField(
        _("Amount refunded"), default=Decimal("0.00"), **MONEY
    )

    class Meta:
        abstract = True
        app_label = "bidding"
        ordering = ["date_created", "pk"]
        verbose_name = _("Milestone payment")
        verbose_name_plural = _("Milestone payments")
        constraints = [
            models.UniqueConstraint(
                fields=["milestone"],
                condition=Q(status="paid"),
                name="bidding_milestone_paid_once",
            ),
            models.UniqueConstraint(
                fields=["milestone", "order"], name="bidding_payment_per_order"
            ),
            check_constraint(Q(amount__gte=0), name="bidding_payment_not_negative"),
            check_constraint(
                Q(status="paid") | Q(date_refunded__isnull=False),
                name="bidding_refund_has_date",
            ),
            check_constraint(
                Q(amount_refunded__gte=0) & Q(amount_refunded__lte=F("amount")),
                name="bidding_refund_within_payment",
            ),
        ]

    def __str__(self):
        return f"{self.order_number} / {self.invoice_number}"

    @property
    def refundable(self):
        """What may still be given back."""
        return self.amount - self.amount_refunded

    @property
    def is_partly_refunded(self):
        return self.status == self.PAID and self.amount_refunded > 0


class AbstractInvoiceSequence(models.Model):
    """The last number drawn in one series of invoice numbers.

    Drawn under a row lock inside the order's transaction: a rolled-back order
    gives its number back, so the series has no gaps.
    """

    key = models.CharField(_("Series"), max_length=32, unique=True)
    last_number = models.PositiveIntegerField(_("Last number"), default=0)

    class Meta:
        abstract = True
        app_label = "bidding"
        verbose_name = _("Invoice number series")
        verbose_name_plural = _("Invoice number series")

    def __str__(self):
        return f"{self.key}: {self.last_number}"


class AbstractInvoice(models.Model):
    """The invoice of an order that paid milestones, as it was when issued."""

    number = models.CharField(_("Invoice number"), max_length=64, unique=True)
    order = models.OneToOneField(
        "order.Order",
        on_delete=models.PROTECT,
        related_name="bidding_invoice",
        verbose_name=_("Order"),
    )
    proposal = models.ForeignKey(
        "bidding.Proposal",
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("Proposal"),
    )
    #: Seller and buyer as they were at the time: later edits do not rewrite it.
    seller = models.JSONField(_("Seller"), default=dict)
    buyer = models.JSONField(_("Buyer"), default=dict)
    #: One entry per milestone item paid: description, quantity, unit price,
    #: tax rate, tax, totals, and the milestone it belongs to.
    lines = models.JSONField(_("Lines"), default=list)
    currency = models.CharField(_("Currency"), max_length=12)
    total_excl_tax = models.DecimalField(_("Total (excl. tax)"), **MONEY)
    total_tax = models.DecimalField(_("Tax"), **MONEY)
    total_incl_tax = models.DecimalField(_("Total (incl. tax)"), **MONEY)
    date_created = models.DateTimeField(_("Date issued"), auto_now_add=True)

    class Meta:
        abstract = True
        app_label = "bidding"
        ordering = ["-date_created", "-pk"]
        verbose_name = _("Invoice")
        verbose_name_plural = _("Invoices")

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("bidding:invoice-detail", kwargs={"number": self.number})


def new_payment_key():
    """The idempotency key of a payment attempt, sent to the gateway with the charge."""
    return f"bidding-{uuid.uuid4().hex}"


class AbstractPaymentAttempt(models.Model):
    """One try at charging a basket's milestones, written down before the gateway
    is called.

    Committed on its own before any money moves, and again as soon as the
    gateway answers, so that a process killed at any point leaves a record of
    what it was doing: a retry or ``bidding_reconcile_payments`` asks the
    gateway about the key and finishes the job, or shows it to staff
    ("Payments to reconcile").
    """

    STARTED = "started"
    CHARGED = "charged"
    DECLINED = "declined"
    FAILED = "failed"
    PLACED = "placed"
    NEEDS_ATTENTION = "needs_attention"
    RESOLVED = "resolved"
    STATUS_CHOICES = [
        (STARTED, pgettext_lazy("payment attempt", "Started")),
        (CHARGED, pgettext_lazy("payment attempt", "Charged, order not placed")),
        (DECLINED, pgettext_lazy("payment attempt", "Declined")),
        (FAILED, pgettext_lazy("payment attempt", "Failed, nothing taken")),
        (PLACED, pgettext_lazy("payment attempt", "Order placed")),
        (NEEDS_ATTENTION, pgettext_lazy("payment attempt", "Needs attention")),
        (RESOLVED, pgettext_lazy("payment attempt", "Resolved by staff")),
    ]
    #: Not finished: a retry, the reconciliation or staff must act on them.
    OPEN_STATUSES = (STARTED, CHARGED, NEEDS_ATTENTION)
    #: Money may have been taken and no order placed: what staff reconcile.
    TO_RECONCILE = (CHARGED, NEEDS_ATTENTION)

    status = models.CharField(
        _("Status"), max_length=20, choices=STATUS_CHOICES, default=STARTED
    )
    key = models.CharField(
        _("Idempotency key"), max_length=64, unique=True, default=new_payment_key
    )
    basket_id = models.PositiveIntegerField(_("Basket"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Customer"),
    )
    milestones = models.ManyToManyField(
        "bidding.Milestone", blank=True, related_name="+", verbose_name=_("Milestones")
    )
    amount = models.DecimalField(_("Amount"), **MONEY)
    currency = models.CharField(_("Currency"), max_length=12)
    order_number = models.CharField(_("Order number"), max_length=128, db_index=True)
    order = models.ForeignKey(
        "order.Order",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Order"),
    )
    reference = models.CharField(_("Gateway reference"), max_length=255, blank=True)
    error = models.TextField(_("What went wrong"), blank=True)
    date_created = models.DateTimeField(_("Date"), auto_now_add=True)
    date_updated = models.DateTimeField(_("Date updated"), auto_now=True)
    date_resolved = models.DateTimeField(_("Date resolved"), null=True, blank=True)
    resolution = models.TextField(_("Resolution"), blank=True)

    class Meta:
        abstract = True
        app_label = "bidding"
        ordering = ["-date_created", "-pk"]
        verbose_name = _("Payment attempt")
        verbose_name_plural = _("Payment attempts")
        constraints = [
            # A second tab or a retry finds the basket's payment under way.
            models.UniqueConstraint(
                fields=["basket_id"],
                condition=Q(status__in=["started", "charged"]),
                name="bidding_one_open_attempt_per_basket",
            ),
            check_constraint(Q(amount__gte=0), name="bidding_attempt_not_negative"),
        ]
        indexes = [
            models.Index(
                fields=["date_created"],
                condition=Q(status__in=["started", "charged", "needs_attention"]),
                name="bidding_attempt_open",
            )
        ]

    def __str__(self):
        return f"{self.order_number}: {self.amount} {self.currency} ({self.status})"

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def is_to_reconcile(self):
        return self.status in self.TO_RECONCILE

    def customer_message(self):
        """What the customer is told about this payment instead of paying again."""
        if self.status == self.STARTED:
            return _(
                "A payment for this milestone is under way. Please wait a moment, "
                "then look at your orders before paying again."
            )
        if self.status in self.OPEN_STATUSES:
            return _(
                "Your payment was received and your order is being completed. You "
                "will not be asked to pay again."
            )
        if self.status == self.PLACED:
            return _("This payment has paid order %(number)s.") % {
                "number": self.order_number
            }
        return _("This payment was stopped: please place the order again.")


class AbstractOutboxMessage(models.Model):
    """An e-mail to send, written in the transaction of the change it reports.

    A committed change always has its message, even if the broker is down or
    the process dies before enqueueing; the relay re-enqueues pending messages
    and the task sends each one once. Each enqueue or sending that fails counts
    an attempt and keeps its error; after ``OSCAR_BIDDING_OUTBOX_MAX_ATTEMPTS``
    the message is failed and waits for staff to retry it.
    """

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    STATUS_CHOICES = [(PENDING, _("Pending")), (SENT, _("Sent")), (FAILED, _("Failed"))]
    UNSENT = (PENDING, FAILED)

    event_code = models.CharField(_("Event"), max_length=128)
    audience = models.CharField(_("Audience"), max_length=20)
    context = models.JSONField(_("Object ids"), default=dict)
    status = models.CharField(
        _("Status"), max_length=20, choices=STATUS_CHOICES, default=PENDING
    )
    attempts = models.PositiveIntegerField(_("Failed attempts"), default=0)
    last_error = models.TextField(_("Last error"), blank=True)
    date_created = models.DateTimeField(_("Date created"), auto_now_add=True)
    date_failed = models.DateTimeField(_("Date of last failure"), null=True, blank=True)
    date_sent = models.DateTimeField(_("Date sent"), null=True, blank=True)

    class Meta:
        abstract = True
        app_label = "bidding"
        ordering = ["pk"]
        verbose_name = _("Outbox message")
        verbose_name_plural = _("Outbox messages")
        indexes = [
            models.Index(
                fields=["date_created"],
                condition=Q(status="pending"),
                name="bidding_outbox_pending",
            ),
            models.Index(
                fields=["-date_created", "-id"],
                condition=Q(status__in=["pending", "failed"]),
                name="bidding_outbox_unsent",
            ),
        ]

    def __str__(self):
        return f"{self.event_code} #{self.pk} ({self.status})"


def message_upload_to(instance, filename):
    """Under a random name, as project attachments."""
    return f"bidding/messages/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class AbstractConversation(models.Model):
    """What a project's customer and one vendor (a partner) say to each other,
    and what shop staff add. Keyed by project and partner: a question asked
    before proposing is the same conversation as the proposal's, linked to it
    when the vendor proposes.

    The ``*_emailed_at`` fields throttle the e-mails of new messages: one per
    side per ``OSCAR_BIDDING_MESSAGE_EMAIL_INTERVAL`` minutes.
    """

    project = models.ForeignKey(
        "bidding.Project",
        on_delete=models.CASCADE,
        related_name="conversations",
        verbose_name=_("Project"),
    )
    partner = models.ForeignKey(
        "partner.Partner",
        on_delete=models.CASCADE,
        related_name="bidding_conversations",
        verbose_name=_("Vendor"),
    )
    proposal = models.OneToOneField(
        "bidding.Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversation",
        verbose_name=_("Proposal"),
    )
    customer_emailed_at = models.DateTimeField(
        _("Customer last e-mailed"), null=True, blank=True
    )
    vendor_emailed_at = models.DateTimeField(
        _("Vendor last e-mailed"), null=True, blank=True
    )
    staff_emailed_at = models.DateTimeField(
        _("Staff last e-mailed"), null=True, blank=True
    )
    date_created = models.DateTimeField(_("Date created"), default=timezone.now)

    class Meta:
        abstract = True
        app_label = "bidding"
        ordering = ["pk"]
        verbose_name = _("Conversation")
        verbose_name_plural = _("Conversations")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "partner"], name="bidding_one_conversation"
            )
        ]

    def __str__(self):
        return _("%(vendor)s on %(project)s") % {
            "vendor": self.partner,
            "project": self.project,
        }

    def get_absolute_url(self):
        """The customer's page of the conversation: the proposal's Messaging
        tab once the customer sees the proposal."""
        proposal = self.proposal
        if proposal is not None and proposal.status in proposal.VISIBLE_TO_CUSTOMER:
            return reverse("bidding:proposal-messages", kwargs={"pk": proposal.pk})
        return reverse("bidding:conversation-detail", kwargs={"pk": self.pk})

    def get_dashboard_url(self):
        if self.proposal_id:
            return reverse(
                "bidding_dashboard:proposal-messages", kwargs={"pk": self.proposal_id}
            )
        url = reverse(
            "bidding_dashboard:project-messages", kwargs={"pk": self.project_id}
        )
        return f"{url}?partner={self.partner_id}"


class AbstractMessage(models.Model):
    """One message of a conversation, with its files.

    ``channel`` says who reads it: ``direct`` both sides (and staff), or in
    the "marketplace" mode of ``OSCAR_BIDDING_PROJECT_COMMUNICATIONS`` only
    the ``customer`` or only the ``vendor`` (and staff, who relay).
    """

    DIRECT = "direct"
    CUSTOMER = "customer"
    VENDOR = "vendor"
    CHANNEL_CHOICES = [
        (DIRECT, _("Customer and vendor")),
        (CUSTOMER, _("Customer and marketplace")),
        (VENDOR, _("Vendor and marketplace")),
    ]

    conversation = models.ForeignKey(
        "bidding.Conversation",
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("Conversation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Author"),
    )
    ROLE_CHOICES = [
        ("customer", pgettext_lazy("role", "Customer")),
        ("vendor", pgettext_lazy("role", "Vendor")),
        ("staff", pgettext_lazy("role", "Marketplace")),
    ]
    role = models.CharField(_("Role"), max_length=20, choices=ROLE_CHOICES)
    channel = models.CharField(
        _("Channel"), max_length=20, choices=CHANNEL_CHOICES, default=DIRECT
    )
    body = models.TextField(_("Message"))
    date_created = models.DateTimeField(_("Date sent"), default=timezone.now)

    class Meta:
        abstract = True
        app_label = "bidding"
        ordering = ["date_created", "pk"]
        verbose_name = _("Message")
        verbose_name_plural = _("Messages")
        indexes = [
            models.Index(
                fields=["conversation", "channel", "id"], name="bidding_message_conv"
            )
        ]

    def __str__(self):
        return _("Message #%(number)s") % {"number": self.pk}


class AbstractMessageFile(AbstractUploadedFile):
    """A file of a message."""

    message = models.ForeignKey(
        "bidding.Message",
        on_delete=models.CASCADE,
        related_name="files",
        verbose_name=_("Message"),
    )
    file = models.FileField(_("File"), upload_to=message_upload_to, max_length=255)

    class Meta(AbstractUploadedFile.Meta):
        abstract = True
        verbose_name = _("Message file")
        verbose_name_plural = _("Message files")

    def get_absolute_url(self):
        return reverse("bidding:message-file", kwargs={"pk": self.pk})


class AbstractConversationRead(models.Model):
    """How far one user has read a conversation: the messages after
    ``last_read_id`` are unread for them."""

    conversation = models.ForeignKey(
        "bidding.Conversation",
        on_delete=models.CASCADE,
        related_name="reads",
        verbose_name=_("Conversation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("User"),
    )
    last_read_id = models.BigIntegerField(_("Last message read"), default=0)
    date_read = models.DateTimeField(_("Date read"), default=timezone.now)

    class Meta:
        abstract = True
        app_label = "bidding"
        verbose_name = _("Conversation read marker")
        verbose_name_plural = _("Conversation read markers")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], name="bidding_one_read_marker"
            )
        ]


# Project types and their questions ----------------------------------------------


def answer_upload_to(instance, filename):
    """Stored under a random name, as project attachments are."""
    return f"bidding/answers/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class AbstractProjectType(models.Model):
    """What kind of project a customer posts; staff keep them as a tree.

    A plain ``parent`` link, not treebeard: a shop has tens of types, read
    whole in one query (:class:`oscar_bidding.project_types.TypeTree`), so
    ancestors, depth and cycle checks cost nothing more, and moving a branch
    is one field to change.
    """

    name = models.CharField(_("Name"), max_length=128)
    description = models.TextField(_("Description"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("Parent"),
    )
    #: The vendors offering this type (their declared offerings).
    partners = models.ManyToManyField(
        "partner.Partner",
        blank=True,
        related_name="bidding_project_types",
        verbose_name=_("Vendors offering it"),
    )
    date_created = models.DateTimeField(_("Date created"), auto_now_add=True)

    class Meta:
        abstract = True
        app_label = "bidding"
        ordering = ["name", "pk"]
        verbose_name = _("Project type")
        verbose_name_plural = _("Project types")

    def __str__(self):
        return self.name

    def get_dashboard_url(self):
        return reverse("bidding_dashboard:project-type-update", kwargs={"pk": self.pk})


class AbstractProjectQuestion(models.Model):
    """A question a type asks; its subtypes ask it too, before their own."""

    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    NUMBER = "number"
    DATE = "date"
    YES_NO = "yes_no"
    ONE_CHOICE = "one_choice"
    SEVERAL_CHOICES = "several_choices"
    FILE = "file"
    KIND_CHOICES = [
        (SHORT_TEXT, _("Short text")),
        (LONG_TEXT, _("Long text")),
        (NUMBER, _("Number")),
        (DATE, _("Date")),
        (YES_NO, _("Yes or no")),
        (ONE_CHOICE, _("One choice")),
        (SEVERAL_CHOICES, _("Several choices")),
        (FILE, _("File")),
    ]
    CHOICE_KINDS = (ONE_CHOICE, SEVERAL_CHOICES)

    project_type = models.ForeignKey(
        "bidding.ProjectType",
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("Project type"),
    )
    label = models.CharField(_("Question"), max_length=255)
    help_text = models.CharField(_("Help text"), max_length=255, blank=True)
    kind = models.CharField(
        _("Kind"), max_length=20, choices=KIND_CHOICES, default=SHORT_TEXT
    )
    choices = models.TextField(
        _("Choices"),
        blank=True,
        help_text=_("One choice per line, for “one choice” and “several choices”."),
    )
    required = models.BooleanField(_("Required"), default=False)
    position = models.PositiveIntegerField(_("Order"), default=0)

    class Meta:
        abstract = True
        app_label = "bidding"
        ordering = ["position", "pk"]
        verbose_name = _("Project question")
        verbose_name_plural = _("Project questions")

    def __str__(self):
        return self.label

    @property
    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class AbstractProjectAnswer(models.Model):
    """A customer's answer, with the question's label and kind as they were
    when answered: editing or deleting the question later leaves it readable."""

    project = models.ForeignKey(
        "bidding.Project",
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("Project"),
    )
    question = models.ForeignKey(
        "bidding.ProjectQuestion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("Question"),
    )
    label = models.CharField(_("Question"), max_length=255)
    kind = models.CharField(
        _("Kind"), max_length=20, choices=AbstractProjectQuestion.KIND_CHOICES
    )
    position = models.PositiveIntegerField(_("Order"), default=0)
    #: Text, a number or date as a string, ``true``/``false``, or a list of choices.
    value = models.JSONField(_("Answer"), null=True, blank=True)
    file = models.FileField(
        _("File"), upload_to=answer_upload_to, max_length=255, blank=True
    )
    file_name = models.CharField(_("File name"), max_length=255, blank=True)
    content_type = models.CharField(_("Content type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("Size in bytes"), null=True, blank=True)

    class Meta:
        abstract = True
        app_label = "bidding"
        ordering = ["position", "pk"]
        verbose_name = _("Project answer")
        verbose_name_plural = _("Project answers")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "question"], name="bidding_answer_once"
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.display_value}"

    @property
    def is_file(self):
        return self.kind == AbstractProjectQuestion.FILE

    @property
    def display_value(self):
        """The answer as a reader sees it (a file is shown by its link)."""
        value = self.value
        if value is None or value == "" or value == []:
            return ""
        if self.kind == AbstractProjectQuestion.YES_NO:
            return _("Yes") if value else _("No")
        if self.kind == AbstractProjectQuestion.DATE:
            parsed = parse_date(str(value))
            return date_format(parsed, "DATE_FORMAT") if parsed else str(value)
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return str(value)


# Invitations --------------------------------------------------------------------


class AbstractInvitation(models.Model):
    """A vendor (partner) invited to bid on a project: by its customer, or for
    the products it stocks (a quote request). An invited vendor sees and bids
    on the project even when it is invite-only
    (:func:`oscar_bidding.access.biddable_projects`)."""

    CUSTOMER = "customer"
    QUOTE = "quote"
    SOURCE_CHOICES = [
        (CUSTOMER, _("Invited by the customer")),
        (QUOTE, _("Quote request")),
    ]

    project = models.ForeignKey(
        "bidding.Project",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("Project"),
    )
    partner = models.ForeignKey(
        "partner.Partner",
        on_delete=models.CASCADE,
        related_name="bidding_invitations",
        verbose_name=_("Vendor"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Invited by"),
    )
    source = models.CharField(
        _("Source"), max_length=20, choices=SOURCE_CHOICES, default=CUSTOMER
    )
    date_created = models.DateTimeField(_("Date invited"), auto_now_add=True)

    class Meta:
        abstract = True
        app_label = "bidding"
        ordering = ["date_created", "pk"]
        verbose_name = _("Invitation")
        verbose_name_plural = _("Invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "partner"], name="bidding_invitation_once"
            ),
        ]

    def __str__(self):
        return f"{self.partner} → {self.project}"


class AbstractVendorProfile(models.Model):
    """What customers read about a vendor when they choose whom to invite:
    Oscar's ``Partner`` has only a name, and the package keeps its own row
    rather than ask shops to fork the partner app. The vendor writes it on
    its *Project types offered* page."""

    partner = models.OneToOneField(
        "partner.Partner",
        on_delete=models.CASCADE,
        related_name="bidding_profile",
        verbose_name=_("Vendor"),
    )
    description = models.TextField(
        _("Description"),
        blank=True,
        help_text=_("What customers read about you when they invite vendors."),
    )

    class Meta:
        abstract = True
        app_label = "bidding"
        verbose_name = _("Vendor profile")
        verbose_name_plural = _("Vendor profiles")

    def __str__(self):
        return str(self.partner)


class AbstractNoticeDigest(models.Model):
    """One day's digest e-mail to one recipient: a customer (the day's new
    proposals) or a vendor (the day's new projects). The row is written before
    the e-mail, in its transaction, and is unique per kind, day and recipient:
    two runs at once send each digest once."""

    PROPOSALS = "proposals"
    PROJECTS = "projects"
    KIND_CHOICES = [
        (PROPOSALS, _("New proposals, to the customer")),
        (PROJECTS, _("New projects, to the vendor")),
    ]

    kind = models.CharField(_("Kind"), max_length=20, choices=KIND_CHOICES)
    day = models.DateField(_("Day"))
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Customer"),
    )
    partner = models.ForeignKey(
        "partner.Partner",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Vendor"),
    )
    #: How many proposals or projects it listed.
    size = models.PositiveIntegerField(_("Items"), default=0)
    date_created = models.DateTimeField(_("Date sent"), default=timezone.now)

    class Meta:
        abstract = True
        app_label = "bidding"
        ordering = ["-day", "pk"]
        verbose_name = _("Notice digest")
        verbose_name_plural = _("Notice digests")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "day", "customer"],
                condition=Q(customer__isnull=False),
                name="bidding_digest_once_per_customer",
            ),
            models.UniqueConstraint(
                fields=["kind", "day", "partner"],
                condition=Q(partner__isnull=False),
                name="bidding_digest_once_per_partner",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.day}"


# Quote requests -----------------------------------------------------------------


class AbstractQuotableProductClass(models.Model):
    """A catalogue product class whose products customers may ask quotes for
    (Omnyfy's product mode), and the project type their quote request posts.

    The package's own row beside Oscar's ``ProductClass``, which stays
    untouched; ``OSCAR_BIDDING_QUOTABLE_PRODUCT_CLASSES`` marks classes by slug
    too, without a type.
    """

    product_class = models.OneToOneField(
        "catalogue.ProductClass",
        on_delete=models.CASCADE,
        related_name="bidding_quotable",
        verbose_name=_("Product type"),
    )
    project_type = models.ForeignKey(
        "bidding.ProjectType",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotable_product_classes",
        verbose_name=_("Project type"),
        help_text=_("The type of the project a quote request posts."),
    )
    quote_only = models.BooleanField(
        _("Instead of “Add to basket”"),
        default=False,
        help_text=_(
            "The product page offers “Request a quote” only; otherwise it offers both."
        ),
    )

    class Meta:
        abstract = True
        app_label = "bidding"
        verbose_name = _("Quotable product type")
        verbose_name_plural = _("Quotable product types")

    def __str__(self):
        return str(self.product_class)


class AbstractQuoteItem(models.Model):
    """A product of a quote request: the project it posted lists it, and the
    invited vendors' proposal forms start with it."""

    project = models.ForeignKey(
        "bidding.Project",
        on_delete=models.CASCADE,
        related_name="quote_items",
        verbose_name=_("Project"),
    )
    product = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bidding_quote_items",
        verbose_name=_("Product"),
    )
    #: The product's title when the quote was requested: kept if it is deleted.
    title = models.CharField(_("Product"), max_length=255)
    quantity = models.PositiveIntegerField(_("Quantity"))
    note = models.TextField(_("Note"), blank=True)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        abstract = True
        app_label = "bidding"
        ordering = ["project", "position", "pk"]
        verbose_name = _("Quoted product")
        verbose_name_plural = _("Quoted products")
        constraints = [
            check_constraint(
                Q(quantity__gte=1), name="bidding_quote_quantity_positive"
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.title}"
