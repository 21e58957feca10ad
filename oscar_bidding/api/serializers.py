"""What each object of the marketplace reads as in the API.

Serializers only read: input is checked by the package's forms
(:mod:`oscar_bidding.api.forms`) and saved by its services. Loaded with
``get_class("bidding.api.serializers", …)``, so a fork overrides one of them.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from oscar.core.loading import get_class, get_classes, get_model
from rest_framework import serializers

Project = get_model("bidding", "Project")
ProjectAttachment = get_model("bidding", "ProjectAttachment")
Proposal = get_model("bidding", "Proposal")
ProposalVersion = get_model("bidding", "ProposalVersion")
Milestone = get_model("bidding", "Milestone")
MilestoneItem = get_model("bidding", "MilestoneItem")
MilestonePayment = get_model("bidding", "MilestonePayment")
Invoice = get_model("bidding", "Invoice")
StatusChange = get_model("bidding", "StatusChange")
Message = get_model("bidding", "Message")
MessageFile = get_model("bidding", "MessageFile")
ProjectAnswer = get_model("bidding", "ProjectAnswer")
ProjectType = get_model("bidding", "ProjectType")
ProjectQuestion = get_model("bidding", "ProjectQuestion")
QuestionFields = get_class("bidding.forms", "QuestionFields")
sender_label = get_class("bidding.views.messages", "sender_label")
shows_count, shows_lowest = get_classes(
    "bidding.bid_notices", ["shows_count", "shows_lowest"]
)


#: Statuses are the shop's pipeline settings' (``OSCAR_BIDDING_*_PIPELINE``),
#: not a fixed enumeration.
PIPELINE_HELP = "A status of the object's OSCAR_BIDDING_*_PIPELINE setting."


def absolute(serializer, url):
    request = serializer.context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


class UploadedFileSerializer(serializers.ModelSerializer):
    """A file someone joined (an attachment, a message's file…), with the URL
    that serves it to those who may read it: ``download_view_name``."""

    download_view_name = None
    download_url = serializers.SerializerMethodField()

    class Meta:
        fields = ["id", "name", "content_type", "size", "download_url"]
        read_only_fields = fields

    def get_download_url(self, obj) -> str:
        return absolute(self, reverse(self.download_view_name, kwargs={"pk": obj.pk}))


class AttachmentSerializer(UploadedFileSerializer):
    download_view_name = "bidding:attachment-download"

    class Meta(UploadedFileSerializer.Meta):
        model = ProjectAttachment
        fields = [*UploadedFileSerializer.Meta.fields, "date_created"]
        read_only_fields = fields


class MessageFileSerializer(UploadedFileSerializer):
    download_view_name = "bidding-api-message-files-download"

    class Meta(UploadedFileSerializer.Meta):
        model = MessageFile


class MessageFileDetailSerializer(MessageFileSerializer):
    """A message's file with where it was posted."""

    url = serializers.HyperlinkedIdentityField(
        view_name="bidding-api-message-files-detail"
    )
    project = serializers.IntegerField(
        source="message.conversation.project_id", read_only=True
    )
    partner = serializers.IntegerField(
        source="message.conversation.partner_id", read_only=True
    )
    proposal = serializers.IntegerField(
        source="message.conversation.proposal_id", read_only=True, allow_null=True
    )
    date_created = serializers.DateTimeField(
        source="message.date_created", read_only=True
    )

    class Meta(MessageFileSerializer.Meta):
        fields = [
            "id",
            "url",
            "message",
            "project",
            "partner",
            "proposal",
            *MessageFileSerializer.Meta.fields[1:],
            "date_created",
        ]
        read_only_fields = fields


class AnswerFileSerializer(UploadedFileSerializer):
    download_view_name = "bidding:answer-file"
    name = serializers.CharField(source="file_name", read_only=True)

    class Meta(UploadedFileSerializer.Meta):
        model = ProjectAnswer


class AnswerSerializer(serializers.ModelSerializer):
    """An answer to a question of the project's type, as it was asked."""

    value = serializers.JSONField(
        read_only=True,
        help_text="Text, a number or a date as a string, true/false, or a list.",
    )
    display_value = serializers.CharField(read_only=True)
    file = serializers.SerializerMethodField()

    class Meta:
        model = ProjectAnswer
        fields = ["question", "label", "kind", "value", "display_value", "file"]
        read_only_fields = fields

    @extend_schema_field(AnswerFileSerializer(allow_null=True))
    def get_file(self, obj):
        if not obj.file:
            return None
        return AnswerFileSerializer(obj, context=self.context).data


def terms_file_data(serializer, view_name, pk, name, **extra):
    """A terms file as the API shows it: its name and the API's URL for it."""
    url = absolute(serializer, reverse(view_name, kwargs={"pk": pk}))
    return {"name": name, **extra, "download_url": url}


class TermsFileSerializer(serializers.Serializer):
    name = serializers.CharField()
    sha256 = serializers.CharField(
        required=False, help_text="Of the file accepted (a proposal's terms)."
    )
    download_url = serializers.URLField()


class ProjectSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="bidding-api-projects-detail")
    status = serializers.CharField(read_only=True, help_text=PIPELINE_HELP)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    category = serializers.PrimaryKeyRelatedField(read_only=True)
    project_type = serializers.PrimaryKeyRelatedField(read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)
    terms_file = serializers.SerializerMethodField()

    #: Where this endpoint serves the project's terms file.
    terms_file_view_name = "bidding-api-projects-terms-file"

    class Meta:
        model = Project
        fields = [
            "id",
            "url",
            "title",
            "description",
            "category",
            "project_type",
            "answers",
            "budget",
            "currency",
            "bidding_deadline",
            "status",
            "status_display",
            "attachments",
            "terms",
            "terms_file",
            "date_created",
            "date_updated",
            "date_closed",
        ]
        read_only_fields = fields

    @extend_schema_field(TermsFileSerializer(allow_null=True))
    def get_terms_file(self, obj):
        if not obj.terms_file:
            return None
        return terms_file_data(
            self, self.terms_file_view_name, obj.pk, obj.terms_file_name
        )


class ProjectDetailSerializer(ProjectSerializer):
    """A project with what its customer may do to it now."""

    actions = serializers.SerializerMethodField()

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "actions"]
        read_only_fields = fields

    def get_actions(self, obj) -> list[str]:
        return sorted(obj.actions_for(self.context["request"].user))


class OwnProposalNoticeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    is_lowest = serializers.BooleanField(
        allow_null=True,
        help_text="Whether this submitted proposal has the lowest total (ties "
        "included); null for a proposal that is not submitted.",
    )


class BidNoticeSerializer(serializers.Serializer):
    proposals = serializers.IntegerField(
        help_text="How many submitted proposals the project has."
    )
    own_proposals = OwnProposalNoticeSerializer(
        many=True,
        required=False,
        help_text='The vendor\'s own proposals (OSCAR_BIDDING_BID_NOTICES = "lowest").',
    )


class OpenProjectSerializer(ProjectSerializer):
    """A project as vendors read it."""

    url = serializers.HyperlinkedIdentityField(
        view_name="bidding-api-open-projects-detail"
    )
    terms_file_view_name = "bidding-api-open-projects-terms-file"
    is_accepting_proposals = serializers.BooleanField(read_only=True)
    is_invited = serializers.BooleanField(
        read_only=True,
        help_text="Whether one of the vendor's partners was invited to it.",
    )
    bid_notice = serializers.SerializerMethodField()

    class Meta(ProjectSerializer.Meta):
        fields = [
            *ProjectSerializer.Meta.fields,
            "invite_only",
            "is_invited",
            "is_accepting_proposals",
            "bid_notice",
        ]
        read_only_fields = fields

    @extend_schema_field(BidNoticeSerializer(allow_null=True))
    def get_bid_notice(self, obj):
        """What OSCAR_BIDDING_BID_NOTICES lets the vendor know; null when off."""
        if not shows_count():
            return None
        notice = {"proposals": getattr(obj, "num_proposals", 0)}
        if shows_lowest():
            notice["own_proposals"] = [
                {"id": proposal.pk, "is_lowest": getattr(proposal, "is_lowest", None)}
                for proposal in getattr(obj, "own_proposals", ())
            ]
        return notice


class MilestoneItemSerializer(serializers.ModelSerializer):
    price_excl_tax = serializers.DecimalField(12, 2, read_only=True)
    price_incl_tax = serializers.DecimalField(12, 2, read_only=True)

    class Meta:
        model = MilestoneItem
        fields = [
            "id",
            "position",
            "description",
            "quantity",
            "unit_price",
            "tax_rate",
            "tax",
            "price_excl_tax",
            "price_incl_tax",
        ]
        read_only_fields = fields


class MilestoneSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="bidding-api-milestones-detail"
    )
    status = serializers.CharField(read_only=True, help_text=PIPELINE_HELP)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    items = MilestoneItemSerializer(many=True, read_only=True)

    class Meta:
        model = Milestone
        fields = [
            "id",
            "url",
            "proposal",
            "number",
            "title",
            "due_date",
            "status",
            "status_display",
            "amount_excl_tax",
            "amount_incl_tax",
            "amount_paid",
            "sub_vendor",
            "date_ready",
            "date_paid",
            "date_delivered",
            "date_completed",
            "items",
        ]
        read_only_fields = fields


class MilestoneDetailSerializer(MilestoneSerializer):
    """A milestone with what the user may do to it now (``pay``, ``deliver``…)."""

    actions = serializers.SerializerMethodField()

    class Meta(MilestoneSerializer.Meta):
        fields = [*MilestoneSerializer.Meta.fields, "actions"]
        read_only_fields = fields

    def get_actions(self, obj) -> list[str]:
        return sorted(obj.actions_for(self.context["request"].user))


class PartnerSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class ProposalSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="bidding-api-proposals-detail")
    status = serializers.CharField(read_only=True, help_text=PIPELINE_HELP)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    partner = PartnerSerializer(read_only=True)
    amount_due = serializers.DecimalField(12, 2, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "url",
            "project",
            "partner",
            "cover_letter",
            "delivery_days",
            "decline_reason",
            "currency",
            "amount_excl_tax",
            "amount_incl_tax",
            "amount_paid",
            "amount_due",
            "status",
            "status_display",
            "version",
            "date_created",
            "date_submitted",
            "date_decided",
            "date_changed",
            "milestones",
        ]
        read_only_fields = fields


class ProposalDetailSerializer(ProposalSerializer):
    """A proposal with what the user may do to it now."""

    actions = serializers.SerializerMethodField()

    class Meta(ProposalSerializer.Meta):
        fields = [*ProposalSerializer.Meta.fields, "actions"]
        read_only_fields = fields

    def get_actions(self, obj) -> list[str]:
        return sorted(obj.actions_for(self.context["request"].user))


class ProposalVersionSerializer(serializers.ModelSerializer):
    summary = serializers.JSONField(read_only=True)

    class Meta:
        model = ProposalVersion
        fields = ["number", "summary", "date_created"]
        read_only_fields = fields


class PaymentSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="paid or refunded")
    url = serializers.HyperlinkedIdentityField(view_name="bidding-api-payments-detail")
    proposal = serializers.IntegerField(source="milestone.proposal_id", read_only=True)
    invoice = serializers.HyperlinkedRelatedField(
        view_name="bidding-api-invoices-detail",
        lookup_field="number",
        read_only=True,
    )

    class Meta:
        model = MilestonePayment
        fields = [
            "id",
            "url",
            "milestone",
            "proposal",
            "order_number",
            "invoice_number",
            "invoice",
            "amount",
            "currency",
            "status",
            "date_created",
            "date_refunded",
            "refund_reason",
        ]
        read_only_fields = fields


class InvoiceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="bidding-api-invoices-detail", lookup_field="number"
    )
    pdf_url = serializers.HyperlinkedIdentityField(
        view_name="bidding-api-invoices-pdf", lookup_field="number"
    )
    order_number = serializers.CharField(source="order.number", read_only=True)
    seller = serializers.JSONField(read_only=True)
    buyer = serializers.JSONField(read_only=True)
    lines = serializers.JSONField(read_only=True)

    class Meta:
        model = Invoice
        fields = [
            "number",
            "url",
            "pdf_url",
            "order_number",
            "proposal",
            "seller",
            "buyer",
            "lines",
            "currency",
            "total_excl_tax",
            "total_tax",
            "total_incl_tax",
            "date_created",
        ]
        read_only_fields = fields


class StatusChangeSerializer(serializers.ModelSerializer):
    old_status_display = serializers.CharField(
        source="get_old_status_display", read_only=True
    )
    new_status_display = serializers.CharField(
        source="get_new_status_display", read_only=True
    )

    class Meta:
        model = StatusChange
        fields = [
            "id",
            "subject",
            "project",
            "proposal",
            "milestone",
            "role",
            "old_status",
            "old_status_display",
            "new_status",
            "new_status_display",
            "note",
            "date_created",
        ]
        read_only_fields = fields


class RevisionSerializer(ProposalVersionSerializer):
    """A revision of a proposal with what changed from the one before
    (``comparison``; ``null`` for the first), as the storefront's Revisions
    page shows it."""

    url = serializers.HyperlinkedIdentityField(view_name="bidding-api-revisions-detail")
    comparison = serializers.SerializerMethodField()

    versions_class = get_class("bidding.services.versions", "ProposalVersions")

    class Meta(ProposalVersionSerializer.Meta):
        fields = [
            "id",
            "url",
            "proposal",
            *ProposalVersionSerializer.Meta.fields,
            "comparison",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_comparison(self, obj):
        previous = getattr(obj, "previous_summary", None)
        if previous is None:
            return None
        return self.versions_class().compare(previous, obj.summary)


class MessageSerializer(serializers.ModelSerializer):
    """A message of a conversation (a project's customer and one vendor), with
    its files; ``sender`` as both sides read it."""

    project = serializers.IntegerField(source="conversation.project_id", read_only=True)
    partner = PartnerSerializer(source="conversation.partner", read_only=True)
    proposal = serializers.IntegerField(
        source="conversation.proposal_id", read_only=True, allow_null=True
    )
    role = serializers.CharField(
        read_only=True, help_text="Who wrote it: customer, vendor or staff."
    )
    channel = serializers.CharField(
        read_only=True,
        help_text="Who reads it: direct (both sides), customer or vendor (and staff).",
    )
    sender = serializers.SerializerMethodField()
    is_mine = serializers.SerializerMethodField()
    files = MessageFileSerializer(many=True, read_only=True)

    class Meta:
        model = Message
        fields = [
            "id",
            "conversation",
            "project",
            "partner",
            "proposal",
            "role",
            "sender",
            "channel",
            "body",
            "is_mine",
            "date_created",
            "files",
        ]
        read_only_fields = fields

    def get_sender(self, obj) -> str:
        return str(sender_label(obj.role, obj.conversation))

    def get_is_mine(self, obj) -> bool:
        return obj.author_id == self.context["request"].user.pk


class ProjectQuestionSerializer(serializers.ModelSerializer):
    """A question a project type asks; ``field`` names its answer in a
    project's input (``answers`` in JSON, or this field in multipart)."""

    kind = serializers.CharField(
        read_only=True,
        help_text="short_text, long_text, number, date, yes_no, "
        "one_choice, several_choices or file.",
    )
    choices = serializers.ListField(
        child=serializers.CharField(), source="choice_list", read_only=True
    )
    field = serializers.SerializerMethodField()

    class Meta:
        model = ProjectQuestion
        fields = [
            "id",
            "project_type",
            "label",
            "help_text",
            "kind",
            "choices",
            "required",
            "position",
            "field",
        ]
        read_only_fields = fields

    def get_field(self, obj) -> str:
        return QuestionFields(()).name(obj)


class ProjectTypeSerializer(serializers.ModelSerializer):
    """A project type in the tree, with every question it asks: its
    ancestors' first (inherited), then its own."""

    url = serializers.HyperlinkedIdentityField(
        view_name="bidding-api-project-types-detail"
    )
    parent = serializers.PrimaryKeyRelatedField(read_only=True)
    depth = serializers.IntegerField(read_only=True, help_text="0 for a root type.")
    ancestors = serializers.ListField(
        child=serializers.IntegerField(),
        source="ancestor_ids",
        read_only=True,
        help_text="From the root down, the type itself left out.",
    )
    children = serializers.ListField(
        child=serializers.IntegerField(), source="child_ids", read_only=True
    )
    questions = ProjectQuestionSerializer(
        many=True, source="all_questions", read_only=True
    )

    class Meta:
        model = ProjectType
        fields = [
            "id",
            "url",
            "name",
            "description",
            "parent",
            "depth",
            "ancestors",
            "children",
            "questions",
        ]
        read_only_fields = fields


class ShopTermsSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField(help_text="The flat page's URL, if it is one.")
    text = serializers.CharField()


class TermsSerializer(serializers.Serializer):
    """A project's terms as they are now (:class:`oscar_bidding.terms.Terms`):
    the shop's (``OSCAR_BIDDING_TERMS``) and the project's own text and file.
    A vendor accepts them (``accept_terms``) to submit a proposal."""

    exist = serializers.SerializerMethodField()
    shop = ShopTermsSerializer(read_only=True, allow_null=True)
    text = serializers.CharField(source="project.terms", read_only=True)
    file = serializers.SerializerMethodField()

    def get_exist(self, obj) -> bool:
        return obj.exist()

    @extend_schema_field(TermsFileSerializer(allow_null=True))
    def get_file(self, obj):
        project = obj.project
        if not project.terms_file:
            return None
        return terms_file_data(
            self,
            self.context["terms_file_view_name"],
            project.pk,
            project.terms_file_name,
        )


class AcceptedTermsSerializer(serializers.ModelSerializer):
    """The terms the vendor accepted on submitting the proposal, as they read
    then (later changes leave them as they are), with their version
    (``terms_hash``)."""

    accepted = serializers.SerializerMethodField()
    shop = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField()
    file = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "accepted",
            "terms_hash",
            "date_terms_accepted",
            "shop",
            "text",
            "file",
        ]
        read_only_fields = fields

    def accepted_part(self, obj, name):
        return (obj.accepted_terms or {}).get(name) or {}

    def get_accepted(self, obj) -> bool:
        return bool(obj.terms_hash)

    @extend_schema_field(ShopTermsSerializer(allow_null=True))
    def get_shop(self, obj):
        return self.accepted_part(obj, "shop") or None

    def get_text(self, obj) -> str:
        return self.accepted_part(obj, "project").get("text") or ""

    @extend_schema_field(TermsFileSerializer(allow_null=True))
    def get_file(self, obj):
        accepted = self.accepted_part(obj, "project").get("file")
        if not accepted:
            return None
        return terms_file_data(
            self,
            "bidding-api-proposals-terms-file",
            obj.pk,
            accepted["name"],
            sha256=accepted["sha256"],
        )


# Input of the actions: documented in the schema, checked by the forms.


class ProjectInputSerializer(serializers.Serializer):
    title = serializers.CharField()
    description = serializers.CharField()
    category = serializers.IntegerField(required=False, allow_null=True)
    project_type = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Required when OSCAR_BIDDING_PROJECT_TYPE_REQUIRED and types exist.",
    )
    answers = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text="The type's answers by question id (JSON): text, a number, "
        "a date (YYYY-MM-DD), true/false, a choice or a list of choices. In "
        "multipart, each answer (files too) is its question's `field`.",
    )
    budget = serializers.DecimalField(12, 2, required=False, allow_null=True)
    bidding_deadline = serializers.DateField()
    terms = serializers.CharField(
        required=False, allow_blank=True, help_text="Your terms and conditions."
    )
    terms_file = serializers.FileField(required=False)
    remove_terms_file = serializers.BooleanField(required=False, default=False)
    attachments = serializers.ListField(child=serializers.FileField(), required=False)
    remove_attachments = serializers.ListField(
        child=serializers.IntegerField(), required=False
    )


class ItemInputSerializer(serializers.Serializer):
    description = serializers.CharField()
    quantity = serializers.IntegerField(min_value=1)
    unit_price = serializers.DecimalField(12, 2)
    tax_rate = serializers.DecimalField(
        5, 4, required=False, help_text="A fraction: 0.2 for 20%."
    )


class MilestoneInputSerializer(serializers.Serializer):
    title = serializers.CharField()
    due_date = serializers.DateField(required=False, allow_null=True)
    sub_vendor = serializers.IntegerField(required=False, allow_null=True)
    items = ItemInputSerializer(many=True)


class ProposalInputSerializer(serializers.Serializer):
    project = serializers.IntegerField(help_text="On create only.")
    partner = serializers.IntegerField(
        required=False, help_text="For users of several vendors."
    )
    cover_letter = serializers.CharField(required=False, allow_blank=True)
    delivery_days = serializers.IntegerField(required=False, allow_null=True)
    submit = serializers.BooleanField(required=False, default=False)
    accept_terms = serializers.BooleanField(
        required=False,
        default=False,
        help_text="The project's terms are accepted: needed to submit when it has any.",
    )
    milestones = MilestoneInputSerializer(many=True)


class SubmitInputSerializer(serializers.Serializer):
    accept_terms = serializers.BooleanField(
        required=False,
        default=False,
        help_text="The project's terms are accepted: needed when it has any.",
    )


class MessageInputSerializer(serializers.Serializer):
    body = serializers.CharField()
    files = serializers.ListField(child=serializers.FileField(), required=False)
    channel = serializers.ChoiceField(
        choices=[c for c, _label in Message.CHANNEL_CHOICES],
        required=False,
        help_text="Staff only: who reads it (OSCAR_BIDDING_PROJECT_COMMUNICATIONS); "
        "the first allowed by default.",
    )
    partner = serializers.IntegerField(
        required=False,
        help_text="projects/{id}/messages/: the vendor answered (required). "
        "open-projects/{id}/messages/: the vendor asking, for users of several "
        "vendors and staff.",
    )


class DecisionInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The version of the proposal the customer read."
    )


class ChangeRequestInputSerializer(DecisionInputSerializer):
    reason = serializers.CharField(help_text="What the vendor should change.")


class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField()


class NoteInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True)


class DeliveryInputSerializer(serializers.Serializer):
    note = serializers.CharField()
    files = serializers.ListField(child=serializers.FileField(), required=False)


class PayResultSerializer(serializers.Serializer):
    basket = serializers.IntegerField()
    milestones = serializers.ListField(child=serializers.IntegerField())
    amount = serializers.DecimalField(12, 2)
    currency = serializers.CharField()
    detail = serializers.CharField()
