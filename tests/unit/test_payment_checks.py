"""``manage.py check --deploy`` warns when milestone payments take no money."""

from oscar_bidding.checks.payments import check_milestones_take_money


def test_milestones_through_oscars_checkout_and_the_no_op_gateway_are_warned_of():
    (warning,) = check_milestones_take_money(None)

    assert warning.id == "oscar_bidding.W301"
    assert warning.msg == "Milestone payments take no money."
    assert "oscar_bidding.gateway.PaymentGateway" in warning.hint


def test_a_gateway_that_takes_money_silences_the_warning(settings):
    settings.OSCAR_BIDDING_PAYMENT_GATEWAY = "tests.races.Gateway"

    assert check_milestones_take_money(None) == []
