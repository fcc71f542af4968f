"""lab.layers reads BuildKit's plain progress: steps, cache hits and the context it sent."""

import pytest

from lab.errors import LabError
from lab.layers import context_bytes, own_entries

LOG = """#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 2.31kB done
#1 DONE 0.0s
#5 [internal] load build context
#5 transferring context: 1.05MB 0.1s
#5 transferring context: 2.35MB 0.2s done
#5 DONE 0.3s
"""


def test_the_context_transferred_is_the_last_count_of_the_context_step():
    assert context_bytes(LOG) == 2_350_000


def test_the_dockerfile_transfer_is_not_the_context():
    assert context_bytes(LOG.split("#5")[0]) == 0


def test_units_are_decimal_as_buildkit_writes_them():
    assert context_bytes("#3 transferring context: 41.47kB done") == 41_470
    assert context_bytes("#3 transferring context: 2B done") == 2


# `docker history --no-trunc --format '{{json .}}'`, newest first, cut to the fields read.
def entry(created_by: str, size: str = "0B") -> dict:
    return {"Comment": "buildkit.dockerfile.v0", "CreatedBy": created_by, "ID": "<missing>",
            "Size": size}  # fmt: skip


LOOKALIKE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
LOOKALIKE_BASE = [  # lab images seed's python:3.11-slim-bookworm, as Docker 20.10 lists it
    entry('CMD ["python3"]'),
    entry("ENV LANG=C.UTF-8"),
    entry(
        "RUN /bin/sh -c apt-get update  && apt-get install -y --no-install-recommends       "
        "python3 python3-venv python-is-python3  && rm -rf /var/lib/apt/lists/* # buildkit",
        "43.4MB",
    ),  # fmt: skip
    {"Comment": "Imported from -", "CreatedBy": "", "ID": "<missing>", "Size": "81.4MB"},
]
OFFICIAL_PATH = "/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
OFFICIAL_BASE = [  # the official image's history: Python built from source on Debian's rootfs
    entry('CMD ["python3"]'),
    entry(
        "RUN /bin/sh -c set -eux;  for src in idle3 pip3 pydoc3 python3 python3-config; do "
        'dst="$(echo "$src" | tr -d 3)"; ln -svT "$src" "/usr/local/bin/$dst"; done '
        "# buildkit",
        "36B",
    ),  # fmt: skip
    entry(
        'RUN /bin/sh -c set -eux;   savedAptMark="$(apt-mark showmanual)"; apt-get update; '
        "... # buildkit",
        "32.1MB",
    ),  # fmt: skip
    entry("ENV PYTHON_VERSION=3.11.14"),
    entry("ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D"),
    entry(
        "RUN /bin/sh -c set -eux;  apt-get update;  apt-get install -y "
        "--no-install-recommends   ca-certificates   netbase   tzdata  ;  "
        "rm -rf /var/lib/apt/lists/* # buildkit",
        "3.81MB",
    ),  # fmt: skip
    entry("ENV LANG=C.UTF-8"),
    entry(f"ENV PATH={OFFICIAL_PATH}"),
    {
        "Comment": "debuerreotype 0.16",
        "CreatedBy": "# debian.sh --arch 'amd64' out/ 'bookworm' '@1764547200'",
        "ID": "<missing>",
        "Size": "74.8MB",
    },  # fmt: skip
]


def app_on(base: list[dict], base_path: str) -> list[dict]:
    """The runtime stage's entries of our Dockerfile on BASE, as BuildKit records them."""
    return [
        entry('CMD ["gunicorn" "--config" "gunicorn.conf.py" "config.wsgi"]'),
        entry("EXPOSE map[8000/tcp:{}]"),
        entry("USER 10001:10001"),
        entry("ENV APP_VERSION=dev"),
        entry(
            "RUN /bin/sh -c DEBUG=1 python manage.py collectstatic --noinput --verbosity 0 "
            "# buildkit",
            "1.87MB",
        ),  # fmt: skip
        entry("COPY taskapp/ /app/ # buildkit", "39.7kB"),
        entry("WORKDIR /app"),
        entry(f"ENV PATH=/opt/venv/bin:{base_path} PYTHONDONTWRITEBYTECODE=1"),
        entry("COPY /opt/venv /opt/venv # buildkit", "53.4MB"),
        *base,
    ]


def test_the_images_own_history_reads_the_same_on_either_base():
    lookalike = own_entries(app_on(LOOKALIKE_BASE, LOOKALIKE_PATH), LOOKALIKE_BASE, LOOKALIKE_PATH)
    official = own_entries(app_on(OFFICIAL_BASE, OFFICIAL_PATH), OFFICIAL_BASE, OFFICIAL_PATH)
    assert lookalike == official
    instructions = [own.instruction for own in official]
    assert len(instructions) == 9 and instructions[-1] == "COPY /opt/venv /opt/venv # buildkit"
    assert "ENV PATH=/opt/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1" in instructions
    assert [own.size for own in official][-1] == "53.4MB"


def test_an_image_on_another_base_is_refused():
    with pytest.raises(LabError, match="does not end with its base's"):
        own_entries(app_on(LOOKALIKE_BASE, LOOKALIKE_PATH), OFFICIAL_BASE, OFFICIAL_PATH)
    with pytest.raises(LabError, match="does not end with its base's"):
        own_entries(LOOKALIKE_BASE, LOOKALIKE_BASE, LOOKALIKE_PATH)  # the base itself
