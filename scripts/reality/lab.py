"""The lab's cluster: a network namespace of the run's own, real ceph-mon processes, one OSD and
an RBD image (for a kernel client), and the packet filter the partitions use.

Everything lives in the run's state directory and its namespaces; every process is known by
the PID its pid file names (or, the librados client, by the driver's child), and only those
are ever signalled. The namespace has no route out: its only interface is the guest's tap or,
for a librados client, a veth to the client's own namespace, on 192.0.2.0/24 (TEST-NET-1).
A librados client lives in a namespace of its own so that its packets cross an interface the
filter sees (a process inside the monitors' namespace would be delivered locally)."""
import json
import os
import re
import signal
import subprocess
import time

SUBNET = "192.0.2"
GUEST_IP = SUBNET + ".100"
# The namespace's own address, first on the tap (its primary: what an unbound socket would
# leave from), and the OSD's: neither is a monitor's, so that a rule on a monitor's address
# holds that monitor's packets and nothing else. Every daemon binds before it connects.
HOST_IP = SUBNET + ".254"
OSD_IP = SUBNET + ".99"
TAP = "tap0"
FSID = "4c5e1b7a-1111-4222-8333-944455556666"


def sh(cmd, check=True, capture=True, timeout=120, stdin=None):
    r = subprocess.run(cmd, check=False, text=True, timeout=timeout, input=stdin,
                       stdout=subprocess.PIPE if capture else None, stderr=subprocess.STDOUT if capture else None)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: exit {r.returncode}: {(r.stdout or '').strip()[-2000:]}")
    return r.stdout or ""


def keyrings_private(state):
    """Every keyring and secret of the lab: 0600, root's alone (the driver's umask says so too)."""
    for d, _, files in os.walk(state):
        for f in files:
            if f.endswith("keyring") or f == "osd-secret.json":
                os.chmod(os.path.join(d, f), 0o600)


class Lab:
    def __init__(self, state, monitors, election, ticket_ttl, log, client="kernel"):
        self.state = state               # the run's directory: stores, conf, pid files, logs
        self.monitors = monitors         # ["a", "b", "c"]: mon.a on 192.0.2.1, ...
        self.election = election
        self.ticket_ttl = ticket_ttl
        self.log = log                   # log(text): a progress line
        self.client = client             # "kernel" (a qemu guest on the tap) or "userspace" (librados)
        self.ns = f"monsim-{os.getpid()}"
        self.client_ns = self.ns + "-c"  # the librados client's namespace
        self.ns_made = False
        self.client_ns_made = False
        self.conf = os.path.join(state, "ceph.conf")
        self.rules = []                  # packet filter rules in force (a multiset: a partition twice is held twice)
        self.isolated = {}               # monitor -> the rules of its poweroff

    # ------------------------------------------------------------------ names and addresses
    def ip(self, mon):
        return f"{SUBNET}.{self.monitors.index(mon) + 1}"

    def node_ip(self, node):
        return GUEST_IP if node.startswith("client.") else self.ip(node[len("mon."):])

    def nsx(self, *cmd):
        return ["ip", "netns", "exec", self.ns, *cmd]

    def pid_file(self, daemon):
        return os.path.join(self.state, "run", daemon + ".pid")

    def pid(self, daemon):
        try:
            with open(self.pid_file(daemon)) as f:
                p = int(f.read().strip())
            os.kill(p, 0)
            return p
        except (OSError, ValueError):
            return None

    # ------------------------------------------------------------------ the namespace
    def make_namespace(self):
        if self.ns in sh(["ip", "netns", "list"]).split():
            raise RuntimeError(f"network namespace {self.ns} exists already (not this run's): not touched")
        sh(["ip", "netns", "add", self.ns])
        self.ns_made = True
        sh(self.nsx("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1"))
        sh(["ip", "-n", self.ns, "link", "set", "lo", "up"])
        if self.client == "userspace":
            self.make_client_namespace()
        else:
            sh(["ip", "-n", self.ns, "tuntap", "add", "dev", TAP, "mode", "tap"])
        for ip in [HOST_IP] + [self.ip(m) for m in self.monitors] + [OSD_IP]:
            sh(["ip", "-n", self.ns, "addr", "add", ip + "/24", "dev", TAP])
        sh(["ip", "-n", self.ns, "link", "set", TAP, "up"])

    def make_client_namespace(self):
        """The librados client's namespace: a veth whose monitors' end is named like the guest's
        tap (the filter's rules are the same), the client on GUEST_IP at the other end."""
        if self.client_ns in sh(["ip", "netns", "list"]).split():
            raise RuntimeError(f"network namespace {self.client_ns} exists already (not this run's): not touched")
        sh(["ip", "netns", "add", self.client_ns])
        self.client_ns_made = True
        sh(["ip", "netns", "exec", self.client_ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
            "net.ipv6.conf.default.disable_ipv6=1"])
        sh(["ip", "-n", self.client_ns, "link", "set", "lo", "up"])
        sh(["ip", "-n", self.ns, "link", "add", TAP, "type", "veth", "peer", "name", "veth0", "netns", self.client_ns])
        sh(["ip", "-n", self.client_ns, "addr", "add", GUEST_IP + "/24", "dev", "veth0"])
        sh(["ip", "-n", self.client_ns, "link", "set", "veth0", "up"])

    def client_cmd(self, *cmd):
        return ["ip", "netns", "exec", self.client_ns, *cmd]

    # ------------------------------------------------------------------ the cluster
    def addrv(self, m):
        """A monitor's addresses. For a librados client, msgr1 alone (ms_bind_msgr2 false): its
        monmap then offers v1 only, as the kernel's ms_mode=legacy uses, and as monsim models."""
        if self.client == "userspace":
            return f"[v1:{self.ip(m)}:6789]"
        return f"[v2:{self.ip(m)}:3300,v1:{self.ip(m)}:6789]"

    def write_conf(self):
        s = self.state
        hosts = ",".join(self.addrv(m) for m in self.monitors)
        lines = [
            "[global]", f"fsid = {FSID}", f"mon_host = {hosts}", f"public_network = {SUBNET}.0/24",
            "ms_bind_ipv6 = false", "ms_bind_before_connect = true", f"ms_bind_msgr2 = {str(self.client != 'userspace').lower()}", "auth_cluster_required = cephx", "auth_service_required = cephx",
            "auth_client_required = cephx", f"keyring = {s}/$cluster.$name.keyring", f"run_dir = {s}/run",
            f"admin_socket = {s}/run/$name.asok", f"log_file = {s}/log/$name.log", f"pid_file = {s}/run/$name.pid",
            "osd_pool_default_size = 1", "osd_pool_default_min_size = 1", "mon_allow_pool_size_one = true",
            "mon_warn_on_insecure_global_id_reclaim_allowed = false", "mon_warn_on_pool_no_redundancy = false",
            f"crash_dir = {s}/crash", f"auth_service_ticket_ttl = {self.ticket_ttl:g}",
            "[mon]", f"mon_data = {s}/mon.$id", f"keyring = {s}/mon.$id/keyring", "debug_ms = 1", "debug_mon = 10",
            "debug_auth = 10", f"mon_cluster_log_file = {s}/log/cluster.log", f"mon_election_timeout = {self.election:g}",
        ]
        for m in self.monitors:
            lines += [f"[mon.{m}]", f"public_addrv = {self.addrv(m)}"]
        lines += ["[osd]", f"public_addr = {OSD_IP}", f"cluster_addr = {OSD_IP}", f"keyring = {s}/osd.$id/keyring", "osd_objectstore = memstore", f"osd_data = {s}/osd.$id",
                  "memstore_device_bytes = 268435456", "debug_ms = 0"]
        with open(self.conf, "w") as f:
            f.write("\n".join(lines) + "\n")

    def ceph(self, *args, timeout=30, check=True):
        return sh(self.nsx("ceph", "-c", self.conf, *args), check=check, timeout=timeout)

    def make_cluster(self):
        s = self.state
        for d in ("run", "log", "crash"):
            os.makedirs(os.path.join(s, d), exist_ok=True)
        self.write_conf()
        sh(["ceph-authtool", "--create-keyring", f"{s}/mon.keyring", "--gen-key", "-n", "mon.", "--cap", "mon", "allow *"])
        sh(["ceph-authtool", "--create-keyring", f"{s}/ceph.client.admin.keyring", "--gen-key", "-n", "client.admin",
            "--cap", "mon", "allow *", "--cap", "osd", "allow *", "--cap", "mds", "allow *", "--cap", "mgr", "allow *"])
        sh(["ceph-authtool", f"{s}/mon.keyring", "--import-keyring", f"{s}/ceph.client.admin.keyring"])
        args = []
        for m in self.monitors:
            args += ["--addv", m, self.addrv(m)]
        sh(["monmaptool", "--create", "--fsid", FSID, *args, f"{s}/monmap"])
        for m in self.monitors:
            sh(["ceph-mon", "-c", self.conf, "--mkfs", "-i", m, "--monmap", f"{s}/monmap", "--keyring", f"{s}/mon.keyring"])
            sh(["cp", f"{s}/mon.keyring", f"{s}/mon.{m}/keyring"])
        keyrings_private(s)
        for m in self.monitors:
            self.start_mon(m)
        self.wait_quorum(len(self.monitors), 180)
        self.log(f"quorum of {len(self.monitors)}")
        if self.client == "userspace":  # librados' MonClient needs monitors only
            return
        uuid = open("/proc/sys/kernel/random/uuid").read().strip()
        key = sh(["ceph-authtool", "--gen-print-key"]).strip()
        with open(f"{s}/osd-secret.json", "w") as f:
            json.dump({"cephx_secret": key}, f)
        self.ceph("osd", "new", uuid, "-i", f"{s}/osd-secret.json")
        os.makedirs(f"{s}/osd.0", exist_ok=True)
        sh(["ceph-authtool", "--create-keyring", f"{s}/osd.0/keyring", "--name", "osd.0", "--add-key", key])
        keyrings_private(s)
        sh(self.nsx("ceph-osd", "-c", self.conf, "-i", "0", "--mkfs", "--osd-uuid", uuid), timeout=120)
        sh(self.nsx("ceph-osd", "-c", self.conf, "-i", "0"))
        self.wait(lambda: "1 up" in self.ceph("osd", "stat", check=False), 120, "the OSD up")
        self.ceph("osd", "pool", "create", "rbd", "8", "8", timeout=60)
        sh(self.nsx("rbd", "-c", self.conf, "pool", "init", "rbd"), timeout=120)
        sh(self.nsx("rbd", "-c", self.conf, "create", "--size", "64M", "--image-feature", "layering", "rbd/img"), timeout=120)
        self.log("OSD up, image rbd/img made")

    def write_client_conf(self, path, log_file, options):
        """The librados client's ceph.conf: the monitors (msgr1), the admin key, its log as the
        import reads it (debug_monc 20, debug_ms 1, microsecond stamps), and the scenario's Ceph
        options that differ from the defaults (`options`: [(name, value)])."""
        s = self.state
        lines = ["[global]", f"fsid = {FSID}", "mon_host = " + ",".join(self.addrv(m) for m in self.monitors),
                 "ms_bind_msgr2 = false", "ms_bind_ipv6 = false", f"keyring = {s}/ceph.client.admin.keyring",
                 f"log_file = {log_file}", "log_to_stderr = false", "err_to_stderr = false", "log_to_file = true",
                 "log_coarse_timestamps = false", "debug_monc = 20", "debug_ms = 1", "admin_socket =",
                 f"run_dir = {s}/run", f"crash_dir = {s}/crash"]
        lines += [f"{name} = {value}" for name, value in options]
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")

    def admin_key(self):
        return self.ceph("auth", "get-key", "client.admin").strip()

    def quorum(self):
        out = self.ceph("quorum_status", "-f", "json", timeout=15, check=False)
        try:
            return json.loads(out)["quorum_names"]
        except (ValueError, KeyError):
            return []

    def wait_quorum(self, size, seconds):
        self.wait(lambda: len(self.quorum()) == size, seconds, f"a quorum of {size}")

    @staticmethod
    def wait(ready, seconds, what):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if ready():
                return
            time.sleep(1)
        raise RuntimeError(f"no {what} after {seconds} s")

    # ------------------------------------------------------------------ monitors' processes
    def start_mon(self, m):
        if self.pid(f"mon.{m}"):
            return self.pid(f"mon.{m}")
        sh(self.nsx("ceph-mon", "-c", self.conf, "-i", m))
        for _ in range(50):  # the daemon writes its pid file once it has forked
            if self.pid(f"mon.{m}"):
                break
            time.sleep(0.1)
        return self.pid(f"mon.{m}")

    def signal_mon(self, m, sig):
        p = self.pid(f"mon.{m}")
        if p:
            os.kill(p, sig)
        return p

    def connected_mon(self):
        """The monitor the guest's monitor session is on: its socket on a monitor's v1 port."""
        out = sh(self.nsx("ss", "-Htn", "state", "established", "( sport = :6789 )", "dst", GUEST_IP), check=False)
        for line in out.splitlines():
            local = line.split()[2] if len(line.split()) >= 4 else ""
            ip = local.rsplit(":", 1)[0]
            for m in self.monitors:
                if self.ip(m) == ip:
                    return m
        return None

    # ------------------------------------------------------------------ the packet filter
    def rule(self, src, dst):
        """The rule that holds packets from node src to node dst. The guest's packets arrive on
        the tap (INPUT); the monitors' own (to the guest or to each other) leave from this
        namespace (OUTPUT)."""
        chain = "INPUT" if src.startswith("client.") else "OUTPUT"
        return [chain, "-s", self.node_ip(src), "-d", self.node_ip(dst), "-j", "DROP"]

    def filter(self, verb, rules):
        """Rules inserted (-I) or deleted (-D) in one iptables-restore: all at one instant."""
        if rules:
            text = "*filter\n" + "".join(f"{verb} {' '.join(r)}\n" for r in rules) + "COMMIT\n"
            sh(self.nsx("iptables-restore", "--noflush"), stdin=text)

    @staticmethod
    def logged(rules):
        """With MONSIM_LAB_LOG_DROPS=1 in the environment (a diagnosis: when did TCP send again
        into a partition?), a LOG rule ahead of each DROP: the host's kernel log stamps every
        packet held (needs net.netfilter.nf_log_all_netns=1, which the lab does not set)."""
        if os.environ.get("MONSIM_LAB_LOG_DROPS") != "1":
            return []
        return [r[:-2] + ["-j", "LOG", "--log-prefix", "monsim-drop "] for r in rules]

    def block(self, pairs):
        rules = [self.rule(a, b) for a, b in pairs]
        self.filter("-I", rules + self.logged(rules))  # each -I goes first: the LOGs ahead
        self.rules += rules

    def unblock(self, pairs):
        rules = []
        for a, b in pairs:
            r = self.rule(a, b)
            if r in self.rules:
                self.rules.remove(r)
                rules.append(r)
        self.filter("-D", rules + self.logged(rules))

    def reset_guest(self, starting):
        """A socket error on the guest's monitor connection: the monitor's end aborted (ss -K
        sends the guest a reset), the reset let through whatever partition holds that
        direction (a rule just for it, removed again). starting() runs just before ss does
        (ss aborts the socket within its start-up, tens of ms, after). Returns the sockets
        aborted."""
        accept = ["OUTPUT", "-p", "tcp", "--sport", "6789", "-d", GUEST_IP, "--tcp-flags", "RST", "RST", "-j", "ACCEPT"]
        self.filter("-I", [accept])
        try:
            starting()
            out = sh(self.nsx("ss", "-HtnK", "state", "established", "( sport = :6789 )", "dst", GUEST_IP), check=False)
            return len([l for l in out.splitlines() if ":6789 " in l])  # not ss's own complaints
        finally:
            self.filter("-D", [accept])

    def isolate(self, m):
        """Every packet to and from the monitor's address held (a host powered off)."""
        ip = self.ip(m)
        rules = [["INPUT", "-d", ip, "-j", "DROP"], ["INPUT", "-s", ip, "-j", "DROP"],
                 ["OUTPUT", "-s", ip, "-j", "DROP"], ["OUTPUT", "-d", ip, "-j", "DROP"]]
        self.filter("-I", rules)
        self.isolated[m] = rules

    def rejoin(self, m):
        self.filter("-D", self.isolated.pop(m, []))

    # ------------------------------------------------------------------ the end
    MON_LOG_LINES = re.compile(r"192\.0\.2\.100|trimming session|waitlisting|win_election|lose_election|"
                               r"calling new election|is new leader|start_election|quorum [0-9]|_ms_dispatch.*client")
    MON_LOG_NOISE = re.compile(r"mon_probe|_check_auth|osd_ping")

    def keep_mon_logs(self, dest, limit=2 << 20):
        """Each monitor's log, reduced to what concerns the guest and the quorum (at most
        `limit` bytes, the end kept), into `dest`: the run's state is removed at the end."""
        for m in self.monitors:
            src = os.path.join(self.state, "log", f"mon.{m}.log")
            if not os.path.exists(src):
                continue
            kept = []
            with open(src, errors="replace") as f:
                for line in f:
                    if self.MON_LOG_LINES.search(line) and not self.MON_LOG_NOISE.search(line):
                        kept.append(line[:400].rstrip("\n") + "\n")
            text = "".join(kept)[-limit:]
            with open(os.path.join(dest, f"mon.{m}.log"), "w") as f:
                f.write(text)

    def stop_all(self):
        """Only what this run started: its daemons by their pid files, then its namespace."""
        daemons = [f"mon.{m}" for m in self.monitors] + ["osd.0"]
        for d in daemons:
            p = self.pid(d)
            if p:
                os.kill(p, signal.SIGCONT)
                os.kill(p, signal.SIGTERM)
        end = time.monotonic() + 10
        while time.monotonic() < end and any(self.pid(d) for d in daemons):
            time.sleep(0.2)
        for d in daemons:
            p = self.pid(d)
            if p:
                os.kill(p, signal.SIGKILL)
        if self.ns_made:
            sh(["ip", "netns", "del", self.ns], check=False)
            self.ns_made = False
        if self.client_ns_made:
            sh(["ip", "netns", "del", self.client_ns], check=False)
            self.client_ns_made = False
