"""Proposal Details, and the customer's decision on a proposal."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_class, get_classes, get_model

from oscar_bidding import lifecycle, messaging
from oscar_bidding.conf import setting

AccountPageMixin, ConfirmActionView = get_classes(
    "bidding.views.mixins", ["AccountPageMixin", "ConfirmActionView"]
)
ProposalService = get_class("bidding.services.proposals", "ProposalService")
customer_proposals = get_class("bidding.access", "customer_proposals")
ProposalDecisionForm = get_class("bidding.forms", "ProposalDecisionForm")
pay_groups = get_class("bidding.views.payments", "pay_groups")
unfinished_payment = get_class("bidding.services.payments", "unfinished_payment")
unread_for_proposals = get_class("bidding.messaging", "unread_for_proposals")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
MilestonePayment = get_model("bidding", "MilestonePayment")
StatusChange = get_model("bidding", "StatusChange")


class ProposalMixin:
    """Proposals the customer received; anything else (drafts included) is a 404."""

    context_object_name = "proposal"
    decision_form_class = ProposalDecisionForm

    def get_queryset(self):
        user = self.request.user
        return (
            customer_proposals(user)
            .select_related("project", "partner", "terms_accepted_by")
            .annotate(unread_messages=unread_for_proposals(user, messaging.CUSTOMER))
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            project=self.object.project,
            allow_several_awards=setting("OSCAR_BIDDING_ALLOW_SEVERAL_AWARDS"),
            decision_form=self.decision_form_class(
                initial={"version": self.object.version}
            ),
            **kwargs,
        )


class ProposalDetailView(ProposalMixin, AccountPageMixin, generic.DetailView):
    """Proposal Details: the Pay banner, totals, milestones with their items, and
    the Payment History."""

    template_name = "oscar_bidding/proposal_detail.html"
    page_title = _("Proposal Details")

    def get_queryset(self):
        payments = MilestonePayment.objects.select_related("refunded_by")
        milestones = Milestone.objects.order_by("number").prefetch_related(
            "items", Prefetch("payments", queryset=payments)
        )
        # The vendor's drafting is theirs: the customer's timeline starts at
        # the submission.
        changes = StatusChange.objects.exclude(
            subject="proposal", new_status=Proposal.DRAFT
        )
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("milestones", queryset=milestones),
                lifecycle.timeline(changes),
            )
        )

    def get_context_data(self, **kwargs):
        milestones = self.object.milestones.all()
        payments = [p for m in milestones for p in m.payments.all()]
        unfinished = unfinished_payment(milestones=milestones)
        return super().get_context_data(
            milestones=milestones,
            unfinished_payment=unfinished,
            # A payment under way or taken is not asked for again.
            pay_groups=[] if unfinished else pay_groups(milestones),
            payments=sorted(payments, key=lambda p: (p.date_created, p.pk)),
            milestone_readiness=lifecycle.milestone_readiness(),
            proposal_tab="details",
            **kwargs,
        )


class ProposalDecisionView(ProposalMixin, ConfirmActionView):
    """Accept or reject the version of the proposal the customer read.

    A decision without that version (a page from before it existed) changes
    nothing and sends the customer back to read the proposal.
    """

    service_class = ProposalService

    def post(self, request, *args, **kwargs):
        self.form = self.decision_form_class(request.POST)
        if self.form.is_valid():
            return super().post(request, *args, **kwargs)
        self.object = self.get_object()
        messages.error(
            request, _("Nothing was decided: read the proposal again, then decide.")
        )
        return redirect(self.get_success_url())

    @property
    def version(self):
        return self.form.cleaned_data["version"]


class ProposalAcceptView(ProposalDecisionView):
    template_name = "oscar_bidding/proposal_accept.html"
    action = "accept"
    page_title = _("Accept proposal")

    def perform(self, proposal):
        self.service_class().accept(
            proposal, version=self.version, user=self.request.user
        )

    def get_success_message(self, proposal):
        return _(
            "You accepted the proposal from %(vendor)s: the project is awarded."
        ) % {"vendor": proposal.partner.name}


class ProposalRejectView(ProposalDecisionView):
    template_name = "oscar_bidding/proposal_reject.html"
    action = "reject"
    page_title = _("Reject proposal")

    def perform(self, proposal):
        self.service_class().reject(
            proposal, version=self.version, user=self.request.user
        )

    def get_success_message(self, proposal):
        return _("You rejected the proposal from %(vendor)s.") % {
            "vendor": proposal.partner.name
        }
