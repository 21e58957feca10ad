"""Signals of oscar_bidding."""

from django.dispatch import Signal

#: Sent by checkout at each step of a milestone payment, with ``step`` (one of
#: ``PAYMENT_STEPS``) and ``attempt`` (``None`` before it is written). For
#: tracing; the test suite also uses it to kill a checkout at each step
#: (``tests/crash/``). Receivers run inside the payment: keep them quick.
payment_step = Signal()

#: The steps, in order: the attempt is about to be written; it is committed
#: (nothing charged yet); the gateway answered "charged" (not yet recorded);
#: the order's rows are written (not yet committed); the order is committed
#: (the response is not sent yet).
BEFORE_ATTEMPT = "before-attempt"
ATTEMPT_WRITTEN = "attempt-written"
GATEWAY_CHARGED = "gateway-charged"
ORDER_WRITTEN = "order-written"
ORDER_COMMITTED = "order-committed"
PAYMENT_STEPS = (
    BEFORE_ATTEMPT,
    ATTEMPT_WRITTEN,
    GATEWAY_CHARGED,
    ORDER_WRITTEN,
    ORDER_COMMITTED,
)
