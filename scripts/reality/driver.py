#!/usr/bin/env python3
"""monsim reality's driver: builds the lab (sim/scenario/reality_plan.h says what a plan can
ask), maps the RBD image from the guest at t = 0 -- or, for a plan with "client userspace",
starts rados_connect() in a librados client of its own namespace --, applies the plan's
steps at their instants, and leaves the client's log (the guest's console, or client.log,
librados' own) and the host's fault log in LOGS for `monsim import`.

usage: driver.py --plan PLAN --work DIR --logs DIR [--kernel VMLINUZ --modules DIR]
                 [--accel auto|kvm|tcg] [--no-install]

Needs root (network namespaces, a tap or a veth, iptables inside the namespace, qemu on the tap).
WORK keeps what is worth keeping between runs (Debian's kernel, downloaded once); each run's
cluster lives in WORK/run-PID, removed at the end. It stops only the processes it started (by
their PIDs) and deletes only its own namespace, also when interrupted (SIGINT, SIGTERM).
Exit 0: LOGS holds the run; 1: it failed (the message says where); 130/143: interrupted."""
import argparse
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True  # nothing written into the tree it runs from
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faults import FaultLog, apply_step  # noqa: E402
from guest import Guest, build_initramfs, debian_kernel, utc_stamp  # noqa: E402
from lab import GUEST_IP, Lab, sh  # noqa: E402
from plan import PlanError, read_plan  # noqa: E402
from workdir import UnsafeDir, secure_dir  # noqa: E402

PACKAGES = {"qemu-system-x86_64": "qemu-system-x86", "busybox": "busybox-static", "ceph-mon": "ceph-mon",
            "ceph-osd": "ceph-osd", "ceph": "ceph-common", "rbd": "ceph-common", "ip": "iproute2",
            "iptables": "iptables", "modinfo": "kmod", "cpio": "cpio", "ss": "iproute2"}


def log(text):
    print(f"reality: {text}", flush=True)


class Interrupted(Exception):
    def __init__(self, sig):
        super().__init__(f"interrupted by signal {sig}")
        self.sig = sig


def on_signal(sig, _frame):
    # Once: a Ctrl-C reaches monsim and the driver both, and monsim passes its own on.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Interrupted(sig)


def static_busybox():
    """/bin/busybox, linked statically (the initramfs has no libc: Debian's busybox-static): a
    64-bit ELF file without a PT_INTERP program header."""
    try:
        with open("/bin/busybox", "rb") as f:
            head = f.read(64)
            if len(head) < 64 or head[:4] != b"\x7fELF" or head[4] != 2:
                return False
            phoff, = struct.unpack_from("<Q", head, 32)
            phentsize, phnum = struct.unpack_from("<HH", head, 54)
            f.seek(phoff)
            table = f.read(phentsize * phnum)
        return all(struct.unpack_from("<I", table, i * phentsize)[0] != 3 for i in range(phnum))
    except (OSError, struct.error):
        return False


# What a librados client's lab needs (no guest, no OSD).
USERSPACE_PACKAGES = {"ceph-mon": "ceph-mon", "ceph": "ceph-common", "ip": "iproute2", "iptables": "iptables",
                      "ss": "iproute2"}


def python_rados():
    """Debian's python3-rados, importable by the system's python3 (the client's)."""
    return subprocess.run(["/usr/bin/python3", "-c", "import rados"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, check=False).returncode == 0


def install_missing(no_install, client):
    needed = USERSPACE_PACKAGES if client == "userspace" else PACKAGES
    missing = sorted({pkg for cmd, pkg in needed.items() if not shutil.which(cmd)})
    if client == "userspace" and not python_rados():
        missing.append("python3-rados")
    if client == "kernel" and not static_busybox() and "busybox-static" not in missing:
        missing.append("busybox-static")
    if not missing:
        return
    if no_install or not shutil.which("apt-get"):
        raise RuntimeError("missing packages: " + " ".join(missing) + " (Debian: apt-get install them)")
    log("installing " + " ".join(missing))
    sh(["apt-get", "update"], timeout=900)
    env_cmd = ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "--no-install-recommends", *missing]
    sh(env_cmd, timeout=1800)


def boot(lab, state, vmlinuz, initramfs, console, accel):
    """The guest up with its shell ready; KVM first when asked for (or `auto` and /dev/kvm is
    there), TCG when KVM does not boot it within 90 s."""
    tries = ["kvm", "tcg"] if accel == "kvm" or (accel == "auto" and os.path.exists("/dev/kvm")) else ["tcg"]
    for i, a in enumerate(tries):
        g = Guest(lab, state, vmlinuz, initramfs, console)
        g.start(a)
        ready = g.wait_for("GUEST-READY", 90 if a == "kvm" else 600)
        if ready:
            log(f"guest up ({a}): {ready[2].split('GUEST-READY', 1)[1].strip()}")
            return g, a
        g.stop()
        log(f"guest did not boot under {a}" + (": trying tcg" if i + 1 < len(tries) else ""))
    raise RuntimeError("the guest did not boot (see its console log)")


def leftovers(work):
    """Namespaces and run directories of runs whose driver is gone (SIGKILL, a crash): named,
    not touched -- they may hold processes this run did not start."""
    def gone(pid):
        try:
            os.kill(int(pid), 0)
            return False
        except ProcessLookupError:
            return True
        except (OSError, ValueError):
            return False
    for ns in sh(["ip", "netns", "list"], check=False).split():
        if re.fullmatch(r"monsim-\d+(-c)?", ns) and gone(ns.split("-")[1]):
            log(f"left by a run that did not end: network namespace {ns} (ip netns pids {ns}; ip netns del {ns})")
    if os.path.isdir(work):
        for d in sorted(os.listdir(work)):
            if re.fullmatch(r"run-\d+", d) and gone(d.split("-")[1]):
                log(f"left by a run that did not end: {os.path.join(work, d)}")


def run(args):
    plan = read_plan(args.plan)
    if os.geteuid() != 0:
        raise RuntimeError("needs root (a network namespace, a tap, iptables, qemu)")
    os.umask(0o077)  # keyrings, the initramfs with the client's secret, the cluster: root's alone
    work = secure_dir(args.work)  # before anything is read from or written into it (workdir.py)
    install_missing(args.no_install, plan.client)
    leftovers(work)
    os.makedirs(args.logs, exist_ok=True)
    state = os.path.join(work, f"run-{os.getpid()}")
    os.mkdir(state, 0o700)
    flog = FaultLog(os.path.join(args.logs, "faults-host.log"))
    lab = Lab(state, plan.monitors, plan.election, plan.ticket_ttl, log, plan.client)
    if plan.client == "userspace":
        return run_userspace(plan, lab, state, flog, args.logs)
    return run_kernel(plan, lab, state, flog, args)


def play(plan, lab, flog, t0):
    """The plan's steps at their instants from t0 (host time.time()), then the run's end."""
    acted = {}
    for step in plan.steps:
        if step.at >= plan.duration:
            break
        wait = t0 + step.at - time.time()
        if wait > 0:
            time.sleep(wait)
        apply_step(step, lab, flog, acted, log)
    wait = t0 + plan.duration - time.time()
    if wait > 0:
        log(f"running to the end ({wait:.0f} s)")
        time.sleep(wait)
    flog.line("=== end of run")


def run_kernel(plan, lab, state, flog, args):
    console = os.path.join(args.logs, "guest-console.log")
    guest = None
    try:
        if args.kernel:
            vmlinuz, mods = args.kernel, args.modules
        else:
            vmlinuz, mods = debian_kernel(work, log)
        lab.make_namespace()
        log(f"namespace {lab.ns}: monitors " + ", ".join(f"mon.{m} {lab.ip(m)}" for m in plan.monitors) +
            f", guest {GUEST_IP}")
        lab.make_cluster()
        key = lab.admin_key()
        mons = ",".join(f"{lab.ip(m)}:6789" for m in plan.monitors)
        # The map command lives in the initramfs: the secret never crosses the console.
        initramfs = os.path.join(state, "initramfs.gz")
        mapper = ("#!/bin/sh\necho '" + mons + " name=admin,secret=" + key +
                  ",ms_mode=legacy rbd img' > /sys/bus/rbd/add_single_major\n")
        loaded = build_initramfs(mods, initramfs, log, {"map": mapper})
        log(f"initramfs: {' '.join(loaded)} from {mods}")
        guest, accel = boot(lab, state, vmlinuz, initramfs, console, args.accel)
        # t = 0: the MARK the guest's log carries, then the map.
        since = guest.line_count()
        guest.type(f"echo 'MARK start host={utc_stamp()}' > /dev/kmsg; /map; echo MAPRC=$?")
        mark = guest.wait_for(lambda line: "] MARK start host=" in line, 60, since)
        if not mark:
            raise RuntimeError("the guest did not take the map command")
        t0 = time.time()
        flog.line(f"=== t0 (MARK start arrived); plan {plan.name}, {len(plan.steps)} steps, {plan.duration:g} s")
        done = guest.wait_for(lambda line: re.fullmatch(r"MAPRC=\d+", line.strip()) is not None, 120, since)
        if not done:
            log("the map has not returned after 120 s: the run goes on (see guest-console.log)")
        elif done[2].strip() != "MAPRC=0":
            log(f"the map FAILED ({done[2].strip()}): the run goes on (see guest-console.log)")
        else:
            log("mapped")
        play(plan, lab, flog, t0)
        # The guest TCP's RTT samples (guest.py enabled tcp_probe): onto the console, for the
        # import. The pattern is written so that the shell's echo of this line does not match.
        since = guest.line_count()
        guest.type("grep -e ' tcp_prob[e]: ' /sys/kernel/debug/tracing/trace; echo TCP-PROBES-$((40+2))")
        if not guest.wait_for(lambda line: line.strip() == "TCP-PROBES-42", 60, since):
            log("the guest did not print its TCP probes within 60 s: the import has no RTT")
        lab.keep_mon_logs(args.logs)
        qemu = sh(["qemu-system-x86_64", "--version"], check=False).splitlines()[0]
        write_versions(args.logs, [f"guest kernel: {vmlinuz}", f"accel: {accel}"], [qemu])
        redact(console, key)
        return 0
    finally:
        teardown(lab, state, guest)


def write_versions(logs, first, last=()):
    """versions.txt: what ran (`first` and `last` lines around Ceph's own versions), and the host."""
    with open(os.path.join(logs, "versions.txt"), "w") as f:
        f.write("".join(line + "\n" for line in first))
        f.write(sh(["ceph-mon", "--version"], check=False))
        f.write("".join(line + "\n" for line in last))
        f.write("host: " + " ".join(os.uname()) + "\n")


def teardown(lab, state, client):
    """The lab down, whatever happened: the client (the guest, or librados), then the cluster
    and its namespaces, then the run's state. Not to be cut short by a second signal."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if client:
        client.stop()
    lab.stop_all()
    shutil.rmtree(state, ignore_errors=True)
    log("lab torn down")


CLIENT_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rados_client.py")


class RadosClient:
    """The librados client process (rados_client.py) in its namespace: its lines read by a
    thread, as they come."""

    def __init__(self, cmd, flog):
        self.flog = flog  # the connect's end goes into the fault log, at the client's own stamp
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True)
        self.lines = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()
            m = re.match(r"(CONNECTED|CONNECT-FAILED) (\S+)", line)
            if m:
                self.flog.line(f"CLIENT {m.group(1).lower()}", stamp=m.group(2))
            log("client: " + line.rstrip("\n")[:300])

    def wait_for(self, word, seconds):
        end = time.monotonic() + seconds
        with self.cond:
            while not any(l.startswith(word) for l in self.lines):
                left = end - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    return False
                self.cond.wait(min(left, 0.5))
        return True

    def send(self, text):
        try:
            self.proc.stdin.write(text + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass

    def stop(self):
        """"stop", then 30 s for rados_shutdown(), then SIGKILL: only this child is signalled."""
        if self.proc.poll() is None:
            self.send("stop")
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def run_userspace(plan, lab, state, flog, logs):
    """The lab for a librados client: monitors, the client in a namespace of its own; t = 0 is
    the instant rados_connect() is asked for."""
    client = None
    client_log = os.path.join(state, "log", "client.admin.log")
    try:
        lab.make_namespace()
        log(f"namespaces {lab.ns} (monitors " + ", ".join(f"mon.{m} {lab.ip(m)}" for m in plan.monitors) +
            f") and {lab.client_ns} (librados {GUEST_IP})")
        lab.make_cluster()
        conf = os.path.join(state, "client.conf")
        lab.write_client_conf(conf, client_log, plan.ceph_conf)
        client = RadosClient(lab.client_cmd("/usr/bin/python3", CLIENT_SCRIPT, conf), flog)
        if not client.wait_for("READY", 60):
            raise RuntimeError("the librados client did not start: " + " | ".join(client.lines[-5:]))
        t0 = time.time()
        flog.line(f"=== t0 (rados_connect); plan {plan.name}, {len(plan.steps)} steps, {plan.duration:g} s")
        client.send("go")
        play(plan, lab, flog, t0)
        client.stop()
        client = None
        shutil.copyfile(client_log, os.path.join(logs, "client.log"))
        lab.keep_mon_logs(logs)
        librados = sh(["ceph", "--version"], check=False).strip()
        write_versions(logs, ["client: librados (python3-rados) in namespace " + lab.client_ns, librados])
        return 0
    finally:
        teardown(lab, state, client)


def redact(path, key):
    """The console saw the client's secret in the map command: not kept."""
    if not key or not os.path.exists(path):
        return
    with open(path, errors="replace") as f:
        text = f.read()
    with open(path + ".tmp", "w") as f:
        f.write(text.replace(key, "<REDACTED>"))
    os.replace(path + ".tmp", path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--plan", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--logs", required=True)
    ap.add_argument("--kernel")
    ap.add_argument("--modules")
    ap.add_argument("--accel", default="auto", choices=["auto", "kvm", "tcg"])
    ap.add_argument("--no-install", action="store_true")
    args = ap.parse_args()
    if bool(args.kernel) != bool(args.modules):
        print("reality: --kernel and --modules go together", file=sys.stderr)
        return 2
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        return run(args)
    except Interrupted as e:
        log(str(e))
        return 128 + e.sig
    except UnsafeDir as e:
        log(f"refused: {e}")
        return 2
    except (PlanError, RuntimeError, OSError) as e:
        log(f"failed: {e}")
        return 1
    except Exception as e:  # noqa: BLE001 -- whatever it is, the lab is down (finally) and it is said
        log(f"failed: {type(e).__name__}: {e}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
