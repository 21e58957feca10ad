"""Row locks and guarded transitions shared by the services."""

from django.utils.translation import gettext as _

from oscar_bidding.exceptions import IllegalTransition


def lock(instance):
    """Re-read ``instance`` under ``SELECT ... FOR UPDATE`` so that concurrent
    transitions of the same row run one after the other and see each other's
    result. Must be called inside ``transaction.atomic``. ``_meta.model``, not
    ``type()``: Oscar's ``request.basket`` is a lazy object."""
    return instance._meta.model._default_manager.select_for_update().get(pk=instance.pk)


def require_status(instance, allowed, action):
    """Refuse ``action`` unless ``instance`` is in one of the ``allowed`` statuses."""
    if instance.status not in allowed:
        raise IllegalTransition(
            _("You cannot %(action)s this %(object)s: it is %(status)s.")
            % {
                "action": action,
                "object": instance._meta.verbose_name.lower(),
                "status": instance.get_status_display().lower(),
            }
        )
