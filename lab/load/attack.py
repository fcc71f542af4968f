"""Run vegeta at a fixed rate for a bounded time, in the cluster or from this host.

In the cluster the attack is a pod in the lab's namespace, so it reaches Services by
name the way another app would; its stdout (one JSON line per request) is read back
with `kubectl logs`, and the pod is deleted. From the host, the same command runs with
the binary built for the image.
"""

import base64
import json
import shlex
import time

import yaml

from lab import progress
from lab import run as runner
from lab.cluster import addons, commands, images
from lab.errors import LabError
from lab.load.results import Results, parse
from lab.toolchain import build
from lab.waiting import wait_for

# One attack's results travel through the container's log, which kubelet rotates at
# 10 MiB; a result takes well under 1 kB with bodies cut at MAX_BODY bytes.
MAX_REQUESTS = 10_000
MAX_BODY = 512
START_TIMEOUT = 90  # seconds for the pod to be scheduled and start
REQUEST_TIMEOUT = 5  # seconds before vegeta gives a request up (a "timeout" outcome)


def _vegeta_args(
    rate: int,
    duration: float,
    keepalive: bool = True,
    timeout: float = REQUEST_TIMEOUT,
    connections: int | None = None,
) -> list[str]:
    """`vegeta attack`'s flags: `rate` requests a second for `duration` seconds, each
    given up after `timeout` seconds, the target read as a JSON line (_target).
    `keepalive=False` opens a connection per request, so kube-proxy picks a pod for every
    request rather than once per connection; `connections` caps how many connections
    vegeta keeps open (with keep-alive, 1 sends all over one)."""
    if rate <= 0 or duration <= 0:
        raise LabError(f"rate ({rate}) and duration ({duration}) must be positive")
    if rate * duration > MAX_REQUESTS:
        raise LabError(
            f"{rate}/s for {duration} s is {rate * duration:.0f} requests; "
            f"one attack records at most {MAX_REQUESTS}: lower the rate or the duration"
        )
    return [
        "attack",
        "-format=json",
        f"-rate={rate}/1s",
        f"-duration={duration}s",
        f"-timeout={timeout}s",
        f"-keepalive={str(keepalive).lower()}",
        f"-max-body={MAX_BODY}",
        *([f"-max-connections={connections}"] if connections else []),
    ]


def _target(url: str, body: dict | None = None) -> str:
    """What every request is, as vegeta's JSON target: GET `url`, or with `body` a POST of
    it as JSON (`Content-Type: application/json`, as the app's demo switches require)."""
    if body is None:
        return json.dumps({"method": "GET", "url": url})
    return json.dumps(
        {
            "method": "POST",
            "url": url,
            "header": {"Content-Type": ["application/json"]},
            "body": base64.b64encode(json.dumps(body).encode()).decode(),
        }
    )


def _script(url: str, rate: int, duration: float, body: dict | None = None, **options) -> str:
    attack = shlex.join(["vegeta", *_vegeta_args(rate, duration, **options)])
    target = shlex.quote(_target(url, body))
    return f"set -o pipefail; echo {target} | {attack} | vegeta encode --to json"


def _pod(name_prefix: str, script: str, image: str) -> dict:
    """A pod that passes the `restricted` Pod Security profile, as the labs' namespaces ask."""
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "generateName": f"{name_prefix}-",
            "labels": {"app.kubernetes.io/name": "vegeta"},
        },
        "spec": {
            "restartPolicy": "Never",
            "automountServiceAccountToken": False,
            "securityContext": {
                "runAsNonRoot": True,
                "runAsUser": 65532,
                "runAsGroup": 65532,
                "seccompProfile": {"type": "RuntimeDefault"},
            },
            "containers": [
                {
                    "name": "vegeta",
                    "image": image,
                    "imagePullPolicy": "IfNotPresent",
                    "command": ["/bin/sh", "-c", script],
                    "securityContext": {
                        "allowPrivilegeEscalation": False,
                        "readOnlyRootFilesystem": True,
                        "capabilities": {"drop": ["ALL"]},
                    },
                    "resources": {
                        # A small request: the pod must fit on a node the app already fills.
                        "requests": {"cpu": "10m", "memory": "32Mi"},
                        "limits": {"cpu": "1", "memory": "256Mi"},
                    },
                }
            ],
        },
    }


class PodAttack:
    """An attack running as a pod; wait() returns its results and deletes the pod."""

    def __init__(self, namespace: str, pod: str, duration: float, timeout: float):
        self.namespace, self.pod = namespace, pod
        self.deadline = time.monotonic() + START_TIMEOUT + duration + timeout

    def _kubectl(self, *args: str) -> str:
        return addons.run(commands.kubectl(), "-n", self.namespace, *args)

    def _phase(self) -> str | None:
        phase = self._kubectl("get", "pod", self.pod, "-o", "jsonpath={.status.phase}").strip()
        return phase if phase in ("Succeeded", "Failed") else None

    def _state(self) -> str:
        """What keeps the pod from finishing: its phase and the reason of its last condition."""
        status = json.loads(self._kubectl("get", "pod", self.pod, "-o", "json"))["status"]
        reasons = [
            f"{c['reason']}: {c.get('message', '')}"
            for c in status.get("conditions", [])
            if c.get("reason")
        ]
        return f"phase {status.get('phase')}" + (f" ({reasons[-1]})" if reasons else "")

    def wait(self) -> Results:
        try:
            try:
                phase = wait_for(
                    f"the load pod {self.pod!r} to finish",
                    self._phase,
                    max(self.deadline - time.monotonic(), 1),
                    interval=1,
                )
            except LabError as error:
                raise LabError(f"{error}; the pod is in {self._state()}") from None
            output = self._kubectl("logs", self.pod)
            if phase != "Succeeded":
                raise LabError(f"the load pod {self.pod!r} failed:\n{output[-2000:]}")
            return parse(output.splitlines())
        finally:
            self._kubectl("delete", "pod", self.pod, "--wait=false", "--ignore-not-found")


def start(namespace: str, url: str, rate: int, duration: float, **options) -> PodAttack:
    """Start an attack on `url` from a pod in `namespace` (options: `body`, see _target,
    and those of _vegeta_args)."""
    script = _script(url, rate, duration, **options)
    with progress.silenced():  # built and loaded by `lab cluster up`: this is a no-op then
        image = images.addon_image("vegeta")
        commands.load([image])
    manifest = yaml.safe_dump(_pod("load", script, image))
    created = addons.run(
        commands.kubectl(), "-n", namespace, "create", "-f", "-", "-o", "name", stdin=manifest
    )
    pod = created.strip().removeprefix("pod/")
    return PodAttack(namespace, pod, duration, options.get("timeout", REQUEST_TIMEOUT))


def run(namespace: str, url: str, rate: int, duration: float, **options) -> Results:
    """start() and wait(): the results of one attack from a pod in `namespace`."""
    return start(namespace, url, rate, duration, **options).wait()


def from_host(url: str, rate: int, duration: float, body: dict | None = None, **options) -> Results:
    """The same attack from this host, for a URL the host reaches (`lab cluster url`)."""
    args = _vegeta_args(rate, duration, **options)
    with progress.silenced():  # built once, cached by version
        vegeta = str(build.build_component("vegeta") / "vegeta")
    # The attack ends after DURATION, its last requests within their own timeout; a minute
    # more covers starting vegeta and encoding the results.
    timeout = duration + options.get("timeout", REQUEST_TIMEOUT) + 60
    purpose = f"an attack on {url} from this host"
    pipe = {"stdout": runner.PIPE, "text": True}
    argv = [vegeta, *args]
    attack = runner.start(argv, purpose=purpose, timeout=timeout, stdin=runner.PIPE, **pipe)
    argv = [vegeta, "encode", "--to", "json"]
    encode = runner.start(argv, purpose=purpose, timeout=timeout, stdin=attack.stdout, **pipe)
    attack.stdin.write(_target(url, body) + "\n")
    attack.stdin.close()
    attack.stdout.close()
    output = encode.read()
    if attack.finish() != 0 or encode.returncode != 0:
        raise LabError(f"vegeta against {url!r} failed (exit {attack.returncode})")
    return parse(output.splitlines())
