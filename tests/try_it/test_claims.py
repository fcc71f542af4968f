"""The check of one command's result against its claim (no cluster)."""

from tests.try_it.claims import problems
from tests.try_it.shell import Result


def result(stdout="", stderr="", exit=0, seconds=1.0) -> Result:
    return Result("cmd", exit, stdout, stderr, seconds)


def test_a_result_that_holds_its_claim_has_no_problem():
    claim = {"run": "cmd", "stdout": ["^uid=10001", "gid"], "no_stderr": "error", "seconds": [0, 2]}
    assert problems(claim, result("uid=10001 gid=10001\n"), {}) == []


def test_each_part_of_a_claim_can_fail():
    assert problems({"run": "x"}, result(exit=1), {}) == ["exited 1, expected exit 0"]
    assert problems({"run": "x", "exit": 1}, result(exit=None), {}) == [
        "never ended, expected exit 1"
    ]
    assert problems({"run": "x", "stdout": "ready"}, result("not"), {}) == ["stdout lacks /ready/"]
    assert problems({"run": "x", "no_stdout": ":latest"}, result("a:latest"), {}) == [
        "stdout has /:latest/"
    ]
    assert problems({"run": "x", "seconds": [30, 65]}, result(seconds=12.0), {}) == [
        "took 12.0 s, not within 30-65 s"
    ]


def test_comparisons_with_another_command():
    kernel = {"kernel": result("6.1.0\n")}
    assert problems({"run": "x", "same_stdout_as": "kernel"}, result("6.1.0\n"), kernel) == []
    assert problems({"run": "x", "same_stdout_as": "kernel"}, result("5.10\n"), kernel) != []
    names = {"dns": result("['10.0.0.7']\n")}
    assert problems({"run": "x", "stdout_in": "dns"}, result("10.0.0.7\n"), names) == []
    assert problems({"run": "x", "stdout_in": "dns"}, result("\n"), names) != []


def test_distinct_values_and_unknown_keys():
    spread = {"pattern": r'"hostname": "([^"]+)"', "at_least": 2}
    one = '{"hostname": "a"}\n{"hostname": "a"}\n'
    assert problems({"run": "x", "distinct": spread}, result(one), {}) != []
    two = one + '{"hostname": "b"}\n'
    assert problems({"run": "x", "distinct": spread}, result(two), {}) == []
    assert problems({"run": "x", "stdot": "typo"}, result(), {}) == [
        "claims.yaml: unknown keys ['stdot']"
    ]
