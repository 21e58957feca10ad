"""Repeating milestones: their due dates, titles and items."""

import datetime
from decimal import Decimal

from oscar.core.loading import get_class

from tests import factories

MilestoneSchedule = get_class("bidding.services.schedules", "MilestoneSchedule")
due_dates = get_class("bidding.services.schedules", "due_dates")
ItemSpec = factories.ItemSpec


def test_weekly_milestones_are_seven_days_apart():
    dates = due_dates(datetime.date(2027, 12, 20), "weekly", 3)

    assert dates == [
        datetime.date(2027, 12, 20),
        datetime.date(2027, 12, 27),
        datetime.date(2028, 1, 3),
    ]


def test_monthly_milestones_keep_the_day_or_take_the_last_of_a_short_month():
    dates = due_dates(datetime.date(2027, 11, 30), "monthly", 5)

    assert dates == [
        datetime.date(2027, 11, 30),
        datetime.date(2027, 12, 30),
        datetime.date(2028, 1, 30),
        datetime.date(2028, 2, 29),  # leap year
        datetime.date(2028, 3, 30),  # back to the 30th, not the 29th
    ]


def test_generated_milestones_each_get_a_copy_of_the_items():
    items = [ItemSpec("Cleaning (per visit)", 2, Decimal("30.00"), Decimal("0.2"))]

    specs = MilestoneSchedule().generate(
        "Cleaning", datetime.date(2027, 1, 31), "monthly", 3, items
    )

    assert [spec.title for spec in specs] == [
        "Cleaning 1 of 3",
        "Cleaning 2 of 3",
        "Cleaning 3 of 3",
    ]
    assert [spec.due_date for spec in specs] == [
        datetime.date(2027, 1, 31),
        datetime.date(2027, 2, 28),
        datetime.date(2027, 3, 31),
    ]
    assert all(spec.items == items for spec in specs)
    specs[0].items[0].quantity = 5
    assert specs[1].items[0].quantity == 2  # copies, not the same rows


def test_generated_milestones_save_as_any_others(customer, vendor):
    items = [ItemSpec("Visit", 1, Decimal("80.00"), Decimal("0"))]
    specs = MilestoneSchedule().generate(
        "Visit", datetime.date.today() + datetime.timedelta(days=1), "weekly", 4, items
    )

    proposal = factories.ProposalService().create(
        factories.make_project(customer), vendor.partners.get(), vendor, specs
    )

    assert proposal.milestones.count() == 4
    assert proposal.amount_incl_tax == Decimal("320.00")
