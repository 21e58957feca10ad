"""Manage Proposals: a vendor's proposals, from draft to withdrawal."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_class, get_classes, get_model

from oscar_bidding import lifecycle
from oscar_bidding.exceptions import BiddingError

Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
MilestonePayment = get_model("bidding", "MilestonePayment")
Invoice = get_model("bidding", "Invoice")
Rate = get_model("bidding", "Rate")
(
    ProposalSearchForm,
    ProposalForm,
    ProposalCreateForm,
    MilestoneFormSet,
    GenerateMilestonesForm,
) = get_classes(
    "bidding_dashboard.forms",
    [
        "ProposalSearchForm",
        "ProposalForm",
        "ProposalCreateForm",
        "MilestoneFormSet",
        "GenerateMilestonesForm",
    ],
)
with_extra_row, with_milestones = get_classes(
    "bidding_dashboard.forms", ["with_extra_row", "with_milestones"]
)
DashboardListMixin, ConfirmActionView = get_classes(
    "bidding_dashboard.views.mixins", ["DashboardListMixin", "ConfirmActionView"]
)
ProposalService = get_class("bidding.services.proposals", "ProposalService")
with_project_notices = get_class("bidding.bid_notices", "with_project_notices")
DraftService = get_class("bidding.services.drafts", "DraftService")
RateService = get_class("bidding.services.rates", "RateService")
MilestoneSchedule = get_class("bidding.services.schedules", "MilestoneSchedule")
Terms = get_class("bidding.terms", "Terms")
dashboard_role, unread_for_proposals = get_classes(
    "bidding.messaging", ["dashboard_role", "unread_for_proposals"]
)
decimals = get_class("bidding.money", "decimals")
QuotePrefill = get_class("bidding.quotes", "QuotePrefill")
(
    vendor_projects,
    vendor_proposals,
    vendor_rates,
    vendor_partners,
    sub_vendor_partners,
) = get_classes(
    "bidding.access",
    [
        "vendor_projects",
        "vendor_proposals",
        "vendor_rates",
        "vendor_partners",
        "sub_vendor_partners",
    ],
)


class ProposalMixin:
    """Proposals of the user's partners (staff: all); any other is a 404."""

    context_object_name = "proposal"

    def get_queryset(self):
        user = self.request.user
        return (
            vendor_proposals(user)
            .select_related("project", "partner")
            .annotate(unread_messages=unread_for_proposals(user, dashboard_role(user)))
        )


class ProposalListView(DashboardListMixin, ProposalMixin, generic.ListView):
    template_name = "oscar_bidding/dashboard/proposal_list.html"
    context_object_name = "proposals"
    form_class = ProposalSearchForm

    def get_queryset(self):
        proposals = super().get_queryset()
        self.form = self.form_class(self.request.GET, user=self.request.user)
        if not self.form.is_valid():
            return proposals
        data = self.form.cleaned_data
        if data["q"]:
            proposals = proposals.filter(self.search(data["q"].strip()))
        if data["status"]:
            proposals = proposals.filter(status=data["status"])
        if data["partner"]:
            proposals = proposals.filter(partner=data["partner"])
        return proposals

    def search(self, query):
        """The project's title, the proposal's number, or the number of an
        invoice or an order that paid one of its milestones."""
        match = Q(project__title__icontains=query)
        number = self.form.proposal_number()
        if number is not None:
            match |= Q(pk=number)
        paid = MilestonePayment.objects.filter(
            Q(invoice_number__iexact=query) | Q(order_number__iexact=query)
        ).values("milestone__proposal_id")
        invoiced = Invoice.objects.filter(number__iexact=query).values("proposal_id")
        return match | Q(pk__in=paid) | Q(pk__in=invoiced)

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
        milestones = (
            Milestone.objects.order_by("number")
            .select_related("sub_vendor")
            .prefetch_related("items", Prefetch("payments", queryset=payments))
        )
        return (
            with_project_notices(super().get_queryset())
            .select_related("project__customer", "terms_accepted_by")
            .prefetch_related(
                Prefetch("milestones", queryset=milestones),
                lifecycle.timeline(),
            )
        )


class ProposalFormView(generic.TemplateView):
    """One page: the proposal form, its milestones and their milestone items.

    Subclasses set ``self.project`` and give ``get_form``, ``get_initial`` (the
    milestone rows) and ``save`` (the service calls).
    """

    template_name = "oscar_bidding/dashboard/proposal_form.html"
    rate_service_class = RateService
    schedule_class = MilestoneSchedule
    service_class = ProposalService
    formset_class = MilestoneFormSet
    generate_form_class = GenerateMilestonesForm
    terms_class = Terms

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(**self.get_forms()))

    def post(self, request, *args, **kwargs):
        # "Add milestone", "Add milestone item" and "Generate milestones"
        # without JavaScript: the page again, with the rows added, unsaved.
        if "add_row" in request.POST:
            data = with_extra_row(request.POST, request.POST["add_row"])
            return self.render_to_response(
                self.get_context_data(**self.get_forms(data))
            )
        if "generate_milestones" in request.POST:
            return self.generate(request.POST)
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

    def get_forms(self, data=None, generate_data=None):
        formset = self.formset_class(
            data,
            prefix="milestones",
            initial=self.get_initial(),
            currency=self.project.currency,
            rates=self.get_rates(),
            sub_vendors=self.get_sub_vendors(),
        )
        form = self.get_form(data)
        if not self.asks_for_terms():
            form.fields.pop("accept_terms", None)
        return {
            "form": form,
            "formset": formset,
            "generate_form": self.generate_form_class(
                generate_data, currency=self.project.currency, rates=formset.rates
            ),
        }

    def get_terms(self):
        if not hasattr(self, "_terms"):
            self._terms = self.terms_class(self.project)
        return self._terms

    def asks_for_terms(self):
        """Whether the form has "I accept the terms": the project has terms
        and the proposal can still be submitted from this form."""
        proposal = getattr(self, "proposal", None)
        submittable = proposal is None or proposal.can_change_to(Proposal.SUBMITTED)
        return submittable and self.get_terms().exist()

    def get_rates(self):
        """The rates the vendor may pick, in the project's currency."""
        return list(
            self.get_rate_queryset()
            .filter(currency=self.project.currency)
            .select_related("partner")
        )

    def get_sub_vendors(self):
        """The partners a milestone may be given to (``sub_vendor_partners``)."""
        if not hasattr(self, "_sub_vendors"):
            partners = sub_vendor_partners(self.get_vendor())
            self._sub_vendors = list(partners.order_by("name", "pk"))
        return self._sub_vendors

    def generate(self, data):
        """Add the milestones "Generate milestones" asks for to the page."""
        forms = self.get_forms(data, generate_data=data)
        generate = forms["generate_form"]
        items = self.generated_items(generate, forms["formset"])
        if items is None:
            messages.error(
                self.request,
                _("No milestones were generated: please correct the errors below."),
            )
            return self.render_to_response(self.get_context_data(**forms))
        cleaned = generate.cleaned_data
        specs = self.schedule_class().generate(
            cleaned["title"],
            cleaned["start_date"],
            cleaned["frequency"],
            cleaned["count"],
            items,
        )
        forms = self.get_forms(with_milestones(data, specs, self.project.currency))
        messages.info(
            self.request,
            _(
                "%(count)s milestones were added below: check them, then save "
                "the proposal."
            )
            % {"count": len(specs)},
        )
        return self.render_to_response(self.get_context_data(**forms))

    def generated_items(self, generate, formset):
        """The items each generated milestone gets (``ItemSpec``), or ``None``
        with the reason on the form."""
        if not generate.is_valid():
            return None
        rate = generate.rate()
        if rate is not None:
            return [
                self.rate_service_class().item_spec(
                    rate, generate.cleaned_data["quantity"], self.project.currency
                )
            ]
        number = generate.cleaned_data["copy_items_from"]
        formset.is_valid()
        milestones = formset.live_forms()
        source = milestones[number - 1] if number <= len(milestones) else None
        items = source.items.specs() if source and source.items.is_valid() else []
        if not items:
            generate.add_error(
                "copy_items_from",
                _("Milestone %(number)s has no complete items to copy.")
                % {"number": number},
            )
            return None
        return items

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            project=self.project,
            currency_decimals=decimals(self.project.currency),
            **kwargs,
        )

    def success_message(self, proposal):
        if proposal.status == Proposal.DRAFT:
            message = _("Proposal #%(number)s is saved as a draft.")
        elif proposal.status == Proposal.CHANGES_REQUESTED:
            message = _(
                "Proposal #%(number)s is saved; submit it again when it has the "
                "changes the customer requested."
            )
        else:
            message = _("Proposal #%(number)s is saved; the customer can read it.")
        return message % {"number": proposal.pk}


class ProposalCreateView(ProposalFormView):
    form_class = ProposalCreateForm

    def dispatch(self, request, *args, **kwargs):
        self.project = get_object_or_404(
            vendor_projects(request.user).select_related("customer", "category"),
            pk=kwargs["project_pk"],
        )
        if not self.project.is_accepting_proposals:
            messages.error(request, _("This project no longer takes proposals."))
            return redirect("bidding_dashboard:project-detail", pk=self.project.pk)
        return super().dispatch(request, *args, **kwargs)

    #: Starts the form of a project a quote request posted with its products.
    prefill_class = QuotePrefill

    def get_form(self, data):
        return self.form_class(data, user=self.request.user)

    def get_initial(self):
        return self.prefill_class(
            self.project, vendor_partners(self.request.user)
        ).initial()

    def get_rate_queryset(self):
        return vendor_rates(self.request.user)

    def get_vendor(self):
        """The user's partner when they have one only: it is no sub-vendor of
        itself (a user of several picks the vendor in the form, and the
        service refuses the vendor as its own sub-vendor)."""
        partners = list(vendor_partners(self.request.user)[:2])
        return partners[0] if len(partners) == 1 else None

    def save(self, form, formset):
        return self.service_class().create(
            self.project,
            form.cleaned_data["partner"],
            self.request.user,
            formset.specs(),
            submit=form.cleaned_data["submit_proposal"],
            accept_terms=form.cleaned_data.get("accept_terms", False),
            **form.proposal_fields(),
        )


class ProposalUpdateView(ProposalFormView):
    """Edit a draft or a submitted proposal; "Submit" also submits a draft."""

    form_class = ProposalForm

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
        return self.form_class(
            data,
            initial={
                "cover_letter": self.proposal.cover_letter,
                "delivery_days": self.proposal.delivery_days,
            },
        )

    def get_initial(self):
        return self.formset_class.initial_for(self.proposal)

    def get_rate_queryset(self):
        return Rate.objects.filter(partner=self.proposal.partner_id)

    def get_vendor(self):
        return self.proposal.partner

    def get_context_data(self, **kwargs):
        return super().get_context_data(proposal=self.proposal, **kwargs)

    def save(self, form, formset):
        service = self.service_class()
        with transaction.atomic():
            proposal = service.update(
                self.proposal,
                formset.specs(),
                user=self.request.user,
                **form.proposal_fields(),
            )
            if form.cleaned_data["submit_proposal"] and proposal.can_change_to(
                Proposal.SUBMITTED
            ):
                proposal = service.submit(
                    proposal,
                    user=self.request.user,
                    accept_terms=form.cleaned_data.get("accept_terms", False),
                )
        return proposal


class ProposalSubmitView(ProposalMixin, ConfirmActionView):
    template_name = "oscar_bidding/dashboard/proposal_submit.html"
    title = _("Submit proposal")
    action = "submit"
    success_message = _("The proposal is submitted: the customer can read it.")
    service_class = ProposalService

    def perform(self, proposal):
        self.service_class().submit(
            proposal,
            user=self.request.user,
            accept_terms=bool(self.request.POST.get("accept_terms")),
        )


class ProposalWithdrawView(ProposalMixin, ConfirmActionView):
    template_name = "oscar_bidding/dashboard/proposal_withdraw.html"
    title = _("Withdraw proposal")
    action = "withdraw"
    success_message = _("The proposal is withdrawn.")
    service_class = ProposalService

    def perform(self, proposal):
        self.service_class().withdraw(proposal, user=self.request.user)


class ProposalDeleteView(ProposalMixin, ConfirmActionView):
    """ "Delete draft": a draft the customer never saw goes away, and the
    vendor may answer the project again."""

    template_name = "oscar_bidding/dashboard/proposal_delete.html"
    title = _("Delete draft")
    success_message = _("The draft proposal is deleted.")
    service_class = DraftService
    deleted = False

    def perform(self, proposal):
        self.service_class().delete(proposal)
        self.deleted = True

    def get_success_url(self):
        if self.deleted:
            return reverse("bidding_dashboard:proposal-list")
        return super().get_success_url()
