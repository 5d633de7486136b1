#!/usr/bin/python3
"""Drives headless Chromium over the DevTools protocol, the way a person on a phone would.

  browserdrive.py download URL DIR [--password PW]
      opens URL (a share's page) at 360x740, types the password into the form and submits it
      when one is asked for, presses Download and waits until the file is saved in DIR; prints
      the saved file's name.
  browserdrive.py screenshot URL PNG [--dark]
      saves what a 360x740 phone screen shows of URL (light, or dark with --dark).

Needs Debian's chromium and python3-websocket. Exit status 0 on success, 1 with a reason.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import websocket

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--remote-debugging-port=0", "--hide-scrollbars",
]
WIDTH, HEIGHT = 360, 740


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="sluice-chromium-")
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        if not binary:
            raise SystemExit("chromium is not installed")
        self.process = subprocess.Popen(
            [binary, *CHROMIUM_FLAGS, "--user-data-dir=" + self.profile, "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.time() + 30
        while not os.path.exists(port_file) or os.path.getsize(port_file) == 0:
            if time.time() > deadline or self.process.poll() is not None:
                raise SystemExit("chromium did not start")
            time.sleep(0.05)
        with open(port_file) as f:
            port, path = f.read().split()[:2]
        self.ws = websocket.create_connection("ws://127.0.0.1:%s%s" % (port, path), timeout=60)
        self.next_id = 0
        self.events = []

    def call(self, method, session=None, **params):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise SystemExit("%s failed: %s" % (method, reply["error"]))
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, predicate, timeout=60):
        deadline = time.time() + timeout
        while True:
            for event in self.events:
                if predicate(event):
                    self.events.remove(event)
                    return event
            if time.time() > deadline:
                raise SystemExit("timed out waiting for the browser")
            self.ws.settimeout(max(0.1, deadline - time.time()))
            try:
                self.events.append(json.loads(self.ws.recv()))
            except websocket.WebSocketTimeoutException:
                pass

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def open_phone_tab(browser, dark=False):
    target = browser.call("Target.createTarget", url="about:blank")["targetId"]
    session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    browser.call("Page.enable", session)
    browser.call("Emulation.setDeviceMetricsOverride", session, width=WIDTH, height=HEIGHT,
                 deviceScaleFactor=2, mobile=True)
    browser.call("Emulation.setEmulatedMedia", session,
                 features=[{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}])
    return session


def navigate(browser, session, url):
    browser.call("Page.navigate", session, url=url)
    browser.wait_for(lambda e: e.get("method") == "Page.loadEventFired"
                     and e.get("sessionId") == session)


def node_box(browser, session, selector):
    root = browser.call("DOM.getDocument", session)["root"]["nodeId"]
    node = browser.call("DOM.querySelector", session, nodeId=root, selector=selector)["nodeId"]
    if not node:
        return None, None
    quad = browser.call("DOM.getBoxModel", session, nodeId=node)["model"]["content"]
    return node, ((quad[0] + quad[4]) / 2, (quad[1] + quad[5]) / 2)


def click(browser, session, x, y):
    for kind in ("mousePressed", "mouseReleased"):
        browser.call("Input.dispatchMouseEvent", session, type=kind, x=x, y=y,
                     button="left", clickCount=1)


def download(url, folder, password):
    browser = Browser()
    try:
        browser.call("Browser.setDownloadBehavior", behavior="allow", downloadPath=folder,
                     eventsEnabled=True)
        session = open_phone_tab(browser)
        navigate(browser, session, url)
        node, _ = node_box(browser, session, "input[type=password]")
        if node:
            if password is None:
                raise SystemExit("the page asks for a password")
            # Typed and submitted with the Enter key, as a person would: the page has no script.
            browser.call("DOM.focus", session, nodeId=node)
            browser.call("Input.insertText", session, text=password)
            browser.call("Input.dispatchKeyEvent", session, type="keyDown", key="Enter",
                         code="Enter", windowsVirtualKeyCode=13, text="\r")
            browser.call("Input.dispatchKeyEvent", session, type="keyUp", key="Enter",
                         code="Enter", windowsVirtualKeyCode=13)
            browser.wait_for(lambda e: e.get("method") == "Page.loadEventFired"
                             and e.get("sessionId") == session)
        node, centre = node_box(browser, session, "a.button")
        if not node:
            raise SystemExit("no Download button on the page")
        click(browser, session, *centre)
        begun = browser.wait_for(lambda e: e.get("method") == "Browser.downloadWillBegin")
        guid = begun["params"]["guid"]
        done = browser.wait_for(lambda e: e.get("method") == "Browser.downloadProgress"
                                and e["params"].get("guid") == guid
                                and e["params"].get("state") in ("completed", "canceled"))
        if done["params"]["state"] != "completed":
            raise SystemExit("the download was cancelled")
        print(begun["params"]["suggestedFilename"])
    finally:
        browser.close()


def screenshot(url, png, dark):
    browser = Browser()
    try:
        session = open_phone_tab(browser, dark)
        navigate(browser, session, url)
        shot = browser.call("Page.captureScreenshot", session, format="png")
        with open(png, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
    finally:
        browser.close()


def main(argv):
    if len(argv) >= 4 and argv[1] == "download":
        password = argv[argv.index("--password") + 1] if "--password" in argv else None
        download(argv[2], argv[3], password)
    elif len(argv) >= 4 and argv[1] == "screenshot":
        screenshot(argv[2], argv[3], "--dark" in argv)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
