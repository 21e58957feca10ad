"""Pay: put a ready milestone into the customer's basket, then Oscar's checkout."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_class, get_model

from oscar_bidding.conf import setting
from oscar_bidding.exceptions import BiddingError

AccountPageMixin = get_class("bidding.views.mixins", "AccountPageMixin")
MilestonePaymentService = get_class(
    "bidding.services.payments", "MilestonePaymentService"
)
customer_proposals = get_class("bidding.access", "customer_proposals")
Milestone = get_model("bidding", "Milestone")


def pay_groups(milestones):
    """What each Pay button puts in the basket: one payable milestone, or all
    the payable ones together when ``OSCAR_BIDDING_PAY_SEVERAL`` is on."""
    ready = [m for m in milestones if m.is_payable]
    if setting("OSCAR_BIDDING_PAY_SEVERAL"):
        groups = [ready] if ready else []
    else:
        groups = [[m] for m in ready]
    return [
        {
            "milestone": group[0],
            "milestones": group,
            "amount": sum(m.amount for m in group),
        }
        for group in groups
    ]


class MilestonePayView(AccountPageMixin, generic.DetailView):
    """GET asks to confirm (the page behind the Pay modal); POST fills the basket.

    Paying replaces everything in the basket, so the question is always asked.
    """

    payment_service_class = MilestonePaymentService
    template_name = "oscar_bidding/milestone_pay.html"
    context_object_name = "milestone"
    page_title = _("Pay milestone")

    def get_queryset(self):
        return Milestone.objects.filter(
            proposal__in=customer_proposals(self.request.user)
        ).select_related("proposal__project", "proposal__partner")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if "pay" not in self.object.actions_for(request.user):
            messages.error(request, self.not_ready_message(self.object))
            return redirect(self.object.proposal.get_absolute_url())
        return self.render_to_response(self.get_context_data(object=self.object))

    def post(self, request, *args, **kwargs):
        """The service reads the milestone under its lock, for this customer
        only: Pay costs the same queries whatever the milestone holds."""
        try:
            milestones = self.payment_service_class().fill_basket(
                request.basket, kwargs["pk"], request.user
            )
        except Milestone.DoesNotExist as error:
            raise Http404 from error
        except BiddingError as error:
            messages.error(request, str(error))
            return redirect(self.get_object().proposal.get_absolute_url())
        messages.success(request, self.success_message(milestones[0]))
        return redirect("basket:summary")

    def get_context_data(self, **kwargs):
        proposal = self.object.proposal
        milestones = proposal.milestones.order_by("number")
        group = next(
            g for g in pay_groups(milestones) if self.object in g["milestones"]
        )
        return super().get_context_data(
            proposal=proposal,
            project=proposal.project,
            milestones=group["milestones"],
            **kwargs,
        )

    def not_ready_message(self, milestone):
        proposal = milestone.proposal
        if milestone.is_ready_to_pay and not proposal.is_in_progress:
            return _(
                "Milestone %(number)s cannot be paid: the proposal is %(status)s."
            ) % {
                "number": milestone.number,
                "status": proposal.get_status_display().lower(),
            }
        return _("Milestone %(number)s is not ready to pay: it is %(status)s.") % {
            "number": milestone.number,
            "status": milestone.get_status_display().lower(),
        }

    def success_message(self, milestone):
        if setting("OSCAR_BIDDING_PAY_SEVERAL"):
            return _("The ready milestones are in your basket: check out to pay them.")
        return _("Milestone %(number)s is in your basket: check out to pay it.") % {
            "number": milestone.number
        }
