"""No secret survives in what the suite records or prints: config secrets and issued tokens alike."""
import pytest
from hamcrest import has_entries

from aether_suite.checks.expectations import expect_body
from aether_suite.client.api import AetherApi
from aether_suite.client.config import SANDBOX_SECRETS
from aether_suite.client.recorder import REDACTED, Redactor


def test_known_secrets_vanish_from_text_longest_first():
    redactor = Redactor(["abc", "abcdef"])
    assert redactor.text("x abcdef y abc") == f"x {REDACTED} y {REDACTED}"


def test_secret_fields_are_blanked_and_issued_tokens_learned_wherever_they_appear():
    redactor = Redactor()
    body = {"echo": "tok-123", "nested": [{"access_token": "tok-123", "Passcode": "1"}]}
    assert redactor.json(body) == {"echo": REDACTED, "nested": [{"access_token": REDACTED, "Passcode": REDACTED}]}
    assert redactor.text("Bearer tok-123, 1 lead") == f"Bearer {REDACTED}, 1 lead"  # a sent passcode is no secret


def test_secret_headers_are_blanked_by_name():
    headers = Redactor().headers({"Authorization": "Bearer x", "X-Aether-Api-Key": "k", "Accept": "*/*"})
    assert headers == {"Authorization": REDACTED, "X-Aether-Api-Key": REDACTED, "Accept": "*/*"}


def _everything_recorded(api: AetherApi) -> str:
    return "\n".join(repr(exchange) for exchange in api.exchanges) + api.recorder.render()


def test_no_secret_survives_in_a_recorded_scenario(suite_api, suite_run):
    suite_api.sign_in("Cleo")
    scenario_token = suite_api.last.json()["access_token"]
    suite_api.me("Cleo")
    exhibit = suite_api.arrange_exhibit("One Sky", "Redaction probe")  # Osiris signs in behind the scenes
    suite_api.arrange_leads(exhibit, [{"first_name": "Ann", "last_name": "Lee",
                                       "exhibitor_notes": f"she typed {SANDBOX_SECRETS['passcode_nadia']}"}])
    suite_api.sign_in("Scott", passcode="000000")  # a refused sign-in still sends a passcode
    suite_api.send("GET", "/v3/auth/me", persona="Nadia", token=scenario_token)  # a token in another's hands

    recorded = _everything_recorded(suite_api)
    issued = [scenario_token] + [token for token, _ in suite_run.tokens.values()]
    for secret in [*SANDBOX_SECRETS.values(), *issued, "000000"]:
        assert secret not in recorded
    assert recorded.count(REDACTED) > 10
    assert "Redaction probe" in recorded and "QWODAPCNLQU" in recorded  # the rest is kept


def test_tokens_issued_in_an_earlier_scenario_stay_redacted_in_a_later_one(suite_run):
    first = AetherApi(suite_run)
    first.me("Nadia")
    nadia_token = suite_run.tokens["Nadia"][0]
    later = AetherApi(suite_run)
    later.send("GET", "/v3/crud/event/Nw0EvtExpo1", persona="Nadia", params={"echo": nadia_token})
    assert nadia_token not in _everything_recorded(later)


def test_a_failed_expectation_shows_no_secret(suite_api):
    suite_api.sign_in("Osiris")
    token = suite_api.last.json()["access_token"]
    with pytest.raises(AssertionError) as failure:
        expect_body(suite_api, has_entries(role="manager"), to="to see a role in the sign-in answer")
    message = str(failure.value)
    assert "expected Osiris to see a role" in message and "POST /v3/auth/passcode" in message
    assert token not in message and REDACTED in message


# --- tokens made from a real one (issue 15) ---------------------------------------------------------

def _real_token() -> str:
    from aether_suite.auth.tokens import claims_for, signed  # noqa: PLC0415
    from aether_suite.client.personas import persona  # noqa: PLC0415
    return signed(claims_for(persona("Cleo")), "the-server-s-own-key-of-32-bytes-at-least")


def test_a_token_made_from_a_real_one_is_redacted_whole():
    from aether_suite.auth.tokens import with_payload_changed  # noqa: PLC0415
    real = _real_token()
    forged = with_payload_changed(real, sub="somebody-else", acc="another-account")
    redactor = Redactor([real])
    for shown in (forged, f"Bearer {forged}", f'{{"detail": "token {forged} refused"}}', f"{forged}trailing"):
        redacted = redactor.text(shown)
        assert real.split(".")[2] not in redacted and forged.split(".")[1] not in redacted
        assert REDACTED in redacted
    assert redactor.text(f"Bearer {forged} refused") == f"Bearer {REDACTED} refused"


def test_text_holding_a_real_signature_is_redacted():
    real = _real_token()
    signature = real.split(".")[2]
    redactor = Redactor()
    redactor.learn_tokens({"access_token": real})
    assert redactor.text(f"sig={signature}; the rest stays") == f"sig={REDACTED}; the rest stays"
    assert redactor.json({"echo": f"x.{signature}"}) == {"echo": REDACTED}


def test_a_forged_token_echoed_by_the_server_is_never_recorded(suite_api, suite_run):
    from aether_suite.auth.tokens import with_payload_changed  # noqa: PLC0415
    real = suite_api.token("Scott")
    forged = with_payload_changed(real, sub="someone-else")
    # The sandbox echoes no header, so the forged token is put where an answer shows it: the query.
    suite_api.send("GET", "/v3/crud/event/QWODAPCNLQU", persona="Scott", token=forged, params={"echo": forged})
    recorded = _everything_recorded(suite_api)
    for part in (real.split(".")[2], forged.split(".")[1], real.split(".")[1]):
        assert part not in recorded
