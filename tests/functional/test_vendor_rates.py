"""Rates ("Setting up your own rates"): a vendor keeps reusable prices in the
dashboard and picks them in the proposal form to fill milestone items."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from tests import factories
from tests.factories import item, milestone, proposal_form_data

Rate = get_model("bidding", "Rate")
Proposal = get_model("bidding", "Proposal")
RateService = get_class("bidding.services.rates", "RateService")


def url(name, **kwargs):
    return reverse(f"bidding_dashboard:{name}", kwargs=kwargs)


def make_rate(vendor, name="Plumbing", price="45.00", tax_rate="0.2", **fields):
    return RateService().create(
        vendor.partners.get(),
        "GBP",
        name=name,
        price=Decimal(price),
        tax_rate=Decimal(tax_rate),
        rate_type=fields.pop("rate_type", Rate.PER_HOUR),
        **fields,
    )


@pytest.fixture
def rate(vendor):
    return make_rate(vendor)


def rate_data(**fields):
    return {
        "name": "Call-out",
        "description": "Any visit",
        "rate_type": Rate.PER_VISIT,
        "price": "60.00",
        "tax_rate": "20",
        **fields,
    }


# The rates pages ---------------------------------------------------------------


def test_vendor_creates_edits_and_deletes_a_rate(login, vendor):
    client = login(vendor)

    response = client.post(url("rate-create"), rate_data())

    assert response.status_code == 302
    rate = Rate.objects.get()
    assert (rate.partner, rate.name, rate.rate_type) == (
        vendor.partners.get(),
        "Call-out",
        Rate.PER_VISIT,
    )
    assert (rate.price, rate.tax_rate, rate.currency) == (
        Decimal("60.00"),
        Decimal("0.2"),
        "GBP",
    )
    listing = client.get(url("rate-list")).text
    assert "Call-out" in listing and "£60.00" in listing and "20%" in listing

    response = client.post(url("rate-update", pk=rate.pk), rate_data(price="65.50"))

    assert response.status_code == 302
    rate.refresh_from_db()
    assert rate.price == Decimal("65.50")

    confirm = client.get(url("rate-delete", pk=rate.pk))
    assert confirm.status_code == 200
    assert 'method="post"' in confirm.text and "csrfmiddlewaretoken" in confirm.text
    assert Rate.objects.exists()  # GET asks, only POST deletes

    response = client.post(url("rate-delete", pk=rate.pk))

    assert response.status_code == 302
    assert not Rate.objects.exists()


def test_bad_rate_is_refused_and_nothing_is_saved(login, vendor):
    client = login(vendor)

    for bad in ({"price": "-1"}, {"tax_rate": "101"}, {"name": ""}, {"price": "NaN"}):
        response = client.post(url("rate-create"), rate_data(**bad))

        assert response.status_code == 200
        assert response.context["form"].errors
    assert not Rate.objects.exists()


def test_other_vendors_rate_is_not_found(login, other_vendor, rate):
    client = login(other_vendor)

    assert client.get(url("rate-update", pk=rate.pk)).status_code == 404
    assert client.get(url("rate-delete", pk=rate.pk)).status_code == 404
    assert client.post(url("rate-update", pk=rate.pk), rate_data()).status_code == 404
    assert client.post(url("rate-delete", pk=rate.pk)).status_code == 404
    assert "Plumbing" not in client.get(url("rate-list")).text
    rate.refresh_from_db()
    assert rate.name == "Plumbing"


def test_staff_see_and_edit_every_vendors_rates(login, staff, vendor, other_vendor):
    make_rate(vendor, "Plumbing")
    other = make_rate(other_vendor, "Tiling")
    client = login(staff)

    listing = client.get(url("rate-list")).text

    assert "Plumbing" in listing and "Tiling" in listing
    assert client.get(url("rate-update", pk=other.pk)).status_code == 200


def test_rates_are_in_the_dashboard_menu(login, vendor):
    html = login(vendor).get(reverse("dashboard:index")).text

    assert f'href="{url("rate-list")}"' in html


# Rates in the proposal form ----------------------------------------------------


def rate_row(rate, **fields):
    """An item row that only names a rate, as posted without JavaScript."""
    return item(
        description="",
        unit_price="",
        tax_rate="",
        quantity="3",
        rate=str(rate.pk),
        **fields,
    )


def test_rate_fills_a_blank_item_row_without_javascript(login, vendor, project, rate):
    data = proposal_form_data([milestone(items=[rate_row(rate)])])

    response = login(vendor).post(url("proposal-create", project_pk=project.pk), data)

    assert response.status_code == 302
    saved = Proposal.objects.get().milestones.get().items.get()
    assert (saved.description, saved.quantity) == ("Plumbing (per hour)", 3)
    assert (saved.unit_price, saved.tax_rate) == (Decimal("45.00"), Decimal("0.2"))
    assert saved.tax == Decimal("27.00")  # 3 x £9.00


def test_item_filled_from_a_rate_stays_editable(login, vendor, project, rate):
    row = item("My own words", "2", "40.00", "0", rate=str(rate.pk))
    data = proposal_form_data([milestone(items=[row])])

    login(vendor).post(url("proposal-create", project_pk=project.pk), data)

    saved = Proposal.objects.get().milestones.get().items.get()
    assert (saved.description, saved.unit_price, saved.tax_rate) == (
        "My own words",
        Decimal("40.00"),
        Decimal("0"),
    )


def test_proposal_form_offers_the_vendors_rates_with_their_figures(
    login, vendor, other_vendor, project, rate
):
    make_rate(other_vendor, "Rival tiling")

    html = login(vendor).get(url("proposal-create", project_pk=project.pk)).text

    assert f'value="{rate.pk}"' in html
    assert 'data-unit-price="45.00"' in html and 'data-tax-rate="20.00"' in html
    assert "Rival tiling" not in html


def test_other_vendors_rate_cannot_fill_an_item(login, vendor, other_vendor, project):
    theirs = make_rate(other_vendor, "Rival tiling", "1.00")
    data = proposal_form_data([milestone(items=[rate_row(theirs)])])

    response = login(vendor).post(url("proposal-create", project_pk=project.pk), data)

    assert response.status_code == 200
    assert not Proposal.objects.exists()
    assert "Rival tiling" not in response.text


def test_rate_in_another_currency_is_not_offered(login, vendor, customer):
    make_rate(vendor, "Plumbing")
    project = factories.make_project(customer, currency="EUR")

    html = login(vendor).get(url("proposal-create", project_pk=project.pk)).text

    assert "Plumbing" not in html
