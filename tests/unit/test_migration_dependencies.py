"""The package's migrations install into shops that forked Oscar's apps.

``oscar_fork_app`` copies an app's migrations under Oscar's names, but a fork
made before an Oscar release gets that release's schema changes from the
shop's own ``makemigrations``, under the shop's names (Oscar's own test site
has partner ``0008_partneraddress_code`` where Oscar has ``0007``). The one
migration every fork has is its first, so that is all the package may depend
on in an app it does not own. ``tests/shop_forks`` migrates such a shop.
"""

from importlib import import_module
from pkgutil import iter_modules

# The package's migrations by app label. ``bidding`` is its own app: a shop
# that forks it copies these migrations with their names (docs: customisation).
PACKAGE_MIGRATIONS = {
    "bidding": "oscar_bidding.migrations",
    "basket": "oscar_bidding.basket.migrations",
}
# An app's first migration, as Django spells it (``swappable_dependency`` too)
# and as Oscar's basket migrations, copied unchanged, name it.
FIRST_MIGRATION = {"__first__", "0001_initial"}


def package_migrations():
    for label, package in PACKAGE_MIGRATIONS.items():
        for module in iter_modules(import_module(package).__path__):
            if not module.name.startswith("_"):  # skipped by Django's loader too
                path = f"{package}.{module.name}"
                yield label, module.name, import_module(path).Migration


def test_migrations_depend_only_on_first_migrations_of_apps_a_shop_may_fork():
    migrations = list(package_migrations())
    later = [
        (f"{label}.{name}", dependency)
        for label, name, migration in migrations
        for dependency in migration.dependencies
        if dependency[0] not in {label, "bidding"}
        and dependency[1] not in FIRST_MIGRATION
    ]

    assert {label for label, _name, _migration in migrations} == {"bidding", "basket"}
    assert later == []
