"""What a recording ran on, said in one line for a reader.

Apart from lab.provenance, which records it, so that the site's build can say it
without importing the notebook runner's libraries (nbclient, jupyter_client).
"""

VMS = {"kvm": "its VM with KVM", "tcg": "its VM under software emulation (TCG, no KVM)"}


def _base_images_text(images: dict) -> str | None:
    kinds = sorted(set(images.values()))
    if not kinds:
        return None
    if len(kinds) == 1:
        return f"{kinds[0]} base images"
    return "base images " + ", ".join(f"{tag} {kind}" for tag, kind in images.items())


def summary(env: dict) -> str:
    """What a recording ran on, for a reader: each field its environment holds, in one line.

    'Kubernetes v1.37.0 (local), Docker 28.5.1, cgroup v2, official base images'. A
    recording made before a field existed lacks it, and the line leaves it out.
    """
    parts = []
    if env.get("kubernetes"):
        parts.append(f"Kubernetes {env['kubernetes']} ({env.get('provider')})")
    if env.get("docker"):
        parts.append(f"Docker {env['docker']}")
    if not parts:
        parts.append("no cluster, no Docker engine")
    if env.get("cgroup"):
        parts.append(f"cgroup {env['cgroup']}")
    images = _base_images_text(env.get("base_images") or {})
    if images:
        parts.append(images)
    if env.get("vm"):
        parts.append(VMS.get(env["vm"], f"its VM with accelerator {env['vm']}"))
    return ", ".join(parts)
