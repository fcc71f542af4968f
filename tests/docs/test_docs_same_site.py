"""lab.site.same: two built sites compare equal when only gzip's time stamp differs."""

import gzip

from lab.site.same import differences


def site(folder, sitemap_mtime: int, page: str):
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "index.html").write_text(page)
    (folder / "sitemap.xml.gz").write_bytes(gzip.compress(b"<urlset/>", mtime=sitemap_mtime))
    return folder


def test_a_sitemap_written_at_another_time_is_the_same(tmp_path):
    one, other = site(tmp_path / "one", 1, "<p>x</p>"), site(tmp_path / "other", 2, "<p>x</p>")
    assert (one / "sitemap.xml.gz").read_bytes() != (other / "sitemap.xml.gz").read_bytes()
    assert differences(one, other) == []


def test_a_changed_or_missing_page_is_listed(tmp_path):
    one, other = site(tmp_path / "one", 1, "<p>x</p>"), site(tmp_path / "other", 1, "<p>y</p>")
    (one / "extra.html").write_text("")
    assert differences(one, other) == [f"only in {one}: extra.html", "differs: a/index.html"]
