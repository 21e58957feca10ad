from oscar.apps.checkout import views

from oscar_bidding.checkout.mixins import MilestoneCheckoutMixin


class PaymentDetailsView(MilestoneCheckoutMixin, views.PaymentDetailsView):
    pass
