#!/usr/bin/env python3
"""Build a draft through CutPilot's CapCutAPI drop-in routes (docs/api.md).

create_draft -> add_text -> save_draft -> query_draft_status, exactly as a CapCutAPI script does.
From a plain script on the same machine no token is needed; pass --token (or set
CUTPILOT_API_TOKEN) when CutPilot requires it everywhere. Python 3 standard library only.

    python3 examples/compat_quickstart.py --url http://127.0.0.1:9001 [--folder DIR]
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.request


def call(base, path, payload, token):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(base + path, data=json.dumps(payload).encode("utf-8"),
                                     headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            body = json.load(response)
    except urllib.error.HTTPError as error:  # transport errors: 400/401/403 with the envelope
        body = json.load(error)
    if not body.get("success"):
        sys.exit("%s failed: %s" % (path, body.get("error")))
    return body["output"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:9001", help="CutPilot's address")
    parser.add_argument("--token", default=os.environ.get("CUTPILOT_API_TOKEN", ""),
                        help="API token (default: $CUTPILOT_API_TOKEN; not needed locally)")
    parser.add_argument("--folder", default="",
                        help="draft_folder to save into (an allowed folder; default: the "
                             "editor's drafts folder)")
    args = parser.parse_args()
    base = args.url.rstrip("/")

    draft = call(base, "/create_draft", {"width": 1080, "height": 1920, "name": "compat quickstart"},
                 args.token)
    draft_id = draft["draft_id"]
    print("created", draft_id)
    # Seconds in, like CapCutAPI; the draft stores microseconds.
    call(base, "/add_text", {"draft_id": draft_id, "text": "Hello from CutPilot 👋", "start": 0,
                             "end": 3, "font_size": 8, "font_color": "#FFCC00",
                             "track_name": "text_main"}, args.token)
    print("added a text")
    save = {"draft_id": draft_id}
    if args.folder:
        save["draft_folder"] = args.folder
    call(base, "/save_draft", save, args.token)
    status = call(base, "/query_draft_status", {"task_id": draft_id}, args.token)
    print("status:", status["status"], "progress:", status["progress"])
    if status["status"] != "completed":
        sys.exit("save did not complete: %s" % status.get("message"))
    print("done")


if __name__ == "__main__":
    main()
