"""Open Projects: the projects vendors may bid on, and declining to bid."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_class, get_classes, get_model

from oscar_bidding.exceptions import BiddingError

Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
ProjectSearchForm, DeclineForm = get_classes(
    "bidding_dashboard.forms", ["ProjectSearchForm", "DeclineForm"]
)
DashboardListMixin = get_class("bidding_dashboard.views.mixins", "DashboardListMixin")
ProposalService = get_class("bidding.services.proposals", "ProposalService")
with_lowest, with_proposal_count = get_classes(
    "bidding.bid_notices", ["with_lowest", "with_proposal_count"]
)
vendor_partners, vendor_projects, vendor_proposals = get_classes(
    "bidding.access", ["vendor_partners", "vendor_projects", "vendor_proposals"]
)
ProjectSearch, search_projects = get_classes(
    "bidding.project_search", ["ProjectSearch", "search_projects"]
)
biddable_projects, with_invited = get_classes(
    "bidding.access", ["biddable_projects", "with_invited"]
)
OfferedTypeFilterForm = get_class("bidding_dashboard.forms", "OfferedTypeFilterForm")


def own_proposals(user):
    """Prefetch, as ``project.own_proposals``, how the user's partners
    answered, each with its bid notice (``is_lowest``)."""
    return Prefetch(
        "proposals",
        queryset=with_lowest(
            vendor_proposals(user).select_related("partner").order_by("pk")
        ),
        to_attr="own_proposals",
    )


class ProjectListView(DashboardListMixin, generic.ListView):
    """Open projects still taking proposals, searchable through the search index."""

    template_name = "oscar_bidding/dashboard/project_list.html"
    context_object_name = "projects"
    form_class = ProjectSearchForm
    search_class = ProjectSearch
    type_form_class = OfferedTypeFilterForm

    def get_queryset(self):
        user = self.request.user
        self.form = self.form_class(self.request.GET)
        self.type_form = self.type_form_class(self.request.GET, user=user)
        projects = self.type_form.filter(
            biddable_projects(user).filter(bidding_deadline__gte=timezone.localdate())
        )
        projects = (
            with_invited(
                with_proposal_count(projects.order_by("-date_created", "-pk")), user
            )
            .select_related("customer")
            .prefetch_related(own_proposals(user))
        )
        if self.form.is_valid() and self.form.cleaned_data["q"]:
            return self.search(projects, self.form.cleaned_data["q"])
        return projects

    def search(self, projects, query):
        """The ``projects`` matching ``query``, in the search engine's order,
        read a page at a time (:class:`~oscar_bidding.project_search.ProjectSearch`).

        The database stays the authority: a stale hit (a project closed, or
        gone, since it was indexed) is simply not shown.
        """
        page_size = self.get_paginate_by(projects)
        try:
            page = max(int(self.request.GET.get(self.page_kwarg, 1)), 1)
        except ValueError:
            page = 1
        return self.search_class(
            search_projects(self.request.user, query, self.type_form.chosen_types()),
            projects,
            page_size,
            offset=(page - 1) * page_size,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=self.form,
            type_form=self.type_form,
            is_filtered=bool(self.request.GET.get("q")),
            **kwargs,
        )


class ProjectDetailView(generic.DetailView):
    """A project as a vendor reads it before answering."""

    template_name = "oscar_bidding/dashboard/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return (
            with_proposal_count(vendor_projects(self.request.user))
            .select_related("customer", "category", "project_type")
            .prefetch_related(
                "attachments",
                "answers",
                "quote_items",
                own_proposals(self.request.user),
            )
        )

    def get_context_data(self, **kwargs):
        project = self.object
        answered = [proposal.partner_id for proposal in project.own_proposals]
        may_answer = (
            project.is_accepting_proposals
            and vendor_partners(self.request.user).exclude(pk__in=answered).exists()
        )
        return super().get_context_data(may_answer=may_answer, **kwargs)


class ProjectDeclineView(generic.FormView):
    """Decline to bid, with a reason the customer reads."""

    template_name = "oscar_bidding/dashboard/project_decline.html"
    form_class = DeclineForm
    service_class = ProposalService

    def dispatch(self, request, *args, **kwargs):
        self.project = get_object_or_404(
            vendor_projects(request.user), pk=kwargs["project_pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.project, **kwargs)

    def form_valid(self, form):
        try:
            self.service_class().decline(
                self.project,
                form.cleaned_data["partner"],
                self.request.user,
                form.cleaned_data["reason"],
            )
        except BiddingError as error:
            messages.error(self.request, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("You declined to bid on the project “%(project)s”.")
            % {"project": self.project.title},
        )
        return redirect("bidding_dashboard:project-list")
