"""The single-stage baseline is the real Dockerfile collapsed, step for step."""

from pathlib import Path

import pytest

from lab.images.single_stage import collapse, instructions

DOCKERFILE = (Path(__file__).resolve().parents[2] / "Dockerfile").read_text()


def test_collapsed_file_has_one_stage_on_the_same_base():
    collapsed = instructions(collapse(DOCKERFILE))
    froms = [step for step in collapsed if step.startswith("FROM")]
    assert froms == ["FROM ${PYTHON_IMAGE}"]


def test_every_step_is_kept_but_the_copy_between_stages():
    original = [step for step in instructions(DOCKERFILE) if not step.startswith("FROM")]
    collapsed = instructions(collapse(DOCKERFILE))
    expected = [step for step in original if not step.startswith("COPY --from=")]
    assert [step for step in collapsed if not step.startswith("FROM")] == expected
    assert len(expected) == len(original) - 1


def test_a_single_stage_file_is_refused():
    with pytest.raises(ValueError, match="not a multi-stage"):
        collapse("FROM debian:bookworm-slim\nRUN true\n")
