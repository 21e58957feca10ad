"""Basket migration 0014 turns the item lines of a basket filled before it into
one line per milestone, priced as the milestone."""

import pytest
from oscar.core.loading import get_model

from oscar_bidding.services.payments import milestone_stockrecord
from tests.migrations import migrate

Line = get_model("basket", "Line")

BEFORE = [("basket", "0013_milestone_lines")]
AFTER = [("basket", "0014_one_line_per_milestone")]


@pytest.mark.django_db(transaction=True)
def test_item_lines_of_a_filled_basket_become_one_line_per_milestone(
    latest_migrations_after, customer, accepted_proposal
):
    milestone = accepted_proposal.milestones.get(number=1)
    stockrecord = milestone_stockrecord(accepted_proposal.partner, "GBP")
    old = migrate(BEFORE)
    basket = old.get_model("basket", "Basket").objects.create(
        owner_id=customer.pk, milestone_locked=True
    )
    for item in milestone.items.all():
        old.get_model("basket", "Line").objects.create(
            basket=basket,
            line_reference=f"milestone-item-{item.pk}",
            product_id=stockrecord.product_id,
            stockrecord_id=stockrecord.pk,
            milestone_item_id=item.pk,
            quantity=item.quantity,
            price_currency="GBP",
            price_excl_tax=item.unit_price,
            price_incl_tax=item.unit_price + item.tax / item.quantity,
        )
    assert milestone.items.count() == 2

    migrate(AFTER)

    (line,) = Line.objects.filter(basket_id=basket.pk)
    assert (line.milestone, line.line_reference, line.quantity) == (
        milestone,
        f"milestone-{milestone.pk}",
        1,
    )
    assert (line.price_excl_tax, line.price_incl_tax) == (
        milestone.amount_excl_tax,
        milestone.amount_incl_tax,
    )
