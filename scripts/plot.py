#!/usr/bin/python3
"""Plots of monsim runs: what the clients did, at a glance.

    scripts/plot.py RUN [RUN...] [--out DIR] [--formats png,svg]
    scripts/plot.py SWEEP_DIR [--formats png,svg]

RUN is a run directory (results/<name>/<time>-seed<N>/) or a scenario's folder
(results/<name>/: its latest run). SWEEP_DIR is what `monsim sweep` (or `merge`) wrote.

Per run (written to the run directory's plots/):
  timeline  one lane per client: sessions (coloured by monitor), hunting, no connection;
            picks, keepalive timeouts, auth errors; a lane per monitor with its state and
            the quorum; fault windows shaded and labelled.
  latency   request latency against time, by kind and result, failures marked, fault
            windows shaded, percentile lines.
  backoff   for each hunt, the interval between successive picks against the pick number,
            with the rule hunt_interval x hunt_mult.
  storm     connection attempts per second for each monitor.
For all the runs given (written to --out, default the first run's plots/):
  compare   hunt durations, the reconnect-time CDF and latency percentiles, run by run.
For a sweep (written to SWEEP_DIR/plots/):
  sweep     over the runs, for each combination of varied values: the CDF of the mount
            time, of the longest hunt and of the slowest reconnect; and, for each varied
            key, those metrics' p50 and p90 against its values.

Reads only the documented result files (summary.json, trace.jsonl, requests.csv).
Uses Debian's python3-matplotlib; nothing else.
"""
import argparse
import csv
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.fonttype"] = "none"  # SVG text stays text: searchable, and smaller
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

MAX_LANES = 12
MON_COLORS = ["#4C72B0", "#55A868", "#8172B2", "#64B5CD", "#CCB974", "#937860", "#DA8BC3", "#8C8C8C"]
FAULT_COLOR = "#F2B8B5"
HUNT_COLOR = "#F0A04B"


def spelled(value):
    """A trace field as one line of text: lists (a partition's groups, a kill's monitors) joined."""
    if isinstance(value, list):
        return " | ".join(spelled(v) for v in value) if any(isinstance(v, list) for v in value) else ",".join(value)
    return str(value)


class NotARun(Exception):
    pass


def resolve_run(path):
    """A run directory as given, or the run a scenario folder's `latest` link points at."""
    if os.path.isfile(os.path.join(path, "summary.json")):
        return path
    latest = os.path.join(path, "latest")
    if os.path.islink(latest):
        target = os.readlink(latest)
        return target if os.path.isabs(target) else os.path.join(path, target)
    return path


class Run:
    """One run directory, read from its documented files."""

    def __init__(self, path):
        path = resolve_run(path)
        self.path = path
        summary = os.path.join(path, "summary.json")
        trace = os.path.join(path, "trace.jsonl")
        if not os.path.isfile(summary) or not os.path.isfile(trace):
            raise NotARun(f"{path} is neither a monsim run directory (it needs summary.json and trace.jsonl) "
                          "nor a scenario folder with a `latest` run")
        try:
            with open(summary) as f:
                self.summary = json.load(f)
        except (OSError, ValueError) as e:
            raise NotARun(f"{summary}: {e}")
        run = self.summary.get("run", {})
        self.name = run.get("scenario", os.path.basename(os.path.normpath(path)))
        self.seed = run.get("seed", "?")
        self.logic = run.get("logic", "?")
        self.duration = float(run.get("duration", 0))
        self.tunables = run.get("tunables", {"hunt_interval": 3.0, "hunt_max_mult": 10})
        self.monitors = run.get("monitors", [])
        self.events = []
        self.by_node = {}
        with open(trace) as f:
            for line in f:
                try:
                    e = json.loads(line)
                except ValueError:
                    continue
                self.events.append(e)
                self.by_node.setdefault(e.get("node", ""), []).append(e)
        if self.events:
            self.duration = max(self.duration, self.events[-1].get("t", 0))
        self.requests = []
        req = os.path.join(path, "requests.csv")
        if os.path.isfile(req):
            with open(req) as f:
                self.requests = list(csv.DictReader(f))
        self.sessions = []
        ses = os.path.join(path, "sessions.csv")
        if os.path.isfile(ses):
            with open(ses) as f:
                self.sessions = list(csv.DictReader(f))

    def title(self, what):
        return f"{what} — {self.name} (seed {self.seed}, {self.logic})"

    def clients(self):
        names = [n for n in self.by_node if n.startswith("client.")]
        if not names:  # a run with --trace off: its summary still lists every client
            names = [f"client.{i}" for i in self.summary.get("clients", {})]
        return sorted(names, key=lambda n: int(n.split(".")[1]))

    def reconnect_times(self):
        """Every hunt after each client's mount (hunt 0), from the per-client summaries."""
        out = []
        for c in self.summary.get("clients", {}).values():
            hunts = c.get("hunts", {})
            out += [hunts[str(i)]["duration"] for i in range(1, hunts.get("count", 0))]
        return out

    def fault_windows(self):
        """(start, end, label) for every fault; end is None for instant faults."""
        open_faults, windows = {}, []
        for e in self.events:
            if e.get("node") != "chaos" or e.get("event") != "fault":
                continue
            kind = e.get("kind", "?")
            target = e.get("mons") or e.get("target") or e.get("groups") or e.get("mon") or e.get("client") or ""
            target = spelled(target)
            key = (kind, e.get("target", ""), spelled(e.get("groups", "")), e.get("mon", ""), spelled(e.get("from", "")))
            if e.get("undo"):
                if key in open_faults:
                    start, label = open_faults.pop(key)
                    windows.append((start, e["t"], label))
            else:
                label = f"{kind} {target}".strip()
                if kind in ("kill", "poweroff", "pause", "partition", "partition_oneway", "delay", "drop",
                            "corrupt", "reject_auth", "latency"):
                    open_faults[key] = (e["t"], label)
                else:
                    windows.append((e["t"], None, label))
        for start, label in open_faults.values():
            windows.append((start, self.duration, label))
        return sorted(windows, key=lambda w: w[0])

    def cut_off(self):
        """{monitor: [(start, end)]}: when a partition kept each monitor from the clients."""
        open_parts, out = {}, {}
        for e in self.events:
            if e.get("node") != "chaos" or e.get("event") != "fault" or e.get("kind") != "partition":
                continue
            sides = e.get("groups", [])
            groups = spelled(sides)
            if e.get("undo"):
                for m, start in open_parts.pop(groups, {}).items():
                    out.setdefault(m, []).append((start, e["t"]))
                continue
            with_clients = [s for s in sides if any(x.startswith("client.") or x == "*" for x in s)]
            hit = {}
            for side in sides:
                if side in with_clients:
                    continue
                for m in self.monitors:
                    if any(p in ("mon.*", "*", m) for p in side):
                        hit[m] = e["t"]
            open_parts[groups] = hit
        for hit in open_parts.values():
            for m, start in hit.items():
                out.setdefault(m, []).append((start, self.duration))
        return out


def fault_lines(ax, run):
    """Thin lines across the plot where faults start and end."""
    for start, end, _ in run.fault_windows():
        ax.axvline(start, color="#C44E52", lw=0.8, ls=":", zorder=1)
        if end is not None:
            ax.axvline(end, color="#6AA84F", lw=0.8, ls=":", zorder=1)


def shade_faults(ax, run, label=True):
    for i, (start, end, text) in enumerate(run.fault_windows()):
        if end is None:
            ax.axvline(start, color="#C44E52", lw=1, ls=":")
        else:
            ax.axvspan(start, end, color=FAULT_COLOR, alpha=0.35, lw=0)
        if label:
            ax.annotate(text, xy=(start, 1.0), xycoords=("data", "axes fraction"), xytext=(2, -10 - 9 * (i % 3)),
                        textcoords="offset points", fontsize=7, color="#8B1E1E", va="top")


MARKERS = (".monsim-run", ".monsim-sweep", ".monsim-explore")


def record_in_run_marker(path):
    """A plot written into DIR/plots/ (a run's, a sweep's, an exploration's) is listed in DIR's
    marker, so that monsim may replace the directory later (it replaces only what it wrote:
    see sim/report/staged_dir.h)."""
    plots = os.path.dirname(os.path.abspath(path))
    top = os.path.dirname(plots)
    if os.path.basename(plots) != "plots":
        return
    for name in MARKERS:
        marker = os.path.join(top, name)
        if not os.path.isfile(marker):
            continue
        with open(marker, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
        if not lines or not lines[0].startswith("# monsim "):
            continue  # an older monsim's marker lists no files
        rel = os.path.relpath(os.path.abspath(path), top).replace(os.sep, "/")
        if rel not in set(lines):
            with open(marker, "a", encoding="utf-8") as f:
                f.write(rel + "\n")
        return


def save(fig, outdir, stem, formats):
    os.makedirs(outdir, exist_ok=True)
    paths = []
    for fmt in formats:
        p = os.path.join(outdir, f"{stem}.{fmt}")
        kwargs = {"metadata": {"Date": None}} if fmt == "svg" else {}
        fig.savefig(p, dpi=110, bbox_inches="tight", **kwargs)
        record_in_run_marker(p)
        paths.append(p)
    plt.close(fig)
    return paths


def mon_color(rank):
    return MON_COLORS[int(rank) % len(MON_COLORS)]


# ---------------------------------------------------------------- timeline

def client_intervals(run, client):
    """Sessions (start, end, mon), hunts (start, end) and markers for one client."""
    sessions, hunts, picks, timeouts, autherr = [], [], [], [], []
    sess_start = hunt_start = None
    sess_mon = None
    for e in run.by_node.get(client, []):
        ev, t = e.get("event"), e.get("t", 0)
        if ev == "session_established":
            sess_start, sess_mon = t, e.get("rank", 0)
        elif ev == "session_close" and sess_start is not None:
            sessions.append((sess_start, t, sess_mon))
            sess_start = None
        elif ev == "hunting_start":
            hunt_start = t
        elif ev == "hunting_end" and hunt_start is not None:
            hunts.append((hunt_start, t))
            hunt_start = None
        elif ev == "hunt_pick":
            picks.append((t, e.get("rank", 0)))
        elif ev == "keepalive_timeout":
            timeouts.append(t)
        elif ev == "auth_error":
            autherr.append(t)
    if sess_start is not None:
        sessions.append((sess_start, run.duration, sess_mon))
    if hunt_start is not None:
        hunts.append((hunt_start, run.duration))
    return sessions, hunts, picks, timeouts, autherr


def mon_states(run):
    """Per monitor: [(start, end, state)], and the quorum changes [(t, leader, members)]."""
    states = {m: [] for m in run.monitors}
    current = {m: (0.0, "up") for m in run.monitors}
    quorum = []
    for e in run.events:
        node, ev = e.get("node", ""), e.get("event")
        if ev == "mon_state" and node in current:
            start, state = current[node]
            states[node].append((start, e["t"], state))
            current[node] = (e["t"], e.get("state", "up"))
        elif node == "mon.cluster" and ev in ("quorum", "quorum_lost", "election_start"):
            quorum.append((e["t"], e.get("leader_rank", -1), e.get("members", []), ev))
    for m, (start, state) in current.items():
        states[m].append((start, run.duration, state))
    return states, quorum


def plot_timeline(run, outdir, formats):
    clients = run.clients()
    shown = clients[:MAX_LANES]
    mons = run.monitors
    windows = run.fault_windows()
    rows = []  # fault rows, so that overlapping windows do not hide each other
    placed = []
    for start, end, text in windows:
        stop = end if end is not None else start
        for r, last in enumerate(rows):
            if start >= last:
                rows[r] = stop + run.duration / 50
                placed.append((r, start, end, text))
                break
        else:
            rows.append(stop + run.duration / 50)
            placed.append((len(rows) - 1, start, end, text))
    fault_rows = max(len(rows), 1)
    lanes = len(shown) + len(mons) + 1 + fault_rows
    fig, ax = plt.subplots(figsize=(12, 1.2 + 0.45 * lanes))
    y = 0
    yticks, ylabels = [], []
    state_colors = {"up": "#B7D7A8", "down": "#E06666", "off": "#666666", "paused": "#F6B26B"}
    drawn = set()  # what the legend will show: only what is on the plot
    states, quorum = mon_states(run)
    cut = run.cut_off()
    for m in reversed(mons):
        for start, end, state in states[m]:
            ax.broken_barh([(start, max(end - start, 1e-9))], (y + 0.15, 0.7), color=state_colors.get(state, "#CCC"))
            drawn.add("mon " + state)
        for start, end in cut.get(m, []):  # up, but out of the clients' reach
            ax.broken_barh([(start, max(end - start, 1e-9))], (y + 0.15, 0.7), facecolor="#DDDDDD",
                           edgecolor="#888888", hatch="xx", lw=0.5)
            drawn.add("cut off")
        yticks.append(y + 0.5)
        ylabels.append(m)
        y += 1
    # The quorum lane: leader and members over time.
    qy = y
    for i, (t, leader, members, ev) in enumerate(quorum):
        end = quorum[i + 1][0] if i + 1 < len(quorum) else run.duration
        if ev == "quorum":
            ax.broken_barh([(t, max(end - t, 1e-9))], (qy + 0.15, 0.7), color=mon_color(leader), alpha=0.5)
            drawn.add("quorum")
            label = f"leader {mons[leader] if 0 <= leader < len(mons) else leader}, quorum {' '.join(members)}"
            # Written from the bar's start (the axis never clips it), and only where it fits:
            # about 3.6 pt a character at 7 pt, on an axis some 730 pt wide.
            if end - t > len(label) * 3.6 / 730 * run.duration:
                ax.text(t + run.duration / 200, qy + 0.5, label, ha="left", va="center", fontsize=7, clip_on=True)
        else:
            ax.broken_barh([(t, max(end - t, 1e-9))], (qy + 0.15, 0.7), color="#E06666" if ev == "quorum_lost" else "#F6B26B",
                           alpha=0.6)
            drawn.add("quorum lost" if ev == "quorum_lost" else "electing")
    yticks.append(qy + 0.5)
    ylabels.append("quorum")
    y += 1
    for c in reversed(shown):
        sessions, hunts, picks, timeouts, autherr = client_intervals(run, c)
        ax.broken_barh([(0, run.duration)], (y + 0.15, 0.7), color="#EEEEEE")  # no connection
        covered = sum(end - start for start, end, _ in sessions) + sum(end - start for start, end in hunts)
        if covered < run.duration * 0.999:
            drawn.add("no connection")
        for start, end, mon in sessions:
            ax.broken_barh([(start, max(end - start, 1e-9))], (y + 0.15, 0.7), color=mon_color(mon))
            drawn.add(("session", mon))
        for start, end in hunts:
            ax.broken_barh([(start, max(end - start, run.duration / 2000))], (y + 0.15, 0.7), facecolor=HUNT_COLOR,
                           edgecolor="#A05A00", hatch="///", lw=0.5)
            drawn.add("hunting")
        if picks:
            ax.plot([p[0] for p in picks], [y + 0.92] * len(picks), "v", color="black", ms=4)
            drawn.add("pick")
        if timeouts:
            ax.plot(timeouts, [y + 0.5] * len(timeouts), "X", color="#C00000", ms=9)
            drawn.add("keepalive timeout")
        if autherr:
            ax.plot(autherr, [y + 0.5] * len(autherr), "D", color="black", ms=6)
            drawn.add("auth error")
        yticks.append(y + 0.5)
        ylabels.append(c)
        y += 1
    # The faults lane, on top: one bar per fault window, labelled.
    for row, start, end, text in placed:
        fy = y + row
        if end is None:
            ax.plot([start], [fy + 0.5], "|", color="#C44E52", ms=14, mew=2)
        else:
            ax.broken_barh([(start, max(end - start, 1e-9))], (fy + 0.2, 0.6), color=FAULT_COLOR, edgecolor="#C44E52", lw=0.8)
            drawn.add("fault window")
        ax.text(start, fy + 0.5, " " + text, fontsize=7, va="center", color="#8B1E1E", clip_on=True)
    yticks.append(y + fault_rows / 2)
    ylabels.append("faults")
    y += fault_rows
    fault_lines(ax, run)
    ax.set_yticks(yticks)
    ax.set_yticklabels(ylabels, fontsize=8)
    ax.set_ylim(0, y + 0.2)
    ax.set_xlim(0, run.duration)
    ax.set_xlabel("simulated time (s)")
    note = f" — first {len(shown)} of {len(clients)} clients" if len(clients) > len(shown) else ""
    ax.set_title(run.title("timeline") + note, fontsize=10)
    candidates = [(("session", i), Patch(color=mon_color(i), label=f"session with {m}")) for i, m in enumerate(mons)]
    candidates += [
        ("hunting", Patch(facecolor=HUNT_COLOR, edgecolor="#A05A00", hatch="///", label="hunting")),
        ("no connection", Patch(color="#EEEEEE", label="no connection")),
        ("fault window", Patch(facecolor=FAULT_COLOR, edgecolor="#C44E52", label="fault window")),
        ("pick", Line2D([], [], marker="v", color="black", ls="", label="pick")),
        ("keepalive timeout", Line2D([], [], marker="X", color="#C00000", ls="", label="keepalive timeout")),
        ("auth error", Line2D([], [], marker="D", color="black", ls="", label="auth error")),
        ("quorum", Patch(color="#A0B8D8", label="quorum (leader's colour)")),
        ("electing", Patch(color="#F6B26B", alpha=0.6, label="electing")),
        ("quorum lost", Patch(color="#E06666", alpha=0.6, label="quorum lost")),
        ("mon up", Patch(color=state_colors["up"], label="mon up")),
        ("mon down", Patch(color=state_colors["down"], label="mon down")),
        ("mon off", Patch(color=state_colors["off"], label="mon powered off")),
        ("mon paused", Patch(color=state_colors["paused"], label="mon paused")),
        ("cut off", Patch(facecolor="#DDDDDD", edgecolor="#888888", hatch="xx", label="mon cut off (partition)")),
    ]
    handles = [h for key, h in candidates if key in drawn]
    ax.legend(handles=handles, fontsize=7, ncol=6, loc="upper center", bbox_to_anchor=(0.5, -0.14), frameon=False)
    return save(fig, outdir, "timeline", formats)


# ---------------------------------------------------------------- latency

def plot_latency(run, outdir, formats):
    fig, ax = plt.subplots(figsize=(12, 4.5))
    kinds = sorted({r["kind"] for r in run.requests})
    colors = {k: MON_COLORS[i % len(MON_COLORS)] for i, k in enumerate(kinds)}
    done = []
    for k in kinds:
        mine = [r for r in run.requests if r["kind"] == k]
        answered = [r for r in mine if r["end_s"] != ""]
        ok = [(float(r["start_s"]), float(r["latency_s"])) for r in answered
              if r["result"] == "0" and r["resends"] in ("", "0")]
        resent = [(float(r["start_s"]), float(r["latency_s"])) for r in answered
                  if r["result"] == "0" and r["resends"] not in ("", "0")]
        bad = [(float(r["start_s"]), float(r["latency_s"])) for r in answered if r["result"] != "0"]
        hung = [float(r["start_s"]) for r in mine if r["end_s"] == ""]
        if ok:
            ax.scatter([p[0] for p in ok], [p[1] for p in ok], s=14, color=colors[k], label=f"{k} ok", zorder=3)
        if resent:  # sent again on a new session: ringed, so the failover's cost stands out
            ax.scatter([p[0] for p in resent], [p[1] for p in resent], s=30, color=colors[k], edgecolors="black",
                       linewidths=0.8, label=f"{k} ok, resent", zorder=3)
        done += [p[1] for p in ok + resent]
        if bad:
            ax.scatter([p[0] for p in bad], [p[1] for p in bad], s=40, marker="x", color="#C00000",
                       label=f"{k} failed", zorder=4)
        if hung:
            ax.scatter(hung, [max(run.duration - h, 1e-6) for h in hung], s=30, marker="^", facecolors="none",
                       edgecolors=colors[k], label=f"{k} unanswered at end", zorder=4)
    shade_faults(ax, run)
    if done:
        done.sort()
        for p, ls in ((50, ":"), (90, "--"), (99, "-.")):
            v = done[max(0, int(-(-p * len(done) // 100)) - 1)]
            ax.axhline(v, color="#555555", ls=ls, lw=1)
            ax.text(run.duration, v, f" p{p} {v:.3g}s", fontsize=7, va="center")
        ax.set_yscale("log")
        ax.legend(fontsize=7, loc="upper left")
    else:
        ax.text(0.5, 0.5, "no requests in this run", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlim(0, run.duration)
    ax.set_xlabel("submitted at, simulated time (s)")
    ax.set_ylabel("latency (s)")
    ax.set_title(run.title("request latency"), fontsize=10)
    return save(fig, outdir, "latency", formats)


# ---------------------------------------------------------------- backoff

def hunts_with_mults(run):
    """For every hunt of every client: [(pick time, hunt_mult after the reopen)]."""
    out = []
    for c in run.clients():
        current = None
        for e in run.by_node.get(c, []):
            ev = e.get("event")
            if ev == "hunting_start":
                current = []
                out.append((c, current))
            elif ev == "session_open" and current is not None:
                current.append((e["t"], e.get("hunt_mult", 1)))
            elif ev == "hunting_end":
                current = None
    return out


def plot_backoff(run, outdir, formats):
    fig, ax = plt.subplots(figsize=(8, 4.5))
    hi = float(run.tunables.get("hunt_interval", 3.0))
    drawn = 0
    rule_x, rule_y = [], []
    for c, picks in hunts_with_mults(run):
        if len(picks) < 2 or drawn >= 20:
            continue
        xs = list(range(1, len(picks)))
        ys = [picks[i][0] - picks[i - 1][0] for i in xs]
        ax.plot(xs, ys, "o-", ms=5, label=f"{c} hunt at {picks[0][0]:.1f}s")
        if len(xs) > len(rule_x):
            rule_x = xs
            rule_y = [hi * picks[i - 1][1] for i in xs]
        drawn += 1
    if drawn:
        ax.plot(rule_x, rule_y, "_", color="black", ms=28, mew=2,
                label=f"rule: {hi:g}s x hunt_mult (max {run.tunables.get('hunt_max_mult', 10)})")
        ax.legend(fontsize=7)
        ax.set_xticks(rule_x)
    else:
        ax.text(0.5, 0.5, "no hunt with more than one pick", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlabel("pick number within the hunt")
    ax.set_ylabel("interval since the previous pick (s)")
    ax.set_title(run.title("hunt backoff"), fontsize=10)
    ax.grid(alpha=0.3)
    return save(fig, outdir, "backoff", formats)


# ---------------------------------------------------------------- storm

# A connection storm needs clients to be one: fewer than this and the plot says nothing.
STORM_MIN_CLIENTS = 10


def drop_zero_tick(axis):
    """A log-like axis shows no "0" tick (symlog keeps 0 reachable for zero values)."""
    axis.set_ticks([t for t in axis.get_ticklocs() if t > 0])


def plot_storm(run, outdir, formats):
    """Connection attempts per second per monitor (from the trace; with --trace off, the
    sessions opened, from sessions.csv) and the reconnect times' distribution."""
    if len(run.clients()) < STORM_MIN_CLIENTS:
        return []
    fig, (ax, cdf) = plt.subplots(1, 2, figsize=(14, 4), gridspec_kw={"width_ratios": [2.2, 1]})
    per_mon = {}
    what = "connection attempts per second"
    for e in run.events:
        if e.get("event") == "conn_open" and e.get("node", "").startswith("client.") and e.get("peer", "").startswith("mon."):
            per_mon.setdefault(e["peer"], {}).setdefault(int(e["t"]), 0)
            per_mon[e["peer"]][int(e["t"])] += 1
    if not per_mon and run.sessions:
        what = "sessions opened per second"
        for row in run.sessions:
            t = int(float(row["start_s"]))
            per_mon.setdefault(row["mon"], {}).setdefault(t, 0)
            per_mon[row["mon"]][t] += 1
    seconds = list(range(0, int(run.duration) + 1))
    for i, mon in enumerate(sorted(per_mon)):
        counts = [per_mon[mon].get(s, 0) for s in seconds]
        ax.step(seconds, counts, where="post", color=MON_COLORS[i % len(MON_COLORS)], label=f"{mon} (peak {max(counts)}/s)")
    shade_faults(ax, run)
    if per_mon:
        ax.legend(fontsize=8)
    else:
        ax.text(0.5, 0.5, "no connection attempts", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlim(0, run.duration)
    ax.set_xlabel("simulated time (s)")
    ax.set_ylabel(what)
    ax.set_title(run.title(f"connection storm ({len(run.clients())} clients)"), fontsize=10)
    times = sorted(t * 1e3 for t in run.reconnect_times())
    if times:
        cdf.step(times, [(i + 1) / len(times) for i in range(len(times))], where="post", color="#3D85C6")
        rec = run.summary.get("reconnects", {})
        for q in ("p50", "p99"):
            if rec.get(q) is not None:
                cdf.axvline(rec[q] * 1e3, color="#999999", lw=0.8, ls="--")
                cdf.text(rec[q] * 1e3, 0.02, f" {q} {rec[q] * 1e3:.3g} ms", fontsize=7, rotation=90, va="bottom")
        cdf.set_xlabel("reconnect time (ms)")
        cdf.set_ylabel("fraction of reconnects")
        cdf.set_ylim(0, 1.02)
    else:
        cdf.text(0.5, 0.5, "no reconnects", ha="center", va="center", transform=cdf.transAxes)
    cdf.set_title(f"reconnect times ({len(times)})", fontsize=10)
    return save(fig, outdir, "storm", formats)


# ---------------------------------------------------------------- compare

def plot_compare(runs, outdir, formats):
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    labels = [f"{r.name}\nseed {r.seed}, {r.logic}" for r in runs]
    # Hunt durations (every hunt after the mount), one box per run, with how many it holds; a
    # run without one says "no hunt" (a box at 0 s would read as an instant reconnect).
    data = [r.reconnect_times() for r in runs]
    box_labels = [f"{lab}\nn={len(d)}" for d, lab in zip(data, labels)]
    axes[0].boxplot([d if d else [float("nan")] for d in data], labels=box_labels, showfliers=True)
    for i, d in enumerate(data):
        if not d:
            axes[0].text(i + 1, 0.5, "no hunt", ha="center", va="center", fontsize=8, color="#666666",
                         transform=axes[0].get_xaxis_transform())
    axes[0].set_ylabel("hunt duration (s)")
    axes[0].set_title("hunt durations (after the mount)", fontsize=9)
    axes[0].tick_params(axis="x", labelsize=7)
    # Reconnect-time CDF.
    for r, lab in zip(runs, labels):
        d = sorted(r.reconnect_times())
        if d:  # start each curve at 0 so that a single reconnection still shows
            axes[1].step([d[0]] + d, [0.0] + [(i + 1) / len(d) for i in range(len(d))], where="post",
                         label=lab.replace("\n", " "))
    axes[1].set_xscale("symlog", linthresh=0.01)
    drop_zero_tick(axes[1].xaxis)
    axes[1].set_xlabel("time to reconnect (s)")
    axes[1].set_ylabel("fraction of hunts")
    axes[1].set_title("reconnect-time CDF", fontsize=9)
    if axes[1].get_legend_handles_labels()[0]:
        axes[1].legend(fontsize=7)
    else:
        axes[1].text(0.5, 0.5, "no reconnections", ha="center", va="center", transform=axes[1].transAxes)
    # Latency percentiles; a run without requests says so (no bars of 0 s).
    width = 0.8 / max(len(runs), 1)
    drawn = 0
    for i, r in enumerate(runs):
        lat = r.summary.get("requests", {}).get("latency", {})
        vals = [lat.get(p) for p in ("p50", "p90", "p99")]
        name = labels[i].replace("\n", " ")
        if all(v is None for v in vals):
            axes[2].bar([], [], width, label=name + " (no requests)")
            continue
        axes[2].bar([x + i * width for x in range(3)], [v or 0 for v in vals], width, label=name)
        drawn += 1
    axes[2].set_xticks([x + width * (len(runs) - 1) / 2 for x in range(3)])
    axes[2].set_xticklabels(["p50", "p90", "p99"])
    axes[2].set_ylabel("request latency (s)")
    axes[2].set_title("request latency percentiles", fontsize=9)
    if drawn:
        axes[2].set_yscale("symlog", linthresh=0.001)
        drop_zero_tick(axes[2].yaxis)
        axes[2].legend(fontsize=7)
    else:
        axes[2].text(0.5, 0.5, "no requests", ha="center", va="center", transform=axes[2].transAxes)
    fig.suptitle("compare — " + ", ".join(f"{r.name} (seed {r.seed}, {r.logic})" for r in runs), fontsize=10)
    return save(fig, outdir, "compare", formats)

def plot_compare_timeline(runs, outdir, formats):
    """One lane per run (its first client): sessions by monitor, hunts hatched, picks and
    keepalive timeouts marked, each run's faults as dotted lines on its own lane; and the
    backoff of each run's longest hunt on one axis: a simulated run beside a real one."""
    fig, (ax, bx) = plt.subplots(2, 1, figsize=(12, 2.0 + 0.8 * len(runs) + 3.2),
                                 gridspec_kw={"height_ratios": [0.8 * len(runs) + 0.6, 3.2]})
    ranks = set()
    for lane, r in enumerate(runs):
        y = len(runs) - 1 - lane
        clients = r.clients()
        if not clients:
            continue
        sessions, hunts, picks, timeouts, _ = client_intervals(r, clients[0])
        for start, end, rank in sessions:
            ax.broken_barh([(start, end - start)], (y - 0.35, 0.7), color=mon_color(rank))
        for start, end in hunts:
            ax.broken_barh([(start, end - start)], (y - 0.35, 0.7), facecolor="#f0a040", edgecolor="#a05010",
                           hatch="///")
        if picks:
            ax.plot([t for t, _ in picks], [y + 0.45] * len(picks), "v", color="black", ms=5)
        if timeouts:
            ax.plot(timeouts, [y] * len(timeouts), "X", color="#c00000", ms=9)
        for start, end, label in r.fault_windows():
            ax.plot([start, start], [y - 0.5, y + 0.5], ":", color="#c03030", lw=1)
            ax.text(start, y + 0.5, " " + label, fontsize=6, color="#c03030", va="top", ha="left")
            if end is not None and end < r.duration:
                ax.plot([end, end], [y - 0.5, y + 0.5], ":", color="#30a030", lw=1)
        ranks |= {rank for _, _, rank in sessions}
    ax.set_yticks(range(len(runs)))
    ax.set_yticklabels([f"{r.name} ({r.logic})" for r in reversed(runs)], fontsize=8)
    ax.set_ylim(-0.6, len(runs) - 0.4)
    ax.set_xlabel("time (s): each run's own clock (a real run's t = 0 is its first MARK)")
    ax.set_title("timelines: sessions coloured by monitor, hunts hatched, \u25bc picks, \u2716 keepalive "
                 "timeouts, dotted: faults", fontsize=9)
    handles = [Patch(color=mon_color(k), label=f"session with rank {k}") for k in sorted(ranks, key=int)]
    handles += [Patch(facecolor="#f0a040", edgecolor="#a05010", hatch="///", label="hunting"),
                Line2D([], [], ls=":", color="#c03030", label="fault"),
                Line2D([], [], ls=":", color="#30a030", label="fault undone")]
    ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.grid(axis="x", alpha=0.3)
    drawn = 0
    for r in runs:
        hunts = [h for _, h in hunts_with_mults(r) if len(h) >= 2]
        if not hunts:
            continue
        longest = max(hunts, key=len)
        xs = list(range(1, len(longest)))
        bx.plot(xs, [longest[i][0] - longest[i - 1][0] for i in xs], "o-", ms=5,
                label=f"{r.name} ({r.logic}): hunt at {longest[0][0]:.1f}s")
        drawn += 1
    if drawn:
        bx.legend(fontsize=7)
    else:
        bx.text(0.5, 0.5, "no hunt with more than one pick", ha="center", va="center", transform=bx.transAxes)
    bx.set_xlabel("pick number within the run's longest hunt")
    bx.set_ylabel("interval since the previous pick (s)")
    bx.grid(alpha=0.3)
    fig.tight_layout()
    return save(fig, outdir, "compare-timeline", formats)


SWEEP_METRICS = [("mount.at", "mount time (s)"), ("hunts.max_duration", "longest hunt (s)"),
                 ("reconnects.max", "slowest reconnect (s)")]


def read_sweep(path):
    """(varied keys, rows) of SWEEP_DIR/sweep.csv; each row a dict of its columns."""
    with open(os.path.join(path, "sweep.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    header = list(rows[0].keys()) if rows else ["run", "seed", "exit", "trace_hash"]
    keys = header[2:header.index("exit")]
    return keys, rows


def number(text):
    if text in ("true", "false"):
        return 1.0 if text == "true" else 0.0
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def readable_span(ax, xs):
    """An axis over values that hardly differ (8 µs of mount times) shows a millisecond around
    them in plain numbers, not microsecond ticks under an offset."""
    if not xs:
        return
    lo, hi = min(xs), max(xs)
    if hi - lo < 1e-3:
        ax.set_xlim(lo - 5e-4, hi + 5e-4)
    try:
        ax.ticklabel_format(axis="x", style="plain", useOffset=False)
    except AttributeError:  # not a plain number axis
        pass


def plot_sweep(path, formats):
    keys, rows = read_sweep(path)
    groups = {}
    for r in rows:
        groups.setdefault(tuple(r[k] for k in keys), []).append(r)
    metrics = [(m, label) for m, label in SWEEP_METRICS if any(number(r.get(m)) is not None for r in rows)]
    if not metrics:
        return []
    outdir = os.path.join(path, "plots")
    written = []
    fig, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 3.6), squeeze=False)
    for ax, (m, label) in zip(axes[0], metrics):
        for combo, members in groups.items():
            xs = sorted(x for x in (number(r.get(m)) for r in members) if x is not None)
            if not xs:
                continue
            name = ", ".join(f"{k}={v}" for k, v in zip(keys, combo)) or "all runs"
            ys = [(i + 1) / len(xs) for i in range(len(xs))]
            ax.step(xs, ys, where="post", label=f"{name} (n={len(xs)})")
        ax.set_xlabel(label)
        ax.set_ylabel("fraction of runs")
        ax.set_ylim(0, 1.02)
        ax.grid(alpha=0.3)
        readable_span(ax, [x for x in (number(r.get(m)) for r in rows) if x is not None])
    # Below the panels: a legend inside one covers the start of its curves.
    handles, names = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, names, fontsize=7, loc="lower center", ncol=min(4, max(1, len(names))))
    fig.tight_layout(rect=(0, 0.08 + 0.04 * ((len(names) - 1) // 4), 1, 0.95))
    fig.suptitle(f"{len(rows)} runs: CDF over the runs")
    written += save(fig, outdir, "sweep", formats)
    # Each varied key: the metrics' p50 and p90 against its values (in the order given).
    for ki, key in enumerate(keys):
        values = []
        for r in rows:
            if r[key] not in values:
                values.append(r[key])
        fig, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 3.6), squeeze=False)
        for ax, (m, label) in zip(axes[0], metrics):
            # Numbers joined by lines; categories (a list, a logic) as points only.
            numeric = all(number(v) is not None for v in values)
            for q, style in ((50, "o-" if numeric else "o"), (90, "s--" if numeric else "s")):
                ys = []
                for v in values:
                    xs = sorted(x for x in (number(r.get(m)) for r in rows if r[key] == v) if x is not None)
                    ys.append(xs[max(0, -(-q * len(xs) // 100) - 1)] if xs else float("nan"))
                ax.plot(range(len(values)), ys, style, label=f"p{q}")
            ax.set_xticks(range(len(values)), [v if len(v) <= 24 else v[:22] + "…" for v in values],
                          rotation=30 if len(values) > 3 or max(len(v) for v in values) > 8 else 0,
                          ha="right" if len(values) > 3 or max(len(v) for v in values) > 8 else "center", fontsize=7)
            ax.set_xlabel(key)
            ax.set_ylabel(label)
            ax.grid(alpha=0.3)
            ax.legend(fontsize=7)
        fig.tight_layout()
        written += save(fig, outdir, f"sweep-{ki}", formats)
    return written


def main(argv):
    ap = argparse.ArgumentParser(description="Plot monsim runs (timeline, latency, backoff, storm, compare).")
    ap.add_argument("runs", nargs="+", help="run directories, or scenario folders (results/<name>: the latest run)")
    ap.add_argument("--out", help="where the compare plot goes (default: the first run's plots/)")
    ap.add_argument("--formats", default="png,svg", help="comma-separated: png,svg")
    args = ap.parse_args(argv)
    formats = [f for f in args.formats.split(",") if f]
    if len(args.runs) == 1 and os.path.isfile(os.path.join(args.runs[0], "sweep.csv")):
        for p in plot_sweep(args.runs[0], formats):
            if p.endswith(".png"):
                print(p)
        return 0
    try:
        runs = [Run(p) for p in args.runs]
    except NotARun as e:
        print(f"plot.py: {e}", file=sys.stderr)
        return 2
    written = []
    for r in runs:
        outdir = os.path.join(r.path, "plots")
        for fn in (plot_timeline, plot_latency, plot_backoff, plot_storm):
            written += fn(r, outdir, formats)
    if len(runs) > 1:  # a comparison needs two
        written += plot_compare(runs, args.out or os.path.join(runs[0].path, "plots"), formats)
        written += plot_compare_timeline(runs, args.out or os.path.join(runs[0].path, "plots"), formats)
    for p in written:
        if p.endswith(".png"):
            print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
