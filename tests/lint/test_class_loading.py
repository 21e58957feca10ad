"""Every class a shop might override is loaded the Oscar way, so a fork of one
module changes every page that uses it (docs/customisation.rst, "Loading").

Two rules, read from the package's source with ``ast``:

1. **No import bypasses the loader.** A module of oscar_bidding names another
   module's classes and functions with ``get_class``/``get_classes`` (models
   with ``get_model``), never with ``from oscar_bidding.x import Name`` or
   ``import oscar_bidding.x``. Allowed, because they are not collaborators a
   shop overrides by forking a module:

   - infrastructure: ``conf`` and ``defaults`` (settings), ``loading`` (the
     loader itself), ``log``, ``compat``;
   - ``exceptions`` and ``signals``: an ``except`` clause and a receiver need
     the one class and the one signal object, never a fork's copy;
   - ``abstract_models`` and ``models``, imported by path as Oscar's own forks
     do (concrete models are loaded with ``get_model``);
   - ``lifecycle``: the status machine behind the models' ``set_status``; a
     shop changes it through the ``OSCAR_BIDDING_*_PIPELINE`` settings;
   - ``services.locking``: the row-lock primitives every service shares;
   - ``gateway``: ``get_gateway_class`` is itself the loader of the shop's
     gateway (``OSCAR_BIDDING_PAYMENT_GATEWAY`` or ``bidding.gateway``);
   - the forks of Oscar's and oscarapi's apps (``basket``, ``checkout``,
     ``dashboard.catalogue``, ``api.oscarapi``): their labels are Oscar's, so
     a shop with its own fork of those apps composes these mixins by path;
   - an UPPER_CASE constant: data, not a collaborator.

   And these importers: ``apps.py`` (registers checks and receivers),
   ``checks/`` (compares a shop's setup with the package's own originals), and
   a package's ``__init__.py`` gathering its own submodules under one label
   (``bidding.views``, ``bidding_dashboard.views``).

2. **Views and services hold their collaborators as class attributes.** In
   the views, the services and the notifier, a class loaded with
   ``get_class`` at module level is instantiated inside a function (an
   exception raised aside) only through an attribute (``self.service_class()``,
   ``self.form_class(...)``, ``self.notifier_class()``), never by its module
   name (``ProposalService()``), so a subclass of the view or a fork of the
   module swaps it in one place.
"""

import ast
from pathlib import Path

import oscar_bidding

PACKAGE = Path(oscar_bidding.__file__).parent

ALLOWED_MODULES = (
    "oscar_bidding.conf",
    "oscar_bidding.defaults",
    "oscar_bidding.loading",
    "oscar_bidding.log",
    "oscar_bidding.compat",
    "oscar_bidding.exceptions",
    "oscar_bidding.signals",
    "oscar_bidding.abstract_models",
    "oscar_bidding.models",
    "oscar_bidding.lifecycle",
    "oscar_bidding.services.locking",
    "oscar_bidding.gateway",
    "oscar_bidding.basket",
    "oscar_bidding.checkout",
    "oscar_bidding.dashboard.catalogue",
    "oscar_bidding.api.oscarapi",
)

ALLOWED_IMPORTERS = ("apps.py", "checks/")

#: Where rule 2 applies: views (storefront, dashboard, API, and those of the
#: forks of Oscar's basket, checkout and order dashboard), services and the
#: notifier. Celery tasks and management commands are entry points: functions
#: that load a service with ``get_class`` and call it.
COLLABORATOR_USERS = (
    "views/",
    "dashboard/views/",
    "api/views.py",
    "basket/",
    "checkout/",
    "dashboard/orders/",
    "services/",
    "notifications.py",
)

LOADERS = {"get_class", "get_classes"}


def package_files():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("migrations/"):
            continue
        yield relative, ast.parse(path.read_text(), filename=str(path))


def module_name(relative):
    parts = relative.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(["oscar_bidding", *parts])


def is_within(module, allowed):
    return any(module == name or module.startswith(name + ".") for name in allowed)


def is_module(dotted):
    path = PACKAGE.joinpath(*dotted.split(".")[1:])
    return path.is_dir() or path.with_suffix(".py").exists()


def imported_names(node):
    """``(module, name, bound)`` of each name an import statement brings from
    the package: ``name`` is ``None`` for a whole module, ``bound`` the name the
    importing module reads it by."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name.split(".")[0] == "oscar_bidding":
                yield alias.name, None, alias.asname
    elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        if node.module.split(".")[0] == "oscar_bidding":
            for alias in node.names:
                bound = alias.asname or alias.name
                if is_module(f"{node.module}.{alias.name}"):
                    # ``from oscar_bidding import money`` imports a module.
                    yield f"{node.module}.{alias.name}", None, bound
                else:
                    yield node.module, alias.name, bound


def attributes_read(tree, name):
    """The attributes a module reads of the module it bound to ``name``."""
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == name
    }


def bypassing_imports(files=None):
    found = []
    for relative, tree in files or package_files():
        if relative.endswith(ALLOWED_IMPORTERS) or relative.startswith(
            ALLOWED_IMPORTERS
        ):
            continue
        own_package = (
            module_name(relative) if relative.endswith("__init__.py") else None
        )
        for node in ast.walk(tree):
            for module, name, bound in imported_names(node):
                if is_within(module, ALLOWED_MODULES):
                    continue
                if own_package and module.startswith(own_package + "."):
                    continue
                if name is None:
                    # A module imported for its constants only is data.
                    what = [
                        f"{module}.{attribute}"
                        for attribute in sorted(attributes_read(tree, bound or ""))
                        if not attribute.isupper()
                    ] or ([] if bound else [module])
                else:
                    what = [] if name.isupper() else [f"{module}.{name}"]
                found.extend(
                    f"oscar_bidding/{relative}:{node.lineno} imports {each}"
                    for each in what
                )
    return found


def loaded_classes(tree):
    """Module-level names bound by ``get_class``/``get_classes`` that name a
    class (CapWords), not a function."""
    names = set()
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
            continue
        loader = node.value.func
        if not (isinstance(loader, ast.Name) and loader.id in LOADERS):
            continue
        for target in node.targets:
            elements = target.elts if isinstance(target, ast.Tuple) else [target]
            names.update(
                element.id
                for element in elements
                if isinstance(element, ast.Name) and element.id[:1].isupper()
            )
    return names


def direct_instantiations(files=None):
    found = []
    for relative, tree in files or package_files():
        if not relative.startswith(COLLABORATOR_USERS):
            continue
        classes = loaded_classes(tree)
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            # Decorators run once, when the class is made: not a method's call.
            body = ast.Module(body=function.body, type_ignores=[])
            # ``raise Refusal(...)`` raises an exception: not a collaborator.
            raised = {
                id(node.exc) for node in ast.walk(body) if isinstance(node, ast.Raise)
            }
            for node in ast.walk(body):
                if (
                    isinstance(node, ast.Call)
                    and id(node) not in raised
                    and isinstance(node.func, ast.Name)
                    and node.func.id in classes
                ):
                    found.append(
                        f"oscar_bidding/{relative}:{node.lineno} "
                        f"{function.name}() makes {node.func.id}() directly"
                    )
    return sorted(set(found))


def test_no_import_of_the_packages_own_classes_bypasses_get_class():
    assert bypassing_imports() == []


def test_views_and_services_reach_loaded_classes_through_class_attributes():
    assert direct_instantiations() == []


def test_the_lint_sees_a_bypassing_import_and_a_direct_instantiation():
    """The two rules catch what they are written for, so that the empty lists
    above mean something."""
    source = (
        "from oscar.core.loading import get_class\n"
        "from oscar_bidding import messaging, money\n"
        "from oscar_bidding.services.proposals import ProposalService\n"
        "from oscar_bidding.exceptions import BiddingError\n"
        'Notifier = get_class("bidding.notifications", "Notifier")\n'
        "class View:\n"
        "    notifier_class = Notifier\n"
        "    def post(self):\n"
        "        self.notifier_class().send(messaging.STAFF)\n"
        "        Notifier().send(money.quantize(1, 'EUR'))\n"
        "        raise BiddingError('no')\n"
    )
    files = [("views/example.py", ast.parse(source))]

    assert bypassing_imports(files) == [
        "oscar_bidding/views/example.py:2 imports oscar_bidding.money.quantize",
        "oscar_bidding/views/example.py:3 imports "
        "oscar_bidding.services.proposals.ProposalService",
    ]
    assert direct_instantiations(files) == [
        "oscar_bidding/views/example.py:10 post() makes Notifier() directly"
    ]
