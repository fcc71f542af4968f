"""Where a notebook's stored outputs come from: when, on what, how long, and for which code.

`lab notebook record NAME` executes the notebook in place (its directory as
the working directory, a kernel of the Python that runs `lab`, 600 s a cell)
and writes into its metadata, under `taskapp_lab.provenance`:

    recorded      UTC time the run started, ISO 8601
    seconds       how long the cells ran
    code_sha256   `code_hash` of the code the outputs came from
    environment   python, kernel (uname -r), docker (engine version), cgroup
                  ("v1" or "v2": the host's hierarchy, which the engine's
                  containers and either provider's node share), base_images
                  ({tag: "official" or "look-alike"} for the base images
                  Docker holds), and, when a cluster is up, provider,
                  kubernetes (server version) and containerd (the node's
                  runtime version), null otherwise; for a lab that boots a
                  virtual machine, vm: the accelerator it used ("kvm", or
                  "tcg" for software emulation), from its figure
                  `vm_accelerator`

Recordings made before a field existed lack it; readers show what is there.

A test (tests/notebooks/test_provenance.py) compares `code_sha256` with the
notebook's code: a cell edited after the recording fails it until the
notebook is recorded again.
"""

import datetime
import hashlib
import json
import platform
import time
from pathlib import Path

import ipykernel.kernelspec
import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

from lab import figures, run
from lab.cluster import cgroups
from lab.environment import summary
from lab.errors import LabError
from lab.images import seed
from lab.paths import ROOT

NOTEBOOKS = ROOT / "notebooks"
KEY = "taskapp_lab"
CELL_TIMEOUT = 600
KERNEL = "lab-current-env"
VM_FIGURE = "vm_accelerator"  # the figure a lab that boots a VM shows: "kvm" or "tcg"


def code_hash(nb) -> str:
    """sha256 of the sources of the code cells, in order; outputs and prose don't count."""
    sources = [cell.source for cell in nb.cells if cell.cell_type == "code"]
    return hashlib.sha256(json.dumps(sources).encode()).hexdigest()


def provenance(nb) -> dict | None:
    """The recorded provenance of a notebook, or None."""
    return nb.metadata.get(KEY, {}).get("provenance")


def resolve(name: str) -> Path:
    """notebooks/NAME.ipynb for a stem like '02-images-and-layers', or NAME as a path."""
    candidates = [Path(name), NOTEBOOKS / name, NOTEBOOKS / f"{name}.ipynb"]
    for path in candidates:
        if path.suffix == ".ipynb" and path.is_file():
            return path.resolve()
    known = ", ".join(path.stem for path in sorted(NOTEBOOKS.glob("*.ipynb"))) or "none"
    raise LabError(f"no notebook {name!r}; the notebooks are: {known}")


def _output(*command: str) -> str | None:
    """The stripped stdout of COMMAND, or None when it can't run or fails."""
    try:
        result = run.run(command, purpose="describing this machine", timeout=60, check=False)
    except run.CommandFailed:  # not installed, or hung
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def _cluster() -> dict:
    from lab.cluster import commands  # the cluster toolkit only when asked

    provider = commands.running()
    if provider is None:
        return {"provider": None, "kubernetes": None, "containerd": None}
    kubectl = commands.kubectl()
    version = _output(*kubectl, "version", "-o", "json")
    server = json.loads(version).get("serverVersion", {}).get("gitVersion") if version else None
    runtime = _output(
        *kubectl,
        "get",
        "nodes",
        "-o",
        "jsonpath={.items[0].status.nodeInfo.containerRuntimeVersion}",
    )
    containerd = runtime.removeprefix("containerd://") if runtime else None
    return {"provider": provider, "kubernetes": server, "containerd": containerd}


def _base_images() -> dict:
    """{tag: "official" or "look-alike"} for each base image the engine holds."""
    found = {tag: seed.origin(tag) for tag in seed.BASE_IMAGES}
    return {tag: kind for tag, kind in found.items() if kind}


def environment() -> dict:
    """What a recording runs on: Python, kernel, cgroups, Docker and its base images, cluster."""
    docker = _output("docker", "version", "--format", "{{.Server.Version}}")
    return {
        "python": platform.python_version(),
        "kernel": platform.release(),
        "cgroup": "v2" if cgroups.unified() else "v1",
        "docker": docker,
        "base_images": _base_images() if docker else {},
        **_cluster(),
    }


def _accelerator(nb) -> dict:
    """{"vm": "kvm" or "tcg"} when the run booted a VM and showed the `vm_accelerator` figure."""
    accelerator = figures.of(nb).get(VM_FIGURE)
    return {"vm": accelerator} if accelerator else {}


class _CurrentEnvSpecs(KernelSpecManager):
    """Kernel specs plus one kernel of this very Python (as nbval's --nbval-current-env)."""

    def get_kernel_spec(self, kernel_name):
        if kernel_name == KERNEL:
            return self.kernel_spec_class(
                resource_dir=ipykernel.kernelspec.RESOURCES,
                **ipykernel.kernelspec.get_kernel_dict(),
            )
        return super().get_kernel_spec(kernel_name)


def execute(nb, directory: Path) -> float:
    """Run every cell of NB in DIRECTORY on a kernel of this Python; return the seconds taken."""
    manager = KernelManager(kernel_name=KERNEL, kernel_spec_manager=_CurrentEnvSpecs())
    client = NotebookClient(
        nb,
        km=manager,
        timeout=CELL_TIMEOUT,
        record_timing=False,  # per-cell timestamps would change the file on every run
        resources={"metadata": {"path": str(directory)}},
    )
    start = time.monotonic()
    try:
        client.execute()
    finally:
        if manager.has_kernel:  # a kernel manager handed in is ours to stop
            manager.shutdown_kernel(now=True)
    return time.monotonic() - start


def record(path: Path) -> dict:
    """Execute the notebook at PATH in place and store its provenance; return the provenance."""
    nb = nbformat.read(path, as_version=4)
    recorded = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
    env = environment()
    try:
        seconds = execute(nb, path.parent)
    except (CellExecutionError, CellTimeoutError) as err:
        # The stored notebook is left as it was; what the run made is removed.
        from lab import notebook as lab_notebook

        try:
            lab_notebook.cleanup(path.stem)
        except LabError as cleanup_error:
            err.add_note(str(cleanup_error))
        raise LabError(f"{path.name} failed, nothing recorded:\n{err}") from err
    nb.metadata.setdefault(KEY, {})["provenance"] = {
        "recorded": recorded,
        "seconds": round(seconds, 1),
        "code_sha256": code_hash(nb),
        "environment": {**env, **_accelerator(nb)},
    }
    temporary = path.with_name(f".{path.name}.recording")
    nbformat.write(nb, temporary)
    temporary.replace(path)
    return nb.metadata[KEY]["provenance"]


def describe(name: str, entry: dict) -> str:
    """One line for `lab notebook record`: the notebook, its run time, what it ran on, when."""
    return f"{name}: {entry['seconds']} s on {summary(entry['environment'])}, {entry['recorded']}"
