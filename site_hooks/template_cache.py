"""Keep the site's Jinja templates compiled between builds, MkDocs' theme and nbconvert's.

Each build creates its template environments anew, and compiling Material's
templates takes longer than rendering most pages with them. Jinja's bytecode
cache stores each compiled template under its name and file, and compiles it
again when the template's source changed; the folder is named by the versions
of Jinja and Python, which the compiled code depends on.
"""

import os
import sys
from pathlib import Path

import jinja2

ROOT = Path(__file__).resolve().parent.parent
FOLDER = Path(os.environ.get("SITE_CACHE_DIR", ROOT / ".cache" / "site")) / (
    f"templates-jinja-{jinja2.__version__}-python-{sys.version_info.major}.{sys.version_info.minor}"
)


def compiled_templates(environment: str) -> jinja2.FileSystemBytecodeCache:
    """The compiled templates of one kind of environment ('mkdocs', 'nbconvert')."""
    folder = FOLDER / environment
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


def on_env(env, config, files):
    env.bytecode_cache = compiled_templates("mkdocs")
    return env
