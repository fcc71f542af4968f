"""The exercises checked on the lab cluster, each in a namespace of the reader's: the name
`lab check` is given is the namespace. They read what runs (pods, their events, what a
container sees), never the reader's files."""

import base64
import json

from lab.errors import LabError
from lab.exercises import kube
from lab.exercises.check import Criterion, Exercise, Hint
from lab.waiting import wait_for

# How long a pod may take to start (image present, the app's 20 s slow start included).
START_SECONDS = 90
# How long the slow variant must run without a restart: its 20 s start, then past the kill
# of a failed probe, which lands only when the grace period (30 s) ends where the process
# does not act on SIGTERM (the app, PID 1 of its container, while it waits to listen).
SURVIVE_SECONDS = 45


def _has_pod(deployment: str):
    def test(namespace: str) -> Hint | None:
        if not kube.pods(namespace, deployment):
            return Hint(
                "not-applied",
                f"no pod of deployment {deployment} in namespace {namespace}: create the "
                f"namespace and apply your files (`kubectl -n {namespace} apply -f .`)",
            )
        return None

    return test


def _pod(namespace: str, deployment: str) -> dict:
    """The deployment's newest pod."""
    found = kube.pods(namespace, deployment)
    return max(found, key=lambda pod: pod["metadata"]["creationTimestamp"])


def _newest_once(namespace: str, deployment: str, done) -> dict:
    """The deployment's newest pod once DONE(pod) holds, or as it is after START_SECONDS."""

    def settled() -> dict | None:
        pod = _pod(namespace, deployment)
        return pod if done(pod) else None

    try:
        return wait_for(f"a pod of {deployment} to settle", settled, START_SECONDS, interval=1)
    except LabError:
        return _pod(namespace, deployment)


def _ready_or_restarted(namespace: str, deployment: str) -> dict:
    """The newest pod once it is ready or restarted (or START_SECONDS pass)."""
    return _newest_once(namespace, deployment, lambda pod: kube.ready(pod) or kube.restarts(pod))


# --- probes: a slow-starting variant survives with a startup probe -----------------------


def _started_without_restart(namespace: str) -> Hint | None:
    """Watch the newest pod until it restarts or has run SURVIVE_SECONDS, then ready."""

    pod = _newest_once(
        namespace, "slow", lambda pod: kube.restarts(pod) or kube.age(pod) >= SURVIVE_SECONDS
    )
    if kube.restarts(pod):
        return _why_restarted(namespace, pod)
    if kube.ready(pod) and kube.age(pod) >= SURVIVE_SECONDS:
        return None
    return Hint(
        "never-ready",
        f"the pod is not ready {kube.age(pod):.0f} s after it started: its events "
        f"(`kubectl -n {namespace} describe pod`) say what the kubelet waits for",
    )


def _liveness_kept(namespace: str) -> Hint | None:
    probe = _pod(namespace, "slow")["spec"]["containers"][0].get("livenessProbe", {})
    kept = (
        probe.get("httpGet", {}).get("path") == "/api/health/live"
        and probe.get("periodSeconds") == 2
        and probe.get("failureThreshold") == 3
    )
    if not kept:
        return Hint(
            "liveness-changed",
            "the liveness probe is not the one the start files give (/api/health/live, every "
            "2 s, 3 failures): it is right for the app once it runs; the task is to get the "
            "app through its start with that probe in place",
        )
    return None


def _why_restarted(namespace: str, pod: dict) -> Hint:
    """The hint for a restart: which probe had the kubelet kill the container, if one did."""
    said = " ".join(kube.events(namespace, pod))
    container = pod["spec"]["containers"][0]
    count = kube.restarts(pod)
    if "failed startup probe" in said:
        return Hint(
            "startup-gives-up",
            f"the kubelet restarted the container {count} times after its startup probe "
            "failed: the time a startup probe allows is failureThreshold × periodSeconds; the "
            f"app's log (`kubectl -n {namespace} logs deploy/slow --previous`) says how long it "
            "takes before it listens",
        )
    if "failed liveness probe" not in said:
        return Hint(
            "exits-by-itself",
            f"the container stopped by itself {count} times, no probe killed it: its log "
            f"(`kubectl -n {namespace} logs deploy/slow --previous`) says why",
        )
    if "startupProbe" not in container and "readinessProbe" in container:
        return Hint(
            "readiness-not-startup",
            f"the kubelet restarted the container {count} times although it has a readiness "
            "probe: readiness decides whether a pod gets traffic and never holds the liveness "
            f"probe back; the events (`kubectl -n {namespace} get events`) say which probe failed",
        )
    return Hint(
        "killed-by-liveness",
        f"the kubelet restarted the container {count} times: its events (`kubectl -n "
        f"{namespace} get events`) say the liveness probe failed before the app listened; "
        "that probe is right for the app once it runs, so keep it",
    )


PROBES = Exercise(
    page="probes",
    task="the slow-starting variant (20 s before it listens) runs without a single restart",
    criteria=(
        Criterion("deployment slow has a pod in namespace NAME", _has_pod("slow")),
        Criterion("its liveness probe is the start files' one", _liveness_kept),
        Criterion(
            f"its pod is ready, restart count 0, {SURVIVE_SECONDS} s after it started",
            _started_without_restart,
        ),
    ),
    runs_on="cluster",
)

# --- configmaps-and-secrets: the key comes from a Secret, and the spec doesn't show it -------

READ_KEY = "import os; print(os.environ.get('SECRET_KEY', ''))"


def _runs(namespace: str) -> Hint | None:
    pod = _ready_or_restarted(namespace, "web")
    if kube.ready(pod) and not kube.restarts(pod):
        return None
    return Hint(
        "not-running",
        f"web's container does not get ready (restarted {kube.restarts(pod)} times): its log "
        f"(`kubectl -n {namespace} logs deploy/web`, with --previous after a restart) says why",
    )


def _running_key(namespace: str) -> tuple[dict, str]:
    pod = _pod(namespace, "web")
    _, out = kube.exec_in(namespace, pod, "python", "-c", READ_KEY)
    return pod, out.strip()


def _not_in_spec(namespace: str) -> Hint | None:
    pod, key = _running_key(namespace)
    deployment = kube.get(namespace, "deployment", "web")
    shown = [
        kind
        for kind, spec in (("Deployment", deployment["spec"]), ("pod", pod["spec"]))
        if key and key in json.dumps(spec)
    ]
    if not key:
        return Hint(
            "no-key",
            "the running app has no SECRET_KEY of its own (with DEBUG on it falls back to a "
            f"development key): `kubectl -n {namespace} exec deploy/web -- env` lists what it sees",
        )
    if shown:
        return Hint(
            "key-in-spec",
            f"the running app's SECRET_KEY is written in the {' and the '.join(shown)}"
            f" (`kubectl -n {namespace} get deployment web -o yaml` shows it to anyone who may "
            "read Deployments): the spec can name where a value comes from instead",
        )
    return None


def _source(container: dict) -> tuple[str, str] | None:
    """Where the container's SECRET_KEY comes from: (kind, name), None if from nowhere."""
    for entry in container.get("env", []):
        if entry["name"] == "SECRET_KEY":
            source = entry.get("valueFrom", {})
            for kind, ref in (("Secret", "secretKeyRef"), ("ConfigMap", "configMapKeyRef")):
                if ref in source:
                    return kind, source[ref]["name"]
            return None
    for entry in container.get("envFrom", []):
        for kind, ref in (("Secret", "secretRef"), ("ConfigMap", "configMapRef")):
            if ref in entry:
                return kind, entry[ref]["name"]
    return None


def _from_a_secret(namespace: str) -> Hint | None:
    pod, key = _running_key(namespace)
    source = _source(pod["spec"]["containers"][0])
    if source and source[0] == "ConfigMap":
        return Hint(
            "key-in-configmap",
            f"SECRET_KEY comes from ConfigMap {source[1]}: a ConfigMap is for settings, shown "
            f"whole by `kubectl -n {namespace} get configmap {source[1]} -o yaml`; the page "
            "says which kind of object is kept apart for keys and passwords",
        )
    if source is None or not _secret_holds(namespace, source[1], key):
        return Hint(
            "not-from-secret",
            "the running app's SECRET_KEY is not the one a Secret of the namespace holds: "
            f"compare `kubectl -n {namespace} get pod -o yaml` (env, envFrom) with your Secret",
        )
    return None


def _secret_holds(namespace: str, name: str, key: str) -> bool:
    secret = kube.get(namespace, "secret", name)
    data = (secret or {}).get("data", {})
    return any(base64.b64decode(value).decode(errors="replace") == key for value in data.values())


SECRETS = Exercise(
    page="configmaps-and-secrets",
    task="web runs with DEBUG off, its SECRET_KEY from a Secret, the key nowhere in its spec",
    criteria=(
        Criterion("a pod of deployment web exists in namespace NAME", _has_pod("web")),
        Criterion("it runs and is ready, without a restart", _runs),
        Criterion("its SECRET_KEY appears nowhere in the Deployment or pod spec", _not_in_spec),
        Criterion("its SECRET_KEY comes from a Secret of the namespace", _from_a_secret),
    ),
    runs_on="cluster",
)
