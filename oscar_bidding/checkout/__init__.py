"""Fork of Oscar's checkout app: paying milestones through Oscar's own checkout.

Only the override points live here (:mod:`oscar_bidding.checkout.mixins`);
the rules are in :mod:`oscar_bidding.services.payments`.
"""
