#!/usr/bin/python3
"""Runs the examples of README.md and scenarios/README.md and compares what they print with
what the documents show, so that the documents cannot drift (ctest: docs.readme).

An example is a fenced block right after a line `<!-- example -->`. Its lines starting with
`$ ` are commands (a trailing backslash continues one; `# exit N` at the end says the exit
status it must have, else 0); the lines after a command are what it prints (stdout, then
stderr), compared line by line after both sides are normalised:
  - `...` alone on a line stands for any number of lines; `…` within a line for any text;
  - a sanitizer build's warnings about SimGrid's stack switches are left out;
  - run directories' UTC stamps (20261206T202945.882Z) and wall-clock figures (wall=0.017s
    speedup=28219x, "0.1 s ->", runs/s) are masked on both sides.
A block without expected lines only has to exit as said.

Every example runs in one scratch directory (the document's examples in order, so a later one
may use an earlier one's results) holding `scenarios/` and `tests/data/` of the source tree
(linked, read only) and a copy of `results/baselines/`; `monsim` on PATH is the one given.

usage: docs_readme.py MONSIM SOURCE_DIR
"""
import os
import re
import shutil
import subprocess
import sys

sys.setrecursionlimit(100000)  # matches() recurses a line at a time
import tempfile

DOCS = ["README.md", "scenarios/README.md"]
TIMEOUT_S = 600  # one command (a check of the whole suite takes about a minute)

MASKS = [
    (re.compile(r"\d{8}T\d{6}\.\d{3}Z"), "STAMP"),
    (re.compile(r"wall=[0-9.]+s speedup=[0-9]+x"), "wall=W"),
    (re.compile(r"[0-9.]+ s -> "), "T s -> "),
    (re.compile(r"[0-9.]+ runs/s, ETA [0-9]+ s"), "R runs/s, ETA E s"),
]


# What a sanitizer build adds on stderr around SimGrid's context switches (not monsim's output).
SANITIZER_NOISE = re.compile(r"^==\d+==WARNING: ASan is ignoring requested __asan_handle_no_return|"
                             r"^False positive error reports may follow$|"
                             r"^For details see https://github.com/google/sanitizers/issues/189$")


def normalise(line, scratch):
    line = line.rstrip().replace(scratch + "/", "").replace(scratch, ".")
    for rx, to in MASKS:
        line = rx.sub(to, line)
    return line


def examples(path):
    """[(line number, [(command, exit status, [expected lines])])] of a document."""
    lines = open(path, encoding="utf-8").read().splitlines()
    found, i = [], 0
    while i < len(lines):
        if lines[i].strip() == "<!-- example -->" and i + 1 < len(lines) and lines[i + 1].startswith("```"):
            start, i = i + 2, i + 2
            body = []
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            found.append((start, parse_block(body)))
        i += 1
    return found


def parse_block(body):
    steps, k = [], 0
    while k < len(body):
        if not body[k].startswith("$ "):
            k += 1
            continue
        cmd = body[k][2:]
        while cmd.endswith("\\") and k + 1 < len(body):
            k += 1
            cmd = cmd[:-1] + " " + body[k].strip()
        rc = 0
        m = re.search(r"\s+# exit (\d+)$", cmd)
        if m:
            rc, cmd = int(m.group(1)), cmd[:m.start()]
        k += 1
        want = []
        while k < len(body) and not body[k].startswith("$ "):
            want.append(body[k])
            k += 1
        steps.append((cmd, rc, want))
    return steps


def pattern(line):
    return re.compile("^" + ".*".join(re.escape(part) for part in line.split("…")) + "$")


def matches(want, got):
    """Do the lines `got` match `want`, with `...` for any lines?"""
    if not want:
        return not got
    if want[0].strip() == "...":
        return any(matches(want[1:], got[j:]) for j in range(len(got) + 1))
    return bool(got) and bool(pattern(want[0]).match(got[0])) and matches(want[1:], got[1:])


def scratch_dir(source):
    d = tempfile.mkdtemp(prefix="monsim-docs-")
    os.symlink(os.path.join(source, "scenarios"), os.path.join(d, "scenarios"))
    os.makedirs(os.path.join(d, "tests"))
    os.symlink(os.path.join(source, "tests", "data"), os.path.join(d, "tests", "data"))
    shutil.copytree(os.path.join(source, "results", "baselines"), os.path.join(d, "results", "baselines"))
    return d


def main(argv):
    monsim, source = os.path.abspath(argv[0]), os.path.abspath(argv[1])
    bindir = tempfile.mkdtemp(prefix="monsim-docs-bin-")
    os.symlink(monsim, os.path.join(bindir, "monsim"))
    env = dict(os.environ, PATH=bindir + ":" + os.environ.get("PATH", "/usr/bin:/bin"))
    failures, count = [], 0
    try:
        for doc in DOCS:
            scratch = scratch_dir(source)
            try:
                for line_no, steps in examples(os.path.join(source, doc)):
                    for cmd, rc, want in steps:
                        count += 1
                        p = subprocess.run(["bash", "-c", cmd], cwd=scratch, env=env, capture_output=True, text=True,
                                           timeout=TIMEOUT_S)
                        got = [normalise(x, scratch) for x in (p.stdout + p.stderr).splitlines()
                               if not SANITIZER_NOISE.match(x)]
                        want_n = [normalise(x, scratch) for x in want]
                        where = f"{doc}:{line_no}: $ {cmd}"
                        if p.returncode != rc:
                            failures.append(f"{where}\n  exit {p.returncode}, the document says {rc}\n  " +
                                            "\n  ".join(got[-15:]))
                        elif want_n and not matches(want_n, got):
                            failures.append(f"{where}\n  the document shows:\n    " + "\n    ".join(want_n) +
                                            "\n  it prints:\n    " + "\n    ".join(got))
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
    finally:
        shutil.rmtree(bindir, ignore_errors=True)
    for f in failures:
        print("DRIFT " + f + "\n")
    print(f"docs.readme: {count} example commands, {len(failures)} differ from the documents")
    return 1 if failures or count == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
