"""Things on the host that belong to someone else, planted around an `up` and a `down`
of the local cluster, which must leave every one of them as it was."""

import contextlib
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

from lab.cluster import cgroups
from tests.lab.kubeconfigs import USERS_FILE as KUBECONFIG

# Chains another kube-proxy or CNI network would have, each with a rule and a jump to it.
CHAINS = [
    ("filter", "KUBE-DECOY", ["FORWARD", "-s", "198.18.0.1/32", "-j", "KUBE-DECOY"]),
    (
        "nat",
        "CNI-DECOY",
        ["POSTROUTING", "-s", "198.18.0.1/32", "-m", "comment", "--comment",
         'name: "someone-else" id: "decoy"', "-j", "CNI-DECOY"],
    ),
]  # fmt: skip


TABLES = [(p, t) for p in ("iptables", "ip6tables") for t in ("filter", "nat", "mangle", "raw")]


def iptables(*args: str) -> str:
    return subprocess.run(
        ["iptables", "-w", *args], capture_output=True, text=True, check=True
    ).stdout


def host_rules() -> dict[str, str]:
    """Every rule of the host's tables, without counters."""
    return {
        f"{program} {table}": subprocess.run(
            [program, "-w", "-t", table, "-S"], capture_output=True, text=True, check=True
        ).stdout
        for program, table in TABLES
    }


@dataclass
class Decoys:
    kubeconfig: Path
    process: subprocess.Popen
    cgroup: Path

    def problems(self) -> list[str]:
        """What is no longer as it was planted."""
        found = []
        if self.process.poll() is not None:
            found.append(f"the foreign pod's process ended ({self.process.returncode})")
        elif str(self.process.pid) not in (self.cgroup / "cgroup.procs").read_text().split():
            found.append(f"the foreign pod's process left {self.cgroup}")
        for table, chain, _ in CHAINS:
            rules = iptables("-t", table, "-S")
            if f"-A {chain} -j RETURN" not in rules or f"-j {chain}" not in rules:
                found.append(f"chain {chain} ({table}) or the jump to it is gone")
        text = self.kubeconfig.read_text()
        if not text.startswith(KUBECONFIG.splitlines()[0]):
            found.append("the kubeconfig's comment is gone")
        for context in ("work", "home"):
            if f"  name: {context}\n" not in text:
                found.append(f"kubeconfig context {context} is gone")
        return found


def foreign_cgroup() -> Path:
    """A pod's cgroup under /kubepods, where another kubelet on the host keeps its pods."""
    hierarchy = cgroups.ROOT if cgroups.unified() else cgroups.subtree_dirs()[0].parent
    return hierarchy / "kubepods" / f"decoy-{uuid.uuid4().hex[:6]}"


@contextlib.contextmanager
def planted(tmp_path: Path):
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(KUBECONFIG)
    cgroup = foreign_cgroup()
    made_kubepods = not cgroup.parent.exists()
    cgroup.mkdir(parents=True)
    process = subprocess.Popen(["sleep", "3600"])
    (cgroup / "cgroup.procs").write_text(str(process.pid))
    for table, chain, jump in CHAINS:
        iptables("-t", table, "-N", chain)
        iptables("-t", table, "-A", chain, "-j", "RETURN")
        iptables("-t", table, "-A", *jump)
    try:
        yield Decoys(kubeconfig, process, cgroup)
    finally:
        process.kill()
        process.wait()
        for table, chain, jump in CHAINS:
            subprocess.run(["iptables", "-w", "-t", table, "-D", *jump], check=False)
            subprocess.run(["iptables", "-w", "-t", table, "-F", chain], check=False)
            subprocess.run(["iptables", "-w", "-t", table, "-X", chain], check=False)
        with contextlib.suppress(OSError):
            cgroup.rmdir()
            if made_kubepods:
                cgroup.parent.rmdir()
