"""The package's loggers, which a second logging setup cannot silence.

``dictConfig`` with ``disable_existing_loggers: True`` disables every logger
that exists when it runs. Django configures logging before it imports the apps,
so a shop's configuration never meant to disable ours; but Celery's Django
fixup runs ``django.setup()`` again once our modules have made their loggers,
and the same configuration then disables them, hiding a broker that is down.
A level or handler the shop sets for ``oscar_bidding`` still applies: that is
the way to quiet it.
"""

import logging


class PackageLogger(logging.LoggerAdapter):
    def isEnabledFor(self, level):
        self.logger.disabled = False
        return super().isEnabledFor(level)


def get_logger(name):
    return PackageLogger(logging.getLogger(name))
