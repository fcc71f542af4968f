"""The floor of `lab`: paths, the command runner, errors, waiting and progress depend on
nothing else in `lab`, and every command `lab` runs goes through the runner with a timeout."""

import ast

from lab.paths import ROOT

LAB = ROOT / "lab"
FLOOR = {"lab.paths", "lab.run", "lab.errors", "lab.waiting", "lab.progress"}
# What starts a process other than the runner.
SPAWNERS = {"subprocess", "pty", "multiprocessing"}
OS_SPAWNS = {"system", "popen", "fork", "forkpty", "posix_spawn", "posix_spawnp"}
OS_SPAWN_PREFIXES = ("exec", "spawn")


def modules() -> dict[str, ast.Module]:
    found = {}
    for path in sorted(LAB.rglob("*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        found[name] = ast.parse(path.read_text(), filename=str(path))
    return found


def lab_imports(tree: ast.Module, known: set[str]) -> set[str]:
    """The modules of `lab` TREE imports (`from lab import run` imports lab.run)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                names.add(submodule if submodule in known else node.module)
    return {name for name in names if name.split(".")[0] == "lab"}


def spawns(tree: ast.Module) -> list[str]:
    """Lines that import a process-starting module or call os's own."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for name in [getattr(node, "module", None) or ""] + [a.name for a in node.names]:
                if name.split(".")[0] in SPAWNERS:
                    found.append(f"line {node.lineno}: imports {name}")
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
            and (node.attr in OS_SPAWNS or node.attr.startswith(OS_SPAWN_PREFIXES))
        ):
            found.append(f"line {node.lineno}: os.{node.attr}")
    return found


def runner_calls(tree: ast.Module) -> list[ast.Call]:
    """Calls of lab.run's run() and start(), under whatever name the module imports them."""
    modules_, functions = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "lab":
            modules_ |= {a.asname or a.name for a in node.names if a.name == "run"}
        elif isinstance(node, ast.ImportFrom) and node.module == "lab.run":
            functions |= {a.asname or a.name for a in node.names if a.name in ("run", "start")}
        elif isinstance(node, ast.Import):
            modules_ |= {a.asname for a in node.names if a.name == "lab.run" and a.asname}
    calls = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            if func.value.id in modules_ and func.attr in ("run", "start"):
                calls.append(node)
        elif isinstance(func, ast.Name) and func.id in functions:
            calls.append(node)
    return calls


def test_only_the_floor_starts_processes():
    offenders = {
        name: found
        for name, tree in modules().items()
        if name not in FLOOR and (found := spawns(tree))
    }
    assert not offenders, f"modules that start processes around lab.run: {offenders}"


def test_every_command_is_given_its_timeout():
    missing = [
        f"{name} line {call.lineno}"
        for name, tree in modules().items()
        for call in runner_calls(tree)
        if "timeout" not in {keyword.arg for keyword in call.keywords}
    ]
    assert not missing, f"commands run without a timeout of their own: {missing}"


def test_the_runner_is_used():
    """The check above must see calls: a rename of the runner would make it pass on nothing."""
    counted = sum(len(runner_calls(tree)) for tree in modules().values())
    assert counted >= 30


def test_the_floor_depends_on_nothing_else_in_lab():
    found = modules()
    leaks = {name: lab_imports(found[name], set(found)) - FLOOR for name in FLOOR}
    assert not any(leaks.values()), f"the floor imports from above it: {leaks}"
