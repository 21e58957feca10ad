"""Fork of Oscar's catalogue dashboard: the milestone product left alone.

Only the product views change; the rules are in
:mod:`oscar_bidding.milestone_product`. Shops with their own fork of the
catalogue dashboard put the mixins of :mod:`.mixins` into their own views.
"""
