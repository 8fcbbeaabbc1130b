"""The plan's steps, applied to the lab at their instants, and written to the host's fault log
in the form `monsim import` reads back (sim/report/kernel_log.cc):

    <UTC> FAULT <step>: SIGKILL mon.a (192.0.2.1) pid 123     kill
    <UTC> FAULT <step>: restarting mon.a                      its undo (the lab's own words)
    <UTC> FAULT <step>: SIGSTOP mon.a (...) / SIGCONT mon.a   pause, its undo
    <UTC> FAULT <step>: revive|resume|poweron mon.a           those kinds
    <UTC> FAULT <step>: poweroff[ undone] mon.a (...)         poweroff, its undo
    <UTC> FAULT <step>: reset client.0                        reset (stamped as ss -K starts)
    <UTC> FAULT <step>: partition[ undone] [[...],[...]]      partition, its undo; partition_oneway
                                                              ({"from":..,"to":..}), heal
    <UTC> CLIENT connected|connect-failed                     a librados client's rados_connect()
                                                              returned (its own stamp)
"""
import signal
import threading

from guest import utc_stamp


class FaultLog:
    """Written by the driver and by the librados client's reader thread: a line at a time."""

    def __init__(self, path):
        self.f = open(path, "a", buffering=1)
        self.lock = threading.Lock()

    def line(self, text, stamp=None):
        with self.lock:
            self.f.write(f"{stamp or utc_stamp()} {text}\n")


def resolve(step, lab, acted):
    """The monitors a step acts on: named ones, the guest's (connected), or what an earlier
    step acted on (@id: the undo of a fault on the guest's monitor)."""
    out = []
    for m in step.mons:
        if m == "connected":
            c = lab.connected_mon()
            out += [c] if c else []
        elif m.startswith("@"):
            out += acted.get(int(m[1:]), [])
        else:
            out.append(m)
    return out


def apply_step(step, lab, flog, acted, log):
    tag = f"FAULT {step.id}:"
    if step.groups:
        held = step.kind != "heal" and not step.undo
        (lab.block if held else lab.unblock)(step.pairs)
        flog.line(f"{tag} {step.kind}{' undone' if step.undo else ''} {step.groups}")
        log(f"step {step.id}: {step.kind}{' undone' if step.undo else ''}: {len(step.pairs)} directions "
            f"{'held' if held else 'let through'}")
        return
    if step.kind == "reset":
        n = lab.reset_guest(lambda: flog.line(f"{tag} reset client.0"))
        log(f"step {step.id}: reset: {n} of the guest's monitor sockets aborted")
        return
    mons = resolve(step, lab, acted)
    acted[step.id] = mons
    if not mons:
        flog.line(f"{tag} {step.kind}: no monitor ({' '.join(step.mons)}: the guest has no session)")
        log(f"step {step.id}: {step.kind}: no monitor to act on")
        return
    for m in mons:
        action = step.kind if not step.undo else {"kill": "revive", "pause": "resume", "poweroff": "poweron"}[step.kind]
        if action == "kill":
            pid = lab.signal_mon(m, signal.SIGKILL)
            flog.line(f"{tag} SIGKILL mon.{m} ({lab.ip(m)}) pid {pid}")
        elif action == "revive":
            flog.line(f"{tag} restarting mon.{m}" if step.undo else f"{tag} revive mon.{m}")
            lab.start_mon(m)
        elif action == "pause":
            pid = lab.signal_mon(m, signal.SIGSTOP)
            flog.line(f"{tag} SIGSTOP mon.{m} ({lab.ip(m)}) pid {pid}")
        elif action == "resume":
            lab.signal_mon(m, signal.SIGCONT)
            flog.line(f"{tag} SIGCONT mon.{m}" if step.undo else f"{tag} resume mon.{m}")
        elif action == "poweroff":
            # The filter first: the killed process's resets must not leave the "host".
            lab.isolate(m)
            lab.signal_mon(m, signal.SIGKILL)
            flog.line(f"{tag} poweroff mon.{m} ({lab.ip(m)})")
        elif action == "poweron":
            flog.line(f"{tag} poweroff undone mon.{m}" if step.undo else f"{tag} poweron mon.{m}")
            lab.rejoin(m)
            lab.start_mon(m)
        log(f"step {step.id}: {action} mon.{m}")
