"""oscar_bidding's REST API, in django-oscar-api's conventions.

Needs the ``api`` extra (``pip install oscar-bidding[api]``): Django REST
framework and drf-spectacular. The rest of the package never imports it.

Where the rules are:

- :mod:`.registry` — every endpoint, by name: what ``urls.py`` routes and what
  ``OSCAR_BIDDING_API_DISABLED_ENDPOINTS`` switches off;
- :mod:`.views` — the viewsets, thin: querysets from :mod:`oscar_bidding.access`,
  changes through the services;
- :mod:`.serializers` — what each object reads as, and the input of actions,
  validated by the storefront's and dashboard's own forms (:mod:`.forms`);
- :mod:`.oscarapi` — django-oscar-api's basket and checkout made to respect
  the milestone basket lock (``OSCARAPI_OVERRIDE_MODULES``).

Views and serializers are loaded with ``get_class("bidding.api.views", …)``
and ``get_class("bidding.api.serializers", …)``: a fork of ``bidding`` overrides
one of them in its own ``api/views.py`` or ``api/serializers.py``.
"""
