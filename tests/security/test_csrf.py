"""Every view that takes a POST refuses one without the CSRF token, and changes
nothing: another site cannot make a logged-in customer or vendor act.

The views come from the URL resolver; a POST with the token proves each
refusal is the CSRF check's and not the view's own.
"""

import pytest
from django.test import Client

from tests.security import (
    CSRF_SECRET,
    VISITS,
    World,
    arrive,
    package_urls,
    snapshot,
    takes_post,
)

POSTS = sorted(name for name, visit in VISITS.items() if visit.data is not None)


@pytest.fixture
def world(customer, vendor, staff):
    return World(customer, vendor, staff)


@pytest.fixture
def browser():
    """A browser holding the site's CSRF cookie, as any visitor's does."""
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = CSRF_SECRET
    return client


def is_csrf_refusal(response):
    return response.status_code == 403 and b"CSRF verification failed" in (
        response.content
    )


def test_every_url_of_the_package_and_its_forks_is_listed():
    assert set(package_urls()) == set(VISITS)


def test_every_view_that_takes_a_post_has_its_post_listed():
    assert {name for name, view in package_urls().items() if takes_post(view)} == set(
        POSTS
    )


@pytest.mark.parametrize("name", POSTS)
def test_post_without_csrf_token_is_refused_and_changes_nothing(browser, world, name):
    url, data = arrive(browser, world, name)
    before = snapshot()

    response = browser.post(url, data)

    assert is_csrf_refusal(response), response.status_code
    assert snapshot() == before


@pytest.mark.parametrize("name", POSTS)
def test_post_with_csrf_token_is_let_through(browser, world, name):
    url, data = arrive(browser, world, name)
    before = snapshot()

    response = browser.post(url, {**data, "csrfmiddlewaretoken": CSRF_SECRET})

    assert not is_csrf_refusal(response)
    if VISITS[name].changes:
        assert snapshot() != before
