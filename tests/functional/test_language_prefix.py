"""The package's pages follow the shop's ``i18n_patterns``, as Oscar's do: the
sandbox prefixes every language but the default one."""

from django.urls import reverse
from django.utils import translation


def test_the_default_language_has_no_prefix():
    assert reverse("bidding:project-list") == "/projects/"


def test_a_language_prefix_reaches_the_customers_projects_in_that_language(
    client, customer, project
):
    client.force_login(customer)
    with translation.override("de"):  # and back to the default afterwards
        url = reverse("bidding:project-detail", kwargs={"pk": project.pk})
        response = client.get(url)

    assert url == f"/de/projects/{project.pk}/"
    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    assert project.title in response.text


def test_a_language_prefix_reaches_the_vendors_dashboard(client, vendor):
    client.force_login(vendor)
    with translation.override("fr"):
        url = reverse("bidding_dashboard:proposal-list")
        response = client.get(url)

    assert url == "/fr/dashboard/bidding/proposals/"
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
