"""Turn the notebooks into pages with mkdocs-jupyter, loading nbconvert only to convert one.

mkdocs-jupyter keeps each converted notebook in its cache, found by the
notebook's bytes and the plugin's options; a build whose notebooks are all in
the cache converts none. Its module imports nbconvert and jupytext as it loads
(about 2 s, more than the rest of a warm build), so it runs here, as a hook,
with those two modules loaded on their first use instead: as a plugin in
mkdocs.yml it would be loaded before any hook could. The cache folder is named
by the versions of mkdocs-jupyter and nbconvert, which shape the HTML.
nbconvert's templates, compiled, are kept like MkDocs' (template_cache.py).

Pages are rendered one after another; when `mkdocs build` finds several
notebooks missing from the cache (empty caches), one process per core converts
them while this one renders the other pages, and the notebook pages, which come
last, wait for them and find them in the cache (not under `mkdocs serve`,
whose server threads a child process must not inherit mid-call). Under `mkdocs serve`, nbconvert is
loaded in the background once the site is up, so that the first edit of a
notebook does not wait for it.
"""

import importlib
import importlib.util
import logging
import os
import sys
import threading
import types
from importlib.metadata import version
from pathlib import Path

from mkdocs.exceptions import PluginError
from template_cache import compiled_templates  # the hook beside this one

ROOT = Path(__file__).resolve().parent.parent
VERSIONS = f"mkdocs-jupyter-{version('mkdocs-jupyter')}-nbconvert-{version('nbconvert')}"
OPTIONS = {
    "include": ["*.ipynb"],
    "ignore": ["*.md"],  # our pages are plain Markdown: don't parse each one as a notebook
    "execute": False,  # the site shows the outputs that CI verified
    "allow_errors": False,
    "include_source": True,  # the notebook itself, for the download button
    "cache_dir": str(
        Path(os.environ.get("NOTEBOOK_CACHE_DIR", ROOT / ".cache" / "mkdocs-jupyter")) / VERSIONS
    ),
}


def _load_on_use(name: str, then=None) -> None:
    """Put a module in sys.modules that runs its code when a name it defines is first read,
    and then calls `then()`.

    (importlib's LazyLoader runs it on any access, and `import` reads `__spec__`.)
    """
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    module = importlib.util.module_from_spec(spec)

    class OnUse(types.ModuleType):
        def __getattr__(self, attribute):  # called for names the module does not have yet
            self.__class__ = types.ModuleType
            spec.loader.exec_module(self)
            if then:
                then()
            return getattr(self, attribute)

    module.__class__ = OnUse
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)


def _keep_compiled_templates() -> None:
    """nbconvert compiles its templates again for each notebook: keep them compiled on disk."""
    from nbconvert.exporters.templateexporter import TemplateExporter

    create = TemplateExporter._create_environment

    def create_environment(exporter):
        environment = create(exporter)
        environment.bytecode_cache = compiled_templates("nbconvert")
        return environment

    TemplateExporter._create_environment = create_environment


_load_on_use("jupytext")  # reads only *.md notebooks, which this site has none of
_load_on_use("mkdocs_jupyter.convert", then=_keep_compiled_templates)

from mkdocs_jupyter.plugin import Plugin, _compute_cache_key  # noqa: E402 (after the modules it must not load)

PLUGIN = Plugin()
_errors, _warnings = PLUGIN.load_config(OPTIONS)
if _errors or _warnings:
    raise PluginError(f"mkdocs-jupyter's options: {_errors + _warnings}")

on_pre_build = PLUGIN.on_pre_build
on_files = PLUGIN.on_files
on_post_page = PLUGIN.on_post_page
on_post_build = PLUGIN.on_post_build


_build_command = False  # set by on_startup: `mkdocs build`, no other thread running
_converting: list[int] = []  # the child processes converting notebooks, until they are waited for


def on_startup(command, dirty):
    global _build_command
    _build_command = command == "build"


def on_nav(nav, config, files):
    if not _build_command:
        return nav
    missing = [
        file.page
        for file in files.documentation_pages()
        if file.page is not None and PLUGIN.should_include(file) and not _in_cache(file)
    ]
    if len(missing) > 1:
        _convert_in_parallel(missing, config, files)
    return nav


def _cache_entry(file) -> Path:
    """Where mkdocs-jupyter keeps the converted notebook (key: its bytes and the options)."""
    key = _compute_cache_key(file.abs_src_path, PLUGIN.config, PLUGIN.config["execute"])
    return Path(PLUGIN.config["cache_dir"]) / f"{key}.json"


def _in_cache(file) -> bool:
    return _cache_entry(file).exists()


def _convert_in_parallel(pages: list, config, files) -> None:
    """Start child processes, one per core, that render the notebook pages for their cache entries.

    A page whose conversion fails or warns leaves no entry: it is then converted
    again in this process, which reports it as a build without children would.
    """
    for share in (pages[core :: os.cpu_count()] for core in range(os.cpu_count())):
        pid = os.fork()
        if pid == 0:
            os._exit(_render(share, config, files))
        _converting.append(pid)


def on_pre_page(page, config, files):
    if PLUGIN.should_include(page.file):
        while _converting:  # the cache entries are written by now, or never will be
            os.waitpid(_converting.pop(), 0)
    return PLUGIN.on_pre_page(page, config=config, files=files)


def _render(pages: list, config, files) -> int:
    """In a child process: render each page; 1 if one failed or warned, after removing its entry."""
    warned: list[logging.LogRecord] = []
    counter = logging.Handler(logging.WARNING)
    counter.emit = warned.append
    logging.getLogger("mkdocs").addHandler(counter)
    for page in pages:
        try:
            PLUGIN.on_pre_page(page, config=config, files=files)
            page.render(config, files)
        except BaseException:
            warned.append(None)
        if warned:
            _cache_entry(page.file).unlink(missing_ok=True)
            return 1
    return 0


def on_serve(server, config, builder):
    threading.Thread(target=importlib.import_module, args=("nbconvert",), daemon=True).start()
    return server
