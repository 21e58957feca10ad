"""A basket that pays a milestone: viewable, every change refused, and the two
ways out (replace the milestone with a product, cancel this payment)."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_product, create_voucher

from oscar_bidding.exceptions import BiddingError
from tests import factories

Basket = get_model("basket", "Basket")
Line = get_model("basket", "Line")
Milestone = get_model("bidding", "Milestone")
Selector = get_class("partner.strategy", "Selector")
MilestonePaymentService = get_class(
    "bidding.services.payments", "MilestonePaymentService"
)

LOCKED = "Your basket is paying a milestone: it cannot be changed"
AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def lock_basket(customer, proposal):
    """What Pay does: the customer's open basket holds milestone 1, locked."""
    basket, _created = Basket.open.get_or_create(owner=customer)
    milestone = proposal.milestones.get(number=1)
    MilestonePaymentService().fill_basket(basket, milestone, customer)
    return basket


@pytest.fixture
def basket(customer, accepted_proposal):
    return lock_basket(customer, accepted_proposal)


@pytest.fixture
def client(client, customer, basket):
    client.force_login(customer)
    return client


@pytest.fixture
def product():
    return create_product(title="Kettle", price=Decimal("25.00"), num_in_stock=10)


def state(basket):
    """Everything a refused request must leave as it was."""
    basket = Basket.objects.get(pk=basket.pk)
    return {
        "status": basket.status,
        "locked": basket.milestone_locked,
        "lines": list(
            basket.lines.order_by("pk").values_list(
                "pk", "milestone_id", "product_id", "quantity"
            )
        ),
        "vouchers": list(basket.vouchers.values_list("pk", flat=True)),
    }


def formset_data(basket, **changes):
    """The basket page's line formset as posted, ``changes`` applied to line 0."""
    lines = list(basket.lines.order_by("pk"))
    data = {
        "form-TOTAL_FORMS": str(len(lines)),
        "form-INITIAL_FORMS": str(len(lines)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for index, line in enumerate(lines):
        data[f"form-{index}-id"] = str(line.pk)
        data[f"form-{index}-quantity"] = str(line.quantity)
    for name, value in changes.items():
        data[f"form-0-{name}"] = value
    return data


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def assert_refused(client, basket, before, response):
    assert response.status_code == 302
    assert response["Location"] == reverse("basket:summary")
    page = client.get(response["Location"])
    assert any(LOCKED in message for message in messages_of(page))
    assert state(basket) == before


# The basket page ---------------------------------------------------------------


def test_locked_basket_page_shows_the_milestone_breakdown(
    client, basket, accepted_proposal
):
    response = client.get(reverse("basket:summary"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "This basket pays a milestone." in content
    assert "Milestone 1: Stage 1" in content  # the line
    for item in ("Work item 1.1", "Work item 1.2"):  # its items, under it
        assert item in content
    assert "£100.00" in content  # unit price
    assert "£200.00" in content  # 2 x £100
    assert "£400.00" in content  # the milestone
    assert reverse("bidding:basket-release") in content
    assert 'data-target="#basket-release"' in content
    assert accepted_proposal.get_absolute_url() in content


def test_locked_basket_page_offers_no_change(client, basket):
    content = client.get(reverse("basket:summary")).content.decode()

    assert 'name="form-0-quantity"' not in content
    assert 'data-behaviours="remove"' not in content
    assert "Save for later" not in content
    assert 'id="voucher_form"' not in content
    assert reverse("checkout:index") in content


def test_locked_basket_never_links_to_the_milestone_product(client, basket, product):
    milestone_product = basket.lines.first().product

    for url in (reverse("basket:summary"), product.get_absolute_url()):
        content = client.get(url).content.decode()
        assert milestone_product.get_absolute_url() not in content
        assert "Milestone 1: Stage 1" in content  # the mini-basket too


# Every change refused, route by route ------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [{"quantity": "5"}, {"DELETE": "on"}, {"save_for_later": "on"}],
    ids=["quantity", "delete", "save_for_later"],
)
def test_locked_basket_refuses_line_changes(client, basket, changes):
    before = state(basket)

    response = client.post(reverse("basket:summary"), formset_data(basket, **changes))

    assert_refused(client, basket, before, response)
    assert not Basket.saved.filter(owner=basket.owner).exists()


def test_locked_basket_answers_ajax_line_changes_with_a_json_error(client, basket):
    before = state(basket)

    response = client.post(
        reverse("basket:summary"), formset_data(basket, quantity="5"), **AJAX
    )

    payload = json.loads(response.content)
    assert response.status_code == 200
    assert any(LOCKED in message for message in payload["messages"]["error"])
    assert "Work item 1.1" in payload["content_html"]
    assert state(basket) == before


def test_locked_basket_refuses_a_voucher(client, basket):
    create_voucher(code="SAVE20")
    before = state(basket)

    response = client.post(reverse("basket:vouchers-add"), {"code": "SAVE20"})

    assert_refused(client, basket, before, response)


def test_locked_basket_refuses_to_remove_a_voucher(client, basket):
    voucher = create_voucher(code="SAVE20")
    basket.vouchers.add(voucher)
    before = state(basket)

    response = client.post(reverse("basket:vouchers-remove", kwargs={"pk": voucher.pk}))

    assert_refused(client, basket, before, response)


def test_locked_basket_refuses_saved_lines(client, basket, customer, product):
    saved, _created = Basket.saved.get_or_create(owner=customer)
    saved.strategy = Selector().strategy()
    saved_line, _created = saved.add_product(product)
    before = state(basket)

    response = client.post(
        reverse("basket:saved"),
        {
            "saved-TOTAL_FORMS": "1",
            "saved-INITIAL_FORMS": "1",
            "saved-MIN_NUM_FORMS": "0",
            "saved-MAX_NUM_FORMS": "1000",
            "saved-0-id": str(saved_line.pk),
            "saved-0-move_to_basket": "on",
        },
    )

    assert_refused(client, basket, before, response)
    assert Line.objects.get(pk=saved_line.pk).basket_id == saved.pk


def test_adding_a_product_asks_to_replace_the_milestone(client, basket, product):
    before = state(basket)

    response = client.post(
        reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": "3"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("bidding:basket-replace") + "?")
    assert f"product={product.pk}" in response["Location"]
    assert "quantity=3" in response["Location"]
    assert "csrfmiddlewaretoken" not in response["Location"]
    assert state(basket) == before


def test_locked_basket_refuses_products_at_the_model_layer(basket, product):
    basket.strategy = Selector().strategy()
    stockrecord = product.stockrecords.get()

    with pytest.raises(BiddingError):
        basket.add_product(product)
    with pytest.raises(BiddingError):
        Line.objects.create(
            basket=basket,
            product=product,
            stockrecord=stockrecord,
            line_reference="kettle",
        )
    assert Line.objects.filter(basket=basket, milestone=None).count() == 0


# Replace the milestone with the product ----------------------------------------


def test_replace_page_asks_before_replacing(client, basket, product):
    before = state(basket)

    response = client.get(
        reverse("bidding:basket-replace"), {"product": product.pk, "quantity": 3}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Replace the milestone with the product?" in content
    assert "Kettle" in content
    assert f'action="{reverse("bidding:basket-replace")}"' in content
    assert f'name="product" value="{product.pk}"' in content
    assert 'name="quantity" value="3"' in content
    assert state(basket) == before


def test_replace_leaves_only_the_product_in_an_unlocked_basket(client, basket, product):
    response = client.post(
        reverse("bidding:basket-replace"), {"product": product.pk, "quantity": "3"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("basket:summary")
    basket = Basket.objects.get(pk=basket.pk)
    assert not basket.milestone_locked
    assert list(basket.lines.values_list("product_id", "quantity")) == [(product.pk, 3)]
    assert Milestone.objects.get(number=1).status == Milestone.READY_TO_PAY
    page_messages = messages_of(client.get(reverse("basket:summary")))
    assert any("The milestone has left your basket" in m for m in page_messages)
    assert any("Kettle" in m for m in page_messages)


def test_invalid_replacement_changes_nothing(client, basket, product):
    before = state(basket)

    client.post(
        reverse("bidding:basket-replace"), {"product": product.pk, "quantity": "0"}
    )

    assert state(basket) == before


@pytest.mark.parametrize("pk", ["", "abc", "999999"])
def test_replace_of_an_unknown_product_is_404(client, basket, pk):
    before = state(basket)

    response = client.post(reverse("bidding:basket-replace"), {"product": pk})

    assert response.status_code == 404
    assert state(basket) == before


def test_replace_is_also_a_modal_on_every_page_of_a_locked_basket(
    client, customer, basket, product
):
    content = client.get(product.get_absolute_url()).content.decode()

    assert 'id="basket-replace"' in content
    assert "Replace the milestone with the product?" in content
    assert "oscar_bidding/js/milestone_basket.js" in content
    assert f'data-basket-add-url="{reverse("basket:add", kwargs={"pk": 0})}"' in content

    MilestonePaymentService().release(basket)
    content = client.get(product.get_absolute_url()).content.decode()
    assert 'id="basket-replace"' not in content
    assert "milestone_basket.js" not in content


# Cancel this payment -------------------------------------------------------------


def test_cancel_this_payment_asks_first(client, basket):
    before = state(basket)

    response = client.get(reverse("bidding:basket-release"))

    assert response.status_code == 200
    assert f'action="{reverse("bidding:basket-release")}"' in response.content.decode()
    assert state(basket) == before


def test_cancel_this_payment_empties_and_unlocks_the_basket(client, basket):
    response = client.post(reverse("bidding:basket-release"))

    assert response.status_code == 302
    assert response["Location"] == reverse("basket:summary")
    basket = Basket.objects.get(pk=basket.pk)
    assert not basket.milestone_locked
    assert not basket.lines.exists()
    assert Milestone.objects.get(number=1).status == Milestone.READY_TO_PAY


@pytest.mark.parametrize("name", ["bidding:basket-release", "bidding:basket-replace"])
def test_leaving_a_milestone_never_empties_an_ordinary_basket(
    client, customer, basket, product, name
):
    MilestonePaymentService().release(basket)
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": "1"})
    other = create_product(title="Toaster", price=Decimal("30.00"), num_in_stock=5)

    client.post(reverse(name), {"product": other.pk, "quantity": "1"})

    products = set(
        Basket.objects.get(pk=basket.pk).lines.values_list("product__title", flat=True)
    )
    assert "Kettle" in products


def test_only_a_logged_in_customer_reaches_the_way_out(basket, product):
    from django.test import Client

    anonymous = Client()
    for name in ("bidding:basket-release", "bidding:basket-replace"):
        response = anonymous.post(reverse(name), {"product": product.pk})
        assert response.status_code == 302
        assert reverse("customer:login") in response["Location"]
    assert Basket.objects.get(pk=basket.pk).milestone_locked


# Queries ----------------------------------------------------------------------------


def test_basket_page_runs_the_same_queries_for_1_or_50_milestone_items(
    client, customer, vendor
):
    def count_queries(items):
        project = factories.make_project(customer)
        proposal = factories.make_proposal(project, vendor, milestones=1, items=items)
        factories.ProposalService().accept(proposal)
        lock_basket(customer, proposal)
        client.get(reverse("basket:summary"))  # warm the caches of a running shop
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("basket:summary"))
        assert response.status_code == 200
        (line,) = response.context["basket"].all_lines()
        assert line.milestone.items.count() == items
        return len(queries)

    assert count_queries(50) == count_queries(1)
