"""django-oscar-api's ``checkout/``: a milestone basket is submitted by the
order its milestones paid, not frozen."""

from oscarapi.basket.operations import request_allows_access_to_basket
from oscarapi.signals import oscarapi_post_checkout
from oscarapi.views import checkout as oscarapi_checkout
from oscarapi.views.utils import parse_basket_from_hyperlink
from rest_framework import response, status


class CheckoutView(oscarapi_checkout.CheckoutView):
    def post(self, request, format=None, *args, **kwargs):  # noqa: A002
        basket = parse_basket_from_hyperlink(request.data, format)
        if not basket.milestone_locked:
            return super().post(request, format, *args, **kwargs)
        if not request_allows_access_to_basket(request, basket):
            return response.Response(
                "Unauthorized", status=status.HTTP_401_UNAUTHORIZED
            )
        serializer = self.serializer_class(
            data=request.data, context={"request": request}
        )
        if not serializer.is_valid():
            return response.Response(serializer.errors, status.HTTP_406_NOT_ACCEPTABLE)
        order = serializer.save()  # the basket is submitted with its order
        data = self.order_serializer_class(order, context={"request": request}).data
        resp = response.Response(data)
        oscarapi_post_checkout.send(
            sender=self, order=order, user=request.user, request=request, response=resp
        )
        return resp
