"""HTTP load from a real tool: vegeta, run as a pod in a lab's namespace or from this host.

    attack = load.start(NAMESPACE, "http://taskapp/api/info", rate=50, duration=20, keepalive=False)
    ...                       # break, scale or roll something while the load runs
    results = attack.wait()   # every request: outcome, latency, and the pod that answered
    print(results.summary())

`body={"ms": 20}` makes every request a POST of that JSON body (the app's CPU switch).
`load.run(...)` is start() then wait(); `load.from_host(URL, ...)` runs the same attack with
the binary on this host (for a URL from `lab cluster url`).
"""

from lab.load.attack import from_host, run, start
from lab.load.results import Request, Results, parse

__all__ = ["Request", "Results", "from_host", "parse", "run", "start"]
