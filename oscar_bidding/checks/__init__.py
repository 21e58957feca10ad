"""Django system checks: what a shop's settings get wrong, said by ``manage.py check``.

One module per concern; importing this package registers them all.
"""

from oscar_bidding.checks import (  # noqa: F401
    catalogue,
    email,
    forks,
    installation,
    lifecycle,
    messaging,
    payments,
    refunds,
    search,
    terms,
)
