"""Versions of a submitted proposal: what the customer read, and what changed since.

A customer decides on the version they read. When the vendor changes a
submitted proposal, the version it replaces is kept as a summary, so that a
decision made on it can be refused with the list of what changed.
"""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency as format_currency

from oscar_bidding import money

ProposalVersion = get_model("bidding", "ProposalVersion")


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

    def record_change(self, proposal, before):
        """After the vendor edited ``proposal`` (locked), keep ``before`` (its
        summary until then) and move to the next version, if anything changed.
        Returns whether it did."""
        if self.summary(proposal) == before:
            return False
        ProposalVersion.objects.create(
            proposal=proposal, number=proposal.version, summary=before
        )
        proposal.version += 1
        proposal.date_changed = timezone.now()
        proposal.save(update_fields=["version", "date_changed", "date_updated"])
        return True

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
        return str(money.quantize(value, proposal.currency))

    def _days(self, days):
        if days is None:
            return _("not given")
        return ngettext("%(days)s day", "%(days)s days", days) % {"days": days}

    def _date(self, iso_date):
        if iso_date is None:
            return _("no date")
        return date_format(datetime.date.fromisoformat(iso_date), "DATE_FORMAT")
