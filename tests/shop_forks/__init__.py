"""A shop that already forked Oscar's basket and checkout, and adds milestone
payments to its own forks with oscar_bidding's mixins (docs: customisation).

Run with ``pytest --ds=tests.shop_forks.settings tests/shop_forks``.
"""
