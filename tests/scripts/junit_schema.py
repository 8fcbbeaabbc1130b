#!/usr/bin/python3
"""Checks a JUnit report against the rules of junit-10.xsd, the schema of Jenkins' xunit
plugin (jenkinsci/xunit-plugin, src/main/resources/.../xsd/junit-10.xsd), which no Debian
package ships: each element's allowed attributes and children, the required attributes, the
time pattern; and, beyond the schema, that the counts on <testsuites> and each <testsuite>
are those of the testcases inside. Prints what breaks and exits 1; exit 0 when it holds.

usage: junit_schema.py REPORT.xml
"""
import re
import sys
import xml.dom.minidom

# element: (required attributes, allowed attributes, allowed child elements, text allowed)
OUTCOME = (set(), {"type", "message"}, set(), True)
RULES = {
    "testsuites": (set(), {"name", "time", "tests", "failures", "errors"}, {"testsuite"}, False),
    "testsuite": ({"name", "tests", "failures", "errors"},
                  {"name", "tests", "failures", "errors", "group", "time", "skipped", "timestamp", "hostname",
                   "id", "package", "file", "log", "url"},
                  {"testsuite", "properties", "testcase", "system-out", "system-err"}, False),
    "properties": (set(), set(), {"property"}, False),
    "property": ({"name", "value"}, {"name", "value"}, set(), False),
    "testcase": ({"name"}, {"name", "time", "classname", "group"},
                 {"skipped", "error", "failure", "rerunFailure", "rerunError", "flakyFailure", "flakyError",
                  "system-out", "system-err"}, False),
    "failure": OUTCOME, "error": OUTCOME, "skipped": OUTCOME,
    "system-out": (set(), set(), set(), True), "system-err": (set(), set(), set(), True),
}
SUREFIRE_TIME = re.compile(r"(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?")
problems = []


def check(e, path):
    name = e.tagName
    where = path + "/" + name
    if name not in RULES:
        problems.append(f"{where}: no such element in junit-10.xsd")
        return
    required, allowed, children, text = RULES[name]
    attrs = set(e.attributes.keys())
    for a in sorted(required - attrs):
        problems.append(f"{where}: missing required attribute {a}")
    for a in sorted(attrs - allowed):
        problems.append(f"{where}: attribute {a} not allowed")
    if "time" in attrs and name in ("testsuite", "testsuites") and not SUREFIRE_TIME.fullmatch(e.getAttribute("time")):
        problems.append(f"{where}: time '{e.getAttribute('time')}' is not SUREFIRE_TIME")
    for c in e.childNodes:
        if c.nodeType == c.ELEMENT_NODE:
            if c.tagName not in children:
                problems.append(f"{where}: <{c.tagName}> not allowed inside")
            check(c, where)
        elif c.nodeType in (c.TEXT_NODE, c.CDATA_SECTION_NODE) and c.data.strip() and not text:
            problems.append(f"{where}: text not allowed inside")


def counts(suite_or_root):
    cases = suite_or_root.getElementsByTagName("testcase")
    kinds = {k: sum(1 for c in cases if c.getElementsByTagName(k)) for k in ("failure", "error", "skipped")}
    return len(cases), kinds


def check_counts(doc):
    root = doc.documentElement
    for e in [root] + root.getElementsByTagName("testsuite"):
        n, kinds = counts(e)
        want = {"tests": n, "failures": kinds["failure"], "errors": kinds["error"]}
        if e.tagName == "testsuite":
            want["skipped"] = kinds["skipped"]
        for attr, value in want.items():
            if e.hasAttribute(attr) and e.getAttribute(attr) != str(value):
                problems.append(f"<{e.tagName} name='{e.getAttribute('name')}'>: {attr}={e.getAttribute(attr)}, "
                                f"its testcases say {value}")


def main():
    doc = xml.dom.minidom.parse(sys.argv[1])
    if doc.documentElement.tagName != "testsuites":
        problems.append(f"root element <{doc.documentElement.tagName}>, not <testsuites>")
    check(doc.documentElement, "")
    check_counts(doc)
    for p in problems:
        print(f"{sys.argv[1]}: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
