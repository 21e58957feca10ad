"""Disputes, for shop staff: the open ones, each with its timeline and
delivery files, and the decision (approve for the vendor, or refund in full
or part), confirmed in a pop-up or, without JavaScript, on a page.

Staff only: the app's permissions refuse everyone else, and
``access.staff_disputes`` finds nothing for them.
"""

from django.contrib import messages
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.apps.payment.exceptions import PaymentError
from oscar.core.loading import get_class, get_classes, get_model

from oscar_bidding import lifecycle
from oscar_bidding.exceptions import BiddingError

Milestone = get_model("bidding", "Milestone")
MilestonePayment = get_model("bidding", "MilestonePayment")
StatusChange = get_model("bidding", "StatusChange")
DashboardListMixin, ConfirmActionView = get_classes(
    "bidding_dashboard.views.mixins", ["DashboardListMixin", "ConfirmActionView"]
)
DisputeDecisionForm, DisputeRefundForm = get_classes(
    "bidding_dashboard.forms", ["DisputeDecisionForm", "DisputeRefundForm"]
)
DisputeService = get_class("bidding.services.disputes", "DisputeService")
staff_disputes = get_class("bidding.access", "staff_disputes")


def with_dispute(milestones):
    """Each milestone with its last dispute's reason and date, and its
    project, customer, vendor and sub-vendor: one query for the page."""
    disputes = StatusChange.objects.filter(
        milestone=OuterRef("pk"), new_status=Milestone.DISPUTED
    ).order_by("-date_created", "-pk")
    return milestones.select_related(
        "proposal__project__customer", "proposal__partner", "sub_vendor"
    ).annotate(
        dispute_reason=Subquery(disputes.values("note")[:1]),
        date_disputed=Subquery(disputes.values("date_created")[:1]),
    )


class DisputeListView(DashboardListMixin, generic.ListView):
    """Open disputes, the oldest first, with the count of open and decided ones.
    ``?status=decided`` lists the decided ones, the newest first."""

    template_name = "oscar_bidding/dashboard/dispute_list.html"
    context_object_name = "milestones"

    def decided(self):
        return self.request.GET.get("status") == "decided"

    def get_queryset(self):
        milestones = with_dispute(staff_disputes(self.request.user))
        if self.decided():
            return milestones.exclude(status=Milestone.DISPUTED).order_by(
                "-date_disputed", "-pk"
            )
        return milestones.filter(status=Milestone.DISPUTED).order_by(
            "date_disputed", "pk"
        )

    def get_counts(self):
        """Open disputes, and the decided ones by outcome, in one query."""
        return staff_disputes(self.request.user).aggregate(
            open=Count("pk", filter=Q(status=Milestone.DISPUTED)),
            completed=Count("pk", filter=Q(status=Milestone.COMPLETED)),
            refunded=Count("pk", filter=Q(status=Milestone.REFUNDED)),
            decided=Count("pk", filter=~Q(status=Milestone.DISPUTED)),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            counts=self.get_counts(), decided=self.decided(), **kwargs
        )


class DisputeDetailView(generic.DetailView):
    """One dispute: the milestone, its proposal, the customer, the vendor
    (and sub-vendor), the reason, the payment, the milestone's whole timeline
    with its deliveries' files, and the decision buttons while it is open."""

    template_name = "oscar_bidding/dashboard/dispute_detail.html"
    context_object_name = "milestone"
    approve_form_class = DisputeDecisionForm
    refund_form_class = DisputeRefundForm

    def get_queryset(self):
        return with_dispute(staff_disputes(self.request.user)).prefetch_related(
            Prefetch(
                "payments",
                queryset=MilestonePayment.objects.select_related(
                    "refunded_by"
                ).order_by("date_created", "pk"),
            ),
            lifecycle.timeline(),
        )

    def get_context_data(self, **kwargs):
        milestone = self.object
        proposal = milestone.proposal
        actions = milestone.dispute_actions_for(self.request.user)
        files = [
            file
            for change in milestone.timeline
            if hasattr(change, "delivery")
            for file in change.delivery.files.all()
        ]
        return super().get_context_data(
            proposal=proposal,
            project=proposal.project,
            actions=actions,
            delivery_files=files,
            approve_form=self.approve_form_class(),
            refund_form=self.refund_form_class(
                refundable=milestone.amount_paid, currency=proposal.currency
            ),
            **kwargs,
        )


class DisputeDecisionView(ConfirmActionView):
    """A decision, confirmed with a note: a pop-up on the dispute's page, this
    page without JavaScript or when the input needs correcting (shown again
    with its errors; nothing changed). A decision the service refuses (decided
    meanwhile by someone else, the gateway's refusal) is an error message."""

    context_object_name = "milestone"
    service_class = DisputeService
    form_class = DisputeDecisionForm

    def get_queryset(self):
        return staff_disputes(self.request.user).select_related(
            "proposal__project__customer", "proposal__partner", "sub_vendor"
        )

    def get_proposal(self):
        return self.object.proposal

    def get_success_url(self):
        return reverse(
            "bidding_dashboard:dispute-detail", kwargs={"pk": self.object.pk}
        )

    def get_form(self, data=None):
        return self.form_class(data)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())
        return super().get_context_data(
            project=self.object.proposal.project,
            back_url=self.get_success_url(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.form = self.get_form(request.POST)
        if not self.form.is_valid():
            return self.render_to_response(self.get_context_data(form=self.form))
        try:
            self.perform(self.object)
        except PaymentError as error:
            messages.error(
                request,
                _("The payment gateway refused the refund: %(error)s")
                % {"error": error},
            )
        except BiddingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, self.get_success_message(self.object))
        return redirect(self.get_success_url())


class DisputeApproveView(DisputeDecisionView):
    """Decide for the vendor: the milestone is completed."""

    template_name = "oscar_bidding/dashboard/dispute_approve.html"
    title = _("Approve for the vendor")
    action = "approve_for_vendor"
    success_message = _(
        "The dispute is decided for the vendor: the milestone is completed. "
        "The customer and the vendor are told."
    )

    def perform(self, milestone):
        self.service_class().approve(
            milestone, self.request.user, self.form.cleaned_data["note"]
        )


class DisputeRefundView(DisputeDecisionView):
    """Refund all or part of the milestone's payment through the gateway."""

    template_name = "oscar_bidding/dashboard/dispute_refund.html"
    title = _("Refund")
    action = "refund"
    form_class = DisputeRefundForm

    def get_form(self, data=None):
        return self.form_class(
            data,
            refundable=self.object.amount_paid,
            currency=self.object.proposal.currency,
        )

    def perform(self, milestone):
        self.decided = self.service_class().refund(
            milestone,
            self.form.cleaned_data["amount"],
            self.request.user,
            self.form.cleaned_data["note"],
        )

    def get_success_message(self, milestone):
        if self.decided.status == Milestone.REFUNDED:
            return _(
                "The payment is refunded in full: the milestone is refunded. "
                "The customer and the vendor are told."
            )
        return _(
            "Part of the payment is refunded: the milestone is completed. "
            "The customer and the vendor are told."
        )
