"""Staff refund a milestone payment, with a reason, from the proposal page."""

from django.utils.translation import gettext_lazy as _
from oscar.apps.payment.exceptions import PaymentError
from oscar.core.loading import get_class, get_model

from oscar_bidding.exceptions import BiddingError

MilestonePayment = get_model("bidding", "MilestonePayment")
ConfirmActionView = get_class("bidding_dashboard.views.mixins", "ConfirmActionView")
RefundForm = get_class("bidding_dashboard.forms", "RefundForm")
RefundService = get_class("bidding.services.refunds", "RefundService")


class PaymentRefundView(ConfirmActionView):
    """Staff only (see the app's permissions); the gateway gives the money back."""

    template_name = "oscar_bidding/dashboard/payment_refund.html"
    context_object_name = "payment"
    title = _("Refund payment")
    success_message = _("The payment is refunded.")
    form_class = RefundForm
    refund_service_class = RefundService

    def get_queryset(self):
        return MilestonePayment.objects.select_related(
            "milestone__proposal__project", "order"
        )

    def get_proposal(self):
        return self.object.milestone.proposal

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.form_class())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        self.form = self.form_class(request.POST)
        if not self.form.is_valid():
            self.object = self.get_object()
            return self.render_to_response(self.get_context_data(form=self.form))
        return super().post(request, *args, **kwargs)

    def perform(self, payment):
        try:
            self.refund_service_class().refund_payment(
                payment, self.request.user, self.form.cleaned_data["reason"]
            )
        except PaymentError as error:
            raise BiddingError(
                _("The payment gateway refused the refund: %(error)s")
                % {"error": error}
            ) from error
