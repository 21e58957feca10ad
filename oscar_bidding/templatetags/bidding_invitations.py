"""What pages say about invitations, as the shop set it."""

from django import template

from oscar_bidding.conf import setting

register = template.Library()


@register.simple_tag
def invitee_term():
    """What the shop calls the invited vendors (``OSCAR_BIDDING_INVITEE_TERM``):
    ``{% invitee_term as term %}``."""
    return setting("OSCAR_BIDDING_INVITEE_TERM")


@register.simple_tag
def max_invites():
    return setting("OSCAR_BIDDING_MAX_INVITES")
