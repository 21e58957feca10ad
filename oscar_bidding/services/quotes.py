"""Posting a quote request: the customer's products become a project of the
matching type, listing them, and the vendors who stock them are invited."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from oscar.core.loading import get_class, get_classes, get_model

from oscar_bidding import signals
from oscar_bidding.conf import setting
from oscar_bidding.exceptions import BiddingError

Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")
Project = get_model("bidding", "Project")
ProjectType = get_model("bidding", "ProjectType")
QuoteItem = get_model("bidding", "QuoteItem")
ProjectService = get_class("bidding.services.projects", "ProjectService")
Invitation = get_model("bidding", "Invitation")
Notifier = get_class("bidding.notifications", "Notifier")
InvitationService = get_class("bidding.services.invitations", "InvitationService")
Quotability, QuoteLine, check_quantity = get_classes(
    "bidding.quotes", ["Quotability", "QuoteLine", "check_quantity"]
)


class QuoteRequestService:
    """Checks the products and quantities, posts the project through
    :class:`~oscar_bidding.services.projects.ProjectService` (so a quote
    request is a project like any other: its type's answers, attachments,
    audit row and ``project_posted`` signal), lists the products on it,
    invites the stocking vendors and tells the customer. The basket is never
    touched."""

    project_service_class = ProjectService
    invitation_service_class = InvitationService
    notifier_class = Notifier
    quotability_class = Quotability
    line_class = QuoteLine

    def check(self, lines):
        """The lines as they are now in the catalogue, and the project type
        they post (``None``: untyped); raises ``BiddingError`` with what is
        wrong, so that nothing is saved."""
        if not lines:
            raise BiddingError(_("Your quote request lists no products."))
        limit = setting("OSCAR_BIDDING_MAX_ITEMS_PER_MILESTONE")
        if len(lines) > limit:
            raise BiddingError(
                ngettext(
                    "A quote request can list at most %(limit)d product.",
                    "A quote request can list at most %(limit)d products.",
                    limit,
                )
                % {"limit": limit}
            )
        products = Product.objects.select_related("product_class", "parent").in_bulk(
            [line.product.pk for line in lines]
        )
        quotability = self.quotability_class()
        checked, type_ids = [], set()
        for line in lines:
            product = products.get(line.product.pk)
            if product is None:
                raise BiddingError(
                    _("A product of your quote request no longer exists.")
                )
            refusal = quotability.refusal(product)
            if refusal:
                raise BiddingError(refusal)
            quantity, problem = check_quantity(line.quantity)
            if problem:
                raise BiddingError(
                    _("“%(title)s”: %(problem)s")
                    % {"title": product.get_title(), "problem": problem}
                )
            type_ids.add(quotability.terms(product).project_type_id)
            checked.append(
                self.line_class(product, quantity, (line.note or "").strip())
            )
        if len(type_ids) > 1:
            raise BiddingError(
                _(
                    "These products are quoted as different kinds of project: ask "
                    "for a quote on each kind separately."
                )
            )
        return checked, type_ids.pop()

    def project_type_of(self, lines):
        """The project type the lines post, or ``None``."""
        _lines, type_id = self.check(lines)
        return ProjectType.objects.filter(pk=type_id).first() if type_id else None

    def submit(self, customer, lines, **fields):
        """Post ``lines`` (``QuoteLine``) as a project; ``fields`` are
        :meth:`ProjectService.create`'s (title, description, deadline,
        answers...). Returns the project."""
        lines, type_id = self.check(lines)
        chosen = fields.pop("project_type", None)
        if getattr(chosen, "pk", chosen) not in (None, type_id):
            raise BiddingError(
                _("A quote request posts a project of its products' type.")
            )
        products = [line.product for line in lines]
        with transaction.atomic():
            partners = list(self.stocking_partners(products))
            fields.update(self.audience_fields(partners))
            project = self.project_service_class().create(
                customer,
                project_type_id=type_id,
                note=ngettext(
                    "Posted by a quote request for %(count)d product.",
                    "Posted by a quote request for %(count)d products.",
                    len(lines),
                )
                % {"count": len(lines)},
                **fields,
            )
            items = QuoteItem.objects.bulk_create(
                QuoteItem(
                    project=project,
                    product=line.product,
                    title=line.product.get_title()[:255],
                    quantity=line.quantity,
                    note=line.note,
                    position=position,
                )
                for position, line in enumerate(lines)
            )
            self.invite(project, partners, customer)
            self.notifier_class().quote_requested(project)
            transaction.on_commit(
                lambda: signals.quote_requested.send(
                    sender=Project,
                    instance=project,
                    items=items,
                    partners=partners,
                    user=customer,
                )
            )
        return project

    def stocking_partners(self, products):
        """The vendors with a stock record for one of ``products``."""
        return Partner.objects.filter(stockrecords__product__in=products).distinct()

    def audience_fields(self, partners):
        """A quote request is addressed to the vendors who stock its
        products; when none does yet, it is open to the vendors offering
        its type."""
        return {"invite_only": bool(partners)}

    def invite(self, project, partners, customer):
        """Invite the stocking vendors (``Invitation.QUOTE``: they need not
        offer the type, and the customer's limit does not apply)."""
        if not partners:
            return []
        return self.invitation_service_class().invite(
            project, partners, customer, source=Invitation.QUOTE
        )
