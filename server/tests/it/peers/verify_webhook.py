"""Checks Standard Webhooks signatures with the `standardwebhooks` package (not Beacon's code).
Reads one JSON object a line on stdin: {"secret", "headers": {name: value}, "body"}; answers one
line each: "ok" or "refused: <why>"."""
import json
import sys

from standardwebhooks.webhooks import Webhook

for line in sys.stdin:
    case = json.loads(line)
    try:
        Webhook(case["secret"]).verify(case["body"], case["headers"])
        print("ok", flush=True)
    except Exception as e:  # the package raises its own WebhookVerificationError
        print(f"refused: {e}", flush=True)
