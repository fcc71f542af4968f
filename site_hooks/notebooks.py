"""Publish the notebooks and tie each concept page to the notebook that proves it.

Notebooks live in `notebooks/` at the root of the repository, next to the code
they drive; this hook adds them to the site as `notebooks/NAME.ipynb`, where
mkdocs-jupyter renders them. A concept page names its notebook in its front
matter (`notebook: 03-multi-stage-builds.ipynb`); the page ends with a "Prove
it" section that links the notebook once it exists and names it until then.
"""

import posixpath
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NAME = re.compile(r"\d\d-[a-z0-9-]+\.ipynb")


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
    return files


def on_page_markdown(markdown, page, config, files):
    name = page.meta.get("notebook")
    if name is None:
        return markdown
    if not NAME.fullmatch(name):
        where = page.file.src_uri
        raise PluginError(f"{where}: notebook '{name}' must be named like '07-probes.ipynb'")
    notebook = files.get_file_from_path(f"notebooks/{name}")
    if notebook is None:
        proof = f"The notebook `notebooks/{name}` proves this page; it is not published yet."
    else:
        link = posixpath.relpath(notebook.src_uri, posixpath.dirname(page.file.src_uri))
        proof = f"The notebook [`{name}`]({link}) runs all of this for real."
    return f"{markdown}\n\n## Prove it\n\n{proof}\n"


def on_serve(server, config, builder):
    # Live reload for notebooks too (restart `mkdocs serve` if the folder is new).
    if NOTEBOOKS.is_dir():
        server.watch(str(NOTEBOOKS))
    return server
