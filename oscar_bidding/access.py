"""Who may see what: every view builds its queryset here, so that someone
else's object is simply not found (404)."""

from django.db.models import Exists, OuterRef, Q
from oscar.core.loading import get_class, get_model

from oscar_bidding.conf import setting

Invoice = get_model("bidding", "Invoice")
Milestone = get_model("bidding", "Milestone")
MilestoneDeliveryFile = get_model("bidding", "MilestoneDeliveryFile")
MilestonePayment = get_model("bidding", "MilestonePayment")
Order = get_model("order", "Order")
OrderLine = get_model("order", "Line")
Partner = get_model("partner", "Partner")
Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
Rate = get_model("bidding", "Rate")
StatusChange = get_model("bidding", "StatusChange")


def is_vendor(user):
    return user.is_authenticated and user.has_perm("partner.dashboard_access")


def vendor_partners(user):
    """The partners a dashboard user bids for: all of them for staff."""
    if user.is_staff:
        return Partner.objects.all()
    if not is_vendor(user):
        return Partner.objects.none()
    return Partner.objects.filter(users=user)


def customer_projects(user):
    return Project.objects.filter(customer=user)


def customer_proposals(user):
    return Proposal.objects.filter(
        project__customer=user, status__in=Proposal.VISIBLE_TO_CUSTOMER
    )


def vendor_proposals(user):
    if user.is_staff:
        return Proposal.objects.all()
    return Proposal.objects.filter(partner__in=vendor_partners(user))


def vendor_projects(user):
    """The projects this vendor may bid on (:func:`biddable_projects`), and the
    ones it has answered: an invite-only project it was not invited to is not
    found (404), its attachments and answers neither."""
    if user.is_staff:
        return Project.objects.all()
    if not is_vendor(user):
        return Project.objects.none()
    answered = Proposal.objects.filter(partner__users=user).values("project_id")
    return Project.objects.filter(biddable_filter(user) | Q(pk__in=answered))


def offered_type_ids(user):
    """The project types the user's partners offer, and every type below
    each of them (a vendor offering "Building" bids on "Kitchens"): one query
    reads every type and whether one of the user's partners offers it."""
    TypeTree = get_class("bidding.project_types", "TypeTree")

    ProjectType = get_model("bidding", "ProjectType")
    if not user.is_authenticated:
        return set()
    offerings = ProjectType.partners.through.objects.filter(
        projecttype=OuterRef("pk"), partner__in=vendor_partners(user)
    )
    tree = TypeTree.load(ProjectType.objects.annotate(offered=Exists(offerings)))
    offered = {pk for pk, node in tree.types.items() if node.offered}
    found = set(offered)
    for pk in offered:
        found |= tree.descendants(pk)
    return found


def biddable_filter(user):
    """The ``Q`` of :func:`biddable_projects` for a vendor (not staff)."""
    Invitation = get_model("bidding", "Invitation")
    invited = Invitation.objects.filter(partner__users=user).values("project_id")
    offered = Q(project_type__isnull=True) | Q(project_type__in=offered_type_ids(user))
    return Q(status=Project.OPEN) & (
        (Q(invite_only=False) & offered) | Q(pk__in=invited)
    )


def biddable_projects(user):
    """The open projects this vendor may bid on: those open to every vendor
    whose type (or an ancestor of it) one of its partners offers, or without
    a type; and those it was invited to, invite-only or not. Staff: every
    open project."""
    if user.is_staff:
        return Project.objects.filter(status=Project.OPEN)
    if not is_vendor(user):
        return Project.objects.none()
    return Project.objects.filter(biddable_filter(user))


def with_invited(projects, user):
    """``projects`` annotated with ``is_invited``: whether one of the user's
    partners was invited to it (Open Projects marks it "invited")."""
    Invitation = get_model("bidding", "Invitation")
    invitations = Invitation.objects.filter(
        project=OuterRef("pk"), partner__in=vendor_partners(user)
    )
    return projects.annotate(is_invited=Exists(invitations))


def dashboard_partners():
    """Partners with at least one user who may open the dashboard."""
    from django.contrib.auth.models import Permission

    access = Permission.objects.filter(
        codename="dashboard_access", content_type__app_label="partner"
    )
    return Partner.objects.filter(
        Q(
            pk__in=Partner.users.through.objects.filter(
                user__user_permissions__in=access
            ).values("partner_id")
        )
        | Q(
            pk__in=Partner.users.through.objects.filter(
                user__groups__permissions__in=access
            ).values("partner_id")
        )
    )


def offering_partners(project):
    """Partners offering ``project``'s type or one of its ancestors; for a
    project without a type, every partner with a dashboard user."""
    return type_partners(project.project_type_id)


def type_partners(project_type, tree=None):
    """Partners offering ``project_type`` (a type or its pk) or one of its
    ancestors; for ``None``, every partner with a dashboard user. ``tree``: a
    :class:`~oscar_bidding.project_types.TypeTree` already read."""
    TypeTree = get_class("bidding.project_types", "TypeTree")

    if project_type is None:
        return dashboard_partners()
    ProjectType = get_model("bidding", "ProjectType")
    tree = tree or TypeTree.load()
    chain = [t.pk for t in tree.ancestors(getattr(project_type, "pk", project_type))]
    offerings = ProjectType.partners.through.objects.filter(projecttype__in=chain)
    return Partner.objects.filter(pk__in=offerings.values("partner_id"))


def project_vendors(project):
    """The partners that may bid on ``project``: its invitees if it is
    invite-only; otherwise also the partners offering its type or an ancestor
    of it (every partner with a dashboard user, for a project without a
    type)."""
    Invitation = get_model("bidding", "Invitation")
    invited = Q(pk__in=Invitation.objects.filter(project=project).values("partner_id"))
    if project.invite_only:
        return Partner.objects.filter(invited)
    return Partner.objects.filter(
        invited | Q(pk__in=offering_partners(project).values("pk"))
    )


def visible_projects(user):
    """Projects whose details and attachments ``user`` may read."""
    if not user.is_authenticated:
        return Project.objects.none()
    return vendor_projects(user) | customer_projects(user)


def visible_invoices(user):
    """Invoices of the user's projects and of the vendor's proposals; all for staff."""
    if not user.is_authenticated:
        return Invoice.objects.none()
    if user.is_staff:
        return Invoice.objects.all()
    return Invoice.objects.filter(
        Q(proposal__project__customer=user)
        | Q(proposal__partner__in=vendor_partners(user))
    )


def vendor_rates(user):
    """The rates of the user's partners; all of them for staff."""
    if user.is_staff:
        return Rate.objects.all()
    return Rate.objects.filter(partner__in=vendor_partners(user))


def vendor_invoices(user):
    """Invoices of the vendor's proposals, read in the dashboard; all for staff."""
    if user.is_staff:
        return Invoice.objects.all()
    return Invoice.objects.filter(proposal__partner__in=vendor_partners(user))


def customer_milestones(user):
    """Milestones of the proposals the customer received."""
    return Milestone.objects.filter(proposal__in=customer_proposals(user))


def vendor_milestones(user):
    """Milestones of the vendor's proposals; all for staff."""
    return Milestone.objects.filter(proposal__in=vendor_proposals(user))


def visible_delivery_files(user):
    """Files of the deliveries of the user's milestones: the customer's and the
    vendor's; all for staff."""
    if not user.is_authenticated:
        return MilestoneDeliveryFile.objects.none()
    if user.is_staff:
        return MilestoneDeliveryFile.objects.all()
    return MilestoneDeliveryFile.objects.filter(
        Q(delivery__milestone__proposal__in=customer_proposals(user))
        | Q(delivery__milestone__proposal__partner__in=vendor_partners(user))
    )


def sub_vendor_partners(partner):
    """The partners ``partner``'s users may give a milestone to (a sub-vendor):
    every partner of the shop but ``partner`` itself, or none when
    ``OSCAR_BIDDING_SUB_VENDORS`` is off. A shop with its own rule (partners
    it approved, say) overrides this function (``get_class`` loads it)."""
    if not setting("OSCAR_BIDDING_SUB_VENDORS"):
        return Partner.objects.none()
    partners = Partner.objects.all()
    if partner is not None:
        partners = partners.exclude(pk=getattr(partner, "pk", partner))
    return partners


def sub_vendor_milestones(user):
    """The milestones given to the user's partners as sub-vendor: the only
    part of someone else's proposal they see. Staff see them all."""
    if user.is_staff:
        return Milestone.objects.exclude(sub_vendor=None)
    return Milestone.objects.filter(sub_vendor__in=vendor_partners(user))


def readable_milestones(user):
    """Milestones a dashboard user may read: those of their partners'
    proposals, and those given to their partners as sub-vendor."""
    if user.is_staff:
        return Milestone.objects.all()
    partners = vendor_partners(user)
    return Milestone.objects.filter(
        Q(proposal__partner__in=partners) | Q(sub_vendor__in=partners)
    )


def dashboard_orders(user):
    """The orders of Oscar's order dashboard a user may open.

    Oscar's rule (an order one of whose lines' partner is one of the user's)
    and the orders that paid the milestones of their partners' proposals:
    a milestone given to a sub-vendor has the sub-vendor as its line's
    partner, and the proposal's vendor, the invoice's seller, still sees the
    order. Staff: all of them.
    """
    orders = Order._default_manager.select_related(
        "billing_address",
        "billing_address__country",
        "shipping_address",
        "shipping_address__country",
        "user",
    ).prefetch_related("lines", "status_changes")
    if user.is_staff:
        return orders
    partners = vendor_partners(user)
    lines = OrderLine._default_manager.filter(partner__in=partners)
    paid = MilestonePayment.objects.filter(milestone__proposal__partner__in=partners)
    return orders.filter(
        Q(pk__in=lines.values("order_id")) | Q(pk__in=paid.values("order_id"))
    )


def staff_disputes(user):
    """Milestones ever disputed (open or decided), sub-vendors' included:
    shop staff decide disputes, and nobody else sees this list."""
    if not (user.is_authenticated and user.is_staff):
        return Milestone.objects.none()
    disputed = StatusChange.objects.filter(
        subject="milestone", new_status=Milestone.DISPUTED
    )
    return Milestone.objects.filter(pk__in=disputed.values("milestone_id"))


# Conversations (messages and their files). Who reads which message depends on
# its channel and on OSCAR_BIDDING_PROJECT_COMMUNICATIONS: see
# oscar_bidding.messaging.visible_channels.


def customer_conversations(user):
    """The conversations of the customer's projects."""
    Conversation = get_model("bidding", "Conversation")
    return Conversation.objects.filter(project__customer=user)


def vendor_conversations(user):
    """The conversations of the user's partners; all of them for staff."""
    Conversation = get_model("bidding", "Conversation")
    if user.is_staff:
        return Conversation.objects.all()
    return Conversation.objects.filter(partner__in=vendor_partners(user))


def visible_messages(user):
    """The messages ``user`` may read: as the customer of the project, as a
    user of the vendor, or as staff (all)."""
    visible_channels = get_class("bidding.messaging", "visible_channels")

    Message = get_model("bidding", "Message")
    if not user.is_authenticated:
        return Message.objects.none()
    if user.is_staff:
        return Message.objects.all()
    return Message.objects.filter(
        Q(
            conversation__project__customer=user,
            channel__in=visible_channels("customer"),
        )
        | Q(
            conversation__partner__in=vendor_partners(user),
            channel__in=visible_channels("vendor"),
        )
    )


def asked_projects(user):
    """The projects a vendor may ask about (those they may bid on) and those
    they asked about: a question stays readable once the project closes."""
    asked = vendor_conversations(user).values("project_id")
    readable = vendor_projects(user).values("pk")
    return Project.objects.filter(Q(pk__in=readable) | Q(pk__in=asked))


def visible_message_files(user):
    """The files of the messages ``user`` may read."""
    MessageFile = get_model("bidding", "MessageFile")
    return MessageFile.objects.filter(message__in=visible_messages(user))


def visible_answer_files(user):
    """Answers (their files) of the projects ``user`` may read."""
    ProjectAnswer = get_model("bidding", "ProjectAnswer")
    return ProjectAnswer.objects.filter(project__in=visible_projects(user)).exclude(
        file=""
    )


def managed_project_types(user):
    """Project types a dashboard user may edit: staff only."""
    ProjectType = get_model("bidding", "ProjectType")
    if user.is_staff:
        return ProjectType.objects.all()
    return ProjectType.objects.none()


def terms_proposals(user):
    """Proposals whose accepted terms ``user`` may read: those they read."""
    return visible_proposals(user)


def visible_proposals(user):
    """Proposals the user reads: those the customer received and the vendor's
    own (drafts included); all for staff."""
    if not user.is_authenticated:
        return Proposal.objects.none()
    return Proposal.objects.filter(
        Q(pk__in=customer_proposals(user).values("pk"))
        | Q(pk__in=vendor_proposals(user).values("pk"))
    )


def visible_milestones(user):
    """Milestones the user reads: the customer's, the vendor's and those given
    to the user's partners as sub-vendor; all for staff."""
    if not user.is_authenticated:
        return Milestone.objects.none()
    return Milestone.objects.filter(
        Q(pk__in=customer_milestones(user).values("pk"))
        | Q(pk__in=readable_milestones(user).values("pk"))
    )


def visible_payments(user):
    """Payment History rows of the milestones the customer or the vendor reads."""
    if not user.is_authenticated:
        return MilestonePayment.objects.none()
    return MilestonePayment.objects.filter(
        Q(milestone__proposal__in=customer_proposals(user))
        | Q(milestone__proposal__in=vendor_proposals(user))
    )


def visible_status_changes(user):
    """The audit timeline a user reads: their projects' own rows, and the rows
    of the proposals (and their milestones) they read, less the vendor's
    drafting for the customer; all for staff."""
    StatusChange = get_model("bidding", "StatusChange")
    if not user.is_authenticated:
        return StatusChange.objects.none()
    if user.is_staff:
        return StatusChange.objects.all()
    drafting = Q(subject="proposal", new_status=Proposal.DRAFT)
    return StatusChange.objects.filter(
        Q(project__in=customer_projects(user))
        | (Q(proposal__in=customer_proposals(user)) & ~drafting)
        | Q(proposal__in=vendor_proposals(user))
    )
