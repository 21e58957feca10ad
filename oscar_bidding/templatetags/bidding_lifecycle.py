"""What a page may offer: the object's next actions, read from its lifecycle.

``{% actions_for proposal as actions %}`` then ``{% if "accept" in actions %}``:
templates never compare status strings to decide what to offer.
"""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def actions_for(context, obj, user=None):
    """The actions ``user`` (the request's user by default) may take on ``obj``
    (a project, proposal or milestone) now."""
    return obj.actions_for(user if user is not None else context["user"])
