"""Terms and conditions: the shop's and the project's, accepted by the vendor to
submit a proposal, recorded on it and shown to both sides and on the invoice."""

import datetime

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core import checks
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from oscar_bidding import signals
from oscar_bidding.terms import terms_hash
from tests import factories
from tests.checkout import pay_milestone

Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
StatusChange = get_model("bidding", "StatusChange")

SHOP_TERMS = "Payment is due within 30 days of each milestone."


def text_file(
    name="terms.txt", content=b"The customer's own terms: no work on Sundays."
):
    return SimpleUploadedFile(name, content, content_type="text/plain")


def project_data(**overrides):
    data = {
        "title": "Garden shed",
        "description": "A timber shed, 3 m by 2 m.",
        "category": "",
        "budget": "1200.00",
        "bidding_deadline": (
            timezone.localdate() + datetime.timedelta(days=10)
        ).isoformat(),
    }
    data.update(overrides)
    return data


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


def submit_url(proposal):
    return reverse("bidding_dashboard:proposal-submit", kwargs={"pk": proposal.pk})


@pytest.fixture
def shop_terms(settings):
    settings.OSCAR_BIDDING_TERMS = SHOP_TERMS
    return SHOP_TERMS


@pytest.fixture
def draft(project, vendor):
    return factories.make_proposal(project, vendor, submit=False)


# The customer's own terms -------------------------------------------------------


def test_customer_adds_terms_text_and_file_to_a_project(login, customer):
    response = login(customer).post(
        reverse("bidding:project-create"),
        project_data(terms="No work on Sundays.", terms_file=text_file()),
    )

    project = Project.objects.get()
    assert response.status_code == 302
    assert project.terms == "No work on Sundays."
    assert project.terms_file_name == "terms.txt"
    # Stored under a random name, not the customer's.
    assert project.terms_file.name.startswith("bidding/terms/")
    assert "terms.txt" not in project.terms_file.name


def test_a_disguised_terms_file_is_refused_and_nothing_is_saved(login, customer):
    disguised = SimpleUploadedFile(
        "terms.pdf", b"\x00\x01binary", content_type="application/pdf"
    )

    response = login(customer).post(
        reverse("bidding:project-create"), project_data(terms_file=disguised)
    )

    assert response.status_code == 200
    assert "is not a file type we accept" in response.text
    assert not Project.objects.exists()


def test_an_oversized_terms_file_is_refused(login, customer, settings):
    settings.OSCAR_BIDDING_MAX_ATTACHMENT_SIZE = 10

    response = login(customer).post(
        reverse("bidding:project-create"), project_data(terms_file=text_file())
    )

    assert "is too large" in response.text
    assert not Project.objects.exists()


def test_customer_replaces_and_removes_the_terms_file(login, customer):
    project = factories.make_project(customer, terms_file=text_file())
    client = login(customer)
    edit = reverse("bidding:project-update", kwargs={"pk": project.pk})

    client.post(edit, project_data(terms_file=text_file("new.txt", b"New terms")))
    assert reload(project).terms_file_name == "new.txt"

    client.post(edit, project_data(remove_terms_file="on"))
    assert not reload(project).terms_file
    assert reload(project).terms_file_name == ""


def test_terms_file_is_served_only_to_those_who_may_read_the_project(
    client, customer, other_customer, vendor, staff
):
    project = factories.make_project(customer, terms_file=text_file())
    url = reverse("bidding:project-terms-file", kwargs={"pk": project.pk})

    for user, status in (
        (customer, 200),
        (vendor, 200),
        (staff, 200),
        (other_customer, 404),
    ):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
    client.force_login(customer)
    response = client.get(url)
    assert b"".join(response.streaming_content).startswith(b"The customer's own terms")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_project_without_terms_file_has_no_terms_file_to_serve(
    login, customer, project
):
    url = reverse("bidding:project-terms-file", kwargs={"pk": project.pk})

    assert login(customer).get(url).status_code == 404


def test_project_pages_show_the_terms(login, customer, vendor, shop_terms):
    project = factories.make_project(customer, terms="No work on Sundays.")

    storefront = login(customer).get(project.get_absolute_url()).text
    dashboard = (
        login(vendor)
        .get(reverse("bidding_dashboard:project-detail", kwargs={"pk": project.pk}))
        .text
    )

    for content in (storefront, dashboard):
        assert SHOP_TERMS in content
        assert "No work on Sundays." in content


# Accepting them to submit -------------------------------------------------------


def test_submit_page_asks_to_accept_the_terms(login, vendor, draft, shop_terms):
    content = login(vendor).get(submit_url(draft)).text

    assert 'name="accept_terms"' in content
    assert SHOP_TERMS in content


def test_submit_page_without_terms_asks_nothing(login, vendor, draft):
    content = login(vendor).get(submit_url(draft)).text

    assert 'name="accept_terms"' not in content


def test_submitting_without_accepting_the_terms_is_refused(
    login, vendor, draft, shop_terms
):
    response = login(vendor).post(submit_url(draft), follow=True)

    assert "you must accept the project&#x27;s terms and conditions" in response.text
    draft = reload(draft)
    assert draft.status == Proposal.DRAFT
    assert draft.terms_hash == ""
    assert draft.accepted_terms is None


def test_submitting_with_the_terms_accepted_records_which_who_and_when(
    login, customer, vendor, shop_terms
):
    project = factories.make_project(
        customer, terms="No work on Sundays.", terms_file=text_file()
    )
    draft = factories.make_proposal(project, vendor, submit=False)
    before = timezone.now()

    login(vendor).post(submit_url(draft), {"accept_terms": "1"})

    proposal = reload(draft)
    assert proposal.status == Proposal.SUBMITTED
    assert proposal.terms_accepted_by == vendor
    assert proposal.date_terms_accepted >= before
    record = proposal.accepted_terms
    assert record["shop"] == {"title": "", "url": "", "text": SHOP_TERMS}
    assert record["project"]["text"] == "No work on Sundays."
    assert record["project"]["file"]["name"] == "terms.txt"
    assert len(record["project"]["file"]["sha256"]) == 64
    assert proposal.terms_hash == terms_hash(record)
    change = StatusChange.objects.get(proposal=proposal, new_status="submitted")
    assert f"version {proposal.terms_hash[:12]}" in change.note
    assert change.user == vendor


def test_the_terms_accepted_signal_is_sent_after_commit(
    vendor, draft, shop_terms, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, instance, user, terms_hash, **kwargs):
        received.append((instance.pk, user, terms_hash))

    signals.proposal_terms_accepted.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            factories.ProposalService().submit(draft, user=vendor, accept_terms=True)
            assert received == []
        for callback in callbacks:
            callback()
    finally:
        signals.proposal_terms_accepted.disconnect(receiver)

    assert received == [(draft.pk, vendor, reload(draft).terms_hash)]


def test_no_terms_means_nothing_to_accept(vendor, draft):
    proposal = factories.ProposalService().submit(draft, user=vendor)

    assert proposal.status == Proposal.SUBMITTED
    assert proposal.terms_hash == ""


def test_proposal_form_submit_needs_the_terms_accepted(
    login, vendor, project, shop_terms
):
    client = login(vendor)
    url = reverse(
        "bidding_dashboard:proposal-create", kwargs={"project_pk": project.pk}
    )
    assert 'name="accept_terms"' in client.get(url).text

    client.post(url, factories.proposal_form_data(submit=True))
    assert not Proposal.objects.filter(status=Proposal.SUBMITTED).exists()

    client.post(url, factories.proposal_form_data(submit=True, accept_terms="on"))
    proposal = Proposal.objects.get()
    assert proposal.status == Proposal.SUBMITTED
    assert proposal.terms_hash


def test_proposal_form_saves_a_draft_without_the_terms(
    login, vendor, project, shop_terms
):
    url = reverse(
        "bidding_dashboard:proposal-create", kwargs={"project_pk": project.pk}
    )

    login(vendor).post(url, factories.proposal_form_data())

    assert Proposal.objects.get().status == Proposal.DRAFT


def test_shop_terms_from_a_flat_page(vendor, draft, settings):
    page = FlatPage.objects.create(
        url="/terms/", title="Marketplace terms", content="<p>Be <b>fair</b>.</p>"
    )
    page.sites.add(Site.objects.get_current())
    settings.OSCAR_BIDDING_TERMS = "/terms/"

    proposal = factories.ProposalService().submit(draft, user=vendor, accept_terms=True)

    assert proposal.accepted_terms["shop"] == {
        "title": "Marketplace terms",
        "url": "/terms/",
        "text": "Be fair.",
    }


def test_flat_page_terms_need_the_flatpages_app(settings):
    from oscar_bidding.checks.terms import check_terms_flatpage

    settings.OSCAR_BIDDING_TERMS = "/terms/"
    assert check_terms_flatpage(None) == []
    settings.INSTALLED_APPS = [
        app for app in settings.INSTALLED_APPS if app != "django.contrib.flatpages"
    ]

    (error,) = check_terms_flatpage(None)
    assert error.id == "oscar_bidding.E1101"
    assert isinstance(error, checks.Error)


# What was accepted stays -------------------------------------------------------


@pytest.fixture
def accepted_with_terms(customer, vendor, shop_terms):
    project = factories.make_project(
        customer, terms="No work on Sundays.", terms_file=text_file()
    )
    draft = factories.make_proposal(project, vendor, submit=False)
    return factories.ProposalService().submit(draft, user=vendor, accept_terms=True)


def test_terms_changed_after_acceptance_leave_the_proposal_as_accepted(
    login, customer, vendor, accepted_with_terms, settings
):
    proposal = accepted_with_terms
    project = proposal.project
    factories.ProjectService().update(
        project,
        terms="Work on Sundays too.",
        terms_file=text_file("new.txt", b"Brand new terms"),
    )
    settings.OSCAR_BIDDING_TERMS = "Changed shop terms."

    for user, url in (
        (customer, proposal.get_absolute_url()),
        (vendor, proposal.get_dashboard_url()),
    ):
        content = login(user).get(url).text
        assert "Terms and conditions accepted" in content
        assert SHOP_TERMS in content
        assert "No work on Sundays." in content
        assert "terms.txt" in content
        assert proposal.terms_hash in content

    file_url = reverse("bidding:proposal-terms-file", kwargs={"pk": proposal.pk})
    response = login(customer).get(file_url)
    assert b"".join(response.streaming_content).startswith(b"The customer's own terms")


def test_accepted_terms_file_is_served_only_to_the_proposals_sides(
    client, customer, other_customer, vendor, other_vendor, staff, accepted_with_terms
):
    url = reverse("bidding:proposal-terms-file", kwargs={"pk": accepted_with_terms.pk})

    for user, status in (
        (customer, 200),
        (vendor, 200),
        (staff, 200),
        (other_customer, 404),
        (other_vendor, 404),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_invoice_names_the_terms_accepted(login, customer, vendor, accepted_with_terms):
    proposal = factories.ProposalService().accept(accepted_with_terms)
    order = pay_milestone(proposal.milestones.order_by("number").first(), customer)
    invoice = order.bidding_invoice
    version = proposal.terms_hash[:12]

    storefront = (
        login(customer)
        .get(reverse("bidding:invoice-detail", kwargs={"number": invoice.number}))
        .text
    )
    dashboard = (
        login(vendor)
        .get(
            reverse(
                "bidding_dashboard:invoice-detail", kwargs={"number": invoice.number}
            )
        )
        .text
    )

    for content in (storefront, dashboard):
        assert "Terms accepted" in content
        assert f"version {version}" in content


def test_invoice_pdf_names_the_terms_accepted(
    login, customer, vendor, accepted_with_terms, monkeypatch
):
    import weasyprint

    documents = []
    real_html = weasyprint.HTML

    def spy(*args, string, **kwargs):
        documents.append(string)
        return real_html(*args, string=string, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", spy)
    proposal = factories.ProposalService().accept(accepted_with_terms)
    order = pay_milestone(proposal.milestones.order_by("number").first(), customer)

    login(customer).get(
        reverse("bidding:invoice-pdf", kwargs={"number": order.bidding_invoice.number})
    )

    (html,) = documents
    assert "Terms accepted" in html
    assert f"version {proposal.terms_hash[:12]}" in html
