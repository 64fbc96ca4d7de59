"""The support code of the file scenarios: sample files, streamed uploads, streamed download checks."""
import email
import email.policy
import hashlib
import io
import re
from pathlib import Path

import pytest
import requests
from behave.model import ScenarioOutline
from behave.parser import parse_file
from hypothesis import given, settings
from hypothesis import strategies as st
from python_multipart.multipart import MultipartParser, parse_options_header

from aether_suite.client.api import AetherApi
from aether_suite.files import downloads
from aether_suite.files.downloads import range_header, receive
from aether_suite.files.sample_files import BLOCK, SampleFile, sample
from aether_suite.files.uploads import MultipartUpload, Uploads, spelled_out, upload


def _response(body: bytes, status: int = 200, headers=None) -> requests.Response:
    response = requests.Response()
    response.status_code, response.raw = status, io.BytesIO(body)
    response.headers.update(headers or {})
    return response


def _chunked(data: bytes, size: int):
    return [data[i:i + size] for i in range(0, len(data), size)]


# --- sample files -----------------------------------------------------------------------------------------------

def test_the_same_seed_gives_the_same_bytes_and_another_tag_other_bytes():
    one, again, other = sample("floor plan", tag="a"), sample("floor plan", tag="a"), sample("floor plan", tag="b")
    assert one.read() == again.read() != other.read()
    assert one.read().startswith(b"\x89PNG\r\n\x1a\n") and len(one.read()) == 5000


def test_a_fresh_sample_is_unique_to_its_scenario():
    assert sample("price list").sha256 != sample("price list").sha256
    # shared later blocks, a unique first block
    assert sample("booth brochure", 3 * BLOCK).sha256 != sample("booth brochure", 3 * BLOCK).sha256


@settings(max_examples=60, deadline=None)
@given(size=st.integers(0, 3 * BLOCK + 7), first=st.integers(0, 3 * BLOCK + 10), length=st.integers(1, 2 * BLOCK))
def test_any_slice_equals_the_same_slice_of_the_whole(size, first, length):
    made = SampleFile("test", "t.bin", "application/octet-stream", size, "seed", b"SIG")
    whole = made.read()
    assert len(whole) == size
    assert made.read(first, first + length - 1) == whole[first:first + length]


def test_the_hash_is_of_the_whole_file():
    made = sample("booth brochure", 2 * BLOCK + 3, tag="t")
    assert made.sha256 == hashlib.sha256(made.read()).hexdigest()


def test_an_empty_sample_has_no_bytes():
    assert sample("price list", 0).read() == b"" and list(sample("price list", 0).chunks()) == []


def test_renamed_keeps_the_bytes():
    made = sample("price list", tag="x")
    assert made.renamed("Preisliste €.csv").read() == made.read()


# --- streamed uploads -------------------------------------------------------------------------------------------

def _parse(body: bytes, boundary: str) -> dict:
    found = {"headers": [], "data": b""}
    field = value = b""

    def on_header_field(data, start, end):
        nonlocal field
        field += data[start:end]

    def on_header_value(data, start, end):
        nonlocal value
        value += data[start:end]

    def on_header_end():
        nonlocal field, value
        found["headers"].append((field.decode(), value.decode("utf-8")))
        field = value = b""

    def on_part_data(data, start, end):
        found["data"] += data[start:end]

    parser = MultipartParser(boundary.encode(), {"on_header_field": on_header_field, "on_header_value": on_header_value,
                                                 "on_header_end": on_header_end, "on_part_data": on_part_data})
    parser.write(body)
    return found


def test_a_multipart_upload_is_as_long_as_it_says_and_holds_the_file():
    made = sample("price list", tag="m")
    body = MultipartUpload(made, 'Preis"liste €.csv', "text/csv")
    raw = b"".join(body)
    assert len(raw) == len(body)
    parsed = _parse(raw, body.boundary)
    assert parsed["data"] == made.read()
    assert ("Content-Disposition", 'form-data; name="file"; filename="Preis\\"liste €.csv"') in parsed["headers"]
    assert ("Content-Type", "text/csv") in parsed["headers"]


def _names_the_features_upload() -> set[str]:
    """Every name a feature's "uploads the ... named "..."" step sends, outlines expanded, control characters too."""
    named = re.compile(r'uploads the .+ named "(.*)"\Z')
    names = set()
    for path in Path(__file__).resolve().parents[3].glob("features/**/*.feature"):
        for scenario in parse_file(str(path)).walk_scenarios():
            runs = scenario.scenarios if isinstance(scenario, ScenarioOutline) else [scenario]
            names |= {spelled_out(m[1]) for run in runs for step in run.steps if (m := named.search(step.name))}
    return names


FEATURE_NAMES = sorted(_names_the_features_upload())


def test_the_features_upload_names_with_backslashes_quotes_and_control_characters():
    assert {"C:\\temp\\", "C:\\temp\\x.pdf", "visit\treport.txt", "report\x7f.txt"} <= set(FEATURE_NAMES)


@pytest.mark.parametrize("name", [*FEATURE_NAMES, 'Preis"liste €.csv', 'ends in a quote"', 'back\\"slash'])
def test_strict_multipart_readers_take_the_very_name_sent(name):
    body = MultipartUpload(sample("visit report"), name, "text/plain")
    disposition = dict(_parse(b"".join(body), body.boundary)["headers"])["Content-Disposition"]
    # The email package reads the quoted-string as RFC 9110 and RFC 5322 say; it drops the whitespace that
    # starts one, as folding white space ("[TAB][BEL]").
    as_email = email.message_from_string(f"Content-Disposition: {disposition}\r\n\r\n", policy=email.policy.HTTP)
    assert as_email.get_filename() == name.lstrip(" \t")
    # python-multipart too; it keeps only what follows the last backslash of a name that starts like "C:\".
    as_starlette = parse_options_header(disposition.encode())[1][b"filename"].decode()
    assert as_starlette == (name.split("\\")[-1] if name[1:3] == ":\\" else name)


def test_a_multipart_upload_without_a_type_sends_none():
    body = MultipartUpload(sample("price list"), content_type=None)
    assert all(name != "Content-Type" for name, _ in _parse(b"".join(body), body.boundary)["headers"])


def test_control_characters_are_spelled_out_by_name():
    assert spelled_out("a[TAB]b[BEL][ESC][DEL][CR][LF][NUL]c[X]") == "a\tb\x07\x1b\x7f\r\n\x00c[X]"


def test_a_large_upload_streams_and_is_stored_byte_for_byte(suite_api: AetherApi):
    made = sample("product video", 5 * BLOCK + 11)  # over RECORDED_UPLOAD_BYTES
    response = upload(suite_api, "Cleo", made)
    assert response.status_code == 201, suite_api.last_exchange.answer
    assert "streamed" in suite_api.last_exchange.request_body  # not held whole, not recorded
    assert response.json()["sha256"] == made.sha256 and response.json()["size"] == made.size


def test_the_upload_log_tells_existing_from_deleted_files(suite_api: AetherApi):
    log = Uploads(suite_api)
    made = sample("visit report")
    upload(suite_api, "Scott", made)
    log.remember_last("Scott", made)
    upload(suite_api, "Cleo", made)
    log.remember_last("Cleo", made)
    assert log.target("visit report", "Scott").uploader.name == "Scott"
    assert log.target("visit report", "Osiris").uploader.name == "Cleo"  # none of his own: the latest
    suite_api.delete_file("Cleo", log.latest("visit report", by="Cleo").record["file_id"])
    assert log.latest("visit report", deleted=True).uploader.name == "Cleo"
    assert log.latest("visit report", deleted=False).uploader.name == "Scott"
    with pytest.raises(LookupError, match="no deleted visit report uploaded by Scott"):
        log.latest("visit report", by="Scott", deleted=True)


# --- receiving downloads ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("expected_chunk", [1, 7, 1000, 70_000])
def test_a_download_equal_to_the_original_is_as_expected_whatever_the_chunk_sizes(expected_chunk):
    data = sample("floor plan", 150_000).read()
    received = receive(_response(data), _chunked(data, expected_chunk))
    assert received.as_expected and received.size == len(data)
    assert received.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("received_bytes, first_difference, words", [
    (b"abcdef", None, ""),
    (b"abcdeX", 5, "from position 5"),
    (b"Xbcdef", 0, "from position 0"),
    (b"abc", 3, "shorter than the 6 expected"),
    (b"abcdefgh", 6, "longer than the 6 expected"),
    (b"", 0, "shorter than the 6 expected"),
])
def test_a_download_that_differs_says_where(received_bytes, first_difference, words):
    received = receive(_response(received_bytes), [b"ab", b"cdef"])
    assert received.first_difference == first_difference and received.expected_size == 6
    assert words in received.describe()


def test_a_part_is_judged_by_its_range_its_length_and_its_bytes():
    data = b"0123456789"
    good = _response(data[2:5], 206, {"Content-Range": "bytes 2-4/10", "Content-Length": "3"})
    assert downloads.part_problems(good, [data[2:5]], 2, 4, 10) == []
    short = _response(data[2:4], 206, {"Content-Range": "bytes 2-3/10", "Content-Length": "2"})
    problems = downloads.part_problems(short, [data[2:5]], 2, 4, 10)
    assert len(problems) == 3 and "bytes 2-4/10" in problems[0]
    assert downloads.part_problems(_response(data), [data[2:5]], 2, 4, 10) == [
        "expected part of the file (206), got 200"]


def test_a_whole_file_carries_no_range():
    data = b"0123456789"
    headers = {"Content-Length": "10", "Content-Range": "bytes 0-9/10"}
    problems = downloads.whole_file_problems(_response(data, 200, headers), [data], 10,
                                             hashlib.sha256(data).hexdigest())
    assert problems == ["a whole file carries no Content-Range, got 'bytes 0-9/10'"]


def test_the_labels_must_name_the_exact_file_with_an_ascii_fallback():
    headers = {"Content-Type": "text/csv", "Content-Length": "3", "ETag": '"abc"', "Accept-Ranges": "bytes",
               "Content-Disposition": "attachment; filename=\"Caf_.csv\"; filename*=UTF-8''Caf%C3%A9.csv"}
    assert downloads.label_problems(headers, content_type="text/csv", size=3, sha256="abc", filename="Café.csv") == []
    headers["Content-Disposition"] = "attachment; filename=\"Café.csv\"; filename*=UTF-8''Caf_.csv"
    problems = downloads.label_problems(headers, content_type="text/csv", size=3, sha256="abc", filename="Café.csv")
    assert len(problems) == 2 and "filename* names 'Caf_.csv'" in problems[0] and "not printable ASCII" in problems[1]


# --- ranges as the business says them ---------------------------------------------------------------------------

@pytest.mark.parametrize("phrase, header", [
    ("the first 100 bytes", "bytes=0-99"),
    ("the last 600 bytes", "bytes=-600"),
    ("bytes 4000 onwards", "bytes=4000-"),
    ("bytes 0 to 99", "bytes=0-99"),
    ("bytes 0 to 9 and 20 to 29", "bytes=0-9,20-29"),
    ("lines 0 to 9", "lines=0-9"),
])
def test_a_range_phrase_becomes_a_range_header(phrase, header):
    assert range_header(phrase) == header


def test_an_unknown_range_phrase_is_an_error():
    with pytest.raises(ValueError, match="no byte range"):
        range_header("the middle bit")
