"""Who reads which message, and how many are unread: the read side of
conversations, shared by the storefront and the dashboard. Posting and
reading (state changes) are :mod:`oscar_bidding.services.conversations`."""

from django.db.models import Exists, F, Func, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from oscar_bidding.conf import setting

Message = get_model("bidding", "Message")
ConversationRead = get_model("bidding", "ConversationRead")

DIRECT = "direct"
MARKETPLACE = "marketplace"
MODES = (DIRECT, MARKETPLACE)

CUSTOMER = "customer"
VENDOR = "vendor"
STAFF = "staff"


def mode():
    """``direct`` or ``marketplace``: ``OSCAR_BIDDING_PROJECT_COMMUNICATIONS``."""
    return setting("OSCAR_BIDDING_PROJECT_COMMUNICATIONS")


def is_direct():
    return mode() == DIRECT


def visible_channels(role):
    """The message channels a side reads. Staff read all. In the direct mode
    the customer and the vendor read the shared channel and what staff wrote
    to them alone; in the marketplace mode only their own channel, so that
    they never read each other."""
    if role == STAFF:
        return (Message.DIRECT, Message.CUSTOMER, Message.VENDOR)
    own = Message.CUSTOMER if role == CUSTOMER else Message.VENDOR
    return (Message.DIRECT, own) if is_direct() else (own,)


def posting_channel(role):
    """The channel of a message the customer or the vendor writes."""
    if is_direct():
        return Message.DIRECT
    return Message.CUSTOMER if role == CUSTOMER else Message.VENDOR


def staff_channels():
    """The channels staff may write to, first the default."""
    if is_direct():
        return (Message.DIRECT, Message.CUSTOMER, Message.VENDOR)
    return (Message.CUSTOMER, Message.VENDOR)


def audiences(role, channel):
    """Who hears of a new message by e-mail: the other side, or staff in the
    marketplace mode; staff's messages go to the side(s) of their channel."""
    if role == STAFF:
        return {
            Message.DIRECT: (CUSTOMER, VENDOR),
            Message.CUSTOMER: (CUSTOMER,),
            Message.VENDOR: (VENDOR,),
        }[channel]
    if channel != Message.DIRECT:
        return (STAFF,)
    return (VENDOR,) if role == CUSTOMER else (CUSTOMER,)


def unread_messages(user, role, **lookups):
    """The messages of the conversations matching ``lookups`` that ``user``
    (reading as ``role``) has not read: not theirs, and after their read
    marker."""
    read = ConversationRead.objects.filter(
        conversation=OuterRef("conversation"),
        user=user,
        last_read_id__gte=OuterRef("pk"),
    )
    return (
        Message.objects.filter(channel__in=visible_channels(role), **lookups)
        .exclude(author=user)
        .exclude(Exists(read))
    )


def unread_count(user, role, **lookups):
    """An annotation: how many of :func:`unread_messages` there are, as one
    subquery of the list's own query (no query per row). ``lookups`` name the
    outer row with ``OuterRef``."""
    counted = (
        unread_messages(user, role, **lookups)
        .order_by()
        .annotate(count=Func(F("pk"), function="COUNT"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def unread_for_proposals(user, role):
    """Annotate a proposal queryset: unread messages of each one's conversation."""
    return unread_count(
        user,
        role,
        conversation__project=OuterRef("project_id"),
        conversation__partner=OuterRef("partner_id"),
    )


def unread_for_projects(user, role):
    """Annotate a project queryset: unread messages of all its conversations."""
    return unread_count(user, role, conversation__project=OuterRef("pk"))


def dashboard_role(user):
    return STAFF if user.is_staff else VENDOR
