"""Paying milestones through Oscar's basket and checkout.

Pay fills and locks the customer's basket with the milestone's items; checkout
re-checks the milestone under a row lock before payment is taken; order
placement records the payment in the order's own transaction. Refunds are
:mod:`oscar_bidding.services.refunds`.
"""

from django.apps import apps
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from oscar_bidding import lifecycle
from oscar_bidding.conf import setting
from oscar_bidding.exceptions import BiddingError
from oscar_bidding.services.locking import lock, require_status

Basket = get_model("basket", "Basket")
Milestone = get_model("bidding", "Milestone")
MilestonePayment = get_model("bidding", "MilestonePayment")
PaymentAttempt = get_model("bidding", "PaymentAttempt")
Proposal = get_model("bidding", "Proposal")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")
InvoiceService = get_class("bidding.services.invoices", "InvoiceService")
Notifier = get_class("bidding.notifications", "Notifier")
customer_proposals = get_class("bidding.access", "customer_proposals")

#: The one hidden product every milestone line points at; its stock record
#: under the milestone's partner (its sub-vendor, or else the proposal's
#: vendor) is what shows the order to that partner.
MILESTONE_PRODUCT_UPC = "bidding-milestone"


def milestone_stockrecord(partner, currency):
    """The partner's (a ``Partner`` or its pk) stock record of the milestone
    product, made on first use with the product."""
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
        partner_id=getattr(partner, "pk", partner),
        defaults={
            "partner_sku": MILESTONE_PRODUCT_UPC,
            # No price: Oscar's own add-to-basket form refuses the product;
            # milestone lines are priced from their milestones (pricing.py).
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
    """The milestones a locked basket pays, in order, with their proposals and
    items: read with its lines, no query more."""
    milestones = {line.milestone for line in basket.all_lines() if line.milestone_id}
    return sorted(milestones, key=lambda m: (m.proposal_id, m.number))


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
        """Pay: the basket holds exactly the milestone, a line for it, and is locked.

        ``milestone`` (or its pk) must be one of the customer's, or
        ``Milestone.DoesNotExist`` is raised. Everything else in the basket
        goes, earlier unpaid milestones included. With
        ``OSCAR_BIDDING_PAY_SEVERAL`` every ready milestone of the proposal goes
        into the one basket. Returns the milestones the basket now pays.
        """
        with transaction.atomic():
            # The update takes the basket's row lock: concurrent Pays of one
            # basket run one after the other.
            if not Basket._default_manager.filter(
                pk=basket.pk, status=Basket.OPEN
            ).update(milestone_locked=True):
                raise BiddingError(_("Your basket can no longer be changed."))
            milestone = self._lock_for_customer(milestone, customer)
            # Read after the lock: a checkout that held it has committed its
            # payment attempt by now.
            unfinished = unfinished_payment(basket, [milestone])
            if unfinished is not None:
                raise BiddingError(unfinished.customer_message())
            proposal = milestone.proposal
            self._require_payable(proposal, [milestone])
            milestones = [milestone]
            if setting("OSCAR_BIDDING_PAY_SEVERAL"):
                milestones = list(
                    self._with_stockrecord(
                        proposal.milestones.select_for_update(of=("self",))
                    )
                    .filter(status=Milestone.READY_TO_PAY)
                    .order_by("number")
                )
            self._empty(basket)
            basket.lines.bulk_create(
                [
                    basket.lines.model(
                        basket=basket,
                        milestone=milestone,
                        line_reference=f"milestone-{milestone.pk}",
                        quantity=1,
                        price_currency=proposal.currency,
                        price_excl_tax=milestone.amount_excl_tax,
                        price_incl_tax=milestone.amount_incl_tax,
                        **self._line_stockrecord(milestone, proposal),
                    )
                    for milestone in milestones
                ]
            )
        basket.milestone_locked = True
        return milestones

    def _lock_for_customer(self, milestone, customer):
        """The customer's milestone, locked, with its proposal, its project and
        the stock record of the milestone product its line carries
        (``stockrecord_id`` and ``product_id``, ``None`` before that partner's
        first milestone payment): one query."""
        return (
            self._with_stockrecord(Milestone.objects.select_for_update(of=("self",)))
            .filter(proposal__in=customer_proposals(customer))
            .select_related("proposal__project", "proposal__partner")
            .get(pk=getattr(milestone, "pk", milestone))
        )

    def _with_stockrecord(self, milestones):
        """``milestones`` annotated with the stock record of the milestone
        product under the partner its order line carries: the milestone's
        sub-vendor, or else the proposal's vendor (``line_partner_id``)."""
        stockrecord = StockRecord.objects.filter(
            partner=OuterRef("line_partner_id"), product__upc=MILESTONE_PRODUCT_UPC
        )
        return milestones.annotate(
            line_partner_id=Coalesce("sub_vendor_id", "proposal__partner_id")
        ).annotate(
            stockrecord_id=Subquery(stockrecord.values("pk")[:1]),
            product_id=Subquery(stockrecord.values("product_id")[:1]),
        )

    def _line_stockrecord(self, milestone, proposal):
        """The basket line's stock record and product for ``milestone``, made
        at its partner's first milestone payment."""
        if milestone.stockrecord_id is None:
            stockrecord = milestone_stockrecord(
                milestone.line_partner_id, proposal.currency
            )
            milestone.stockrecord_id = stockrecord.pk
            milestone.product_id = stockrecord.product_id
        return {
            "stockrecord_id": milestone.stockrecord_id,
            "product_id": milestone.product_id,
        }

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

        Called by checkout before payment is taken (the payment attempt is
        written under these locks), and again by order placement outside
        checkout. Returns the milestones the basket's lines read, with their
        proposals, projects, customers, vendors and items: the order and its
        invoice are made from them. Only what can change is read again, under
        the lock.
        """
        lines = basket.all_lines()
        milestones = sorted(
            (line.milestone for line in lines if line.milestone_id),
            key=lambda m: (m.proposal_id, m.number),
        )
        if not milestones:
            raise BiddingError(_("This basket no longer pays any milestone."))
        current = {
            pk: row
            for pk, *row in Milestone.objects.select_for_update(of=("self",))
            .filter(pk__in=[m.pk for m in milestones])
            .values_list("pk", "status", "amount_incl_tax", "proposal__status")
        }
        for milestone in milestones:
            (
                milestone.status,
                milestone.amount_incl_tax,
                milestone.proposal.status,
            ) = current[milestone.pk]
        self._require_payable(milestones[0].proposal, milestones)
        due = sum(m.amount_incl_tax for m in milestones)
        if sum(line.price_incl_tax * line.quantity for line in lines) != due:
            raise BiddingError(
                _("The amount of this milestone has changed: please pay it again.")
            )
        return milestones

    def record_payment(self, order, basket, milestones=None, charged=None):
        """Mark ``milestones`` (those of :meth:`check_payable`; checked again
        here when not given) paid by ``order``, with its invoice.

        Runs in the transaction that creates the order: all of it or none. Each
        change is guarded in the database, so milestones read before this
        transaction are safe to use: a milestone no longer ready to pay, or
        whose amount changed, or a proposal no longer accepted, stops it.
        ``charged`` is what the gateway took: the payment rows record exactly
        that, or nothing is recorded.
        """
        if milestones is None:
            milestones = self.check_payable(basket)
        total = sum(m.amount_incl_tax for m in milestones)
        if charged is not None and charged != total:
            raise BiddingError(
                _("The payment taken does not match the amount of the milestones.")
            )
        now = timezone.now()
        self._mark_paid(milestones, now)
        proposal = milestones[0].proposal
        self._add_paid(proposal, total, now)
        invoice = self.invoices.issue(order, proposal, milestones)
        lifecycle.record_transitions(
            milestones,
            Milestone.READY_TO_PAY,
            Milestone.PAID,
            user=proposal.project.customer,
            role=lifecycle.CUSTOMER,
            note=_("Order %(order)s, invoice %(invoice)s")
            % {"order": order.number, "invoice": invoice.number},
        )
        MilestonePayment.objects.bulk_create(
            MilestonePayment(
                milestone=milestone,
                order=order,
                invoice=invoice,
                order_number=order.number,
                invoice_number=invoice.number,
                amount=milestone.amount_incl_tax,
                currency=order.currency,
            )
            for milestone in milestones
        )
        # The lines are services described by their title, like a deleted
        # product: nothing offers to re-order or review the hidden product.
        order.lines.update(product=None)
        self.notifier.milestone_paid(invoice, milestones)
        return invoice

    def _add_paid(self, proposal, amount, now):
        """One guarded update: the proposal, still accepted, was paid ``amount``."""
        if not Proposal.objects.filter(pk=proposal.pk, status=Proposal.ACCEPTED).update(
            amount_paid=F("amount_paid") + amount, date_updated=now
        ):
            raise BiddingError(_("This proposal can no longer be paid."))
        proposal.amount_paid += amount

    def _mark_paid(self, milestones, now):
        """One guarded update: each milestone still ready to pay, at the amount
        it was read with."""
        as_read = Q()
        for milestone in milestones:
            as_read |= Q(pk=milestone.pk, amount_incl_tax=milestone.amount_incl_tax)
        paid = Milestone.objects.filter(as_read, status=Milestone.READY_TO_PAY).update(
            status=Milestone.PAID, amount_paid=F("amount_incl_tax"), date_paid=now
        )
        if paid != len(milestones):
            raise BiddingError(
                _("The milestones changed meanwhile: please pay them again.")
            )
        for milestone in milestones:
            milestone.status = Milestone.PAID
            milestone.amount_paid = milestone.amount_incl_tax
            milestone.date_paid = now

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
