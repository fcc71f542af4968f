"""lab.cluster.namespaces.delete, which the labs' and tests' clean-ups use: a namespace goes
without waiting out its pods' grace periods, and one that is not there is no error."""

import time

import yaml

from lab.cluster import namespaces
from tests.cluster.pods import RESTRICTED_CONTAINER, pod

GRACE = 60  # seconds the pod below may take to stop, left to itself


def test_a_namespace_goes_without_waiting_out_its_pods_grace_period(kubectl, namespace):
    # PID 1 of a container ignores SIGTERM unless it handles it: this pod would take its
    # whole grace period and be killed at its end.
    stubborn = pod(
        "stubborn",
        "sleep 3600",
        container=RESTRICTED_CONTAINER,
        terminationGracePeriodSeconds=GRACE,
    )
    kubectl.apply(namespace, yaml.safe_dump(stubborn))
    kubectl.wait_pod(namespace, "stubborn")
    started = time.monotonic()
    namespaces.delete([namespace])
    took = time.monotonic() - started
    assert kubectl("get", "namespace", namespace, check=False).returncode != 0
    assert took < GRACE / 2, f"the namespace took {took:.0f} s to go"


def test_a_namespace_that_is_not_there_is_no_error(kubectl):
    namespaces.delete(["lab-test-never-made"])
    assert kubectl("get", "namespace", "lab-test-never-made", check=False).returncode != 0
