"""Concrete models; fork the ``bidding`` app to replace any of them."""

from oscar.core.loading import is_model_registered

from oscar_bidding import abstract_models

__all__ = []

if not is_model_registered("bidding", "Project"):

    class Project(abstract_models.AbstractProject):
        pass

    __all__.append("Project")

if not is_model_registered("bidding", "ProjectAttachment"):

    class ProjectAttachment(abstract_models.AbstractProjectAttachment):
        pass

    __all__.append("ProjectAttachment")

if not is_model_registered("bidding", "Proposal"):

    class Proposal(abstract_models.AbstractProposal):
        pass

    __all__.append("Proposal")

if not is_model_registered("bidding", "ProposalVersion"):

    class ProposalVersion(abstract_models.AbstractProposalVersion):
        pass

    __all__.append("ProposalVersion")

if not is_model_registered("bidding", "Milestone"):

    class Milestone(abstract_models.AbstractMilestone):
        pass

    __all__.append("Milestone")

if not is_model_registered("bidding", "MilestoneItem"):

    class MilestoneItem(abstract_models.AbstractMilestoneItem):
        pass

    __all__.append("MilestoneItem")

if not is_model_registered("bidding", "Rate"):

    class Rate(abstract_models.AbstractRate):
        pass

    __all__.append("Rate")

if not is_model_registered("bidding", "MilestonePayment"):

    class MilestonePayment(abstract_models.AbstractMilestonePayment):
        pass

    __all__.append("MilestonePayment")

if not is_model_registered("bidding", "InvoiceSequence"):

    class InvoiceSequence(abstract_models.AbstractInvoiceSequence):
        pass

    __all__.append("InvoiceSequence")

if not is_model_registered("bidding", "Invoice"):

    class Invoice(abstract_models.AbstractInvoice):
        pass

    __all__.append("Invoice")

if not is_model_registered("bidding", "PaymentAttempt"):

    class PaymentAttempt(abstract_models.AbstractPaymentAttempt):
        pass

    __all__.append("PaymentAttempt")

if not is_model_registered("bidding", "OutboxMessage"):

    class OutboxMessage(abstract_models.AbstractOutboxMessage):
        pass

    __all__.append("OutboxMessage")

if not is_model_registered("bidding", "StatusChange"):

    class StatusChange(abstract_models.AbstractStatusChange):
        pass

    __all__.append("StatusChange")


if not is_model_registered("bidding", "MilestoneDelivery"):

    class MilestoneDelivery(abstract_models.AbstractMilestoneDelivery):
        pass

    __all__.append("MilestoneDelivery")


if not is_model_registered("bidding", "MilestoneDeliveryFile"):

    class MilestoneDeliveryFile(abstract_models.AbstractMilestoneDeliveryFile):
        pass

    __all__.append("MilestoneDeliveryFile")


if not is_model_registered("bidding", "Conversation"):

    class Conversation(abstract_models.AbstractConversation):
        pass

    __all__.append("Conversation")


if not is_model_registered("bidding", "Message"):

    class Message(abstract_models.AbstractMessage):
        pass

    __all__.append("Message")


if not is_model_registered("bidding", "MessageFile"):

    class MessageFile(abstract_models.AbstractMessageFile):
        pass

    __all__.append("MessageFile")


if not is_model_registered("bidding", "ConversationRead"):

    class ConversationRead(abstract_models.AbstractConversationRead):
        pass

    __all__.append("ConversationRead")
if not is_model_registered("bidding", "ProjectType"):

    class ProjectType(abstract_models.AbstractProjectType):
        pass

    __all__.append("ProjectType")


if not is_model_registered("bidding", "ProjectQuestion"):

    class ProjectQuestion(abstract_models.AbstractProjectQuestion):
        pass

    __all__.append("ProjectQuestion")


if not is_model_registered("bidding", "ProjectAnswer"):

    class ProjectAnswer(abstract_models.AbstractProjectAnswer):
        pass

    __all__.append("ProjectAnswer")


if not is_model_registered("bidding", "Invitation"):

    class Invitation(abstract_models.AbstractInvitation):
        pass

    __all__.append("Invitation")


if not is_model_registered("bidding", "VendorProfile"):

    class VendorProfile(abstract_models.AbstractVendorProfile):
        pass

    __all__.append("VendorProfile")


if not is_model_registered("bidding", "NoticeDigest"):

    class NoticeDigest(abstract_models.AbstractNoticeDigest):
        pass

    __all__.append("NoticeDigest")


if not is_model_registered("bidding", "QuotableProductClass"):

    class QuotableProductClass(abstract_models.AbstractQuotableProductClass):
        pass

    __all__.append("QuotableProductClass")


if not is_model_registered("bidding", "QuoteItem"):

    class QuoteItem(abstract_models.AbstractQuoteItem):
        pass

    __all__.append("QuoteItem")
