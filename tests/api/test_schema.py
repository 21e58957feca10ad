"""The OpenAPI 3 schema: generated from the code without a warning or an
error, served under the API's URL, naming every endpoint."""

import pytest
from django.urls import include, path, reverse
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from oscar.core.loading import get_class

build_router = get_class("bidding.api.registry", "build_router")


def test_the_schema_generates_without_warnings_or_errors(capsys):
    GENERATOR_STATS.reset()
    generator = SchemaGenerator(
        patterns=[path("api/bidding/", include(build_router().urls))]
    )

    schema = generator.get_schema(request=None, public=True)

    validate_schema(schema)
    assert not GENERATOR_STATS, capsys.readouterr().err
    assert "/api/bidding/milestones/{id}/pay/" in schema["paths"]
    assert "/api/bidding/invoices/{number}/pdf/" in schema["paths"]
    parameters = {
        p["name"]
        for p in schema["paths"]["/api/bidding/projects/"]["get"]["parameters"]
    }
    assert {"status", "date_from", "date_to", "page", "page_size"} <= parameters


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_the_schema_is_served_at_the_apis_url(client, fmt):
    response = client.get(reverse("bidding-api-schema"), {"format": fmt})

    assert response.status_code == 200
    text = response.content.decode()
    assert "openapi" in text
    assert "/api/bidding/proposals/{id}/accept/" in text
    assert "/api/basket/" not in text  # django-oscar-api's have their own
