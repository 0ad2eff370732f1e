"""JUnit XML for `rapport check`: one testcase per (session, check), built with xml.etree so escaping is structural."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from analyser.gate.checks import CheckResult, CheckRun
from analyser.profile.numbers import format_number
from analyser.render.checks import describe, unreadable_line

SUITE_NAME = "rapport check"
UNREADABLE_CASE = "read the transcript"
# Characters XML 1.0 cannot hold even escaped; a file name may contain them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render_junit(run: CheckRun, *, lang: str = "fr") -> str:
    """The run as JUnit XML: failures and skips carry the measured value in their message, written in `lang`.

    Suite, testcase and property names and values stay the same in every language (CI keeps history by them).

    Every testcase also holds the value, threshold and band as `<properties>` and, for the
    CI viewers that ignore those, in `<system-out>`. An input that could not be read is one
    testcase with an `<error>`.
    """
    results = [result for session in run.sessions for result in session.results]
    counts = {
        "tests": str(len(results) + len(run.unreadable)),
        "failures": str(sum(result.status == "fail" for result in results)),
        "errors": str(len(run.unreadable)),
        "skipped": str(sum(result.status == "skip" for result in results)),
    }
    root = ET.Element("testsuites", {"name": SUITE_NAME, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE_NAME, **counts})
    _properties(suite, {"profile": run.config.profile or "none", "when_missing": run.config.when_missing, "when_too_few": run.config.when_too_few})
    for result in results:
        _testcase(suite, result, lang)
    for item in run.unreadable:
        case = ET.SubElement(suite, "testcase", classname=_classname(item.session_id), name=UNREADABLE_CASE)
        ET.SubElement(case, "error", message=_xml_safe(unreadable_line(item, lang=lang)), type="unreadable")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _testcase(suite: ET.Element, result: CheckResult, lang: str) -> None:
    case = ET.SubElement(suite, "testcase", classname=_classname(result.session_id), name=result.threshold.label)
    _properties(
        case,
        {
            "metric": result.threshold.metric,
            "kind": result.threshold.kind,
            "threshold": format_number(result.threshold.value),
            "value": "" if result.value is None else format_number(result.value),
            "band": result.band or "",
            "status": result.status,
            # The codes behind the value and the fewest it needs: empty for a metric without a minimum.
            "count": "" if result.count is None else str(result.count),
            "minimum": "" if result.minimum is None else str(result.minimum),
        },
    )
    message = _xml_safe(describe(result, lang=lang))
    if result.status == "fail":
        ET.SubElement(case, "failure", message=message, type="threshold")
    elif result.status == "skip":
        ET.SubElement(case, "skipped", message=message)
    ET.SubElement(case, "system-out").text = message


def _properties(parent: ET.Element, values: dict[str, str]) -> None:
    properties = ET.SubElement(parent, "properties")
    for name, value in values.items():
        ET.SubElement(properties, "property", name=name, value=value)


def _classname(session_id: str) -> str:
    return _xml_safe(f"rapport.{session_id}")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
