"""What a basket needs to carry a milestone payment.

Mixed into our basket fork; a shop with its own basket fork mixes them into its
own ``Basket`` and ``Line`` and runs ``makemigrations basket``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class, get_classes

from oscar_bidding.exceptions import BasketLocked, QuoteOnly

milestone_purchase_info, prepare_milestone_line = get_classes(
    "bidding.pricing", ["milestone_purchase_info", "prepare_milestone_line"]
)


class MilestoneBasketMixin(models.Model):
    """A basket that pays milestones is locked: only paying or releasing it changes it.

    Oscar's Frozen status cannot serve as the lock, because the basket
    middleware loads only open baskets.
    """

    milestone_locked = models.BooleanField(
        _("Locked for a milestone payment"), default=False
    )

    class Meta:
        abstract = True

    def all_lines(self):
        # The product class answers Oscar's shipping questions for every line;
        # the stock record's partner, the order line's; the milestone, with its
        # proposal, customer, vendor and items, what the line pays and what its
        # order and invoice are made of. The hidden product has no images to
        # read. As many queries as Oscar's, whatever the number of items.
        if self._lines is None and self.milestone_locked and self.id:
            lines = (
                super()
                .all_lines()
                .select_related(
                    "milestone__proposal__project__customer",
                    "milestone__proposal__partner",
                    "product__product_class",
                    "stockrecord__partner",
                )
                .prefetch_related(None)
                .prefetch_related("attributes", "milestone__items")
            )
            for line in lines:
                prepare_milestone_line(line)
            self._lines = lines
        return super().all_lines()

    def require_unlocked(self):
        """Refuse a change of the basket's lines while it pays a milestone.

        The views check it to show the message; the models check it so that no
        code path, ours or a shop's, mixes a milestone payment with products.
        """
        if self.milestone_locked:
            raise BasketLocked(
                _(
                    "Your basket is paying a milestone: it cannot be changed "
                    "until the milestone is paid or the payment is cancelled."
                )
            )

    def add_product(self, product, quantity=1, options=None):
        self.require_unlocked()
        self.require_buyable(product)
        return super().add_product(product, quantity, options)

    def require_buyable(self, product):
        """Refuse a product whose type is sold by quotation only: no view,
        ours, Oscar's (a product list's button, a re-order) or a shop's, puts
        it in a basket."""
        # Loaded here: the quotes module reads the catalogue's models.
        is_quote_only = get_class("bidding.quotes", "is_quote_only")
        if is_quote_only(product):
            raise QuoteOnly(
                _("“%(title)s” is sold by quotation: use Request a quote on its page.")
                % {"title": product.get_title()}
            )

    add_product.alters_data = True
    add = add_product

    def merge(self, basket, add_quantities=True):
        """Never mix a milestone payment with anything else on login.

        Oscar's merge moves lines row by row, bypassing ``add_product``; here a
        locked side keeps its lines and the other basket's products wait in the
        customer's saved basket.
        """
        if not (self.milestone_locked or basket.milestone_locked):
            return super().merge(basket, add_quantities)
        # Loaded here: the services import the models this mixin is part of.
        park_lines = get_class("bidding.services.payments", "park_lines")
        return park_lines(self, basket)


class MilestoneLineMixin(models.Model):
    """A basket line that is one milestone, priced from it; its items are shown
    under it. One line per milestone keeps the basket, the checkout and the
    order at the same cost whatever the number of items."""

    milestone = models.ForeignKey(
        "bidding.Milestone",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Milestone"),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """A product line never enters a basket that pays a milestone."""
        if self.milestone_id is None:
            self.basket.require_unlocked()
        return super().save(*args, **kwargs)

    @property
    def purchase_info(self):
        if self.milestone_id is None:
            return super().purchase_info
        if not hasattr(self, "_info"):
            self._info = milestone_purchase_info(self)
        return self._info
