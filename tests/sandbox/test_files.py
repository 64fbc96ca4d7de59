"""The sandbox's file lifecycle against the contract (section 3, Files), and each file fault breaking its rule."""
from __future__ import annotations

import hashlib
import os
import re
import threading
from urllib.parse import unquote

import pytest
import requests

from sandbox import faults
from sandbox.blobs import Incoming
from sandbox.server import EmbeddedSandbox
from sandbox.settings import Settings

ONESKY, NORTHWIND = "_XY7DXtc9MY", "Nw7RvLq2ZkP"
PERSON_IDS = {"osiris": "QWODAPCNLQU", "cleo": "HMQRNPIXQMK", "scott": "ffkKxiHpOEC", "nadia": "Nw5NadiaWr3"}
ACCOUNTS = {"osiris": ONESKY, "cleo": ONESKY, "scott": ONESKY, "nadia": NORTHWIND}

UPLOAD = "/v3/action/file/upload"
FIELDS = {"file_id", "filename", "content_type", "size", "sha256", "uploaded_by", "account_id", "created_at"}
BYTES = bytes(range(256)) * 4  # 1024 bytes, every position distinguishable enough for the range checks


def meta_path(file_id: str) -> str:
    return f"/v3/action/file/{file_id}"


def download_path(file_id: str) -> str:
    return f"/v3/action/file/{file_id}/download"


def hash_path(sha256: str) -> str:
    return f"/v3/action/file/by_hash/{sha256}/download"


def upload(api, who="cleo", data=BYTES, name="brochure.pdf", content_type="application/pdf", **kw):
    return api.post(who, UPLOAD, files={"file": (name, data, content_type)}, **kw)


def uploaded(api, who="cleo", data=BYTES, **kw) -> dict:
    r = upload(api, who, data, **kw)
    assert r.status_code == 201, r.text
    return r.json()


def multipart(*parts: tuple[str, bytes], boundary: str = "B0undary") -> tuple[bytes, dict]:
    """A hand-made multipart body: each part is (header lines, content)."""
    body = b"".join(f"--{boundary}\r\n{head}\r\n\r\n".encode() + data + b"\r\n" for head, data in parts)
    return body + f"--{boundary}--\r\n".encode(), {"content-type": f"multipart/form-data; boundary={boundary}"}


def post_raw(api, body: bytes, headers: dict, who="cleo"):
    return api.post(who, UPLOAD, content=body, headers=headers)


def as_requests_sends(files: dict, data: dict | None = None) -> tuple[bytes, dict]:
    """The body and content type the requests library (the suite's client) would send."""
    prepared = requests.Request("POST", "http://sandbox/", files=files, data=data).prepare()
    return prepared.body, {"content-type": prepared.headers["content-type"]}


def blob_names(api) -> list[str]:
    return sorted(p.name for p in api.app.state.storage.blob_dir.iterdir())


def assert_error(r, status: int, code: str):
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    assert r.json()["code"] == code and r.json()["detail"]


# --- limits and upload --------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["osiris", "cleo", "scott", "nadia"])
def test_limits_are_readable_by_everyone(api, who):
    r = api.get(who, "/v3/action/file/limits")
    assert r.status_code == 200 and r.json() == {"max_upload_bytes": 10_485_760}


def test_limits_follow_the_setting(make_api):
    assert make_api(max_upload_bytes=1234).get("cleo", "/v3/action/file/limits").json() == {"max_upload_bytes": 1234}


def test_multi_megabyte_round_trip(api):
    data = os.urandom(3 * 1024 * 1024 + 17)
    r = upload(api, data=data, name="big.bin", content_type="application/octet-stream")
    assert r.status_code == 201, r.text
    body = r.json()
    assert set(body) == FIELDS
    assert r.headers["location"] == meta_path(body["file_id"])
    assert re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_-]{10}", body["file_id"])
    assert body["sha256"] == hashlib.sha256(data).hexdigest() and body["size"] == len(data)
    assert body["uploaded_by"] == PERSON_IDS["cleo"] and body["account_id"] == ONESKY
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", body["created_at"])
    assert api.get("osiris", meta_path(body["file_id"])).json() == body
    got = api.get("scott", download_path(body["file_id"]))
    assert got.status_code == 200 and got.content == data
    assert blob_names(api) == [body["sha256"]]


@pytest.mark.parametrize("who", ["osiris", "cleo", "scott", "nadia"])
def test_every_role_may_upload(api, who):
    body = uploaded(api, who)
    assert body["uploaded_by"] == PERSON_IDS[who] and body["account_id"] == ACCOUNTS[who]


def test_download_headers(api):
    body = uploaded(api, name="Brochure été €5 展.pdf", content_type="text/plain")
    r = api.get("cleo", download_path(body["file_id"]))
    assert r.status_code == 200 and r.content == BYTES
    assert r.headers["content-type"] == "text/plain"  # as stored: no charset added
    assert r.headers["content-length"] == str(len(BYTES))
    assert r.headers["etag"] == f'"{body["sha256"]}"'
    assert r.headers["accept-ranges"] == "bytes"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["cache-control"] == "no-store"
    assert r.headers["content-disposition"] == (
        "attachment; filename=\"Brochure _t_ _5 _.pdf\"; "
        "filename*=UTF-8''Brochure%20%C3%A9t%C3%A9%20%E2%82%AC5%20%E5%B1%95.pdf")
    assert "content-range" not in r.headers


def test_disposition_fallback_replaces_quotes_and_backslash_safe_characters(api):
    body = uploaded(api, name='say "hi";.txt')
    disposition = api.get("cleo", download_path(body["file_id"])).headers["content-disposition"]
    assert disposition == "attachment; filename=\"say _hi_;.txt\"; filename*=UTF-8''say%20%22hi%22%3B.txt"


NAMES = [
    ("report.pdf", "report.pdf"),
    ("../../etc/passwd", "passwd"),
    ("C:\\temp\\x.pdf", "x.pdf"),
    ("a/b\\c.txt", "c.txt"),
    ("a\x01b\x1f\x7f.txt", "ab.txt"),
    ("line\r\nbreak.txt", "linebreak.txt"),
    ("c1\u0085control.txt", "c1control.txt"),
    ('quote"d.txt', 'quote"d.txt'),
    ("Brochure été €5 展.pdf", "Brochure été €5 展.pdf"),
    (".", "upload.bin"),
    ("..", "upload.bin"),
    ("dir/", "upload.bin"),
    ("../..", "upload.bin"),
    ("..\x01", "upload.bin"),
    ("\x01\x02", "upload.bin"),
]


@pytest.mark.parametrize("given, stored", NAMES)
def test_filename_sent_by_httpx(api, given, stored):
    assert uploaded(api, name=given)["filename"] == stored


@pytest.mark.parametrize("given, stored", NAMES)
def test_filename_sent_by_requests(api, given, stored):
    r = post_raw(api, *as_requests_sends({"file": (given, b"abc", "text/plain")}))
    assert r.status_code == 201, r.text
    assert r.json()["filename"] == stored


@pytest.mark.parametrize("disposition, stored", [
    ("form-data; name=\"file\"; filename=\"fallback.pdf\"; filename*=UTF-8''Brochure%20%C3%A9t%C3%A9%20%E5%B1%95.pdf",
     "Brochure été 展.pdf"),
    ("form-data; name=\"file\"; filename*=utf-8''..%2F..%2Fetc%2Fpasswd", "passwd"),
    ("form-data; name=\"file\"; filename*=iso-8859-1'en'caf%E9.txt", "café.txt"),
    ("form-data; name=\"file\"; filename=\"plain.pdf\"; filename*=UTF-8''%FF%FE", "plain.pdf"),  # undecodable
    ("form-data; name=\"file\"; filename=\"plain.pdf\"; filename*=nosuchcharset''x.pdf", "plain.pdf"),
    ("form-data; name=\"file\"; filename=\"a;b=c.txt\"", "a;b=c.txt"),
    ("form-data; name=\"file\"; filename=\"esc\\\"aped.txt\"", 'esc"aped.txt'),
    ("form-data; name=\"file\"; filename=\"C:\\\\temp\\\\x.pdf\"", "x.pdf"),  # RFC 9110 quoted-pairs
    ("form-data; name=\"file\"; filename=\"C:\\\\temp\\\\\"", "upload.bin"),
    ("form-data; name=\"file\"; filename=unquoted.txt", "unquoted.txt"),
    ("form-data; name=\"file\"", "upload.bin"),
    ("form-data; name=\"file\"; filename=\"\"", "upload.bin"),
])
def test_filename_forms(api, disposition, stored):
    r = post_raw(api, *multipart((f"Content-Disposition: {disposition}\r\nContent-Type: text/plain", b"abc")))
    assert r.status_code == 201, r.text
    assert r.json()["filename"] == stored


def test_raw_utf8_filename_header(api):
    head = "Content-Disposition: form-data; name=\"file\"; filename=\"été 展.pdf\""
    body, headers = multipart((head, b"abc"))
    assert "été 展".encode() in body
    assert post_raw(api, body, headers).json()["filename"] == "été 展.pdf"


@pytest.mark.parametrize("given, stored", [
    ("application/pdf", "application/pdf"),
    ("Application/PDF", "application/pdf"),
    ("text/plain; charset=utf-8", "text/plain"),
    ("image/svg+xml", "image/svg+xml"),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("not a type", "application/octet-stream"),
    ("text/", "application/octet-stream"),
    ("/plain", "application/octet-stream"),
    ("text/plain/extra", "application/octet-stream"),
    ("*/*", "application/octet-stream"),
    ("", "application/octet-stream"),
])
def test_content_type(api, given, stored):
    head = "Content-Disposition: form-data; name=\"file\"; filename=\"x.bin\""
    r = post_raw(api, *multipart((f"{head}\r\nContent-Type: {given}", b"abc")))
    assert r.status_code == 201 and r.json()["content_type"] == stored
    assert api.get("cleo", download_path(r.json()["file_id"])).headers["content-type"] == stored


def test_missing_part_content_type_is_octet_stream(api):
    r = post_raw(api, *as_requests_sends({"file": ("x.pdf", b"abc", None)}))
    assert r.status_code == 201 and r.json()["content_type"] == "application/octet-stream"


def test_file_part_without_filename_is_accepted(api):
    r = post_raw(api, *as_requests_sends({"file": (None, b"abc")}))
    assert r.status_code == 201 and r.json()["filename"] == "upload.bin"


@pytest.mark.parametrize("field", ["account_id", "uploaded_by", "sha256", "filename"])
def test_extra_form_fields_are_refused(api, field):
    r = api.post("cleo", UPLOAD, files={"file": ("x.pdf", BYTES, "application/pdf")}, data={field: NORTHWIND})
    assert_error(r, 422, "validation_error")
    assert r.json()["errors"] == [{"field": field, "message": "Extra inputs are not permitted"}]
    assert blob_names(api) == []


def test_extra_file_part_is_refused(api):
    r = api.post("cleo", UPLOAD, files=[("file", ("a.pdf", b"a")), ("other", ("b.pdf", b"b"))])
    assert_error(r, 422, "validation_error")


@pytest.mark.parametrize("body, headers", [
    multipart(('Content-Disposition: form-data; name="note"', b"hello")),  # no file part
    multipart(('Content-Disposition: form-data; name="file"; filename="a"', b"a"),
              ('Content-Disposition: form-data; name="file"; filename="b"', b"b")),  # two
    multipart(('Content-Disposition: form-data; filename="a"', b"a")),  # a part without a name
    multipart(("Content-Type: text/plain", b"a")),  # without Content-Disposition
    (b"--B0undary--\r\n", {"content-type": "multipart/form-data; boundary=B0undary"}),  # no parts at all
    (b"", {"content-type": "multipart/form-data; boundary=B0undary"}),
    (b"garbage", {"content-type": "multipart/form-data; boundary=B0undary"}),
    (b'--B0undary\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc',
     {"content-type": "multipart/form-data; boundary=B0undary"}),  # truncated
    (b"--B0undary\r\nbad header line\r\n\r\nx\r\n--B0undary--\r\n",
     {"content-type": "multipart/form-data; boundary=B0undary"}),
    (b'{"file": "abc"}', {"content-type": "application/json"}),
    (b"abc", {"content-type": "multipart/form-data"}),  # no boundary
    (b"abc", {"content-type": "multipart/form-data; boundary=" + "x" * 200}),
    (b"abc", {}),
])
def test_malformed_or_incomplete_bodies_answer_422(api, body, headers):
    assert_error(post_raw(api, body, headers), 422, "validation_error")
    assert blob_names(api) == []


@pytest.mark.parametrize("headers, status, code", [
    ({"authorization": "Bearer nonsense"}, 401, "token_invalid"),
    ({"authorization": ""}, 401, "token_missing"),
    ({"x-aether-api-key": ""}, 401, "api_key_missing"),
    ({"x-aether-account-id": NORTHWIND}, 403, "account_forbidden"),
])
def test_credential_errors_win_over_a_broken_body(api, headers, status, code):
    r = api.post("cleo", UPLOAD, content=b"garbage", headers={"content-type": "text/plain", **headers})
    assert_error(r, status, code)


def test_size_limit_boundary(make_api):
    api = make_api(max_upload_bytes=100)
    assert uploaded(api, data=b"x" * 100)["size"] == 100
    r = upload(api, data=b"y" * 101)
    assert_error(r, 413, "file_too_large")
    assert blob_names(api) == [hashlib.sha256(b"x" * 100).hexdigest()]  # nothing kept of the refused upload


def test_far_too_large_upload_keeps_nothing(make_api):
    api = make_api(max_upload_bytes=1000)
    assert_error(upload(api, data=os.urandom(2 * 1024 * 1024)), 413, "file_too_large")
    assert blob_names(api) == []


def test_empty_file(api):
    assert_error(upload(api, data=b""), 422, "empty_file")
    assert blob_names(api) == []


@pytest.mark.parametrize("method, path, allow", [
    ("POST", "/v3/action/file/limits", "GET"),
    ("DELETE", "/v3/action/file/limits", "GET"),
    ("GET", UPLOAD, "POST"),
    ("DELETE", UPLOAD, "POST"),
    ("PUT", meta_path("nosuchfile0"), "GET, DELETE"),
    ("POST", download_path("nosuchfile0"), "GET"),
    ("DELETE", hash_path("0" * 64), "GET"),
])
def test_fixed_paths_win_over_the_file_id(api, method, path, allow):
    r = api.request(method, "osiris", path)
    assert_error(r, 405, "method_not_allowed")
    assert r.headers["allow"] == allow


# --- metadata, download, ranges, revalidation ---------------------------------------------------------------

@pytest.mark.parametrize("range_header, content_range, part", [
    ("bytes=0-9", "bytes 0-9/1024", slice(0, 10)),
    ("bytes=5-5", "bytes 5-5/1024", slice(5, 6)),
    ("bytes=100-", "bytes 100-1023/1024", slice(100, None)),
    ("bytes=-10", "bytes 1014-1023/1024", slice(-10, None)),
    ("bytes=1000-5000", "bytes 1000-1023/1024", slice(1000, None)),  # end clipped
    ("bytes=1023-1023", "bytes 1023-1023/1024", slice(1023, None)),
    ("bytes=-1024", "bytes 0-1023/1024", slice(None)),
    ("bytes=-5000", "bytes 0-1023/1024", slice(None)),  # suffix past the size: the whole file, still 206
    ("bytes=0-", "bytes 0-1023/1024", slice(None)),
    ("Bytes=0-1", "bytes 0-1/1024", slice(0, 2)),
    ("bytes= 2-3 ", "bytes 2-3/1024", slice(2, 4)),
])
def test_single_range(api, range_header, content_range, part):
    file_id = uploaded(api)["file_id"]
    r = api.get("cleo", download_path(file_id), headers={"range": range_header})
    assert r.status_code == 206, r.text
    assert r.content == BYTES[part]
    assert r.headers["content-range"] == content_range
    assert r.headers["content-length"] == str(len(BYTES[part]))
    assert r.headers["etag"] and r.headers["content-disposition"] and r.headers["x-content-type-options"]


@pytest.mark.parametrize("range_header", [
    "bytes=9-3",  # reversed
    "bytes=5000-10",  # reversed, although it also starts past the end
    "bytes=0-1,5-6", "bytes=0-1, 5-6",  # more than one range
    "items=0-5", "0-5",  # another unit, no unit
    "bytes=abc", "bytes=-", "bytes=1-2-3", "bytes=", "bytes=+1-2", "bytes=1.5-2",
])
def test_ignored_ranges_serve_everything(api, range_header):
    file_id = uploaded(api)["file_id"]
    r = api.get("cleo", download_path(file_id), headers={"range": range_header})
    assert r.status_code == 200 and r.content == BYTES
    assert "content-range" not in r.headers


@pytest.mark.parametrize("range_header", ["bytes=1024-", "bytes=1024-2000", "bytes=5000-6000", "bytes=-0"])
def test_unsatisfiable_ranges(api, range_header):
    file_id = uploaded(api)["file_id"]
    r = api.get("cleo", download_path(file_id), headers={"range": range_header})
    assert_error(r, 416, "range_not_satisfiable")
    assert r.headers["content-range"] == "bytes */1024"


@pytest.mark.parametrize("if_none_match", ['"{}"', 'W/"{}"', '"other", "{}"', '"other",W/"{}"', "*"])
def test_if_none_match_with_the_etag_answers_304(api, if_none_match):
    body = uploaded(api)
    r = api.get("cleo", download_path(body["file_id"]),
                headers={"if-none-match": if_none_match.format(body["sha256"]), "range": "bytes=0-1"})
    assert r.status_code == 304 and r.content == b""
    assert r.headers["etag"] == f'"{body["sha256"]}"' and r.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("if_none_match", ['"other"', '"{}x"', "{}"])
def test_if_none_match_without_the_etag_downloads(api, if_none_match):
    body = uploaded(api)
    r = api.get("cleo", download_path(body["file_id"]), headers={"if-none-match": if_none_match.format(body["sha256"])})
    assert r.status_code == 200 and r.content == BYTES


@pytest.mark.parametrize("file_id", ["nosuchfile0", "x", "by_hash", "1", "' OR 1=1 --", "a" * 300])
def test_made_up_file_ids_answer_404(api, file_id):
    uploaded(api)
    for r in (api.get("cleo", meta_path(file_id)), api.get("cleo", download_path(file_id)),
              api.delete("osiris", meta_path(file_id))):
        assert_error(r, 404, "not_found")


def test_another_accounts_file_is_indistinguishable_from_a_missing_one(api):
    theirs = uploaded(api, "nadia")
    for method, path in (("GET", meta_path), ("GET", download_path), ("DELETE", meta_path)):
        other = api.request(method, "osiris", path(theirs["file_id"]))
        missing = api.request(method, "osiris", path("nosuchfile0"))
        assert (other.status_code, other.json()) == (missing.status_code, missing.json()) == (404, missing.json())
    assert api.get("nadia", download_path(theirs["file_id"])).content == BYTES  # still there


# --- download by hash -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("sha256", ["A" * 64, "a" * 63, "a" * 65, "g" * 64, "nosuchfile0"])
def test_by_hash_needs_64_lowercase_hex(api, sha256):
    assert_error(api.get("cleo", hash_path(sha256)), 422, "validation_error")


def test_by_hash_serves_the_newest_file_of_the_account(api):
    uploaded(api, "cleo", name="old.pdf")
    newest = uploaded(api, "scott", name="new.pdf", content_type="application/x-new")
    uploaded(api, "nadia", name="northwind.pdf")
    r = api.get("osiris", hash_path(newest["sha256"]), headers={"range": "bytes=0-3"})
    assert r.status_code == 206 and r.content == BYTES[:4]
    assert r.headers["content-type"] == "application/x-new"
    assert 'filename="new.pdf"' in r.headers["content-disposition"]
    assert api.get("osiris", hash_path(newest["sha256"]), headers={"if-none-match": f'"{newest["sha256"]}"'}
                   ).status_code == 304


def test_by_hash_of_bytes_only_another_account_has_is_404(api):
    theirs = uploaded(api, "nadia")
    other = api.get("cleo", hash_path(theirs["sha256"]))
    missing = api.get("cleo", hash_path("0" * 64))
    assert_error(other, 404, "not_found")
    assert other.json() == missing.json()


# --- deletion -------------------------------------------------------------------------------------------------

def test_uploader_deletes_their_file_and_its_bytes_go(api):
    body = uploaded(api, "scott")
    assert blob_names(api) == [body["sha256"]]
    r = api.delete("scott", meta_path(body["file_id"]))
    assert r.status_code == 204 and r.content == b""
    for r in (api.get("scott", meta_path(body["file_id"])), api.get("scott", download_path(body["file_id"])),
              api.get("scott", hash_path(body["sha256"])), api.delete("scott", meta_path(body["file_id"]))):
        assert_error(r, 404, "not_found")
    assert blob_names(api) == []


@pytest.mark.parametrize("uploader, deleter, status", [
    ("cleo", "cleo", 204), ("cleo", "osiris", 204), ("osiris", "osiris", 204), ("nadia", "nadia", 204),
    ("cleo", "scott", 403), ("osiris", "cleo", 403), ("scott", "cleo", 403),
    ("cleo", "nadia", 404), ("nadia", "osiris", 404),
])
def test_who_may_delete(api, uploader, deleter, status):
    body = uploaded(api, uploader)
    r = api.delete(deleter, meta_path(body["file_id"]))
    assert r.status_code == status, r.text
    if status == 403:
        assert_error(r, 403, "permission_denied")
    still_there = api.get(uploader, meta_path(body["file_id"])).status_code == 200
    assert still_there == (status != 204)


def test_existence_is_checked_before_the_delete_permission(api):
    assert_error(api.delete("scott", meta_path("nosuchfile0")), 404, "not_found")


def test_shared_bytes_in_one_account(api):
    first, second = uploaded(api, "cleo", name="a.pdf"), uploaded(api, "scott", name="b.pdf")
    assert first["sha256"] == second["sha256"] and blob_names(api) == [first["sha256"]]
    assert api.delete("cleo", meta_path(first["file_id"])).status_code == 204
    assert blob_names(api) == [first["sha256"]]
    r = api.get("cleo", hash_path(first["sha256"]))
    assert r.status_code == 200 and r.content == BYTES and 'filename="b.pdf"' in r.headers["content-disposition"]
    assert api.get("cleo", download_path(second["file_id"])).content == BYTES
    assert api.delete("scott", meta_path(second["file_id"])).status_code == 204
    assert_error(api.get("cleo", hash_path(first["sha256"])), 404, "not_found")
    assert blob_names(api) == []


def test_shared_bytes_across_accounts(api):
    mine, theirs = uploaded(api, "cleo"), uploaded(api, "nadia")
    assert api.delete("cleo", meta_path(mine["file_id"])).status_code == 204
    assert_error(api.get("cleo", hash_path(mine["sha256"])), 404, "not_found")
    assert api.get("nadia", hash_path(theirs["sha256"])).content == BYTES
    assert blob_names(api) == [theirs["sha256"]]
    assert api.delete("nadia", meta_path(theirs["file_id"])).status_code == 204
    assert blob_names(api) == []


def test_reupload_after_delete_restores_the_bytes(api):
    body = uploaded(api)
    api.delete("cleo", meta_path(body["file_id"]))
    again = uploaded(api)
    assert again["file_id"] != body["file_id"]
    assert api.get("cleo", download_path(again["file_id"])).content == BYTES


def test_a_delete_cannot_remove_a_blob_an_upload_is_reusing(api, monkeypatch):
    """Deterministic race: the last file referring to a blob is deleted while an upload of the same bytes has
    found the blob but not yet committed its row. The blob lock makes the delete wait; without it the blob goes."""
    first = uploaded(api)
    keep = Incoming.keep
    deleter = threading.Thread(target=api.delete, args=("cleo", meta_path(first["file_id"])))

    def keep_then_delete(self):
        digest = keep(self)
        deleter.start()
        deleter.join(0.5)  # with the lock the delete is still waiting when this upload commits
        return digest

    monkeypatch.setattr(Incoming, "keep", keep_then_delete)
    second = uploaded(api)
    deleter.join()
    assert api.get("cleo", download_path(second["file_id"])).content == BYTES
    assert_error(api.get("cleo", meta_path(first["file_id"])), 404, "not_found")


def test_concurrent_uploads_and_deletes_of_identical_bytes(api):
    failures: list[str] = []

    def churn():
        for _ in range(10):
            file_id = uploaded(api)["file_id"]
            if api.get("cleo", download_path(file_id)).content != BYTES:
                failures.append(f"{file_id} lost its bytes")
            if api.delete("cleo", meta_path(file_id)).status_code != 204:
                failures.append(f"{file_id} not deleted")

    threads = [threading.Thread(target=churn) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert blob_names(api) == []  # and no temp file left behind


def test_over_real_http_with_requests():
    """The suite's client over a socket: a far too large upload still gets its 413 (the body is drained)."""
    sandbox = EmbeddedSandbox(Settings(max_upload_bytes=1000)).start()
    try:
        base, key = sandbox.base_url, {"x-aether-api-key": "sbx-onesky-4f1c9a"}
        login = requests.post(f"{base}/v3/auth/passcode", headers=key,
                              json={"site_id": "92vkYC4fVEl", "email": "cleo@demo.example", "passcode": "515151"})
        headers = {**key, "x-aether-account-id": ONESKY, "authorization": f"Bearer {login.json()['access_token']}"}
        r = requests.post(base + UPLOAD, headers=headers, files={"file": ("big.bin", os.urandom(8 * 1024 * 1024))})
        assert_error(r, 413, "file_too_large")
        name = "C:\\x\\Été\x01.pdf"
        r = requests.post(base + UPLOAD, headers=headers, files={"file": (name, b"abc", "text/plain")})
        assert r.status_code == 201 and r.json()["filename"] == "Été.pdf"
        assert sorted(p.name for p in sandbox.blob_dir.iterdir()) == [hashlib.sha256(b"abc").hexdigest()]
    finally:
        sandbox.stop()


# --- the list of the account's files -------------------------------------------------------------------------

def files_list(api, who="scott", **query):
    return api.get(who, "/v3/action/file", params=query)


def test_the_files_list_holds_every_file_of_the_account_by_creation_then_id(api):
    made = [uploaded(api, who, data=bytes([n]) * 10) for n, who in enumerate(["cleo", "osiris", "scott"])]
    uploaded(api, "nadia")
    r = files_list(api)
    assert r.status_code == 200
    assert r.json() == {"items": sorted(made, key=lambda f: (f["created_at"], f["file_id"])), "count": 3}


def test_the_files_list_filters_by_content_hash(api):
    same = [uploaded(api, who) for who in ("cleo", "osiris")]
    uploaded(api, data=b"other bytes")
    uploaded(api, "nadia")
    found = files_list(api, sha256=hashlib.sha256(BYTES).hexdigest()).json()
    assert found == {"items": sorted(same, key=lambda f: (f["created_at"], f["file_id"])), "count": 2}
    assert files_list(api, sha256="0" * 64).json() == {"items": [], "count": 0}


@pytest.mark.parametrize("query", [{"sha256": "A" * 64}, {"sha256": "abc"}, {"name": "x"}, {"sha256": ["0" * 64] * 2}])
def test_the_files_list_refuses_a_malformed_hash_or_another_parameter(api, query):
    assert_error(files_list(api, **query), 422, "validation_error")


def test_a_deleted_file_leaves_the_list(api):
    gone = uploaded(api)
    assert api.delete("cleo", meta_path(gone["file_id"])).status_code == 204
    assert files_list(api).json() == {"items": [], "count": 0}


# --- each fault breaks its rule -------------------------------------------------------------------------------
# A check passes against the correct sandbox and fails (AssertionError) with its fault switched on.

def _check_limit_inclusive(make):
    assert upload(make(max_upload_bytes=64), data=b"x" * 64).status_code == 201


def _check_empty_refused(make):
    assert upload(make(), data=b"").status_code == 422


def _check_content_type_sanitised(make):
    assert uploaded(make(), content_type="not a type")["content_type"] == "application/octet-stream"


def _check_path_removed(make):
    assert uploaded(make(), name="../../etc/passwd")["filename"] == "passwd"


def _check_control_chars_removed(make):
    assert uploaded(make(), name="a\x01b.txt")["filename"] == "ab.txt"


def _download(make, headers=None, who="cleo"):
    api = make()
    return api.get(who, download_path(uploaded(api)["file_id"]), headers=headers or {})


def _check_disposition_utf8(make):
    api = make()
    body = uploaded(api, name="été.pdf")
    disposition = api.get("cleo", download_path(body["file_id"])).headers["content-disposition"]
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "été.pdf"


def _check_nosniff(make):
    assert _download(make).headers.get("x-content-type-options") == "nosniff"


def _check_range_inclusive(make):
    assert _download(make, {"range": "bytes=0-9"}).content == BYTES[:10]


def _check_suffix_range(make):
    assert _download(make, {"range": "bytes=-10"}).content == BYTES[-10:]


def _check_range_past_end(make):
    assert _download(make, {"range": f"bytes={len(BYTES)}-"}).status_code == 416


def _check_reversed_range_ignored(make):
    assert _download(make, {"range": "bytes=9-3"}).status_code == 200


def _check_etag_revalidation(make):
    assert _download(make, {"if-none-match": f'"{hashlib.sha256(BYTES).hexdigest()}"'}).status_code == 304


def _check_last_delete_removes_bytes(make):
    api = make()
    api.delete("cleo", meta_path(uploaded(api)["file_id"]))
    assert blob_names(api) == []


def _check_shared_bytes_survive(make):
    api = make()
    first, second = uploaded(api), uploaded(api)
    api.delete("cleo", meta_path(first["file_id"]))
    assert api.get("cleo", download_path(second["file_id"])).status_code == 200


def _check_deleted_not_by_hash(make):
    api = make()
    body = uploaded(api)
    api.delete("cleo", meta_path(body["file_id"]))
    assert api.get("cleo", hash_path(body["sha256"])).status_code == 404


def _check_second_delete_404(make):
    api = make()
    file_id = uploaded(api)["file_id"]
    api.delete("cleo", meta_path(file_id))
    assert api.delete("cleo", meta_path(file_id)).status_code == 404


def _check_file_walled(make):
    api = make()
    assert api.get("nadia", meta_path(uploaded(api)["file_id"])).status_code == 404


def _check_hash_walled(make):
    api = make()
    assert api.get("nadia", hash_path(uploaded(api)["sha256"])).status_code == 404


def _check_staff_keep_off_colleagues_files(make):
    api = make()
    assert api.delete("scott", meta_path(uploaded(api, "cleo")["file_id"])).status_code == 403


def _check_manager_deletes_any(make):
    api = make()
    assert api.delete("osiris", meta_path(uploaded(api, "cleo")["file_id"])).status_code == 204


def _check_extra_field_refused(make):
    api = make()
    r = api.post("cleo", UPLOAD, files={"file": ("x.pdf", b"x")}, data={"account_id": NORTHWIND})
    assert r.status_code == 422


def _check_list_ordered(make):
    api = make()
    made = [uploaded(api, data=bytes([n]) * 10) for n in range(3)]
    assert files_list(api).json()["items"] == sorted(made, key=lambda f: (f["created_at"], f["file_id"]))


def _check_list_filtered_by_hash(make):
    api = make()
    uploaded(api, data=b"other bytes")
    assert files_list(api, sha256=uploaded(api)["sha256"]).json()["count"] == 1


def _check_list_refuses_other_parameters(make):
    assert files_list(make(), page="2").status_code == 422


def _check_list_walled(make):
    api = make()
    uploaded(api, "nadia")
    assert files_list(api).json()["count"] == 0


def _check_staff_upload(make):
    assert upload(make(), "scott").status_code == 201


def _check_filename_fallback(make):
    assert uploaded(make(), name="..")["filename"] == "upload.bin"


def _check_non_ascii_kept(make):
    assert uploaded(make(), name="Preisliste €.csv")["filename"] == "Preisliste €.csv"


def _check_sha256_lowercase_hex(make):
    assert uploaded(make())["sha256"] == hashlib.sha256(BYTES).hexdigest()


def _check_by_hash_serves_the_newest(make):
    api = make()
    uploaded(api, name="march.pdf")
    newest = uploaded(api, name="april.pdf")
    r = api.get("cleo", hash_path(newest["sha256"]))
    assert 'filename="april.pdf"' in r.headers["content-disposition"]


def _check_by_hash_lowercase_only(make):
    api = make()
    r = api.get("cleo", hash_path(uploaded(api)["sha256"].upper()))
    assert r.status_code == 422 and r.json()["code"] == "validation_error"


def _check_no_file_part_invalid(make):
    r = make().post("cleo", UPLOAD, files={"other": ("x.pdf", b"x")})
    assert (r.status_code, r.json()["code"]) == (422, "validation_error")


def _check_range_clipped(make):
    r = _download(make, {"range": f"bytes=1000-{len(BYTES) + 50}"})
    assert (r.status_code, r.content) == (206, BYTES[1000:])


def _check_several_ranges_ignored(make):
    r = _download(make, {"range": "bytes=0-9,20-29"})
    assert (r.status_code, r.content) == (200, BYTES)


FAULT_CHECKS = {
    "staff_upload_refused": _check_staff_upload,
    "filename_fallback_missing": _check_filename_fallback,
    "filename_non_ascii_dropped": _check_non_ascii_kept,
    "sha256_uppercase": _check_sha256_lowercase_hex,
    "by_hash_serves_oldest": _check_by_hash_serves_the_newest,
    "by_hash_case_insensitive": _check_by_hash_lowercase_only,
    "no_file_part_bad_request": _check_no_file_part_invalid,
    "range_past_end_refused": _check_range_clipped,
    "range_first_of_many_served": _check_several_ranges_ignored,
    "file_list_reversed": _check_list_ordered,
    "file_list_hash_ignored": _check_list_filtered_by_hash,
    "file_list_extra_query_ignored": _check_list_refuses_other_parameters,
    "file_list_any_account": _check_list_walled,
    "upload_limit_off_by_one": _check_limit_inclusive,
    "empty_file_accepted": _check_empty_refused,
    "content_type_trusted": _check_content_type_sanitised,
    "filename_path_kept": _check_path_removed,
    "filename_control_chars_kept": _check_control_chars_removed,
    "disposition_ascii_only": _check_disposition_utf8,
    "nosniff_missing": _check_nosniff,
    "range_end_exclusive": _check_range_inclusive,
    "range_suffix_from_start": _check_suffix_range,
    "range_past_end_whole": _check_range_past_end,
    "range_reversed_refused": _check_reversed_range_ignored,
    "etag_ignored": _check_etag_revalidation,
    "soft_delete_keeps_bytes": _check_last_delete_removes_bytes,
    "delete_removes_shared_blob": _check_shared_bytes_survive,
    "deleted_file_still_by_hash": _check_deleted_not_by_hash,
    "second_delete_succeeds": _check_second_delete_404,
    "file_cross_account": _check_file_walled,
    "hash_cross_account": _check_hash_walled,
    "staff_delete_any_file": _check_staff_keep_off_colleagues_files,
    "manager_delete_only_own": _check_manager_deletes_any,
    "cross_account_forbidden": _check_file_walled,
    "unknown_fields_ignored": _check_extra_field_refused,
}


def test_every_files_fault_has_a_check():
    files_area = {name for name, (area, _) in faults.CATALOGUE.items() if area == "files"}
    assert files_area <= FAULT_CHECKS.keys() <= faults.CATALOGUE.keys()


@pytest.mark.parametrize("fault", sorted(FAULT_CHECKS))
def test_fault_breaks_its_rule(make_api, fault):
    check = FAULT_CHECKS[fault]
    check(make_api)
    with pytest.raises(AssertionError):
        check(lambda **settings: make_api(faults=frozenset({fault}), **settings))
