"""What each object of the marketplace reads as in the API.

Serializers only read: input is checked by the package's forms
(:mod:`oscar_bidding.api.forms`) and saved by its services. Loaded with
``get_class("bidding.api.serializers", …)``, so a fork overrides one of them.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from oscar.core.loading import get_classes, get_model
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
shows_count, shows_lowest = get_classes(
    "bidding.bid_notices", ["shows_count", "shows_lowest"]
)


#: Statuses are the shop's pipeline settings' (``OSCAR_BIDDING_*_PIPELINE``),
#: not a fixed enumeration.
PIPELINE_HELP = "A status of the object's OSCAR_BIDDING_*_PIPELINE setting."


def absolute(serializer, url):
    request = serializer.context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ProjectAttachment
        fields = ["id", "name", "content_type", "size", "date_created", "download_url"]

    def get_download_url(self, obj) -> str:
        return absolute(
            self, reverse("bidding:attachment-download", kwargs={"pk": obj.pk})
        )


class ProjectSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="bidding-api-projects-detail")
    status = serializers.CharField(read_only=True, help_text=PIPELINE_HELP)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    category = serializers.PrimaryKeyRelatedField(read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "url",
            "title",
            "description",
            "category",
            "budget",
            "currency",
            "bidding_deadline",
            "status",
            "status_display",
            "attachments",
            "date_created",
            "date_updated",
            "date_closed",
        ]
        read_only_fields = fields


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
    is_accepting_proposals = serializers.BooleanField(read_only=True)
    bid_notice = serializers.SerializerMethodField()

    class Meta(ProjectSerializer.Meta):
        fields = [
            *ProjectSerializer.Meta.fields,
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


# Input of the actions: documented in the schema, checked by the forms.


class ProjectInputSerializer(serializers.Serializer):
    title = serializers.CharField()
    description = serializers.CharField()
    category = serializers.IntegerField(required=False, allow_null=True)
    budget = serializers.DecimalField(12, 2, required=False, allow_null=True)
    bidding_deadline = serializers.DateField()
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
    milestones = MilestoneInputSerializer(many=True)


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
