"""Every internal link and anchor of the built site resolves; nothing is loaded from outside."""

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

# Attributes through which a page links to or loads another file.
LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src"}


class PageParser(HTMLParser):
    """Collects the ids of one HTML page and the links it makes."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, address)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for key in ("id", "name"):
            if attributes.get(key):
                self.ids.add(attributes[key])
        address = attributes.get(LINK_ATTRIBUTES.get(tag, ""))
        if address is not None:
            self.links.append((tag, address))


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def target_file(site: Path, page: Path, address: str) -> Path:
    """The file an internal address points at, as a static server would find it."""
    base = "/" + page.relative_to(site).as_posix()
    path = unquote(urlsplit(urljoin(base, address)).path)
    target = site / path.lstrip("/")
    return target / "index.html" if path.endswith("/") else target


@pytest.fixture(scope="module")
def pages(built_site):
    site = built_site.site
    return {path: parse(path) for path in site.rglob("*.html")}


def test_site_has_pages(pages):
    """The checker sees the whole site, not an empty folder."""
    assert len(pages) >= 19


def test_internal_links_and_anchors_resolve(built_site, pages):
    """Every relative link names an existing file, and every #anchor an id on that page."""
    site = built_site.site
    broken = []
    for page, parsed in pages.items():
        for tag, address in parsed.links:
            parts = urlsplit(address)
            if parts.scheme or parts.netloc or address.startswith(("mailto:", "javascript:")):
                continue
            target = page if not parts.path else target_file(site, page, address)
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: <{tag}> {address} (no file)")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if fragment not in ids:
                    broken.append(f"{page.relative_to(site)}: {address} (no anchor)")
    assert not broken, "\n".join(broken)


def test_nothing_is_loaded_from_outside(built_site, pages):
    """Scripts, styles and images all come from the site itself: it works offline."""
    site = built_site.site
    external = [
        f"{page.relative_to(site)}: <{tag}> {address}"
        for page, parsed in pages.items()
        for tag, address in parsed.links
        if tag != "a" and urlsplit(address).netloc
    ]
    assert not external, "\n".join(external)
