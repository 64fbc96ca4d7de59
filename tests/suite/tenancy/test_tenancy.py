"""The tenant-wall support (aether_suite/tenancy/wall.py): made-up twins, the owner's view, identifiers."""
import re

import pytest

from aether_suite.checks.answers import made_up_like
from aether_suite.client.actions import attempt
from aether_suite.client.api import AetherApi, SuiteRun
from aether_suite.client.config import SuiteConfig
from aether_suite.client.personas import NORTHWIND, ONE_SKY, persona
from aether_suite.tenancy import wall
from sandbox.server import EmbeddedSandbox
from sandbox.settings import Settings


def test_made_up_values_keep_the_shape_of_the_real_ones():
    assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]{10}", made_up_like("_XY7DXtc9MY"))
    assert re.fullmatch(r"[0-9a-f]{64}", made_up_like("ab" * 32))
    assert made_up_like("demo.localhost:5173").endswith(".example")
    assert made_up_like("_XY7DXtc9MY") != made_up_like("_XY7DXtc9MY")


def test_identifier_problems_name_missing_kinds_and_bad_values():
    good = [{"account_id": "_XY7DXtc9MY", "event_id": "pjrcghqwert", "exhibit_id": "a" * 11,
             "tracking_id": "b" * 11, "file_id": "c" * 11, "uploaded_by": "QWODAPCNLQU", "badge_id": "1001"}]
    assert wall.identifier_problems(good) == []
    assert wall.identifier_problems([{**good[0], "id": 7}]) == ["answers[0].id=7 (a number)"]
    assert wall.identifier_problems([{"account_id": "_XY7DXtc9MY"}])[0] == "no event_id in the answers"


def test_foreign_values_are_the_other_accounts_objects(suite_api):
    northwind = suite_api.arrange_exhibit(NORTHWIND, "Northwind Product Lab")
    onesky = suite_api.arrange_exhibit(ONE_SKY, "Cloud Migration Clinic")
    lead, = suite_api.arrange_leads(onesky, [{"first_name": "Ada", "last_name": "Lovelace"}])
    foreign = wall.foreign_values(suite_api, persona("Nadia"))
    assert {onesky["exhibit_id"], lead["tracking_id"], ONE_SKY.event_id, ONE_SKY.domain} <= foreign
    assert northwind["exhibit_id"] not in foreign and NORTHWIND.event_id not in foreign


def test_the_twin_of_a_cross_account_read_answers_alike(suite_api):
    suite_api.arrange_exhibit(ONE_SKY, "Cloud Migration Clinic")
    attempt(suite_api, persona("Nadia"), "rename the exhibit")
    wall.expect_answered_as_missing(suite_api, "Nadia")
    assert suite_api.last.request.method == "PATCH" and suite_api.last.status_code == 404
    wall.expect_unchanged(suite_api, ONE_SKY)


def test_a_breached_wall_fails_with_the_request_named():
    with EmbeddedSandbox(Settings(faults=frozenset({"exhibit_cross_account"}))) as breached:
        run = SuiteRun(SuiteConfig.load({}).targeting(breached.base_url))
        api = AetherApi(run)
        try:
            api.arrange_exhibit(ONE_SKY, "Cloud Migration Clinic")
            attempt(api, persona("Nadia"), "rename the exhibit")
            with pytest.raises(AssertionError, match=r"(?s)expected Nadia to be answered exactly as for a made-up id"
                                                     r".*Nadia's PATCH /v3/crud/event_exhibit/.*but: was '200 "):
                wall.expect_answered_as_missing(api, "Nadia")
            with pytest.raises(AssertionError, match=r"the exhibit 'Cloud Migration Clinic' changed: name "
                                                     r"'Cloud Migration Clinic' is now 'Renamed stand'"):
                wall.expect_unchanged(api, ONE_SKY)
        finally:
            api.cleanup()
            run.close()


def _api_on(sandbox: EmbeddedSandbox) -> AetherApi:
    return AetherApi(SuiteRun(SuiteConfig.load({}).targeting(sandbox.base_url)))


@pytest.mark.parametrize("earlier_refusals", [0, 4, 5, 9])
def test_a_crossed_sign_in_is_judged_alike_whether_earlier_runs_locked_the_pair(earlier_refusals):
    nadia = persona("Nadia")
    with EmbeddedSandbox(Settings()) as sandbox:  # its own: the refusals here lock Nadia on One Sky's site
        api = _api_on(sandbox)
        try:
            for _ in range(earlier_refusals):
                wall.sign_in_through(api, nadia, ONE_SKY)
            wall.sign_in_through(api, nadia, ONE_SKY)
            assert api.last.status_code == (429 if earlier_refusals >= 5 else 401)
            wall.expect_refused_as_unknown_email(api, nadia, ONE_SKY)
        finally:
            api.run.close()


def test_a_crossed_sign_in_that_gets_in_fails_the_check():
    nadia = persona("Nadia")
    with EmbeddedSandbox(Settings(faults=frozenset({"login_any_account"}))) as sandbox:
        api = _api_on(sandbox)
        try:
            wall.sign_in_through(api, nadia, ONE_SKY)
            with pytest.raises(AssertionError, match="expected Nadia to be refused exactly as an email nobody has"):
                wall.expect_refused_as_unknown_email(api, nadia, ONE_SKY)
        finally:
            api.run.close()
