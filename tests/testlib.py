"""testlib: what the Python tests in tests/ share -- the check counters and
the closing summary, the cleaned environment for command-line runs, and a
tmux terminal (Term) for the end-to-end tests.

The scripts are run by meson as `python3 tests/<name>.py` with the build
directory as cwd, so they import this module with

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import testlib

Python standard library only."""
import os
import shlex
import subprocess
import sys
import time

BIN = os.environ.get("BUILDSPEAK_BIN", "build/buildspeak")
SAMPLE = os.environ.get("BUILDSPEAK_SAMPLE", "data/sample.page.txt")
# Seconds a wait may take before what it waits for counts as not there:
# generous, because waits end as soon as it shows, and a loaded machine
# (the suite beside a build, or under ASan) can take seconds to draw.
TIMEOUT = 30.0

# ---- checks ---------------------------------------------------------------

failures = []       # what failed, in order
checks = 0          # how many checks ran
report_ok = False   # check() also prints "ok: WHAT" for a passing check


def count(ok, what):
    """Counts one check; records what as a failure when not ok."""
    global checks
    checks += 1
    if not ok:
        failures.append(what)
    return ok


def check(cond, what, screen=None):
    """An end-to-end check: a failure is printed on stderr, with the
    screen when one is given."""
    count(cond, what)
    if not cond:
        print("FAIL: " + what, file=sys.stderr)
        if screen is not None:
            print("---- screen ----\n" + screen + "\n----------------",
                  file=sys.stderr)
    elif report_ok:
        print("ok: " + what, file=sys.stderr)
    return cond


def cli_check(name, ok, detail=""):
    """A command-line check: one line on stdout, ok or FAIL (with the
    detail when there is one)."""
    count(ok, name)
    if ok:
        print(f"ok   {name}")
    else:
        print(f"FAIL {name}" + (f": {detail}" if detail else ""))
    return ok


def summary(with_checks=True, elapsed=None, file=sys.stdout):
    """Prints the closing line ("N checks, M failed" or "M failed", with
    the seconds taken when elapsed is given); returns the exit status."""
    if with_checks:
        line = "%d checks, %d failed" % (checks, len(failures))
    else:
        line = "%d failed" % len(failures)
    if elapsed is not None:
        line += ", %.1f s" % elapsed
    print(line, file=file)
    return 1 if failures else 0


# ---- command-line runs ------------------------------------------------------

def clean_env(home, drop=("BUILDSPEAK_DB", "XDG_DATA_HOME"), **extra):
    """The environment a command-line run gets: the caller's, without the
    variables in drop (no library chosen by the caller's own environment),
    with HOME=home, a UTF-8 locale and then extra."""
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["HOME"] = home
    env["LC_ALL"] = "C.UTF-8"
    env.update(extra)
    return env


# ---- a real terminal ----------------------------------------------------------

def xdg_env(home, state=False):
    """HOME and the XDG directories under it, LC_ALL=C.UTF-8 and a tmux
    TERM: the environment of a program in a Term."""
    env = {
        "HOME": home,
        "XDG_CONFIG_HOME": os.path.join(home, ".config"),
        "XDG_DATA_HOME": os.path.join(home, ".local", "share"),
    }
    if state:
        env["XDG_STATE_HOME"] = os.path.join(home, ".local", "state")
    env["LC_ALL"] = "C.UTF-8"
    env["TERM"] = "tmux-256color"
    return env


class Term:
    """One tmux server on a private socket (-L, -f /dev/null) with one pane
    running a shell command at a fixed size. The pane outlives the program
    (the shell writes its exit status to a file, then sleeps), so its exit
    status and last screen can be read.

    Subclasses set: prefix (of the socket's name), xdg_state (also set
    XDG_STATE_HOME), extra_env (a function of home giving more variables;
    None as a value unsets one), trap_int (the shell survives a ^C to
    record the exit status), poll (seconds between looks) and settle (wait()
    judges a screen only once it stays the same for one more look)."""
    count = 0
    prefix = "bs-term"
    xdg_state = False
    trap_int = False
    poll = 0.02
    settle = False

    def extra_env(self, home):
        return {}

    def __init__(self, home, cmd, cols=100, rows=30, env=None):
        Term.count += 1
        self.sock = "%s-%d-%d" % (self.prefix, os.getpid(), Term.count)
        self.home = home
        self.cols, self.rows = cols, rows
        self.exit_file = os.path.join(home, "exit-%d" % Term.count)
        base = xdg_env(home, self.xdg_state)
        base.update(self.extra_env(home))
        base.update(env or {})
        words = ["-u %s" % k for k, v in base.items() if v is None]
        words += ["%s=%s" % (k, shlex.quote(v)) for k, v in base.items()
                  if v is not None]
        # env execs the program, so the pane's shell is its parent.
        shell = "env %s %s; echo EXIT=$? > %s; exec sleep 600" % (
            " ".join(words), cmd, shlex.quote(self.exit_file))
        if self.trap_int:
            # A trap, not an ignore, so the program gets the default
            # disposition.
            shell = "trap 'true' INT; " + shell
        self.tmux("new-session", "-d", "-x", str(cols), "-y", str(rows),
                  "sh", "-c", shell)

    def tmux(self, *args):
        r = subprocess.run(["tmux", "-L", self.sock, "-f", "/dev/null"] +
                           list(args), capture_output=True, text=True)
        return r.stdout

    def screen(self):
        return self.tmux("capture-pane", "-p")

    def screen_escapes(self):
        return self.tmux("capture-pane", "-p", "-e")

    def fmt(self, f):
        return self.tmux("display-message", "-p", f).strip()

    def keys(self, *keys):
        self.tmux("send-keys", *keys)

    def literal(self, text):
        self.tmux("send-keys", "-l", text)

    def wait(self, pred, what, timeout=TIMEOUT):
        """Polls the screen until pred(screen) holds; a failure (with the
        last screen) when it does not within timeout. Returns the last
        screen."""
        end = time.monotonic() + timeout
        s = self.screen()
        while True:
            if pred(s):
                if not self.settle:
                    check(True, what)
                    return s
                # A frame can arrive in pieces: hold on until the screen
                # stays the same for one more look, then judge that.
                time.sleep(self.poll)
                again = self.screen()
                if again == s:
                    check(True, what)
                    return s
                s = again
                continue
            if time.monotonic() > end:
                check(False, what, s)
                return s
            time.sleep(self.poll)
            s = self.screen()

    def wait_text(self, text, what=None, timeout=TIMEOUT):
        return self.wait(lambda s: text in s, what or "shows %r" % text,
                         timeout)

    def wait_exit(self, timeout=TIMEOUT):
        """The program's exit status, or None when it has not exited
        within timeout."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if os.path.exists(self.exit_file):
                with open(self.exit_file) as f:
                    data = f.read().strip()
                if data.startswith("EXIT="):
                    return int(data[5:])
            time.sleep(self.poll)
        return None

    def reader_pid(self):
        """The program: the child of the pane's shell."""
        shell = int(self.fmt("#{pane_pid}"))
        for p in os.listdir("/proc"):
            if not p.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % p) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == shell:
                return int(p)
        return None

    def resize(self, cols, rows):
        self.cols, self.rows = cols, rows
        self.tmux("resize-window", "-x", str(cols), "-y", str(rows))

    def kill(self):
        self.tmux("kill-server")
