"""Publish the notebooks and tie each concept page to the notebook that proves it.

Notebooks live in `notebooks/` at the root of the repository, next to the code
they drive; this hook adds them to the site as `notebooks/NAME.ipynb`, where
mkdocs-jupyter renders them. A concept page names its notebook in its front
matter (`notebook: 03-multi-stage-builds.ipynb`; what the page says about it,
its "verified" line and "Prove it" section, is written by verification.py),
and the notebook takes its place in the nav right after that page. A notebook
that no page names is left out of the nav, which fails the strict build.
Links between notebooks (`[next](02-images-and-layers.ipynb)`, as they work in
JupyterLab) are pointed at the notebook's page on the site, and the table of
contents of a notebook page links the ids its headings really have
(mkdocs-jupyter drops inline code from the TOC's ids but not from the headings').
A keyboard reaches each cell's code and output, which scroll sideways when
wide, and a screen reader names them ("Cell 3 code", "Cell 3 output"); the
cells' wrappers, which hold nothing to scroll or press, are no tab stops.
Search indexes the concept pages only, which keeps the index every page loads small.
"""

import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils.meta import get_data

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NAME = re.compile(r"\d\d-[a-z0-9-]+\.ipynb")
NOTEBOOK_LINK = re.compile(r'href="(\d\d-[a-z0-9-]+)\.ipynb(#[^"]*)?"')
HEADING_ID = re.compile(r'<h[1-6][^>]* id="([^"]+)"')
# What nbconvert writes: the wrapper of a cell's input (a tab stop), a code cell's
# highlighted code, and an output (a tab stop).
WRAPPER_STOP = '<div class="jp-Cell-inputWrapper" tabindex="0">'
CODE_OR_OUTPUT = re.compile(
    r'<div class="highlight-ipynb[^"]*"|<div class="[^"]*jp-OutputArea-output"[^>]*tabindex="0"'
)


# Before mkdocs-jupyter's on_files (priority 0), which turns these files into pages.
@event_priority(50)
def on_files(files, config):
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        files.append(
            File(
                f"notebooks/{path.name}",
                src_dir=str(ROOT),
                dest_dir=config["site_dir"],
                use_directory_urls=config["use_directory_urls"],
            )
        )
    if config["nav"]:
        _place_in_nav(config["nav"], _notebooks_by_page(config["docs_dir"]))
    return files


def named_notebooks(docs_dir: str) -> dict[str, str]:
    """{concept page: the notebook it names, published or not}: {'docker/x.md': '01-x.ipynb'}."""
    found = {}
    for source in sorted(Path(docs_dir).rglob("*.md")):
        name = get_data(source.read_text(encoding="utf-8"))[1].get("notebook")
        if name:
            found[source.relative_to(docs_dir).as_posix()] = name
    return found


def check_name(name: str, where: str) -> None:
    if not NAME.fullmatch(name):
        raise PluginError(f"{where}: notebook '{name}' must be named like '07-probes.ipynb'")


def _notebooks_by_page(docs_dir: str) -> dict[str, str]:
    """{concept page: its published notebook}, e.g. {'docker/x.md': 'notebooks/01-x.ipynb'}."""
    return {
        page: f"notebooks/{name}"
        for page, name in named_notebooks(docs_dir).items()
        if (NOTEBOOKS / name).is_file()
    }


def _place_in_nav(items: list, notebooks: dict[str, str]) -> None:
    """Insert each notebook after the nav entry of its concept page (titled by its heading)."""
    for index in range(len(items) - 1, -1, -1):
        (target,) = items[index].values() if isinstance(items[index], dict) else [items[index]]
        if isinstance(target, list):
            _place_in_nav(target, notebooks)
        elif target in notebooks and notebooks[target] not in items:
            items.insert(index + 1, notebooks[target])


def on_page_content(html, page, config, files):
    if not page.file.src_uri.startswith("notebooks/"):
        return html
    # Search indexes the concept pages: a lab's outputs would make every page's download
    # grow with each lab (the index loads with every page).
    page.meta["search"] = {"exclude": True}

    def to_page(match):
        if files.get_file_from_path(f"notebooks/{match.group(1)}.ipynb") is None:
            return match.group(0)  # not published: the link checker reports it
        return f'href="../{match.group(1)}/{match.group(2) or ""}"'

    _match_toc_to_headings(page.toc, HEADING_ID.findall(html))
    return NOTEBOOK_LINK.sub(to_page, _keyboard_stops(html))


def _keyboard_stops(html: str) -> str:
    """Tab stops on each cell's code and outputs, named after the cell; none on wrappers."""
    cell = 0

    def named(match):
        nonlocal cell
        if "highlight-ipynb" in match.group(0):
            cell += 1
            return f'{match.group(0)} tabindex="0" role="group" aria-label="Cell {cell} code"'
        return f'{match.group(0)} role="group" aria-label="Cell {cell} output"'

    html = html.replace(WRAPPER_STOP, '<div class="jp-Cell-inputWrapper">')
    return CODE_OR_OUTPUT.sub(named, html)


def _match_toc_to_headings(toc, heading_ids: list[str]) -> None:
    """Give the TOC's items, in order, the ids of the page's headings (when both agree in count)."""
    items, stack = [], list(reversed(list(toc)))
    while stack:
        item = stack.pop()
        items.append(item)
        stack.extend(reversed(item.children))
    if len(items) == len(heading_ids):
        for item, heading_id in zip(items, heading_ids, strict=True):
            item.id = heading_id


def on_serve(server, config, builder):
    # Live reload for notebooks too (restart `mkdocs serve` if the folder is new).
    if NOTEBOOKS.is_dir():
        server.watch(str(NOTEBOOKS))
    return server
