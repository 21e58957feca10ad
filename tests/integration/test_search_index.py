"""What is indexed where: products in Oscar's connection, open projects in their own."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from haystack import connections
from haystack.query import SearchQuerySet
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_product

from oscar_bidding.checks.search import check_search_connection, check_search_router
from oscar_bidding.tasks import close_expired
from tests import factories

Project = get_model("bidding", "Project")
ProjectType = get_model("bidding", "ProjectType")
InvitationService = get_class("bidding.services.invitations", "InvitationService")
Product = get_model("catalogue", "Product")


@pytest.fixture
def search_indexes():
    for alias in connections.connections_info:
        connections[alias].get_backend().clear()


def indexed(alias, model):
    return sorted(int(hit.pk) for hit in SearchQuerySet(using=alias).models(model))


def test_projects_connection_holds_only_open_projects_as_they_change(
    search_indexes, customer, vendor
):
    open_project = factories.make_project(customer, title="Open")
    awarded = factories.make_project(customer, title="Awarded")
    cancelled = factories.make_project(customer, title="Cancelled")
    assert indexed("bidding", Project) == [open_project.pk, awarded.pk, cancelled.pk]

    factories.ProposalService().accept(factories.make_proposal(awarded, vendor))
    factories.ProjectService().cancel(cancelled)

    assert indexed("bidding", Project) == [open_project.pk]
    assert indexed("default", Project) == []


def test_rebuild_index_builds_products_and_open_projects_each_in_its_connection(
    search_indexes, customer
):
    open_project = factories.make_project(customer, title="Open")
    factories.ProjectService().cancel(factories.make_project(customer, title="Gone"))
    product = create_product(title="Oak table", price=Decimal("10.00"))
    for alias in connections.connections_info:
        connections[alias].get_backend().clear()

    call_command("rebuild_index", interactive=False, verbosity=0)

    assert indexed("default", Product) == [product.pk]
    assert indexed("default", Project) == []
    assert indexed("bidding", Project) == [open_project.pk]
    assert indexed("bidding", Product) == []


def test_the_shop_settings_pass_the_search_checks():
    assert check_search_connection(None) + check_search_router(None) == []


def test_check_refuses_projects_in_the_storefront_search_connection(settings):
    settings.OSCAR_BIDDING_SEARCH_CONNECTION = "default"

    (error,) = check_search_connection(None)

    assert error.id == "oscar_bidding.E101"


def test_check_requires_the_projects_search_connection(settings):
    settings.HAYSTACK_CONNECTIONS = {
        "default": settings.HAYSTACK_CONNECTIONS["default"]
    }

    (error,) = check_search_connection(None)

    assert error.id == "oscar_bidding.E102"


def test_check_warns_when_the_projects_connection_excludes_projects(settings):
    connections = settings.HAYSTACK_CONNECTIONS
    settings.HAYSTACK_CONNECTIONS = {
        **connections,
        "bidding": {
            **connections["bidding"],
            "EXCLUDED_INDEXES": ["oscar_bidding.search_indexes.ProjectIndex"],
        },
    }

    (warning,) = check_search_connection(None)

    assert warning.id == "oscar_bidding.W006"


def test_check_warns_when_projects_are_not_routed_to_their_connection(settings):
    settings.HAYSTACK_ROUTERS = ["haystack.routers.DefaultRouter"]

    (warning,) = check_search_router(None)

    assert warning.id == "oscar_bidding.W101"


def indexed_project(pk):
    (hit,) = SearchQuerySet(using="bidding").models(Project).filter(django_id=pk)
    return hit


def test_closing_expired_projects_takes_them_out_of_the_index(search_indexes, customer):
    expired = factories.make_project(customer, title="Expired")
    still_open = factories.make_project(customer, title="Still open")
    Project.objects.filter(pk=expired.pk).update(
        bidding_deadline=timezone.localdate() - datetime.timedelta(days=1)
    )

    assert close_expired() == 1

    assert indexed("bidding", Project) == [still_open.pk]


def test_index_holds_the_type_the_audience_and_the_invited_vendors(
    search_indexes, customer, vendor, other_vendor
):
    building = ProjectType.objects.create(name="Building")
    building.partners.add(vendor.partners.get(), other_vendor.partners.get())
    untyped = factories.make_project(customer, title="Untyped")
    project = factories.make_project(
        customer, title="Typed", project_type=building, invite_only=True
    )

    assert indexed_project(untyped.pk).project_type == 0
    hit = indexed_project(project.pk)
    assert (hit.project_type, hit.invite_only, hit.invited) == (
        building.pk,
        True,
        [],
    )


def test_inviting_vendors_indexes_the_project_again(
    search_indexes, customer, vendor, other_vendor, django_capture_on_commit_callbacks
):
    building = ProjectType.objects.create(name="Building")
    building.partners.add(vendor.partners.get(), other_vendor.partners.get())
    project = factories.make_project(
        customer, title="Invite-only", project_type=building, invite_only=True
    )
    partners = [vendor.partners.get(), other_vendor.partners.get()]

    with django_capture_on_commit_callbacks(execute=True):
        InvitationService().invite(project, partners, customer)

    invited = indexed_project(project.pk).invited
    assert sorted(int(pk) for pk in invited) == sorted(p.pk for p in partners)


def test_editing_a_project_indexes_its_new_type(search_indexes, customer):
    building = ProjectType.objects.create(name="Building")
    project = factories.make_project(customer, title="Retyped")

    factories.ProjectService().update(project, project_type=building)

    assert indexed_project(project.pk).project_type == building.pk
