#!/usr/bin/python3
"""Drives tools/standin-editor over the real AT-SPI bus, the way the automation profile does
(spec/editor-automation.md §3.2, §10.2, §11): depth-exact lookups that skip non-showing children,
description/class matching, clicks by XTest at the element's extents (or the "Press" action with
--expose-actions), and the export verified with ffprobe.

Run by ctest inside the suite's `xvfb-run -a dbus-run-session` session (tools/test-session.sh):

    standin_driver.py SCENARIO --editor PATH --cli PATH

Exit codes: 0 pass, 1 fail, 77 skipped (no pyatspi, no DISPLAY, no ffprobe)."""

import argparse
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

SKIP = 77
TITLE = "剪映专业版"

try:
    import pyatspi  # noqa: E402
except ImportError:  # pragma: no cover - depends on the machine
    print("SKIP: python3-pyatspi is not installed (apt-get install python3-pyatspi)")
    sys.exit(SKIP)


from gi.repository import GLib  # noqa: E402 - after the pyatspi check


class Failure(Exception):
    pass


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- the editor process ------------------------------------------------------------------------

class Editor:
    """A stand-in process; its stdout events (§11.8) are collected by a reader thread."""

    def __init__(self, binary, store, export_folder, *args, env=None):
        self.events = []
        self.queue = queue.Queue()
        command = [binary, "--store", store, "--export-folder", export_folder, *args]
        log("start: " + " ".join(command))
        full_env = dict(os.environ, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1")
        full_env.pop("QT_QPA_PLATFORM", None)  # the xcb platform: offscreen has no AT-SPI bridge
        full_env.update(env or {})
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, env=full_env, text=True,
                                        encoding="utf-8")
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            line = line.rstrip("\n")
            self.events.append(line)
            self.queue.put(line)

    @property
    def pid(self):
        return self.process.pid

    def wait_event(self, pattern, timeout=20.0):
        """Waits for a stdout line matching `pattern` (regex), seen before or after this call."""
        regex = re.compile(pattern)
        for line in list(self.events):
            if regex.fullmatch(line):
                return line
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.queue.get(timeout=0.1)
            except queue.Empty:
                if self.process.poll() is not None and self.queue.empty():
                    break
                continue
            if regex.fullmatch(line):
                return line
        raise Failure(f"no event matching {pattern!r} within {timeout} s; events: {self.events}")

    def wait_exit(self, timeout=20.0):
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise Failure(f"the editor did not exit within {timeout} s")

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


# --- AT-SPI lookups (§10.2) --------------------------------------------------------------------

def showing(acc):
    try:
        return acc.getState().contains(pyatspi.STATE_SHOWING)
    except Exception:
        return False


def children(acc):
    """Showing children in document order (Qt's bridge also lists hidden widgets, §11.2)."""
    result = []
    try:
        count = acc.childCount
    except Exception:
        return result
    for i in range(count):
        try:
            child = acc.getChildAtIndex(i)
        except Exception:
            continue
        if child is not None and showing(child):
            result.append(child)
    return result


def at_depth(root, depth):
    """Every showing node exactly `depth` levels below root, in document order."""
    level = [root]
    for _ in range(depth):
        level = [child for node in level for child in children(node)]
    return level


def description(acc):
    try:
        return acc.description or ""
    except Exception:
        return ""


def class_token(acc):
    """The stand-in writes `class=<meta-object class>` into container descriptions (§11.3)."""
    text = description(acc)
    return text[len("class="):] if text.startswith("class=") else ""


def role(acc):
    try:
        return acc.getRoleName()
    except Exception:  # the node went away (transient widgets are destroyed, §11.2)
        return ""


def acc_name(acc):
    try:
        return acc.name or ""
    except Exception:
        return ""


def find_app(pid, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            try:
                if app is not None and app.get_process_id() == pid:
                    return app
            except Exception:
                pass
        time.sleep(0.1)
    raise Failure(f"the editor (pid {pid}) did not appear on the AT-SPI bus within {timeout} s")


def window(app, class_contains, title=TITLE):
    for win in children(app):
        if acc_name(win) == title and class_contains.lower() in class_token(win).lower():
            return win
    return None


def wait_for(what, probe, timeout=20.0, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = probe()
        except GLib.Error as error:  # a node vanished mid-walk: look again
            log(f"retrying {what}: {error}")
            found = None
        if found:
            return found
        time.sleep(interval)
    raise Failure(f"timed out after {timeout} s waiting for {what}")


def find(root, depth, match, role_name=None):
    for node in at_depth(root, depth):
        if role_name and role(node) != role_name:
            continue
        if match(node):
            return node
    return None


def by_description(root, depth, text, equals=False, role_name="label"):
    if equals:
        return find(root, depth, lambda n: description(n).lower() == text.lower(), role_name)
    return find(root, depth, lambda n: text.lower() in description(n).lower(), role_name)


def export_dialog(edit_window):
    return find(edit_window, 1, lambda n: acc_name(n) == "导出" and role(n) in ("dialog", "frame"))


def click(acc, use_action):
    """The "Press" action when asked for (and offered), else a real XTest click at the centre."""
    if use_action:
        action = acc.queryAction()
        for i in range(action.nActions):
            if action.getName(i) == "Press":
                action.doAction(i)
                return
        raise Failure(f"{role(acc)} {acc.name!r} offers no Press action")
    extents = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    if extents.width <= 0 or extents.height <= 0:
        raise Failure(f"{role(acc)} {acc.name!r} has no on-screen extents")
    x = extents.x + extents.width // 2
    y = extents.y + extents.height // 2
    pyatspi.Registry.generateMouseEvent(x, y, pyatspi.MOUSE_B1C)


# --- the flow of the public tool (§4.1), with condition waits (§4.2) ---------------------------

class Flow:
    def __init__(self, editor, use_action):
        self.editor = editor
        self.use_action = use_action
        self.app = find_app(editor.pid)

    def home(self):
        return wait_for("the home window", lambda: window(self.app, "HomePage"))

    def edit(self, timeout=20.0):
        return wait_for("the edit window", lambda: window(self.app, "MainWindow"), timeout)

    def open_draft(self, name):
        home = self.home()
        title = wait_for(f"the card of {name!r}",
                         lambda: by_description(home, 2, "HomePageDraftTitle:" + name, True))
        if title.name != name:
            raise Failure(f"card title name {title.name!r} != {name!r}")
        card = title.parent
        if role(card) != "panel":
            raise Failure(f"the card is a {role(card)}, not a panel")
        click(card, self.use_action)
        return self.edit()

    def open_export(self, edit):
        button = wait_for("the export button",
                          lambda: by_description(edit, 2, "MainWindowTitleBarExportBtn"))
        click(button, self.use_action)
        return wait_for("the export dialog", lambda: export_dialog(edit))

    def output_path(self, dialog):
        label = wait_for("ExportPath", lambda: by_description(dialog, 2, "ExportPath"))
        siblings = children(label.parent)
        index = [s for s in siblings].index(label)
        return description(siblings[index + 1])

    def select(self, dialog, box_description, option):
        panel = wait_for("the settings panel", lambda: find(
            dialog, 1, lambda n: "panelsettingsgroup_qmltype" in class_token(n).lower(), "panel"))
        box = wait_for(box_description, lambda: by_description(panel, 2, box_description))
        click(box, self.use_action)
        # Option texts at depth 2 of the dialog; skip the export-path text, whose description
        # (the output path) may contain the option string too (§11.2 pitfall).
        item = wait_for(f"option {option}", lambda: find(
            dialog, 2, lambda n: description(n) == option, "label"))
        click(item, self.use_action)
        wait_for(f"{box_description} = {option}",
                 lambda: by_description(panel, 2, box_description).name == option)

    def confirm(self, dialog):
        ok = wait_for("ExportOkBtn", lambda: by_description(dialog, 2, "ExportOkBtn", True))
        click(ok, self.use_action)

    def progress(self, dialog):
        for child in children(dialog):
            text = acc_name(child)
            text = text if "%" in text else description(child)
            match = re.search(r"(\d+\.?\d*)%", text or "")
            if match:
                return float(match.group(1))
        return None

    def wait_done(self, dialog, timeout=60.0):
        seen = []

        def probe():
            value = self.progress(dialog)
            if value is not None and (not seen or seen[-1] != value):
                seen.append(value)
            return by_description(dialog, 2, "ExportSucceedCloseBtn")
        done = wait_for("ExportSucceedCloseBtn", probe, timeout, 0.05)
        return done, seen

    def back_home(self, edit):
        buttons = [n for n in at_depth(edit, 1)
                   if role(n) == "panel" and class_token(n) == "TitleBarButton"]
        if len(buttons) < 3:
            raise Failure(f"{len(buttons)} TitleBarButtons, expected at least 3")
        click(buttons[2], self.use_action)
        return self.home()


# --- fixtures ------------------------------------------------------------------------------------

def make_draft(cli, store, name, width=1920, height=1080, fps=30, duration_us=2_000_000):
    """A draft folder written by the project's own writer (cutpilot-cli build)."""
    plan = {
        "name": name, "profile": "jy5-win", "width": width, "height": height, "fps": fps,
        "tracks": [{"type": "text", "name": "title", "segments": [
            {"text": name, "start_us": 0, "duration_us": duration_us}]}],
    }
    plan_path = os.path.join(os.path.dirname(store), f"plan-{len(os.listdir(store))}.json")
    with open(plan_path, "w", encoding="utf-8") as handle:
        json.dump(plan, handle)
    result = subprocess.run([cli, "build", plan_path, "--store", store], capture_output=True,
                            text=True)
    if result.returncode != 0:
        raise Failure(f"cutpilot-cli build failed: {result.stderr}")
    return os.path.basename(result.stdout.strip())


def ffprobe(path):
    result = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format",
                             "-show_streams", path], capture_output=True, text=True)
    if result.returncode != 0:
        raise Failure(f"ffprobe {path}: {result.stderr}")
    return json.loads(result.stdout)


def check_video(path, duration, short_side, fps):
    info = ffprobe(path)
    video = [s for s in info["streams"] if s["codec_type"] == "video"]
    audio = [s for s in info["streams"] if s["codec_type"] == "audio"]
    if not video or not audio:
        raise Failure(f"{path}: streams {[s['codec_type'] for s in info['streams']]}")
    v = video[0]
    got = float(info["format"]["duration"])
    num, den = v["r_frame_rate"].split("/")
    facts = (f"{v['codec_name']} {v['width']}x{v['height']} {v['r_frame_rate']} "
             f"{got:.3f} s + {audio[0]['codec_name']}")
    log(f"ffprobe: {facts}")
    if abs(got - duration) > 0.5:
        raise Failure(f"duration {got} s, expected {duration} s ± 0.5 ({facts})")
    if min(v["width"], v["height"]) != short_side:
        raise Failure(f"short side {min(v['width'], v['height'])}, expected {short_side}")
    if abs(float(num) / float(den) - fps) > 0.01:
        raise Failure(f"frame rate {v['r_frame_rate']}, expected {fps}")
    if audio[0]["codec_name"] != "aac":
        raise Failure(f"audio codec {audio[0]['codec_name']}, expected aac")


class Fixture:
    def __init__(self, args):
        self.args = args
        self.root = tempfile.mkdtemp(prefix="standin-")
        self.store = os.path.join(self.root, "store")
        self.exports = os.path.join(self.root, "exports")
        os.makedirs(self.store)
        os.makedirs(self.exports)
        self.editors = []

    def draft(self, name, **kwargs):
        return make_draft(self.args.cli, self.store, name, **kwargs)

    def start(self, *args, env=None):
        editor = Editor(self.args.editor, self.store, self.exports, *args, env=env)
        self.editors.append(editor)
        return editor

    def close(self):
        for editor in self.editors:
            editor.stop()
        shutil.rmtree(self.root, ignore_errors=True)


# --- scenarios -----------------------------------------------------------------------------------

def file_size(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return -1


def export_flow(fx, flow, draft, resolution, fps, editor):
    edit = flow.open_draft(draft)
    editor.wait_event("STATE edit")
    dialog = flow.open_export(edit)
    path = flow.output_path(dialog)
    log(f"export path: {path}")
    if path != os.path.join(fx.exports, draft + ".mp4"):
        raise Failure(f"unexpected export path {path!r}")
    if "1080P" in draft:
        # The pitfall of §11.2: a "contains" option lookup hits the export-path text first.
        hit = by_description(dialog, 2, "1080P")
        if hit is None or description(hit) != path:
            raise Failure("the path text does not shadow a contains-lookup of 1080P")
    flow.select(dialog, "ExportSharpnessInput", resolution)
    flow.select(dialog, "FrameRateInput", fps)
    return edit, dialog, path


def scenario_e2e(fx, use_action):
    """The whole public-tool flow over AT-SPI, then the file checked with ffprobe."""
    draft = fx.draft("Demo 1080P" if use_action else "E2E Demo", fps=30, duration_us=2_000_000)
    args = ["--export-speed", "2"] + (["--expose-actions"] if use_action else [])
    editor = fx.start(*args)
    editor.wait_event("READY")
    flow = Flow(editor, use_action)
    started = time.monotonic()
    edit, dialog, path = export_flow(fx, flow, draft, "720P", "25fps", editor)
    flow.confirm(dialog)
    done, seen = flow.wait_done(dialog)
    log(f"progress texts seen over AT-SPI: {seen}")
    if not seen:
        raise Failure("no NN% progress text was seen during the export")
    done_event = editor.wait_event(r"EXPORT_DONE .*")
    if done_event != "EXPORT_DONE " + path:
        raise Failure(f"{done_event!r} does not name {path!r}")
    progress = [int(e.split()[1]) for e in editor.events if e.startswith("PROGRESS ")]
    if progress[0] != 0 or progress[-1] != 100 or progress != sorted(progress):
        raise Failure(f"PROGRESS events {progress}")
    click(done, flow.use_action)
    wait_for("the dialog to close", lambda: export_dialog(edit) is None)
    # A second export of the same draft gets "(1)" (§11.5).
    dialog = flow.open_export(edit)
    second = flow.output_path(dialog)
    if second != os.path.join(fx.exports, draft + "(1).mp4"):
        raise Failure(f"second export path {second!r}")
    cancel = find(dialog, 2, lambda n: acc_name(n) == "取消" and description(n) == "", "label")
    click(cancel, flow.use_action)
    wait_for("the dialog to close", lambda: export_dialog(edit) is None)
    flow.back_home(edit)
    editor.wait_event("STATE home")
    log(f"flow took {time.monotonic() - started:.1f} s")
    check_video(path, 2.0, 720, 25)
    expected = ["READY", "STATE home", f"OPEN {draft}", "STATE edit", "STATE export",
                "STATE exporting", "STATE success"]
    states = [e for e in editor.events if e.split(" ")[0] in ("READY", "STATE", "OPEN")]
    if sorted(states[:len(expected)]) != sorted(expected):
        raise Failure(f"events {states}")


def scenario_growth(fx):
    """The file grows while exporting (progressive write) and PROGRESS follows the frames."""
    draft = fx.draft("Growth", duration_us=3_000_000)
    editor = fx.start("--expose-actions", "--export-speed", "1.5", "--open-delay-ms", "200")
    editor.wait_event("READY")
    flow = Flow(editor, True)
    edit, dialog, path = export_flow(fx, flow, draft, "480P", "24fps", editor)
    flow.confirm(dialog)
    sizes = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not any(e.startswith("EXPORT_DONE") for e in editor.events):
        sizes.append(file_size(path))
        time.sleep(0.2)
    growing = sorted(set(s for s in sizes if s > 0))
    log(f"file sizes while exporting: {growing[:5]} … {len(growing)} distinct")
    if len(growing) < 3:
        raise Failure(f"the file did not grow progressively: {sizes}")
    check_video(path, 3.0, 480, 24)


def scenario_crash(fx):
    draft = fx.draft("Crash")
    editor = fx.start("--expose-actions", "--export-speed", "2", "--open-delay-ms", "200",
                      "--faults", "crash@export:50")
    editor.wait_event("READY")
    flow = Flow(editor, True)
    edit, dialog, path = export_flow(fx, flow, draft, "480P", "25fps", editor)
    flow.confirm(dialog)
    code = editor.wait_exit(20)
    if code != 70:
        raise Failure(f"exit code {code}, expected 70 (crash)")
    editor.wait_event("FAULT crash", 2)
    last = [int(e.split()[1]) for e in editor.events if e.startswith("PROGRESS ")][-1]
    if last < 50 or last >= 100:
        raise Failure(f"crashed at {last}%, expected 50..99")
    if file_size(path) <= 0:
        raise Failure("no partial file left behind")


def scenario_crash_env(fx):
    """CUTPILOT_STANDIN_FAULTS: a crash when the edit window appears."""
    fx.draft("Env")
    editor = fx.start("--expose-actions", "--open-delay-ms", "100",
                      env={"CUTPILOT_STANDIN_FAULTS": "crash@edit"})
    editor.wait_event("READY")
    flow = Flow(editor, True)
    home = flow.home()
    click(by_description(home, 2, "HomePageDraftTitle:Env", True).parent, True)
    if editor.wait_exit(20) != 70:
        raise Failure("crash@edit did not exit with 70")


def scenario_refuse_start(fx):
    fx.draft("Refuse")
    state = os.path.join(fx.root, "state")
    for launch in (1, 2):
        editor = fx.start("--faults", "refuse-start:2", "--state-dir", state)
        code = editor.wait_exit(20)
        if code != 71:
            raise Failure(f"launch {launch}: exit code {code}, expected 71")
        editor.wait_event("FAULT refuse-start", 2)
    editor = fx.start("--faults", "refuse-start:2", "--state-dir", state)
    editor.wait_event("READY")
    find_app(editor.pid)


def scenario_stall(fx):
    draft = fx.draft("Stall", duration_us=4_000_000)
    editor = fx.start("--expose-actions", "--export-speed", "4", "--open-delay-ms", "200",
                      "--faults", "stall@export:30")
    editor.wait_event("READY")
    flow = Flow(editor, True)
    edit, dialog, path = export_flow(fx, flow, draft, "480P", "25fps", editor)
    flow.confirm(dialog)
    editor.wait_event("FAULT stall", 20)
    time.sleep(0.3)
    before = (file_size(path), flow.progress(dialog))
    time.sleep(1.5)
    after = (file_size(path), flow.progress(dialog))  # the UI still answers
    log(f"stalled: size/progress {before} -> {after}")
    if before != after or before[0] <= 0:
        raise Failure(f"the export did not stall: {before} -> {after}")
    if not 30 <= after[1] < 40:
        raise Failure(f"stalled at {after[1]}%, expected about 30")
    cancel = find(dialog, 2, lambda n: acc_name(n) == "取消", "label")
    click(cancel, True)
    wait_for("the dialog to close", lambda: export_dialog(edit) is None)
    wait_for("the partial file to go", lambda: not os.path.exists(path))


def scenario_hang(fx):
    fx.draft("Hang")
    editor = fx.start("--expose-actions", "--open-delay-ms", "100",
                      "--faults", "hang@edit:forever")
    editor.wait_event("READY")
    flow = Flow(editor, True)
    click(by_description(flow.home(), 2, "HomePageDraftTitle:Hang", True).parent, True)
    editor.wait_event("FAULT hang")
    # The window stops answering: a bus call either fails or takes the whole D-Bus timeout.
    from gi.repository import Atspi
    Atspi.set_timeout(1500, 1500)
    started = time.monotonic()
    answered = True
    try:
        for win in flow.app:
            win.childCount
            win.getState()
    except Exception as error:
        answered = False
        log(f"AT-SPI call failed as expected: {error}")
    took = time.monotonic() - started
    if answered and took < 1.0:
        raise Failure(f"the hung editor still answered AT-SPI in {took:.2f} s")
    if editor.process.poll() is not None:
        raise Failure("the hung editor exited")


def scenario_export_error(fx):
    draft = fx.draft("Broken")
    editor = fx.start("--expose-actions", "--export-speed", "2", "--open-delay-ms", "100",
                      "--faults", "export-error@40")
    editor.wait_event("READY")
    flow = Flow(editor, True)
    edit, dialog, path = export_flow(fx, flow, draft, "480P", "25fps", editor)
    flow.confirm(dialog)
    editor.wait_event("FAULT export-error")
    popup = wait_for("StandinExportErrorDialog", lambda: find(
        edit, 1, lambda n: description(n) == "StandinExportErrorDialog", "dialog"))
    if export_dialog(edit) is not None:
        raise Failure("the export dialog is still there")
    if file_size(path) <= 0:
        raise Failure("no partial file left behind")
    if any(e.startswith("EXPORT_DONE") for e in editor.events):
        raise Failure("EXPORT_DONE after an export error")
    click(by_description(popup, 2, "StandinExportErrorCloseBtn", True), True)
    editor.wait_event("STATE edit")


def scenario_vip(fx):
    draft = fx.draft("Vip")
    editor = fx.start("--expose-actions", "--open-delay-ms", "100", "--faults", "vip-prompt")
    editor.wait_event("READY")
    flow = Flow(editor, True)
    edit, dialog, path = export_flow(fx, flow, draft, "480P", "25fps", editor)
    flow.confirm(dialog)
    editor.wait_event("FAULT vip-prompt")
    popup = wait_for("StandinVipDialog", lambda: find(
        edit, 1, lambda n: description(n) == "StandinVipDialog", "dialog"))
    wait_for("the export dialog to go", lambda: export_dialog(edit) is None)
    click(by_description(popup, 2, "StandinVipCloseBtn", True), True)
    wait_for("the VIP dialog to close", lambda: find(
        edit, 1, lambda n: description(n) == "StandinVipDialog", "dialog") is None)
    if os.path.exists(path) or "STATE exporting" in editor.events:
        raise Failure("the export started despite the VIP prompt")


def scenario_prompts(fx):
    """update-prompt at start-up, gpu-prompt while opening a draft."""
    fx.draft("Prompts")
    editor = fx.start("--expose-actions", "--open-delay-ms", "100",
                      "--faults", "update-prompt,gpu-prompt")
    editor.wait_event("READY")
    flow = Flow(editor, True)
    update = wait_for("the update dialog", lambda: find(
        flow.app, 1, lambda n: description(n) == "StandinUpdateDialog"))
    click(by_description(update, 2, "StandinUpdateLaterBtn", True), True)
    wait_for("the update dialog to close", lambda: find(
        flow.app, 1, lambda n: description(n) == "StandinUpdateDialog") is None)
    edit = flow.open_draft("Prompts")
    prompt = wait_for("暂不启用", lambda: by_description(edit, 2, "暂不启用"))
    click(by_description(edit, 2, "MainWindowTitleBarExportBtn"), True)
    time.sleep(0.5)
    if export_dialog(edit) is not None:
        raise Failure("the export dialog opened under the GPU prompt")
    click(prompt, True)
    wait_for("the GPU prompt to go", lambda: by_description(edit, 2, "暂不启用") is None)
    flow.open_export(edit)


def scenario_memory(fx):
    def rss_mib(pid):
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0
    draft = fx.draft("Memory", duration_us=500_000)
    editor = fx.start("--expose-actions", "--open-delay-ms", "100",
                      "--faults", "memory-growth:150")
    editor.wait_event("READY")
    flow = Flow(editor, True)
    edit, dialog, path = export_flow(fx, flow, draft, "480P", "25fps", editor)
    before = rss_mib(editor.pid)
    flow.confirm(dialog)
    editor.wait_event("EXPORT_DONE .*")
    after = rss_mib(editor.pid)
    log(f"VmRSS {before:.0f} MiB -> {after:.0f} MiB")
    if after - before < 140:
        raise Failure(f"memory grew by {after - before:.0f} MiB, expected >= 150")


def scenario_list(fx):
    """long-name truncates card descriptions; stale-list keeps the start-up list; paging."""
    fx.draft("A long draft name")
    editor = fx.start("--expose-actions", "--open-delay-ms", "100",
                      "--faults", "long-name:6,stale-list")
    editor.wait_event("READY")
    flow = Flow(editor, True)
    home = flow.home()
    title = wait_for("the card", lambda: by_description(home, 2, "HomePageDraftTitle:A long", True))
    if title.name != "A long draft name":
        raise Failure(f"the card's name {title.name!r} is not the full folder name")
    if by_description(home, 2, "HomePageDraftTitle:A long draft name", True):
        raise Failure("long-name: the full description is still exposed")
    fx.draft("Added later")
    click(title.parent, True)
    edit = flow.edit()
    flow.back_home(edit)
    home = flow.home()
    time.sleep(0.3)
    if by_description(home, 2, "HomePageDraftTitle:Added"):
        raise Failure("stale-list: the home list refreshed")
    # Without stale-list the list refreshes, and --max-cards pages it.
    for i in range(3):
        fx.draft(f"Page {i}")
    editor2 = fx.start("--expose-actions", "--max-cards", "2")
    editor2.wait_event("READY")
    flow2 = Flow(editor2, True)
    home2 = flow2.home()
    cards = lambda h: [n for n in at_depth(h, 2) if description(n).startswith("HomePageDraftTitle:")]
    first = wait_for("2 cards", lambda: len(cards(home2)) == 2 and cards(home2))
    if len(first) != 2:
        raise Failure(f"{len(first)} cards on a page, expected 2")


def scenario_ui7(fx):
    fx.draft("Hidden")
    editor = fx.start("--expose-actions", "--ui", "7", "--open-delay-ms", "100")
    editor.wait_event("READY")
    flow = Flow(editor, True)
    home = flow.home()  # class tokens stay
    cards = wait_for("a card", lambda: [n for n in at_depth(home, 2) if acc_name(n) == "Hidden"])
    if description(cards[0]):
        raise Failure(f"--ui 7 exposes a description: {description(cards[0])!r}")
    click(cards[0].parent, True)
    edit = flow.edit()
    if by_description(edit, 2, "MainWindowTitleBarExportBtn"):
        raise Failure("--ui 7 exposes the export button's description")
    buttons = [n for n in at_depth(edit, 1) if class_token(n) == "TitleBarButton"]
    if len(buttons) != 4:
        raise Failure(f"{len(buttons)} TitleBarButtons under --ui 7")


def scenario_ui108(fx):
    """Opaque dialog: zero children; Ctrl+E opens it, Enter confirms; completion via the file."""
    draft = fx.draft("Opaque", duration_us=1_000_000)
    editor = fx.start("--ui", "10.8", "--open-delay-ms", "100")
    editor.wait_event("READY")
    flow = Flow(editor, False)
    home = flow.home()
    click(by_description(home, 2, "HomePageDraftTitle:" + draft, True).parent, False)
    edit = flow.edit()
    editor.wait_event("STATE edit")
    time.sleep(0.3)
    ctrl = 37  # keycodes of the Xvfb default keymap (evdev): Control_L, e, Return
    registry = pyatspi.Registry
    registry.generateKeyboardEvent(ctrl, None, pyatspi.KEY_PRESS)
    registry.generateKeyboardEvent(26, None, pyatspi.KEY_PRESSRELEASE)
    registry.generateKeyboardEvent(ctrl, None, pyatspi.KEY_RELEASE)
    dialog = wait_for("the opaque export dialog", lambda: export_dialog(edit))
    if dialog.childCount != 0:
        raise Failure(f"the 10.8 dialog exposes {dialog.childCount} children")
    time.sleep(0.2)
    registry.generateKeyboardEvent(36, None, pyatspi.KEY_PRESSRELEASE)
    done = editor.wait_event("EXPORT_DONE .*", 20)
    path = done.split(" ", 1)[1]
    check_video(path, 1.0, 1080, 30)  # the draft's own settings: no way to change them


def scenario_dialogs(fx):
    """anomaly-dialog while opening, cover-element before the panel, disk-full during export."""
    draft = fx.draft("Dialogs")
    editor = fx.start("--expose-actions", "--open-delay-ms", "100", "--export-speed", "2",
                      "--faults", "anomaly-dialog,cover-element,disk-full@50,focus-steal")
    editor.wait_event("READY")
    flow = Flow(editor, True)
    edit = flow.open_draft(draft)
    anomaly = wait_for("StandinAnomalyDialog", lambda: find(
        edit, 1, lambda n: description(n) == "StandinAnomalyDialog", "dialog"))
    click(by_description(anomaly, 2, "StandinAnomalyOkBtn", True), True)
    wait_for("the anomaly dialog to close", lambda: find(
        edit, 1, lambda n: description(n) == "StandinAnomalyDialog", "dialog") is None)
    dialog = flow.open_export(edit)
    groups = [n for n in children(dialog) if role(n) == "panel"]
    panel_index = [i for i, n in enumerate(groups) if "PanelSettingsGroup" in class_token(n)]
    if panel_index != [2]:  # path row, cover, panel, buttons
        raise Failure(f"the settings panel is group {panel_index}, expected [2] after the cover")
    flow.select(dialog, "ExportSharpnessInput", "480P")
    path = flow.output_path(dialog)
    flow.confirm(dialog)
    editor.wait_event("FAULT focus-steal")
    editor.wait_event("FAULT disk-full")
    wait_for("the error dialog", lambda: find(
        edit, 1, lambda n: description(n) == "StandinExportErrorDialog", "dialog"))
    if file_size(path) <= 0:
        raise Failure("no partial file left behind by disk-full")


def scenario_temp_rename(fx):
    """--write-temp-then-rename: the final name appears only when the file is complete."""
    draft = fx.draft("Temp", duration_us=2_000_000)
    editor = fx.start("--expose-actions", "--open-delay-ms", "100", "--export-speed", "2",
                      "--write-temp-then-rename")
    editor.wait_event("READY")
    flow = Flow(editor, True)
    edit, dialog, path = export_flow(fx, flow, draft, "480P", "30fps", editor)
    flow.confirm(dialog)
    editor.wait_event("PROGRESS [1-9][0-9]")
    temp = os.path.join(fx.exports, "." + draft + ".mp4.part")
    if os.path.exists(path) or file_size(temp) <= 0:
        raise Failure(f"during the export: final exists={os.path.exists(path)}, "
                      f"temp size={file_size(temp)}")
    editor.wait_event("EXPORT_DONE .*")
    if os.path.exists(temp):
        raise Failure("the temporary file is still there")
    check_video(path, 2.0, 480, 30)


SCENARIOS = {
    "dialogs": scenario_dialogs,
    "temp-rename": scenario_temp_rename,
    "e2e-xtest": lambda fx: scenario_e2e(fx, False),
    "e2e-actions": lambda fx: scenario_e2e(fx, True),
    "growth": scenario_growth,
    "crash": scenario_crash,
    "crash-env": scenario_crash_env,
    "refuse-start": scenario_refuse_start,
    "stall": scenario_stall,
    "hang": scenario_hang,
    "export-error": scenario_export_error,
    "vip": scenario_vip,
    "prompts": scenario_prompts,
    "memory": scenario_memory,
    "list": scenario_list,
    "ui7": scenario_ui7,
    "ui108": scenario_ui108,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--editor", required=True)
    parser.add_argument("--cli", required=True)
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        print("SKIP: no DISPLAY; run inside xvfb-run -a dbus-run-session (./cutpilot.sh test)")
        return SKIP
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        print("SKIP: no D-Bus session bus; run inside dbus-run-session")
        return SKIP
    if not shutil.which("ffprobe"):
        print("SKIP: ffprobe is not installed (apt-get install ffmpeg)")
        return SKIP
    fx = Fixture(args)
    started = time.monotonic()
    try:
        SCENARIOS[args.scenario](fx)
    except Failure as failure:
        log(f"FAIL {args.scenario}: {failure}")
        for editor in fx.editors:
            log(f"events of pid {editor.pid}: {editor.events}")
        return 1
    finally:
        fx.close()
    log(f"PASS {args.scenario} in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
