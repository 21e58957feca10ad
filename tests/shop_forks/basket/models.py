"""The shop's own basket models: oscar_bidding's mixins first, then Oscar's."""

from oscar.apps.basket.abstract_models import AbstractBasket, AbstractLine

from oscar_bidding.basket.mixins import MilestoneBasketMixin, MilestoneLineMixin


class Basket(MilestoneBasketMixin, AbstractBasket):
    class Meta(AbstractBasket.Meta):
        pass


class Line(MilestoneLineMixin, AbstractLine):
    class Meta(AbstractLine.Meta):
        pass


from oscar.apps.basket.models import *  # noqa: E402,F403
