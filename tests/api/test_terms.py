"""Terms and conditions through the API: a project's terms (text and file) as
its customer sets them and vendors read them, a proposal submitted with the
terms accepted (``accept_terms``) as the dashboard does, and the terms a
proposal accepted."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from oscar_bidding.terms import terms_hash
from tests import factories

Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")

SHOP_TERMS = "Payment is due within 30 days of each milestone."
IN_A_MONTH = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()


def text_file(name="terms.txt", content=b"No work on Sundays."):
    return SimpleUploadedFile(name, content, content_type="text/plain")


def url(name, obj):
    return reverse(name, kwargs={"pk": obj.pk})


def content(response):
    return b"".join(response.streaming_content)


@pytest.fixture
def shop_terms(settings):
    settings.OSCAR_BIDDING_TERMS = SHOP_TERMS
    return SHOP_TERMS


@pytest.fixture
def termed_project(customer):
    return factories.make_project(
        customer, terms="No work on Sundays.", terms_file=text_file()
    )


def milestones():
    return [
        {
            "title": "Shed",
            "due_date": IN_A_MONTH,
            "items": [{"description": "Shed", "quantity": 1, "unit_price": "900"}],
        }
    ]


# The project's terms ---------------------------------------------------------------


def test_customer_posts_a_project_with_terms_text_and_file(api, customer):
    api.force_authenticate(customer)

    response = api.post(
        reverse("bidding-api-projects-list"),
        {
            "title": "Garden shed",
            "description": "A timber shed.",
            "bidding_deadline": IN_A_MONTH,
            "terms": "No work on Sundays.",
            "terms_file": text_file(),
        },
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    project = Project.objects.get()
    assert project.terms == "No work on Sundays."
    assert project.terms_file_name == "terms.txt"
    assert response.json()["terms"] == "No work on Sundays."
    assert response.json()["terms_file"]["name"] == "terms.txt"
    download = api.get(response.json()["terms_file"]["download_url"])
    assert content(download) == b"No work on Sundays."


def test_a_disguised_terms_file_is_refused_and_nothing_is_saved(api, customer):
    api.force_authenticate(customer)
    fake = SimpleUploadedFile("t.pdf", b"not a pdf", content_type="application/pdf")

    response = api.post(
        reverse("bidding-api-projects-list"),
        {
            "title": "Garden shed",
            "description": "A timber shed.",
            "bidding_deadline": IN_A_MONTH,
            "terms_file": fake,
        },
        format="multipart",
    )

    assert response.status_code == 400
    assert "terms_file" in response.json()
    assert not Project.objects.exists()


def test_customer_removes_the_terms_file_in_an_edit(api, customer, termed_project):
    api.force_authenticate(customer)

    response = api.patch(
        url("bidding-api-projects-detail", termed_project),
        {"remove_terms_file": True},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["terms_file"] is None
    assert response.json()["terms"] == "No work on Sundays."
    assert not Project.objects.get().terms_file


def test_vendors_read_the_terms_to_accept(api, vendor, termed_project, shop_terms):
    api.force_authenticate(vendor)

    terms = api.get(url("bidding-api-open-projects-terms", termed_project)).json()

    assert terms["exist"] is True
    assert terms["shop"] == {"title": "", "url": "", "text": SHOP_TERMS}
    assert terms["text"] == "No work on Sundays."
    assert terms["file"]["name"] == "terms.txt"
    assert terms["file"]["download_url"].endswith(
        url("bidding-api-open-projects-terms-file", termed_project)
    )
    download = api.get(terms["file"]["download_url"])
    assert download["Content-Disposition"].startswith("attachment")
    assert content(download) == b"No work on Sundays."


def test_a_project_without_terms_has_nothing_to_accept(api, customer, project):
    api.force_authenticate(customer)

    terms = api.get(url("bidding-api-projects-terms", project)).json()

    assert terms == {"exist": False, "shop": None, "text": "", "file": None}
    assert api.get(url("bidding-api-projects-terms-file", project)).status_code == 404


def test_other_customers_read_no_terms(api, other_customer, termed_project):
    api.force_authenticate(other_customer)

    assert api.get(url("bidding-api-projects-terms", termed_project)).status_code == 404
    assert (
        api.get(url("bidding-api-projects-terms-file", termed_project)).status_code
        == 404
    )


# Accepting them ----------------------------------------------------------------------


def test_submitting_without_accepting_the_terms_is_refused(
    api, vendor, project, shop_terms
):
    draft = factories.make_proposal(project, vendor, submit=False)
    api.force_authenticate(vendor)

    response = api.post(url("bidding-api-proposals-submit", draft), format="json")

    assert response.status_code == 409
    assert "accept the project's terms" in response.json()["detail"]
    draft.refresh_from_db()
    assert draft.status == Proposal.DRAFT
    assert draft.accepted_terms is None


def test_submitting_with_the_terms_accepted_records_them(
    api, vendor, termed_project, shop_terms
):
    draft = factories.make_proposal(termed_project, vendor, submit=False)
    api.force_authenticate(vendor)

    response = api.post(
        url("bidding-api-proposals-submit", draft),
        {"accept_terms": True},
        format="json",
    )

    assert response.status_code == 200, response.json()
    proposal = Proposal.objects.get(pk=draft.pk)
    assert proposal.status == Proposal.SUBMITTED
    assert proposal.terms_accepted_by == vendor
    assert proposal.terms_hash == terms_hash(proposal.accepted_terms)


def test_accept_terms_false_as_a_string_is_not_an_acceptance(
    api, vendor, project, shop_terms
):
    draft = factories.make_proposal(project, vendor, submit=False)
    api.force_authenticate(vendor)

    response = api.post(
        url("bidding-api-proposals-submit", draft), {"accept_terms": "false"}
    )

    assert response.status_code == 409
    assert Proposal.objects.get(pk=draft.pk).status == Proposal.DRAFT


def test_a_proposal_created_and_submitted_accepts_the_terms(
    api, vendor, project, shop_terms
):
    api.force_authenticate(vendor)
    data = {"project": project.pk, "submit": True, "milestones": milestones()}

    refused = api.post(reverse("bidding-api-proposals-list"), data, format="json")
    assert refused.status_code == 409
    assert not Proposal.objects.exists()

    response = api.post(
        reverse("bidding-api-proposals-list"),
        {**data, "accept_terms": True},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Proposal.objects.get().terms_hash


def test_an_edit_that_submits_without_the_terms_saves_nothing(
    api, vendor, project, shop_terms
):
    draft = factories.make_proposal(project, vendor, submit=False)
    api.force_authenticate(vendor)
    data = {"cover_letter": "Changed.", "submit": True, "milestones": milestones()}

    refused = api.put(url("bidding-api-proposals-detail", draft), data, format="json")

    assert refused.status_code == 409
    draft = Proposal.objects.get(pk=draft.pk)
    assert draft.status == Proposal.DRAFT
    assert draft.cover_letter != "Changed."
    assert draft.milestones.count() == 2

    accepted = api.put(
        url("bidding-api-proposals-detail", draft),
        {**data, "accept_terms": True},
        format="json",
    )
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["status"] == "submitted"


# The terms a proposal accepted -------------------------------------------------------


def test_both_sides_read_the_terms_accepted_even_after_a_change(
    api, customer, vendor, termed_project, shop_terms
):
    proposal = factories.make_proposal(termed_project, vendor, accept_terms=True)
    factories.ProjectService().update(
        termed_project, terms="Changed.", terms_file=text_file("new.txt", b"new")
    )

    for user in (customer, vendor):
        api.force_authenticate(user)
        terms = api.get(url("bidding-api-proposals-terms", proposal)).json()
        assert terms["accepted"] is True
        assert terms["terms_hash"] == Proposal.objects.get().terms_hash
        assert terms["shop"]["text"] == SHOP_TERMS
        assert terms["text"] == "No work on Sundays."
        assert terms["file"]["name"] == "terms.txt"
        assert len(terms["file"]["sha256"]) == 64
        download = api.get(terms["file"]["download_url"])
        assert content(download) == b"No work on Sundays."


def test_a_proposal_without_terms_accepted_says_so(api, vendor, proposal):
    api.force_authenticate(vendor)

    terms = api.get(url("bidding-api-proposals-terms", proposal)).json()

    assert terms["accepted"] is False
    assert terms["file"] is None
    assert api.get(url("bidding-api-proposals-terms-file", proposal)).status_code == 404
