"""DEMO payment gateway: it takes no real money.

A stand-in for a shop's real gateway, so that the sandbox shows the whole
payment step: a card number on the payment page, a declined card, charges made
once per idempotency key and looked up by it. Card **4000 0000 0000 0002** is
declined; any other number of 12 to 19 digits is "charged".

Every charge is appended to a JSON-lines ledger (``DEMO_GATEWAY_LEDGER``),
written outside any database transaction, as a real gateway keeps its
own records: a checkout killed after the charge cannot undo it, and
``payment_status`` still finds it.
"""

import fcntl
import json
import re
from contextlib import contextmanager

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from oscar.apps.payment.exceptions import UnableToTakePayment

from oscar_bidding.gateway import PaymentGateway

DECLINED_CARD = "4000000000000002"


class DemoCardForm(forms.Form):
    card_number = forms.CharField(
        label=_("Card number"),
        max_length=30,
        help_text=_(
            "DEMO: no real money is taken. Any number of 12 to 19 digits is "
            "accepted; 4000 0000 0000 0002 is declined."
        ),
    )

    def clean_card_number(self):
        digits = re.sub(r"[\s-]", "", self.cleaned_data["card_number"])
        if not re.fullmatch(r"\d{12,19}", digits):
            raise forms.ValidationError(_("Enter a card number of 12 to 19 digits."))
        return digits


class DemoGateway(PaymentGateway):
    """DEMO — takes no real money: ``manage.py check --deploy`` says so."""

    takes_money = False
    form_class = DemoCardForm

    def charge(self, *, key, amount, currency, order_number, **details):
        if details.get("card_number") == DECLINED_CARD:
            raise UnableToTakePayment(
                _("Your card was declined (demo card 4000 0000 0000 0002).")
            )
        with self.ledger() as (entries, append):
            for entry in entries:
                if entry["key"] == key and entry["kind"] == "charge":
                    return entry["reference"]  # the same key never charges twice
            reference = f"demo-charge-{len(entries) + 1}"
            append(
                {
                    "kind": "charge",
                    "key": key,
                    "reference": reference,
                    "amount": str(amount),
                    "currency": currency,
                    "order_number": str(order_number),
                }
            )
        return reference

    def payment_status(self, key):
        with self.ledger() as (entries, _append):
            if any(e["key"] == key and e["kind"] == "charge" for e in entries):
                return self.CHARGED
        return self.DECLINED  # this gateway knows every charge it made

    def refund(self, *, order_number, amount, currency, reason, **details):
        with self.ledger() as (entries, append):
            reference = f"demo-refund-{len(entries) + 1}"
            append(
                {
                    "kind": "refund",
                    "key": details.get("key", ""),
                    "reference": reference,
                    "amount": str(amount),
                    "currency": currency,
                    "order_number": str(order_number),
                }
            )
        return reference

    @contextmanager
    def ledger(self):
        """The entries so far and a function appending one, under a file lock:
        concurrent checkouts see each other's charges."""
        with open(settings.DEMO_GATEWAY_LEDGER, "a+", encoding="utf-8") as file:
            fcntl.flock(file, fcntl.LOCK_EX)
            file.seek(0)
            entries = [json.loads(line) for line in file if line.strip()]

            def append(entry):
                file.write(json.dumps(entry) + "\n")
                file.flush()

            yield entries, append
