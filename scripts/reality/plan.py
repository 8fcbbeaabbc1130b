"""The plan `monsim reality` writes (sim/scenario/reality_plan.h): what the driver does, when.

    name calibration-freeze
    duration 180.000000000
    monitors a b c
    election 5.000000000
    ticket_ttl 3600.000000000
    step 1 40.000000000 pause do connected
    step 2 100.000000000 pause undo @1
    step 3 60.000000000 partition do client.0>mon.a,mon.a>client.0 [["client.*"],["mon.a"]]
"""
import re
from dataclasses import dataclass, field


@dataclass
class Step:
    id: int
    at: float            # seconds from t = 0 (the map)
    kind: str            # the scenario's fault kind
    undo: bool           # the end of the fault's `for`
    mons: list = field(default_factory=list)   # "a", "connected", "@3"
    pairs: list = field(default_factory=list)  # [("client.0", "mon.a"), ...]
    groups: str = ""     # the fault's groups, JSON, for the fault log


@dataclass
class Plan:
    name: str = ""
    duration: float = 0.0
    monitors: list = field(default_factory=list)
    election: float = 5.0
    ticket_ttl: float = 3600.0
    client: str = "kernel"    # or "userspace": librados in a namespace of its own
    ceph_conf: list = field(default_factory=list)  # [(name, value)]: the userspace client's options
    steps: list = field(default_factory=list)


class PlanError(Exception):
    pass


def read_plan(path):
    plan = Plan()
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            word, _, rest = line.partition(" ")
            try:
                if word == "name":
                    plan.name = rest
                elif word == "duration":
                    plan.duration = float(rest)
                elif word == "monitors":
                    plan.monitors = rest.split()
                elif word == "election":
                    plan.election = float(rest)
                elif word == "ticket_ttl":
                    plan.ticket_ttl = float(rest)
                elif word == "client":
                    if rest not in ("kernel", "userspace"):
                        raise ValueError("client is kernel or userspace, not " + rest)
                    plan.client = rest
                elif word == "ceph_conf":
                    name, value = rest.split(" ")
                    if not re.fullmatch(r"[a-z_]{1,64}", name) or not re.fullmatch(r"[0-9.e+-]{1,32}", value):
                        raise ValueError("ceph_conf NAME VALUE: an option name and a number")
                    plan.ceph_conf.append((name, value))
                elif word == "step":
                    plan.steps.append(_step(rest))
                else:
                    raise ValueError("unknown directive " + word)
            except (ValueError, IndexError) as e:
                raise PlanError(f"{path}:{number}: {e}") from None
    if not plan.monitors:
        raise PlanError(f"{path}: no monitors")
    return plan


def _step(rest):
    parts = rest.split(" ", 4)
    sid, at, kind, how = int(parts[0]), float(parts[1]), parts[2], parts[3]
    if how not in ("do", "undo"):
        raise ValueError("expected do or undo, not " + how)
    step = Step(sid, at, kind, how == "undo")
    tail = parts[4] if len(parts) > 4 else ""
    if kind in ("partition", "partition_oneway", "heal"):
        pairs, _, groups = tail.partition(" ")
        step.groups = groups
        if pairs != "-":
            for p in pairs.split(","):
                a, b = p.split(">")
                step.pairs.append((a, b))
    else:
        step.mons = tail.split()
    return step
