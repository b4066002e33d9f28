"""Odoo's own tests with the suite, judged against the same tests without it.

Usage: compare_native.py WITHOUT.xml WITH.xml OUT.xml

Some of Odoo's tests fail on a given machine whatever is installed (crm's
phone formatting needs data this machine may not have). Skipping them would
hide a failure the suite causes in them, so both runs are kept whole and
compared test by test: a test that passes without the suite and fails with it
is a failure of the suite; one that fails in both is reported as skipped,
with the reason; a test that passes with the suite passes.
"""

import sys
import xml.etree.ElementTree as ET


def outcomes(path):
    result = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        tags = {child.tag for child in case}
        key = (case.get("classname"), case.get("name"))
        result[key] = (
            "failed"
            if tags & {"failure", "error"}
            else "skipped"
            if "skipped" in tags
            else "passed",
            case,
        )
    return result


def main(without_path, with_path, out_path):
    without = outcomes(without_path)
    suite = ET.Element("testsuite", name="odoo-native-comparison")
    regressions = []
    for key, (outcome, case) in outcomes(with_path).items():
        new = ET.SubElement(suite, "testcase", classname=key[0], name=key[1])
        if outcome == "passed":
            continue
        if outcome == "skipped":
            ET.SubElement(new, "skipped", message="skipped by Odoo")
            continue
        before = without.get(key, ("missing", None))[0]
        if before == "failed":
            ET.SubElement(new, "skipped", message="fails without the suite too")
        else:
            regressions.append(f"{key[0]}::{key[1]} ({before} without the suite)")
            failure = ET.SubElement(new, "failure", message="fails only with the suite")
            detail = case.find("failure")
            if detail is None:
                detail = case.find("error")
            failure.text = "".join(detail.itertext()) if detail is not None else ""
    ET.ElementTree(suite).write(out_path, encoding="unicode")
    for line in regressions:
        print(f"REGRESSION: {line}")
    return 1 if regressions else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
