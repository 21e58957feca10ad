"""django-oscar-api's basket views, refusing any change of a locked basket."""

from oscar.core.loading import get_model
from oscarapi.basket import operations
from oscarapi.views import basket as oscarapi_basket
from oscarapi.views.utils import parse_basket_from_hyperlink
from rest_framework import status
from rest_framework.response import Response

from oscar_bidding.exceptions import BasketRefused

Basket = get_model("basket", "Basket")


def refusal(basket):
    """The lock's answer (406, as django-oscar-api refuses a change), or ``None``."""
    try:
        basket.require_unlocked()
    except BasketRefused as error:
        return Response({"reason": str(error)}, status=status.HTTP_406_NOT_ACCEPTABLE)
    return None


class LockedBasketMixin:
    def refuse_locked(self, request):
        return refusal(operations.get_basket(request, prepare=False))


class AddProductView(LockedBasketMixin, oscarapi_basket.AddProductView):
    def post(self, request, *args, **kwargs):
        return self.refuse_locked(request) or super().post(request, *args, **kwargs)


class AddVoucherView(LockedBasketMixin, oscarapi_basket.AddVoucherView):
    def post(self, request, *args, **kwargs):
        return self.refuse_locked(request) or super().post(request, *args, **kwargs)


class LineList(oscarapi_basket.LineList):
    def post(self, request, pk, format=None, *args, **kwargs):  # noqa: A002
        basket = Basket._default_manager.filter(pk=pk).first()
        refused = refusal(basket) if basket is not None else None
        return refused or super().post(request, pk, format, *args, **kwargs)


class BasketLineDetail(oscarapi_basket.BasketLineDetail):
    """Quantities and removal: a milestone line is the milestone, whole."""

    def update(self, request, *args, **kwargs):
        return refusal(self.get_object().basket) or super().update(
            request, *args, **kwargs
        )

    def destroy(self, request, *args, **kwargs):
        return refusal(self.get_object().basket) or super().destroy(
            request, *args, **kwargs
        )


__all__ = [
    "AddProductView",
    "AddVoucherView",
    "LineList",
    "BasketLineDetail",
    "parse_basket_from_hyperlink",
]
