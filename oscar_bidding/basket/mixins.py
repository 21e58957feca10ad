"""What a basket needs to carry a milestone payment.

Mixed into our basket fork; a shop with its own basket fork mixes them into its
own ``Basket`` and ``Line`` and runs ``makemigrations basket``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from oscar_bidding import pricing


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
        if self._lines is None and self.milestone_locked and self.id:
            lines = super().all_lines().select_related("milestone_item__milestone")
            for line in lines:
                pricing.name_milestone_line(line)
            self._lines = lines
        return super().all_lines()

    def merge(self, basket, add_quantities=True):
        """Never mix a milestone payment with anything else on login.

        Oscar's merge moves lines row by row, bypassing ``add_product``; here a
        locked side keeps its lines and the other basket's products wait in the
        customer's saved basket.
        """
        if not (self.milestone_locked or basket.milestone_locked):
            return super().merge(basket, add_quantities)
        from oscar_bidding.services.payments import park_lines  # noqa: PLC0415

        return park_lines(self, basket)


class MilestoneLineMixin(models.Model):
    """A basket line that is one milestone item, priced from it."""

    milestone_item = models.ForeignKey(
        "bidding.MilestoneItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Milestone item"),
    )

    class Meta:
        abstract = True

    @property
    def purchase_info(self):
        if self.milestone_item_id is None:
            return super().purchase_info
        if not hasattr(self, "_info"):
            self._info = pricing.milestone_purchase_info(self)
        return self._info
