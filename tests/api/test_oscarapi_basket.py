"""django-oscar-api's basket and checkout with the milestone basket.

With ``OSCARAPI_OVERRIDE_MODULES = ["oscar_bidding.api.oscarapi"]`` (the
sandbox's settings), every change of a locked basket through django-oscar-api
is refused with the lock's message, and its ``checkout/`` pays the milestone
as the storefront's checkout does.
"""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import create_product, create_voucher

pytest.importorskip("oscarapi")

Basket = get_model("basket", "Basket")
Milestone = get_model("bidding", "Milestone")
MilestonePayment = get_model("bidding", "MilestonePayment")
Order = get_model("order", "Order")
PaymentAttempt = get_model("bidding", "PaymentAttempt")

LOCKED = (
    "Your basket is paying a milestone: it cannot be changed until the milestone "
    "is paid or the payment is cancelled."
)


@pytest.fixture
def milestone(accepted):
    return accepted.milestones.get(number=1)


@pytest.fixture
def locked(api, customer, milestone):
    """The customer's API basket after Pay through the bidding API."""
    api.force_authenticate(customer)
    response = api.post(
        reverse("bidding-api-milestones-pay", kwargs={"pk": milestone.pk})
    )
    assert response.status_code == 200, response.json()
    return Basket.objects.get(pk=response.json()["basket"])


def basket_rows(basket):
    return (
        list(basket.lines.values_list("milestone_id", "product_id", "quantity")),
        list(basket.vouchers.values_list("pk", flat=True)),
        Basket.objects.filter(pk=basket.pk).values_list("status", flat=True).get(),
    )


def test_the_api_basket_shows_the_milestone_line(api, locked, milestone):
    data = api.get(reverse("api-basket")).json()

    assert data["id"] == locked.pk
    assert data["total_incl_tax"] == "400.00"
    lines = api.get(data["lines"]).json()
    assert [(line["quantity"], line["price_incl_tax"]) for line in lines] == [
        (1, "400.00")
    ]


def test_adding_a_product_to_a_locked_basket_is_refused(api, locked):
    product = create_product(price="12.00", num_in_stock=10)
    before = basket_rows(locked)

    response = api.post(
        reverse("api-basket-add-product"),
        {"url": reverse("product-detail", kwargs={"pk": product.pk}), "quantity": 1},
        format="json",
    )

    assert response.status_code == 406
    assert response.json() == {"reason": LOCKED}
    assert basket_rows(locked) == before


def test_adding_a_voucher_to_a_locked_basket_is_refused(api, locked):
    create_voucher(code="SAVE20")
    before = basket_rows(locked)

    response = api.post(
        reverse("api-basket-add-voucher"), {"vouchercode": "SAVE20"}, format="json"
    )

    assert response.status_code == 406
    assert response.json() == {"reason": LOCKED}
    assert basket_rows(locked) == before


def test_changing_or_removing_the_milestone_line_is_refused(api, locked):
    line = locked.lines.get()
    url = reverse("basket-line-detail", kwargs={"basket_pk": locked.pk, "pk": line.pk})
    before = basket_rows(locked)

    changed = api.patch(url, {"quantity": 3}, format="json")
    removed = api.delete(url)

    assert (changed.status_code, changed.json()) == (406, {"reason": LOCKED})
    assert (removed.status_code, removed.json()) == (406, {"reason": LOCKED})
    assert basket_rows(locked) == before


def test_adding_a_line_or_deleting_the_basket_is_refused(api, locked):
    product = create_product(price="12.00", num_in_stock=10)
    basket_url = reverse("basket-detail", kwargs={"pk": locked.pk})
    before = basket_rows(locked)

    added = api.post(
        reverse("basket-lines-list", kwargs={"pk": locked.pk}),
        {
            "basket": basket_url,
            "line_reference": "x",
            "product": reverse("product-detail", kwargs={"pk": product.pk}),
            "stockrecord": reverse(
                "product-stockrecord-detail",
                kwargs={"product_pk": product.pk, "pk": product.stockrecords.get().pk},
            ),
            "quantity": 1,
            "price_currency": "GBP",
            "price_excl_tax": "12.00",
            "price_incl_tax": "12.00",
        },
        format="json",
    )
    deleted = api.delete(basket_url)

    assert (added.status_code, added.json()) == (406, {"reason": LOCKED})
    assert (deleted.status_code, deleted.json()) == (406, {"reason": LOCKED})
    assert basket_rows(locked) == before


def test_an_unlocked_basket_takes_products_as_usual(api, customer):
    api.force_authenticate(customer)
    product = create_product(price="12.00", num_in_stock=10)

    response = api.post(
        reverse("api-basket-add-product"),
        {"url": reverse("product-detail", kwargs={"pk": product.pk}), "quantity": 2},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["total_incl_tax"] == "24.00"


def test_checkout_pays_the_milestone_as_the_storefront_does(
    api, customer, locked, milestone
):
    response = api.post(
        reverse("api-checkout"),
        {
            "basket": reverse("basket-detail", kwargs={"pk": locked.pk}),
            "total": "400.00",
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    order = Order.objects.get(number=response.json()["number"])
    assert order.status == "Complete"
    assert order.lines.count() == 1
    payment = MilestonePayment.objects.get(milestone=milestone)
    assert payment.order == order
    assert order.bidding_invoice.number == payment.invoice_number
    assert Milestone.objects.get(pk=milestone.pk).status == "paid"
    assert PaymentAttempt.objects.get().status == "placed"
    assert Basket.objects.get(pk=locked.pk).status == Basket.SUBMITTED


def test_checkout_with_a_wrong_total_places_nothing(api, locked, milestone):
    response = api.post(
        reverse("api-checkout"),
        {
            "basket": reverse("basket-detail", kwargs={"pk": locked.pk}),
            "total": "1.00",
        },
        format="json",
    )

    assert response.status_code == 406
    assert not Order.objects.exists()
    assert Milestone.objects.get(pk=milestone.pk).status == "ready_to_pay"


def test_a_milestone_paid_meanwhile_is_not_charged_again(
    api, customer, locked, milestone
):
    Milestone.objects.filter(pk=milestone.pk).update(status="cancelled")

    response = api.post(
        reverse("api-checkout"),
        {"basket": reverse("basket-detail", kwargs={"pk": locked.pk})},
        format="json",
    )

    assert response.status_code == 406
    assert not Order.objects.exists()
    assert not PaymentAttempt.objects.exists()
