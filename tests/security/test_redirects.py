"""No open redirect: no request sends the visitor to another site, whatever it
carries in ``next``, in the form or in the ``Referer`` header.

Our views redirect to fixed places; Oscar's basket views, which we fork, go
back to the referring page or to a posted ``next`` once checked, and its login
page, where our views send anonymous visitors, to ``next``. Every URL of the
package and of the forks is visited, GET and POST, with every kind of hostile
address.
"""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from tests import factories
from tests.security import (
    CSRF_SECRET,
    VISITS,
    World,
    arrive,
    milestone_in_basket,
)

#: Another site, absolute, scheme-relative and as browsers read a backslash.
HOSTILE = ["https://evil.example/", "//evil.example", "/\\evil.example"]

POSTS = sorted(name for name, visit in VISITS.items() if visit.data is not None)
#: The basket views whose lock refusals are ours.
BASKET_POSTS = [name for name in POSTS if name.startswith("basket:")]


@pytest.fixture
def world(customer, vendor, staff):
    return World(customer, vendor, staff)


@pytest.fixture
def browser():
    client = Client()
    client.cookies["csrftoken"] = CSRF_SECRET
    return client


def with_next(url, target):
    return f"{url}{'&' if '?' in url else '?'}{urlencode({'next': target})}"


def assert_stays_on_site(response):
    if 300 <= response.status_code < 400:
        location = response["Location"]
        assert url_has_allowed_host_and_scheme(location, {"testserver"}), location


def each_hostile_address(request):
    """Send ``request(address)`` for every hostile address, each from the same
    state: every request's changes are rolled back."""
    for address in HOSTILE:
        with transaction.atomic():
            assert_stays_on_site(request(address))
            transaction.set_rollback(True)


@pytest.mark.parametrize("name", sorted(VISITS))
def test_get_never_redirects_off_site(browser, world, name):
    url, _data = arrive(browser, world, name)

    each_hostile_address(
        lambda address: browser.get(with_next(url, address), HTTP_REFERER=address)
    )


@pytest.mark.parametrize("name", POSTS)
def test_post_never_redirects_off_site(browser, world, name):
    url, data = arrive(browser, world, name)

    each_hostile_address(
        lambda address: browser.post(
            with_next(url, address),
            {**data, "next": address, "csrfmiddlewaretoken": CSRF_SECRET},
            HTTP_REFERER=address,
        )
    )


@pytest.mark.parametrize("name", BASKET_POSTS)
def test_locked_basket_refusal_never_redirects_off_site(browser, world, name):
    url, data = arrive(browser, world, name)
    milestone_in_basket(world, browser)  # Pay: the basket now pays a milestone

    each_hostile_address(
        lambda address: browser.post(
            with_next(url, address),
            {**data, "next": address, "csrfmiddlewaretoken": CSRF_SECRET},
            HTTP_REFERER=address,
        )
    )


def test_login_from_a_bidding_page_never_redirects_off_site(browser, customer):
    response = browser.get(reverse("bidding:project-list"))
    login_url = response["Location"]
    assert login_url.startswith(settings.LOGIN_URL)

    each_hostile_address(
        lambda address: browser.post(
            with_next(login_url, address),
            {
                "login-username": customer.email,
                "login-password": factories.PASSWORD,
                "login-redirect_url": address,
                "login_submit": "1",
                "csrfmiddlewaretoken": CSRF_SECRET,
            },
            HTTP_REFERER=address,
        )
    )
