"""What the API accepts as a request: bounded depth, numbers, size and encoding; never a 500."""

import http.client
import io
import json

import pytest
from rest_framework.exceptions import ParseError

from config.parsers import MAX_DEPTH, JSONParser

pytestmark = pytest.mark.django_db(databases=["default", "postgresql"])

URL = "/api/tasks/"
DEEP = "[" * 5000 + "]" * 5000


def nested(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


def test_nesting_up_to_the_limit_is_parsed_and_one_level_more_refused():
    assert JSONParser().parse(io.BytesIO(nested(MAX_DEPTH))) is not None
    with pytest.raises(ParseError, match=f"nested deeper than {MAX_DEPTH} levels"):
        JSONParser().parse(io.BytesIO(nested(MAX_DEPTH + 1)))


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (DEEP, "nested deeper than 32 levels"),
        ('{"title": "ok", "description": ' + "[" * 40 + "]" * 40 + "}", "nested deeper"),
        ('{"title": ' + "9" * 5000 + "}", "more than 64 digits"),
        ('{"title": -' + "9" * 65 + "}", "more than 64 digits"),
        ('{"title": 1e400}', "out of range"),
        ('{"title": -1e400}', "out of range"),
        ('{"title": NaN}', "not a JSON number"),
        ('{"title": Infinity}', "not a JSON number"),
    ],
)
def test_a_body_too_deep_or_with_an_out_of_range_number_is_refused_with_400(api, body, detail):
    response = api.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert detail in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('{"title": "x"}'.encode("utf-16"), "application/json"),  # read as UTF-8
        (b'{"title": "caf\xe9"}', "application/json"),  # Latin-1, not UTF-8
        (b'{"title": "\xff\xfe"}', "application/json"),
        ('\ufeff{"title": "x"}'.encode(), "application/json"),  # a UTF-8 byte order mark
        (b'{"title": "x"}', "application/json; charset=bz2_codec"),  # not a text encoding
    ],
)
def test_a_body_in_an_odd_encoding_is_refused_with_400(api, body, content_type):
    response = api.post(URL, body, content_type=content_type)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(("JSON parse error", "Unsupported charset"))


def test_a_body_in_the_encoding_its_content_type_names_is_accepted(api):
    body = '{"title": "caf\u00e9"}'.encode("utf-16")
    response = api.post(URL, body, content_type="application/json; charset=utf-16")
    assert response.status_code == 201
    assert response.json()["title"] == "caf\u00e9"


def test_a_body_over_the_upload_limit_is_refused_with_413(api, settings):
    body = json.dumps({"title": "big", "description": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})
    response = api.post(URL, body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "Request body is larger than 1048576 bytes."}


def test_a_body_of_exactly_the_upload_limit_is_read(api, settings):
    body = json.dumps({"title": "big"})
    padding = settings.DATA_UPLOAD_MAX_MEMORY_SIZE - len(body)  # JSON whitespace, read in full
    response = api.post(URL, body[:-1] + " " * padding + "}", content_type="application/json")
    assert response.status_code == 201
    assert response.json()["title"] == "big"


def raw_request(server, method: str, path: str, body: bytes = b"", **headers):
    host, port = server.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_gunicorn_refuses_a_deep_body_with_400_in_a_worker_thread(gunicorn):
    server = gunicorn(migrate=True)
    status, body = raw_request(
        server, "POST", URL, DEEP.encode(), **{"Content-Type": "application/json"}
    )
    assert status == 400
    assert json.loads(body) == {"detail": "JSON parse error - nested deeper than 32 levels"}


@pytest.mark.parametrize(
    "headers",
    [{"X-Big": "a" * 100_000}, {f"X-Header-{n}": "v" for n in range(200)}],
    ids=["one huge header", "200 headers"],
)
def test_huge_headers_are_refused_by_gunicorn_with_431(gunicorn, headers):
    server = gunicorn()
    status, _ = raw_request(server, "GET", "/api/info", **headers)
    assert status == 431
    assert server.request("/api/info").status == 200  # and it serves on


def test_a_bad_setting_stops_gunicorn_with_one_line_and_no_traceback(gunicorn):
    server = gunicorn(wait=False, SECRET_KEY="too-short")
    assert server.process.wait(timeout=30) != 0
    output = server.output()
    assert "Traceback" not in output
    assert "Booting worker" not in output
    naming = [line for line in output.splitlines() if "SECRET_KEY" in line]
    assert len(naming) == 1
    assert json.loads(naming[0])["message"].startswith(
        "refusing to start: SECRET_KEY is only 9 characters long;"
    )
