"""The shop's basket views, each with oscar_bidding's basket lock mixed in first."""

from oscar.apps.basket import views

from oscar_bidding.basket import view_mixins


class BasketView(view_mixins.LockedBasketViewMixin, views.BasketView):
    pass


class BasketAddView(view_mixins.LockedBasketAddMixin, views.BasketAddView):
    pass


class VoucherAddView(view_mixins.LockedBasketPostMixin, views.VoucherAddView):
    pass


class VoucherRemoveView(view_mixins.LockedBasketPostMixin, views.VoucherRemoveView):
    pass


class SavedView(view_mixins.LockedSavedMixin, views.SavedView):
    pass
