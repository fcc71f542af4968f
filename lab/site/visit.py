"""One page load in headless Chromium with every request outside 127.0.0.1 blocked and recorded."""

from pathlib import Path

LOCAL = ("http://127.0.0.1:", "data:", "blob:")

FIRST_CONTENTFUL_PAINT_JS = """() => {
    const [paint] = performance.getEntriesByName("first-contentful-paint");
    return paint ? paint.startTime : null;
}"""


class Visit:
    """Opens `url` in a fresh browser context and waits until the network is idle.

    Records what a reader would notice offline: requests that tried to leave the
    local server, console errors, and the bytes each response carried.
    """

    def __init__(self, chromium, url: str):
        self.context = chromium.new_context()
        self.blocked: list[str] = []
        self.console_errors: list[str] = []
        self.received: dict[str, int] = {}
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        self.page.on("requestfinished", self._finished)
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def _route(self, route):
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def _finished(self, request):
        response = request.response()
        self.received[request.url] = len(response.body()) if response else 0

    @property
    def bytes_received(self) -> int:
        return sum(self.received.values())

    @property
    def first_contentful_paint_ms(self) -> float | None:
        """When the first text or image was painted, in ms after navigation started."""
        return self.page.evaluate(FIRST_CONTENTFUL_PAINT_JS)

    def screenshot(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=path, full_page=True)
        return path

    def close(self):
        self.context.close()
