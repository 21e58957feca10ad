"""django-oscar-api's basket and checkout, made to keep the milestone basket lock.

django-oscar-api changes basket lines without Oscar's basket views, where the
storefront checks the lock. Put this package first in its override modules::

    OSCARAPI_OVERRIDE_MODULES = ["oscar_bidding.api.oscarapi"]

- adding a product, adding a voucher, adding, changing or deleting a line of
  a locked basket is refused with the lock's message (406, ``{"reason": …}``,
  as django-oscar-api refuses what it cannot do);
- ``checkout/`` of a locked basket pays its milestones as the storefront's
  checkout does (:class:`oscar_bidding.services.headless.HeadlessCheckout`):
  the payment attempt, the shop's gateway (``OSCAR_BIDDING_PAYMENT_GATEWAY``;
  its form's fields go in ``"payment"``), then the order with its milestone
  payment and invoice. Other baskets check out as django-oscar-api does.
"""
