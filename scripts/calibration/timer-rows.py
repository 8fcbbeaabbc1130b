#!/usr/bin/env python3
"""Extracts, from a real kernel's log, every MonClient tick with the arming that fired it.

    scripts/calibration/timer-rows.py ../shared/reference/real-kernel-6.1/run1 [...]

For each `delayed_work` (a tick running) the last `__schedule_delayed after D` before it is
the arming that fired it (mod_delayed_work re-arms). Printk times become raw jiffies through
the anchor in tick-phase.txt (HZ 250). A tick is armed from inside the previous tick's work
in the same jiffy, so such an arming takes that tick's jiffy; any other arming (a fault,
the end of a hunt) takes floor(anchor jiffies). Every tick at a wheel level of 64 jiffies or
coarser fires on a multiple of 64, so the anchor's constant error is the commonest remainder
of those fires modulo 64 (0 in run1, 1 in run2); it is subtracted. Prints one row per tick:
    run  armed_jiffy  delay  fired_jiffy  armed_by
which tests/kern/data/real-6.1-ticks.txt keeps (generated with this script; the evidence
itself is not part of the repository).
"""
import math
import os
import re
import sys

HZ = 250
ARM = re.compile(r"\[\s*([0-9.]+)\] \[\d+\] __schedule_delayed: libceph:\s+__schedule_delayed after (\d+)")
FIRE = re.compile(r"\[\s*([0-9.]+)\] \[\d+\] delayed_work: libceph:\s+delayed_work mon")
ANCHOR = re.compile(r"anchor: printk ([0-9.]+) s <-> jiffies (\d+)")


def rows(run_dir):
    with open(os.path.join(run_dir, "tick-phase.txt")) as f:
        m = ANCHOR.search(f.read())
    anchor_t, anchor_j = float(m.group(1)), int(m.group(2))
    jiffy = lambda t: anchor_j + (t - anchor_t) * HZ
    last_arm = None
    last_fire = None  # (printk time, jiffy)
    out = []
    with open(os.path.join(run_dir, "guest-console.log"), errors="replace") as f:
        for line in f:
            a = ARM.search(line)
            if a:
                last_arm = (float(a.group(1)), int(a.group(2)))
                continue
            w = FIRE.search(line)
            if not w or last_arm is None:
                continue
            t = float(w.group(1))
            fired = round(jiffy(t))
            arm_t, delay = last_arm
            in_tick = last_fire is not None and 0 <= arm_t - last_fire[0] < 0.05
            armed = last_fire[1] if in_tick else math.floor(jiffy(arm_t))
            out.append((os.path.basename(run_dir.rstrip("/")), armed, delay, fired, "tick" if in_tick else "other"))
            last_fire = (t, fired)
            last_arm = None
    # The anchor's error: the commonest remainder mod 64 of the fires (taken as -32..31).
    rems = [((r[3] + 32) % 64) - 32 for r in out]
    offset = max(set(rems), key=rems.count)
    return [(run, armed - offset, delay, fired - offset, by) for run, armed, delay, fired, by in out]


if __name__ == "__main__":
    print("# run armed_jiffy delay fired_jiffy armed_by   (scripts/calibration/timer-rows.py)")
    for d in sys.argv[1:]:
        for r in rows(d):
            print(*r)
