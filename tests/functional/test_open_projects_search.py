"""Open Projects search: the search engine and the database both give a vendor
exactly the open projects it may bid on (its types, its invitations), one
page of hits at a time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from tests import factories

Invitation = get_model("bidding", "Invitation")
Project = get_model("bidding", "Project")
ProjectType = get_model("bidding", "ProjectType")
InvitationService = get_class("bidding.services.invitations", "InvitationService")
search_projects = get_class("bidding.project_search", "search_projects")

URL = reverse("bidding_dashboard:project-list")


@pytest.fixture
def types(vendor, other_vendor):
    """Building (offered by both vendors) with Kitchens below it, and Gardens
    (offered by nobody)."""
    building = ProjectType.objects.create(name="Building")
    kitchens = ProjectType.objects.create(name="Kitchens", parent=building)
    gardens = ProjectType.objects.create(name="Gardens")
    building.partners.add(vendor.partners.get(), other_vendor.partners.get())
    return building, kitchens, gardens


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """Invite a vendor as the customer does: ``vendors_invited`` is sent
    after the commit."""

    def _invite(project, vendor):
        with django_capture_on_commit_callbacks(execute=True):
            InvitationService().invite(
                project, [vendor.partners.get()], project.customer
            )

    return _invite


def search(client, query, **params):
    response = client.get(URL, {"q": query, **params})
    assert response.status_code == 200
    return response


def test_search_finds_only_the_projects_the_vendor_may_bid_on(
    login, vendor, other_vendor, customer, types, search_index, invite
):
    building, kitchens, gardens = types
    untyped = factories.make_project(customer, title="Oak shelves")
    below_offered = factories.make_project(
        customer, title="Oak kitchen", project_type=kitchens
    )
    factories.make_project(customer, title="Oak pergola", project_type=gardens)
    invited = factories.make_project(
        customer, title="Oak doors", project_type=building, invite_only=True
    )
    invite(invited, vendor)
    others = factories.make_project(
        customer, title="Oak floor", project_type=building, invite_only=True
    )
    invite(others, other_vendor)

    response = search(login(vendor), "oak")

    assert set(response.context["projects"]) == {untyped, below_offered, invited}
    assert response.context["paginator"].count == 3


def test_search_engine_filters_as_the_database_does(
    vendor, other_vendor, customer, types, search_index, invite
):
    building, _kitchens, gardens = types
    factories.make_project(customer, title="Teak", project_type=gardens)
    hidden = factories.make_project(
        customer, title="Teak", project_type=building, invite_only=True
    )
    invite(hidden, other_vendor)
    shown = factories.make_project(customer, title="Teak", project_type=building)

    hits = search_projects(vendor, "teak")

    assert [int(hit.pk) for hit in hits] == [shown.pk]


def test_invited_vendor_finds_an_invite_only_project_once_invited(
    login, vendor, customer, types, search_index, invite
):
    building, _kitchens, _gardens = types
    project = factories.make_project(
        customer, title="Larch cladding", project_type=building, invite_only=True
    )
    client = login(vendor)
    assert list(search(client, "larch").context["projects"]) == []

    invite(project, vendor)

    assert list(search(client, "larch").context["projects"]) == [project]


def test_staff_find_every_open_project(login, staff, customer, types, search_index):
    _building, _kitchens, gardens = types
    typed = factories.make_project(customer, title="Elm", project_type=gardens)
    invite_only = factories.make_project(customer, title="Elm", invite_only=True)

    response = search(login(staff), "elm")

    assert set(response.context["projects"]) == {typed, invite_only}


def test_search_reads_one_page_of_hits_at_a_time(
    login, vendor, customer, settings, search_index
):
    settings.OSCAR_BIDDING_DASHBOARD_ITEMS_PER_PAGE = 2
    projects = [factories.make_project(customer, title="Walnut") for _ in range(5)]
    client = login(vendor)

    pages = [search(client, "walnut", page=page) for page in (1, 2, 3)]

    shown = [list(page.context["projects"]) for page in pages]
    assert [len(rows) for rows in shown] == [2, 2, 1]
    assert sorted(p.pk for rows in shown for p in rows) == [p.pk for p in projects]
    assert {page.context["paginator"].count for page in pages} == {5}


def test_search_shows_the_hits_in_the_search_engines_order(
    login, vendor, customer, search_index
):
    weak = factories.make_project(
        customer, title="Shed", description="A shed with a beech door."
    )
    strong = factories.make_project(
        customer, title="Beech beech", description="Beech floor, beech stairs."
    )

    response = search(login(vendor), "beech")

    assert list(response.context["projects"]) == [strong, weak]


def test_search_page_runs_the_same_queries_for_1_or_many_hits(
    login, vendor, customer, types, settings, search_index, invite
):
    settings.OSCAR_BIDDING_DASHBOARD_ITEMS_PER_PAGE = 5
    building, _kitchens, _gardens = types
    client = login(vendor)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            search(client, "maple")
        return len(captured)

    factories.make_project(customer, title="Maple", project_type=building)
    one = queries()
    for number in range(12):
        project = factories.make_project(
            customer, title="Maple", project_type=building, invite_only=number % 2
        )
        invite(project, vendor)
    many = queries()

    assert many == one
