"""A minimal Linux virtual machine: Debian's kernel and a busybox initramfs, booted by qemu.

The guest's /init prints a line the host waits for (READY), so the boot time is
"qemu started" to "the guest's first program ran". Memory is the resident set
of the qemu process once the guest is up: what the VM costs the host.
"""

import os
import time
from dataclasses import dataclass
from pathlib import Path

from lab import run
from lab.errors import LabError
from lab.footprint import rss

QEMU = "qemu-system-x86_64"
READY = "VM-READY"
KVM_DEVICE = Path("/dev/kvm")


@dataclass
class Boot:
    accelerator: str
    seconds: float
    rss_bytes: int
    console: list[str]

    def guest_says(self, key: str) -> str:
        """The value of a `key: value` line the guest printed on its console."""
        for line in self.console:
            if line.startswith(f"{key}:"):
                return line.split(":", 1)[1].strip()
        raise LabError(f"the guest printed no {key!r} line; console: {self.console}")


def debian_kernel() -> Path:
    """The newest kernel of Debian's linux-image package in /boot."""
    kernels = sorted(Path("/boot").glob("vmlinuz-*"))
    if not kernels:
        raise LabError("no kernel in /boot; install it: 'apt-get install -y linux-image-amd64'")
    return kernels[-1]


def release(kernel: Path) -> str:
    """The release a kernel file reports as `uname -r`, from its name (vmlinuz-RELEASE)."""
    return kernel.name.removeprefix("vmlinuz-")


def boot(kernel: Path, initramfs: Path, accelerator: str, memory_mb: int = 256, timeout=60):
    """Boot once until the guest prints READY; measure, then stop the VM. Returns a Boot."""
    command = [
        QEMU,
        "-accel",
        accelerator,
        *(["-cpu", "host"] if accelerator == "kvm" else []),
        "-m",
        str(memory_mb),
        "-display",
        "none",
        "-monitor",
        "none",
        "-serial",
        "stdio",
        "-no-reboot",
        "-kernel",
        str(kernel),
        "-initrd",
        str(initramfs),
        "-append",
        "console=ttyS0 quiet panic=-1",
    ]
    start = time.perf_counter()
    purpose = f"booting a {accelerator} guest"
    # The loop below gives up after TIMEOUT, and the qemu process is killed either way.
    qemu = run.start(command, purpose=purpose, timeout=timeout, stdout=run.PIPE, stderr=run.STDOUT)
    os.set_blocking(qemu.stdout.fileno(), False)
    console, buffer = [], b""
    try:
        while READY not in console:
            if time.perf_counter() - start > timeout:
                raise LabError(f"the {accelerator} guest did not print {READY} in {timeout} s")
            if qemu.poll() is not None:
                rest = (buffer + (qemu.stdout.read() or b"")).decode(errors="replace")
                output = " ".join([*console, rest.strip()]).strip()
                raise LabError(f"qemu ({accelerator}) exited {qemu.returncode}: {output}")
            chunk = qemu.stdout.read()
            if not chunk:
                time.sleep(0.01)
                continue
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            console += [line.decode(errors="replace").strip() for line in lines]
        seconds = time.perf_counter() - start
        time.sleep(1)  # let the guest settle before reading its footprint
        return Boot(accelerator, seconds, rss(qemu.pid), console)
    finally:
        qemu.kill()
        qemu.wait()


def pick_accelerator(kernel: Path, initramfs: Path, timeout: float = 20) -> tuple[str, str]:
    """("kvm" or "tcg", why): KVM when /dev/kvm opens and a guest boots with it, else TCG."""
    try:
        os.close(os.open(KVM_DEVICE, os.O_RDWR))
    except OSError as err:
        return "tcg", f"{KVM_DEVICE} is not usable ({err.strerror})"
    try:
        boot(kernel, initramfs, "kvm", timeout=timeout)
    except LabError as err:
        return "tcg", f"{KVM_DEVICE} opens, but a KVM guest fails here: {err}"
    return "kvm", f"{KVM_DEVICE} works"
