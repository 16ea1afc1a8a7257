#!/bin/bash
# Translation check (issue 7), run by the ctest `translations` (tests/i18n/CMakeLists.txt):
#   check-translations.sh <lupdate> [-I <include-dir>]... <source-dir>... -- <file.ts>...
# Runs lupdate the way the update_translations target does (-no-obsolete -locations none) over
# the .cpp and .h files under the source dirs (give -I <project root> so that lupdate finds the
# class declarations, as the target's include paths do) into TEMPORARY copies of the .ts files
# (the committed files are never written) and fails, listing the source texts, when
#   (a) a committed message is unfinished or has an empty translation (or numerus form),
#   (b) lupdate finds a message the committed file lacks (missing: run update_translations),
#   (c) the committed file has a message lupdate no longer finds (vanished: run update_translations).
# Needs python3 (standard library only) to compare the XML.
set -eu

usage() {
    echo "usage: $0 <lupdate> [-I <include-dir>]... <source-dir>... -- <file.ts>..." >&2
    exit 2
}

[ $# -ge 4 ] || usage
lupdate=$1
shift
includes=()
sources=()
while [ $# -gt 1 ] && [ "$1" = "-I" ]; do
    includes+=(-I "$2")
    shift 2
done
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    [ -d "$1" ] || { echo "check-translations: no source folder $1" >&2; exit 2; }
    sources+=("$1")
    shift
done
if [ $# -lt 2 ] || [ ${#sources[@]} -eq 0 ]; then
    usage
fi
shift # --

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-translations.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

pairs=()
copies=()
for ts in "$@"; do
    [ -f "$ts" ] || { echo "check-translations: no translation file $ts" >&2; exit 2; }
    copy="$tmp/${#copies[@]}-$(basename "$ts")"
    cp "$ts" "$copy"
    pairs+=("$ts" "$copy")
    copies+=("$copy")
done

if ! "$lupdate" "${includes[@]}" "${sources[@]}" -extensions cpp,h -no-obsolete -locations none \
        -ts "${copies[@]}" >"$tmp/lupdate.log" 2>&1; then
    cat "$tmp/lupdate.log" >&2
    echo "check-translations: lupdate failed" >&2
    exit 1
fi

status=0
python3 - "${pairs[@]}" <<'EOF' || status=$?
import sys
import xml.etree.ElementTree as ET


def messages(path):
    """(context, source, comment) -> <translation> element of every message."""
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            found[key] = message.find("translation")
    return found


def label(key):
    context, source, comment = key
    text = source.replace("\n", "\\n")
    return f'[{context}] "{text}"' + (f" ({comment})" if comment else "")


def unfinished(translation):
    if translation is None or translation.get("type") == "unfinished":
        return True
    forms = translation.findall("numerusform")
    if forms:
        return any(not (form.text or "").strip() for form in forms)
    return not (translation.text or "").strip()


args = sys.argv[1:]
failed = False
for committed_path, updated_path in zip(args[0::2], args[1::2]):
    committed = messages(committed_path)
    updated = messages(updated_path)
    problems = [
        ("unfinished or empty translation", [k for k, t in committed.items() if unfinished(t)]),
        ("missing (lupdate found it; run update_translations)",
         [k for k in updated if k not in committed]),
        ("vanished (no longer in the sources; run update_translations)",
         [k for k in committed if k not in updated]),
    ]
    for what, keys in problems:
        if keys:
            failed = True
            print(f"{committed_path}: {len(keys)} message(s) {what}:")
            for key in keys:
                print(f"    {label(key)}")
    if not any(keys for _, keys in problems):
        print(f"{committed_path}: {len(committed)} messages, all translated and up to date")
if failed:
    print("translations check FAILED")
sys.exit(1 if failed else 0)
EOF
exit $status
