"""Conversations: the Project Communications mode and the e-mail interval a
shop set."""

from django.core import checks

from oscar_bidding.conf import setting


@checks.register()
def check_project_communications(app_configs, **kwargs):
    from oscar_bidding.messaging import MODES

    errors = []
    mode = setting("OSCAR_BIDDING_PROJECT_COMMUNICATIONS")
    if mode not in MODES:
        errors.append(
            checks.Error(
                f"OSCAR_BIDDING_PROJECT_COMMUNICATIONS is {mode!r}.",
                hint="Use 'direct' (customers and vendors talk) or 'marketplace' "
                "(each side talks only with shop staff).",
                id="oscar_bidding.E901",
            )
        )
    interval = setting("OSCAR_BIDDING_MESSAGE_EMAIL_INTERVAL")
    if not isinstance(interval, int | float) or interval < 0:
        errors.append(
            checks.Error(
                f"OSCAR_BIDDING_MESSAGE_EMAIL_INTERVAL is {interval!r}.",
                hint="Give a number of minutes, 0 or more (0 e-mails every message).",
                id="oscar_bidding.E902",
            )
        )
    return errors
