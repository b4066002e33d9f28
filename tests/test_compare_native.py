"""bin/compare_native.py judges Odoo's own tests with the suite against the
reruns, without it, of those that failed."""

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def junit(path, cases):
    suite = ET.Element("testsuite")
    for name, outcome in cases.items():
        case = ET.SubElement(suite, "testcase", classname="test_crm_lead.T", name=name)
        if outcome != "passed":
            ET.SubElement(case, outcome, message=outcome).text = f"{name} {outcome}"
    ET.ElementTree(suite).write(path, encoding="unicode")


def run_compare(*args, check=False):
    return subprocess.run(
        [sys.executable, ROOT / "bin" / "compare_native.py", *args],
        capture_output=True,
        text=True,
        check=check,
    )


def compare(tmp_path, without, with_suite):
    junit(tmp_path / "without.xml", without)
    junit(tmp_path / "with.xml", with_suite)
    out = tmp_path / "out.xml"
    result = run_compare(tmp_path / "without.xml", tmp_path / "with.xml", out)
    judged = {
        case.get("name"): next((child.tag for child in case), "passed")
        for case in ET.parse(out).getroot().iter("testcase")
    }
    return result, judged


def test_a_test_failing_in_both_is_skipped_and_the_others_pass(tmp_path):
    result, judged = compare(
        tmp_path,
        {"test_phone": "failure"},
        {"test_ok": "passed", "test_phone": "failure", "test_odoo_skip": "skipped"},
    )
    assert result.returncode == 0, result.stdout
    assert judged == {
        "test_ok": "passed",
        "test_phone": "skipped",
        "test_odoo_skip": "skipped",
    }


def test_a_failure_that_passes_or_was_not_rerun_without_the_suite_fails(tmp_path):
    result, judged = compare(
        tmp_path,
        {"test_passes_alone": "passed"},
        {"test_passes_alone": "failure", "test_not_rerun": "error"},
    )
    assert result.returncode == 1
    assert judged == {"test_passes_alone": "failure", "test_not_rerun": "failure"}
    assert "test_not_rerun (missing without the suite)" in result.stdout


def test_no_failure_needs_no_rerun(tmp_path):
    (tmp_path / "without.xml").write_text("<testsuites/>")
    junit(tmp_path / "with.xml", {"test_ok": "passed"})
    result = run_compare(
        tmp_path / "without.xml", tmp_path / "with.xml", tmp_path / "out.xml"
    )
    assert result.returncode == 0, result.stderr


def test_the_reruns_select_exactly_the_failed_tests(tmp_path):
    junit(
        tmp_path / "with.xml",
        {"test_ok": "passed", "test_phone": "failure", "test_tour": "error"},
    )
    result = run_compare("--failed", tmp_path / "with.xml", check=True)
    assert result.stdout.strip() == (
        "(test_crm_lead and T and test_phone) or (test_crm_lead and T and test_tour)"
    )
