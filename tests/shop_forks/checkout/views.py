"""The shop's own payment step, with its gateway, paying milestones too."""

from oscar.apps.checkout import views
from oscar.core.loading import get_model

from oscar_bidding.checkout.mixins import MilestoneCheckoutMixin

Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")


class PaymentDetailsView(MilestoneCheckoutMixin, views.PaymentDetailsView):
    def handle_payment(self, order_number, total, **kwargs):
        """The shop's gateway, which milestone orders go through like any other;
        this one only records what it takes."""
        source_type, _created = SourceType.objects.get_or_create(name="Shop gateway")
        self.add_payment_source(
            Source(
                source_type=source_type,
                amount_allocated=total.incl_tax,
                amount_debited=total.incl_tax,
                reference=order_number,
            )
        )
        self.add_payment_event("Settled", total.incl_tax)
