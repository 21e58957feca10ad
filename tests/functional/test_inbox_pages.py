"""The inbox as people see it: the account's Notifications page (Oscar's), the
unread count in the storefront's and the dashboard's header, and "Post a
project" in the storefront's header."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_class, get_model

Notification = get_model("communication", "Notification")
Notifier = get_class("bidding.notifications", "Notifier")

POST_PROJECT = f'href="{reverse("bidding:project-create")}"'


@pytest.fixture
def notified(proposal):
    """The customer's notification of the new proposal."""
    return Notification.objects.get(recipient=proposal.project.customer)


def unread_badge(count):
    return f'<span class="badge badge-warning">{count}</span>'


def test_the_notifications_page_lists_a_new_proposal_with_its_link(
    login, customer, proposal, notified
):
    response = login(customer).get(reverse("customer:notifications-inbox"))

    assert response.status_code == 200
    assert list(response.context["notifications"]) == [notified]
    html = response.content.decode()
    assert f'<a href="{proposal.get_absolute_url()}">' in html
    assert "New proposal from Vendor One" in html
    assert unread_badge(1) in html
    assert response.context["num_unread_notifications"] == 1


def test_the_notifications_link_leads_to_proposal_details(
    login, customer, proposal, notified
):
    client = login(customer)
    response = client.get(reverse("customer:notifications-detail", args=[notified.pk]))
    assert f'href="{proposal.get_absolute_url()}"' in response.content.decode()

    assert client.get(proposal.get_absolute_url()).status_code == 200


def test_reading_a_notification_marks_it_read_and_clears_the_count(
    login, customer, notified
):
    client = login(customer)
    client.get(reverse("customer:notifications-detail", args=[notified.pk]))

    notified.refresh_from_db()
    assert notified.is_read
    response = client.get(reverse("customer:notifications-inbox"))
    assert response.context["num_unread_notifications"] == 0
    assert unread_badge(1) not in response.content.decode()


def test_another_users_notification_is_a_404(login, other_customer, notified):
    response = login(other_customer).get(
        reverse("customer:notifications-detail", args=[notified.pk])
    )
    assert response.status_code == 404
    notified.refresh_from_db()
    assert not notified.is_read


def test_the_vendors_dashboard_header_shows_the_unread_count(
    login, vendor, proposal, customer
):
    Notifier().inbox_changes_requested(proposal, sender=customer, note="Cheaper.")
    client = login(vendor)

    response = client.get(reverse("bidding_dashboard:proposal-list"))

    html = response.content.decode()
    assert 'id="dashboard_notifications_link"' in html
    assert f'href="{reverse("customer:notifications-inbox")}"' in html
    assert unread_badge(1) in html

    inbox = client.get(reverse("customer:notifications-inbox"))
    link = f'<a href="{proposal.get_dashboard_url()}">'
    assert link in inbox.content.decode()
    assert client.get(proposal.get_dashboard_url()).status_code == 200


def test_the_dashboard_header_shows_no_count_when_all_is_read(login, staff):
    response = login(staff).get(reverse("dashboard:index"))

    html = response.content.decode()
    assert 'id="dashboard_notifications_link"' in html
    assert "badge-warning" not in html


# Post a project ---------------------------------------------------------------


def test_an_anonymous_visitor_finds_post_a_project_on_the_home_page(client):
    response = client.get("/", follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert POST_PROJECT in html
    assert "Post a project" in html

    form = client.get(reverse("bidding:project-create"))
    assert form.status_code == 302
    assert form["Location"] == (
        f"{reverse('customer:login')}?next={reverse('bidding:project-create')}"
    )


def test_a_customer_follows_post_a_project_from_the_header_to_the_form(login, customer):
    client = login(customer)
    home = client.get("/", follow=True)
    assert POST_PROJECT in home.content.decode()

    form = client.get(reverse("bidding:project-create"))
    assert form.status_code == 200
    assert "form" in form.context


def test_post_a_project_is_in_the_header_of_other_storefront_pages(client):
    for url in [reverse("basket:summary"), reverse("catalogue:index")]:
        assert POST_PROJECT in client.get(url).content.decode()


def test_a_shop_removes_post_a_project_from_the_header_with_one_block(
    client, settings, tmp_path
):
    """What docs/customisation.rst tells a shop to write."""
    (tmp_path / "oscar" / "partials").mkdir(parents=True)
    (tmp_path / "oscar" / "partials" / "nav_primary.html").write_text(
        '{% extends "oscar/partials/nav_primary.html" %}'
        "{% block bidding_nav_post_project %}{% endblock %}"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]

    html = client.get(reverse("catalogue:index")).content.decode()

    assert POST_PROJECT not in html
    assert reverse("catalogue:index") in html  # Oscar's own items stay
