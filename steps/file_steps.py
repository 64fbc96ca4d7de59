"""Steps about files: uploading, reading, downloading (whole, in parts, by content), deleting.

Files are named as the business says ("the booth brochure", "a floor plan of 5000 bytes"): each is a
deterministic sample from aether_suite/files/sample_files.py, generated block by block. What a scenario
uploads is logged in ``context.uploads`` (aether_suite/files/uploads.py), so later steps know its bytes and
can prove a deleted file gone. Downloads are judged by aether_suite/files/downloads.py as they stream.

Calls: context.api (aether_suite/client/api.py), aether_suite/files/sample_files.py, aether_suite/files/uploads.py,
aether_suite/files/downloads.py, aether_suite/files/listing.py (the files list), aether_suite/checks/expectations.py.
"""
import re

from behave import given, register_type, then, when
from hamcrest import all_of, assert_that, greater_than, has_entries, instance_of

from aether_suite.checks.expectations import expect_answer, expect_body, expect_none
from aether_suite.files import downloads, listing
from aether_suite.files.downloads import range_header
from aether_suite.files.sample_files import KINDS, content_type_for, sample, sample_bytes
from aether_suite.files.uploads import (
    Uploads,
    downloadable_problems,
    gone_problems,
    record_matcher,
    spelled_out,
    upload,
    upload_limit,
)
from aether_suite.run.vocabulary import PERSONA, one_of, shaped

# Ways to write a file's fingerprint that no fingerprint is written: the SHA-256 -> what is sent.
_MISWRITTEN = {"in capitals": str.upper, "one character short": lambda sha256: sha256[:-1]}
_ONE_SAMPLE = "the (?:" + "|".join(sorted(KINDS, key=len, reverse=True)) + ")"

register_type(
    Persona=PERSONA,
    FileSample=one_of(KINDS),
    FileSamples=shaped(f"{_ONE_SAMPLE}(?:(?:, | and ){_ONE_SAMPLE})*",
                       ("the price list", "the price list, the floor plan and the visit report"),
                       lambda text: [part.removeprefix("the ") for part in re.split(", | and ", text)]),
    FilePart=shaped(downloads.RANGE_PHRASE, ("bytes 0 to 99", "the first 100 bytes", "the last 600 bytes",
                                             "bytes 4000 onwards", "bytes 0 to 9 and 20 to 29", "lines 0 to 9")),
    DownloadWay=one_of(("by its file", "by its content")),
    MisWritten=one_of(_MISWRITTEN, _MISWRITTEN.get),
)


def _uploads(context) -> Uploads:
    if "uploads" not in context:
        context.uploads = Uploads(context.api)
    return context.uploads


def _file_id(context, description, owner=None):
    """The latest file of that kind (uploaded by ``owner``, if named)."""
    return _uploads(context).latest(description, by=owner).record["file_id"]


def _upload(context, name, made, **how):
    """The persona uploads the sample (an act: judged by the Then step), and the log keeps it if accepted."""
    upload(context.api, name, made, **how)
    _uploads(context).remember_last(name, made)


# ---------------------------------------------------------------------------------------------- Given

@given('{name:Persona} has uploaded "{filename}"')
@given('{name:Persona} uploaded "{filename}"')
def has_uploaded(context, name, filename):
    """The persona uploaded a small file of that name (the uploader matters: staff delete only their own).

    Example: Given Scott has uploaded "badge-scan.txt"
    """
    context.api.arrange_file(name, filename, sample_bytes(filename), content_type_for(filename))


@given("{name:Persona} has uploaded the {description:FileSample}")
@given("{name:Persona} has uploaded a {description:FileSample}")
@given("{name:Persona} uploaded the {description:FileSample}")
@given("{name:Persona} uploaded a {description:FileSample}")
def has_uploaded_sample(context, name, description):
    """The persona uploaded a file of that kind, of its usual size, with bytes no other scenario uses.

    Example: Given Cleo has uploaded the booth brochure
    """
    _uploads(context).arrange(name, sample(description))


@given("{name:Persona} has uploaded a {description:FileSample} of {size:d} bytes")
@given("{name:Persona} uploaded a {description:FileSample} of {size:d} bytes")
def has_uploaded_sample_of_size(context, name, description, size):
    """The persona uploaded a file of that kind and exactly that size.

    Example: Given Cleo has uploaded a floor plan of 5000 bytes
    """
    _uploads(context).arrange(name, sample(description, size))


@given('{name:Persona} has uploaded the {description:FileSample} as "{filename}"')
@given('{name:Persona} uploaded the {description:FileSample} as "{filename}"')
def has_uploaded_sample_as(context, name, description, filename):
    """The persona uploaded a file of that kind under that name (any characters, non-ASCII too).

    Example: Given Cleo has uploaded the price list as "Preisliste Café €5 展位.csv"
    """
    _uploads(context).arrange(name, sample(description).renamed(filename))


@given("{name:Persona} has uploaded the same {description:FileSample}")
@given("{name:Persona} uploaded the same {description:FileSample}")
def has_uploaded_same(context, name, description):
    """The persona uploaded another file with exactly the bytes of the scenario's file of that kind.

    Example: Given Osiris has uploaded the same price list
    """
    _uploads(context).arrange(name, _uploads(context).sample(description))


@given("{name:Persona} has downloaded the {description:FileSample}")
@given("{name:Persona} downloaded the {description:FileSample}")
def has_downloaded(context, name, description):
    """The persona downloaded the file once and kept the version tag it came with.

    Example: Given Cleo has downloaded the floor plan
    """
    response = context.api.download_file(name, _file_id(context, description), stream=True)
    _uploads(context).version_tags[description] = response.headers.get("ETag")
    downloads.receive(response)  # read to the end, as a client keeping a copy does


@given("{name:Persona} has deleted the {description:FileSample}")
@given("{name:Persona} deleted the {description:FileSample}")
def has_deleted(context, name, description):
    """The persona deleted the file of that kind (their own, else the latest), and the API agreed.

    Example: Given Cleo has deleted the price list
    """
    context.api.delete_file(name, _uploads(context).target(description, name).record["file_id"])
    expect_answer(context.api, 204, to=f"to delete the {description} (arranging the scenario)")


@given("the {description:FileSample}'s bytes are in the sandbox's storage")
def bytes_in_storage_before(context, description):
    """The sandbox's blob store holds the file's bytes, under their SHA-256 (so their removal can be seen).

    Example: Given the price list's bytes are in the sandbox's storage
    """
    blob = context.sandbox.blob_dir / _uploads(context).sample(description).sha256
    assert_that(blob.is_file(), f"expected the {description}'s bytes to be stored as {blob}")


# ---------------------------------------------------------------------------------------------- When

@when("{name:Persona} uploads the {description:FileSample}")
@when("{name:Persona} uploads a {description:FileSample}")
def uploads_sample(context, name, description):
    """The persona uploads a file of that kind, of its usual size (streamed, never held whole).

    Example: When Cleo uploads the booth brochure
    """
    _upload(context, name, sample(description))


@when('{name:Persona} uploads the {description:FileSample} named "{filename}"')
def uploads_sample_named(context, name, description, filename):
    """The persona uploads the file under that name; [TAB], [BEL], [ESC], [DEL], [LF], [CR] spell control characters.

    Example: When Cleo uploads the visit report named "../../etc/passwd"
    """
    _upload(context, name, sample(description), filename=spelled_out(filename))


@when('{name:Persona} uploads the {description:FileSample} described as "{declared}"')
def uploads_sample_typed(context, name, description, declared):
    """The persona uploads the file declaring that media type for it.

    Example: When Cleo uploads the price list described as "Text/CSV; charset=UTF-8"
    """
    _upload(context, name, sample(description), content_type=declared)


@when("{name:Persona} uploads the {description:FileSample} without saying what type it is")
def uploads_sample_untyped(context, name, description):
    """The persona uploads the file declaring no media type at all.

    Example: When Cleo uploads the price list without saying what type it is
    """
    _upload(context, name, sample(description), content_type=None)


@when("{name:Persona} uploads an empty {description:FileSample}")
def uploads_empty(context, name, description):
    """The persona uploads a file of that kind holding no bytes at all.

    Example: When Cleo uploads an empty price list
    """
    _upload(context, name, sample(description, 0))


@when("{name:Persona} uploads a {description:FileSample} exactly as large as the upload limit")
def uploads_at_limit(context, name, description):
    """The persona uploads a file exactly as large as the limit the API announces (looked up first).

    Example: When Cleo uploads a product video exactly as large as the upload limit
    """
    _upload(context, name, sample(description, upload_limit(context.api, name)))


@when("{name:Persona} uploads a {description:FileSample} one byte over the upload limit")
def uploads_over_limit(context, name, description):
    """The persona uploads a file one byte larger than the limit the API announces (looked up first).

    Example: When Cleo uploads a product video one byte over the upload limit
    """
    _upload(context, name, sample(description, upload_limit(context.api, name) + 1))


@when("{name:Persona} sends an upload without attaching a file")
def uploads_nothing(context, name):
    """The persona sends the upload form with a description but no file in it.

    Example: When Cleo sends an upload without attaching a file
    """
    context.api.upload_file(name, part_name=None, fields={"description": "Booth brochure, final version"})


@when("{name:Persona} looks up the upload limit")
def looks_up_limit(context, name):
    """The persona asks how large an upload may be.

    Example: When Scott looks up the upload limit
    """
    context.api.file_limits(name)


@when("{name:Persona} lists the account's files")
def lists_files(context, name):
    """The persona reads the list of every file of their account.

    Example: When Scott lists the account's files
    """
    context.api.list_files(name)


@when("{name:Persona} lists the account's files by who uploaded them")
def lists_files_by_uploader(context, name):
    """The persona asks the files list for their own uploads, a filter the list does not offer.

    Example: When Scott lists the account's files by who uploaded them
    """
    context.api.list_files(name, query={"uploaded_by": context.api.persona(name).person_id})


@when("{name:Persona} finds the files by the {description:FileSample}'s content")
def finds_files_by_content(context, name, description):
    """The persona asks the files list for only the files holding exactly the bytes of that file.

    Example: When Scott finds the files by the price list's content
    """
    context.api.list_files(name, sha256=_uploads(context).sample(description).sha256)


@when("{name:Persona} reads the details of the {description:FileSample}")
@when("{name:Persona} reads the {description:FileSample}'s details")
def reads_details(context, name, description):
    """The persona reads what the API records about the file (name, type, size, hash, uploader).

    Example: When Scott reads the details of the booth brochure
    """
    context.api.file_metadata(name, _file_id(context, description))


@when("{name:Persona} reads the details of {owner:Persona}'s {description:FileSample}")
def reads_details_of(context, name, owner, description):
    """The persona reads what the API records about the file of that kind the owner uploaded.

    Example: When Scott reads the details of Cleo's booth brochure
    """
    context.api.file_metadata(name, _file_id(context, description, owner))


@when("{name:Persona} downloads the {description:FileSample}")
def downloads_sample(context, name, description):
    """The persona downloads the whole file by its file id (the bytes are read by the Then step, as they stream).

    Example: When Cleo downloads the booth brochure
    """
    context.api.download_file(name, _file_id(context, description), stream=True)


@when("{name:Persona} downloads {owner:Persona}'s {description:FileSample}")
def downloads_sample_of(context, name, owner, description):
    """The persona downloads the whole file of that kind the owner uploaded, by its file id.

    Example: When Cleo downloads Osiris's price list
    """
    context.api.download_file(name, _file_id(context, description, owner), stream=True)


@when("{name:Persona} downloads their {description:FileSample}")
@when("{name:Persona} downloads his {description:FileSample}")
@when("{name:Persona} downloads her {description:FileSample}")
def downloads_own_sample(context, name, description):
    """The persona downloads the whole file of that kind they uploaded themselves, by its file id.

    Example: When Cleo downloads her price list
    """
    context.api.download_file(name, _file_id(context, description, name), stream=True)


@when("{name:Persona} downloads the {description:FileSample} {way:DownloadWay}")
def downloads_sample_by(context, name, description, way):
    """The persona downloads the whole file by its file id ("by its file") or by its SHA-256 ("by its content").

    Example: When Cleo downloads the price list by its content
    """
    record = _uploads(context).latest(description).record
    if way == "by its file":
        context.api.download_file(name, record["file_id"], stream=True)
    else:
        context.api.download_by_hash(name, record["sha256"], stream=True)


@when("{name:Persona} downloads the {description:FileSample} by its content, its fingerprint written {how:MisWritten}")
def downloads_by_miswritten_hash(context, name, description, how):
    """The persona downloads by content with the file's SHA-256 written as no fingerprint is: in capitals,
    or one character short.

    Example: When Cleo downloads the price list by its content, its fingerprint written in capitals
    """
    context.api.download_by_hash(name, how(_uploads(context).latest(description).record["sha256"]), stream=True)


@when("{name:Persona} downloads {part:FilePart} of the {description:FileSample}")
def downloads_part(context, name, part, description):
    """The persona asks for part of the file: "bytes 0 to 99", "the first 100 bytes", "the last 600 bytes",
    "bytes 4000 onwards", two ranges "bytes 0 to 9 and 20 to 29", or another unit "lines 0 to 9".

    Example: When Cleo downloads the last 600 bytes of the floor plan
    """
    context.api.download_file(name, _file_id(context, description), byte_range=range_header(part), stream=True)


@when("{name:Persona} downloads the {description:FileSample} again, presenting the version tag received")
def downloads_again_current(context, name, description):
    """The persona asks for the file again, saying which version they already hold (the tag of the last download).

    Example: When Cleo downloads the floor plan again, presenting the version tag received
    """
    tag = _uploads(context).version_tags.get(description)
    assert_that(tag, instance_of(str), f"expected the earlier download of the {description} to carry a version tag")
    context.api.download_file(name, _file_id(context, description), if_none_match=tag, stream=True)


@when("{name:Persona} downloads the {description:FileSample} again, presenting an outdated version tag")
def downloads_again_outdated(context, name, description):
    """The persona asks for the file again, holding a version with other bytes.

    Example: When Cleo downloads the floor plan again, presenting an outdated version tag
    """
    outdated = f'"{sample(description).sha256}"'
    context.api.download_file(name, _file_id(context, description), if_none_match=outdated, stream=True)


@when("{name:Persona} deletes the {description:FileSample}")
def deletes_sample(context, name, description):
    """The persona deletes the file of that kind: their own upload if they made one, else the latest.

    Example: When Cleo deletes the price list
    """
    context.api.delete_file(name, _uploads(context).target(description, name).record["file_id"])


@when("{name:Persona} deletes {owner:Persona}'s {description:FileSample}")
def deletes_sample_of(context, name, owner, description):
    """The persona deletes the file of that kind the owner uploaded.

    Example: When Cleo deletes Osiris's price list
    """
    context.api.delete_file(name, _uploads(context).latest(description, by=owner, deleted=False).record["file_id"])


@when("{name:Persona} deletes their {description:FileSample}")
@when("{name:Persona} deletes his {description:FileSample}")
@when("{name:Persona} deletes her {description:FileSample}")
def deletes_own_sample(context, name, description):
    """The persona deletes the file of that kind they uploaded themselves.

    Example: When Cleo deletes her price list
    """
    context.api.delete_file(name, _uploads(context).latest(description, by=name, deleted=False).record["file_id"])


@when("{name:Persona} deletes the {description:FileSample} again")
def deletes_sample_again(context, name, description):
    """The persona deletes the file of that kind that was already deleted.

    Example: When Cleo deletes the price list again
    """
    context.api.delete_file(name, _uploads(context).latest(description, deleted=True).record["file_id"])


# ---------------------------------------------------------------------------------------------- Then

@then("the {description:FileSample} is kept as {name:Persona} uploaded it")
def kept_as_uploaded(context, description, name):
    """The upload was accepted and recorded with its name, type, exact size and SHA-256, the uploader and account.

    Example: Then the booth brochure is kept as Cleo uploaded it
    """
    expect_answer(context.api, 201, to=f"to have the {description} accepted")
    expect_body(context.api, record_matcher(_uploads(context).sample(description), name),
                to=f"to have the {description} recorded exactly as uploaded")


@then("{reader:Persona} is shown the {description:FileSample} as {name:Persona} uploaded it")
def shown_as_uploaded(context, reader, description, name):
    """The file's details name it, its type, exact size and SHA-256, the uploader and the account.

    Example: Then Scott is shown the booth brochure as Cleo uploaded it
    """
    expect_answer(context.api, 200, to=f"to be shown the {description}'s details")
    expect_body(context.api, record_matcher(_uploads(context).sample(description), name),
                to=f"to be shown the {description} as {name} uploaded it")


@then('the file is kept under the name "{filename}"')
def kept_under_name(context, filename):
    """The upload was accepted and the file recorded under that (cleaned) name.

    Example: Then the file is kept under the name "passwd"
    """
    expect_answer(context.api, 201, to="to have the file accepted")
    expect_body(context.api, has_entries(filename=spelled_out(filename)), to=f"to have the file named {filename!r}")


@then('the file is kept as type "{content_type}"')
def kept_as_type(context, content_type):
    """The upload was accepted and the file recorded with that media type.

    Example: Then the file is kept as type "application/octet-stream"
    """
    expect_answer(context.api, 201, to="to have the file accepted")
    expect_body(context.api, has_entries(content_type=content_type), to=f"to have the file typed {content_type!r}")


@then('the file is served as type "{content_type}"')
def served_as_type(context, content_type):
    """Downloading the file just uploaded gives it that media type, never the one a browser might guess.

    Example: Then the file is served as type "application/octet-stream"
    """
    item = _uploads(context).uploads[-1]
    context.api.download_file(item.uploader, item.record["file_id"], stream=True).close()
    expect_none(context.api, downloads.typed_problems(context.api.last.headers, content_type),
                to=f"to be served the file as {content_type!r}")


@then("{name:Persona} is refused because the file is empty")
def refused_empty(context, name):
    """The upload was refused: a file must hold at least one byte.

    Example: Then Cleo is refused because the file is empty
    """
    expect_answer(context.api, 422, "empty_file", to="to be refused an empty file")


@then("{name:Persona} is refused because the file is too large")
def refused_too_large(context, name):
    """The upload was refused: the file is larger than the upload limit.

    Example: Then Cleo is refused because the file is too large
    """
    expect_answer(context.api, 413, "file_too_large", to="to be refused a file over the limit")


@then("{name:Persona} is refused because no file was attached")
def refused_no_file(context, name):
    """The upload was refused as incomplete: there was no file in it.

    Example: Then Cleo is refused because no file was attached
    """
    expect_answer(context.api, 422, "validation_error", to="to be refused an upload without a file")


@then("{name:Persona} learns the largest upload allowed")
def learns_limit(context, name):
    """The API told the persona the upload limit, a positive number of bytes.

    Example: Then Scott learns the largest upload allowed
    """
    expect_answer(context.api, 200, to="to be told the upload limit")
    expect_body(context.api, has_entries(max_upload_bytes=all_of(instance_of(int), greater_than(0))),
                to="to be told the upload limit in bytes")


@then("the list holds {descriptions:FileSamples}, oldest first")
def list_holds_files(context, descriptions):
    """The files list holds these files as they were recorded at upload (other files of the account may be
    there too), and the whole list comes oldest first.

    Example: Then the list holds the price list, the floor plan and the visit report, oldest first
    """
    listing.expect_files_listed(context.api, _uploads(context), descriptions)


@then("the list holds every copy of the {description:FileSample} and no other file")
def list_holds_copies(context, description):
    """The list found by content holds each file with exactly those bytes, oldest first, and nothing else.

    Example: Then the list holds every copy of the price list and no other file
    """
    listing.expect_found_by_content(context.api, _uploads(context), description)


@then("{name:Persona} receives the whole {description:FileSample}")
def receives_whole(context, name, description):
    """The download is the whole file, byte for byte (hashed and compared as it streams).

    Example: Then Cleo receives the whole booth brochure
    """
    made = _uploads(context).sample(description)
    expect_none(context.api, downloads.whole_file_problems(context.api.last, made.chunks(), made.size, made.sha256),
                to=f"to receive the whole {description}, byte for byte")


@then("{name:Persona} receives bytes {first:d} to {last:d} of the {description:FileSample}")
def receives_part(context, name, first, last, description):
    """The download is exactly that part of the file, both ends included, labelled with the file's size.

    Example: Then Cleo receives bytes 0 to 99 of the floor plan
    """
    made = _uploads(context).sample(description)
    problems = downloads.part_problems(context.api.last, made.chunks(first, last), first, last, made.size)
    expect_none(context.api, problems, to=f"to receive bytes {first} to {last} of the {description}")


@then("{name:Persona} is told the {description:FileSample} holds only {size:d} bytes")
def told_size(context, name, description, size):
    """The part asked for lies past the end of the file: refused, with the file's size.

    Example: Then Cleo is told the floor plan holds only 5000 bytes
    """
    expect_answer(context.api, 416, "range_not_satisfiable", to=f"to be told the {description} is shorter")
    expect_none(context.api, downloads.size_told_problems(context.api.last.headers, size),
                to=f"to be told the {description} holds {size} bytes")


@then("the download is labelled as the {description:FileSample}, an attachment under its exact name")
def labelled(context, description):
    """The download names its type, length, version tag (the content hash), that parts may be asked for,
    and comes as an attachment whose name is exactly the stored one (non-ASCII kept), with an ASCII fallback.

    Example: Then the download is labelled as the price list, an attachment under its exact name
    """
    made = _uploads(context).sample(description)
    expect_none(context.api, downloads.label_problems(context.api.last.headers, content_type=made.content_type,
                                                      size=made.size, sha256=made.sha256, filename=made.filename),
                to=f"to receive the {description} labelled as uploaded")


@then('the download is named "{filename}"')
@then('the download is offered under the name "{filename}"')
def download_named(context, filename):
    """The download comes as an attachment of exactly that name (non-ASCII kept), with an ASCII fallback.

    Example: Then the download is named "Preisliste Café €5 展位.csv"
    """
    expect_none(context.api, downloads.disposition_problems(context.api.last.headers, filename),
                to=f"to receive the download named {filename!r}")


@then("the download is marked never to be sniffed or stored")
def marked_guarded(context):
    """Browsers must not guess another type for the download, and no cache may keep it.

    Example: Then the download is marked never to be sniffed or stored
    """
    expect_none(context.api, downloads.guard_problems(context.api.last.headers),
                to="to receive a download no browser sniffs and no cache stores")


@then("{name:Persona} is told the copy held is still current")
def told_current(context, name):
    """The API answered "not modified", with no bytes: the version the persona holds is the current one.

    Example: Then Cleo is told the copy held is still current
    """
    expect_answer(context.api, 304, to="to be told the copy held is current")
    expect_none(context.api, downloads.not_modified_problems(context.api.last),
                to="to be sent no bytes again")


@then("the {description:FileSample} is gone for good")
def gone_for_good(context, description):
    """The deleted file is found neither by its id, nor for download, nor in part, nor by its content.

    Example: Then the price list is gone for good
    """
    expect_none(context.api, gone_problems(context.api, _uploads(context).latest(description, deleted=True)),
                to=f"to find the {description} gone for good")


@then("{name:Persona} is told there is no such file")
@then("{name:Persona} is refused because there is no such file")
def told_no_such_file(context, name):
    """The API answered that the file does not exist.

    Example: Then Cleo is told there is no such file
    """
    expect_answer(context.api, 404, "not_found", to="to be told there is no such file")


@then("{owner:Persona}'s {description:FileSample} can still be downloaded by its file and by its content")
def still_downloadable(context, owner, description):
    """The persona's own copy still comes back whole, byte for byte, by its id and by its SHA-256.

    Example: Then Osiris's price list can still be downloaded by its file and by its content
    """
    expect_none(context.api, downloadable_problems(context.api, _uploads(context).latest(description, by=owner,
                                                                                          deleted=False)),
                to=f"to download their {description} whole, by its file and by its content")


@then("{name:Persona} can no longer download the {description:FileSample} by its content")
def no_longer_by_content(context, name, description):
    """Asked by its SHA-256 in the persona's account, the file's bytes are not found.

    Example: Then Cleo can no longer download the price list by its content
    """
    context.api.download_by_hash(name, _uploads(context).sample(description).sha256, stream=True).close()
    expect_answer(context.api, 404, "not_found", to=f"to find no {description} by its content any more")


@then("the {description:FileSample} is still there")
def still_there(context, description):
    """The file of that kind still exists: its uploader can read its details.

    Example: Then the visit report is still there
    """
    item = _uploads(context).latest(description)
    context.api.file_metadata(item.uploader, item.record["file_id"])
    expect_answer(context.api, 200, to=f"to still find the {description}")


@then("the {description:FileSample}'s bytes are still in storage")
def bytes_still_stored(context, description):
    """The sandbox's blob store still holds the file's bytes: another file refers to them.

    Example: Then the price list's bytes are still in storage
    """
    blob = context.sandbox.blob_dir / _uploads(context).sample(description).sha256
    assert_that(blob.is_file(), f"expected the {description}'s bytes to stay in storage ({blob}): a file uses them")


@then("the {description:FileSample}'s bytes are no longer in storage")
def bytes_removed(context, description):
    """The sandbox's blob store no longer holds the file's bytes: no file refers to them any more.

    Example: Then the price list's bytes are no longer in storage
    """
    blob = context.sandbox.blob_dir / _uploads(context).sample(description).sha256
    assert_that(not blob.exists(), f"expected the {description}'s bytes to be removed from storage ({blob})")
