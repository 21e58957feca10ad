"""Django admin for shop staff: find and read marketplace objects, fix their texts.

Statuses, amounts and milestone items are read-only here: they change only
through :mod:`oscar_bidding.services`, which keep the denormalised amounts and
the state rules consistent. So are the foreign keys that say whose an object is
(a project's customer; a proposal's project, vendor and author; a milestone's
proposal): the stored totals and who may see what depend on them. Proposals and
milestones are never added by hand.
"""

from django.contrib import admin
from oscar.core.loading import get_model

Project = get_model("bidding", "Project")
ProjectAttachment = get_model("bidding", "ProjectAttachment")
Proposal = get_model("bidding", "Proposal")
ProposalVersion = get_model("bidding", "ProposalVersion")
Milestone = get_model("bidding", "Milestone")
MilestoneItem = get_model("bidding", "MilestoneItem")
MilestoneDelivery = get_model("bidding", "MilestoneDelivery")
MilestoneDeliveryFile = get_model("bidding", "MilestoneDeliveryFile")
OutboxMessage = get_model("bidding", "OutboxMessage")
Rate = get_model("bidding", "Rate")
StatusChange = get_model("bidding", "StatusChange")
Conversation = get_model("bidding", "Conversation")
Message = get_model("bidding", "Message")
MessageFile = get_model("bidding", "MessageFile")

AMOUNTS = ("amount_excl_tax", "amount_incl_tax", "amount_paid")


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class ProjectAttachmentInline(ReadOnlyInline):
    model = ProjectAttachment
    fields = ("name", "file", "content_type", "size", "date_created")


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ("number", "title", "due_date", "status", "sub_vendor", *AMOUNTS)
    show_change_link = True


class MilestoneDeliveryInline(ReadOnlyInline):
    """What the vendor delivered (the note is the timeline row's)."""

    model = MilestoneDelivery
    fields = ("date_created", "status_change")
    show_change_link = True


class MilestoneDeliveryFileInline(ReadOnlyInline):
    model = MilestoneDeliveryFile
    fields = ("name", "file", "content_type", "size")


class ProposalVersionInline(ReadOnlyInline):
    model = ProposalVersion
    fields = ("number", "date_created", "submitted_by", "summary")


class StatusChangeInline(ReadOnlyInline):
    """The object's timeline: written by the services, read here."""

    model = StatusChange
    fields = (
        "date_created",
        "subject",
        "milestone",
        "old_status",
        "new_status",
        "role",
        "user",
        "note",
    )

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("milestone", "user")


class MilestoneItemInline(ReadOnlyInline):
    model = MilestoneItem
    fields = ("position", "description", "quantity", "unit_price", "tax_rate", "tax")


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "customer",
        "status",
        "budget",
        "currency",
        "bidding_deadline",
        "date_created",
    )
    list_filter = ("status", "bidding_deadline", "date_created")
    list_select_related = ("customer",)
    search_fields = ("title", "description", "customer__email")
    raw_id_fields = ("customer", "category")
    readonly_fields = (
        "status",
        "currency",
        "date_created",
        "date_updated",
        "date_closed",
    )
    date_hierarchy = "date_created"
    inlines = [ProjectAttachmentInline, StatusChangeInline]

    def get_readonly_fields(self, request, obj=None):
        """The customer is chosen when staff add a project, never changed."""
        fields = super().get_readonly_fields(request, obj)
        return fields if obj is None else ("customer", *fields)


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "project",
        "partner",
        "status",
        "amount_incl_tax",
        "amount_paid",
        "currency",
        "date_submitted",
    )
    list_filter = ("status", "partner", "date_submitted")
    list_select_related = ("project", "partner")
    search_fields = ("project__title", "partner__name", "cover_letter")
    readonly_fields = (
        "project",
        "partner",
        "author",
        "status",
        "currency",
        *AMOUNTS,
        "date_created",
        "date_updated",
        "date_submitted",
        "date_decided",
        "version",
        "date_changed",
        "accepted_revision",
    )
    inlines = [MilestoneInline, ProposalVersionInline, StatusChangeInline]

    def has_add_permission(self, request):
        return False


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ("__str__", "proposal", "status", "due_date", *AMOUNTS)
    list_filter = ("status", "due_date")
    list_select_related = ("proposal__project",)
    search_fields = ("title", "proposal__project__title", "proposal__partner__name")
    readonly_fields = (
        "proposal",
        "number",
        "status",
        # Whose order lines carry the milestone: the vendor chooses it.
        "sub_vendor",
        *AMOUNTS,
        "date_ready",
        "date_paid",
        "date_delivered",
        "date_completed",
    )
    inlines = [MilestoneItemInline, MilestoneDeliveryInline, StatusChangeInline]

    def has_add_permission(self, request):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: staff see which e-mails wait for the broker or failed to send;
    the relay (``bidding_relay_outbox``) sends them."""

    list_display = (
        "id",
        "event_code",
        "audience",
        "status",
        "attempts",
        "date_created",
        "date_sent",
    )
    list_filter = ("status", "event_code", "date_created")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Rate)
class RateAdmin(admin.ModelAdmin):
    """Vendors keep their rates in the dashboard; staff may read and fix them."""

    list_display = ("name", "partner", "rate_type", "price", "currency", "tax_rate")
    list_filter = ("rate_type", "currency")
    search_fields = ("name", "partner__name")
    readonly_fields = ("partner", "currency", "date_created", "date_updated")

    def has_add_permission(self, request):
        return False


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    """The audit trail, read-only: every status change of a project, proposal
    or milestone, written in the transaction of the change."""

    list_display = (
        "date_created",
        "subject",
        "project",
        "proposal",
        "milestone",
        "old_status",
        "new_status",
        "role",
        "user",
    )
    list_filter = ("subject", "role", "new_status", "date_created")
    list_select_related = ("project", "proposal__project", "milestone", "user")
    search_fields = (
        "note",
        "user__email",
        "project__title",
        "proposal__project__title",
    )
    date_hierarchy = "date_created"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MilestoneDelivery)
class MilestoneDeliveryAdmin(admin.ModelAdmin):
    """Deliveries, read-only: the services write them with their status change."""

    list_display = ("__str__", "milestone", "date_created")
    list_select_related = ("milestone__proposal__project",)
    readonly_fields = ("milestone", "status_change", "date_created")
    inlines = [MilestoneDeliveryFileInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MessageInline(ReadOnlyInline):
    model = Message
    fields = ("date_created", "role", "author", "channel", "body")
    ordering = ("date_created", "pk")


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    """Conversations, read-only: what was said is on record (a dispute reads
    it); staff post from the dashboard, as the marketplace."""

    list_display = ("__str__", "project", "partner", "proposal", "date_created")
    list_select_related = ("project", "partner", "proposal__project")
    search_fields = ("project__title", "partner__name", "messages__body")
    readonly_fields = ("project", "partner", "proposal", "date_created")
    exclude = ("customer_emailed_at", "vendor_emailed_at", "staff_emailed_at")
    inlines = [MessageInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProjectQuestionInline(admin.TabularInline):
    model = get_model("bidding", "ProjectQuestion")
    extra = 0


@admin.register(get_model("bidding", "ProjectType"))
class ProjectTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "parent")
    search_fields = ("name",)
    raw_id_fields = ("parent",)
    filter_horizontal = ("partners",)
    inlines = [ProjectQuestionInline]


@admin.register(get_model("bidding", "ProjectAnswer"))
class ProjectAnswerAdmin(admin.ModelAdmin):
    list_display = ("project", "label", "kind")
    raw_id_fields = ("project", "question")
    search_fields = ("label", "project__title")


@admin.register(get_model("bidding", "Invitation"))
class InvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are written by ``InvitationService``, which
    checks the offerings and the limit and e-mails the vendor."""

    list_display = ("project", "partner", "source", "invited_by", "date_created")
    list_filter = ("source",)
    raw_id_fields = ("project", "partner", "invited_by")
    search_fields = ("project__title", "partner__name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(get_model("bidding", "VendorProfile"))
class VendorProfileAdmin(admin.ModelAdmin):
    list_display = ("partner",)
    raw_id_fields = ("partner",)
    search_fields = ("partner__name", "description")


@admin.register(get_model("bidding", "NoticeDigest"))
class NoticeDigestAdmin(admin.ModelAdmin):
    """The digests sent: read-only, a record of what went to whom."""

    list_display = ("day", "kind", "customer", "partner", "size", "date_created")
    list_filter = ("kind", "day")
    raw_id_fields = ("customer", "partner")


@admin.register(get_model("bidding", "QuotableProductClass"))
class QuotableProductClassAdmin(admin.ModelAdmin):
    list_display = ("product_class", "project_type", "quote_only")
    list_filter = ("quote_only",)


@admin.register(get_model("bidding", "QuoteItem"))
class QuoteItemAdmin(admin.ModelAdmin):
    """Read-only: a quote request's products are written with its project by
    ``QuoteRequestService``."""

    list_display = ("project", "title", "quantity")
    raw_id_fields = ("project", "product")
    search_fields = ("title", "project__title")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
