"""Logging in never mixes a milestone payment with products.

Oscar's basket middleware merges the anonymous basket into the customer's on
the first request after login; these tests log in through Oscar's own login
page so that the real merge runs.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_product

from tests import factories

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")
MilestonePaymentService = get_class(
    "bidding.services.payments", "MilestonePaymentService"
)


@pytest.fixture
def kettle():
    return create_product(title="Kettle", price=Decimal("25.00"), num_in_stock=10)


@pytest.fixture
def toaster():
    return create_product(title="Toaster", price=Decimal("30.00"), num_in_stock=10)


def add_anonymously(client, product):
    response = client.post(
        reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": "1"}
    )
    assert response.status_code == 302


def log_in(client, user):
    response = client.post(
        reverse("customer:login"),
        {
            "login-username": user.email,
            "login-password": factories.PASSWORD,
            "login_submit": "Log In",
        },
    )
    assert response.status_code == 302
    return client.get(reverse("basket:summary"))  # the middleware merges here


def lines_of(basket):
    return list(
        basket.lines.order_by("pk").values_list(
            "pk", "milestone_id", "product__title", "quantity"
        )
    )


def test_login_keeps_a_locked_basket_and_saves_the_products_for_later(
    client, customer, accepted_proposal, kettle
):
    basket, _created = Basket.open.get_or_create(owner=customer)
    MilestonePaymentService().fill_basket(
        basket, accepted_proposal.milestones.get(number=1), customer
    )
    before = lines_of(basket)
    add_anonymously(client, kettle)

    response = log_in(client, customer)

    assert response.status_code == 200
    assert response.context["user"] == customer
    assert Basket.open.get(owner=customer).pk == basket.pk
    basket = Basket.objects.get(pk=basket.pk)
    assert basket.milestone_locked
    assert lines_of(basket) == before
    saved = Basket.saved.get(owner=customer)
    assert [(title, qty) for _pk, _item, title, qty in lines_of(saved)] == [
        ("Kettle", 1)
    ]


def test_login_merges_an_unlocked_basket_as_oscar_does(
    client, customer, kettle, toaster
):
    basket, _created = Basket.open.get_or_create(owner=customer)
    basket.strategy = Selector().strategy()
    basket.add_product(kettle)
    add_anonymously(client, toaster)

    log_in(client, customer)

    basket = Basket.open.get(owner=customer)
    assert not basket.milestone_locked
    assert sorted(title for _pk, _item, title, _qty in lines_of(basket)) == [
        "Kettle",
        "Toaster",
    ]
    assert not Basket.saved.filter(owner=customer).exists()
