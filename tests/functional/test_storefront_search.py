"""Oscar's storefront search (``search:search``) shows nothing of any project:
projects live in their own search connection, never in the products' index."""

from decimal import Decimal

import pytest
from django.urls import reverse
from haystack import connections
from haystack.query import SearchQuerySet
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from tests import factories

Project = get_model("bidding", "Project")


@pytest.fixture
def search_indexes():
    """Every connection empty; what is saved afterwards is indexed as it is saved."""
    for alias in connections.connections_info:
        connections[alias].get_backend().clear()


@pytest.fixture
def projects_of_every_kind(customer, vendor, other_vendor):
    """An open project, an awarded one and a completed one, all about lattices."""
    words = "Cedar pergola with a lattice roof."
    factories.make_project(customer, title="Pergola", description=words)
    awarded = factories.make_project(customer, title="Gazebo", description=words)
    factories.ProposalService().accept(factories.make_proposal(awarded, vendor))
    completed = factories.make_project(customer, title="Arbour", description=words)
    done = factories.ProposalService().accept(
        factories.make_proposal(completed, other_vendor)
    )
    done.milestones.update(status="completed")  # nothing outstanding
    factories.ProjectService().complete(completed)


def search(client, query):
    return client.get(reverse("search:search"), {"q": query})


def test_storefront_search_suggests_no_word_of_any_project(
    client, search_indexes, projects_of_every_kind
):
    create_product(title="Cedar table", price=Decimal("120.00"), num_in_stock=3)

    response = search(client, "latice")

    assert not response.context.get("suggestion")
    assert "lattice" not in response.text
    assert list(response.context["page_obj"]) == []


def test_projects_change_no_product_search_result_or_facet(
    client, search_indexes, customer
):
    table = create_product(title="Cedar table", price=Decimal("120.00"), num_in_stock=3)

    def seen():
        context = search(client, "cedar").context
        results = [result.object for result in context["page_obj"]]
        # What any other storefront query (autocomplete, a shop's own) reads.
        return results, context["facet_data"], SearchQuerySet().count()

    before = seen()
    factories.make_project(customer, title="Cedar deck", description="Cedar.")

    assert seen() == before
    assert before[0] == [table]
