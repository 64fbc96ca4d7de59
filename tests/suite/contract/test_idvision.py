"""ID Vision: the rule itself, and that the API object applies it to every JSON answer."""
import pytest

from aether_suite.client.api import AetherApi, SuiteRun
from aether_suite.client.config import SuiteConfig
from aether_suite.contract import endpoints
from aether_suite.contract.idvision import (
    IdVisionViolation,
    body_violations,
    check_response,
    identifier_fields,
    path_violations,
)
from sandbox.server import EmbeddedSandbox
from sandbox.settings import Settings

GOOD = "_XY7DXtc9MY"


def test_opaque_ids_pass_and_client_text_is_left_alone():
    body = {"items": [{"tracking_id": GOOD, "exhibit_id": "a-b_c-d_e-f", "badge_id": "B-1001"}],
            "uploaded_by": "QWODAPCNLQU", "sha256": "0" * 64, "count": 3, "badge_id": None}
    assert body_violations(body) == []


@pytest.mark.parametrize("body, found", [
    ({"id": 7}, "body.id=7 (a number)"),
    ({"items": [{"file_id": 12.0}]}, "body.items[0].file_id=12.0 (a number)"),
    ({"badge_id": 1001}, "body.badge_id=1001 (a number)"),
    ({"account_id": "-XY7DXtc9MY"}, "body.account_id='-XY7DXtc9MY' (not an 11-character opaque id)"),
    ({"uploaded_by": "short"}, "body.uploaded_by='short' (not an 11-character opaque id)"),
    ({"person_id": None}, "body.person_id=None (not an 11-character opaque id)"),
])
def test_numbers_and_malformed_ids_are_found_at_any_depth(body, found):
    assert body_violations(body) == [found]


def test_the_walk_names_every_identifier_field_without_entering_it():
    body = {"items": [{"exhibit_id": GOOD, "badge_id": "B-7", "notes": {"owner_id": 3}}], "uploaded_by": {"id": 1}}
    assert list(identifier_fields(body)) == [("body.items[0].exhibit_id", "exhibit_id", GOOD),
                                             ("body.items[0].badge_id", "badge_id", "B-7"),
                                             ("body.items[0].notes.owner_id", "owner_id", 3),
                                             ("body.uploaded_by", "uploaded_by", {"id": 1})]


def test_location_paths_are_checked_too():
    assert path_violations(f"/v3/crud/event_exhibit/{GOOD}/tracking/{GOOD}") == []
    assert path_violations("http://h/v3/crud/event_exhibit/42") == [
        "path exhibit_id='42' (not an 11-character opaque id)"]
    assert path_violations(f"/v3/action/file/by_hash/{'a' * 64}/download") == []


def test_a_violation_names_the_request():
    with pytest.raises(IdVisionViolation, match=r"^ID Vision broken by the answer to Osiris's GET /x: body.id=1"):
        check_response("Osiris's GET /x", {"id": 1}, None)


def test_every_endpoint_template_round_trips():
    for endpoint in endpoints.ALL:
        values = {name: GOOD for name in endpoint.parameters(endpoint.template) or {}}
        assert endpoints.match(endpoint.path(**values)) == (endpoint, values)


def test_the_api_object_checks_every_json_answer():
    with EmbeddedSandbox(Settings(faults=frozenset({"integer_ids_leak"}))) as leaky:
        run = SuiteRun(SuiteConfig.load({}).targeting(leaky.base_url))
        api = AetherApi(run)
        with pytest.raises(IdVisionViolation, match=r"Osiris's POST /v3/crud/event_exhibit: body\.id="):
            api.create_exhibit("Osiris", "Leaky")
        assert api.last.status_code == 201 and len(api.exhibits) == 1  # recorded and remembered first
        api.cleanup()
        run.close()
