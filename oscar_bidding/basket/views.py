"""Oscar's basket views with the basket lock, from :mod:`.view_mixins`."""

from oscar.apps.basket import views

from oscar_bidding.basket.view_mixins import (
    LockedBasketAddMixin,
    LockedBasketPostMixin,
    LockedBasketViewMixin,
    LockedSavedMixin,
)


class BasketView(LockedBasketViewMixin, views.BasketView):
    pass


class BasketAddView(LockedBasketAddMixin, views.BasketAddView):
    pass


class VoucherAddView(LockedBasketPostMixin, views.VoucherAddView):
    pass


class VoucherRemoveView(LockedBasketPostMixin, views.VoucherRemoveView):
    pass


class SavedView(LockedSavedMixin, views.SavedView):
    pass
