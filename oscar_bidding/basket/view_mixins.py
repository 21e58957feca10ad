"""The basket lock in Oscar's basket views, one mixin per view.

A basket that pays a milestone can be viewed but not changed: every view that
writes its lines or vouchers refuses with a message and sends the customer back
to the basket, and adding a product asks whether to replace the milestone with
it. Our basket fork is made of these mixins; a shop with its own basket fork
puts each one first in its own view::

    from oscar.apps.basket import views
    from oscar_bidding.basket import view_mixins

    class BasketView(view_mixins.LockedBasketViewMixin, views.BasketView):
        ...

    class BasketAddView(view_mixins.LockedBasketAddMixin, views.BasketAddView):
        ...

    class VoucherAddView(view_mixins.LockedBasketPostMixin, views.VoucherAddView):
        ...

    class VoucherRemoveView(
        view_mixins.LockedBasketPostMixin, views.VoucherRemoveView
    ):
        ...

    class SavedView(view_mixins.LockedSavedMixin, views.SavedView):
        ...
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from oscar.core import ajax
from oscar.core.loading import get_class
from oscar.core.utils import is_ajax

from oscar_bidding.exceptions import BiddingError

milestones_in = get_class("bidding.services.payments", "milestones_in")
unfinished_payment = get_class("bidding.services.payments", "unfinished_payment")


def refuse_change(request, message):
    """The lock's answer to a refused change: its message, on the basket page."""
    messages.error(request, message)
    return redirect("basket:summary")


class BasketLockMixin:
    def check_unlocked(self):
        """The refusal to answer with, or ``None`` when the basket may change."""
        try:
            self.request.basket.require_unlocked()
        except BiddingError as error:
            return self.refuse(str(error))
        return None

    def refuse(self, message):
        return refuse_change(self.request, message)


class LockedBasketPostMixin(BasketLockMixin):
    """Refuse every POST while the basket pays a milestone (the voucher views)."""

    def post(self, request, *args, **kwargs):
        return self.check_unlocked() or super().post(request, *args, **kwargs)


class LockedBasketViewMixin(LockedBasketPostMixin):
    """The basket page: viewable, but its line formset changes nothing
    (quantities, removal, save for later)."""

    def refuse(self, message):
        """Answer Oscar's AJAX basket updates as it does: the content, as JSON."""
        if not is_ajax(self.request):
            return super().refuse(message)
        self.object_list = self.get_queryset()
        kwargs = self.get_formset_kwargs()
        del kwargs["data"], kwargs["files"]
        flash_messages = ajax.FlashMessages()
        flash_messages.error(message)
        context = self.get_context_data(
            formset=self.get_formset()(**kwargs), basket=self.request.basket
        )
        return self.json_response(context, flash_messages)

    def get_context_data(self, **kwargs):
        basket = self.request.basket
        if basket.milestone_locked:
            kwargs.setdefault("basket_milestones", milestones_in(basket))
            kwargs.setdefault("unfinished_payment", unfinished_payment(basket))
        return super().get_context_data(**kwargs)


class LockedBasketAddMixin:
    """Adding a product to a milestone payment asks to replace the milestone.

    Without JavaScript the customer lands on that question as a page; the
    product and the submitted fields travel in its query string.
    """

    def post(self, request, *args, **kwargs):
        if not request.basket.milestone_locked:
            return super().post(request, *args, **kwargs)
        query = request.POST.copy()
        query.pop("csrfmiddlewaretoken", None)
        query["product"] = kwargs["pk"]
        return redirect(f"{reverse('bidding:basket-replace')}?{query.urlencode()}")


class LockedSavedMixin(BasketLockMixin):
    """Saved lines cannot move into a basket that pays a milestone; removing
    them from the saved basket stays possible."""

    def formset_valid(self, formset):
        if any(form.cleaned_data.get("move_to_basket") for form in formset):
            refusal = self.check_unlocked()
            if refusal:
                return refusal
        return super().formset_valid(formset)
