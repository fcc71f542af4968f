"""Each cluster page's exercise in its three states, each in a fresh namespace of its own on
the lab cluster, applied as a reader would (`kubectl apply -f`): `lab check` refuses the start
files with the first hint, each wrong attempt with the hint written for that mistake, and
accepts the reference solution. Every namespace is made at once and checked after, side by
side: what a check reads (restarts, readiness, events) piles up while the others are read."""

import base64
import secrets
import shutil
import subprocess
import uuid

import pytest

from lab.cluster import commands, namespaces
from lab.exercises import catalogue
from lab.paths import ROOT
from tests.exercises.answer import assert_answer, check
from tests.exercises.workspace import EXERCISES, variants

IMAGE = "taskapp:1.0.0"
EXPECTED = {
    ("probes", "start"): "killed-by-liveness",
    ("probes", "wrong-readiness"): "readiness-not-startup",
    ("probes", "wrong-short-startup"): "startup-gives-up",
    ("probes", "solution"): None,
    ("configmaps-and-secrets", "start"): "not-running",
    ("configmaps-and-secrets", "wrong-literal-env"): "key-in-spec",
    ("configmaps-and-secrets", "wrong-configmap"): "key-in-configmap",
    ("configmaps-and-secrets", "solution"): None,
}
PAGES = sorted({page for page, _ in EXPECTED})
TIMEOUT = 120


def kubectl(*args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        [*commands.kubectl(), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 0, f"kubectl {' '.join(args)}: {result.stdout}{result.stderr}"
    return result.stdout


def secret_manifest(namespace: str) -> str:
    """The Secret the configmaps-and-secrets page has the reader create, with a random key."""
    key = base64.b64encode(secrets.token_urlsafe(50).encode()).decode()
    return (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: web\n"
        f"  namespace: {namespace}\ndata:\n  SECRET_KEY: {key}\n"
    )


def apply(page: str, variant: str, tmp) -> str:
    """The start files with VARIANT laid over them, applied in a fresh namespace: its name."""
    namespace = f"yt-{page}-{variant}-{uuid.uuid4().hex[:6]}"
    work = tmp / namespace
    shutil.copytree(EXERCISES / page / "start", work)
    if variant != "start":
        shutil.copytree(EXERCISES / page / variant, work, dirs_exist_ok=True)
    kubectl("create", "namespace", namespace)
    if page == "configmaps-and-secrets":
        kubectl("apply", "-f", "-", stdin=secret_manifest(namespace))
    kubectl("-n", namespace, "apply", "-f", str(work))
    return namespace


@pytest.fixture(scope="module")
def applied(request, tmp_path_factory):
    """{(page, variant): namespace}, every one this session checks applied before any is."""
    wanted = sorted(
        {
            (item.callspec.params["page"], item.callspec.params["variant"])
            for item in request.session.items
            # this module's own: the Docker exercises' tests have the same parameters, and a
            # notebook's cells (nbval) belong to no module
            if "variant" in getattr(getattr(item, "callspec", None), "params", {})
            and getattr(item, "module", None) is request.module
        }
    )
    if commands.loaded_id(IMAGE) is None:
        subprocess.run(
            ["docker", "build", "--quiet", "--build-arg", "APP_VERSION=1.0.0", "-t", IMAGE, "."],
            cwd=ROOT,
            check=True,
            capture_output=True,
            timeout=900,
        )
        commands.load([IMAGE])
    tmp = tmp_path_factory.mktemp("your-turn")
    made = {}
    try:
        for page, variant in wanted:
            made[page, variant] = apply(page, variant, tmp)
        yield made
    finally:
        namespaces.delete(sorted(made.values()))


def test_every_cluster_exercise_ships_start_solution_and_a_wrong_attempt():
    on_cluster = sorted(p for p, e in catalogue.EXERCISES.items() if e.runs_on == "cluster")
    assert on_cluster == PAGES
    shipped = {(page, v) for page in PAGES for v in variants(page)}
    assert shipped == set(EXPECTED)


@pytest.mark.parametrize(
    ("page", "variant"), sorted(EXPECTED), ids=[f"{p}/{v}" for p, v in sorted(EXPECTED)]
)
def test_check_answers_each_state(applied, page, variant, capsys):
    status, out, seconds = check(page, applied[page, variant], capsys)
    print(f"lab check {page} on {variant}: {seconds:.1f} s")
    assert_answer(status, out, seconds, EXPECTED[page, variant])
