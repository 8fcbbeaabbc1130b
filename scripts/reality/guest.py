"""The guest: a kernel with libceph and rbd (Debian's, or the user's own build) booted in qemu
inside the lab's namespace, its serial console stamped with the host's time.

The initramfs is busybox and the kernel's own modules (libceph, rbd and what they depend on,
read from the modules with modinfo; crc32c for libcrc32c's soft dependency; e1000 for the
NIC). Dynamic debug of net/ceph/mon_client.c and the messenger's keepalive, fault and
open/close lines is switched on at boot: `monsim import` reads them."""
import datetime
import glob
import gzip
import os
import shutil
import socket
import subprocess
import threading
import time

from lab import GUEST_IP, TAP, sh
from workdir import secure_dir, verify_deb

WANTED = ["crc32c_generic", "crc32c-intel", "libceph", "rbd", "e1000"]

INIT = r"""#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
mount -t debugfs none /sys/kernel/debug
for m in $(cat /mods/order); do insmod /mods/$m.ko || echo "insmod $m failed"; done
ip link set lo up; ip link set eth0 up; ip addr add GUEST_IP/24 dev eth0
C=/sys/kernel/debug/dynamic_debug/control
if [ -w $C ]; then
  echo 'file net/ceph/mon_client.c +pft' > $C
  for f in messenger_v1.c messenger.c; do echo "file net/ceph/$f format keepalive +pft" > $C; done
  for w in fault queue_con_delay con_open con_close; do echo "file net/ceph/messenger.c format $w +pft" > $C; done
  for f in queue_con_delay ceph_con_open ceph_con_close; do echo "func $f +pft" > $C; done
else
  echo "GUEST-NO-DYNAMIC-DEBUG" > /dev/kmsg
fi
# TCP's smoothed RTT to the monitors, for the simulated run beside this one (monsim import:
# run.tcp_srtt_us): the tcp_probe tracepoint, printed at the end of the run (driver.py).
P=/sys/kernel/debug/tracing/events/tcp/tcp_probe
if [ -w $P/enable ]; then echo 'dport == 6789' > $P/filter; echo 1 > $P/enable; fi
echo "GUEST-READY uname=$(uname -r)" > /dev/kmsg
exec setsid cttyhack sh
""".replace("GUEST_IP", GUEST_IP)


def debian_kernel(cache, log):
    """Debian's kernel of this release (the package linux-image-amd64 depends on), downloaded
    and extracted into the cache once: (vmlinuz, modules directory)."""
    out = sh(["apt-cache", "depends", "linux-image-amd64"])
    names = [l.split(":", 1)[1].strip() for l in out.splitlines() if l.strip().startswith("Depends: linux-image-")]
    if not names:
        raise RuntimeError("apt-cache: which kernel does linux-image-amd64 depend on?")
    pkg = names[0]
    kver = pkg[len("linux-image-"):]
    d = secure_dir(os.path.join(cache, "kernel", kver), trusted_root=cache)
    vmlinuz = os.path.join(d, "ext", "boot", "vmlinuz-" + kver)
    mods = os.path.join(d, "ext", "lib", "modules", kver)
    debs = sorted(glob.glob(os.path.join(d, pkg + "_*.deb")))
    if not debs:
        log(f"downloading {pkg}")
        subprocess.run(["apt-get", "download", pkg], cwd=d, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=900)
        debs = sorted(glob.glob(os.path.join(d, pkg + "_*.deb")))
    deb = debs[-1]
    sha = verify_deb(deb)  # the archive's bytes, or nothing of it is used
    stamp = os.path.join(d, "ext.sha256")
    if not os.path.exists(vmlinuz) or not os.path.exists(stamp) or open(stamp).read().strip() != sha:
        shutil.rmtree(os.path.join(d, "ext"), ignore_errors=True)
        sh(["dpkg-deb", "-x", deb, os.path.join(d, "ext")], timeout=300)
        with open(stamp, "w") as f:
            f.write(sha + "\n")
    return vmlinuz, mods


def module_file(mods, name):
    for ext in (".ko", ".ko.xz", ".ko.zst", ".ko.gz"):
        hits = sorted(glob.glob(os.path.join(mods, "**", name + ext), recursive=True))
        if not hits and "-" in name:
            hits = sorted(glob.glob(os.path.join(mods, "**", name.replace("-", "_") + ext), recursive=True))
        if hits:
            return hits[0]
    return None


def module_order(mods, log):
    """The modules to load, each after what it depends on (modinfo's depends=); a module not
    found is taken to be built in."""
    order, seen = [], set()

    def visit(name):
        key = name.replace("-", "_")
        if key in seen:
            return
        seen.add(key)
        path = module_file(mods, name)
        if not path:
            return
        deps = sh(["modinfo", "-F", "depends", path]).strip()
        for d in filter(None, deps.split(",")):
            visit(d)
        order.append((name, path))

    for m in WANTED:
        visit(m)
    names = [n for n, _ in order]
    for need in ("libceph", "rbd"):
        if need not in names:
            log(f"{need}: no module in {mods}: taken to be built into the kernel")
    return order


def build_initramfs(mods, out, log, scripts=None):
    """`scripts`: name -> shell text, put in the initramfs's root (the map command: its
    secret is never typed on the console, which would echo it)."""
    root = out + ".root"
    shutil.rmtree(root, ignore_errors=True)
    for d in ("bin", "proc", "sys", "dev", "mods", "tmp"):
        os.makedirs(os.path.join(root, d))
    shutil.copy("/bin/busybox", os.path.join(root, "bin", "busybox"))
    order = module_order(mods, log)
    for name, path in order:
        dst = os.path.join(root, "mods", name + ".ko")
        if path.endswith(".ko"):
            shutil.copy(path, dst)
        else:
            tool = {".xz": ["xz", "-dc"], ".zst": ["zstd", "-dc"], ".gz": ["gzip", "-dc"]}[os.path.splitext(path)[1]]
            with open(dst, "wb") as f:
                subprocess.run(tool + [path], check=True, stdout=f)
    with open(os.path.join(root, "mods", "order"), "w") as f:
        f.write(" ".join(n for n, _ in order) + "\n")
    for name, text in {"init": INIT, **(scripts or {})}.items():
        with open(os.path.join(root, name), "w") as f:
            f.write(text)
        os.chmod(os.path.join(root, name), 0o700)
    files = subprocess.run(["find", "."], cwd=root, check=True, stdout=subprocess.PIPE).stdout
    cpio = subprocess.run(["cpio", "-o", "-H", "newc"], cwd=root, input=files, check=True,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    with open(out, "wb") as f:
        f.write(gzip.compress(cpio, compresslevel=1))
    shutil.rmtree(root, ignore_errors=True)
    return [n for n, _ in order]


def utc_stamp():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Guest:
    def __init__(self, lab, state, vmlinuz, initramfs, console_log):
        self.lab, self.state = lab, state
        self.vmlinuz, self.initramfs = vmlinuz, initramfs
        self.console_log = console_log
        self.qemu = None
        self.sock = None
        self.lines = []          # (host time, line) as they arrive
        self.lock = threading.Lock()
        self.pump = None

    def start(self, accel):
        path = os.path.join(self.state, "run", "console.sock")
        cpu = "host" if accel == "kvm" else "max"
        cmd = self.lab.nsx(
            "qemu-system-x86_64", "-accel", accel, "-cpu", cpu, "-smp", "1", "-m", "512", "-rtc", "base=utc,clock=host",
            "-kernel", self.vmlinuz, "-initrd", self.initramfs,
            "-append", "console=ttyS0,115200 loglevel=8 ipv6.disable=1 panic=-1",
            "-display", "none", "-monitor", "none", "-no-reboot",
            "-chardev", f"socket,id=ser0,path={path},server=on,wait=on", "-serial", "chardev:ser0",
            "-netdev", f"tap,id=n0,ifname={TAP},script=no,downscript=no", "-device", "e1000,netdev=n0,mac=52:54:00:00:02:64")
        qlog = open(os.path.join(self.state, "log", "qemu.out"), "w")
        self.qemu = subprocess.Popen(cmd, stdout=qlog, stderr=subprocess.STDOUT, start_new_session=True)
        for _ in range(300):
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(path)
                self.sock = s
                break
            except OSError:
                if self.qemu.poll() is not None:
                    raise RuntimeError(f"qemu exited ({self.qemu.returncode}): see {qlog.name}")
                time.sleep(0.1)
        if not self.sock:
            raise RuntimeError("qemu's console socket never opened")
        self.pump = threading.Thread(target=self._pump, daemon=True)
        self.pump.start()

    def _pump(self):
        buf = b""
        with open(self.console_log, "a", buffering=1) as log:
            while True:
                try:
                    d = self.sock.recv(65536)
                except OSError:
                    break
                if not d:
                    break
                buf += d
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    text = line.rstrip(b"\r").decode("utf-8", "replace")
                    stamp = utc_stamp()
                    log.write(stamp + " | " + text + "\n")
                    with self.lock:
                        self.lines.append((stamp, text))

    def type(self, command):
        self.sock.sendall(command.encode() + b"\n")

    def wait_for(self, text, seconds, since=0):
        """The first line at or after index `since` that contains `text` (or for which `text`,
        a function, is true): (index, stamp, line). The shell echoes what is typed: a
        kernel line is told by its printk stamp."""
        match = text if callable(text) else (lambda line: text in line)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            with self.lock:
                for i in range(since, len(self.lines)):
                    if match(self.lines[i][1]):
                        return i, self.lines[i][0], self.lines[i][1]
            if self.qemu.poll() is not None:
                raise RuntimeError(f"the guest stopped (qemu exit {self.qemu.returncode})")
            time.sleep(0.05)
        return None

    def line_count(self):
        with self.lock:
            return len(self.lines)

    def stop(self):
        if self.qemu and self.qemu.poll() is None:
            self.qemu.terminate()
            try:
                self.qemu.wait(10)
            except subprocess.TimeoutExpired:
                self.qemu.kill()
                self.qemu.wait()
        if self.sock:
            self.sock.close()
        if self.pump:
            self.pump.join(5)
