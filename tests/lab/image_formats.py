"""What Docker and a kind node say about images, in their own formats, and a stand-in
`docker` on PATH that answers with them.

`docker image inspect` as the classic store answers (the image ID is the config's digest)
and as the containerd image store answers (the ID is the index's digest; only this store
adds the target's Descriptor); `crictl images -o json` as containerd's CRI answers it:
every image of the node, whatever name was asked for; a `docker save` archive with the
manifest.json that names the config's blob.
"""

import hashlib
import io
import json
import tarfile
from pathlib import Path

CONFIG = json.dumps(
    {
        "architecture": "amd64",
        "os": "linux",
        "config": {"User": "10001:10001", "Labels": {"lab.notebook": "06"}},
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + "1" * 64]},
    }
).encode()
CONFIG_DIGEST = "sha256:" + hashlib.sha256(CONFIG).hexdigest()
INDEX_DIGEST = "sha256:" + "4" * 64  # the containerd store's ID: the image index's digest
MANIFEST_DIGEST = "sha256:" + "5" * 64


def _inspect(image_id: str, **more) -> list[dict]:
    return [
        {
            "Id": image_id,
            "RepoTags": ["taskapp:1.0.0"],
            "RepoDigests": [],
            "Parent": "",
            "Comment": "buildkit.dockerfile.v0",
            "Created": "2026-12-07T13:40:11.381925513Z",
            "Config": {"User": "10001:10001", "Labels": {"lab.notebook": "06"}},
            "Architecture": "amd64",
            "Os": "linux",
            "Size": 187432310,
            "RootFS": {"Type": "layers", "Layers": ["sha256:" + "1" * 64]},
            "Metadata": {"LastTagTime": "2026-12-07T13:40:11.412781091Z"},
            **more,
        }
    ]


CLASSIC_INSPECT = _inspect(
    CONFIG_DIGEST,
    GraphDriver={"Name": "overlay2", "Data": {"MergedDir": "/var/lib/docker/overlay2/x/merged"}},
)
CONTAINERD_INSPECT = _inspect(
    INDEX_DIGEST,
    GraphDriver={"Name": "overlayfs", "Data": None},
    Descriptor={
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "digest": INDEX_DIGEST,
        "size": 856,
    },
)


def crictl_images(taskapp_id: str = CONFIG_DIGEST) -> dict:
    """A kind node's images: its own, then taskapp as `kind load` imports it (with a
    digest name), listed in containerd's order, not by name."""
    return {
        "images": [
            {
                "id": "sha256:" + "a" * 64,
                "repoTags": ["docker.io/kindest/kindnetd:v20260912-8d8c6f1e"],
                "repoDigests": [],
                "size": "44375501",
                "uid": None,
                "username": "",
                "spec": None,
                "pinned": False,
            },
            {
                "id": "sha256:" + "b" * 64,
                "repoTags": ["registry.k8s.io/pause:3.10.2"],
                "repoDigests": [],
                "size": "320368",
                "uid": {"value": "65535"},
                "username": "",
                "spec": None,
                "pinned": True,
            },
            {
                "id": taskapp_id,
                "repoTags": ["docker.io/library/taskapp:1.0.0"],
                "repoDigests": [f"docker.io/library/import-2026-12-07@{MANIFEST_DIGEST}"],
                "size": "64812207",
                "uid": {"value": "10001"},
                "username": "",
                "spec": None,
                "pinned": False,
            },
        ]
    }


def saved_archive(path: Path) -> Path:
    """A `docker save` archive of one platform: the manifest.json Docker writes, the config."""
    hex_digest = CONFIG_DIGEST.split(":")[1]
    manifest = [
        {
            "Config": f"blobs/sha256/{hex_digest}",
            "RepoTags": ["taskapp:1.0.0"],
            "Layers": ["blobs/sha256/" + "2" * 64],
        }
    ]
    files = {
        "oci-layout": b'{"imageLayoutVersion":"1.0.0"}',
        f"blobs/sha256/{hex_digest}": CONFIG,
        "manifest.json": json.dumps(manifest).encode(),
    }
    with tarfile.open(path, "w") as archive:
        for name, data in files.items():
            member = tarfile.TarInfo(name)
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    return path


# Records every call; answers `image inspect`, `exec NODE crictl images`, `save --output`;
# a registry's manifest after LAB_REGISTRY_DELAY seconds.
DOCKER = """#!/bin/sh
echo "docker $*" >> "$LAB_RECORD"
case "$1 $2" in
  "image inspect") cat "$LAB_FAKE/inspect.json" ;;
  "manifest inspect") sleep "${LAB_REGISTRY_DELAY:-0}" ;;
  "exec "*) cat "$LAB_FAKE/crictl-images.json" ;;
  "save "*)
    while [ "$#" -gt 0 ]; do
      if [ "$1" = "--output" ]; then cp "$LAB_FAKE/saved.tar" "$2"; fi
      shift
    done ;;
esac
exit 0
"""


def fake_docker(folder: Path, inspect: list[dict], crictl: dict | None = None) -> None:
    """Put the stand-in docker in FOLDER/bin with what it answers in FOLDER (LAB_FAKE)."""
    (folder / "bin").mkdir(exist_ok=True)
    (folder / "bin" / "docker").write_text(DOCKER)
    (folder / "bin" / "docker").chmod(0o755)
    (folder / "inspect.json").write_text(json.dumps(inspect))
    (folder / "crictl-images.json").write_text(json.dumps(crictl or crictl_images()))
    saved_archive(folder / "saved.tar")
