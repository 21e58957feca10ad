"""Data steps of the basket fork's migrations, for shops whose own basket fork
needs them too (docs/upgrading.rst)."""


def one_line_per_milestone(apps, schema_editor):
    """Baskets filled before 0.3 hold a line per milestone item: keep one line
    per milestone, priced as the milestone, and drop the others.

    Runs between adding ``Line.milestone`` and removing ``Line.milestone_item``.
    """
    Line = apps.get_model("basket", "Line")
    kept = {}
    for line in (
        Line.objects.filter(milestone_item__isnull=False)
        .select_related("milestone_item__milestone")
        .order_by("pk")
    ):
        milestone = line.milestone_item.milestone
        key = (line.basket_id, milestone.pk)
        if key in kept:
            line.delete()
            continue
        kept[key] = line
        line.milestone = milestone
        line.line_reference = f"milestone-{milestone.pk}"
        line.quantity = 1
        line.price_excl_tax = milestone.amount_excl_tax
        line.price_incl_tax = milestone.amount_incl_tax
        line.save()
    if schema_editor.connection.vendor == "postgresql":
        # Check the deferred foreign keys now: PostgreSQL refuses to alter a
        # table with checks pending, and the migration removes a column next.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
