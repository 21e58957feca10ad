"""Every list endpoint of the API runs as many queries for 1 row as for 50,
as every page of the package does (tests/performance)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from tests import factories
from tests.checkout import pay_milestone

ProjectType = get_model("bidding", "ProjectType")
ProjectQuestion = get_model("bidding", "ProjectQuestion")
ConversationService = get_class("bidding.services.conversations", "ConversationService")


def text_file(name):
    return SimpleUploadedFile(name, b"spec", content_type="text/plain")


def projects(n, customer, vendor):
    """``n`` projects of a type, each with an attachment, an answer, a
    terms file."""
    project_type = ProjectType.objects.create(name=f"Type {n}")
    question = ProjectQuestion.objects.create(project_type=project_type, label="Q")
    for i in range(n):
        factories.make_project(
            customer,
            title=f"P{i}",
            attachments=[text_file(f"s{i}.txt")],
            project_type=project_type,
            answers=[{"question": question, "value": "A", "file": None}],
            terms_file=text_file(f"t{i}.txt"),
        )
    return customer


def offered(customer, vendor):
    """``vendor`` offers the type of ``customer``'s projects, so may read them."""
    ProjectType.objects.filter(
        projects__customer=customer
    ).distinct().get().partners.add(vendor.partners.get())
    return vendor


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


def conversation(n, customer, vendor):
    """A proposal's conversation of ``n`` messages, each with a file."""
    proposal = factories.make_proposal(factories.make_project(customer), vendor)
    service = ConversationService()
    for i in range(n):
        service.post_about(
            proposal.project,
            proposal.partner,
            vendor,
            "vendor",
            f"Message {i}",
            files=[text_file(f"m{i}.txt")],
        )
    return proposal


def proposal_messages(n, customer, vendor):
    proposal = conversation(n, customer, vendor)
    return customer, reverse("bidding-api-proposals-messages", args=[proposal.pk])


def project_messages(n, customer, vendor):
    """``n`` vendors' questions about one project."""
    project = factories.make_project(customer)
    service = ConversationService()
    for i in range(n):
        asking = factories.make_vendor(f"asks{i}-{n}@example.com", f"Asks {i}")
        service.post_about(project, asking.partners.get(), asking, "vendor", f"Q{i}?")
    return customer, reverse("bidding-api-projects-messages", args=[project.pk])


def question_messages(n, customer, vendor):
    project = factories.make_project(customer)
    service = ConversationService()
    for i in range(n):
        service.post_about(project, vendor.partners.get(), vendor, "vendor", f"Q{i}?")
    return vendor, reverse("bidding-api-open-projects-messages", args=[project.pk])


def message_files(n, customer, vendor):
    conversation(n, customer, vendor)
    return customer


def revisions(n, customer, vendor):
    """``n`` proposals of one revision each, the last one of two."""
    for i in range(n):
        proposal = factories.make_proposal(
            factories.make_project(customer, title=f"P{i}"), vendor
        )
    specs = factories.milestone_specs(milestones=1)
    factories.ProposalService().update(proposal, specs, user=vendor)
    return customer


def project_types(n, customer, vendor):
    """A tree of ``n`` types, each the child of the one before, asking a
    question each."""
    parent = None
    for i in range(n):
        parent = ProjectType.objects.create(name=f"T{n}-{i}", parent=parent)
        ProjectQuestion.objects.create(project_type=parent, label=f"Q{i}")
    return customer


ENDPOINTS = {
    "bidding-api-projects-list": projects,
    "bidding-api-open-projects-list": lambda n, c, v: offered(projects(n, c, v), v),
    "bidding-api-proposals-list": proposals,
    "bidding-api-milestones-list": paid,
    "bidding-api-payments-list": paid,
    "bidding-api-invoices-list": paid,
    "bidding-api-timeline-list": paid,
    "bidding-api-proposals-messages": proposal_messages,
    "bidding-api-projects-messages": project_messages,
    "bidding-api-open-projects-messages": question_messages,
    "bidding-api-message-files-list": message_files,
    "bidding-api-revisions-list": revisions,
    "bidding-api-project-types-list": project_types,
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
        built = build(*args)
        user, url = built if isinstance(built, tuple) else (built, reverse(name))
        results.append(count(api, user, url))

    (one, rows_one), (fifty, rows_fifty) = results
    assert rows_one < rows_fifty
    assert one == fifty
