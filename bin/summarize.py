"""Adds up the JUnit reports of every pytest run into one closing line."""

import sys
import xml.etree.ElementTree as ET


def count(path):
    totals = {"passed": 0, "failed": 0, "skipped": 0}
    for case in ET.parse(path).getroot().iter("testcase"):
        tags = {child.tag for child in case}
        if tags & {"failure", "error"}:
            totals["failed"] += 1
        elif "skipped" in tags:
            totals["skipped"] += 1
        else:
            totals["passed"] += 1
    return totals


def main(paths):
    totals = {"passed": 0, "failed": 0, "skipped": 0}
    for path in paths:
        try:
            found = count(path)
        except (OSError, ET.ParseError) as exc:
            print(f"unreadable report {path}: {exc}")
            totals["failed"] += 1
            continue
        for key, value in found.items():
            totals[key] += value
    print("TOTAL: {passed} passed, {failed} failed, {skipped} skipped".format(**totals))
    return 1 if totals["failed"] or not totals["passed"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
