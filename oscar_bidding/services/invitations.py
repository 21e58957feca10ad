"""Inviting vendors (partners) to bid on a project.

Who may bid on a project is read in :mod:`oscar_bidding.access`
(``biddable_projects``, ``project_vendors``); this service is the only code
that writes invitations.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from oscar.core.loading import get_class, get_model

from oscar_bidding import lifecycle, signals
from oscar_bidding.conf import setting
from oscar_bidding.exceptions import BiddingError
from oscar_bidding.services.locking import lock

Invitation = get_model("bidding", "Invitation")
Partner = get_model("partner", "Partner")
Project = get_model("bidding", "Project")
StatusChange = get_model("bidding", "StatusChange")
Notifier = get_class("bidding.notifications", "Notifier")
offering_partners = get_class("bidding.access", "offering_partners")


class InvitationService:
    notifier_class = Notifier

    def __init__(self):
        self.notifier = self.notifier_class()

    def invite(self, project, partners, user, source=Invitation.CUSTOMER):
        """Invite ``partners`` (partners or their pks) to bid on ``project``;
        returns the new invitations (a vendor invited before is left as it
        is). A customer's invitations (``source`` ``CUSTOMER``) go only to
        vendors offering the project's type, at most
        ``OSCAR_BIDDING_MAX_INVITES`` in all; a quote request invites the
        vendors stocking its products whatever they offer. Raises
        :class:`BiddingError` and saves nothing on bad input."""
        wanted = list(dict.fromkeys(getattr(p, "pk", p) for p in partners))
        inviter = user if user is not None and user.is_authenticated else None
        with transaction.atomic():
            project = lock(project)
            self.check_open(project)
            existing = dict(
                Invitation.objects.filter(project=project).values_list(
                    "partner_id", "source"
                )
            )
            new_ids = [pk for pk in wanted if pk not in existing]
            new_partners = Partner.objects.in_bulk(new_ids)
            if len(new_partners) != len(new_ids):
                raise BiddingError(_("One of these vendors does not exist."))
            new_partners = [new_partners[pk] for pk in new_ids]
            if source == Invitation.CUSTOMER:
                self.check_offerings(project, new_partners)
                self.check_limit(existing, new_partners)
            if not new_partners:
                return []
            invitations = Invitation.objects.bulk_create(
                Invitation(
                    project=project,
                    partner=partner,
                    invited_by=inviter,
                    source=source,
                )
                for partner in new_partners
            )
            self.record(project, invitations, user)
            self.notifier.vendors_invited(invitations)
            self.send_signal(project, invitations, user)
        return invitations

    def check_open(self, project):
        if not project.is_accepting_proposals:
            raise BiddingError(
                _(
                    "Vendors can be invited only while the project is open: "
                    "this one is %(status)s."
                )
                % {"status": self.status_label(project)}
            )

    def status_label(self, project):
        if project.status == Project.OPEN:  # its bidding deadline has passed
            return _("past its bidding deadline")
        return project.get_status_display().lower()

    def check_offerings(self, project, partners):
        if not partners:
            return
        offering = set(
            offering_partners(project)
            .filter(pk__in=[p.pk for p in partners])
            .values_list("pk", flat=True)
        )
        refused = [p for p in partners if p.pk not in offering]
        if not refused:
            return
        names = ", ".join(p.name for p in refused)
        if project.project_type_id is None:
            raise BiddingError(
                _("%(vendors)s cannot be invited: not a vendor of this shop.")
                % {"vendors": names}
            )
        raise BiddingError(
            ngettext(
                "%(vendors)s does not offer “%(type)s” projects: only vendors "
                "offering the project's type can be invited.",
                "%(vendors)s do not offer “%(type)s” projects: only vendors "
                "offering the project's type can be invited.",
                len(refused),
            )
            % {"vendors": names, "type": project.project_type.name}
        )

    def check_limit(self, existing, partners):
        limit = setting("OSCAR_BIDDING_MAX_INVITES")
        invited = sum(1 for src in existing.values() if src == Invitation.CUSTOMER)
        if partners and invited + len(partners) > limit:
            raise BiddingError(
                ngettext(
                    "You can invite at most %(limit)s vendor to a project "
                    "(%(invited)s invited already, %(asked)s more asked).",
                    "You can invite at most %(limit)s vendors to a project "
                    "(%(invited)s invited already, %(asked)s more asked).",
                    limit,
                )
                % {"limit": limit, "invited": invited, "asked": len(partners)}
            )

    def record(self, project, invitations, user):
        """One audit row per invitation on the project's timeline; the status
        stays, so no transition signal is sent (``vendors_invited`` is)."""
        role = lifecycle.role_of(project, user)
        StatusChange.objects.bulk_create(
            StatusChange(
                subject="project",
                project=project,
                user=user if user is not None and user.is_authenticated else None,
                role=role,
                old_status=project.status,
                new_status=project.status,
                note=_("Invited %(vendor)s") % {"vendor": invitation.partner.name},
            )
            for invitation in invitations
        )

    def send_signal(self, project, invitations, user):
        def send():
            signals.vendors_invited.send_robust(
                sender=Invitation,
                project=project,
                invitations=invitations,
                user=user,
            )

        transaction.on_commit(send)
