from oscar_bidding import apps


class BiddingConfig(apps.BiddingConfig):
    """The shop's fork of ``bidding``: two changed services, the rest inherited
    through ``oscar_bidding.loading.class_loader``."""

    name = "tests.shop_forks.bidding"
