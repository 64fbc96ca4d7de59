"""Reading answer headers (aether_suite/checks/headers.py): Content-Disposition strictly, and Cache-Control."""
import pytest

from aether_suite.checks.headers import cache_directives, cache_problems, disposition
from aether_suite.files import downloads

# --- Content-Disposition ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("header, kind, filename, star", [
    ("attachment; filename=\"a.pdf\"; filename*=UTF-8''Brosch%C3%BCre%20%E2%82%AC%20%E5%B1%95.pdf",
     "attachment", "a.pdf", "Broschüre € 展.pdf"),
    ("Attachment; FILENAME*=utf-8'de'%E2%82%AC; filename=x", "attachment", "x", "€"),
    ("attachment; filename*=iso-8859-1'en'%A3%20rates", "attachment", None, "£ rates"),
    ('inline; filename="say \\"hi\\".txt"', "inline", 'say "hi".txt', None),
    ("attachment;filename=plain.txt", "attachment", "plain.txt", None),
])
def test_a_well_formed_disposition_is_read(header, kind, filename, star):
    parsed = disposition(header)
    assert (parsed.kind, parsed.filename, parsed.filename_star, parsed.problems) == (kind, filename, star, ())


@pytest.mark.parametrize("header, problem", [
    (None, "there is no disposition"),
    ("attachment; filename*=Brosch%C3%BCre.pdf", "not an RFC 5987 value"),
    ("attachment; filename*=UTF-8''Brosch\u00fcre.pdf", "cannot read the parameters"),
    ("attachment; filename*=UTF-8''%FF", "not valid UTF-8"),
    ("attachment; filename*=KOI8-R''%C1", "allows UTF-8 and ISO-8859-1"),
    ("attachment; filename=a; filename=b", "given twice"),
])
def test_a_malformed_disposition_is_named(header, problem):
    assert any(problem in found for found in disposition(header).problems)


# --- Cache-Control ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("header", ["no-store", "No-Store", "private, no-store", "no-store, max-age=0"])
def test_no_store_among_the_directives_is_never_stored(header):
    assert cache_problems({"Cache-Control": header}) == []


@pytest.mark.parametrize("header", [None, "", "no-cache", "max-age=0, must-revalidate", "no-stored"])
def test_an_answer_without_no_store_is_named(header):
    headers = {} if header is None else {"Cache-Control": header}
    assert cache_problems(headers) == [f"expected Cache-Control 'no-store', got {header!r}"]


def test_directives_are_read_without_their_arguments():
    assert cache_directives({"Cache-Control": "max-age=0, No-Store ,"}) == {"max-age", "no-store"}


def test_a_download_must_be_neither_sniffed_nor_stored_and_its_type_is_not_second_guessed():
    headers = {"Content-Type": "text/csv", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}
    assert downloads.guard_problems(headers) == ["expected Cache-Control 'no-store', got 'no-cache'"]
    assert downloads.typed_problems(headers, "text/csv") == []  # the type's check is about sniffing only
    del headers["X-Content-Type-Options"]
    assert downloads.typed_problems(headers, "text/csv") == ["expected X-Content-Type-Options 'nosniff', got None"]
