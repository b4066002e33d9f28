"""Odoo's own tests with the suite, judged against the same tests without it.

Usage: compare_native.py WITHOUT.xml WITH.xml OUT.xml
       compare_native.py --failed WITH.xml   (pytest's -k selecting the reruns)

Some of Odoo's tests fail on a given machine whatever is installed (crm's
phone formatting needs data this machine may not have). Skipping them would
hide a failure the suite causes in them, so every test that fails with the
suite is run again without it (WITHOUT.xml holds those runs only) and judged
test by test: one that passes or is missing without the suite is a failure of
the suite; one that fails in both is reported as skipped, with the reason; a
test that passes with the suite passes.
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


def failed_selection(with_path):
    """The -k expression that selects the failed tests again (pytest's node
    ids of tests outside the root folder cannot be given back to it)."""
    terms = [
        " and ".join((*filter(None, classname.split(".")), name))
        for (classname, name), (outcome, _case) in outcomes(with_path).items()
        if outcome == "failed"
    ]
    return " or ".join(f"({term})" for term in sorted(terms))


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
    if sys.argv[1] == "--failed":
        print(failed_selection(sys.argv[2]))
        sys.exit(0)
    sys.exit(main(*sys.argv[1:4]))
