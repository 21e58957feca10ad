"""The hidden product behind milestone lines can only be bought through Pay."""

from django.urls import reverse
from oscar.core.loading import get_model

from tests import checkout

Basket = get_model("basket", "Basket")
Product = get_model("catalogue", "Product")


def test_milestone_product_cannot_be_added_to_a_basket(
    client, customer, accepted_proposal
):
    order = checkout.pay(client, customer, accepted_proposal.milestones.get(number=1))
    product = Product.objects.get(upc="bidding-milestone")

    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})

    assert not Basket.open.get(owner=customer).lines.exists()
    assert order.lines.filter(product=product).count() == 0


def test_milestone_order_cannot_be_reordered(client, customer, accepted_proposal):
    order = checkout.pay(client, customer, accepted_proposal.milestones.get(number=1))

    response = client.post(
        reverse("customer:order", kwargs={"order_number": order.number}),
        {"order_id": order.pk, "action": "reorder"},
    )

    assert response.status_code in (200, 302)
    assert not Basket.open.get(owner=customer).lines.exists()


def test_milestone_product_is_not_in_the_catalogue_or_search(
    client, customer, accepted_proposal
):
    checkout.pay(client, customer, accepted_proposal.milestones.get(number=1))
    product = Product.objects.get(upc="bidding-milestone")

    catalogue = client.get(reverse("catalogue:index"))
    search = client.get(reverse("search:search"), {"q": "Milestone payment"})
    detail = client.get(product.get_absolute_url())

    assert product.get_absolute_url() not in catalogue.content.decode()
    assert product.get_absolute_url() not in search.content.decode()
    assert detail.status_code == 404
    assert not product.get_product_class().track_stock
    assert not product.is_shipping_required
