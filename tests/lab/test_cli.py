"""The `lab` CLI: wrong usage says what is wrong and fails."""

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
