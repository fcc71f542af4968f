"""The `lab` CLI: wrong usage, and a command that hangs, say what is wrong and fail."""

import pytest

from lab.cli import main


def test_unknown_command_fails_with_usage(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["nonsense"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'nonsense'" in capsys.readouterr().err


def test_group_without_subcommand_prints_help_and_fails(capsys):
    assert main(["images"]) == 2
    assert "seed" in capsys.readouterr().out


def test_no_command_prints_help_and_fails(capsys):
    assert main([]) == 2
    assert "images" in capsys.readouterr().out


def test_unknown_flag_is_named(capsys):
    with pytest.raises(SystemExit):
        main(["images", "seed", "--fast"])
    assert "unrecognized arguments: --fast" in capsys.readouterr().err


def test_the_cli_prints_a_hung_command_as_one_line(tmp_path, monkeypatch, capsys):
    """A docker CLI that never answers: `lab images seed` gives up after the engine's
    timeout and says so in one message, not a traceback."""
    docker = tmp_path / "docker"
    docker.write_text("#!/bin/sh\nexec sleep 600\n")
    docker.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    monkeypatch.setattr("lab.docker.ENGINE_TIMEOUT", 1, raising=False)
    assert main(["images", "seed"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("lab: error: 'docker info' (asking whether a Docker engine answers)")
    assert "timed out (limit 1 s)" in err
    assert "Traceback" not in err
