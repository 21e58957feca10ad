from django.conf import settings

# These tests need the shop's own forks installed, which only their settings
# module does; the main run (tests.settings) leaves them alone.
if settings.SETTINGS_MODULE != "tests.shop_forks.settings":
    collect_ignore_glob = ["test_*.py"]
