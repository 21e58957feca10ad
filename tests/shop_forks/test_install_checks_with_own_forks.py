"""The install checks recognise a shop's own basket and checkout forks by the
package's mixins in them, not by app names.

Collected only under ``tests.shop_forks.settings`` (see ``conftest.py``).
"""

from django.core.checks import run_checks


def test_a_shop_with_its_own_forks_gets_no_install_message():
    assert [m.id for m in run_checks() if m.id.startswith("oscar_bidding.")] == []
