"""The task API at /api/tasks/, on SQLite and on PostgreSQL."""

import json

import pytest

from tasks.models import Task

pytestmark = pytest.mark.django_db(databases=["default", "postgresql"])

URL = "/api/tasks/"


def create(api, **fields):
    response = api.post(URL, {"title": "write the docs", **fields}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_created_task_gets_defaults_and_timestamps(api):
    task = create(api)
    assert task["status"] == "todo"
    assert task["priority"] == "normal"
    assert task["description"] == ""
    assert task["due_date"] is None
    assert task["created_at"] and task["updated_at"]


def test_a_created_task_is_read_back_by_id(api):
    task = create(api, description="all of them", priority="high", due_date="2030-01-31")
    response = api.get(f"{URL}{task['id']}/")
    assert response.status_code == 200
    assert response.json() == task


def test_put_replaces_and_patch_changes_one_field(api):
    task = create(api)
    url = f"{URL}{task['id']}/"
    replaced = api.put(url, {"title": "new title", "status": "doing"}, format="json")
    assert replaced.status_code == 200
    assert (replaced.json()["title"], replaced.json()["status"]) == ("new title", "doing")
    patched = api.patch(url, {"status": "done"}, format="json")
    assert patched.status_code == 200
    assert (patched.json()["title"], patched.json()["status"]) == ("new title", "done")


def test_a_deleted_task_is_gone(api):
    task = create(api)
    url = f"{URL}{task['id']}/"
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404


def test_timestamps_sent_by_a_client_are_ignored(api):
    task = create(api, created_at="2000-01-01T00:00:00Z")
    assert not task["created_at"].startswith("2000")


def test_the_list_is_paginated_twenty_per_page(api):
    Task.objects.bulk_create(Task(title=f"task {n}") for n in range(25))
    first = api.get(URL).json()
    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert first["next"].endswith("?page=2")
    second = api.get(URL, {"page": 2}).json()
    assert len(second["results"]) == 5
    assert second["next"] is None


def test_page_size_asks_for_another_size_up_to_100(api):
    Task.objects.bulk_create(Task(title=f"task {n}") for n in range(120))
    assert len(api.get(URL, {"page_size": 5}).json()["results"]) == 5
    assert len(api.get(URL, {"page_size": 100_000}).json()["results"]) == 100


def test_a_list_answer_stays_under_a_megabyte_whatever_clients_send(api):
    """Descriptions as long as a request body allows are tried; then the store is filled
    with the longest the API accepts, and the largest page is asked for."""
    longest = "\u00e9" * 4000  # 2 bytes each in UTF-8
    Task.objects.bulk_create(Task(title="x" * 200, description=longest) for _ in range(150))
    for _ in range(3):  # the newest: on the first page
        api.post(URL, {"title": "x", "description": "d" * 1_000_000}, format="json")
    response = api.get(URL, {"page_size": 1000})
    assert response.status_code == 200
    assert len(response.content) < 1024 * 1024


def test_a_description_of_4000_characters_is_accepted_and_4001_refused(api):
    assert (
        api.post(URL, {"title": "x", "description": "d" * 4000}, format="json").status_code == 201
    )
    response = api.post(URL, {"title": "x", "description": "d" * 4001}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "description": ["Ensure this field has no more than 4000 characters."]
    }


def test_a_page_past_the_end_answers_404(api):
    response = api.get(URL, {"page": 9})
    assert response.status_code == 404
    assert "detail" in response.json()


def test_the_list_is_filtered_by_status(api):
    for status in ["todo", "doing", "doing", "done"]:
        create(api, status=status)
    response = api.get(URL, {"status": "doing"})
    assert response.status_code == 200
    assert [task["status"] for task in response.json()["results"]] == ["doing", "doing"]


def test_an_unknown_status_filter_is_refused_naming_the_parameter(api):
    response = api.get(URL, {"status": "someday"})
    assert response.status_code == 400
    assert "status" in response.json()


def test_the_newest_task_comes_first_by_default(api):
    titles = ["first", "second", "third"]
    for title in titles:
        create(api, title=title)
    listed = [task["title"] for task in api.get(URL).json()["results"]]
    assert listed == titles[::-1]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [("title", ["a", "b", "c"]), ("-title", ["c", "b", "a"]), ("due_date", ["b", "c", "a"])],
)
def test_the_list_is_ordered_by_the_ordering_parameter(api, ordering, expected):
    create(api, title="a", due_date="2030-03-01")
    create(api, title="b", due_date="2030-01-01")
    create(api, title="c", due_date="2030-02-01")
    listed = [task["title"] for task in api.get(URL, {"ordering": ordering}).json()["results"]]
    assert listed == expected


def test_a_missing_title_is_refused_naming_the_field(api):
    response = api.post(URL, {"description": "no title"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["title"]


def test_a_title_of_200_characters_is_accepted_and_201_refused(api):
    assert api.post(URL, {"title": "x" * 200}, format="json").status_code == 201
    response = api.post(URL, {"title": "x" * 201}, format="json")
    assert response.status_code == 400
    assert "title" in response.json()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("status", "someday"),
        ("priority", "urgent"),
        ("due_date", "2030-02-30"),
        ("due_date", "tomorrow"),
        ("title", ["a", "list"]),
        ("description", {"an": "object"}),
    ],
)
def test_an_invalid_value_is_refused_naming_the_field(api, field, value):
    response = api.post(URL, {"title": "ok", field: value}, format="json")
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("text", ["nul \x00 inside", "lone surrogate \ud800"])
@pytest.mark.parametrize("field", ["title", "description"])
def test_text_postgresql_cannot_store_is_refused_with_400(api, field, text):
    body = json.dumps({"title": "ok", field: text})  # escaped: \u0000, \ud800
    response = api.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("body", ['{"title": ', "not json", "[1, 2]", '"a string"', "null"])
def test_a_body_that_is_not_a_json_object_is_refused_with_400(api, body):
    response = api.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()


@pytest.mark.parametrize("task_id", ["424242", "99999999999999999999999999"])
def test_an_unknown_id_answers_404_json(api, task_id):
    response = api.get(f"{URL}{task_id}/")
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("path", ["/api/tasks/abc/", "/api/tasks", "/api/nothing-here/"])
def test_an_unknown_path_answers_404_json(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize(("method", "detail"), [("put", False), ("delete", False), ("post", True)])
def test_a_wrong_method_answers_405(api, method, detail):
    url = f"{URL}{create(api)['id']}/" if detail else URL
    response = getattr(api, method)(url)
    assert response.status_code == 405
    assert "detail" in response.json()


def test_each_backend_stores_the_task_in_its_own_database(api, backend):
    from django.db import connections

    create(api)
    other = "postgresql" if backend == "default" else "default"
    expected_vendor = "sqlite" if backend == "default" else "postgresql"
    assert connections[backend].vendor == expected_vendor
    assert Task.objects.using(backend).count() == 1
    assert Task.objects.using(other).count() == 0


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("status=%00", 400),
        ("priority=%ff%fe", 400),  # not UTF-8
        ("ordering=%00", 200),
        ("ordering=no_such_field", 200),
        ("page=%00", 404),
        ("page=-1", 404),
    ],
)
def test_odd_query_parameters_are_refused_or_ignored_never_a_server_error(api, query, status):
    assert api.get(f"{URL}?{query}").status_code == status


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        ("text/plain", "title=x", 415),
        ("multipart/form-data; boundary=zzz", "--zzz\r\nbroken", 400),
        ("multipart/form-data", "no boundary", 400),
        ("application/x-www-form-urlencoded", "title=%00", 400),
    ],
)
def test_odd_bodies_are_refused_never_a_server_error(api, content_type, body, status):
    response = api.post(URL, body, content_type=content_type)
    assert response.status_code == status
