"""What is indexed where: products in Oscar's connection, open projects in their own."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from haystack import connections
from haystack.query import SearchQuerySet
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from oscar_bidding.checks.search import check_search_connection, check_search_router
from tests import factories

Project = get_model("bidding", "Project")
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
