"""Both cluster providers implement one interface, and `lab cluster` calls only that."""

import ast
import inspect

import pytest

from lab.cluster import commands, kind, local
from lab.cluster.provider import Provider
from lab.errors import LabError


@pytest.mark.parametrize("module", [kind, local], ids=["kind", "local"])
def test_a_provider_has_every_operation_with_its_signature(module):
    assert isinstance(module, Provider)
    operations = [name for name in vars(Provider) if not name.startswith("_")]
    assert len(operations) >= 10
    for name in operations:
        wanted = inspect.signature(getattr(Provider, name))
        given = inspect.signature(getattr(module, name))
        assert list(given.parameters) == list(wanted.parameters)[1:], name  # all but self


def test_the_commands_name_a_provider_only_in_their_list():
    tree = ast.parse(inspect.getsource(commands))
    listed = next(
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "PROVIDERS"
    )
    inside = {id(node) for node in ast.walk(listed)}
    named = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and node.id in {"kind", "local"} and id(node) not in inside
    ]
    assert named == [], f"commands.py branches on a provider at lines {named}"


def test_lab_providers_hides_the_other_providers_cluster(monkeypatch):
    """A test's kind cluster runs beside the local one: its commands neither see nor stop it."""
    stopped = []
    monkeypatch.setattr(local, "is_up", lambda: True)
    monkeypatch.setattr(local, "has_leftovers", lambda: True)
    monkeypatch.setattr(local, "down", lambda: stopped.append("local"))
    monkeypatch.setattr(kind, "is_up", lambda: False)
    monkeypatch.setattr(kind, "has_leftovers", lambda: False)
    assert commands.running() == "local"
    monkeypatch.setenv("LAB_PROVIDERS", "kind")
    assert commands.running() is None
    commands.down()
    assert stopped == []
    monkeypatch.setenv("LAB_PROVIDERS", "kind,minikube")
    with pytest.raises(LabError, match="unknown provider 'minikube'"):
        commands.providers()
