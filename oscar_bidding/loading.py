"""A class loader that lets a shop fork the package's apps one module at a time.

Oscar's own loader looks for a class in the fork and then in
``oscar.apps.<label>``: a fork of ``bidding`` had to re-export every module the
package loads. This one looks in the fork first and then in oscar_bidding, and
leaves every other label to the loader it wraps. Set it with::

    OSCAR_DYNAMIC_CLASS_LOADER = "oscar_bidding.loading.class_loader"

It uses the helpers of Oscar's own loader, which oscar_bidding pins (4.2).
"""

from django.utils.module_loading import import_string
from oscar.core.loading import (
    _find_registered_app_name,
    _import_module,
    _pluck_classes,
)

from oscar_bidding.conf import setting

#: The package's app labels and the modules a fork falls back to.
ORIGINALS = {"bidding": "oscar_bidding", "bidding_dashboard": "oscar_bidding.dashboard"}


def class_loader(module_label, classnames, module_prefix="oscar.apps"):
    """Load ``classnames`` from the shop's fork of a bidding app, falling back to
    oscar_bidding's module; any other label goes to the wrapped loader."""
    label, _, submodule = module_label.partition(".")
    original = ORIGINALS.get(label)
    if original is None or not submodule:
        wrapped = import_string(setting("OSCAR_BIDDING_WRAPPED_CLASS_LOADER"))
        return wrapped(module_label, classnames, module_prefix)
    app_name = _find_registered_app_name(module_label)
    names = dict.fromkeys([f"{app_name}.{submodule}", f"{original}.{submodule}"])
    modules = [_import_module(name, classnames) for name in names]
    if not any(modules):
        raise ModuleNotFoundError(
            f"Neither {' nor '.join(names)} could be imported for {module_label!r}."
        )
    return _pluck_classes(modules, classnames)
