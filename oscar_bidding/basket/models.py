from oscar.apps.basket.abstract_models import AbstractBasket, AbstractLine
from oscar.core.loading import is_model_registered

from oscar_bidding.basket.mixins import MilestoneBasketMixin, MilestoneLineMixin

# The mixins come first so that their overrides win; Meta is Oscar's.

if not is_model_registered("basket", "Basket"):

    class Basket(MilestoneBasketMixin, AbstractBasket):
        class Meta(AbstractBasket.Meta):
            pass


if not is_model_registered("basket", "Line"):

    class Line(MilestoneLineMixin, AbstractLine):
        class Meta(AbstractLine.Meta):
            pass


from oscar.apps.basket.models import *  # noqa: E402,F403
