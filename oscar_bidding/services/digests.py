"""Daily digests: one e-mail a day to each customer listing the day's new
proposals (``OSCAR_BIDDING_PROPOSAL_EMAILS = "daily"``), and to each vendor
listing the day's new open projects they may bid on
(``OSCAR_BIDDING_NEW_PROJECT_EMAILS = "daily"``); and the e-mail to vendors
when a project is posted (``"each"``).

A run (the ``bidding_send_digests`` command from cron, or the
``oscar_bidding.tasks.send_digests`` task from Celery beat, once a day after
midnight) digests the days before today that have no digest yet: yesterday,
and ``catch_up_days`` before it, in case a run was missed. A day is the shop's
local day (``TIME_ZONE``). Each digest is a :class:`NoticeDigest` row, unique
per kind, day and recipient, written with its outbox e-mail in one
transaction: two runs at once send it once (the second one's ``INSERT`` waits
for the first one's commit, then fails).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from oscar_bidding.conf import setting

Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
NoticeDigest = get_model("bidding", "NoticeDigest")
Partner = get_model("partner", "Partner")
Notifier = get_class("bidding.notifications", "Notifier")
absolute_url = get_class("bidding.services.outbox", "absolute_url")

EACH = "each"
DAILY = "daily"


def proposal_emails():
    return setting("OSCAR_BIDDING_PROPOSAL_EMAILS")


def new_project_emails():
    return setting("OSCAR_BIDDING_NEW_PROJECT_EMAILS")


def day_bounds(day):
    """The first moment of ``day`` and of the next, in the shop's time zone."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    return start, end


def may_bid_vendors(project):
    """The vendors (partners) who may bid on ``project``, which is open to
    them (not invite-only): the invitation core's ``project_vendors``, but
    those invited to it, who have their invitation's e-mail."""
    Invitation = get_model("bidding", "Invitation")
    invited = Invitation.objects.filter(project=project).values("partner_id")
    return get_class("bidding.access", "project_vendors")(project).exclude(
        pk__in=invited
    )


def is_open_to_vendors(project):
    """Posted open, not invite-only: invited vendors get their invitation."""
    return project.status == Project.OPEN and not project.invite_only


@dataclass
class DigestReport:
    """What one run sent."""

    proposal_digests: int = 0
    project_digests: int = 0

    def __str__(self):
        return (
            f"Sent {self.proposal_digests} proposal digests, "
            f"{self.project_digests} project digests."
        )


class DigestService:
    notifier_class = Notifier
    #: Days before yesterday a run digests too, if they have no digest yet.
    catch_up_days = 1

    def __init__(self):
        self.notifier = self.notifier_class()

    def send_due(self, today=None):
        """Send the digests of yesterday (and the ``catch_up_days`` before)
        that the settings ask for and that were not sent yet; returns a
        :class:`DigestReport`."""
        today = today or timezone.localdate()
        report = DigestReport()
        for back in range(self.catch_up_days + 1, 0, -1):
            day = today - timedelta(days=back)
            if proposal_emails() == DAILY:
                report.proposal_digests += self.send_proposal_digests(day)
            if new_project_emails() == DAILY:
                report.project_digests += self.send_project_digests(day)
        return report

    def send_proposal_digests(self, day):
        """E-mail each customer who received proposals on ``day`` the list of
        them (but those withdrawn since), once; returns how many digests were
        sent."""
        start, end = day_bounds(day)
        rows = (
            Proposal.objects.filter(
                date_submitted__gte=start,
                date_submitted__lt=end,
                status__in=Proposal.VISIBLE_TO_CUSTOMER,
            )
            .exclude(status=Proposal.WITHDRAWN)
            .order_by("date_submitted", "pk")
            .values_list("project__customer_id", "pk")
        )
        by_customer = defaultdict(list)
        for customer_id, pk in rows:
            by_customer[customer_id].append(pk)
        return self._send_digests(
            NoticeDigest.PROPOSALS,
            day,
            "customer_id",
            by_customer,
            self.notifier.proposal_digest,
        )

    def send_project_digests(self, day):
        """E-mail each vendor the open projects posted on ``day`` that they
        may bid on, once; returns how many digests were sent."""
        start, end = day_bounds(day)
        projects = Project.objects.filter(
            date_created__gte=start, date_created__lt=end, status=Project.OPEN
        ).order_by("date_created", "pk")
        by_partner = defaultdict(list)
        for project in projects:
            if not is_open_to_vendors(project):
                continue
            for partner_id in may_bid_vendors(project).values_list("pk", flat=True):
                by_partner[partner_id].append(project.pk)
        return self._send_digests(
            NoticeDigest.PROJECTS,
            day,
            "partner_id",
            by_partner,
            self.notifier.project_digest,
        )

    def _send_digests(self, kind, day, recipient_field, by_recipient, notify):
        """Send each recipient (``recipient_field``: ``customer_id`` or
        ``partner_id``) of ``by_recipient`` its digest of ``kind`` for
        ``day``, unless sent already; returns how many were sent."""
        done = set(
            NoticeDigest.objects.filter(
                kind=kind, day=day, **{f"{recipient_field}__in": by_recipient}
            ).values_list(recipient_field, flat=True)
        )
        sent = 0
        for recipient, pks in by_recipient.items():
            if recipient in done:
                continue
            digest = NoticeDigest(
                kind=kind, day=day, size=len(pks), **{recipient_field: recipient}
            )
            sent += self._send_once(digest, notify, pks)
        return sent

    def _send_once(self, digest, notify, pks):
        """Save ``digest`` and write its e-mail in one transaction; 0 when
        another run saved it first."""
        try:
            with transaction.atomic():
                digest.save()
                notify(digest, pks)
        except IntegrityError:
            return 0
        return 1


class NewProjectNotices:
    """The e-mail to the vendors who may bid on a project just posted
    (``OSCAR_BIDDING_NEW_PROJECT_EMAILS = "each"``)."""

    notifier_class = Notifier

    def __init__(self, notifier=None):
        self.notifier = notifier or self.notifier_class()

    def posted(self, project):
        """Call it in the transaction that posts the project."""
        if new_project_emails() != EACH or not is_open_to_vendors(project):
            return
        partners = list(may_bid_vendors(project))
        if partners:
            self.notifier.project_posted(project, partners)


def notice_context(ids):
    """The context of a digest or new-project e-mail from its outbox ids:
    what it lists, each with its link, and its ``recipients``."""
    if "proposal_ids" in ids:
        digest = NoticeDigest.objects.select_related("customer").get(
            pk=ids["digest_id"]
        )
        proposals = list(
            Proposal.objects.filter(pk__in=ids["proposal_ids"])
            .select_related("project", "partner")
            .order_by("project__title", "project_id", "date_submitted", "pk")
        )
        for proposal in proposals:
            proposal.customer_url = absolute_url(proposal.get_absolute_url())
        return {
            "digest": digest,
            "proposals": proposals,
            "customer": digest.customer,
            "customer_url": absolute_url(reverse("bidding:project-list")),
            "recipients": [digest.customer],
        }
    partner = Partner.objects.get(pk=ids["partner_id"])
    pks = ids.get("project_ids") or [ids["project_id"]]
    projects = list(Project.objects.filter(pk__in=pks).order_by("date_created", "pk"))
    for project in projects:
        project.dashboard_url = absolute_url(
            reverse("bidding_dashboard:project-detail", kwargs={"pk": project.pk})
        )
    digest = None
    if "digest_id" in ids:
        digest = NoticeDigest.objects.get(pk=ids["digest_id"])
    return {
        "digest": digest,
        "partner": partner,
        "projects": projects,
        "project": projects[0] if projects else None,
        "dashboard_url": absolute_url(reverse("bidding_dashboard:project-list")),
        # A project removed since: nothing left to tell.
        "recipients": [user for user in partner.users.all() if user.email]
        if projects
        else [],
    }
