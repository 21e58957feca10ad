"""Project types and their questions (staff), and the types vendors offer."""

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from oscar_bidding.exceptions import BiddingError

ProjectType = get_model("bidding", "ProjectType")
VendorProfile = get_model("bidding", "VendorProfile")


class ProjectTypeService:
    def save(self, form, questions):
        """Save a type and its questions together (``form`` and the
        ``questions`` formset, both valid), or nothing."""
        with transaction.atomic():
            project_type = form.save()
            questions.instance = project_type
            questions.save()
        return project_type

    def delete(self, project_type):
        """Delete a type and its questions. Refused while it has subtypes;
        projects of the type keep their answers, and lose the type."""
        with transaction.atomic():
            try:
                project_type.delete()
            except ProtectedError as error:
                raise BiddingError(
                    _("“%(name)s” has subtypes: move or delete them first.")
                    % {"name": project_type.name}
                ) from error

    def set_offerings(self, partner, project_types, description=None):
        """The types ``partner`` offers, replacing those it offered, and
        (unless ``None``) the description customers read when they invite
        vendors."""
        with transaction.atomic():
            partner.bidding_project_types.set(project_types)
            if description is not None:
                VendorProfile.objects.update_or_create(
                    partner=partner, defaults={"description": description}
                )
        return partner
