#!/usr/bin/env python3
"""Build a draft through CutPilot's /api/v1 and follow the save job (docs/api.md).

Creates a draft, adds a text track and a text segment (times in microseconds), starts a save job
and polls GET /api/v1/jobs/{id}, printing progress until the job has finished. /api/v1 always
needs the token: --token or CUTPILOT_API_TOKEN. Python 3 standard library only.

    CUTPILOT_API_TOKEN=... python3 examples/v1_quickstart.py --url http://127.0.0.1:9001
"""

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request


class Api:
    def __init__(self, base, token):
        self.base = base.rstrip("/")
        self.token = token

    def call(self, method, path, payload=None):
        headers = {"Authorization": "Bearer " + self.token}
        data = None
        if payload is not None:
            data = json.dumps(payload).encode("utf-8")
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base + path, data=data, headers=headers,
                                         method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
                return response.status, (json.loads(raw) if raw else {})
        except urllib.error.HTTPError as error:
            # One error body for every /api/v1 error: {"error": {code, name, message, field}}.
            body = json.load(error)
            problem = body.get("error", {})
            where = " (field %s)" % problem["field"] if problem.get("field") else ""
            sys.exit("%s %s -> %d %s: %s%s" % (method, path, error.code, problem.get("name"),
                                               problem.get("message"), where))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:9001", help="CutPilot's address")
    parser.add_argument("--token", default=os.environ.get("CUTPILOT_API_TOKEN", ""),
                        help="API token (default: $CUTPILOT_API_TOKEN)")
    parser.add_argument("--folder", default="",
                        help="folder to save into (an allowed folder; default: the editor's "
                             "drafts folder)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for the job")
    args = parser.parse_args()
    if not args.token:
        sys.exit("give --token or set CUTPILOT_API_TOKEN")
    api = Api(args.url, args.token)

    _, version = api.call("GET", "/api/v1/version")
    print("CutPilot", version["version"], "capabilities:", ", ".join(version["capabilities"]))

    _, draft = api.call("POST", "/api/v1/drafts", {"name": "v1 quickstart", "width": 1080,
                                                   "height": 1920, "fps": 30})
    draft_id = draft["id"]
    print("created draft", draft_id)
    _, track = api.call("POST", "/api/v1/drafts/%s/tracks" % draft_id,
                        {"type": "text", "name": "titles"})
    _, segment = api.call("POST", "/api/v1/drafts/%s/tracks/%s/segments" % (draft_id, track["id"]),
                          {"type": "text", "start": 0, "duration": 3_000_000,
                           "text": "Hello from /api/v1 👋"})
    print("added text segment", segment["id"], "on track", track["id"])

    save = {"folder": args.folder} if args.folder else {}
    status, accepted = api.call("POST", "/api/v1/drafts/%s/save" % draft_id, save)
    if status != 202:
        sys.exit("expected 202 Accepted, got %d" % status)
    job_id = accepted["jobId"]
    print("save job", job_id)

    deadline = time.monotonic() + args.timeout
    last = None
    while True:
        _, job = api.call("GET", "/api/v1/jobs/%s" % job_id)
        if (job["state"], job["progress"]) != last:
            last = (job["state"], job["progress"])
            print("job %s: %s %d%%" % (job_id, job["state"], job["progress"]))
        if job["state"] in ("done", "failed", "cancelled"):
            break
        if time.monotonic() > deadline:
            sys.exit("the job did not finish within %g s" % args.timeout)
        time.sleep(0.1)
    if job["state"] != "done":
        sys.exit("save %s: %s" % (job["state"], job.get("error", {}).get("message")))
    print("saved to", job["result"]["folder"])
    print("done")


if __name__ == "__main__":
    main()
