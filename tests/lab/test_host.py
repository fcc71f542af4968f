"""What `down` undoes on the host is picked by name, never by a prefix others share."""

from lab.cluster import host

RULES = [
    "-P POSTROUTING ACCEPT",
    "-N CNI-1be46ca6d01cd3bc46b4a2b2",
    "-N CNI-0123456789abcdef01234567",
    "-N KUBE-POSTROUTING",
    '-A POSTROUTING -s 10.244.0.2/32 -m comment --comment "name: \\"taskapp-lab\\" id: '
    '\\"12d9\\"" -j CNI-1be46ca6d01cd3bc46b4a2b2',
    '-A POSTROUTING -s 10.88.0.2/32 -m comment --comment "name: \\"podman\\" id: \\"ab\\"" '
    "-j CNI-0123456789abcdef01234567",
    '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
]


def test_cni_chains_are_those_of_our_network_only():
    assert host._cni_chains(RULES, "taskapp-lab") == {"CNI-1be46ca6d01cd3bc46b4a2b2"}
    assert host._cni_chains(RULES, "taskapp") == set()  # a prefix of the name is not the name


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
