"""Schemathesis hooks for scripts/schemathesis.

Beacon refuses with 422 a few valid-looking requests whose fault no JSON Schema can state: a
body naming a component or group that does not exist, a name another component or group already
has, a maintenance window that ends before it starts. This check is Schemathesis's own
`positive_data_acceptance` (ST202) except for exactly those refusals, recognised by the field and
message of Beacon's error answer; every other refused valid request still fails the run.
"""

import json
import re

import schemathesis
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.specs.openapi.checks import positive_data_acceptance

# (field, message) of each refusal that depends on the data already stored or on two fields at once.
STATEFUL_REFUSALS = [
    (re.compile(r"^(group_id|components)$"), re.compile(r"^(group|component) -?\d+ does not exist$")),
    (re.compile(r"^name$"), re.compile(r"^an? (component|group) named '.*' already exists", re.S)),
    (re.compile(r"^scheduled_until$"), re.compile(r"^the window must end after it starts$")),
]


def is_stateful_refusal(response) -> bool:
    if response.status_code != 422:
        return False
    try:
        error = json.loads(response.content)["error"]
    except (ValueError, KeyError, TypeError):
        return False
    field, message = error.get("field") or "", error.get("message") or ""
    return any(f.match(field) and m.match(message) for f, m in STATEFUL_REFUSALS)


@schemathesis.check
def positive_data_acceptance_but_stateful_rules(ctx, response, case):
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if is_stateful_refusal(response):
            return None
        raise
