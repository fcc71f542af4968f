"""`lab images seed`: build look-alike base images from Debian packages when they can't be pulled.

A machine with a registry pulls the official images and this does nothing more. An
air-gapped one gets stand-ins tagged with the same names (see
deploy/images/lookalike/README.md), so our Dockerfile and compose file work unchanged.
"""

import shutil
import tempfile
from pathlib import Path

from lab import run
from lab.docker import can_pull, docker, image_exists, require_engine
from lab.errors import LabError
from lab.paths import ROOT

RECIPES = ROOT / "deploy" / "images" / "lookalike"
# Seconds each step of a look-alike's root file system may take: debootstrap downloads and
# installs about 80 Debian packages from the host's mirror; the rest work on local files.
DEBOOTSTRAP_TIMEOUT = 1800
CHROOT_TIMEOUT = 300
TAR_TIMEOUT = 300
HOST_CA_DIR = Path("/usr/local/share/ca-certificates")
HOST_APT_SOURCES = Path("/etc/apt/sources.list.d/debian.sources")
SUITE = "bookworm"
# Every look-alike carries this label (images built FROM one inherit it). Whether an image
# has a repository digest no longer tells: the containerd image store gives one to images
# built or imported locally too.
LOOK_ALIKE_LABEL = "org.taskapp-lab.look-alike"

# Tag -> recipe folder, in build order: the first is the root filesystem the others build on.
BASE_IMAGES = {
    "debian:bookworm-slim": "debian",
    "python:3.11-slim-bookworm": "python",
    "postgres:15-bookworm": "postgres",
    "golang:1.26-bookworm": "golang",
}
# `go env` answers from the host's own settings in well under a second.
GO_ENV_TIMEOUT = 30

# Like the official slim images: later apt installs leave out docs, man pages and locales.
DPKG_EXCLUDES = """\
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
"""

# Like the official images: apt keeps no downloaded .deb files nor package caches in a layer.
APT_SLIM = """\
APT::Keep-Downloaded-Packages "false";
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
"""


def origin(tag: str) -> str | None:
    """'look-alike' for an image `seed` built (its label; on Engine 20.10's own store, no
    repository digest either), 'official' for one pulled from a registry, None when Docker
    has no TAG."""
    fields = f'{{{{len .RepoDigests}}}} {{{{index .Config.Labels "{LOOK_ALIKE_LABEL}"}}}}'
    try:
        found = docker("image", "inspect", "--format", fields, tag, capture=True)
    except LabError:
        return None
    digests, _, label = found.strip().partition(" ")
    return "look-alike" if label == "true" or digests == "0" else "official"


def seed(tags: list[str] | None = None, force: bool = False) -> None:
    require_engine()
    wanted = tags or list(BASE_IMAGES)
    unknown = [tag for tag in wanted if tag not in BASE_IMAGES]
    if unknown:
        known = ", ".join(BASE_IMAGES)
        raise LabError(f"no look-alike recipe for {unknown[0]!r}; known tags: {known}")
    for tag in BASE_IMAGES:  # dependency order, whatever order was asked
        if tag in wanted:
            _seed_one(tag, force)


def _seed_one(tag: str, force: bool) -> None:
    if image_exists(tag) and not force:
        print(f"{tag}: already present, nothing to do")
        return
    if not force and can_pull(tag):
        print(f"{tag}: pulled from the registry")
        return
    if tag != "debian:bookworm-slim" and not image_exists("debian:bookworm-slim"):
        _seed_one("debian:bookworm-slim", force=False)
    print(f"{tag}: the registry can't be reached; building a look-alike from Debian packages ...")
    label = f"--label={LOOK_ALIKE_LABEL}=true"
    if BASE_IMAGES[tag] == "debian":
        import_rootfs(tag)
    elif BASE_IMAGES[tag] == "golang":
        recipe = str(RECIPES / "golang" / "Dockerfile")
        context = str(goroot(tag))
        docker("build", "--quiet", label, "--tag", tag, "-f", recipe, context, capture=True)
    else:
        recipe = str(RECIPES / BASE_IMAGES[tag])
        docker("build", "--quiet", label, "--tag", tag, recipe, capture=True)
    print(f"{tag}: built")


def goroot(tag: str) -> Path:
    """The host's Go toolchain, the golang look-alike's content: of the release TAG names."""
    if shutil.which("go") is None:
        raise LabError(
            f"no registry serves {tag} and this host has no Go to build a look-alike from; "
            "install Go (https://go.dev/dl) or reach a registry"
        )
    purpose = "asking which Go this host has"
    found = run.run(["go", "env", "GOVERSION", "GOROOT"], purpose=purpose, timeout=GO_ENV_TIMEOUT)
    version, root = found.stdout.split()
    wanted = tag.split(":")[1].split("-")[0]  # golang:1.26-bookworm: 1.26
    if not (version == f"go{wanted}" or version.startswith(f"go{wanted}.")):
        raise LabError(
            f"the look-alike of {tag} needs this host's Go to be {wanted}, not {version}"
        )
    return Path(root)


def import_rootfs(tag: str, ca_dir: Path = HOST_CA_DIR) -> None:
    """debootstrap a minimal bookworm, trust the CAs in CA_DIR, then `docker import` it as TAG."""
    with tempfile.TemporaryDirectory(prefix="lab-rootfs-") as tmp:
        root = Path(tmp) / "rootfs"
        bootstrap(root, ["ca-certificates"], tag, ca_dir)
        purpose = f"archiving the root file system of {tag}"
        tar = run.run(
            ["tar", "-C", root, "-c", "."], purpose=purpose, timeout=TAR_TIMEOUT, text=False
        )
        docker(
            "import",
            "--change",
            'CMD ["bash"]',
            "--change",
            "ENV LANG=C.UTF-8",
            "--change",
            f"LABEL {LOOK_ALIKE_LABEL}=true",
            "-",
            tag,
            input=tar.stdout,
            capture=True,
        )


def bootstrap(root: Path, packages: list[str], purpose: str, ca_dir: Path = HOST_CA_DIR) -> None:
    """A minimal Debian SUITE with PACKAGES in ROOT, from the host's mirror, trusting the CAs
    in CA_DIR and slimmed like the official images; PURPOSE names what it is for."""
    if shutil.which("debootstrap") is None:
        raise LabError("debootstrap is missing; install it with 'apt-get install debootstrap'")
    run.run(
        [
            "debootstrap",
            "--variant=minbase",
            f"--include={','.join(packages)}",
            SUITE,
            str(root),
            _host_mirror(),
        ],
        purpose=f"installing a minimal Debian {SUITE} for {purpose}",
        timeout=DEBOOTSTRAP_TIMEOUT,
    )
    _configure_rootfs(root, ca_dir)


def _configure_rootfs(root: Path, ca_dir: Path) -> None:
    # The same apt sources as the host, so images built on it use the mirror this machine reaches.
    if HOST_APT_SOURCES.exists():
        shutil.copy(HOST_APT_SOURCES, root / "etc/apt/sources.list.d/debian.sources")
        (root / "etc/apt/sources.list").unlink(missing_ok=True)
    (root / "etc/dpkg/dpkg.cfg.d/lookalike-slim").write_text(DPKG_EXCLUDES)
    (root / "etc/apt/apt.conf.d/lookalike-slim").write_text(APT_SLIM)
    # A TLS-intercepting proxy's CAs (the host trusts them, so the image must too).
    for cert in sorted(ca_dir.glob("*.crt")):
        shutil.copy(cert, root / "usr/local/share/ca-certificates" / cert.name)
    purpose = "trusting the host's certificate authorities in the image"
    run.run(["chroot", root, "update-ca-certificates"], purpose=purpose, timeout=CHROOT_TIMEOUT)
    for junk in (
        "var/lib/apt/lists",
        "var/cache/apt",
        "usr/share/doc",
        "usr/share/man",
        "usr/share/info",
        "usr/share/locale",
        "var/log",
    ):
        for child in (root / junk).glob("*"):
            if child.name == "locale.alias":
                continue
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()


def _host_mirror() -> str:
    """The Debian mirror the host uses (first URIs line of its deb822 sources)."""
    if HOST_APT_SOURCES.exists():
        for line in HOST_APT_SOURCES.read_text().splitlines():
            if line.startswith("URIs:"):
                return line.split()[1]
    return "http://deb.debian.org/debian"
