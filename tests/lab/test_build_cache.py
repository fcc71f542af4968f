"""The build cache is the system's for root and the user's own for anyone else, so a
non-root CI runner can build the add-ons and tools without writing to /var/cache. It is
read when asked, so the environment of the moment decides it."""

from lab.toolchain import build


def test_a_user_other_than_root_builds_into_their_own_cache(tmp_path, monkeypatch):
    monkeypatch.setattr("os.geteuid", lambda: 65534)
    monkeypatch.delenv("LAB_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert build.cache() == tmp_path / ".cache" / "taskapp-lab"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert build.cache() == tmp_path / "xdg" / "taskapp-lab"


def test_root_builds_into_the_system_cache_unless_lab_cache_says_otherwise(tmp_path, monkeypatch):
    monkeypatch.setattr("os.geteuid", lambda: 0)
    monkeypatch.delenv("LAB_CACHE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert str(build.cache()) == "/var/cache/taskapp-lab"
    monkeypatch.setenv("LAB_CACHE", str(tmp_path))
    assert build.cache() == tmp_path


def test_the_cache_follows_the_environment_of_the_moment(tmp_path, monkeypatch):
    """Set after `lab.toolchain.build` was imported, LAB_CACHE still decides where binaries go."""
    monkeypatch.setenv("LAB_CACHE", str(tmp_path))
    assert build.bin_dir("etcd", "v3.6.0") == tmp_path / "etcd" / "v3.6.0" / "bin"
    assert build.go_env()["GOMODCACHE"] == str(tmp_path / "go" / "mod")


def test_the_old_names_are_computed_when_asked(tmp_path, monkeypatch):
    """scripts/install-docker-plugins.sh reads build.CACHE and the architecture lab
    local.STATE: both follow the environment of the moment."""
    from lab.cluster import local

    monkeypatch.setenv("LAB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("LAB_STATE", str(tmp_path / "state"))
    assert build.CACHE == tmp_path / "cache"
    assert local.STATE == tmp_path / "state"
