"""Both cluster providers implement one interface, and `lab cluster` calls only that."""

import ast
import inspect

import pytest

from lab.cluster import commands, kind, local
from lab.cluster.provider import Provider


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
