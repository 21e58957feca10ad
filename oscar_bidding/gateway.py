"""Where a shop's payment gateway meets milestone payments.

Set ``OSCAR_BIDDING_PAYMENT_GATEWAY`` to the dotted path of your subclass (or
override ``bidding.gateway.PaymentGateway`` in a fork of the ``bidding`` app)
to take, look up and return real money; :func:`get_gateway` returns an instance
of it. This default is Oscar's own checkout: it takes no money at all, and
``takes_money = False`` makes the system checks say so.
"""

from django.utils.module_loading import import_string
from oscar.core.loading import get_class

from oscar_bidding.conf import setting


def get_gateway_class():
    """``OSCAR_BIDDING_PAYMENT_GATEWAY``, or ``bidding.gateway.PaymentGateway``
    loaded the Oscar way when the setting is ``None``."""
    path = setting("OSCAR_BIDDING_PAYMENT_GATEWAY")
    if path:
        return import_string(path)
    return get_class("bidding.gateway", "PaymentGateway")


def get_gateway():
    return get_gateway_class()()


class PaymentGateway:
    #: ``False`` only for this no-op default: a system check warns a shop whose
    #: milestone payments would go through it.
    takes_money = False

    #: What :meth:`payment_status` answers.
    CHARGED = "charged"
    DECLINED = "declined"
    UNKNOWN = "unknown"

    #: A form the payment step shows for this gateway (a card number, say), or
    #: ``None``. Its ``cleaned_data`` reaches :meth:`charge` as ``details``.
    form_class = None

    def charge(self, *, key, amount, currency, order_number, **details):
        """Take ``amount`` once for ``key``, an idempotency key of the attempt.

        A gateway that sees the same key again must not charge again. Returns
        the gateway's reference; raises Oscar's ``PaymentError`` (declined,
        with a message for the customer) or ``UnableToTakePayment``.
        """
        return ""

    def payment_status(self, key):
        """What became of the charge made with ``key``: one of the constants."""
        return self.UNKNOWN

    def refund(self, *, order_number, amount, currency, reason, **details):
        """Give back ``amount`` of what order ``order_number`` was paid; returns
        the gateway's reference (``details`` carries the charge's ``key`` when
        it is known).

        Raises Oscar's ``PaymentError`` when the gateway refuses.

        Called only by ``RefundService`` (``bidding.services.refunds``), for
        staff, with the reason they gave, inside the refund's transaction while
        the payments are locked: a ``PaymentError`` leaves the payments, the
        milestones and the order as they were, and staff read its message. This
        default returns no money; the refund is still recorded, with an Oscar
        "Refunded" payment event on the order.
        """
        return ""
