"""The endpoints and their credentials come from the OpenAPI document (aether_suite/contract/endpoints.py)."""
import pytest

from aether_suite.contract import endpoints
from aether_suite.contract.endpoints import Credentials


def test_each_endpoint_needs_what_its_operations_security_names():
    needs = {endpoint.template: endpoint.credentials for endpoint in endpoints.ALL}
    assert needs.pop("/v3/health") is Credentials.NONE
    assert needs.pop("/v3/site/bootstrap") is needs.pop("/v3/auth/passcode") is Credentials.KEY
    assert set(needs.values()) == {Credentials.PERSON}


def test_the_operations_are_the_documents_in_its_order():
    paths = endpoints.document()["paths"]
    assert list(endpoints.OPERATIONS) == [(method.upper(), template) for template, item in paths.items()
                                          for method in item if method in endpoints.HTTP_METHODS]
    assert endpoints.EXHIBITS.methods == ("GET", "POST") and endpoints.FILE.methods == ("GET", "DELETE")


@pytest.mark.parametrize("security", [None, [{"ApiKey": []}, {"Bearer": []}], [{"Bearer": []}]])
def test_a_security_requirement_the_suite_cannot_send_is_refused_by_name(security):
    with pytest.raises(ValueError, match=r"GET /v3/x has security"):
        endpoints._credentials("/v3/x", "get", security)


def test_a_path_the_client_names_must_be_in_the_document():
    with pytest.raises(LookupError, match=r"aether-v3.openapi.json has no path /v3/nowhere"):
        endpoints._named("/v3/nowhere")


def test_literal_segments_win_and_a_query_or_a_server_is_ignored():
    assert endpoints.match("/v3/action/file/limits")[0] is endpoints.FILE_LIMITS
    assert endpoints.match("http://127.0.0.1:8000/v3/action/file/AbCdEfGhIjK?x=1") == (
        endpoints.FILE, {"file_id": "AbCdEfGhIjK"})
    assert endpoints.match("/v3/action/file/AbCdEfGhIjK/") is None
