"""The demo switches, tried from a page on another origin in headless Chromium: a form
post, a fetch that needs no preflight, an <img>, and a JSON fetch (which does). The
app must refuse each, and nothing it guards may change."""

import json
import time
from collections import Counter
from pathlib import Path

from demo import state

PAGE = Path(__file__).with_name("another_origin.html")
# What the page makes the browser send to the app: (method, path) -> how many.
EXPECTED = Counter(
    {
        ("POST", "/api/demo/hang"): 2,  # form, fetch
        ("POST", "/api/demo/ready"): 2,  # text/plain form, fetch
        ("POST", "/api/demo/cpu"): 2,  # multipart form, fetch
        ("GET", "/api/demo/cpu"): 1,  # img
        ("OPTIONS", "/api/demo/hang"): 1,  # the JSON fetch's preflight, and nothing after it
    }
)


def demo_requests(server) -> list[dict]:
    entries = [json.loads(line) for line in server.log_lines() if line.startswith("{")]
    return [e for e in entries if str(e.get("path")).startswith("/api/demo/")]


def test_a_page_on_another_origin_cannot_flip_a_switch(gunicorn, chromium, serve, tmp_path):
    server = gunicorn(DEMO_ENDPOINTS="1", GUNICORN_WORKERS="2")
    site = tmp_path / "another-origin"
    site.mkdir()
    (site / "index.html").write_text(PAGE.read_text().replace("APP", server.url))
    page_url = serve(site)
    assert page_url.split(":")[-1] != server.url.split(":")[-1]  # another port: another origin

    page = chromium.new_page()
    try:
        page.goto(f"{page_url}/index.html")
        fetches = page.evaluate("window.attempts")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            sent = Counter((e["method"], e["path"]) for e in demo_requests(server))
            if sent >= EXPECTED:
                break
            time.sleep(0.2)
    finally:
        page.close()

    assert fetches == ["fulfilled"] * 3 + ["rejected"]  # the preflighted one never went out
    requests = demo_requests(server)
    assert Counter((e["method"], e["path"]) for e in requests) == EXPECTED
    assert [e for e in requests if e["status"] < 400] == []
    assert {e["status"] for e in requests if e["method"] == "POST"} == {415}
    demo = tmp_path / "demo"
    assert not (demo / state.HUNG).exists() and not (demo / state.NOT_READY).exists()
    assert server.request("/api/health/live").status == 200
