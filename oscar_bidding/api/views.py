"""The API's viewsets: thin, as the pages are.

Each reads its queryset from :mod:`oscar_bidding.access` (someone else's
object is a 404), checks input with the package's forms
(:mod:`oscar_bidding.api.forms`) and changes state only through the services;
a service's refusal (``BiddingError``) is a 409 with its message. Loaded with
``get_class("bidding.api.views", …)``; :mod:`oscar_bidding.api.registry`
routes them.
"""

import io
import json

from django.db import transaction
from django.db.models import JSONField, OuterRef, Prefetch, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import include, path
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from oscar.core.loading import get_class, get_classes, get_model
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from oscar_bidding import messaging
from oscar_bidding.conf import setting
from oscar_bidding.exceptions import BiddingError

(
    ProjectSerializer,
    ProjectDetailSerializer,
    OpenProjectSerializer,
    ProposalSerializer,
    ProposalDetailSerializer,
    ProposalVersionSerializer,
    MilestoneSerializer,
    MilestoneDetailSerializer,
    PaymentSerializer,
    InvoiceSerializer,
    StatusChangeSerializer,
    ProjectInputSerializer,
    ProposalInputSerializer,
    DecisionInputSerializer,
    ChangeRequestInputSerializer,
    ReasonInputSerializer,
    NoteInputSerializer,
    DeliveryInputSerializer,
    PayResultSerializer,
    RevisionSerializer,
    MessageSerializer,
    MessageFileDetailSerializer,
    ProjectTypeSerializer,
    TermsSerializer,
    AcceptedTermsSerializer,
    SubmitInputSerializer,
    MessageInputSerializer,
) = get_classes(
    "bidding.api.serializers",
    [
        "ProjectSerializer",
        "ProjectDetailSerializer",
        "OpenProjectSerializer",
        "ProposalSerializer",
        "ProposalDetailSerializer",
        "ProposalVersionSerializer",
        "MilestoneSerializer",
        "MilestoneDetailSerializer",
        "PaymentSerializer",
        "InvoiceSerializer",
        "StatusChangeSerializer",
        "ProjectInputSerializer",
        "ProposalInputSerializer",
        "DecisionInputSerializer",
        "ChangeRequestInputSerializer",
        "ReasonInputSerializer",
        "NoteInputSerializer",
        "DeliveryInputSerializer",
        "PayResultSerializer",
        "RevisionSerializer",
        "MessageSerializer",
        "MessageFileDetailSerializer",
        "ProjectTypeSerializer",
        "TermsSerializer",
        "AcceptedTermsSerializer",
        "SubmitInputSerializer",
        "MessageInputSerializer",
    ],
)
validated, project_form, proposal_forms, boolean, message_form = get_classes(
    "bidding.api.forms",
    ["validated", "project_form", "proposal_forms", "boolean", "message_form"],
)
DeliveryForm, ReasonForm, ProposalDecisionForm, ChangeRequestForm = get_classes(
    "bidding.forms",
    ["DeliveryForm", "ReasonForm", "ProposalDecisionForm", "ChangeRequestForm"],
)
ProjectService = get_class("bidding.services.projects", "ProjectService")
ProposalService = get_class("bidding.services.proposals", "ProposalService")
with_invited = get_class("bidding.access", "with_invited")
with_proposal_count, own_proposals, shows_lowest = get_classes(
    "bidding.bid_notices", ["with_proposal_count", "own_proposals", "shows_lowest"]
)
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")
MilestonePaymentService = get_class(
    "bidding.services.payments", "MilestonePaymentService"
)
ConversationService = get_class("bidding.services.conversations", "ConversationService")
Terms = get_class("bidding.terms", "Terms")
TypeTree = get_class("bidding.project_types", "TypeTree")
invoice_lines = get_class("bidding.views.invoices", "invoice_lines")
file_response, ProposalTermsFileView = get_classes(
    "bidding.views.terms", ["file_response", "ProposalTermsFileView"]
)
MessageFileDownloadView = get_class("bidding.views.messages", "MessageFileDownloadView")
render_pdf = get_class("bidding.pdf", "render_pdf")
dashboard_role, visible_channels = get_classes(
    "bidding.messaging", ["dashboard_role", "visible_channels"]
)
is_enabled, build_router = get_classes(
    "bidding.api.registry", ["is_enabled", "build_router"]
)
(
    customer_projects,
    vendor_projects,
    customer_proposals,
    vendor_proposals,
    visible_proposals,
    customer_milestones,
    vendor_milestones,
    visible_milestones,
    visible_payments,
    visible_invoices,
    visible_status_changes,
    vendor_partners,
    customer_conversations,
    asked_projects,
    visible_message_files,
    terms_proposals,
) = get_classes(
    "bidding.access",
    [
        "customer_projects",
        "vendor_projects",
        "customer_proposals",
        "vendor_proposals",
        "visible_proposals",
        "customer_milestones",
        "vendor_milestones",
        "visible_milestones",
        "visible_payments",
        "visible_invoices",
        "visible_status_changes",
        "vendor_partners",
        "customer_conversations",
        "asked_projects",
        "visible_message_files",
        "terms_proposals",
    ],
)
Basket = get_model("basket", "Basket")
Milestone = get_model("bidding", "Milestone")
Proposal = get_model("bidding", "Proposal")
MilestoneItem = get_model("bidding", "MilestoneItem")
MilestonePayment = get_model("bidding", "MilestonePayment")
Invoice = get_model("bidding", "Invoice")
Project = get_model("bidding", "Project")
StatusChange = get_model("bidding", "StatusChange")
ProposalVersion = get_model("bidding", "ProposalVersion")
Message = get_model("bidding", "Message")
MessageFile = get_model("bidding", "MessageFile")
ProjectType = get_model("bidding", "ProjectType")


class Conflict(APIException):
    """A rule of the marketplace refused the change: nothing changed."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This change is not possible now.")
    default_code = "conflict"


class BiddingPagination(PageNumberPagination):
    """``OSCAR_BIDDING_API_PAGE_SIZE`` rows a page; ``?page=`` and ``?page_size=``."""

    page_size_query_param = "page_size"

    def get_page_size(self, request):
        self.page_size = setting("OSCAR_BIDDING_API_PAGE_SIZE")
        self.max_page_size = setting("OSCAR_BIDDING_API_MAX_PAGE_SIZE")
        return super().get_page_size(request)


class BiddingThrottle(SimpleRateThrottle):
    """``OSCAR_BIDDING_API_THROTTLE_RATES``: ``read`` for GET, ``action`` for
    the rest, per user (per address for anonymous requests)."""

    scope = "read"

    def get_rate(self):
        return setting("OSCAR_BIDDING_API_THROTTLE_RATES").get(self.scope)

    def allow_request(self, request, view):
        self.scope = "read" if request.method in SAFE_METHODS else "action"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        user = request.user
        ident = user.pk if user and user.is_authenticated else self.get_ident(request)
        return f"throttle_bidding_{self.scope}_{ident}"


class BiddingFilter(BaseFilterBackend):
    """``?status=`` (several separated by commas), ``?date_from=`` and
    ``?date_to=`` (``YYYY-MM-DD``, on ``view.date_field``), and the view's
    ``filter_fields`` (``?project=12``)."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) != "list":
            return queryset
        params = request.query_params
        if params.get("status") and getattr(view, "status_field", None):
            statuses = [s for s in params["status"].split(",") if s]
            queryset = queryset.filter(**{f"{view.status_field}__in": statuses})
        date_field = getattr(view, "date_field", None)
        for param, lookup in (("date_from", "gte"), ("date_to", "lte")):
            if date_field and params.get(param):
                day = self.parse_date(param, params[param])
                queryset = queryset.filter(**{f"{date_field}__date__{lookup}": day})
        for param, field in getattr(view, "filter_fields", {}).items():
            if params.get(param):
                value = params[param]
                if not value.isdigit():
                    raise ValidationError({param: [_("A number is required.")]})
                queryset = queryset.filter(**{field: value})
        return queryset

    def parse_date(self, param, value):
        try:
            day = parse_date(value)
        except ValueError:
            day = None
        if day is None:
            raise ValidationError({param: [_("A date is required: YYYY-MM-DD.")]})
        return day

    def get_schema_operation_parameters(self, view):
        parameters = []
        if getattr(view, "status_field", None):
            parameters.append(
                {
                    "name": "status",
                    "required": False,
                    "in": "query",
                    "description": "Statuses, separated by commas.",
                    "schema": {"type": "string"},
                }
            )
        if getattr(view, "date_field", None):
            for name, side in (("date_from", "after"), ("date_to", "before")):
                parameters.append(
                    {
                        "name": name,
                        "required": False,
                        "in": "query",
                        "description": f"Dated this day or {side} (YYYY-MM-DD).",
                        "schema": {"type": "string", "format": "date"},
                    }
                )
        for name in getattr(view, "filter_fields", {}):
            parameters.append(
                {
                    "name": name,
                    "required": False,
                    "in": "query",
                    "schema": {"type": "integer"},
                }
            )
        return parameters


class PDFRenderer(BaseRenderer):
    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return json.dumps(data, default=str).encode()


class FileRenderer(PDFRenderer):
    """A file download (the response is the file itself)."""

    media_type = "application/octet-stream"
    format = "file"


#: The schema of a file download.
FILE_RESPONSE = {
    (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)
}


class BiddingAPIMixin:
    """What every endpoint shares: authentication as the shop's REST framework
    settings say (django-oscar-api's too), logged-in users only, pagination,
    filtering, throttling, the endpoint switches, and a service's refusal as
    a 409."""

    #: The endpoint's name in :data:`oscar_bidding.api.registry.ENDPOINTS`.
    endpoint_name = None
    permission_classes = [IsAuthenticated]
    pagination_class = BiddingPagination
    throttle_classes = [BiddingThrottle]
    filter_backends = [BiddingFilter]
    schema = AutoSchema()
    status_field = "status"
    date_field = "date_created"
    filter_fields = {}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        name = (self.action or "").replace("_", "-")
        if not is_enabled(self.endpoint_name, name):
            raise NotFound()

    def handle_exception(self, exc):
        if isinstance(exc, BiddingError):
            exc = Conflict(str(exc))
        elif isinstance(exc, Http404):
            exc = NotFound()
        return super().handle_exception(exc)

    def detail_response(self, obj, serializer_class=None, status_code=200):
        serializer_class = serializer_class or self.detail_serializer_class
        data = serializer_class(obj, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    def get_serializer_class(self):
        if self.action == "list" or not hasattr(self, "detail_serializer_class"):
            return self.serializer_class
        return self.detail_serializer_class

    def object_from(self, queryset, **lookup):
        """The object of the URL from ``queryset`` (the action's own access
        rule), or 404."""
        lookup = lookup or {"pk": self.kwargs["pk"]}
        return get_object_or_404(queryset, **lookup)

    def require_action(self, obj, name):
        if name not in obj.actions_for(self.request.user):
            raise Conflict(obj.why_not(name.replace("_", " ")))

    def number_from(self, data, name, required=False):
        """The whole number ``data[name]`` (a request's body or query), or
        ``None``; a 400 when it is missing but ``required``, or not a number."""
        value = data.get(name)
        if value in (None, ""):
            if required:
                raise ValidationError({name: [_("This field is required.")]})
            return None
        if not str(value).isdigit():
            raise ValidationError({name: [_("A number is required.")]})
        return int(value)

    def storefront_download(self, view_class, **kwargs):
        """The storefront's download view of a file, for the API's user: its
        own access rule (someone else's file is a 404) and headers."""
        return view_class.as_view()(self.request._request, **kwargs)


class ConversationMixin:
    """Reading and posting the messages of a conversation (a project's
    customer and one vendor) as the storefront's and the dashboard's
    Messaging pages do (:mod:`oscar_bidding.views.messages`): the channels
    the role reads, marked read as they are shown, and a new message checked
    by the storefront's ``MessageForm`` and posted by ``ConversationService``."""

    conversation_service_class = ConversationService
    message_serializer_class = MessageSerializer

    def message_queryset(self, role, **lookups):
        return (
            Message.objects.filter(channel__in=visible_channels(role), **lookups)
            .select_related("conversation__project__customer", "conversation__partner")
            .prefetch_related("files")
            .order_by("date_created", "pk")
        )

    def messages_response(self, queryset):
        """A page of messages, oldest first (``?page=last`` for the newest);
        what it shows is marked read."""
        page = self.paginate_queryset(queryset)
        last_read = {}
        for message in page:
            key = message.conversation_id
            last_read[key] = max(message.pk, last_read.get(key, 0))
        self.conversation_service_class().mark_read_many(self.request.user, last_read)
        serializer = self.message_serializer_class(
            page, many=True, context=self.get_serializer_context()
        )
        return self.get_paginated_response(serializer.data)

    def post_to_conversation(self, project, partner, role):
        """Post the request's message (``body``, ``files``, staff's
        ``channel``) to the conversation of ``project`` and ``partner``."""
        data = validated(message_form(self.request, role))
        message = self.conversation_service_class().post_about(
            project,
            partner,
            self.request.user,
            role,
            data["body"],
            files=data["files"],
            channel=data.get("channel"),
        )
        return self.detail_response(
            self.message_queryset(role).get(pk=message.pk),
            self.message_serializer_class,
            status_code=201,
        )


class ProjectTermsMixin:
    """A project's terms as they are now (``terms/``) and its terms file
    (``terms-file/``), for the readers of the viewset's ``projects()``."""

    terms_class = Terms
    terms_serializer_class = TermsSerializer

    @extend_schema(responses=TermsSerializer)
    @action(detail=True, methods=["get"])
    def terms(self, request, pk=None):
        """The shop's terms and the project's own: what a vendor accepts
        (``accept_terms``) to submit a proposal."""
        project = self.object_from(self.projects())
        context = {
            **self.get_serializer_context(),
            "terms_file_view_name": f"{self.basename}-terms-file",
        }
        serializer = self.terms_serializer_class(
            self.terms_class(project), context=context
        )
        return Response(serializer.data)

    @extend_schema(responses=FILE_RESPONSE)
    @action(
        detail=True,
        methods=["get"],
        url_path="terms-file",
        renderer_classes=[JSONRenderer, FileRenderer],
    )
    def terms_file(self, request, pk=None):
        project = self.object_from(self.projects())
        if not project.terms_file:
            raise NotFound()
        return file_response(
            lambda: project.terms_file.open("rb"), project.terms_file_name
        )


# Projects -----------------------------------------------------------------------


def project_queryset(projects):
    return projects.select_related("category").prefetch_related(
        "attachments", "answers"
    )


PARTNER_PARAMETER = OpenApiParameter(
    "partner", int, description="One vendor's conversation (a partner's id)."
)


@extend_schema(tags=["projects"])
class ProjectViewSet(
    BiddingAPIMixin,
    ProjectTermsMixin,
    ConversationMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The customer's projects ("My Projects"): post, edit, cancel, complete;
    their terms, and the vendors' questions."""

    endpoint_name = "projects"
    queryset = Project.objects.none()  # the schema reads the model here
    serializer_class = ProjectSerializer
    detail_serializer_class = ProjectDetailSerializer
    service_class = ProjectService
    filter_fields = {"project_type": "project_type_id"}

    def projects(self):
        return customer_projects(self.request.user)

    def get_queryset(self):
        return project_queryset(self.projects())

    @extend_schema(
        request=ProjectInputSerializer, responses={201: ProjectDetailSerializer}
    )
    def create(self, request, *args, **kwargs):
        form = project_form(request)
        data = validated(form)
        project = self.service_class().create(
            request.user,
            attachments=data["attachments"],
            answers=form.answers(),
            **form.terms_fields(),
            **form.project_fields(),
        )
        return self.detail_response(
            self.get_queryset().get(pk=project.pk), status_code=201
        )

    @extend_schema(request=ProjectInputSerializer, responses=ProjectDetailSerializer)
    def update(self, request, *args, **kwargs):
        project = self.get_object()
        self.require_action(project, "edit")
        form = project_form(request, project, partial=kwargs.get("partial", False))
        data = validated(form)
        self.service_class().update(
            project,
            attachments=data["attachments"],
            remove_attachments=data.get("remove_attachments") or (),
            answers=form.answers(),
            **form.terms_fields(),
            **form.project_fields(),
        )
        return self.detail_response(self.get_queryset().get(pk=project.pk))

    @extend_schema(request=None, responses=ProjectDetailSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        project = self.service_class().cancel(self.get_object(), user=request.user)
        return self.detail_response(self.get_queryset().get(pk=project.pk))

    @extend_schema(request=None, responses=ProjectDetailSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        project = self.service_class().complete(self.get_object(), user=request.user)
        return self.detail_response(self.get_queryset().get(pk=project.pk))

    @extend_schema(
        parameters=[PARTNER_PARAMETER], responses=MessageSerializer(many=True)
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def messages(self, request, pk=None):
        """The vendors' conversations about the project, oldest message
        first: questions before proposing, then each proposal's messages."""
        project = self.object_from(self.projects())
        lookups = {"conversation__project": project}
        partner = self.number_from(request.query_params, "partner")
        if partner is not None:
            lookups["conversation__partner"] = partner
        return self.messages_response(
            self.message_queryset(messaging.CUSTOMER, **lookups)
        )

    @extend_schema(request=MessageInputSerializer, responses={201: MessageSerializer})
    @messages.mapping.post
    def post_message(self, request, pk=None):
        """Answer a vendor (``partner``) who wrote about the project."""
        project = self.object_from(self.projects())
        conversation = self.object_from(
            customer_conversations(request.user)
            .filter(project=project)
            .select_related("partner"),
            partner=self.number_from(request.data, "partner", required=True),
        )
        return self.post_to_conversation(
            project, conversation.partner, messaging.CUSTOMER
        )


@extend_schema(tags=["projects"])
class OpenProjectViewSet(
    BiddingAPIMixin, ProjectTermsMixin, ConversationMixin, viewsets.ReadOnlyModelViewSet
):
    """Projects as vendors read them: the open ones and those they answered;
    their terms, and the vendor's questions before proposing."""

    endpoint_name = "open-projects"
    queryset = Project.objects.none()  # the schema reads the model here
    serializer_class = OpenProjectSerializer
    filter_fields = {"project_type": "project_type_id"}

    def projects(self):
        return vendor_projects(self.request.user)

    def get_queryset(self):
        user = self.request.user
        projects = project_queryset(
            with_invited(with_proposal_count(self.projects()), user)
        )
        if shows_lowest():
            return projects.prefetch_related(own_proposals(user))
        return projects

    def asking_partner(self, data):
        """The vendor asking: ``partner`` (one of the user's), else the
        user's only or first partner; none for staff, who read every
        vendor's question."""
        user = self.request.user
        partners = vendor_partners(user)
        pk = self.number_from(data, "partner")
        if pk is not None:
            return self.object_from(partners, pk=pk)
        if user.is_staff:
            return None
        partner = partners.order_by("pk").first()
        if partner is None:
            raise NotFound()
        return partner

    @extend_schema(
        parameters=[PARTNER_PARAMETER], responses=MessageSerializer(many=True)
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def messages(self, request, pk=None):
        """The vendor's conversation with the project's customer (for staff
        without ``partner``: every vendor's), oldest message first."""
        project = self.object_from(asked_projects(request.user))
        lookups = {"conversation__project": project}
        partner = self.asking_partner(request.query_params)
        if partner is not None:
            lookups["conversation__partner"] = partner
        role = dashboard_role(request.user)
        return self.messages_response(self.message_queryset(role, **lookups))

    @extend_schema(request=MessageInputSerializer, responses={201: MessageSerializer})
    @messages.mapping.post
    def post_message(self, request, pk=None):
        """Ask the customer a question before proposing (once proposed, the
        proposal's conversation)."""
        project = self.object_from(asked_projects(request.user))
        partner = self.asking_partner(request.data)
        if partner is None:
            raise ValidationError({"partner": [_("This field is required.")]})
        return self.post_to_conversation(project, partner, dashboard_role(request.user))


# Proposals ------------------------------------------------------------------------


def proposal_queryset(proposals):
    items = MilestoneItem.objects.order_by("position", "pk")
    milestones = Milestone.objects.order_by("number").prefetch_related(
        Prefetch("items", queryset=items)
    )
    return proposals.select_related("partner", "project").prefetch_related(
        Prefetch("milestones", queryset=milestones)
    )


@extend_schema(tags=["proposals"])
class ProposalViewSet(
    BiddingAPIMixin,
    ConversationMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Proposals with their milestones and items: those the customer received,
    and the vendor's own. The vendor creates, edits (milestones replaced
    whole), submits and withdraws; the customer accepts or rejects the
    version they read."""

    endpoint_name = "proposals"
    queryset = Proposal.objects.none()  # the schema reads the model here
    serializer_class = ProposalSerializer
    detail_serializer_class = ProposalDetailSerializer
    service_class = ProposalService
    decision_form_class = ProposalDecisionForm
    change_request_form_class = ChangeRequestForm
    version_serializer_class = ProposalVersionSerializer
    http_method_names = ["get", "post", "put", "head", "options"]
    filter_fields = {"project": "project_id"}

    def get_queryset(self):
        return proposal_queryset(visible_proposals(self.request.user))

    def reread(self, proposal):
        return proposal_queryset(Proposal.objects.all()).get(pk=proposal.pk)

    @extend_schema(
        request=ProposalInputSerializer, responses={201: ProposalDetailSerializer}
    )
    def create(self, request, *args, **kwargs):
        project = self.object_from(
            vendor_projects(request.user),
            pk=self.number_from(request.data, "project", required=True),
        )
        if not project.is_accepting_proposals:
            raise Conflict(_("This project no longer takes proposals."))
        fields, specs = proposal_forms(request, project)
        proposal = self.service_class().create(
            project,
            fields["partner"],
            request.user,
            specs,
            submit=fields["submit_proposal"],
            accept_terms=fields["accept_terms"],
            cover_letter=fields["cover_letter"],
            delivery_days=fields["delivery_days"],
        )
        return self.detail_response(self.reread(proposal), status_code=201)

    @extend_schema(request=ProposalInputSerializer, responses=ProposalDetailSerializer)
    def update(self, request, *args, **kwargs):
        proposal = self.object_from(
            vendor_proposals(request.user).select_related("project", "partner")
        )
        self.require_action(proposal, "edit")
        fields, specs = proposal_forms(request, proposal.project, proposal)
        service = self.service_class()
        with transaction.atomic():  # a refused submission saves nothing
            proposal = service.update(
                proposal,
                specs,
                user=request.user,
                cover_letter=fields["cover_letter"],
                delivery_days=fields["delivery_days"],
            )
            if fields["submit_proposal"] and proposal.can_change_to(Proposal.SUBMITTED):
                service.submit(
                    proposal, user=request.user, accept_terms=fields["accept_terms"]
                )
        return self.detail_response(self.reread(proposal))

    @extend_schema(request=SubmitInputSerializer, responses=ProposalDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit a draft, accepting the project's terms (``accept_terms``)
        when it has any."""
        proposal = self.object_from(vendor_proposals(request.user))
        self.service_class().submit(
            proposal,
            user=request.user,
            accept_terms=boolean(request, "accept_terms"),
        )
        return self.detail_response(self.reread(proposal))

    @extend_schema(request=None, responses=ProposalDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        proposal = self.object_from(vendor_proposals(request.user))
        self.service_class().withdraw(proposal, user=request.user)
        return self.detail_response(self.reread(proposal))

    def decide(self, request, decision):
        proposal = self.object_from(customer_proposals(request.user))
        version = validated(self.decision_form_class(request.data))["version"]
        getattr(self.service_class(), decision)(
            proposal, version=version, user=request.user
        )
        return self.detail_response(self.reread(proposal))

    @extend_schema(request=DecisionInputSerializer, responses=ProposalDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self.decide(request, "accept")

    @extend_schema(request=DecisionInputSerializer, responses=ProposalDetailSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self.decide(request, "reject")

    @extend_schema(
        request=ChangeRequestInputSerializer, responses=ProposalDetailSerializer
    )
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request, pk=None):
        """Ask the vendor to change the revision (``version``) read."""
        proposal = self.object_from(customer_proposals(request.user))
        data = validated(self.change_request_form_class(request.data))
        self.service_class().request_changes(
            proposal, data["reason"], version=data["version"], user=request.user
        )
        return self.detail_response(self.reread(proposal))

    @extend_schema(responses=ProposalVersionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def versions(self, request, pk=None):
        """The versions the vendor's changes replaced, oldest first."""
        proposal = self.object_from(visible_proposals(request.user))
        versions = proposal.versions.order_by("number")
        data = self.version_serializer_class(versions, many=True).data
        return Response(data)

    def conversation_role(self, proposal):
        """The customer's side on a proposal they received, else the
        dashboard's (the vendor's, or staff's)."""
        user = self.request.user
        if (
            proposal.project.customer_id == user.pk
            and proposal.status in Proposal.VISIBLE_TO_CUSTOMER
        ):
            return messaging.CUSTOMER
        return dashboard_role(user)

    def conversation_proposal(self):
        return self.object_from(
            visible_proposals(self.request.user).select_related("project", "partner")
        )

    @extend_schema(responses=MessageSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[])
    def messages(self, request, pk=None):
        """The proposal's conversation (its project's customer and its
        vendor), oldest message first, as the user's side reads it."""
        proposal = self.conversation_proposal()
        return self.messages_response(
            self.message_queryset(
                self.conversation_role(proposal),
                conversation__project=proposal.project_id,
                conversation__partner=proposal.partner_id,
            )
        )

    @extend_schema(request=MessageInputSerializer, responses={201: MessageSerializer})
    @messages.mapping.post
    def post_message(self, request, pk=None):
        """Write to the other side (multipart with ``files``)."""
        proposal = self.conversation_proposal()
        return self.post_to_conversation(
            proposal.project, proposal.partner, self.conversation_role(proposal)
        )

    @extend_schema(responses=AcceptedTermsSerializer)
    @action(detail=True, methods=["get"])
    def terms(self, request, pk=None):
        """The terms the vendor accepted on submitting, as they read then."""
        proposal = self.object_from(terms_proposals(request.user))
        return self.detail_response(proposal, AcceptedTermsSerializer)

    @extend_schema(responses=FILE_RESPONSE)
    @action(
        detail=True,
        methods=["get"],
        url_path="terms-file",
        renderer_classes=[JSONRenderer, FileRenderer],
    )
    def terms_file(self, request, pk=None):
        """The terms file accepted, even if the customer replaced it since."""
        proposal = self.object_from(terms_proposals(request.user))
        return self.storefront_download(ProposalTermsFileView, pk=proposal.pk)


# Milestones ------------------------------------------------------------------------


def api_basket(request):
    """The basket the API's basket calls use: django-oscar-api's when it is
    installed (the owner's open basket, kept in the session), else the
    owner's open basket as Oscar's middleware finds it."""
    try:
        from oscarapi.basket import operations  # noqa: PLC0415
    except ImportError:
        basket = Basket.open.filter(owner=request.user).order_by("pk").first()
        return basket or Basket.open.create(owner=request.user)
    return operations.get_basket(request, prepare=False)


@extend_schema(tags=["milestones"])
class MilestoneViewSet(BiddingAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Milestones with their items; Pay, mark ready, deliver, and the
    customer's answer to a delivery."""

    endpoint_name = "milestones"
    queryset = Milestone.objects.none()  # the schema reads the model here
    serializer_class = MilestoneSerializer
    detail_serializer_class = MilestoneDetailSerializer
    service_class = MilestoneService
    payment_service_class = MilestonePaymentService
    pay_result_serializer_class = PayResultSerializer
    delivery_form_class = DeliveryForm
    reason_form_class = ReasonForm
    date_field = "proposal__date_created"
    filter_fields = {"proposal": "proposal_id"}

    def get_queryset(self):
        items = MilestoneItem.objects.order_by("position", "pk")
        return (
            visible_milestones(self.request.user)
            .select_related("proposal__project", "proposal__partner")
            .prefetch_related(Prefetch("items", queryset=items))
        )

    def reread(self, milestone):
        return self.get_queryset().get(pk=milestone.pk)

    def customer_milestone(self):
        return self.object_from(
            customer_milestones(self.request.user).select_related(
                "proposal__project", "proposal__partner"
            )
        )

    def vendor_milestone(self):
        return self.object_from(
            vendor_milestones(self.request.user).select_related(
                "proposal__project", "proposal__partner"
            )
        )

    @extend_schema(request=None, responses=PayResultSerializer)
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        """Pay: the API basket holds exactly this milestone (or every ready one,
        with ``OSCAR_BIDDING_PAY_SEVERAL``) and is locked; check it out through
        django-oscar-api's ``checkout/``. Replaces everything in the basket."""
        basket = api_basket(request)
        try:
            milestones = self.payment_service_class().fill_basket(
                basket, int(pk), request.user
            )
        except (Milestone.DoesNotExist, ValueError) as error:
            raise NotFound() from error
        result = self.pay_result_serializer_class(
            {
                "basket": basket.pk,
                "milestones": [m.pk for m in milestones],
                "amount": sum(m.amount_incl_tax for m in milestones),
                "currency": milestones[0].proposal.currency,
                "detail": _(
                    "The milestone is in your basket, which is locked until it is "
                    "paid: check out to pay it."
                ),
            }
        )
        return Response(result.data)

    @extend_schema(request=None, responses=MilestoneDetailSerializer)
    @action(detail=True, methods=["post"], url_path="mark-ready")
    def mark_ready(self, request, pk=None):
        milestone = self.service_class().mark_ready(
            self.vendor_milestone(), user=request.user
        )
        return self.detail_response(self.reread(milestone))

    @extend_schema(request=DeliveryInputSerializer, responses=MilestoneDetailSerializer)
    @action(detail=True, methods=["post"])
    def deliver(self, request, pk=None):
        milestone = self.vendor_milestone()
        data = validated(self.delivery_form_class(request.data, request.FILES))
        milestone = self.service_class().deliver(
            milestone, data["note"], files=data["files"], user=request.user
        )
        return self.detail_response(self.reread(milestone))

    @extend_schema(request=NoteInputSerializer, responses=MilestoneDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        milestone = self.service_class().approve(
            self.customer_milestone(),
            user=request.user,
            note=str(request.data.get("note") or ""),
        )
        return self.detail_response(self.reread(milestone))

    def answer(self, request, method):
        milestone = self.customer_milestone()
        reason = validated(self.reason_form_class(request.data))["reason"]
        milestone = getattr(self.service_class(), method)(
            milestone, reason, user=request.user
        )
        return self.detail_response(self.reread(milestone))

    @extend_schema(request=ReasonInputSerializer, responses=MilestoneDetailSerializer)
    @action(detail=True, methods=["post"], url_path="request-revision")
    def request_revision(self, request, pk=None):
        return self.answer(request, "request_revision")

    @extend_schema(request=ReasonInputSerializer, responses=MilestoneDetailSerializer)
    @action(detail=True, methods=["post"])
    def dispute(self, request, pk=None):
        return self.answer(request, "dispute")


# Payments, invoices, timeline -------------------------------------------------------


@extend_schema(tags=["payments"])
class PaymentViewSet(BiddingAPIMixin, viewsets.ReadOnlyModelViewSet):
    """The Payment History: one row per milestone paid by an order."""

    endpoint_name = "payments"
    queryset = MilestonePayment.objects.none()  # the schema reads the model here
    serializer_class = PaymentSerializer
    filter_fields = {"proposal": "milestone__proposal_id", "milestone": "milestone_id"}

    def get_queryset(self):
        return visible_payments(self.request.user).select_related(
            "milestone", "invoice"
        )


@extend_schema(tags=["payments"])
class InvoiceViewSet(BiddingAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Invoices of milestone orders, as JSON or as the PDF the storefront offers."""

    endpoint_name = "invoices"
    queryset = Invoice.objects.none()  # the schema reads the model here
    serializer_class = InvoiceSerializer
    lookup_field = "number"
    lookup_value_regex = "[^/]+"
    status_field = None
    filter_fields = {"proposal": "proposal_id"}
    pdf_template_name = "oscar_bidding/invoice_pdf.html"

    def get_queryset(self):
        return visible_invoices(self.request.user).select_related("order")

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)}
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, PDFRenderer])
    def pdf(self, request, number=None):
        invoice = self.object_from(
            visible_invoices(request.user).select_related(
                "order", "proposal__project", "proposal__partner"
            ),
            number=number,
        )
        context = {
            "invoice": invoice,
            "object": invoice,
            "lines": invoice_lines(invoice),
        }
        pdf = render_pdf(self.pdf_template_name, context, request=request._request)
        return FileResponse(
            io.BytesIO(pdf),
            as_attachment=True,
            filename=f"{invoice.number}.pdf",
            content_type="application/pdf",
        )


@extend_schema(tags=["timeline"])
class TimelineViewSet(BiddingAPIMixin, viewsets.ReadOnlyModelViewSet):
    """The audit timeline: one row per change of a project, a proposal or a
    milestone (who, when, from, to, note), oldest first."""

    endpoint_name = "timeline"
    queryset = StatusChange.objects.none()  # the schema reads the model here
    serializer_class = StatusChangeSerializer
    status_field = "new_status"
    filter_fields = {
        "project": "project_id",
        "proposal": "proposal_id",
        "milestone": "milestone_id",
    }

    def get_queryset(self):
        return visible_status_changes(self.request.user).order_by("date_created", "pk")


# Revisions, message files, project types --------------------------------------------


@extend_schema(tags=["proposals"])
class RevisionViewSet(BiddingAPIMixin, viewsets.ReadOnlyModelViewSet):
    """The revisions of the proposals the user reads (each submission the
    customer read), newest first, each with what changed from the one
    before: the storefront's Revisions page."""

    endpoint_name = "revisions"
    queryset = ProposalVersion.objects.none()  # the schema reads the model here
    serializer_class = RevisionSerializer
    lookup_value_regex = "[0-9]+"
    status_field = None
    filter_fields = {"proposal": "proposal_id"}

    def get_queryset(self):
        previous = (
            ProposalVersion.objects.filter(
                proposal=OuterRef("proposal"), number__lt=OuterRef("number")
            )
            .order_by("-number")
            .values("summary")[:1]
        )
        return (
            ProposalVersion.objects.filter(
                proposal__in=visible_proposals(self.request.user)
            )
            .annotate(previous_summary=Subquery(previous, output_field=JSONField()))
            .order_by("proposal_id", "-number")
        )


@extend_schema(tags=["messages"])
class MessageFileViewSet(BiddingAPIMixin, viewsets.ReadOnlyModelViewSet):
    """The files of the messages the user reads, and each file itself
    (``download/``)."""

    endpoint_name = "message-files"
    queryset = MessageFile.objects.none()  # the schema reads the model here
    serializer_class = MessageFileDetailSerializer
    lookup_value_regex = "[0-9]+"
    status_field = None
    date_field = "message__date_created"
    filter_fields = {
        "project": "message__conversation__project_id",
        "proposal": "message__conversation__proposal_id",
        "message": "message_id",
    }

    def get_queryset(self):
        return (
            visible_message_files(self.request.user)
            .select_related("message__conversation")
            .order_by("pk")
        )

    @extend_schema(responses=FILE_RESPONSE)
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, FileRenderer])
    def download(self, request, pk=None):
        return self.storefront_download(MessageFileDownloadView, pk=int(pk))


@extend_schema(tags=["projects"])
class ProjectTypeViewSet(BiddingAPIMixin, viewsets.ReadOnlyModelViewSet):
    """The project types a customer chooses from, as a tree (``parent``,
    ``depth``, ``ancestors``, ``children``), each with every question it asks:
    its ancestors' first. Staff edit them in the dashboard."""

    endpoint_name = "project-types"
    queryset = ProjectType.objects.none()  # the schema reads the model here
    serializer_class = ProjectTypeSerializer
    lookup_value_regex = "[0-9]+"
    status_field = None
    filter_fields = {"parent": "parent_id"}
    type_tree_class = TypeTree

    def get_queryset(self):
        return ProjectType.objects.order_by("name", "pk")

    def get_serializer(self, instance=None, *args, **kwargs):
        if instance is not None:
            many = kwargs.get("many", False)
            self.add_tree(list(instance) if many else [instance])
        return super().get_serializer(instance, *args, **kwargs)

    def add_tree(self, project_types):
        """Each type's place in the tree and its questions: two queries
        however many types."""
        tree = self.type_tree_class.load()
        questions = tree.questions_by_type(project_types)
        for project_type in project_types:
            chain = tree.ancestors(project_type)
            project_type.depth = max(len(chain) - 1, 0)
            project_type.ancestor_ids = [node.pk for node in chain[:-1]]
            project_type.child_ids = [
                child.pk for child in tree.children.get(project_type.pk, ())
            ]
            project_type.all_questions = questions.get(project_type.pk, [])


# The schema -------------------------------------------------------------------


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema of the bidding API alone, under the URL the shop
    mounted it at."""

    schema_suffix = "schema/"
    schema = AutoSchema()

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        mount = request.path[: -len(self.schema_suffix)].lstrip("/")
        self.patterns = [path(mount, include(build_router().urls))]
        return super().get(request, *args, **kwargs)
