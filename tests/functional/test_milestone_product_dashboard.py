"""The hidden milestone product is nobody's to touch in Oscar's catalogue dashboard.

Vendors see it because its stock record sits under their partner: every route
of the catalogue dashboard must leave it out for them. Staff see it, marked as
the package's, and can neither change it nor delete it while it is in use.
"""

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from oscar.apps.dashboard.catalogue import views as oscar_views
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_product

from oscar_bidding.checks.catalogue import check_catalogue_dashboard

Basket = get_model("basket", "Basket")
Line = get_model("basket", "Line")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
MilestonePaymentService = get_class(
    "bidding.services.payments", "MilestonePaymentService"
)

PRODUCT_LIST = reverse("dashboard:catalogue-product-list")


@pytest.fixture
def milestone_product(customer, accepted_proposal):
    """The product as a real payment leaves it: a vendor's stock record and a
    customer's milestone basket lines point at it."""
    basket = Basket.open.create(owner=customer)
    MilestonePaymentService().fill_basket(
        basket, accepted_proposal.milestones.get(number=1), customer
    )
    return Product.objects.get(upc="bidding-milestone")


@pytest.fixture
def own_product(vendor):
    """A product of the vendor's own, which the dashboard keeps showing them."""
    return create_product(
        upc="vendor-own",
        title="Kitchen tiles",
        partner_name=vendor.partners.get().name,
        price=10,
    )


def product_url(product):
    return reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})


def delete_url(product):
    return reverse("dashboard:catalogue-product-delete", kwargs={"pk": product.pk})


def listed(response):
    return list(response.context["products"].data)


def edit_data(product, **changes):
    """What the product page posts, with the product's stock records unchanged."""
    data = {
        "title": product.title,
        "upc": product.upc,
        "structure": product.structure,
        "is_public": "",
        "is_discountable": "",
        "stockrecords-TOTAL_FORMS": "0",
        "stockrecords-INITIAL_FORMS": "0",
        "categories-TOTAL_FORMS": "0",
        "categories-INITIAL_FORMS": "0",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "recommended_products-TOTAL_FORMS": "0",
        "recommended_products-INITIAL_FORMS": "0",
    }
    return {**data, **changes}


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_vendor_product_list_leaves_out_the_milestone_product(
    login, vendor, milestone_product, own_product
):
    client = login(vendor)

    everything = client.get(PRODUCT_LIST)
    by_upc = client.get(PRODUCT_LIST, {"upc": "bidding-milestone"})
    by_title = client.get(PRODUCT_LIST, {"title": "Milestone"})

    assert listed(everything) == [own_product]
    assert listed(by_upc) == listed(by_title) == []


def test_vendor_cannot_open_or_edit_the_milestone_product(
    login, vendor, milestone_product
):
    client = login(vendor)

    page = client.get(product_url(milestone_product))
    edit = client.post(
        product_url(milestone_product),
        edit_data(milestone_product, title="Mine now", is_discountable="on"),
    )

    assert page.status_code == edit.status_code == 404
    milestone_product.refresh_from_db()
    assert milestone_product.title == "Milestone payment"
    assert not milestone_product.is_discountable


def test_vendor_cannot_delete_the_milestone_product(login, vendor, milestone_product):
    client = login(vendor)

    page = client.get(delete_url(milestone_product))
    delete = client.post(delete_url(milestone_product))

    assert page.status_code == delete.status_code == 404
    assert Product.objects.filter(pk=milestone_product.pk).exists()
    assert StockRecord.objects.filter(product=milestone_product).count() == 1
    assert Line.objects.filter(product=milestone_product).count() == 1


@pytest.mark.parametrize("user", ["vendor", "staff"])
def test_bulk_actions_never_change_the_milestone_product(
    request, login, user, milestone_product
):
    client = login(request.getfixturevalue(user))

    chosen = client.post(
        PRODUCT_LIST,
        {"action": "make_products_public", "selected_product": [milestone_product.pk]},
        HTTP_REFERER=PRODUCT_LIST,
    )
    client.post(chosen.url, {"select_all_standalones": "on"})

    milestone_product.refresh_from_db()
    assert not milestone_product.is_public


def test_product_lookup_never_offers_the_milestone_product(
    login, vendor, milestone_product
):
    """Even when its flags make it public, ranges and recommendations cannot pick it."""
    Product.objects.filter(pk=milestone_product.pk).update(is_public=True)

    found = login(vendor).get(
        reverse("dashboard:catalogue-product-lookup"), {"q": "Milestone"}
    )

    assert found.json()["results"] == []


def test_staff_see_the_milestone_product_marked_as_managed_by_the_package(
    login, staff, milestone_product
):
    client = login(staff)

    product_list = client.get(PRODUCT_LIST)
    page = client.get(product_url(milestone_product))

    assert milestone_product in listed(product_list)
    assert "Managed by oscar_bidding" in product_list.content.decode()
    assert page.status_code == 200
    assert "Managed by oscar_bidding" in page.content.decode()


def test_staff_cannot_change_the_milestone_product(login, staff, milestone_product):
    response = login(staff).post(
        product_url(milestone_product),
        edit_data(milestone_product, title="Renamed", is_public="on"),
    )

    assert response.status_code == 302
    assert "cannot be changed" in " ".join(messages_of(response))
    milestone_product.refresh_from_db()
    assert milestone_product.title == "Milestone payment"
    assert not milestone_product.is_public


def test_staff_delete_the_milestone_product_only_once_nothing_uses_it(
    login, staff, milestone_product
):
    client = login(staff)

    refused = client.post(delete_url(milestone_product))
    refusal = " ".join(messages_of(refused))
    kept = (
        StockRecord.objects.filter(product=milestone_product).count(),
        Line.objects.filter(product=milestone_product).count(),
    )
    Basket.objects.all().delete()
    StockRecord.objects.filter(product=milestone_product).delete()
    deleted = client.post(delete_url(milestone_product))

    assert refused.url == product_url(milestone_product)
    assert "cannot be deleted while" in refusal
    assert kept == (1, 1)
    assert deleted.url == PRODUCT_LIST
    assert not Product.objects.filter(pk=milestone_product.pk).exists()


def test_no_code_deletes_the_milestone_product_in_use(milestone_product):
    with pytest.raises(ProtectedError), transaction.atomic():
        Product.objects.filter(upc="bidding-milestone").delete()

    assert StockRecord.objects.filter(product=milestone_product).exists()
    assert Line.objects.filter(product=milestone_product).exists()


def test_system_check_warns_while_a_product_view_shows_vendors_the_milestone_product(
    monkeypatch,
):
    installed = check_catalogue_dashboard(None)
    monkeypatch.setattr(
        apps.get_app_config("catalogue_dashboard"),
        "product_delete_view",
        oscar_views.ProductDeleteView,
    )
    (warning,) = check_catalogue_dashboard(None)

    assert installed == []
    assert warning.id == "oscar_bidding.W501"
    assert "product_delete_view" in warning.msg
