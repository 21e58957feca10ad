"""Quote requests from catalogue products (Omnyfy's product mode).

Which products a customer may ask a quote for (:class:`Quotability`), the
quote list they collect in their session before posting it
(:class:`QuoteList`: never the basket, so a basket locked for a milestone
payment stays as it is), and how an invited vendor's proposal form starts
(:class:`QuotePrefill`). Posting the request is
:class:`oscar_bidding.services.quotes.QuoteRequestService`'s job.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from oscar_bidding.conf import setting

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")
QuotableProductClass = get_model("bidding", "QuotableProductClass")


@dataclass(frozen=True)
class QuoteTerms:
    """How a product class is quoted: the project type its quote requests
    post (``None``: untyped) and whether "Add to basket" is hidden."""

    project_type_id: int | None = None
    quote_only: bool = False


class Quotability:
    """The quotable product classes, read once: the dashboard's rows and the
    ``OSCAR_BIDDING_QUOTABLE_PRODUCT_CLASSES`` slugs (one query each)."""

    def __init__(self):
        self.classes = {
            row.product_class_id: QuoteTerms(row.project_type_id, row.quote_only)
            for row in QuotableProductClass.objects.only(
                "product_class_id", "project_type_id", "quote_only"
            )
        }
        slugs = setting("OSCAR_BIDDING_QUOTABLE_PRODUCT_CLASSES")
        if slugs:
            for pk in ProductClass.objects.filter(slug__in=slugs).values_list(
                "pk", flat=True
            ):
                self.classes.setdefault(pk, QuoteTerms())

    @staticmethod
    def class_id(product):
        """A variant is quoted as its parent's class, as Oscar prices it."""
        if product.product_class_id is None and product.parent_id:
            return product.parent.product_class_id
        return product.product_class_id

    def terms(self, product):
        """The product's :class:`QuoteTerms`, or ``None`` when it is not quotable."""
        return self.classes.get(self.class_id(product))

    def refusal(self, product):
        """Why ``product`` cannot be quoted, or ``""``."""
        if not product.is_public:
            return _("“%(title)s” is not for sale.") % {"title": product.get_title()}
        if product.is_parent:
            return _("Choose a variant of “%(title)s” to ask a quote for.") % {
                "title": product.get_title()
            }
        if self.terms(product) is None:
            return _("“%(title)s” cannot be quoted: add it to your basket.") % {
                "title": product.get_title()
            }
        return ""


def is_quote_only(product):
    """Whether ``product``'s type is sold by quotation only (one query)."""
    return QuotableProductClass.objects.filter(
        product_class_id=Quotability.class_id(product), quote_only=True
    ).exists()


def check_quantity(quantity):
    """The quantity as an ``int``, or a message saying what is wrong."""
    try:
        quantity = int(quantity)
    except (TypeError, ValueError):
        return None, _("Enter a whole number as the quantity.")
    limit = setting("OSCAR_BIDDING_MAX_QUANTITY")
    if not 1 <= quantity <= limit:
        return None, _("The quantity must be between 1 and %(limit)s.") % {
            "limit": limit
        }
    return quantity, ""


@dataclass
class QuoteLine:
    """A product of the quote list, with its quantity and note."""

    product: object
    quantity: int
    note: str = ""


class QuoteList:
    """The products a customer collects before asking for a quote, kept in
    their session: nothing is stored until they post the request, and the
    basket is never read or written."""

    session_key = "oscar_bidding_quote"

    def __init__(self, session):
        self.session = session

    @property
    def rows(self):
        """``[{"product": pk, "quantity": n, "note": str}]``, in the order added."""
        return list(self.session.get(self.session_key, []))

    def __len__(self):
        return len(self.rows)

    def save(self, rows):
        if rows:
            self.session[self.session_key] = rows
        else:
            self.session.pop(self.session_key, None)

    def quantity_of(self, product):
        """How many of ``product`` the list asks for (0: not listed)."""
        return sum(row["quantity"] for row in self.rows if row["product"] == product.pk)

    def add(self, product, quantity, note=""):
        """Add ``product``, or add ``quantity`` to it when it is listed already."""
        rows = self.rows
        for row in rows:
            if row["product"] == product.pk:
                row["quantity"] += quantity
                if note:
                    row["note"] = note
                break
        else:
            rows.append({"product": product.pk, "quantity": quantity, "note": note})
        self.save(rows)

    def replace(self, lines):
        """Keep ``lines`` (``QuoteLine``) only, as the quote list page posts them."""
        self.save(
            [
                {
                    "product": line.product.pk,
                    "quantity": line.quantity,
                    "note": line.note,
                }
                for line in lines
            ]
        )

    def clear(self):
        self.save([])

    def lines(self):
        """The listed products still in the catalogue, with their class and
        (for variants) parent: one query."""
        rows = self.rows
        products = Product.objects.select_related("product_class", "parent").in_bulk(
            [row["product"] for row in rows]
        )
        return [
            QuoteLine(products[row["product"]], row["quantity"], row.get("note", ""))
            for row in rows
            if row["product"] in products
        ]


class QuotePrefill:
    """How an invited vendor's proposal form starts on a project posted by a
    quote request: one milestone whose items are the products, each at the
    quantity asked and the price of the vendor's stock record (blank when the
    vendor has none in the project's currency). All of it stays editable.

    Oscar's ``StockRecord.price`` is the base price before tax (as Oscar's
    default strategies treat it) and a milestone item's unit price is before
    tax, so the price is taken as it is and the item gets the
    ``OSCAR_BIDDING_DEFAULT_TAX_RATE``; a shop whose stock records hold
    prices with tax overrides :meth:`unit_price`.
    """

    def __init__(self, project, partners):
        self.project = project
        self.partners = partners

    def milestone_title(self):
        return _("Quoted products")

    def initial(self):
        """The milestone formset's initial rows, or ``None`` for a project
        that no quote request posted."""
        items = list(self.project.quote_items.all())
        if not items:
            return None
        prices = self.prices([item.product_id for item in items if item.product_id])
        return [
            {
                "title": self.milestone_title(),
                "due_date": None,
                "sub_vendor": "",
                "items": [self.item_initial(item, prices) for item in items],
            }
        ]

    def item_initial(self, item, prices):
        return {
            "description": item.title,
            "quantity": item.quantity,
            "unit_price": self.unit_price(prices.get(item.product_id)),
            # As the vendor types it: 20.00 for 20%.
            "tax_rate": (
                Decimal(setting("OSCAR_BIDDING_DEFAULT_TAX_RATE")) * 100
            ).quantize(Decimal("0.01")),
        }

    def prices(self, product_ids):
        """``{product pk: stock record}`` of the vendor's partners in the
        project's currency, the first partner's when several stock it: one
        query."""
        records = StockRecord.objects.filter(
            product_id__in=product_ids,
            partner__in=self.partners,
            price_currency=self.project.currency,
            price__isnull=False,
        ).order_by("-partner_id")
        return {record.product_id: record for record in records}

    def unit_price(self, stockrecord):
        return stockrecord.price if stockrecord is not None else None
