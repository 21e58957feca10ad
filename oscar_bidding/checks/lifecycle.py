"""The lifecycle pipelines a shop set: only statuses its models know, and an
entry for each of them, so that ``set_status`` never meets a status it cannot
place."""

from django.core import checks
from oscar.core.loading import get_model

from oscar_bidding.conf import setting

MODELS = ("Project", "Proposal", "Milestone")


@checks.register()
def check_pipelines(app_configs, **kwargs):
    errors = []
    for name in MODELS:
        model = get_model("bidding", name)
        known = {value for value, _label in model.STATUS_CHOICES}
        pipeline = setting(model.pipeline_setting)
        used = set(pipeline) | {s for nexts in pipeline.values() for s in nexts}
        unknown = sorted(used - known)
        if unknown:
            errors.append(
                checks.Error(
                    f"{model.pipeline_setting} names statuses {name} does not have: "
                    f"{', '.join(map(repr, unknown))}.",
                    hint=f"Use only {', '.join(sorted(map(repr, known)))}; a new "
                    "status needs a fork of the model's STATUS_CHOICES.",
                    id="oscar_bidding.E601",
                )
            )
        missing = sorted(known - set(pipeline))
        if missing:
            errors.append(
                checks.Error(
                    f"{model.pipeline_setting} has no entry for "
                    f"{', '.join(map(repr, missing))}.",
                    hint="Give every status an entry, () when it is final.",
                    id="oscar_bidding.E602",
                )
            )
    return errors
