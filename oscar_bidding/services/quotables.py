"""Which catalogue product classes are quotable, as staff set them."""

from django.db import transaction
from oscar.core.loading import get_model

QuotableProductClass = get_model("bidding", "QuotableProductClass")
ProjectType = get_model("bidding", "ProjectType")


class QuotableClassService:
    def save(self, settings):
        """``settings``: ``{product class pk: (project type pk or None, quote
        only)}`` for every quotable class; the other classes stop being
        quotable (their posted projects keep their products)."""
        with transaction.atomic():
            rows = {
                row.product_class_id: row
                for row in QuotableProductClass.objects.select_for_update()
            }
            types = set(
                ProjectType.objects.filter(
                    pk__in=[t for t, _only in settings.values() if t]
                ).values_list("pk", flat=True)
            )
            QuotableProductClass.objects.exclude(product_class_id__in=settings).delete()
            changed, created = [], []
            for class_id, (type_id, quote_only) in settings.items():
                type_id = type_id if type_id in types else None
                row = rows.get(class_id)
                if row is None:
                    created.append(
                        QuotableProductClass(
                            product_class_id=class_id,
                            project_type_id=type_id,
                            quote_only=quote_only,
                        )
                    )
                elif (row.project_type_id, row.quote_only) != (type_id, quote_only):
                    row.project_type_id, row.quote_only = type_id, quote_only
                    changed.append(row)
            QuotableProductClass.objects.bulk_create(created)
            QuotableProductClass.objects.bulk_update(
                changed, ["project_type", "quote_only"]
            )
