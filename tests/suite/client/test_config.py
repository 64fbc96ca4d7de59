"""SuiteConfig: where settings come from, and one-line errors that say what to do."""
import pytest

from aether_suite.client.config import SANDBOX_SECRETS, ConfigError, SuiteConfig, variable

SERVER = "http://aether.test:8000"
ALL_SECRETS = {variable(name): f"real-{name}" for name in SANDBOX_SECRETS}


def load(**environ):
    return SuiteConfig.load(environ)


def test_no_base_url_means_the_embedded_sandbox_with_its_public_secrets():
    config = load()
    assert config.embedded and config.base_url is None
    assert dict(config.secrets) == dict(SANDBOX_SECRETS)
    assert config.timeout == 10


def test_a_base_url_takes_every_secret_from_the_environment():
    config = load(AETHER_BASE_URL=SERVER + "/", **ALL_SECRETS)
    assert config.base_url == SERVER and not config.embedded
    assert config.secret("passcode_nadia") == "real-passcode_nadia"


@pytest.mark.parametrize("name", list(SANDBOX_SECRETS))
def test_a_missing_secret_is_one_line_naming_its_variable(name):
    environ = {k: v for k, v in ALL_SECRETS.items() if k != variable(name)}
    with pytest.raises(ConfigError) as error:
        load(AETHER_BASE_URL=SERVER, **environ)
    message = str(error.value)
    assert message.startswith(f"{variable(name)} is not set") and "\n" not in message
    assert "AETHER_SANDBOX_SECRETS=1" in message


def test_sandbox_secrets_fill_in_what_is_not_given_for_a_separately_started_sandbox():
    config = load(AETHER_BASE_URL=SERVER, AETHER_SANDBOX_SECRETS="1", AETHER_PASSCODE_SCOTT="999999")
    assert config.secret("passcode_scott") == "999999"
    assert config.secret("api_key_onesky") == SANDBOX_SECRETS["api_key_onesky"]


def test_userdata_wins_over_the_environment():
    config = SuiteConfig.load({"AETHER_BASE_URL": "http://env.test", "AETHER_TIMEOUT": "3", **ALL_SECRETS},
                              {"base_url": SERVER, "timeout": "4", "passcode_cleo": "from-userdata"})
    assert (config.base_url, config.timeout) == (SERVER, 4.0)
    assert config.secret("passcode_cleo") == "from-userdata"


def test_timeouts_keep_connecting_short():
    assert (load(AETHER_TIMEOUT="30").connect_timeout, load(AETHER_TIMEOUT="30").timeout) == (2.0, 30.0)
    assert load(AETHER_TIMEOUT="0.5").connect_timeout == 0.5


@pytest.mark.parametrize("url", ["http://gw-user:s3cr3t-pw@aether.test:8000", "https://only-user@aether.test/",
                                 "http://:s3cr3t-pw@aether.test"])
def test_a_base_url_with_credentials_is_refused_in_one_line_without_them(url):
    with pytest.raises(ConfigError) as error:
        load(AETHER_BASE_URL=url, **ALL_SECRETS)
    message = str(error.value)
    assert message.startswith("AETHER_BASE_URL holds a user name or password: give the URL without them (http")
    assert "s3cr3t-pw" not in message and "only-user" not in message and "gw-user" not in message
    assert "\n" not in message


def test_a_malformed_base_url_is_shown_without_its_password():
    with pytest.raises(ConfigError) as error:
        load(AETHER_BASE_URL="http://gw-user:s3cr3t-pw@aether.test:port", **ALL_SECRETS)
    assert "is not a server URL" in str(error.value) and "s3cr3t-pw" not in str(error.value)


@pytest.mark.parametrize("value", ["abc", "0", "-1", "nan", "601", "inf"])
def test_a_bad_timeout_is_one_line_saying_what_to_do(value):
    with pytest.raises(ConfigError) as error:
        load(AETHER_TIMEOUT=value)
    assert str(error.value) == (f"AETHER_TIMEOUT={value!r} is not a number of seconds "
                                f"between 0 and 600: use e.g. 10")


def test_an_error_names_the_setting_as_the_user_gave_it():
    with pytest.raises(ConfigError, match=r"^-D timeout='soon' "):
        SuiteConfig.load({}, {"timeout": "soon"})


@pytest.mark.parametrize("url, hint", [
    ("localhost:8000", "use e.g. http://localhost:8000"),
    ("ftp://aether.test", "use e.g. http://localhost:8000"),
    ("http://aether.test/v3/", "give the server root, e.g. http://aether.test"),
])
def test_a_bad_base_url_is_reported_before_any_secret(url, hint):
    with pytest.raises(ConfigError, match=f"^AETHER_BASE_URL={url!r} .*{hint}$"):
        load(AETHER_BASE_URL=url)


def test_a_bad_yes_no_value_is_refused():
    with pytest.raises(ConfigError, match=r"^AETHER_SANDBOX_SECRETS='maybe' is not a yes/no value"):
        load(AETHER_BASE_URL=SERVER, AETHER_SANDBOX_SECRETS="maybe")


def test_secrets_stay_out_of_the_config_repr():
    assert "real-" not in repr(load(AETHER_BASE_URL=SERVER, **ALL_SECRETS))


def test_volume_arrangement_keeps_more_requests_in_flight_against_a_distant_server():
    assert load().arrange_workers == 4  # embedded: the sandbox shares the suite's process
    assert load().targeting("http://127.0.0.1:1").arrange_workers == 4
    assert load(AETHER_BASE_URL="http://dev.example", AETHER_SANDBOX_SECRETS="1").arrange_workers == 16
    assert load(AETHER_ARRANGE_WORKERS="64").arrange_workers == 64


@pytest.mark.parametrize("value", ["0", "65", "-3", "eight", "1.5"])
def test_a_bad_number_of_arranging_requests_is_one_line_saying_what_to_do(value):
    with pytest.raises(ConfigError) as error:
        load(AETHER_ARRANGE_WORKERS=value)
    assert str(error.value) == (f"AETHER_ARRANGE_WORKERS={value!r} is not a number of requests in flight "
                                f"from 1 to 64: use e.g. 16")
