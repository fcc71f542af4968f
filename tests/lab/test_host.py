"""`down` writes back the host-wide sysctls kubelet changed, and no others."""

from lab.cluster import host


def test_sysctls_are_written_back_as_they_were(tmp_path):
    for key in host.KUBELET_SYSCTLS:
        (tmp_path / key).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / key).write_text("0\n")
    before = host.read_sysctls(tmp_path)
    (tmp_path / "kernel/panic").write_text("10\n")  # what kubelet sets
    (tmp_path / "vm/overcommit_memory").write_text("1\n")
    (tmp_path / "vm/swappiness").write_text("60\n")  # not one of kubelet's: never written
    host.write_sysctls({**before, "vm/swappiness": "0"}, tmp_path)
    assert host.read_sysctls(tmp_path) == before
    assert (tmp_path / "vm/swappiness").read_text() == "60\n"
