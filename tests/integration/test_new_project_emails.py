"""OSCAR_BIDDING_NEW_PROJECT_EMAILS: the vendors who may bid on a newly posted
open project (access.project_vendors) hear of it, by an e-mail per project
("each") or one e-mail per vendor the next morning ("daily"), once; never of
an invite-only project."""

import datetime

import pytest
from django.utils import timezone
from freezegun import freeze_time
from oscar.core.loading import get_class, get_model

from oscar_bidding.notifications import PROJECT_DIGEST, PROJECT_POSTED
from tests import factories

OutboxMessage = get_model("bidding", "OutboxMessage")
NoticeDigest = get_model("bidding", "NoticeDigest")
ProjectType = get_model("bidding", "ProjectType")
ProjectService = get_class("bidding.services.projects", "ProjectService")
DigestService = get_class("bidding.services.digests", "DigestService")

DAY = datetime.date(2026, 3, 10)


def at(day, hour, minute=0):
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


def next_day(day, n=1):
    return day + datetime.timedelta(days=n)


def post(customer, when=None, **fields):
    with freeze_time(when or at(DAY, 10)):
        return factories.make_project(customer, **fields)


def run(day):
    with freeze_time(at(day, 0, 30)):
        return DigestService().send_due()


def posted_to():
    """(project pk, partner pk) of each new-project e-mail."""
    return sorted(
        (m.context["project_id"], m.context["partner_id"])
        for m in OutboxMessage.objects.filter(event_code=PROJECT_POSTED)
    )


def partner(user):
    return user.partners.get()


@pytest.fixture
def kitchens():
    building = ProjectType.objects.create(name="Building")
    kitchens = ProjectType.objects.create(name="Kitchens", parent=building)
    return building, kitchens


@pytest.fixture
def daily(settings):
    settings.OSCAR_BIDDING_NEW_PROJECT_EMAILS = "daily"


def test_an_untyped_open_project_emails_every_vendor(vendor, other_vendor, customer):
    project = post(customer)

    assert posted_to() == sorted(
        [(project.pk, partner(vendor).pk), (project.pk, partner(other_vendor).pk)]
    )


def test_a_typed_project_emails_the_vendors_offering_its_type_or_an_ancestor(
    vendor, other_vendor, customer, kitchens
):
    building, kitchen_type = kitchens
    partner(vendor).bidding_project_types.add(building)
    factories.make_vendor("vendor3@example.com")  # offers nothing

    project = post(customer, project_type=kitchen_type)

    assert posted_to() == [(project.pk, partner(vendor).pk)]


def test_an_invite_only_project_is_not_announced(vendor, customer):
    post(customer, invite_only=True)

    assert posted_to() == []


def test_a_vendor_invited_to_an_open_project_has_its_invitation_not_a_notice(
    settings, vendor, other_vendor, customer
):
    from oscar_bidding.services.invitations import InvitationService

    settings.OSCAR_BIDDING_NEW_PROJECT_EMAILS = "daily"
    with freeze_time(at(DAY, 10)):
        project = factories.make_project(customer)
        InvitationService().invite(project, [partner(vendor)], customer)

    run(next_day(DAY))

    (message,) = OutboxMessage.objects.filter(event_code=PROJECT_DIGEST)
    assert message.context["partner_id"] == partner(other_vendor).pk


@pytest.mark.parametrize("emails", ["daily", None])
def test_no_email_when_posted_if_daily_or_off(settings, emails, vendor, customer):
    settings.OSCAR_BIDDING_NEW_PROJECT_EMAILS = emails

    post(customer)

    assert posted_to() == []


def test_the_new_project_email(
    vendor, customer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        project = factories.make_project(customer, title="Loft conversion")

    (message,) = mailoutbox
    assert message.to == [vendor.email]
    assert message.subject == 'New project to bid on: "Loft conversion"'
    assert "A customer posted a project that Vendor One may bid on" in message.body
    link = f"http://example.com/dashboard/bidding/projects/{project.pk}/"
    assert link in message.body
    (html, _mimetype), *_ = message.alternatives
    assert f'href="{link}"' in html


def test_the_digest_lists_each_vendors_new_projects_once(
    daily, vendor, other_vendor, customer, kitchens
):
    building, kitchen_type = kitchens
    partner(vendor).bidding_project_types.add(building)
    untyped = post(customer, when=at(DAY, 9))
    typed = post(customer, when=at(DAY, 11), project_type=kitchen_type)
    post(customer, when=at(DAY, 12), invite_only=True)
    cancelled = post(customer, when=at(DAY, 13))
    ProjectService().cancel(cancelled)
    tomorrow = post(customer, when=at(next_day(DAY), 8))

    report = run(next_day(DAY))

    assert report.project_digests == 2
    listed = {
        m.context["partner_id"]: m.context["project_ids"]
        for m in OutboxMessage.objects.filter(event_code=PROJECT_DIGEST)
    }
    assert listed == {
        partner(vendor).pk: [untyped.pk, typed.pk],
        partner(other_vendor).pk: [untyped.pk],
    }
    assert run(next_day(DAY)).project_digests == 0
    assert run(next_day(DAY, 2)).project_digests == 2
    latest = OutboxMessage.objects.filter(event_code=PROJECT_DIGEST).order_by("-pk")
    assert {tuple(m.context["project_ids"]) for m in latest[:2]} == {(tomorrow.pk,)}


def test_the_digest_email(
    daily, vendor, customer, mailoutbox, django_capture_on_commit_callbacks
):
    first = post(customer, when=at(DAY, 9), title="Loft conversion")
    second = post(customer, when=at(DAY, 10), title="New roof")

    with django_capture_on_commit_callbacks(execute=True):
        run(next_day(DAY))

    (message,) = mailoutbox
    assert message.to == [vendor.email]
    assert message.subject == "2 new projects to bid on"
    for project in (first, second):
        assert project.title in message.body
        assert (
            f"http://example.com/dashboard/bidding/projects/{project.pk}/"
            in message.body
        )
    assert NoticeDigest.objects.get().partner == partner(vendor)
