"""django-oscar-api's checkout serializer, paying a milestone basket through
the package's payment attempts and gateway."""

from oscar.apps.payment.exceptions import PaymentError
from oscar.core.loading import get_class
from oscarapi.serializers import checkout as oscarapi_checkout
from rest_framework import exceptions, serializers

from oscar_bidding.exceptions import BiddingError
from oscar_bidding.gateway import get_gateway_class

HeadlessCheckout = get_class("bidding.services.headless", "HeadlessCheckout")


class CheckoutSerializer(oscarapi_checkout.CheckoutSerializer):
    #: The gateway form's fields (``OSCAR_BIDDING_PAYMENT_GATEWAY``'s
    #: ``form_class``), for a milestone basket.
    payment = serializers.DictField(required=False, write_only=True)
    checkout_class = HeadlessCheckout

    def validate(self, attrs):
        attrs = super().validate(attrs)
        basket = attrs["basket"]
        if basket.milestone_locked:
            form_class = get_gateway_class().form_class
            details = {}
            if form_class is not None:
                form = form_class(attrs.get("payment") or {})
                if not form.is_valid():
                    raise serializers.ValidationError({"payment": form.errors})
                details = form.cleaned_data
            attrs["payment_details"] = details
        return attrs

    def create(self, validated_data):
        basket = validated_data["basket"]
        if not basket.milestone_locked:
            return super().create(validated_data)
        try:
            return self.checkout_class().place_order(
                basket,
                self.context["request"].user,
                validated_data["order_total"],
                details=validated_data.get("payment_details"),
            )
        except (BiddingError, PaymentError) as error:
            raise exceptions.NotAcceptable(str(error)) from error
