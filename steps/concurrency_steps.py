"""Steps about requests that arrive together: guesses sent at once, the same delete sent twice at once,
bytes deleted while they are uploaded again, exports taken while leads arrive.

Calls: aether_suite/client/together.py (requests released at the same moment), aether_suite/auth/sign_ins.py
(the lockout), aether_suite/files/uploads.py (the bytes race), aether_suite/export/while_scanning.py (exports
while leads arrive), aether_suite/checks/once.py (twice at once, done once), aether_suite/checks/expectations.py.
The files come from the Given steps of steps/file_steps.py, which keep the scenario's uploads in
``context.uploads``.
"""
from functools import partial

from behave import register_type, then, when

from aether_suite.auth import sign_ins
from aether_suite.checks.expectations import expect_answer, expect_none
from aether_suite.checks.once import deleted_once_problems
from aether_suite.client.personas import account, manager_of
from aether_suite.client.together import together
from aether_suite.export import while_scanning
from aether_suite.files.sample_files import KINDS
from aether_suite.files.uploads import downloadable_problems, replace_while_deleting
from aether_suite.run.vocabulary import ACCOUNT, PERSONA, one_of

register_type(Account=ACCOUNT, Persona=PERSONA, FileSample=one_of(KINDS))


@when("a visitor sends {count:d} wrong passcodes at once on {account_name:Account}'s site with an email nobody has")
def guesses_at_once(context, count, account_name):
    """Wrong passcodes for one made-up email (new in every scenario), all sent at the same moment.

    Example: When a visitor sends 20 wrong passcodes at once on One Sky IT Demo's site with an email nobody has
    """
    context.answers = sign_ins.guess_together(context.api, account(account_name), sign_ins.visitor_email(), count)


@then("no more than five of the guesses were judged, and the rest were locked out")
def judged_no_more_than_five(context):
    """At most five answers said the passcode was wrong; every other one said the email is locked.

    Example: Then no more than five of the guesses were judged, and the rest were locked out
    """
    expect_none(context.api, sign_ins.judged_beyond_the_lockout(context.api, context.answers),
                to="to have no more than five of the guesses judged",
                about=context.api.exchange_of(context.answers[-1]))


@when("{name:Persona} deletes the exhibit twice at once")
def deletes_exhibit_twice(context, name):
    """The persona deletes the scenario's latest exhibit from two requests sent at the same moment.

    Example: When Osiris deletes the exhibit twice at once
    """
    context.deleted_exhibit = context.api.exhibit()
    context.answers = together(*[partial(context.api.delete_exhibit, name, context.deleted_exhibit["exhibit_id"])] * 2)
    context.deleted_what = "exhibit"


@when("{name:Persona} deletes the {description:FileSample} twice at once")
def deletes_file_twice(context, name, description):
    """The persona deletes their copy of the file from two requests sent at the same moment.

    Example: When Osiris deletes the price list twice at once
    """
    file_id = context.uploads.target(description, name).record["file_id"]
    context.answers = together(*[partial(context.api.delete_file, name, file_id)] * 2)
    context.deleted_what = "file"


@then("one of the two deletions is done and the other finds nothing to delete")
def deleted_once(context):
    """One answer says it is deleted, the other that there is no such exhibit or file.

    Example: Then one of the two deletions is done and the other finds nothing to delete
    """
    expect_none(context.api, deleted_once_problems(context.api, context.answers, context.deleted_what),
                to=f"to delete the {context.deleted_what} once", about=context.api.exchange_of(context.answers[0]))


@then("the exhibit is gone")
def exhibit_gone(context):
    """The exhibit deleted twice at once is not found by its account's manager.

    Example: Then the exhibit is gone
    """
    exhibit = context.deleted_exhibit
    context.api.get_exhibit(manager_of(context.api.owner_of(exhibit)), exhibit["exhibit_id"])
    expect_answer(context.api, 404, "not_found", to="to find the exhibit gone")


@when("{name:Persona} uploads the {description:FileSample} again while deleting the last copy, {rounds:d} times over")
def replaces_while_deleting(context, name, description, rounds):
    """Each round the persona deletes their latest copy while uploading the same bytes again, both at once.

    Example: When Osiris uploads the price list again while deleting the last copy, 10 times over
    """
    replace_while_deleting(context.api, context.uploads, name, description, rounds)


@when("{name:Persona} and {other:Persona} delete their copies of the {description:FileSample} at once")
def both_delete_at_once(context, name, other, description):
    """Each of the two deletes their own copy of the file; the two requests are sent at the same moment.

    Example: When Osiris and Cleo delete their copies of the price list at once
    """
    copies = [context.uploads.latest(description, by=who, deleted=False).record["file_id"] for who in (name, other)]
    context.answers = together(*[partial(context.api.delete_file, who, file_id)
                                 for who, file_id in zip((name, other), copies)])


@then("both deletions are done")
def both_done(context):
    """Each of the deletions sent together was answered as done.

    Example: Then both deletions are done
    """
    for response in context.answers:
        expect_answer(context.api, 204, to="to have their copy deleted", about=context.api.exchange_of(response))


@then("every {description:FileSample} left downloads whole")
def every_copy_whole(context, description):
    """Each copy that still exists comes back whole, by its file and by its content.

    Example: Then every price list left downloads whole
    """
    left = context.uploads.existing(description)
    expect_none(context.api, [f"no {description} is left"] if not left else
                [problem for item in left for problem in downloadable_problems(context.api, item)],
                to=f"to download every {description} left whole")


@when("{name:Persona} exports the leads in all three forms, again and again, while {count:d} more leads arrive")
def exports_while_leads_arrive(context, name, count):
    """Rounds of the CSV, XLSX and JSON forms taken together while the exhibit's manager adds leads one by one.

    Example: When Osiris exports the leads in all three forms, again and again, while 20 more leads arrive
    """
    context.export_rounds = while_scanning.taken_while_leads_arrive(context.api, name, context.api.exhibit(), count)


@then("every export holds each lead once, and the JSON form counts its rows")
def each_export_one_moment(context):
    """No export holds a lead twice; the JSON form's count is its number of rows.

    Example: Then every export holds each lead once, and the JSON form counts its rows
    """
    expect_none(context.api, while_scanning.picture_problems(context.export_rounds),
                to="to receive each export as one moment")


@then("the forms taken together agree on every lead they share")
def forms_agree(context):
    """The CSV, XLSX and JSON forms of each round show the same cells for each lead they both hold.

    Example: Then the forms taken together agree on every lead they share
    """
    expect_none(context.api, while_scanning.disagreements(context.export_rounds),
                to="to find the forms taken together in agreement")
