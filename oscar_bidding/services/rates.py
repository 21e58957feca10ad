"""A vendor's rates, and what a milestone item filled from one says."""

from django.db import transaction
from oscar.core.loading import get_class, get_model

from oscar_bidding.services.locking import lock

Rate = get_model("bidding", "Rate")
ItemSpec = get_class("bidding.services.proposals", "ItemSpec")
quantize = get_class("bidding.money", "quantize")

#: What a vendor may change on a rate; the partner and currency stay.
RATE_FIELDS = ("name", "description", "rate_type", "price", "tax_rate")


class RateService:
    item_spec_class = ItemSpec

    def create(self, partner, currency, **fields):
        return Rate.objects.create(
            partner=partner,
            currency=currency,
            **{name: fields[name] for name in RATE_FIELDS if name in fields},
        )

    def update(self, rate, **fields):
        with transaction.atomic():
            rate = lock(rate)
            for name in RATE_FIELDS:
                if name in fields:
                    setattr(rate, name, fields[name])
            rate.save()
        return rate

    def delete(self, rate):
        """Milestone items copied the rate's figures: deleting it changes none."""
        rate.delete()

    def item_spec(self, rate, quantity=1, currency=None):
        """A milestone item at this rate (the price rounded to ``currency``)."""
        price = rate.price
        if currency:
            price = quantize(price, currency)
        return self.item_spec_class(
            description=rate.item_description(),
            quantity=quantity,
            unit_price=price,
            tax_rate=rate.tax_rate,
        )
