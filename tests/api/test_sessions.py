"""The API's sessions are django-oscar-api's: cookies with the CSRF token, or,
with its ``HeaderSessionMiddleware`` (docs/api.rst), the ``Session-Id`` header
a client got from ``/api/login/``, without cookies nor CSRF token."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

pytest.importorskip("oscarapi")

SESSION = "SID:ANON:testserver:f1d2d2f924e986ac86fdf7b36c94bcdf32beec15"


@pytest.fixture
def header_sessions(settings):
    session = "django.contrib.sessions.middleware.SessionMiddleware"
    settings.MIDDLEWARE = [
        "oscarapi.middleware.HeaderSessionMiddleware" if m == session else m
        for m in settings.MIDDLEWARE
    ]


def test_a_header_session_from_oscarapis_login_works_here(
    header_sessions, customer, accepted
):
    client = Client(enforce_csrf_checks=True)
    login = client.post(
        reverse("api-login"),
        {"username": customer.username, "password": PASSWORD},
        content_type="application/json",
        HTTP_SESSION_ID=SESSION,
    )
    assert login.status_code == 200, login.content
    session = login["Session-Id"]  # the authenticated one: "SID:AUTH:…"
    assert session.startswith("SID:AUTH:testserver:")
    client.cookies.clear()
    milestone = accepted.milestones.get(number=1)

    listing = client.get(reverse("bidding-api-projects-list"), HTTP_SESSION_ID=session)
    pay = client.post(
        reverse("bidding-api-milestones-pay", kwargs={"pk": milestone.pk}),
        HTTP_SESSION_ID=session,
    )

    assert listing.status_code == 200
    assert listing.json()["count"] == 1
    assert pay.status_code == 200, pay.content
    basket = client.get(reverse("api-basket"), HTTP_SESSION_ID=session).json()
    assert basket["id"] == pay.json()["basket"]


def test_a_cookie_session_needs_the_csrf_token(customer, project):
    client = Client(enforce_csrf_checks=True)
    client.force_login(customer)

    response = client.post(
        reverse("bidding-api-projects-cancel", kwargs={"pk": project.pk})
    )

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
