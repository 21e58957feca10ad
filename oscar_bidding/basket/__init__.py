"""Fork of Oscar's basket app: milestone lines and the basket lock.

Only the override points live here; the rules are in
:mod:`oscar_bidding.services.payments`. Shops with their own basket fork use
the mixins of :mod:`oscar_bidding.basket.mixins` instead.
"""
