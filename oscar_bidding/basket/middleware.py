"""The basket lock's answer in the views that the package does not fork."""

from oscar_bidding.basket.view_mixins import refuse_change
from oscar_bidding.exceptions import BasketRefused


class BasketLockMiddleware:
    """A change refused by the basket lock gets the lock's message, not a server error.

    Our basket views check the lock before they change anything. Other views
    that add to the basket meet the lock only in the model layer, which raises
    :class:`~oscar_bidding.exceptions.BasketRefused` before the first line is
    added: Oscar's re-order buttons in My Orders (``OrderDetailView`` and
    ``OrderLineView`` of the customer app) and any view of the shop's own.
    Answering here keeps Oscar's customer app as it is: overriding those two
    views would mean forking it, because ``get_class`` looks for
    ``customer.views`` only in the app registered under the label
    ``customer``. Goes into ``MIDDLEWARE`` after Oscar's ``BasketMiddleware``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, BasketRefused):
            return refuse_change(request, str(exception))
        return None
