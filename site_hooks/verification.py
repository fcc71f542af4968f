"""Say on every page what was verified, when and on what, and build the verification report.

Everything comes from the notebooks as they are stored: their provenance (when
they were recorded, on what, in how long, for which code: lab/provenance.py)
and the figures they show (lab/figures.py). Nothing here runs a notebook.

* A concept page (one naming its notebook in its front matter) gets, under its
  title, a "verified" line: the date, the Kubernetes and Docker versions, the
  run time, a link to the lab; and it ends with "Prove it", the lab's link and
  headline figures. A lab not written yet, or not recorded for its current
  code, is a visible "Not yet verified" warning; with
  `extra.require_every_lab: true` in mkdocs.yml a missing lab fails the build.
* Beside it, a page whose front matter has a plan (minutes, level, prerequisites:
  lab/site/plan.py) gets its plan line; a prerequisite that is no page of the
  site fails the build.
* The home page's `<!-- verified-pages -->` becomes the list of concepts,
  each with its state.
* `report.md`, a page made at build time: every concept of the inventory
  (docs/concepts.yml), its lab, the cells that assert it, its figures, run
  time and recording date, and a plot of the labs' run times with the same
  figures in a table (the plot's text alternative).
"""

import dataclasses
import functools
import inspect
import io
import json
import posixpath
import re
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils.meta import get_data

from lab import figures
from lab.environment import summary
from lab.site import plan
from lab.site.cache import Cache, source_of
from notebooks import NOTEBOOKS, check_name, named_notebooks  # the hook beside this one

# What a lab says and the run-time chart are kept between builds, found by what they
# are made from (lab.site.cache): a build whose notebooks did not change reads neither
# a notebook nor imports nbformat or matplotlib.
CACHE = Cache(NOTEBOOKS.parent)

REPORT = "report.md"
CONCEPTS = "concepts.yml"
PLOT_MARK = "<!-- run-times-plot -->"
HOME_MARK = "<!-- verified-pages -->"
ASSERT = re.compile(r"^\s*assert\b", re.MULTILINE)
HEADING = re.compile(r"^#{1,6}\s+(.+)$", re.MULTILINE)
TITLE = re.compile(r"^#\s+(.+)$", re.MULTILINE)


@dataclass
class Lab:
    """What a stored notebook proves and where its outputs come from."""

    name: str  # e.g. 02-images-and-layers.ipynb
    exists: bool = False
    recorded: dict | None = None  # its provenance, when recorded for its current code
    stale: bool = False  # recorded, but for other code
    figures: dict = field(default_factory=dict)
    proofs: list[str] = field(default_factory=list)  # one line per cell that asserts

    @property
    def stem(self) -> str:
        return self.name.removesuffix(".ipynb")

    @property
    def verified(self) -> bool:
        return self.recorded is not None


@functools.cache  # one read a build: on_config clears it for the next (mkdocs serve)
def read_lab(name: str) -> Lab:
    path = NOTEBOOKS / name
    if not path.is_file():
        return Lab(name)
    # Found by the notebook's bytes and the code that reads them: this file and lab's modules.
    code = Path(__file__).read_bytes() + source_of("lab.figures", "lab.provenance")
    parts = (name, path.read_bytes(), code)
    stored = CACHE.remember("labs", parts, lambda: json.dumps(dataclasses.asdict(_read(path))))
    return Lab(**json.loads(stored))


def _read(path: Path) -> Lab:
    import nbformat

    from lab import provenance

    lab = Lab(path.name)
    nb = nbformat.read(path, as_version=4)
    lab.exists = True
    entry = provenance.provenance(nb)
    if entry and entry.get("code_sha256") == provenance.code_hash(nb):
        lab.recorded = entry
    lab.stale = entry is not None and lab.recorded is None
    lab.figures = figures.read(path)
    heading = None
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            headings = HEADING.findall(cell.source)
            heading = headings[-1].strip() if headings else heading
        elif cell.cell_type == "code" and ASSERT.search(cell.source):
            lines = [line.strip() for line in cell.source.splitlines()]
            first = next(line for line in lines if line and not line.startswith("#"))
            code = f"`` {first} ``"  # double backticks: the line may hold one
            lab.proofs.append(f"{heading}: {code}" if heading else code)
    return lab


def run_time(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{seconds:.0f} s"


def recorded_on(entry: dict) -> str:
    """What a recording ran on, for a reader (lab.environment.summary: one pure function)."""
    return summary(entry["environment"])


def figure_list(values: dict) -> str:
    return ", ".join(
        f"{name.replace('_', ' ')} **{figures.format_value(value)}**"
        for name, value in values.items()
    )


def _link(page_uri: str, target_uri: str) -> str:
    return posixpath.relpath(target_uri, posixpath.dirname(page_uri))


# --- concept pages ---------------------------------------------------------


def on_config(config):
    read_lab.cache_clear()
    setting = config["extra"].get("require_every_lab", False)
    if not isinstance(setting, bool):
        raise PluginError(f"extra.require_every_lab must be true or false, not {setting!r}")
    return config


def _verified_line(lab: Lab, link: str) -> str:
    entry = lab.recorded
    date = entry["recorded"][:10]
    return (
        f"**Verified** on {date} by the lab [`{lab.name}`]({link}), which ran in"
        f" {run_time(entry['seconds'])} on {recorded_on(entry)}.\n{{ .verified }}"
    )


def _warning(lab: Lab, link: str | None) -> str:
    if not lab.exists:
        why = f"The lab `notebooks/{lab.name}` that proves this page is not written yet."
    elif lab.stale:
        why = (
            f"The lab [`{lab.name}`]({link}) changed since its outputs were recorded:"
            f" run `lab notebook record {lab.stem}`."
        )
    else:
        why = (
            f"The outputs of the lab [`{lab.name}`]({link}) were never recorded:"
            f" run `lab notebook record {lab.stem}`."
        )
    return f'!!! warning "Not yet verified"\n\n    {why}'


def _prove_it(lab: Lab, link: str | None) -> str:
    if link is None:
        proof = f"The notebook `notebooks/{lab.name}` proves this page; it is not published yet."
    else:
        proof = f"The notebook [`{lab.name}`]({link}) runs all of this for real."
    if lab.figures:
        proof += f" It measured: {figure_list(lab.figures)}."
    if lab.recorded:
        entry = lab.recorded
        proof += f" Recorded on {entry['recorded'][:10]} in {run_time(entry['seconds'])}."
    return f"## Prove it\n\n{proof}\n"


def _under_title(markdown: str, text: str) -> str:
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("# "):
            return "\n".join([*lines[: index + 1], "", text, "", *lines[index + 1 :]])
    return f"{text}\n\n{markdown}"


def on_page_markdown(markdown, page, config, files):
    if HOME_MARK in markdown:
        markdown = markdown.replace(HOME_MARK, verified_list(config["docs_dir"], page.file.src_uri))
    head = []  # what goes under the title: the verified line (or its warning), then the plan
    name = page.meta.get("notebook")
    if name is not None:
        lab, link = _lab_of(name, page, config, files)
        head.append(_verified_line(lab, link) if lab.verified and link else _warning(lab, link))
    if plan.has_plan(page.meta):
        try:
            head.append(plan.plan_line(page.meta, page.file.src_uri, _titles(files)))
        except plan.PlanError as error:
            raise PluginError(str(error)) from None
    if not head:
        return markdown
    markdown = _under_title(markdown, "\n\n".join(head))
    return f"{markdown}\n\n{_prove_it(lab, link)}" if name is not None else markdown


def _lab_of(name: str, page, config, files) -> tuple[Lab, str | None]:
    """The page's lab and the link to its notebook's page (None when the site has none)."""
    check_name(name, page.file.src_uri)
    lab = read_lab(name)
    if not lab.exists and config["extra"].get("require_every_lab", False):
        raise PluginError(
            f"{page.file.src_uri}: its lab notebooks/{name} does not exist, and every page"
            " must have its lab (extra.require_every_lab in mkdocs.yml)"
        )
    notebook = files.get_file_from_path(f"notebooks/{name}")
    return lab, _link(page.file.src_uri, notebook.src_uri) if notebook else None


def _titles(files):
    """title_of for lab.site.plan: a Markdown page's first level-1 heading, None if no such page."""

    def title_of(uri: str) -> str | None:
        file = files.get_file_from_path(uri)
        if file is None or not file.is_documentation_page():
            return None
        found = TITLE.search(get_data(file.content_string)[0])
        return found.group(1).strip() if found else posixpath.splitext(uri)[0]

    return title_of


def verified_list(docs_dir: str, page_uri: str) -> str:
    """A Markdown list: each concept of the inventory, verified or not, with its lab."""
    lines = []
    for entry in inventory(docs_dir):
        lab = read_lab(entry["notebook"])
        page = f"[{entry['concept']}]({_link(page_uri, entry['page'])})"
        notebook = f"[`{lab.stem}`]({_link(page_uri, 'notebooks/' + lab.name)})"
        if lab.verified:
            run = lab.recorded
            state = (
                f"verified on {run['recorded'][:10]} by {notebook} ({run_time(run['seconds'])})"
                f" on {recorded_on(run)}"
            )
        elif lab.stale:
            state = f"not yet verified: {notebook} changed since its outputs were recorded"
        elif lab.exists:
            state = f"not yet verified: {notebook} was never recorded"
        else:
            state = f"not yet verified: its lab `{lab.stem}` is not written yet"
        lines.append(f"- {page}: {state}")
    return "\n".join(lines)


# --- the report ------------------------------------------------------------


def inventory(docs_dir: str) -> list[dict]:
    """docs/concepts.yml: [{concept, claim, page, notebook}], checked against the pages."""
    path = Path(docs_dir) / CONCEPTS
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    named = named_notebooks(docs_dir)
    for entry in entries:
        missing = {"concept", "claim", "page", "notebook"} - set(entry)
        if missing:
            raise PluginError(f"{CONCEPTS}: {entry} lacks {', '.join(sorted(missing))}")
        if not (Path(docs_dir) / entry["page"]).is_file():
            raise PluginError(f"{CONCEPTS}: {entry['concept']}: no page {entry['page']}")
        check_name(entry["notebook"], CONCEPTS)
        if named.get(entry["page"], entry["notebook"]) != entry["notebook"]:
            raise PluginError(
                f"{CONCEPTS}: {entry['concept']}: page {entry['page']} names"
                f" {named[entry['page']]}, not {entry['notebook']}"
            )
    listed = {entry["page"] for entry in entries}
    for page in sorted(set(named) - listed):
        raise PluginError(f"{page} names a notebook but is not in {CONCEPTS}'s inventory")
    return entries


def on_files(files, config):
    # The inventory is data for the report, not a file of the site.
    data = files.get_file_from_path(CONCEPTS)
    if data is not None:
        files.remove(data)
    files.append(File.generated(config, REPORT, content=report_markdown(config["docs_dir"])))
    return files


def report_markdown(docs_dir: str) -> str:
    entries = inventory(docs_dir)
    labs = {entry["notebook"]: read_lab(entry["notebook"]) for entry in entries}
    verified = [lab for lab in labs.values() if lab.verified]
    total = sum(lab.recorded["seconds"] for lab in verified)
    lines = [
        "# Verification report",
        "",
        "Every concept this site covers, the lab (a notebook) that proves it, the cells",
        "whose `assert`s fail if the claim is false, and the figures it measured. Made",
        "when the site was built, from the outputs and provenance stored in the",
        "notebooks by `lab notebook record NAME`; CI runs the same notebooks again under",
        "nbval and fails on any output that differs.",
        "",
        f"**{len(verified)} of {len(entries)} concepts verified**; their labs ran in"
        f" {run_time(total)} in total.",
        "",
        "| Concept | Lab | Asserting cells | Run time | Recorded |",
        "|---|---|---|---|---|",
    ]
    for entry in entries:
        lab = labs[entry["notebook"]]
        page = f"[{entry['concept']}]({entry['page']})"
        if lab.exists:
            link = f"[`{lab.stem}`](notebooks/{lab.name})"
        else:
            link = f"`{lab.stem}` (not written yet)"
        when = lab.recorded["recorded"][:10] if lab.verified else "not recorded"
        seconds = run_time(lab.recorded["seconds"]) if lab.verified else "-"
        lines.append(f"| {page} | {link} | {len(lab.proofs)} | {seconds} | {when} |")
    lines += ["", "## Run times", "", PLOT_MARK, "", "## What each lab proves", ""]
    for entry in entries:
        lines += _concept_section(entry, labs[entry["notebook"]])
    return "\n".join(lines) + "\n"


def _concept_section(entry: dict, lab: Lab) -> list[str]:
    lines = [f"### {entry['concept']}", "", f"Claim: {entry['claim']}.", ""]
    lines.append(f"Page: [{entry['concept']}]({entry['page']}).")
    if not lab.exists:
        return [*lines, "", f"Lab: `notebooks/{lab.name}`, not written yet.", ""]
    lines.append(f"Lab: [`{lab.name}`](notebooks/{lab.name}).")
    if lab.verified:
        run = lab.recorded
        lines.append(
            f"Recorded on {run['recorded'][:10]}, ran in {run_time(run['seconds'])}"
            f" on {recorded_on(run)}."
        )
    else:
        lines.append(f"Not recorded for its current code: `lab notebook record {lab.stem}`.")
    if lab.figures:
        lines.append(f"Figures: {figure_list(lab.figures)}.")
    lines += ["", f"Cells that assert it ({len(lab.proofs)}):", ""]
    lines += [f"- {proof}" for proof in lab.proofs] or ["- none yet"]
    return [*lines, ""]


def run_times_svg(labs: list[Lab]) -> str:
    """A horizontal bar chart of the recorded labs' run times, as inline SVG.

    Drawn again only when what it draws, how, or the matplotlib drawing it changed.
    """
    rows = [(lab.stem, lab.recorded["seconds"]) for lab in labs if lab.verified]
    if not rows:
        return "<p>No lab has been recorded yet.</p>"
    parts = (rows, inspect.getsource(_draw_run_times), version("matplotlib"))
    chart = CACHE.remember("run-times", parts, lambda: _draw_run_times(rows))
    return f"{chart}\n{run_times_table(rows)}"


def _draw_run_times(rows: list[tuple[str, float]]) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "run-times"}):
        figure, axis = plt.subplots(figsize=(7, 0.45 * len(rows) + 1))
        names = [name for name, _ in rows][::-1]
        seconds = [run for _, run in rows][::-1]
        bars = axis.barh(names, seconds, color="#3f51b5")
        axis.bar_label(bars, fmt="%.0f s", padding=3)
        axis.set_xlabel("run time (s)")
        axis.margins(x=0.15)
        axis.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(figure)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :].replace(
        "<svg ", '<svg role="img" aria-label="Bar chart of the run times in the table below" ', 1
    )
    return f'<div class="run-times">{svg}</div>'


def run_times_table(rows: list[tuple[str, float]]) -> str:
    """The chart's figures as a table: what a reader who can't see the chart reads instead."""
    cells = "".join(
        f"<tr><td><code>{name}</code></td><td>{seconds:.0f} s</td></tr>" for name, seconds in rows
    )
    return (
        "<table><caption>Run time of each recorded lab</caption>"
        f"<thead><tr><th>Lab</th><th>Run time</th></tr></thead><tbody>{cells}</tbody></table>"
    )


def on_page_content(html, page, config, files):
    if page.file.src_uri != REPORT:
        return html
    names = [entry["notebook"] for entry in inventory(config["docs_dir"])]
    return html.replace(PLOT_MARK, run_times_svg([read_lab(name) for name in names]))


def on_post_build(config):
    for kind in ("labs", "run-times"):
        CACHE.prune(kind)
