"""Who may bid, in the pages (issue 12): the customer chooses open or
invite-only and the vendors to invite on the project form, invites more
later, and sees who was invited; vendors describe themselves on their
offerings page; Open Projects lists what the vendor may bid on, marked
invited or open; an uninvited vendor finds nothing of an invite-only
project."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from tests import factories

Invitation = get_model("bidding", "Invitation")
Project = get_model("bidding", "Project")
ProjectType = get_model("bidding", "ProjectType")
ProjectQuestion = get_model("bidding", "ProjectQuestion")
VendorProfile = get_model("bidding", "VendorProfile")
InvitationService = get_class("bidding.services.invitations", "InvitationService")
ProjectService = get_class("bidding.services.projects", "ProjectService")


@pytest.fixture
def building():
    return ProjectType.objects.create(name="Building")


@pytest.fixture
def kitchens(building):
    return ProjectType.objects.create(name="Kitchens", parent=building)


@pytest.fixture
def gardens():
    return ProjectType.objects.create(name="Gardens")


def make_vendor(email, name, *types, description=""):
    user = factories.make_vendor(email, name)
    partner = user.partners.get()
    partner.bidding_project_types.add(*types)
    if description:
        VendorProfile.objects.create(partner=partner, description=description)
    return user


@pytest.fixture
def fitters(building, kitchens, gardens):
    """Two vendors offering kitchens (one through building), one gardens."""
    return (
        make_vendor(
            "acme@example.com", "Acme Kitchens", kitchens, description="Since 1990."
        ),
        make_vendor("bob@example.com", "Bob Builds", building),
        make_vendor("green@example.com", "Green Thumbs", gardens),
    )


def partner(user):
    return user.partners.get()


def project_data(project_type=None, **fields):
    data = {
        "title": "New kitchen",
        "description": "Replace everything.",
        "bidding_deadline": (
            timezone.localdate() + datetime.timedelta(days=10)
        ).isoformat(),
        "project_type": project_type.pk if project_type else "",
    }
    data.update(fields)
    return data


def invite_only_project(customer, project_type, *invited, **fields):
    project = factories.make_project(
        customer, project_type=project_type, invite_only=True, **fields
    )
    if invited:
        InvitationService().invite(project, [partner(u) for u in invited], customer)
    return project


# The project form ----------------------------------------------------------------


def test_project_form_lists_the_vendors_offering_the_chosen_type_with_descriptions(
    login, customer, fitters, kitchens
):
    acme, bob, green = fitters
    url = reverse("bidding:project-create")

    page = login(customer).get(f"{url}?type={kitchens.pk}").text

    assert "Acme Kitchens" in page and "Since 1990." in page
    assert "Bob Builds" in page  # offers Building, above Kitchens
    assert "Green Thumbs" not in page
    assert 'name="audience"' in page
    assert "Invited vendors" in page


def test_the_invitees_partial_follows_the_type_for_the_script(
    login, customer, fitters, gardens
):
    url = reverse("bidding:project-create")

    page = login(customer).get(f"{url}?partial=invitees&type={gardens.pk}").text

    assert 'id="project-invitees"' in page
    assert "Green Thumbs" in page
    assert "Acme Kitchens" not in page
    assert "<form" not in page


def test_customer_posts_an_invite_only_project_and_invites_two_vendors(
    login, customer, fitters, kitchens, mailoutbox, django_capture_on_commit_callbacks
):
    acme, bob, green = fitters
    client = login(customer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("bidding:project-create"),
            project_data(
                kitchens,
                audience="invite_only",
                invitees=[partner(acme).pk, partner(bob).pk],
            ),
        )

    project = Project.objects.get()
    assert response.status_code == 302
    assert project.invite_only
    assert {i.partner for i in project.invitations.all()} == {
        partner(acme),
        partner(bob),
    }
    assert sorted(m.to[0] for m in mailoutbox) == [
        "acme@example.com",
        "bob@example.com",
    ]
    page = client.get(project.get_absolute_url()).text
    assert "Invite-only" in page
    assert "Acme Kitchens" in page and "Bob Builds" in page
    assert reverse("bidding:project-invite", kwargs={"pk": project.pk}) in page


def test_the_shop_names_the_invitees(login, customer, fitters, kitchens, settings):
    settings.OSCAR_BIDDING_INVITEE_TERM = "Shortlisted suppliers"
    acme, _bob, _green = fitters
    project = invite_only_project(customer, kitchens, acme)
    client = login(customer)
    form = client.get(f"{reverse('bidding:project-create')}?type={kitchens.pk}")
    invite = client.get(reverse("bidding:project-invite", kwargs={"pk": project.pk}))

    for page in (form, client.get(project.get_absolute_url()), invite):
        assert "Shortlisted suppliers" in page.text
        assert "Invited vendors" not in page.text


def test_too_many_invitations_save_nothing(
    login, customer, fitters, kitchens, settings
):
    settings.OSCAR_BIDDING_MAX_INVITES = 1
    acme, bob, _green = fitters

    response = login(customer).post(
        reverse("bidding:project-create"),
        project_data(
            kitchens,
            audience="invite_only",
            invitees=[partner(acme).pk, partner(bob).pk],
        ),
    )

    assert response.status_code == 200
    assert "You can invite at most 1 vendor to a project: you ticked 2." in (
        response.text
    )
    assert not Project.objects.exists()
    assert not Invitation.objects.exists()


def test_inviting_a_vendor_who_does_not_offer_the_type_saves_nothing(
    login, customer, fitters, kitchens
):
    _acme, _bob, green = fitters

    response = login(customer).post(
        reverse("bidding:project-create"),
        project_data(kitchens, audience="invite_only", invitees=[partner(green).pk]),
    )

    assert response.status_code == 200
    assert "A vendor you ticked does not offer this type of project" in response.text
    assert not Project.objects.exists()


def test_an_invite_only_project_needs_an_invitee(login, customer, fitters, kitchens):
    response = login(customer).post(
        reverse("bidding:project-create"),
        project_data(kitchens, audience="invite_only"),
    )

    assert response.status_code == 200
    assert "tick at least one vendor to invite" in response.text
    assert not Project.objects.exists()


def test_the_shop_default_applies_when_customers_do_not_choose(
    login, customer, fitters, kitchens, settings
):
    settings.OSCAR_BIDDING_CUSTOMER_CHOOSES_AUDIENCE = False
    settings.OSCAR_BIDDING_INVITE_ONLY = True
    acme, _bob, _green = fitters
    client = login(customer)
    url = reverse("bidding:project-create")
    assert 'name="audience"' not in client.get(f"{url}?type={kitchens.pk}").text

    client.post(
        url,
        project_data(kitchens, audience="open", invitees=[partner(acme).pk]),
    )

    assert Project.objects.get().invite_only


def test_an_open_project_posted_without_invitations(login, customer, kitchens):
    login(customer).post(
        reverse("bidding:project-create"), project_data(kitchens, audience="open")
    )

    project = Project.objects.get()
    assert not project.invite_only
    assert not project.invitations.exists()


def test_editing_invites_more_and_lists_those_invited(
    login, customer, fitters, kitchens
):
    acme, bob, _green = fitters
    project = invite_only_project(customer, kitchens, acme)
    client = login(customer)
    url = reverse("bidding:project-update", kwargs={"pk": project.pk})

    form = client.get(url).text
    assert "Acme Kitchens" in form  # invited already: named, not a checkbox
    assert f'value="{partner(acme).pk}"' not in form
    client.post(
        url,
        project_data(kitchens, audience="invite_only", invitees=[partner(bob).pk]),
    )

    assert project.invitations.count() == 2
    project.refresh_from_db()
    assert project.invite_only


# Invite vendors (later) -------------------------------------------------------------


def test_invite_vendors_page_invites_those_not_invited_yet(
    login, customer, fitters, kitchens
):
    acme, bob, _green = fitters
    project = invite_only_project(customer, kitchens, acme)
    client = login(customer)
    url = reverse("bidding:project-invite", kwargs={"pk": project.pk})

    page = client.get(url).text
    assert "Bob Builds" in page and f'value="{partner(acme).pk}"' not in page
    response = client.post(url, {"partners": [partner(bob).pk]})

    assert response.status_code == 302
    assert project.invitations.count() == 2


def test_invite_vendors_refuses_more_than_allowed(
    login, customer, fitters, kitchens, settings
):
    settings.OSCAR_BIDDING_MAX_INVITES = 1
    acme, bob, _green = fitters
    project = invite_only_project(customer, kitchens, acme)

    response = login(customer).post(
        reverse("bidding:project-invite", kwargs={"pk": project.pk}),
        {"partners": [partner(bob).pk]},
    )

    assert response.status_code == 200
    assert "1 are invited already: tick 0 at most" in response.text
    assert project.invitations.count() == 1


def test_invite_vendors_asks_for_a_vendor(login, customer, fitters, kitchens):
    project = invite_only_project(customer, kitchens, fitters[0])

    response = login(customer).post(
        reverse("bidding:project-invite", kwargs={"pk": project.pk}), {}
    )

    assert "Tick the vendors to invite." in response.text


def test_no_invitation_on_a_closed_project(login, customer, fitters, kitchens):
    _acme, bob, _green = fitters
    project = factories.make_project(customer, project_type=kitchens)
    ProjectService().cancel(project, customer)
    client = login(customer)
    url = reverse("bidding:project-invite", kwargs={"pk": project.pk})

    response = client.post(url, {"partners": [partner(bob).pk]}, follow=True)

    assert "Vendors can be invited only while the project is open." in response.text
    assert not Invitation.objects.exists()
    assert url not in client.get(project.get_absolute_url()).text


def test_invite_vendors_is_the_customers_own(login, other_customer, project):
    response = login(other_customer).get(
        reverse("bidding:project-invite", kwargs={"pk": project.pk})
    )

    assert response.status_code == 404


# The vendor's description --------------------------------------------------------


def test_vendor_describes_itself_on_its_offerings_page(login, vendor, kitchens):
    url = reverse(
        "bidding_dashboard:offering-update", kwargs={"pk": partner(vendor).pk}
    )

    login(vendor).post(
        url, {"project_types": [kitchens.pk], "description": "Fast and tidy."}
    )

    assert partner(vendor).bidding_profile.description == "Fast and tidy."
    assert "Fast and tidy." in login(vendor).get(url).text


# Open Projects -------------------------------------------------------------------


def test_open_projects_lists_what_the_vendor_may_bid_on_marked(
    login, customer, fitters, kitchens, gardens
):
    acme, _bob, _green = fitters
    open_kitchen = factories.make_project(
        customer, project_type=kitchens, title="Open kitchen"
    )
    invited = invite_only_project(customer, kitchens, acme, title="Secret kitchen")
    invite_only_project(customer, kitchens, title="Other secret")
    factories.make_project(customer, project_type=gardens, title="Lawn")

    page = login(acme).get(reverse("bidding_dashboard:project-list"))

    assert list(page.context["projects"]) == [invited, open_kitchen]
    html = page.text
    assert "Lawn" not in html and "Other secret" not in html
    row_of = {
        title: html.split(title, 1)[1].split("</td>", 1)[0]
        for title in ("Open kitchen", "Secret kitchen")
    }
    assert "invited" in row_of["Secret kitchen"]
    assert "open" in row_of["Open kitchen"]


def test_open_projects_filter_by_a_type_the_vendor_offers(
    login, customer, building, kitchens, gardens
):
    bob = make_vendor("bob@example.com", "Bob Builds", building)
    bathrooms = ProjectType.objects.create(name="Bathrooms", parent=building)
    kitchen = factories.make_project(customer, project_type=kitchens, title="K")
    factories.make_project(customer, project_type=bathrooms, title="B")
    url = reverse("bidding_dashboard:project-list")
    client = login(bob)

    page = client.get(url)
    assert len(page.context["projects"]) == 2
    choices = dict(page.context["type_form"].fields["project_type"].choices)
    assert gardens.pk not in choices and kitchens.pk in choices

    filtered = client.get(f"{url}?project_type={kitchens.pk}")
    assert list(filtered.context["projects"]) == [kitchen]
    assert len(client.get(f"{url}?project_type={building.pk}").context["projects"]) == 2


# An uninvited vendor finds nothing -----------------------------------------------


@pytest.fixture
def secret(customer, fitters, kitchens):
    """An invite-only kitchen project with an attachment, an answer file and
    a terms file, Acme invited; Bob offers the type but is not invited."""
    question = ProjectQuestion.objects.create(
        project_type=kitchens, label="Plan", kind=ProjectQuestion.FILE
    )

    def upload(name):
        return SimpleUploadedFile(name, b"data", content_type="text/plain")

    return invite_only_project(
        customer,
        kitchens,
        fitters[0],
        attachments=[upload("spec.txt")],
        terms_file=upload("terms.txt"),
        answers=[{"question": question, "value": None, "file": upload("plan.txt")}],
    )


def secret_urls(project):
    return [
        reverse("bidding_dashboard:project-detail", kwargs={"pk": project.pk}),
        reverse("bidding_dashboard:proposal-create", kwargs={"project_pk": project.pk}),
        reverse("bidding_dashboard:project-decline", kwargs={"project_pk": project.pk}),
        reverse("bidding_dashboard:project-messages", kwargs={"pk": project.pk}),
        reverse(
            "bidding:attachment-download",
            kwargs={"pk": project.attachments.get().pk},
        ),
        reverse("bidding:answer-file", kwargs={"pk": project.answers.get().pk}),
        reverse("bidding:project-terms-file", kwargs={"pk": project.pk}),
    ]


def test_an_uninvited_vendor_gets_404_on_everything_of_an_invite_only_project(
    client, secret, fitters
):
    acme, bob, _green = fitters
    for url in secret_urls(secret):
        client.force_login(bob)
        assert client.get(url).status_code == 404, url
        client.force_login(acme)
        assert client.get(url).status_code == 200, url


def test_an_uninvited_partner_of_an_invited_user_cannot_propose(secret, fitters):
    """A user of two partners picks the one not invited: the service says no."""
    from oscar_bidding.exceptions import BiddingError

    acme, bob, _green = fitters
    invited, uninvited = partner(acme), partner(bob)
    uninvited.users.add(acme)

    with pytest.raises(BiddingError) as refused:
        factories.ProposalService().create(
            secret, uninvited, acme, factories.milestone_specs(1)
        )

    assert str(refused.value) == (
        "Only the vendors invited to this project can send a proposal."
    )
    factories.ProposalService().create(
        secret, invited, acme, factories.milestone_specs(1)
    )
