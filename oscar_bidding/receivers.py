"""The signals oscar_bidding listens to: Django's, that keep the milestone
product while it is in use and link a vendor's question to their proposal."""

from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver
from oscar.core.loading import get_class, get_model

from oscar_bidding.signals import vendors_invited

Product = get_model("catalogue", "Product")
require_deletable = get_class("bidding.milestone_product", "require_deletable")


@receiver(pre_delete, sender=Product, dispatch_uid="bidding_keep_milestone_product")
def keep_milestone_product(sender, instance, **kwargs):
    """Whoever deletes it: the dashboard, the admin, a shop's own code."""
    require_deletable(instance)


@receiver(
    post_save,
    sender=get_model("bidding", "Proposal"),
    dispatch_uid="bidding_link_conversation",
)
def link_conversation(sender, instance, created, raw=False, **kwargs):
    """A vendor who asked a question before proposing: the question's
    conversation becomes the proposal's, in the proposal's transaction."""
    if created and not raw:
        Conversation = get_model("bidding", "Conversation")
        Conversation.objects.filter(
            project_id=instance.project_id,
            partner_id=instance.partner_id,
            proposal=None,
        ).update(proposal=instance)


@receiver(vendors_invited, dispatch_uid="bidding_index_invited_project")
def index_invited_project(sender, project, **kwargs):
    """The search engine filters projects by their invited vendors: index the
    project again, through haystack's signal processor as a save would."""
    from django.apps import apps

    project = type(project)._default_manager.filter(pk=project.pk).first()
    if project is not None:
        processor = apps.get_app_config("haystack").signal_processor
        processor.handle_save(type(project), project)
