"""Run inside the container: wait until FILE holds TEXT, for at most SECONDS, then print
when the kubelet wrote it (seconds since the epoch).
Usage: python - FILE TEXT SECONDS < wait_for_change.py

The kubelet writes a ConfigMap volume's files into a new hidden directory, then swaps the
symlink `..data` over to it in one rename, so a reader never sees half an update. The time
of the update is that symlink's own modification time."""

import os
import sys
import time

path, wanted, patience = sys.argv[1], sys.argv[2], float(sys.argv[3])
deadline = time.time() + patience
while time.time() < deadline:
    with open(path) as file:
        if file.read() == wanted:
            print(os.lstat(os.path.join(os.path.dirname(path), "..data")).st_mtime)
            sys.exit(0)
    time.sleep(0.2)
sys.exit(f"{path} still does not hold {wanted!r} after {patience:.0f} s")
