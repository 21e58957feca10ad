"""No offer or voucher ever discounts a milestone line, whatever the milestone
product's flags say: the customer pays the milestone's amount, no less."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_class, get_model
from oscar.test.factories import (
    BenefitFactory,
    ConditionalOfferFactory,
    ConditionFactory,
    RangeFactory,
    VoucherFactory,
    create_product,
)

from tests import checkout

Benefit = get_model("offer", "Benefit")
Condition = get_model("offer", "Condition")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Product = get_model("catalogue", "Product")
milestone_stockrecord = get_class("bidding.services.payments", "milestone_stockrecord")


def half_price_on_everything(**fields):
    everything = RangeFactory(includes_all_products=True)
    return ConditionalOfferFactory(
        condition=ConditionFactory(range=everything, type=Condition.COUNT, value=1),
        benefit=BenefitFactory(range=everything, type=Benefit.PERCENTAGE, value=50),
        **fields,
    )


@pytest.fixture
def discountable_milestone_product(accepted_proposal):
    """The milestone product with the flags staff or a data import may give it."""
    stockrecord = milestone_stockrecord(
        accepted_proposal.partner, accepted_proposal.currency
    )
    Product.objects.filter(pk=stockrecord.product_id).update(
        is_discountable=True, is_public=True
    )


def basket_page(client):
    return client.get(reverse("basket:summary")).context["basket"]


@pytest.mark.usefixtures("discountable_milestone_product")
def test_site_offer_on_all_products_never_discounts_a_milestone(
    client, customer, other_customer, accepted_proposal
):
    half_price_on_everything()
    milestone = accepted_proposal.milestones.get(number=1)
    product = create_product(price=100, num_in_stock=5)

    order = checkout.pay(client, customer, milestone)
    client.force_login(other_customer)
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})

    assert order.total_incl_tax == milestone.amount_incl_tax
    assert not order.discounts.exists()
    assert basket_page(client).total_incl_tax == 50  # the offer is real


@pytest.mark.usefixtures("discountable_milestone_product")
def test_voucher_on_all_products_never_discounts_a_milestone(
    client, customer, accepted_proposal
):
    voucher = VoucherFactory(code="HALF")
    voucher.offers.add(half_price_on_everything(offer_type=ConditionalOffer.VOUCHER))
    milestone = accepted_proposal.milestones.get(number=1)
    client.force_login(customer)
    # The lock keeps the voucher form away; a shop's own code might not.
    checkout.fill_basket(client, customer, milestone).vouchers.add(voucher)

    basket = basket_page(client)

    assert basket.total_incl_tax == milestone.amount_incl_tax
    assert basket.offer_discounts == basket.voucher_discounts == []
