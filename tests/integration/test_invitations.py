"""Who may bid: vendors offering a project's type, or invited to it
(``oscar_bidding.access``), and the service that invites them."""

import pytest
from django.contrib.auth.models import Group, Permission
from oscar.core.loading import get_class, get_model

from oscar_bidding import access, signals
from oscar_bidding.exceptions import BiddingError
from oscar_bidding.notifications import VENDOR_INVITED
from tests import factories

Invitation = get_model("bidding", "Invitation")
OutboxMessage = get_model("bidding", "OutboxMessage")
Project = get_model("bidding", "Project")
ProjectType = get_model("bidding", "ProjectType")
StatusChange = get_model("bidding", "StatusChange")
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


def partner(user):
    return user.partners.get()


def offer(user, *types):
    partner(user).bidding_project_types.add(*types)


@pytest.fixture
def builders(vendor, other_vendor, building, kitchens, gardens):
    """Vendor One offers building (so kitchens too); Vendor Two gardens."""
    offer(vendor, building)
    offer(other_vendor, gardens)
    return vendor, other_vendor


def invite_only_project(customer, project_type, **fields):
    return factories.make_project(
        customer, project_type=project_type, invite_only=True, **fields
    )


def vendor_user(email, name, *types):
    user = factories.make_vendor(email, name)
    offer(user, *types)
    return user


# Who may bid --------------------------------------------------------------------


def test_offered_types_include_every_type_below_an_offered_one(
    builders, building, kitchens, gardens, customer
):
    vendor, other_vendor = builders

    assert access.offered_type_ids(vendor) == {building.pk, kitchens.pk}
    assert access.offered_type_ids(other_vendor) == {gardens.pk}
    assert access.offered_type_ids(customer) == set()


def test_a_vendor_bids_on_open_projects_of_the_types_it_offers_and_untyped_ones(
    builders, customer, kitchens, gardens
):
    vendor, other_vendor = builders
    kitchen = factories.make_project(customer, project_type=kitchens)
    garden = factories.make_project(customer, project_type=gardens, title="Garden")
    untyped = factories.make_project(customer, title="Anything")

    assert set(access.biddable_projects(vendor)) == {kitchen, untyped}
    assert set(access.biddable_projects(other_vendor)) == {garden, untyped}
    assert set(access.biddable_projects(customer)) == set()


def test_an_invite_only_project_is_biddable_by_its_invitees_alone(
    builders, customer, kitchens
):
    vendor, other_vendor = builders
    project = invite_only_project(customer, kitchens)
    assert list(access.biddable_projects(vendor)) == []

    InvitationService().invite(project, [partner(vendor)], customer)

    assert list(access.biddable_projects(vendor)) == [project]
    assert list(access.biddable_projects(other_vendor)) == []
    assert project in access.vendor_projects(vendor)
    assert project not in access.vendor_projects(other_vendor)
    assert project not in access.visible_projects(other_vendor)


def test_an_invited_vendor_bids_on_an_open_project_of_a_type_it_does_not_offer(
    builders, customer, gardens
):
    vendor, _other = builders
    project = factories.make_project(customer, project_type=gardens)
    InvitationService().invite(
        project, [partner(vendor)], customer, source=Invitation.QUOTE
    )

    assert list(access.biddable_projects(vendor)) == [project]


def test_staff_bid_on_every_open_project_and_closed_ones_are_nobodys(
    builders, customer, kitchens, staff
):
    vendor, _other = builders
    secret = invite_only_project(customer, kitchens)
    cancelled = factories.make_project(customer, project_type=kitchens)
    ProjectService().cancel(cancelled, customer)

    assert list(access.biddable_projects(staff)) == [secret]
    assert list(access.biddable_projects(vendor)) == []


def test_a_vendor_keeps_reading_a_project_it_answered_once_closed_to_it(
    builders, customer, kitchens
):
    vendor, _other = builders
    project = factories.make_project(customer, project_type=kitchens)
    factories.make_proposal(project, vendor)
    Project.objects.filter(pk=project.pk).update(invite_only=True)

    assert list(access.biddable_projects(vendor)) == []
    assert list(access.vendor_projects(vendor)) == [project]


def test_project_vendors_are_the_invitees_or_those_offering_the_type_or_above(
    builders, customer, building, kitchens, gardens
):
    vendor, other_vendor = builders
    kitchen_fitter = vendor_user("fitter@example.com", "Fitter", kitchens)
    typed = factories.make_project(customer, project_type=kitchens)
    secret = invite_only_project(customer, kitchens)
    InvitationService().invite(secret, [partner(kitchen_fitter)], customer)
    untyped = factories.make_project(customer, title="Anything")

    assert set(access.project_vendors(typed)) == {
        partner(vendor),
        partner(kitchen_fitter),
    }
    assert list(access.project_vendors(secret)) == [partner(kitchen_fitter)]
    assert set(access.project_vendors(untyped)) == {
        partner(vendor),
        partner(other_vendor),
        partner(kitchen_fitter),
    }


def test_untyped_projects_are_for_partners_with_dashboard_users_by_group_too(
    customer,
):
    grouped = factories.make_user("grouped@example.com")
    group = Group.objects.create(name="Vendors")
    group.permissions.add(
        Permission.objects.get(
            codename="dashboard_access", content_type__app_label="partner"
        )
    )
    grouped.groups.add(group)
    Partner = get_model("partner", "Partner")
    grouped_partner = Partner.objects.create(name="Grouped")
    grouped_partner.users.add(grouped)
    Partner.objects.create(name="Nobody works here")
    project = factories.make_project(customer)

    assert list(access.project_vendors(project)) == [grouped_partner]


# Inviting ------------------------------------------------------------------------


def test_inviting_writes_the_invitations_an_audit_row_each_and_emails_the_vendors(
    builders,
    customer,
    kitchens,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    vendor, _other = builders
    fitter = vendor_user("fitter@example.com", "Fitter", kitchens)
    project = invite_only_project(customer, kitchens)
    sent = []

    def receiver(sender, **kwargs):
        sent.append(kwargs)

    signals.vendors_invited.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            invitations = InvitationService().invite(
                project, [partner(vendor), partner(fitter)], customer
            )
    finally:
        signals.vendors_invited.disconnect(receiver)

    assert [(i.partner, i.source, i.invited_by) for i in invitations] == [
        (partner(vendor), Invitation.CUSTOMER, customer),
        (partner(fitter), Invitation.CUSTOMER, customer),
    ]
    notes = StatusChange.objects.filter(project=project, new_status="open")
    assert sorted(c.note for c in notes if c.old_status) == [
        "Invited Fitter",
        "Invited Vendor One",
    ]
    assert {c.role for c in notes if c.old_status} == {StatusChange.CUSTOMER}
    (kwargs,) = sent
    assert kwargs["project"] == project
    assert kwargs["invitations"] == invitations
    assert kwargs["user"] == customer
    assert OutboxMessage.objects.filter(event_code=VENDOR_INVITED).count() == 2
    by_recipient = {tuple(m.to): m for m in mailoutbox}
    assert set(by_recipient) == {("vendor1@example.com",), ("fitter@example.com",)}
    mail = by_recipient[("fitter@example.com",)]
    assert mail.subject == 'You are invited to bid on "Kitchen refit"'
    assert 'Fitter is invited to bid on the project "Kitchen refit"' in mail.body
    assert "Only the invited vendors see this project." in mail.body
    assert f"http://example.com/dashboard/bidding/projects/{project.pk}/" in mail.body


def test_inviting_a_vendor_twice_leaves_the_first_invitation(
    builders, customer, kitchens, mailoutbox, django_capture_on_commit_callbacks
):
    vendor, _other = builders
    project = invite_only_project(customer, kitchens)
    first = InvitationService().invite(project, [partner(vendor)], customer)
    with django_capture_on_commit_callbacks(execute=True):
        again = InvitationService().invite(
            project, [partner(vendor), partner(vendor).pk], customer
        )

    assert again == []
    assert list(project.invitations.all()) == first
    assert mailoutbox == []


def test_a_customer_cannot_invite_a_vendor_who_does_not_offer_the_type(
    builders, customer, kitchens
):
    vendor, other_vendor = builders
    project = invite_only_project(customer, kitchens)

    with pytest.raises(BiddingError) as refused:
        InvitationService().invite(
            project, [partner(vendor), partner(other_vendor)], customer
        )

    assert str(refused.value) == (
        "Vendor Two does not offer “Kitchens” projects: only vendors offering "
        "the project's type can be invited."
    )
    assert not Invitation.objects.exists()
    assert not OutboxMessage.objects.filter(event_code=VENDOR_INVITED).exists()


def test_a_customer_cannot_invite_more_vendors_than_the_shop_allows(
    customer, kitchens, settings
):
    settings.OSCAR_BIDDING_MAX_INVITES = 2
    users = [vendor_user(f"v{n}@example.com", f"V{n}", kitchens) for n in range(3)]
    project = invite_only_project(customer, kitchens)
    InvitationService().invite(project, [partner(users[0])], customer)

    with pytest.raises(BiddingError) as refused:
        InvitationService().invite(
            project, [partner(users[1]), partner(users[2])], customer
        )

    assert str(refused.value) == (
        "You can invite at most 2 vendors to a project "
        "(1 invited already, 2 more asked)."
    )
    assert project.invitations.count() == 1


def test_no_vendor_is_invited_to_a_project_no_longer_open(builders, customer, kitchens):
    vendor, _other = builders
    project = invite_only_project(customer, kitchens)
    ProjectService().cancel(project, customer)

    with pytest.raises(BiddingError) as refused:
        InvitationService().invite(project, [partner(vendor)], customer)

    assert str(refused.value) == (
        "Vendors can be invited only while the project is open: this one is cancelled."
    )
    assert not Invitation.objects.exists()


def test_a_quote_request_invites_stocking_vendors_whatever_they_offer(
    builders, customer, kitchens, settings
):
    settings.OSCAR_BIDDING_MAX_INVITES = 1
    vendor, other_vendor = builders
    project = invite_only_project(customer, kitchens)

    invitations = InvitationService().invite(
        project,
        [partner(vendor), partner(other_vendor)],
        customer,
        source=Invitation.QUOTE,
    )

    assert [i.source for i in invitations] == [Invitation.QUOTE] * 2
    # Quote invitations do not count against the customer's own.
    fitter = vendor_user("fitter@example.com", "Fitter", kitchens)
    InvitationService().invite(project, [partner(fitter)], customer)
    assert project.invitations.count() == 3
