"""Paying milestones through Oscar's basket and checkout.

Pay fills and locks the customer's basket with the milestone's items; checkout
re-checks the milestone under a row lock before payment is taken; order
placement records the payment in the order's own transaction. Refunds are
:mod:`oscar_bidding.services.refunds`.
"""

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from oscar_bidding.conf import setting
from oscar_bidding.exceptions import BiddingError
from oscar_bidding.services.locking import lock, require_status

Basket = get_model("basket", "Basket")
Milestone = get_model("bidding", "Milestone")
MilestoneItem = get_model("bidding", "MilestoneItem")
MilestonePayment = get_model("bidding", "MilestonePayment")
PaymentAttempt = get_model("bidding", "PaymentAttempt")
Proposal = get_model("bidding", "Proposal")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")
InvoiceService = get_class("bidding.services.invoices", "InvoiceService")
Notifier = get_class("bidding.notifications", "Notifier")

#: The one hidden product every milestone line points at; its stock record
#: under the vendor's partner is what shows the order to the vendor.
MILESTONE_PRODUCT_UPC = "bidding-milestone"


def milestone_stockrecord(partner, currency):
    """The vendor's stock record of the milestone product, made on first use."""
    product_class, _created = ProductClass.objects.get_or_create(
        slug="bidding-milestone",
        defaults={
            "name": "Milestone",
            "requires_shipping": False,
            "track_stock": False,
        },
    )
    product, _created = Product.objects.get_or_create(
        upc=MILESTONE_PRODUCT_UPC,
        defaults={
            "title": "Milestone payment",
            "product_class": product_class,
            "is_public": False,
            "is_discountable": False,
        },
    )
    count_purchases(product)
    stockrecord, _created = StockRecord.objects.get_or_create(
        product=product,
        partner=partner,
        defaults={
            "partner_sku": MILESTONE_PRODUCT_UPC,
            # No price: Oscar's own add-to-basket form refuses the product;
            # milestone lines are priced from their items (pricing.py).
            "price": None,
            "price_currency": currency,
        },
    )
    return stockrecord


def count_purchases(product):
    """Give the milestone product its purchase counter before any order needs it.

    Oscar's analytics insert a product's counter at its first sale, from the
    ``order_placed`` signal. A milestone order is placed in one transaction,
    where two first sales at once would abort every order but one.
    """
    try:
        product_record = apps.get_model("analytics", "ProductRecord")
    except LookupError:  # the shop runs without Oscar's analytics
        return
    product_record.objects.get_or_create(product=product)


def milestones_in(basket):
    """The milestones a locked basket pays, in order."""
    return list(
        Milestone.objects.filter(
            pk__in=basket.lines.filter(milestone_item__isnull=False).values(
                "milestone_item__milestone"
            )
        )
        .select_related("proposal__project", "proposal__partner")
        .order_by("proposal_id", "number")
    )


def unfinished_payment(basket=None, milestones=()):
    """A payment attempt under way, or taken without its order yet, on the
    basket or ``milestones``: the basket must stay as it is, and nobody is
    asked to pay these milestones again."""
    where = Q(milestones__in=milestones)
    if basket is not None:
        where |= Q(basket_id=basket.pk)
    return PaymentAttempt.objects.filter(
        where, status__in=PaymentAttempt.OPEN_STATUSES
    ).first()


def park_lines(basket, other):
    """Merge on login without mixing a milestone payment with products.

    The products of the unlocked side wait in the owner's saved basket; the
    locked side stays as it is.
    """
    locked, unlocked = (basket, other) if basket.milestone_locked else (other, basket)
    if unlocked is other and unlocked.lines.exists() and basket.owner_id:
        saved, _created = Basket.saved.get_or_create(owner=basket.owner)
        for line in unlocked.lines.all():
            saved.merge_line(line)
    if locked is other:
        other.lines.all().delete()
    other.status = other.MERGED
    other.date_merged = timezone.now()
    other._lines = None
    other.save()
    basket._lines = None


class MilestonePaymentService:
    notifier_class = Notifier
    invoice_service_class = InvoiceService

    def __init__(self):
        self.notifier = self.notifier_class()
        self.invoices = self.invoice_service_class()

    def fill_basket(self, basket, milestone, customer):
        """Pay: the basket holds exactly the milestone's items, and is locked.

        Everything else in it goes, earlier unpaid milestones included. With
        ``OSCAR_BIDDING_PAY_SEVERAL`` every ready milestone of the proposal goes
        into the one basket.
        """
        with transaction.atomic():
            basket = lock(basket)
            milestone = lock(milestone)
            proposal = milestone.proposal
            if proposal.project.customer_id != customer.pk:
                raise BiddingError(_("Only the project's customer can pay it."))
            unfinished = unfinished_payment(basket, [milestone])
            if unfinished is not None:
                raise BiddingError(unfinished.customer_message())
            self._require_payable(proposal, [milestone])
            milestones = [milestone]
            if setting("OSCAR_BIDDING_PAY_SEVERAL"):
                milestones = list(
                    proposal.milestones.select_for_update()
                    .filter(status=Milestone.READY_TO_PAY)
                    .order_by("number")
                )
            self._empty(basket)
            basket.milestone_locked = True
            basket.save(update_fields=["milestone_locked"])
            stockrecord = milestone_stockrecord(proposal.partner, proposal.currency)
            items = MilestoneItem.objects.filter(milestone__in=milestones).order_by(
                "milestone__number", "position", "pk"
            )
            basket.lines.bulk_create(
                [
                    basket.lines.model(
                        basket=basket,
                        product=stockrecord.product,
                        stockrecord=stockrecord,
                        milestone_item=item,
                        line_reference=f"milestone-item-{item.pk}",
                        quantity=item.quantity,
                        price_currency=proposal.currency,
                        price_excl_tax=item.unit_price,
                        price_incl_tax=item.unit_price + item.tax / item.quantity,
                    )
                    for item in items
                ]
            )
            basket._lines = None
        return basket

    def release(self, basket):
        """Empty and unlock the basket: the customer gave up this payment.

        A basket that another request of the same customer has meanwhile
        submitted (two tabs, a double click) keeps the lines its order was
        placed from.
        """
        with transaction.atomic():
            basket = lock(basket)
            if not basket.can_be_edited or unfinished_payment(basket):
                return basket
            self._empty(basket)
            basket.milestone_locked = False
            basket.save(update_fields=["milestone_locked"])
        return basket

    def check_payable(self, basket):
        """Lock the basket's milestones and check they can still be paid as they are.

        Called by checkout before payment is taken, inside the transaction that
        places the order: a second attempt waits here for the first to finish,
        then finds the milestone paid.
        """
        milestones = list(
            Milestone.objects.select_for_update()
            .filter(pk__in=[m.pk for m in milestones_in(basket)])
            .select_related("proposal")
            .order_by("pk")
        )
        if not milestones:
            raise BiddingError(_("This basket no longer pays any milestone."))
        self._require_payable(milestones[0].proposal, milestones)
        due = sum(m.amount_incl_tax for m in milestones)
        lines = basket.all_lines()
        if len(lines) != MilestoneItem.objects.filter(
            milestone__in=milestones
        ).count() or (sum(line.line_price_incl_tax for line in lines) != due):
            raise BiddingError(
                _("The amount of this milestone has changed: please pay it again.")
            )
        return milestones

    def record_payment(self, order, basket, charged=None):
        """Mark the basket's milestones paid by ``order``, with its invoice.

        Runs in the transaction that creates the order: all of it or none.
        ``charged`` is what the gateway took: the payment rows record exactly
        that, or nothing is recorded.
        """
        milestones = self.check_payable(basket)
        if charged is not None and charged != sum(
            m.amount_incl_tax for m in milestones
        ):
            raise BiddingError(
                _("The payment taken does not match the amount of the milestones.")
            )
        proposal = lock(milestones[0].proposal)
        invoice = self.invoices.issue(order, proposal, milestones)
        now = timezone.now()
        payments = []
        for milestone in milestones:
            milestone.status = Milestone.PAID
            milestone.amount_paid = milestone.amount_incl_tax
            milestone.date_paid = now
            milestone.save(update_fields=["status", "amount_paid", "date_paid"])
            payments.append(
                MilestonePayment(
                    milestone=milestone,
                    order=order,
                    invoice=invoice,
                    order_number=order.number,
                    invoice_number=invoice.number,
                    amount=milestone.amount_incl_tax,
                    currency=order.currency,
                )
            )
        MilestonePayment.objects.bulk_create(payments)
        # The lines are services described by their title, like a deleted
        # product: nothing offers to re-order or review the hidden product.
        order.lines.update(product=None)
        proposal.amount_paid += sum(p.amount for p in payments)
        proposal.save(update_fields=["amount_paid", "date_updated"])
        self.notifier.milestone_paid(invoice)
        return invoice

    def _require_payable(self, proposal, milestones):
        require_status(proposal, [Proposal.ACCEPTED], _("pay"))
        for milestone in milestones:
            if milestone.status != Milestone.READY_TO_PAY:
                raise BiddingError(
                    _("Milestone %(number)s is not ready to pay: it is %(status)s.")
                    % {
                        "number": milestone.number,
                        "status": milestone.get_status_display().lower(),
                    }
                )

    def _empty(self, basket):
        basket.lines.all().delete()
        basket.vouchers.clear()
        basket._lines = None
