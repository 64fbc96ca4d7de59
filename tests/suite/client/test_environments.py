"""Named environments: AETHER_ENV selects environments/<name>.toml for what is not secret; secrets come
only from the environment or the git-ignored <name>.secrets.toml; every mistake is one line."""
import subprocess
import sys

import pytest

from aether_suite.client import config as config_module
from aether_suite.client.config import SANDBOX_SECRETS, ConfigError, SuiteConfig, variable

REPO_ENVIRONMENTS = config_module.ENVIRONMENTS
ALL_SECRETS = {variable(name): f"real-{name}" for name in SANDBOX_SECRETS}


@pytest.fixture
def environments(tmp_path, monkeypatch):
    """An environments/ folder of the test's own."""
    monkeypatch.setattr(config_module, "ENVIRONMENTS", tmp_path)
    return tmp_path


def test_the_committed_environments_load_and_hold_no_secret():
    names = sorted(p.stem for p in REPO_ENVIRONMENTS.glob("*.toml"))
    assert {"dev", "staging", "local"} <= set(names)
    for name in names:
        config = SuiteConfig.load({"AETHER_ENV": name, **ALL_SECRETS})
        assert config.base_url and not config.embedded


def test_aether_env_gives_the_base_url_and_the_environment_still_wins(environments):
    (environments / "staging.toml").write_text('base_url = "https://staging.aether.test/"\ntimeout = 20\n')
    config = SuiteConfig.load({"AETHER_ENV": "staging", **ALL_SECRETS})
    assert (config.base_url, config.timeout) == ("https://staging.aether.test", 20)
    assert config.secret("passcode_scott") == "real-passcode_scott"
    other = SuiteConfig.load({"AETHER_ENV": "staging", "AETHER_BASE_URL": "http://elsewhere.test", **ALL_SECRETS})
    assert other.base_url == "http://elsewhere.test"
    assert SuiteConfig.load({}).embedded  # no AETHER_ENV: the embedded sandbox


def test_secrets_come_from_the_git_ignored_secrets_file(environments):
    (environments / "dev.toml").write_text('base_url = "https://dev.aether.test"\n')
    (environments / "dev.secrets.toml").write_text(
        "".join(f'{name} = "file-{name}"\n' for name in SANDBOX_SECRETS))
    config = SuiteConfig.load({"AETHER_ENV": "dev", "AETHER_PASSCODE_CLEO": "from-env"})
    assert config.secret("passcode_nadia") == "file-passcode_nadia"
    assert config.secret("passcode_cleo") == "from-env"


def test_secrets_files_are_git_ignored():
    ignored = subprocess.run(["git", "check-ignore", "-q", "environments/staging.secrets.toml"],
                             cwd=REPO_ENVIRONMENTS.parent)
    assert ignored.returncode == 0


@pytest.mark.parametrize(("files", "environ", "says"), [
    ({}, {"AETHER_ENV": "prod"}, "AETHER_ENV='prod' names no environment: use one of"),
    ({"dev.toml": 'base_url = "https://dev.aether.test"\npasscode_scott = "1"\n'}, {"AETHER_ENV": "dev"},
     "environments/dev.toml is committed, so it must hold no secret: put passcode_scott in"),
    ({"dev.toml": 'base_url = "https://dev.aether.test"\nbase_ur = "x"\n'}, {"AETHER_ENV": "dev"},
     "environments/dev.toml sets base_ur, which it may not"),
    ({"dev.toml": 'base_url = "https://dev.aether.test"\n[personas.Scott]\nemial = "s@x.test"\n'},
     {"AETHER_ENV": "dev"}, "[personas.Scott] sets emial; it may set"),
    ({"dev.toml": 'base_url = "https://dev.aether.test'}, {"AETHER_ENV": "dev"},
     "environments/dev.toml cannot be read"),
    ({"dev.toml": 'base_url = "https://dev.aether.test"\n', "dev.secrets.toml": 'base_url = "x"\n'},
     {"AETHER_ENV": "dev"}, "environments/dev.secrets.toml sets base_url: it holds only the secrets"),
])
def test_a_wrong_environment_is_one_line_saying_what_to_do(environments, files, environ, says):
    for name, text in files.items():
        (environments / name).write_text(text)
    with pytest.raises(ConfigError) as error:
        SuiteConfig.load({**environ, **ALL_SECRETS})
    assert says in str(error.value) and "\n" not in str(error.value)


def test_a_deployments_own_demo_data_replaces_the_contracts_where_its_file_says_so(tmp_path):
    (tmp_path / "dev.toml").write_text('base_url = "https://dev.aether.test"\n'
                                       '[accounts."One Sky"]\ndomain = "demo.dev.aether.test"\n'
                                       '[personas.Scott]\nemail = "scott@dev.aether.test"\n')
    probe = ("from pathlib import Path\nfrom aether_suite.client import config\n"
             f"config.ENVIRONMENTS = Path({str(tmp_path)!r})\n"
             "from aether_suite.client.personas import persona, account\n"
             "print(persona('Scott').email, account('One Sky').domain, persona('Osiris').account.domain, "
             "persona('Cleo').email)")
    shown = subprocess.run([sys.executable, "-c", probe], env={"AETHER_ENV": "dev"}, cwd=REPO_ENVIRONMENTS.parent,
                           capture_output=True, text=True, timeout=60)
    assert shown.stdout.split() == ["scott@dev.aether.test", "demo.dev.aether.test", "demo.dev.aether.test",
                                    "cleo@demo.example"], shown.stderr


def test_aether_env_dir_names_a_folder_of_environments_kept_elsewhere(tmp_path):
    (tmp_path / "preview.toml").write_text('base_url = "https://preview.example.com"\n'
                                           '[accounts."One Sky"]\ndomain = "onesky.preview.example"\n')
    (tmp_path / "preview.secrets.toml").write_text('passcode_scott = "from-the-file"\n')
    environ = {"AETHER_ENV": "preview", "AETHER_ENV_DIR": str(tmp_path), **ALL_SECRETS}
    environ.pop(variable("passcode_scott"))
    config = SuiteConfig.load(environ)
    assert config.base_url == "https://preview.example.com" and config.secret("passcode_scott") == "from-the-file"
    assert config_module.named_environment(environ)["accounts"]["One Sky"]["domain"] == "onesky.preview.example"
    with pytest.raises(ConfigError, match=f"use one of preview \\(files in {tmp_path}\\)"):
        SuiteConfig.load({**environ, "AETHER_ENV": "staging"})


def test_aether_env_dir_that_is_not_a_folder_is_one_line(tmp_path):
    with pytest.raises(ConfigError, match="AETHER_ENV_DIR='.*nowhere' is not a folder: name the folder") as error:
        SuiteConfig.load({"AETHER_ENV": "dev", "AETHER_ENV_DIR": str(tmp_path / "nowhere"), **ALL_SECRETS})
    assert "\n" not in str(error.value)
