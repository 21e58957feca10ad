"""django-oscar-api's basket resource: a locked basket is not changed nor deleted."""

from oscarapi.views import basic as oscarapi_basic

from oscar_bidding.api.oscarapi.views.basket import refusal


class BasketDetail(oscarapi_basic.BasketDetail):
    def update(self, request, *args, **kwargs):
        return refusal(self.get_object()) or super().update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        return refusal(self.get_object()) or super().destroy(request, *args, **kwargs)
