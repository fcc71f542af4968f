"""scripts/new-env.py: a .env with a new secret for each change-me value, never overwritten."""

import subprocess
import sys

from lab.paths import ROOT

SCRIPT = ROOT / "scripts" / "new-env.py"


def new_env(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def values(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line and line[0] != "#")


def test_each_placeholder_gets_its_own_long_secret(tmp_path):
    result = new_env(cwd=tmp_path)
    assert result.returncode == 0 and "2 new secrets" in result.stdout
    example, written = (
        values((ROOT / ".env.example").read_text()),
        values((tmp_path / ".env").read_text()),
    )
    assert written.keys() == example.keys()
    secrets = [written[key] for key, value in example.items() if value == "change-me"]
    assert len(secrets) == 2 and len(set(secrets)) == 2
    assert all(len(secret) >= 50 for secret in secrets)  # Django's SECRET_KEY minimum
    assert {k: v for k, v in written.items() if example[k] != "change-me"} == {
        k: v for k, v in example.items() if v != "change-me"
    }
    assert (tmp_path / ".env").stat().st_mode & 0o777 == 0o600


def test_an_existing_env_is_kept(tmp_path):
    (tmp_path / ".env").write_text("SECRET_KEY=mine\n")
    result = new_env(cwd=tmp_path)
    assert result.returncode == 0 and "kept" in result.stdout
    assert (tmp_path / ".env").read_text() == "SECRET_KEY=mine\n"


def test_a_wrong_flag_says_how_to_call_it(tmp_path):
    result = new_env("--force", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: python3 scripts/new-env.py")
    assert not (tmp_path / ".env").exists()
