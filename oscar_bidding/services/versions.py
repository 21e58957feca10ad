"""Revisions of a proposal: what the vendor submitted each time, and what changed.

Every submission (the first, an edit of a submitted proposal, a resubmission
after the customer requested changes) is kept as an immutable revision,
numbered 1, 2, … (``Proposal.version`` is the latest). A customer decides on
the revision they read: a decision on an older one is refused with the list of
what changed, and the revisions page shows each revision's differences from the
one before.
"""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from oscar.core.loading import get_class, get_model
from oscar.templatetags.currency_filters import currency as format_currency

ProposalVersion = get_model("bidding", "ProposalVersion")
quantize = get_class("bidding.money", "quantize")


class ProposalVersions:
    def summary(self, proposal):
        """What the customer reads of ``proposal``, as JSON values.

        Milestones and items are read from the database, amounts rounded to the
        currency: two summaries of an unchanged proposal are equal.
        """
        milestones = proposal.milestones.order_by("number").prefetch_related("items")
        return {
            "amount_incl_tax": self._money(proposal.amount_incl_tax, proposal),
            "delivery_days": proposal.delivery_days,
            "cover_letter": proposal.cover_letter,
            "milestones": [
                {
                    "title": milestone.title,
                    "due_date": milestone.due_date and milestone.due_date.isoformat(),
                    "amount_incl_tax": self._money(milestone.amount_incl_tax, proposal),
                    "items": [
                        [
                            item.description,
                            item.quantity,
                            self._money(item.unit_price, proposal),
                            str(item.tax_rate.normalize()),
                        ]
                        for item in milestone.items.all()
                    ],
                }
                for milestone in milestones
            ],
        }

    def record_submission(self, proposal, user=None):
        """Record what ``proposal`` (locked, just submitted) says as its next
        revision: revision 1 at the first submission, the next number at a
        resubmission."""
        after = self.summary(proposal)
        if ProposalVersion.objects.filter(
            proposal=proposal, number=proposal.version
        ).exists():
            proposal.version += 1
            proposal.date_changed = timezone.now()
            proposal.save(update_fields=["version", "date_changed", "date_updated"])
        return ProposalVersion.objects.create(
            proposal=proposal, number=proposal.version, summary=after, submitted_by=user
        )

    def record_change(self, proposal, before, user=None):
        """After the vendor edited a submitted ``proposal`` (locked), record
        the edit as the next revision if anything changed. ``before`` is its
        summary until then, kept as the current revision when a proposal
        submitted before revisions existed has none. Returns whether it did."""
        after = self.summary(proposal)
        if after == before:
            return False
        ProposalVersion.objects.get_or_create(
            proposal=proposal, number=proposal.version, defaults={"summary": before}
        )
        proposal.version += 1
        proposal.date_changed = timezone.now()
        proposal.save(update_fields=["version", "date_changed", "date_updated"])
        ProposalVersion.objects.create(
            proposal=proposal, number=proposal.version, summary=after, submitted_by=user
        )
        return True

    def revisions(self, proposal):
        """The revisions of ``proposal``, newest first, each with ``comparison``
        (what changed from the one before, :meth:`compare`; ``None`` for the
        first). One query however many there are."""
        revisions = list(
            ProposalVersion.objects.filter(proposal=proposal)
            .select_related("submitted_by")
            .order_by("number")
        )
        previous = None
        for revision in revisions:
            revision.comparison = (
                self.compare(previous.summary, revision.summary)
                if previous is not None
                else None
            )
            revision.previous = previous
            previous = revision
        return revisions[::-1]

    def compare(self, before, after):
        """What changed from summary ``before`` to ``after``, for a page:
        totals before and after, and milestones (matched by title) and their
        items (matched by description) added, removed or re-priced."""
        old = {m["title"]: m for m in before["milestones"]}
        new = {m["title"]: m for m in after["milestones"]}
        milestones = []
        for title, milestone in new.items():
            was = old.get(title)
            if was is None:
                milestones.append(
                    {
                        "change": "added",
                        "title": title,
                        "after": milestone["amount_incl_tax"],
                    }
                )
            elif was != milestone:
                milestones.append(
                    {
                        "change": "changed",
                        "title": title,
                        "before": was["amount_incl_tax"],
                        "after": milestone["amount_incl_tax"],
                        "repriced": was["amount_incl_tax"]
                        != milestone["amount_incl_tax"],
                        "due_before": was["due_date"],
                        "due_after": milestone["due_date"],
                        "items": self._compare_items(was["items"], milestone["items"]),
                    }
                )
        for title, was in old.items():
            if title not in new:
                milestones.append(
                    {
                        "change": "removed",
                        "title": title,
                        "before": was["amount_incl_tax"],
                    }
                )
        return {
            "total_before": before["amount_incl_tax"],
            "total_after": after["amount_incl_tax"],
            "delivery_before": before["delivery_days"],
            "delivery_after": after["delivery_days"],
            "cover_letter_changed": before["cover_letter"] != after["cover_letter"],
            "milestones": milestones,
            "changed": before != after,
        }

    def _compare_items(self, before, after):
        """Items are ``[description, quantity, unit price, tax rate]``."""
        old = {item[0]: item for item in before}
        new = {item[0]: item for item in after}
        items = []
        for description, item in new.items():
            was = old.get(description)
            if was is None:
                items.append(
                    {"change": "added", "description": description, "after": item}
                )
            elif was != item:
                items.append(
                    {
                        "change": "repriced",
                        "description": description,
                        "before": was,
                        "after": item,
                    }
                )
        for description, was in old.items():
            if description not in new:
                items.append(
                    {"change": "removed", "description": description, "before": was}
                )
        return items

    def changes_since(self, proposal, number):
        """What changed in ``proposal`` since version ``number``, in the
        customer's words; empty when that version is unknown."""
        seen = ProposalVersion.objects.filter(proposal=proposal, number=number).first()
        if seen is None:
            return []
        return self.describe(seen.summary, self.summary(proposal), proposal.currency)

    def describe(self, before, after, currency):
        def amount(value):
            return format_currency(value, currency)

        changes = self._changed(
            before,
            after,
            [
                (
                    "amount_incl_tax",
                    _("total (incl. tax) %(before)s → %(after)s"),
                    amount,
                ),
                (
                    "delivery_days",
                    _("delivery estimate %(before)s → %(after)s"),
                    self._days,
                ),
            ],
        )
        old, new = before["milestones"], after["milestones"]
        if len(old) != len(new):
            changes.append(
                _("milestones %(before)s → %(after)s")
                % {"before": len(old), "after": len(new)}
            )
        for number, (was, now) in enumerate(zip(old, new, strict=False), start=1):
            if was != now:
                changes.append(self._describe_milestone(number, was, now, amount))
        if before["cover_letter"] != after["cover_letter"]:
            changes.append(_("cover letter"))
        return changes

    def _describe_milestone(self, number, was, now, amount):
        parts = self._changed(
            was,
            now,
            [
                ("title", _("title “%(before)s” → “%(after)s”"), str),
                ("amount_incl_tax", _("amount %(before)s → %(after)s"), amount),
                ("due_date", _("due %(before)s → %(after)s"), self._date),
            ],
        )
        if was["items"] != now["items"]:
            parts.append(_("items"))
        return _("milestone %(number)s: %(changes)s") % {
            "number": number,
            "changes": ", ".join(parts),
        }

    def _changed(self, before, after, fields):
        """``text`` of each ``(key, text, show)`` whose value differs, with the
        values shown before and after."""
        return [
            text % {"before": show(before[key]), "after": show(after[key])}
            for key, text, show in fields
            if before[key] != after[key]
        ]

    def _money(self, value, proposal):
        return str(quantize(value, proposal.currency))

    def _days(self, days):
        if days is None:
            return _("not given")
        return ngettext("%(days)s day", "%(days)s days", days) % {"days": days}

    def _date(self, iso_date):
        if iso_date is None:
            return _("no date")
        return date_format(datetime.date.fromisoformat(iso_date), "DATE_FORMAT")
