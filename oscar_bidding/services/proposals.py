"""A vendor's proposal, from draft to the customer's decision."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from oscar_bidding import lifecycle
from oscar_bidding.conf import setting
from oscar_bidding.exceptions import BiddingError, ProposalChanged
from oscar_bidding.services.locking import lock, require_status

Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
MilestoneItem = get_model("bidding", "MilestoneItem")
Notifier = get_class("bidding.notifications", "Notifier")
sub_vendor_partners = get_class("bidding.access", "sub_vendor_partners")
ProposalVersions = get_class("bidding.services.versions", "ProposalVersions")
TermsAcceptance = get_class("bidding.services.terms", "TermsAcceptance")
LowestWatch = get_class("bidding.bid_notices", "LowestWatch")
line_amounts = get_class("bidding.money", "line_amounts")


@dataclass
class ItemSpec:
    description: str
    quantity: int
    unit_price: Decimal
    tax_rate: Decimal = Decimal("0")


@dataclass
class MilestoneSpec:
    title: str
    due_date: date | None = None
    items: list[ItemSpec] = field(default_factory=list)
    #: A partner (or its pk) the vendor gives the milestone to, or ``None``.
    sub_vendor: object = None


class ProposalService:
    notifier_class = Notifier
    versions_class = ProposalVersions
    terms_class = TermsAcceptance
    lowest_watch_class = LowestWatch

    def __init__(self):
        self.notifier = self.notifier_class()
        self.versions = self.versions_class()
        self.terms = self.terms_class()
        self.lowest_watch = self.lowest_watch_class()

    def create(
        self,
        project,
        partner,
        author,
        milestones,
        submit=False,
        accept_terms=False,
        **fields,
    ):
        """Save a new proposal as a draft, or submit it at once (accepting the
        project's terms, if it has any, with ``accept_terms``)."""
        with transaction.atomic():
            project = lock(project)
            self._require_accepting(project)
            if Proposal.objects.filter(project=project, partner=partner).exists():
                raise BiddingError(_("Your company has already answered this project."))
            self._require_invited(project, partner)
            proposal = Proposal.objects.create(
                project=project,
                partner=partner,
                author=author,
                currency=project.currency,
                **fields,
            )
            lifecycle.record_transition(
                proposal, "", proposal.status, user=author, role=lifecycle.VENDOR
            )
            self._replace_milestones(proposal, milestones)
            if submit:
                self._submit(proposal, author, lifecycle.VENDOR, accept_terms)
        return proposal

    def update(self, proposal, milestones, user=None, **fields):
        """Edit a draft, a submitted proposal or one whose changes were
        requested; milestones are replaced whole.

        A change to a submitted proposal makes a new revision, and the customer
        is told: a decision on the revision they read before is then refused.
        Edits after a change request make a revision only when the vendor
        submits again.
        """
        with transaction.atomic():
            # The project first, as accept() locks them: a decision and an
            # edit at once wait for each other instead of deadlocking.
            project = lock(proposal.project)
            proposal = lock(proposal)
            require_status(proposal, Proposal.EDITABLE_STATUSES, _("edit"))
            self._require_accepting(project)
            submitted = proposal.status == Proposal.SUBMITTED
            before = self.versions.summary(proposal) if submitted else None
            lowest = self.lowest_watch.before(project) if submitted else None
            for name in ("cover_letter", "delivery_days"):
                if name in fields:
                    setattr(proposal, name, fields[name])
            proposal.save()
            self._replace_milestones(proposal, milestones)
            if submitted and self.versions.record_change(proposal, before, user):
                self.notifier.proposal_changed(proposal)
            self._tell_undercut(project, lowest, proposal)
        return proposal

    def submit(self, proposal, user=None, accept_terms=False):
        """Send a draft to the customer; the vendor must accept the project's
        terms and conditions, if it has any (``accept_terms``)."""
        with transaction.atomic():
            # The project first, as update() and accept() lock them: the
            # lowest proposal is compared under it (bid notices).
            project = lock(proposal.project)
            proposal = lock(proposal)
            proposal.project = project
            lifecycle.require_transition(
                proposal, proposal.status, Proposal.SUBMITTED, _("submit")
            )
            self._require_accepting(proposal.project)
            self._submit(
                proposal, user, lifecycle.role_of(proposal, user), accept_terms
            )
        return proposal

    def withdraw(self, proposal, user=None):
        with transaction.atomic():
            proposal = lock(proposal)
            proposal.set_status(
                Proposal.WITHDRAWN,
                user=user,
                role=lifecycle.role_of(proposal, user),
                action=_("withdraw"),
            )
        return proposal

    def decline(self, project, partner, author, reason):
        """Record that a vendor will not bid, and why; the customer sees the reason."""
        with transaction.atomic():
            project = lock(project)
            self._require_accepting(project)
            proposal, created = Proposal.objects.get_or_create(
                project=project,
                partner=partner,
                defaults={"author": author, "currency": project.currency},
            )
            old_status = ""
            if not created:
                proposal = lock(proposal)
                old_status = proposal.status
                lifecycle.require_transition(
                    proposal, old_status, Proposal.DECLINED, _("decline")
                )
                proposal.milestones.all().delete()
            proposal.status = Proposal.DECLINED
            proposal.decline_reason = reason
            proposal.amount_excl_tax = proposal.amount_incl_tax = Decimal("0.00")
            proposal.save()
            lifecycle.record_transition(
                proposal,
                old_status,
                Proposal.DECLINED,
                user=author,
                role=lifecycle.VENDOR,
                note=reason,
            )
        return proposal

    def accept(self, proposal, version=None, user=None):
        """The customer awards the project to this proposal.

        ``version`` is the version the customer read: if the vendor changed the
        proposal since, :class:`ProposalChanged` refuses the decision. Unless
        the shop allows several awards, the project's other proposals are
        rejected and the database refuses a second accepted proposal. The first
        milestone (or every one, by setting) becomes ready to pay.
        """
        several = setting("OSCAR_BIDDING_ALLOW_SEVERAL_AWARDS")
        with transaction.atomic():
            project = lock(proposal.project)
            proposal = lock(proposal)
            lifecycle.require_transition(
                proposal, proposal.status, Proposal.ACCEPTED, _("accept")
            )
            self._require_version(proposal, version)
            allowed = [Project.OPEN, Project.AWARDED] if several else [Project.OPEN]
            require_status(project, allowed, _("award"))
            role = lifecycle.role_of(proposal, user)
            now = timezone.now()
            proposal.sole_award = not several
            proposal.date_decided = now
            proposal.accepted_revision = proposal.version
            proposal.set_status(
                Proposal.ACCEPTED,
                user=user,
                role=role,
                note=_("Revision %(number)s accepted.") % {"number": proposal.version},
                update_fields=["sole_award", "date_decided", "accepted_revision"],
            )
            if project.status != Project.AWARDED:
                project.set_status(Project.AWARDED, user=user, role=role)
            rejected = []
            if not several:
                rejected = reject_waiting(
                    project, user, role, _("Another proposal was accepted."), now
                )
            milestones = list(proposal.milestones.order_by("number"))
            if lifecycle.milestone_readiness() != lifecycle.READY_ALL:
                milestones = milestones[:1]
            Milestone.objects.filter(pk__in=[m.pk for m in milestones]).update(
                status=Milestone.READY_TO_PAY, date_ready=now
            )
            lifecycle.record_transitions(
                milestones,
                Milestone.PENDING,
                Milestone.READY_TO_PAY,
                user=user,
                role=role,
                note=_("The proposal was accepted."),
            )
            self.notifier.proposal_accepted(proposal)
            for other in rejected:
                self.notifier.proposal_rejected(other)
        return proposal

    def reject(self, proposal, version=None, user=None):
        """The customer turns the proposal down; ``version`` as for :meth:`accept`."""
        with transaction.atomic():
            proposal = lock(proposal)
            lifecycle.require_transition(
                proposal, proposal.status, Proposal.REJECTED, _("reject")
            )
            self._require_version(proposal, version)
            proposal.date_decided = timezone.now()
            proposal.set_status(
                Proposal.REJECTED,
                user=user,
                role=lifecycle.role_of(proposal, user),
                update_fields=["date_decided"],
            )
            self.notifier.proposal_rejected(proposal)
        return proposal

    def request_changes(self, proposal, reason, version=None, user=None):
        """The customer asks the vendor to change a submitted proposal; the
        vendor edits it and submits it again (a new revision). ``version`` as
        for :meth:`accept`."""
        if not reason.strip():
            raise BiddingError(_("Say what you want the vendor to change."))
        with transaction.atomic():
            proposal = lock(proposal)
            lifecycle.require_transition(
                proposal,
                proposal.status,
                Proposal.CHANGES_REQUESTED,
                _("request changes to"),
            )
            self._require_version(proposal, version)
            proposal.set_status(
                Proposal.CHANGES_REQUESTED,
                user=user,
                role=lifecycle.role_of(proposal, user),
                note=reason.strip(),
            )
            self.notifier.proposal_changes_requested(
                proposal, proposal.last_status_change
            )
        return proposal

    def _submit(self, proposal, user, role, accept_terms=False):
        if not proposal.milestones.exists():
            raise BiddingError(_("A proposal needs at least one milestone."))
        lowest = self.lowest_watch.before(proposal.project)
        accepted = self.terms.accept(proposal, user, accept_terms)
        resubmitted = proposal.status == Proposal.CHANGES_REQUESTED
        if not resubmitted:
            proposal.date_submitted = timezone.now()
        revision = self.versions.record_submission(proposal, user)
        notes = [_("Revision %(number)s.") % {"number": revision.number}]
        if accepted:
            notes.append(self.terms.note(proposal))
        proposal.set_status(
            Proposal.SUBMITTED,
            user=user,
            role=role,
            note=" ".join(notes),
            action=_("submit"),
            update_fields=["date_submitted"],
        )
        if resubmitted:
            self.notifier.proposal_resubmitted(proposal)
        else:
            self.notifier.proposal_submitted(proposal)
        self._tell_undercut(proposal.project, lowest, proposal)

    def _tell_undercut(self, project, lowest_before, proposal):
        """E-mail the vendors whose proposal was the lowest before
        ``proposal`` was submitted or changed, and is not now (bid notices
        ``"lowest"``; ``lowest_before`` is ``None`` otherwise). Under the
        project's row lock, in the transaction of the change."""
        for undercut in self.lowest_watch.undercut(project, lowest_before, proposal):
            self.notifier.proposal_undercut(undercut)

    def _require_version(self, proposal, version):
        """Refuse a decision made on another version than the current one,
        saying what the vendor changed since."""
        if version is None or version == proposal.version:
            return
        message = _(
            "The vendor changed this proposal on %(date)s, after you opened it."
        ) % {
            "date": date_format(
                timezone.localtime(proposal.date_changed or proposal.date_updated)
            )
        }
        changes = self.versions.changes_since(proposal, version)
        if changes:
            message += " " + _("Changed: %(changes)s.") % {
                "changes": "; ".join(changes)
            }
        raise ProposalChanged(
            message + " " + _("Nothing was decided: read it again, then decide.")
        )

    def _require_accepting(self, project):
        if not project.is_accepting_proposals:
            raise BiddingError(_("This project no longer takes proposals."))

    def _require_invited(self, project, partner):
        """An invite-only project takes proposals from its invitees alone (a
        user of several partners may pick one that was not invited)."""
        if (
            project.invite_only
            and not project.invitations.filter(partner=partner).exists()
        ):
            raise BiddingError(
                _("Only the vendors invited to this project can send a proposal.")
            )

    def _replace_milestones(self, proposal, specs):
        """Write the milestones and items. Tax is rounded per unit, so that Oscar's
        basket lines (unit price x quantity) add up to the milestone exactly."""
        sub_vendors = self._check_sub_vendors(proposal, specs)
        proposal.milestones.all().delete()
        items = []
        total_excl = total_incl = Decimal("0.00")
        for number, spec in enumerate(specs, start=1):
            milestone = Milestone(
                proposal=proposal,
                number=number,
                title=spec.title,
                due_date=spec.due_date,
                sub_vendor_id=sub_vendors.get(number),
            )
            lines = [
                MilestoneItem(
                    milestone=milestone,
                    position=position,
                    description=item.description,
                    quantity=item.quantity,
                    unit_price=item.unit_price,
                    tax_rate=item.tax_rate,
                    tax=line_amounts(
                        item.quantity, item.unit_price, item.tax_rate, proposal.currency
                    ).tax,
                )
                for position, item in enumerate(spec.items)
            ]
            if not lines:
                raise BiddingError(
                    _("Milestone %(number)s has no items.") % {"number": number}
                )
            milestone.amount_excl_tax = sum(line.price_excl_tax for line in lines)
            milestone.amount_incl_tax = sum(line.price_incl_tax for line in lines)
            milestone.save()
            items.extend(lines)
            total_excl += milestone.amount_excl_tax
            total_incl += milestone.amount_incl_tax
        MilestoneItem.objects.bulk_create(items)
        proposal.amount_excl_tax = total_excl
        proposal.amount_incl_tax = total_incl
        proposal.save(
            update_fields=["amount_excl_tax", "amount_incl_tax", "date_updated"]
        )

    def _check_sub_vendors(self, proposal, specs):
        """The sub-vendor's pk of each milestone number that has one; a partner
        ``sub_vendor_partners`` does not offer (the vendor itself, say) is
        refused. One query, only when some milestone has a sub-vendor."""
        wanted = {
            number: getattr(spec.sub_vendor, "pk", spec.sub_vendor)
            for number, spec in enumerate(specs, start=1)
            if spec.sub_vendor is not None
        }
        if not wanted:
            return wanted
        allowed = set(
            sub_vendor_partners(proposal.partner)
            .filter(pk__in=set(wanted.values()))
            .values_list("pk", flat=True)
        )
        for number, pk in wanted.items():
            if pk not in allowed:
                raise BiddingError(
                    _("Milestone %(number)s cannot be given to this sub-vendor.")
                    % {"number": number}
                )
        return wanted


def reject_waiting(project, user, role, note, now=None):
    """Reject the project's proposals waiting for a decision or a revision
    (locked, one ``UPDATE`` per status); returns them."""
    now = now or timezone.now()
    rejected = []
    for status in Proposal.WAITING_STATUSES:
        waiting = project.proposals.filter(status=status)
        found = list(waiting.select_for_update())
        waiting.update(status=Proposal.REJECTED, date_decided=now)
        lifecycle.record_transitions(
            found, status, Proposal.REJECTED, user=user, role=role, note=note
        )
        rejected.extend(found)
    return rejected
