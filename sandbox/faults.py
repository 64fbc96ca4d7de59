"""The fault catalogue: plausible real bugs, each breaking one contract rule the suite checks.

A fault is switched on by name (``--fault NAME`` or ``AETHER_SANDBOX_FAULTS=a,b``) and lives in the
code as one small conditional, ``if settings.fault("name"):``, at the place where the bug would be.
The self-check runs the suite against a sandbox with each fault on and expects a scenario to fail.
"""

CATALOGUE: dict[str, tuple[str, str]] = {
    # name: (area, what goes wrong)
    # --- auth: keys, account context, sign-in, tokens, lockout, roles
    "revoked_key_accepted": ("auth", "a revoked API key is treated as valid"),
    "revoked_key_accepted_when_signed_in": ("auth", "a revoked API key passes on a call with a bearer token"),
    "key_errors_merged": ("auth", "missing, unknown and revoked keys all answer api_key_invalid"),
    "health_requires_key": ("auth", "the health check demands an API key"),
    "bootstrap_requires_account_context": ("auth", "site bootstrap demands an account context, which it does not need"),
    "login_requires_account_context": ("auth", "passcode sign-in demands an account context, which it does not need"),
    "missing_context_forbidden": ("auth", "a missing account context answers 403 account_forbidden instead of 400"),
    "token_checked_before_context": ("auth", "a call with neither account context nor token is told its token is "
                                             "missing (check 4 before check 2)"),
    "bootstrap_case_sensitive": ("auth", "site bootstrap matches the domain case-sensitively"),
    "login_reveals_unknown_email": ("auth", "sign-in with an unknown email says so "
                                            "(a different body than a wrong passcode)"),
    "login_email_not_normalised": ("auth", "sign-in emails are not trimmed or lowercased"),
    "expires_in_unbounded": ("auth", "a requested token lifetime outside 1..86400 seconds is accepted"),
    "alg_none_accepted": ("auth", "an unsigned token (alg: none) is accepted"),
    "token_signature_unchecked": ("auth", "a token's signature is not verified, so a tampered payload passes"),
    "token_issuer_unchecked": ("auth", "a token with an issuer other than 'aether' is accepted"),
    "token_expiry_unchecked": ("auth", "an expired token is accepted"),
    "token_challenge_missing": ("auth", "token errors carry no WWW-Authenticate: Bearer challenge"),
    "lockout_disabled": ("auth", "failed sign-ins never lock the email"),
    "lockout_right_passcode_passes": ("auth", "the right passcode gets in while the email is locked"),
    "lockout_extended_by_refusals": ("auth", "attempts refused while locked extend the lockout"),
    "lockout_no_retry_after": ("auth", "a locked sign-in carries no Retry-After header"),
    "lockout_not_reset_on_success": ("auth", "a successful sign-in does not reset the failure count"),
    "me_leads_access_from_role": ("auth", "who-am-I derives leads access from the role instead of the person's flag"),
    "staff_manage_exhibits": ("auth", "staff may create, rename and delete exhibits"),
    "export_ignores_leads_flag": ("auth", "staff without leads access may export"),
    "export_requires_flag_for_managers": ("auth", "a manager without the leads flag is refused the export"),
    "staff_delete_any_file": ("auth", "staff may delete files a colleague uploaded"),
    "manager_delete_only_own": ("auth", "a manager may delete only files they uploaded"),
    "unknown_account_not_found": ("auth", "an account id that does not exist answers 404, unlike another account's"),
    "bootstrap_blank_domain_not_found": ("auth", "site bootstrap without a domain answers 404 instead of 422"),
    "default_lifetime_15_minutes": ("auth", "a sign-in that asks for no lifetime gets 900 seconds, not 3600"),
    "lockout_never_lifts": ("auth", "a locked sign-in stays locked after the lockout window has passed"),
    "notes_html_stripped": ("export", "a lead's exhibitor notes are stored with their HTML tags removed"),
    "token_checked_before_foreign_context": ("auth", "a call in another account without a token is told its "
                                                     "token is missing (check 4 before check 3)"),
    "context_checked_before_key": ("auth", "a signed-in call with a bad key and no account context is told to "
                                           "name the account (check 2 before check 1)"),
    "staff_add_lead_refused": ("auth", "a staff member without leads access may not add a lead"),
    "staff_list_exhibits_refused": ("auth", "a staff member without leads access may not list the event's exhibits"),
    "lead_disabled_by_default": ("export", "a lead added without saying whether it is enabled is disabled"),
    "visible_leads_in_entry_order": ("export", "the visible leads list is in the order the leads were entered"),
    "limits_need_no_token": ("auth", "the upload limit is told to a caller who shows no token"),
    "refusal_without_detail": ("auth", "a permission refusal carries its code but no detail sentence"),
    "unknown_path_framework_answer": ("auth", "a path that does not exist is answered with the framework's "
                                              "{\"detail\": \"Not Found\"}, without the not_found code"),
    "exhibit_validated_before_role": ("auth", "a staff member's invalid new exhibit is refused as invalid, not for "
                                              "lack of permission (check 7 before check 6)"),
    "exhibit_found_before_validation": ("auth", "an invalid change to a missing exhibit answers not_found, not "
                                                "validation_error (check 8 before check 7)"),
    # --- tenancy: the wall between accounts
    "lead_location_collection": ("tenancy", "a lead's Location names the exhibit's leads list, not the new lead"),
    "create_location_collection": ("tenancy", "an exhibit create's Location names the exhibits list"),
    "account_context_unchecked": ("tenancy", "the account context is not compared with the key's account"),
    "token_account_unchecked": ("tenancy", "a token of one account is accepted in another account's context"),
    "login_any_account": ("tenancy", "a person of another account can sign in through this account's site"),
    "login_on_any_accounts_site": ("tenancy", "an application may sign people in on another account's site"),
    "bootstrap_any_account": ("tenancy", "site bootstrap finds the sites of other accounts"),
    "event_cross_account": ("tenancy", "events of another account can be read and used for new exhibits"),
    "exhibit_list_cross_account": ("tenancy", "another account's event lists its exhibits"),
    "file_list_any_account": ("tenancy", "the files list holds every account's files"),
    "exhibit_cross_account": ("tenancy", "exhibits are looked up by id alone: "
                                         "another account's can be read, renamed, deleted"),
    "leads_cross_account": ("tenancy", "leads of another account's exhibit can be added, listed and read"),
    "lead_other_exhibit": ("tenancy", "a lead is found by its id alone, through any exhibit"),
    "export_cross_account": ("tenancy", "another account's exhibit can be exported"),
    "file_cross_account": ("tenancy", "files are looked up by id alone: another account's metadata, bytes, deletion"),
    "hash_cross_account": ("tenancy", "download by content hash searches every account"),
    "cross_account_forbidden": ("tenancy", "another account's object answers 403 instead of the not-found answer"),
    "unknown_fields_ignored": ("tenancy", "body fields the endpoint does not define (account_id, ...) "
                                          "are ignored instead of refused"),
    "integer_ids_leak": ("tenancy", "responses carry the internal integer key as 'id'"),
    # --- files
    "file_list_reversed": ("files", "the files list comes newest first"),
    "file_list_hash_ignored": ("files", "the files list ignores the content-hash filter"),
    "file_list_extra_query_ignored": ("files", "the files list ignores a query parameter it does not define"),
    "upload_limit_off_by_one": ("files", "a file exactly at max_upload_bytes is refused as too large"),
    "empty_file_accepted": ("files", "an empty upload is stored"),
    "content_type_trusted": ("files", "an invalid content type is stored as given"),
    "filename_path_kept": ("files", "path components are kept in the stored filename"),
    "filename_control_chars_kept": ("files", "control characters are kept in the stored filename"),
    "disposition_ascii_only": ("files", "the download's filename* loses non-ASCII characters"),
    "nosniff_missing": ("files", "downloads lack X-Content-Type-Options: nosniff"),
    "range_end_exclusive": ("files", "a byte range's last position is treated as exclusive (one byte short)"),
    "range_suffix_from_start": ("files", "bytes=-n serves the first n bytes instead of the last"),
    "range_past_end_whole": ("files", "a range starting past the end answers 200 with the whole file instead of 416"),
    "range_reversed_refused": ("files", "a reversed range answers 416 instead of being ignored"),
    "etag_ignored": ("files", "If-None-Match with the ETag is ignored (no 304)"),
    "soft_delete_keeps_bytes": ("files", "deleting the last file that refers to a blob leaves the bytes on disk"),
    "delete_removes_shared_blob": ("files", "deleting a file removes its bytes "
                                            "although another file still refers to them"),
    "deleted_file_still_by_hash": ("files", "a deleted file is still served by its content hash"),
    "second_delete_succeeds": ("files", "deleting an already deleted file answers success"),
    "staff_upload_refused": ("files", "a staff member without leads access may not upload"),
    "filename_fallback_missing": ("files", "a filename that cleans to nothing, '.' or '..' is kept, not upload.bin"),
    "filename_non_ascii_dropped": ("files", "non-ASCII characters are dropped from the stored filename"),
    "sha256_uppercase": ("files", "an upload's sha256 is given in uppercase hex"),
    "no_file_part_bad_request": ("files", "an upload without a file part answers 400 instead of 422"),
    "range_past_end_refused": ("files", "a range ending past the last byte is refused (416) instead of clipped"),
    "range_first_of_many_served": ("files", "several ranges serve the first instead of ignoring the header"),
    "by_hash_serves_oldest": ("files", "download by content hash serves the oldest file with those bytes"),
    "by_hash_case_insensitive": ("files", "download by content hash accepts the hash in uppercase hex"),
    # --- export
    "export_columns_company_before_email": ("export", "the export puts company before email"),
    "export_missing_as_none": ("export", "a field a lead lacks is exported as 'None', not as an empty cell"),
    "method_not_allowed_without_allow": ("export", "a method a path does not support is refused without an Allow "
                                                   "header"),
    "exhibit_list_reversed": ("export", "an event's exhibits are listed newest first"),
    "exhibit_list_extra_query_ignored": ("export", "the exhibits list ignores a query parameter it does not define"),
    "export_skips_hidden": ("export", "hidden and disabled leads are left out of the export"),
    "visible_list_shows_hidden": ("export", "the visible leads list includes hidden and disabled leads"),
    "export_unordered": ("export", "export rows come in creation order instead of by scan time"),
    "export_questions_sorted": ("export", "question columns are sorted alphabetically instead of by first appearance"),
    "export_answers_comma_joined": ("export", "multi-choice answers are joined with ', ' instead of '; '"),
    "export_last_answer_wins": ("export", "when a question is answered twice, the last answer counts"),
    "export_notes_html_kept": ("export", "HTML tags are left in exhibitor notes"),
    "export_script_text_kept": ("export", "the text inside <script> and <style> is kept in notes"),
    "export_entities_kept": ("export", "HTML entities in notes are not decoded"),
    "formula_guard_missing": ("export", "cells starting with = + - @ tab or CR are written unguarded"),
    "formula_guard_before_strip": ("export", "the formula guard looks at the notes before HTML stripping"),
    "json_export_guarded": ("export", "the JSON form carries formula-guarded values instead of raw ones"),
    "csv_no_bom": ("export", "the CSV lacks the UTF-8 byte-order mark"),
    "csv_lf_line_ends": ("export", "the CSV uses LF line ends instead of CRLF"),
    "csv_no_header_when_empty": ("export", "an exhibit with no leads exports an empty CSV without the header row"),
    "xlsx_bools_as_text": ("export", "hidden/enabled are text cells in the XLSX instead of booleans"),
    "export_filename_wrong": ("export", "the export's attachment filename lacks the exhibit id"),
    "export_cacheable": ("export", "the export lacks Cache-Control: no-store"),
    "export_bad_format_defaults": ("export", "an unknown export format falls back to CSV instead of being refused"),
    "export_ids_ordered_ignoring_case": ("export", "leads scanned in the same second are exported by tracking id "
                                                   "ignoring letter case, not by code point"),
    "exhibit_name_unbounded": ("export", "an exhibit's name may be longer than 200 characters"),
    "booth_defaults_to_empty": ("export", "an exhibit set up without a booth gets an empty booth, not null"),
    "exhibit_time_with_offset": ("export", "an exhibit's created_at is written with +00:00 instead of the Z suffix"),
    "lead_notes_limited_like_text": ("export", "a lead's exhibitor notes are limited to 200 characters, not 10000"),
    "scan_time_without_offset_as_utc": ("export", "a scan time without an offset is taken as UTC instead of refused"),
    "answer_question_may_be_empty": ("export", "a lead's answer may have an empty question"),
    # --- fuzz: what only generated requests find (features/fuzz/)
    "scan_offset_minutes_crash": ("fuzz", "a scan time whose offset is not whole hours (+05:45) answers 500"),
    "malformed_body_html_page": ("fuzz", "a JSON body that is not an object is answered with an HTML error page"),
    # --- concurrency: what only requests arriving together find (features/concurrency/)
    "lockout_checked_then_counted": ("concurrency", "the lockout is checked, then the failure counted, in two "
                                                    "steps: wrong passcodes sent together get more than five judged"),
    "exhibit_delete_checked_then_deleted": ("concurrency", "an exhibit is looked up, then deleted, in two steps: two "
                                                           "deletes sent together both succeed"),
    "file_delete_checked_then_deleted": ("concurrency", "a file is looked up outside the blob lock, then deleted: two "
                                                        "deletes sent together both succeed"),
    "blob_removed_outside_lock": ("concurrency", "a deleted file's unreferenced bytes are removed after the blob lock "
                                                 "is released: a copy uploaded meanwhile loses its bytes"),
    "blob_shared_judged_before_delete": ("concurrency", "whether other files share a deleted file's bytes is judged "
                                                        "before the lock: the last two copies deleted together both "
                                                        "keep the bytes, which nobody refers to any more"),
    "export_count_outside_snapshot": ("concurrency", "the JSON export counts the leads, then reads them, outside one "
                                                     "snapshot: leads added meanwhile make its count disagree with "
                                                     "its rows"),
}

AREAS = ("auth", "tenancy", "files", "export", "fuzz", "concurrency")

# A race fault waits this long between its check and its act, so that a request sent together with it
# lands in between every time and the self-check catches the race reliably.
RACE_WINDOW_SECONDS = 0.05


def unknown(names) -> list[str]:
    return sorted(set(names) - CATALOGUE.keys())
