"""Every list endpoint of the API runs as many queries for 1 row as for 50,
as every page of the package does (tests/performance)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.checkout import pay_milestone


def projects(n, customer, vendor):
    for i in range(n):
        spec = SimpleUploadedFile(f"s{i}.txt", b"spec", content_type="text/plain")
        factories.make_project(customer, title=f"P{i}", attachments=[spec])
    return customer


def proposals(n, customer, vendor):
    for i in range(n):
        factories.make_proposal(factories.make_project(customer, title=f"P{i}"), vendor)
    return vendor


def paid(n, customer, vendor, settings):
    """A proposal of ``n`` milestones, each paid (a payment, an invoice, and
    timeline rows each)."""
    settings.OSCAR_BIDDING_MILESTONE_READINESS = "all"
    proposal = factories.ProposalService().accept(
        factories.make_proposal(
            factories.make_project(customer), vendor, milestones=n, items=2
        )
    )
    for milestone in proposal.milestones.order_by("number"):
        pay_milestone(milestone, customer)
    return customer


ENDPOINTS = {
    "bidding-api-projects-list": projects,
    "bidding-api-open-projects-list": lambda n, c, v: projects(n, c, v) and v,
    "bidding-api-proposals-list": proposals,
    "bidding-api-milestones-list": paid,
    "bidding-api-payments-list": paid,
    "bidding-api-invoices-list": paid,
    "bidding-api-timeline-list": paid,
}


def count(api, user, url):
    api.force_authenticate(user)
    api.get(url)  # warm: content types, the session…
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url, {"page_size": 100})
    assert response.status_code == 200
    return len(queries), response.json()["count"]


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_list_runs_the_same_queries_for_1_or_50_rows(api, settings, name):
    build = ENDPOINTS[name]
    results = []
    for n in (1, 50):
        customer = factories.make_user(f"c{n}@example.com")
        vendor = factories.make_vendor(f"v{n}@example.com")
        args = (
            (n, customer, vendor, settings) if build is paid else (n, customer, vendor)
        )
        user = build(*args)
        results.append(count(api, user, reverse(name)))

    (one, rows_one), (fifty, rows_fifty) = results
    assert rows_one < rows_fifty
    assert one == fifty
