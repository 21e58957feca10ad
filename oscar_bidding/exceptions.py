"""Errors raised by the service layer; views turn them into messages."""


class BiddingError(Exception):
    """A rule of the marketplace refused the change; ``str(error)`` is for the user."""


class IllegalTransition(BiddingError):
    """The object is not in a state that allows this change."""


class InvalidTransition(IllegalTransition):
    """The object's pipeline (``OSCAR_BIDDING_*_PIPELINE``) does not allow this
    change of status."""


class BasketRefused(BiddingError):
    """The basket refused a change of its lines, whichever view asked."""


class BasketLocked(BasketRefused):
    """The basket pays a milestone: no line changes until it is paid or released."""


class QuoteOnly(BasketRefused):
    """The product's type is sold by quotation only: it is never bought."""


class ProposalChanged(BiddingError):
    """The customer decided on a version of a proposal the vendor has changed since."""


class ImmutableRevision(BiddingError):
    """Something tried to change a proposal revision once it was submitted."""
