#!/usr/bin/python3
"""Fails a test run on any skip that is not expected, and on an expected skip that did not happen.

    check_skips.py RESULTS.xml EXPECTED.txt

RESULTS.xml is what `ctest --output-junit` wrote. A skipped GoogleTest case counts by its own
name (Suite.Case, from the "[  SKIPPED ]" lines of its suite's output; the suite's test exits 77,
see tests/unit/gtest_main.cpp); any other test that did not run counts by its CTest name.

EXPECTED.txt (tests/expected-skips/<preset>.txt) has one skip per line: the name, then why it is
expected. `if-missing=PATH` between the two makes the entry apply only where PATH does not exist.
Lines starting with '#' and blank lines are ignored.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

GTEST_SKIP = re.compile(r"^\[  SKIPPED \] (\S+) \(\d+ ms\)$", re.M)


def skipped_in(results_path):
    """Names of what did not run, each with the CTest test it belongs to; and the test count."""
    root = ET.parse(results_path).getroot()
    cases = root.iter("testcase")
    skipped, count = {}, 0
    for case in cases:
        count += 1
        if case.get("status") not in ("notrun", "disabled"):
            continue
        out = case.findtext("system-out") or ""
        names = GTEST_SKIP.findall(out) or [case.get("name")]
        for name in names:
            skipped[name] = case.get("name")
    return skipped, count


def expected_in(list_path):
    """{name: reason} of the entries that apply on this machine; malformed lines are errors."""
    expected, errors = {}, []
    with open(list_path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            fields = line.split(None, 1)
            reason = fields[1] if len(fields) > 1 else ""
            m = re.match(r"if-missing=(\S+)\s*(.*)", reason)
            if m:
                path, reason = m.groups()
                if os.path.exists(path):
                    continue
            if not reason:
                errors.append(f"{list_path}:{n}: '{fields[0]}' has no reason")
            expected[fields[0]] = reason
    return expected, errors


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    results, list_path = sys.argv[1:]
    if not os.path.exists(results):
        sys.exit(f"[skips] FAIL: no test results in {results}")
    skipped, count = skipped_in(results)
    expected, problems = expected_in(list_path)
    if count == 0:
        problems.append(f"{results} lists no tests")
    for name, test in sorted(skipped.items()):
        if name not in expected:
            problems.append(f"unexpected skip: {name} (in {test}); fix it, or list it in {list_path} with why")
    for name, reason in sorted(expected.items()):
        if name not in skipped:
            problems.append(f"expected skip did not happen: {name} ({reason}); remove it from {list_path}")
    for name in sorted(set(skipped) & set(expected)):
        print(f"[skips] expected: {name}: {expected[name]}")
    for p in problems:
        print(f"[skips] FAIL: {p}")
    print(f"[skips] {count} tests, {len(skipped)} skipped, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
