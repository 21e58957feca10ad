"""Where a shop's payment gateway meets milestone payments.

Load it with ``get_class("bidding.gateway", "PaymentGateway")`` and override it
in a fork of the ``bidding`` app (or point checkout at another class) to take,
look up and return real money. This default is Oscar's own checkout: it takes
no money at all, and ``takes_money = False`` makes the system checks say so.
"""


class PaymentGateway:
    #: ``False`` only for this no-op default: a system check warns a shop whose
    #: milestone payments would go through it.
    takes_money = False

    #: What :meth:`payment_status` answers.
    CHARGED = "charged"
    DECLINED = "declined"
    UNKNOWN = "unknown"

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
