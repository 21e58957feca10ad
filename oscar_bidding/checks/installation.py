"""System checks: what the install steps of docs/installation.rst wire, checked.

Each check says what is missing or contradictory and how to mend it, so that
``manage.py check`` walks a shop through the install instead of a customer
finding out at the first payment or refund.
"""

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.urls import NoReverseMatch, reverse
from oscar.core.loading import get_class, get_model

from oscar_bidding.basket.mixins import MilestoneBasketMixin, MilestoneLineMixin
from oscar_bidding.basket.view_mixins import (
    LockedBasketAddMixin,
    LockedBasketPostMixin,
    LockedBasketViewMixin,
    LockedSavedMixin,
)
from oscar_bidding.checkout.mixins import MilestoneCheckoutMixin
from oscar_bidding.conf import setting, uses_celery
from oscar_bidding.navigation import MARKETPLACE_MANAGEMENT

DOCS = "See 'Install into your Oscar shop' in oscar_bidding's README."

#: What the basket and checkout Oscar loads must carry, fork ours or the shop's.
BASKET_MIXINS = {
    "basket.Basket": MilestoneBasketMixin,
    "basket.Line": MilestoneLineMixin,
    "basket.views.BasketView": LockedBasketViewMixin,
    "basket.views.BasketAddView": LockedBasketAddMixin,
    "basket.views.VoucherAddView": LockedBasketPostMixin,
    "basket.views.VoucherRemoveView": LockedBasketPostMixin,
    "basket.views.SavedView": LockedSavedMixin,
}
CHECKOUT_MIXINS = {"checkout.views.PaymentDetailsView": MilestoneCheckoutMixin}

#: One page of each app (by its module): reversing it proves its URLs are included.
URL_NAMES = {
    "oscar_bidding": "bidding:project-list",
    "oscar_bidding.dashboard": "bidding_dashboard:project-list",
}


def loaded(dotted):
    """The model (``app.Model``) or class (``app.module.Class``) Oscar loads."""
    module, name = dotted.rsplit(".", 1)
    if "." not in module:
        return get_model(module, name)
    return get_class(module, name)


def missing_mixins(mixins, error_id, fork, hint):
    return [
        checks.Error(
            f"{dotted} does not have {mixin.__name__}: {fork}",
            hint=hint,
            obj=loaded(dotted),
            id=error_id,
        )
        for dotted, mixin in mixins.items()
        if not issubclass(loaded(dotted), mixin)
    ]


@checks.register()
def check_basket_fork(app_configs, **kwargs):
    return missing_mixins(
        BASKET_MIXINS,
        "oscar_bidding.E001",
        "milestones cannot be paid without oscar_bidding's basket.",
        'Put "oscar_bidding.basket.apps.BasketConfig" in INSTALLED_APPS instead '
        "of Oscar's basket, or mix oscar_bidding's basket mixins into your own "
        "basket fork (docs/payments.rst).",
    )


@checks.register()
def check_checkout_fork(app_configs, **kwargs):
    return missing_mixins(
        CHECKOUT_MIXINS,
        "oscar_bidding.E002",
        "a milestone order would be placed without its payment.",
        'Put "oscar_bidding.checkout.apps.CheckoutConfig" in INSTALLED_APPS '
        "instead of Oscar's checkout, or mix MilestoneCheckoutMixin into your own "
        "PaymentDetailsView (docs/payments.rst).",
    )


@checks.register()
def check_dashboard_app(app_configs, **kwargs):
    if apps.is_installed("oscar_bidding.dashboard"):
        return []
    return [
        checks.Error(
            "oscar_bidding's dashboard app is not installed: vendors cannot bid.",
            hint='Add "oscar_bidding.dashboard.apps.BiddingDashboardConfig" to '
            "INSTALLED_APPS. " + DOCS,
            id="oscar_bidding.E003",
        )
    ]


@checks.register(checks.Tags.urls)
def check_urls(app_configs, **kwargs):
    errors = []
    for app, name in URL_NAMES.items():
        namespace = name.split(":")[0]
        if not apps.is_installed(app):
            continue
        try:
            reverse(name)
        except NoReverseMatch:
            errors.append(
                checks.Error(
                    f"The URLs of the {namespace!r} app are not in ROOT_URLCONF.",
                    hint=f'Add path("...", apps.get_app_config("{namespace}").urls) '
                    "to your urls.py. " + DOCS,
                    id="oscar_bidding.E004",
                )
            )
    return errors


def url_names(entries):
    for entry in entries:
        if entry.get("url_name"):
            yield entry["url_name"]
        yield from url_names(entry.get("children", ()))


@checks.register()
def check_navigation(app_configs, **kwargs):
    shown = set(url_names(settings.OSCAR_DASHBOARD_NAVIGATION))
    wanted = url_names([MARKETPLACE_MANAGEMENT])
    missing = [name for name in wanted if name not in shown]
    if not missing:
        return []
    return [
        checks.Warning(
            "The dashboard menu has no entry for " + ", ".join(missing) + ".",
            hint="Append oscar_bidding.navigation.MARKETPLACE_MANAGEMENT to "
            "OSCAR_DASHBOARD_NAVIGATION, after `from oscar.defaults import *`.",
            id="oscar_bidding.W001",
        )
    ]


def reachable(pipeline, status):
    """Every status an order in ``status`` can be moved to, one step or more."""
    seen, todo = set(), [status]
    while todo:
        for following in pipeline.get(todo.pop(), ()):
            if following not in seen:
                seen.add(following)
                todo.append(following)
    return seen


@checks.register()
def check_order_status_pipeline(app_configs, **kwargs):
    pipeline = settings.OSCAR_ORDER_STATUS_PIPELINE
    paid = setting("OSCAR_BIDDING_PAID_ORDER_STATUS")
    refunds = setting("OSCAR_BIDDING_REFUND_ORDER_STATUSES")
    statuses = set(pipeline).union(*pipeline.values())
    errors = []
    if pipeline and paid not in statuses:
        errors.append(
            checks.Warning(
                f"OSCAR_BIDDING_PAID_ORDER_STATUS {paid!r} is not in "
                "OSCAR_ORDER_STATUS_PIPELINE: staff cannot move a paid "
                "milestone order on.",
                hint=f"Add {paid!r} to the pipeline, or set "
                "OSCAR_BIDDING_PAID_ORDER_STATUS to one of its statuses.",
                id="oscar_bidding.W002",
            )
        )
    for status in refunds:
        if pipeline and status not in statuses:
            errors.append(
                checks.Warning(
                    f"Refund status {status!r} of OSCAR_BIDDING_REFUND_ORDER_STATUSES "
                    "is not in OSCAR_ORDER_STATUS_PIPELINE.",
                    hint=f"Add {status!r} to the pipeline, or leave it out of "
                    "OSCAR_BIDDING_REFUND_ORDER_STATUSES.",
                    id="oscar_bidding.W003",
                )
            )
    if not reachable(pipeline, paid) & set(refunds):
        errors.append(
            checks.Warning(
                "Milestone payments cannot be refunded: OSCAR_ORDER_STATUS_PIPELINE "
                f"does not lead from the paid status {paid!r} to any of "
                f"OSCAR_BIDDING_REFUND_ORDER_STATUSES {tuple(refunds)!r}.",
                hint=f'Let {paid!r} lead to a refund status, for instance "{paid}": '
                '("Refunded",) and "Refunded": () in the pipeline.',
                id="oscar_bidding.W004",
            )
        )
    return errors


@checks.register()
def check_app_order(app_configs, **kwargs):
    """Our templates (menus, order pages) override Oscar's only when found first."""
    labels = [config.label for config in apps.get_app_configs()]
    if labels.index("bidding") < labels.index("oscar"):
        return []
    return [
        checks.Warning(
            "oscar_bidding comes after Oscar in INSTALLED_APPS: Oscar's templates "
            "hide its menus and order pages.",
            hint='Put "oscar_bidding.apps.BiddingConfig" and '
            '"oscar_bidding.dashboard.apps.BiddingDashboardConfig" before '
            '"oscar.config.Shop".',
            id="oscar_bidding.W005",
        )
    ]


@checks.register()
def check_celery_app(app_configs, **kwargs):
    """Tasks are sent with Celery's current app: the shop's, once it is imported.

    An app that was never imported leaves Celery's default one, which ignores
    the ``CELERY_*`` settings: e-mails would go to a broker nobody runs.
    """
    if not uses_celery():
        return []
    from celery import current_app

    conf = current_app.conf
    eager = getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False)
    broker = getattr(settings, "CELERY_BROKER_URL", None)
    if conf.task_always_eager == eager and (not broker or conf.broker_url == broker):
        return []
    return [
        checks.Warning(
            "Celery's current app does not follow the CELERY_* settings: your "
            "project's Celery app is not imported when Django starts.",
            hint="Import it in your project's __init__.py (`from .celery_app "
            "import app as celery_app`), or at the end of a settings module that "
            "is not in a package. " + DOCS,
            id="oscar_bidding.W007",
        )
    ]


BASKET_MIDDLEWARE = "oscar.apps.basket.middleware.BasketMiddleware"
LOCK_MIDDLEWARE = "oscar_bidding.basket.middleware.BasketLockMiddleware"


@checks.register()
def check_basket_lock_middleware(app_configs, **kwargs):
    """Oscar's own views (the re-order of My Orders) change a basket the forks
    never see; the middleware answers their refusal with the lock's message."""
    middleware = list(settings.MIDDLEWARE)
    if (
        LOCK_MIDDLEWARE in middleware
        and BASKET_MIDDLEWARE in middleware
        and middleware.index(LOCK_MIDDLEWARE) > middleware.index(BASKET_MIDDLEWARE)
    ):
        return []
    return [
        checks.Warning(
            f"{LOCK_MIDDLEWARE} is not in MIDDLEWARE after {BASKET_MIDDLEWARE}: "
            "re-ordering while the basket pays a milestone is a server error.",
            hint="Insert it right after Oscar's BasketMiddleware. " + DOCS,
            id="oscar_bidding.W008",
        )
    ]
