"""System checks: payments.

Oscar's checkout takes no payment until a shop plugs its gateway in: with
neither a gateway that takes money nor a ``handle_payment`` of the shop's own,
any customer "pays" a milestone for free and the vendor is told to deliver.
"""

from django.core.checks import Warning, register
from oscar.apps.checkout.mixins import OrderPlacementMixin
from oscar.core.loading import get_class

from oscar_bidding.checkout.mixins import MilestoneCheckoutMixin
from oscar_bidding.gateway import get_gateway_class

#: ``handle_payment`` methods that take no money by themselves.
NO_OP_HANDLE_PAYMENT = (
    OrderPlacementMixin.handle_payment,
    MilestoneCheckoutMixin.handle_payment,
)


@register("bidding", deploy=True)
def check_milestones_take_money(app_configs, **kwargs):
    gateway = get_gateway_class()
    view = get_class("checkout.views", "PaymentDetailsView")
    gateway = getattr(view, "gateway_class", None) or gateway
    if gateway.takes_money or view.handle_payment not in NO_OP_HANDLE_PAYMENT:
        return []
    return [
        Warning(
            "Milestone payments take no money.",
            hint=(
                f"The payment gateway {gateway.__module__}.{gateway.__qualname__} "
                "says it takes no money (takes_money = False) and the checkout's "
                "handle_payment is Oscar's, which does nothing: any customer would "
                "pay a milestone for free. Set OSCAR_BIDDING_PAYMENT_GATEWAY to your "
                "gateway (docs/payments.rst, 'Plugging in your gateway')."
            ),
            obj=view,
            id="oscar_bidding.W301",
        )
    ]
