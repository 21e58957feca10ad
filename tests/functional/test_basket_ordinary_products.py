"""Ordinary products in the forked basket and checkout behave as in plain Oscar."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import create_product, create_voucher

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
Order = get_model("order", "Order")


@pytest.fixture
def client(client, customer):
    client.force_login(customer)
    return client


@pytest.fixture
def product():
    return create_product(title="Kettle", price=Decimal("25.00"), num_in_stock=10)


def add(client, product, quantity=1):
    return client.post(
        reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": str(quantity)}
    )


def open_basket(customer):
    return Basket.open.get(owner=customer)


def lines_of(basket):
    return list(basket.lines.values_list("product__title", "quantity"))


def post_lines(client, basket, prefix, **changes):
    """Post the basket page's formset (``prefix`` "form") or the saved one ("saved")."""
    lines = list(basket.lines.order_by("pk"))
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(lines)),
        f"{prefix}-INITIAL_FORMS": str(len(lines)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, line in enumerate(lines):
        data[f"{prefix}-{index}-id"] = str(line.pk)
        if prefix == "form":
            data[f"{prefix}-{index}-quantity"] = str(line.quantity)
    for name, value in changes.items():
        data[f"{prefix}-0-{name}"] = value
    url = reverse("basket:summary" if prefix == "form" else "basket:saved")
    return client.post(url, data)


def test_add_a_product(client, customer, product):
    response = add(client, product, 2)

    assert response.status_code == 302
    assert lines_of(open_basket(customer)) == [("Kettle", 2)]
    assert not open_basket(customer).milestone_locked


def test_basket_page_keeps_oscars_controls(client, customer, product):
    add(client, product)

    content = client.get(reverse("basket:summary")).content.decode()

    assert 'name="form-0-quantity"' in content
    assert 'data-behaviours="remove"' in content
    assert "Save for later" in content
    assert 'id="voucher_form"' in content
    assert "This basket pays a milestone." not in content
    assert "milestone_basket.js" not in content


def test_change_the_quantity(client, customer, product):
    add(client, product)

    post_lines(client, open_basket(customer), "form", quantity="4")

    assert lines_of(open_basket(customer)) == [("Kettle", 4)]


def test_remove_a_line(client, customer, product):
    add(client, product)

    post_lines(client, open_basket(customer), "form", DELETE="on")

    assert lines_of(open_basket(customer)) == []


def test_save_for_later_and_move_back(client, customer, product):
    add(client, product, 2)

    post_lines(client, open_basket(customer), "form", save_for_later="on")

    saved = Basket.saved.get(owner=customer)
    assert lines_of(open_basket(customer)) == []
    assert lines_of(saved) == [("Kettle", 2)]

    post_lines(client, saved, "saved", move_to_basket="on")

    assert lines_of(open_basket(customer)) == [("Kettle", 2)]
    assert lines_of(saved) == []


def test_add_and_remove_a_voucher(client, customer, product):
    voucher = create_voucher(code="SAVE20")
    add(client, product)

    client.post(reverse("basket:vouchers-add"), {"code": "SAVE20"})

    assert list(open_basket(customer).vouchers.all()) == [voucher]
    page = client.get(reverse("basket:summary"))
    assert page.context["basket"].total_incl_tax == Decimal("20.00")  # 20 % off

    client.post(reverse("basket:vouchers-remove", kwargs={"pk": voucher.pk}))

    assert not open_basket(customer).vouchers.exists()


def test_checkout_of_a_product_that_needs_shipping(client, customer, product):
    Country.objects.create(
        iso_3166_1_a2="GB",
        name="UNITED KINGDOM",
        printable_name="United Kingdom",
        is_shipping_country=True,
    )
    add(client, product, 2)

    response = client.get(reverse("checkout:index"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("checkout:shipping-address")

    response = client.post(
        reverse("checkout:shipping-address"),
        {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "line1": "1 Analytical Row",
            "line4": "London",
            "postcode": "N1 9GU",
            "country": "GB",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert reverse("checkout:shipping-method") in [
        url for url, _status in response.redirect_chain
    ]
    assert response.redirect_chain[-1][0] == reverse("checkout:payment-details")

    response = client.post(reverse("checkout:preview"), {"action": "place_order"})

    assert response.status_code == 302
    assert response["Location"] == reverse("checkout:thank-you")
    order = Order.objects.get(user=customer)
    assert order.status == "Pending"
    assert order.shipping_address.line4 == "London"
    assert list(order.lines.values_list("title", "quantity")) == [("Kettle", 2)]
    assert order.total_incl_tax == Decimal("50.00")
    assert not Basket.open.filter(owner=customer, lines__isnull=False).exists()
