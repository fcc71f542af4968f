"""The exercise of each Docker page: its task and the criteria `lab check` tests, in order
(the cluster pages' are in lab/exercises/on_cluster.py).
The reader's files are exercises/PAGE/start/; the reference solution and typical wrong
attempts sit beside them."""

from lab.errors import LabError
from lab.exercises import on_cluster, probe
from lab.exercises.check import Criterion, Exercise, Hint

# --- images-and-layers: a source-only change rebuilds only the last layer ------------------


def _both_builds(name: str) -> tuple[dict | None, dict | None]:
    return probe.image(f"{name}:v1"), probe.image(f"{name}:v2")


def _built_twice(name: str) -> Hint | None:
    if None in _both_builds(name):
        return Hint(
            "not-built",
            f"{name}:v1 or {name}:v2 is missing: build the start files with "
            f"`docker build -t {name}:v1 .`, change app/main.py, build again with -t {name}:v2",
        )
    return None


def _changed_between(name: str) -> Hint | None:
    v1, v2 = _both_builds(name)
    if probe.layers(v1) == probe.layers(v2):
        return Hint(
            "no-change",
            f"{name}:v1 and {name}:v2 have the same layers: change a file under app/ "
            "between the two builds",
        )
    return None


def _deps_reused(name: str) -> Hint | None:
    ids = [
        probe.run_image(f"{name}:{tag}", "/opt/deps/run-id", entrypoint="cat")
        for tag in ("v1", "v2")
    ]
    if any(code != 0 for code, _ in ids):
        return Hint(
            "no-deps",
            "an image lacks /opt/deps/run-id: keep the step that runs install_deps.py",
        )
    if ids[0][1] != ids[1][1]:
        return Hint(
            "deps-rebuilt",
            "the dependency step ran again for v2 (/opt/deps/run-id differs): a step is "
            "rebuilt when anything copied before it changed; `docker history "
            f"{name}:v2` shows what the builder copies ahead of install_deps.py",
        )
    return None


def _last_layer_only(name: str) -> Hint | None:
    old, new = (probe.layers(info) for info in _both_builds(name))
    shared = next(
        (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
        min(len(old), len(new)),
    )
    rebuilt = len(new) - shared
    if rebuilt > 1:
        return Hint(
            "rebuilt-after-source",
            f"{rebuilt} layers of v2 differ from v1, the source's and {rebuilt - 1} after "
            "it: a step that doesn't read the source comes after the COPY of it "
            f"(`docker history --no-trunc {name}:v2`, newest first)",
        )
    return None


LAYERS = Exercise(
    page="images-and-layers",
    task="a change to app/ alone rebuilds only the image's last layer",
    criteria=(
        Criterion("NAME:v1 and NAME:v2 are built", _built_twice),
        Criterion("v2 differs from v1 (it holds a source change)", _changed_between),
        Criterion("v2 reuses v1's dependency install", _deps_reused),
        Criterion("only the last layer of v2 differs from v1", _last_layer_only),
    ),
)

# --- multi-stage-builds: no compiler in the image, and it runs as non-root ------------------

COMPILERS = ("/usr/bin/gcc", "/usr/bin/cc", "/usr/bin/c++", "/usr/local/bin/gcc")


def _built(name: str) -> Hint | None:
    if probe.image(name) is None:
        return Hint(
            "not-built", f"no image {name}: build your files with `docker build -t {name} .`"
        )
    return None


def _says_hello(name: str) -> Hint | None:
    code, out = probe.run_image(name)
    if code != 0 or "hello" not in out:
        return Hint(
            "does-not-run",
            f"`docker run --rm {name}` fails or says no hello: read its error; the stage "
            "that runs needs what the program needs at run time",
        )
    return None


def _no_compiler(name: str) -> Hint | None:
    found = sorted(set(COMPILERS) & probe.paths(name))
    if found:
        return Hint(
            "compiler-inside",
            f"the image holds {', '.join(found)}: the compiler went into the image that "
            f"runs; `docker history {name}` lists the steps it is made of",
        )
    return None


def _not_root(name: str) -> Hint | None:
    _, out = probe.run_image(name)
    if "uid 0" in out or not probe.image(name)["Config"].get("User"):
        return Hint(
            "runs-as-root",
            "the program reports uid 0: the image's config names no user "
            f"(`docker image inspect -f '{{{{.Config.User}}}}' {name}`); the settings of the "
            "last stage are the image's",
        )
    return None


MULTI_STAGE = Exercise(
    page="multi-stage-builds",
    task="an image that runs hello, holds no compiler and runs as a user other than root",
    criteria=(
        Criterion("image NAME is built", _built),
        Criterion("it runs and says hello", _says_hello),
        Criterion("it holds no C compiler", _no_compiler),
        Criterion("it runs as a user other than root", _not_root),
    ),
)

# --- dockerignore-and-tags: .env and .git stay out of the image -----------------------------


def _app_entries(name: str) -> set[str]:
    _, out = probe.run_image(name, "-A", "/app", entrypoint="ls")
    return set(out.split())


def _has_app(name: str) -> Hint | None:
    if "main.py" not in _app_entries(name):
        return Hint(
            "app-left-out",
            "the image has no /app/main.py: the build context lost it too; the build's "
            "`transferring context` line says how many bytes the builder received",
        )
    return None


def _left_out(entry: str, key: str, why: str):
    def test(name: str) -> Hint | None:
        if entry in _app_entries(name):
            return Hint(
                key,
                f"the image holds /app/{entry}, {why}: `COPY .` takes all the build "
                "context holds; the page's 'What the builder receives' says what decides that",
            )
        return None

    return test


DOCKERIGNORE = Exercise(
    page="dockerignore-and-tags",
    task="an image of the app whose build never received .env or .git",
    criteria=(
        Criterion("image NAME is built", _built),
        Criterion("it holds the app (/app/main.py)", _has_app),
        Criterion("it holds no .env", _left_out(".env", "env-inside", "the secrets file")),
        Criterion("it holds no .git", _left_out(".git", "git-inside", "the repository's history")),
    ),
)

# --- compose: the database publishes nothing and has no way out ------------------------------


def _running(*services: str):
    def test(project: str) -> Hint | None:
        containers = probe.project_containers(project)
        missing = [s for s in services if s not in containers]
        unhealthy = [
            s
            for s in services
            if s in containers
            and containers[s]["State"].get("Health", {}).get("Status", "healthy") != "healthy"
        ]
        if missing or unhealthy:
            return Hint(
                "not-up",
                f"{', '.join(missing + unhealthy)} not running (or not healthy) in Compose "
                f"project {project}: start your files with `docker compose -p {project} up "
                "-d --wait`",
            )
        return None

    return test


def _db_unpublished(project: str) -> Hint | None:
    ports = probe.project_containers(project)["db"]["NetworkSettings"]["Ports"] or {}
    published = sorted(port for port, bindings in ports.items() if bindings)
    if published:
        return Hint(
            "port-published",
            f"db publishes {', '.join(published)} on the host (`docker compose -p {project} "
            "port db 5432`): any process on the host can reach the database",
        )
    return None


def _db_internal(project: str) -> Hint | None:
    networks = probe.project_containers(project)["db"]["NetworkSettings"]["Networks"]
    open_ = sorted(n for n in networks if not probe.network(n).get("Internal"))
    if open_:
        return Hint(
            "network-not-internal",
            f"db is on {', '.join(open_)}, which has a way out (`docker network inspect "
            f"{open_[0]}`: see Internal); a network's own settings in the file decide it",
        )
    return None


REACH_DB = "import socket; socket.create_connection(('db', 5432), timeout=3).close()"


def _app_reaches_db(project: str) -> Hint | None:
    app = probe.project_containers(project)["app"]
    code, _ = probe.exec_in(app, "python", "-c", REACH_DB)
    if code != 0:
        return Hint(
            "app-cannot-reach-db",
            "app can't open db:5432: compare the networks of the two containers "
            "(`docker inspect`, under NetworkSettings.Networks)",
        )
    return None


COMPOSE = Exercise(
    page="compose",
    task="db publishes no port and sits on an internal network, and app still reaches it",
    criteria=(
        Criterion("db (healthy) and app run in project NAME", _running("db", "app")),
        Criterion("db publishes no port on the host", _db_unpublished),
        Criterion("every network of db is internal", _db_internal),
        Criterion("app reaches db on port 5432", _app_reaches_db),
    ),
)

# --- containers-vs-vms: the kernel caps the worker's memory and processes ---------------------

MEMORY_CAP = 64 * 1024 * 1024
PIDS_CAP = 64
# cgroup v2 first, then v1: the files inside the container that hold its limits.
CGROUP_FILES = {
    "memory": ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"),
    "pids": ("/sys/fs/cgroup/pids.max", "/sys/fs/cgroup/pids/pids.max"),
}


def _cgroup_limit(project: str, what: str) -> float:
    """The limit the kernel enforces on the worker's cgroup; infinity where there is none."""
    worker = probe.project_containers(project)["worker"]
    for path in CGROUP_FILES[what]:
        code, out = probe.exec_in(worker, "cat", path)
        if code == 0:
            value = out.strip()
            # v1 writes "no limit" as a huge number of bytes.
            return float("inf") if value == "max" or int(value) >= 2**62 else int(value)
    return float("inf")


def _memory_capped(project: str) -> Hint | None:
    limit = _cgroup_limit(project, "memory")
    if limit <= MEMORY_CAP:
        return None
    worker = probe.project_containers(project)["worker"]
    shown = "max" if limit == float("inf") else f"{int(limit)} bytes"
    if worker["HostConfig"].get("MemoryReservation"):
        return Hint(
            "reservation-not-limit",
            f"worker has a memory reservation, yet its cgroup's memory.max says {shown}: "
            "a reservation is what the kernel reclaims down to under pressure, not a cap; "
            "see the service's memory options in the Compose reference",
        )
    return Hint(
        "no-memory-cap",
        f"the kernel caps worker's memory at {shown} (/sys/fs/cgroup/memory.max inside it): "
        "a cgroup limit is set by the service's options in the Compose file",
    )


def _pids_capped(project: str) -> Hint | None:
    if _cgroup_limit(project, "pids") > PIDS_CAP:
        return Hint(
            "no-pids-cap",
            "the kernel lets worker start more than 64 processes (/sys/fs/cgroup/pids.max "
            "inside it): the cgroup has a limit for processes too",
        )
    return None


CONTAINERS = Exercise(
    page="containers-vs-vms",
    task="the kernel caps worker at 64 MiB of memory and 64 processes",
    criteria=(
        Criterion("worker runs in project NAME", _running("worker")),
        Criterion("its cgroup caps memory at 64 MiB or less", _memory_capped),
        Criterion("its cgroup caps processes at 64 or fewer", _pids_capped),
    ),
)

EXERCISES = {
    e.page: e
    for e in (
        CONTAINERS,
        LAYERS,
        MULTI_STAGE,
        DOCKERIGNORE,
        COMPOSE,
        on_cluster.SECRETS,
        on_cluster.PROBES,
    )
}


def lookup(page: str) -> Exercise:
    """The exercise of PAGE: its name (images-and-layers) or its path (docs/docker/...md)."""
    key = page.removesuffix(".md").rsplit("/", 1)[-1]
    if key not in EXERCISES:
        raise LabError(
            f"no exercise for page {page!r}; pages with one: {', '.join(sorted(EXERCISES))}"
        )
    return EXERCISES[key]
