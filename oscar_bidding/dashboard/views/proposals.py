"""Manage Proposals: a vendor's proposals, from draft to withdrawal."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_class, get_classes, get_model

from oscar_bidding.exceptions import BiddingError

Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
MilestonePayment = get_model("bidding", "MilestonePayment")
StatusChange = get_model("bidding", "StatusChange")
ProposalSearchForm, ProposalForm, ProposalCreateForm, MilestoneFormSet = get_classes(
    "bidding_dashboard.forms",
    ["ProposalSearchForm", "ProposalForm", "ProposalCreateForm", "MilestoneFormSet"],
)
DashboardListMixin, ConfirmActionView = get_classes(
    "bidding_dashboard.views.mixins", ["DashboardListMixin", "ConfirmActionView"]
)
ProposalService = get_class("bidding.services.proposals", "ProposalService")
vendor_projects, vendor_proposals = get_classes(
    "bidding.access", ["vendor_projects", "vendor_proposals"]
)


class ProposalMixin:
    """Proposals of the user's partners (staff: all); any other is a 404."""

    context_object_name = "proposal"

    def get_queryset(self):
        return vendor_proposals(self.request.user).select_related("project", "partner")


class ProposalListView(DashboardListMixin, ProposalMixin, generic.ListView):
    template_name = "oscar_bidding/dashboard/proposal_list.html"
    context_object_name = "proposals"

    def get_queryset(self):
        proposals = super().get_queryset()
        self.form = ProposalSearchForm(self.request.GET, user=self.request.user)
        if not self.form.is_valid():
            return proposals
        data = self.form.cleaned_data
        if data["q"]:
            match = Q(project__title__icontains=data["q"])
            number = self.form.proposal_number()
            if number is not None:
                match |= Q(pk=number)
            proposals = proposals.filter(match)
        if data["status"]:
            proposals = proposals.filter(status=data["status"])
        if data["partner"]:
            proposals = proposals.filter(partner=data["partner"])
        return proposals

    def get_context_data(self, **kwargs):
        is_filtered = any(self.request.GET.get(name) for name in self.form.fields)
        return super().get_context_data(
            form=self.form, is_filtered=is_filtered, **kwargs
        )


class ProposalDetailView(ProposalMixin, generic.DetailView):
    """The proposal, its totals and its milestone section with the payments."""

    template_name = "oscar_bidding/dashboard/proposal_detail.html"

    def get_queryset(self):
        payments = MilestonePayment.objects.select_related("refunded_by")
        milestones = Milestone.objects.order_by("number").prefetch_related(
            "items", Prefetch("payments", queryset=payments)
        )
        return (
            super()
            .get_queryset()
            .select_related("project__customer")
            .prefetch_related(
                Prefetch("milestones", queryset=milestones),
                Prefetch(
                    "status_changes",
                    queryset=StatusChange.objects.select_related("user", "milestone"),
                    to_attr="timeline",
                ),
            )
        )


class ProposalFormView(generic.TemplateView):
    """One page: the proposal form, its milestones and their milestone items.

    Subclasses set ``self.project`` and give ``get_form``, ``get_initial`` (the
    milestone rows) and ``save`` (the service calls).
    """

    template_name = "oscar_bidding/dashboard/proposal_form.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(**self.get_forms()))

    def post(self, request, *args, **kwargs):
        forms = self.get_forms(request.POST)
        if forms["form"].is_valid() and forms["formset"].is_valid():
            try:
                proposal = self.save(forms["form"], forms["formset"])
            except BiddingError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, self.success_message(proposal))
                return redirect(proposal.get_dashboard_url())
        else:
            messages.error(
                request,
                _("The proposal was not saved: please correct the errors below."),
            )
        return self.render_to_response(self.get_context_data(**forms))

    def get_forms(self, data=None):
        return {
            "form": self.get_form(data),
            "formset": MilestoneFormSet(
                data,
                prefix="milestones",
                initial=self.get_initial(),
                currency=self.project.currency,
            ),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.project, **kwargs)

    def success_message(self, proposal):
        if proposal.status == Proposal.DRAFT:
            message = _("Proposal #%(number)s is saved as a draft.")
        else:
            message = _("Proposal #%(number)s is saved; the customer can read it.")
        return message % {"number": proposal.pk}


class ProposalCreateView(ProposalFormView):
    def dispatch(self, request, *args, **kwargs):
        self.project = get_object_or_404(
            vendor_projects(request.user).select_related("customer", "category"),
            pk=kwargs["project_pk"],
        )
        if not self.project.is_accepting_proposals:
            messages.error(request, _("This project no longer takes proposals."))
            return redirect("bidding_dashboard:project-detail", pk=self.project.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data):
        return ProposalCreateForm(data, user=self.request.user)

    def get_initial(self):
        return None

    def save(self, form, formset):
        return ProposalService().create(
            self.project,
            form.cleaned_data["partner"],
            self.request.user,
            formset.specs(),
            submit=form.cleaned_data["submit_proposal"],
            **form.proposal_fields(),
        )


class ProposalUpdateView(ProposalFormView):
    """Edit a draft or a submitted proposal; "Submit" also submits a draft."""

    def dispatch(self, request, *args, **kwargs):
        proposals = (
            vendor_proposals(request.user)
            .select_related("project__customer", "project__category", "partner")
            .prefetch_related("milestones__items")
        )
        self.proposal = get_object_or_404(proposals, pk=kwargs["pk"])
        self.project = self.proposal.project
        if "edit" not in self.proposal.actions_for(request.user):
            messages.error(request, _("This proposal can no longer be edited."))
            return redirect(self.proposal.get_dashboard_url())
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data):
        return ProposalForm(
            data,
            initial={
                "cover_letter": self.proposal.cover_letter,
                "delivery_days": self.proposal.delivery_days,
            },
        )

    def get_initial(self):
        return MilestoneFormSet.initial_for(self.proposal)

    def get_context_data(self, **kwargs):
        return super().get_context_data(proposal=self.proposal, **kwargs)

    def save(self, form, formset):
        service = ProposalService()
        with transaction.atomic():
            proposal = service.update(
                self.proposal, formset.specs(), **form.proposal_fields()
            )
            if form.cleaned_data["submit_proposal"] and proposal.can_change_to(
                Proposal.SUBMITTED
            ):
                proposal = service.submit(proposal, user=self.request.user)
        return proposal


class ProposalSubmitView(ProposalMixin, ConfirmActionView):
    template_name = "oscar_bidding/dashboard/proposal_submit.html"
    title = _("Submit proposal")
    action = "submit"
    success_message = _("The proposal is submitted: the customer can read it.")

    def perform(self, proposal):
        ProposalService().submit(proposal, user=self.request.user)


class ProposalWithdrawView(ProposalMixin, ConfirmActionView):
    template_name = "oscar_bidding/dashboard/proposal_withdraw.html"
    title = _("Withdraw proposal")
    action = "withdraw"
    success_message = _("The proposal is withdrawn.")

    def perform(self, proposal):
        ProposalService().withdraw(proposal, user=self.request.user)
