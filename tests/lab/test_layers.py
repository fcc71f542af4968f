"""lab.layers reads BuildKit's plain progress: steps, cache hits and the context it sent."""

from lab.layers import context_bytes

LOG = """#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 2.31kB done
#1 DONE 0.0s
#5 [internal] load build context
#5 transferring context: 1.05MB 0.1s
#5 transferring context: 2.35MB 0.2s done
#5 DONE 0.3s
"""


def test_the_context_transferred_is_the_last_count_of_the_context_step():
    assert context_bytes(LOG) == 2_350_000


def test_the_dockerfile_transfer_is_not_the_context():
    assert context_bytes(LOG.split("#5")[0]) == 0


def test_units_are_decimal_as_buildkit_writes_them():
    assert context_bytes("#3 transferring context: 41.47kB done") == 41_470
    assert context_bytes("#3 transferring context: 2B done") == 2
