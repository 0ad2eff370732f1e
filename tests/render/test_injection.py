"""Injection: transcript text, speaker names and file names holding markup come out inert in every output.

HTML is escaped (no tag, attribute, comment or link comes from a transcript), Markdown is escaped
(no link, image, HTML, code or broken table), CSV cells never start a spreadsheet formula, and
GitHub annotations are escaped as the runner unescapes them (no forged workflow command).
"""

from __future__ import annotations

import csv
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyser.cli.main import main
from analyser.render.csv import inert
from analyser.render.github import escape_data, escape_property, workflow_command
from analyser.render.markdown import markdown_table, markdown_text

markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py (installed with spaCy's typer/rich) parses the Markdown outputs")
# Each payload session is analysed once for the run: the tests render it again and again (conftest.py).
pytestmark = pytest.mark.usefixtures("shared_analyses")

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
MD_LINK = "[clic](javascript:alert(1))"
MD_IMAGE = "![x](http://evil/x.png)"
HYPERLINK = '=HYPERLINK("http://evil","x")'
WORKFLOW = "::set-output name=x::y %0A::error::forgé"

# (speaker, text): a short invented session whose speakers and words carry the payloads.
PAYLOAD_ROWS = (
    ("Thérapeute", f"Bonjour, qu'est-ce qui vous amène aujourd'hui ? {SCRIPT}"),
    (IMG, f"Je dors mal depuis des semaines {IMG} et je suis épuisée."),
    ("Thérapeute", f"Vous vous sentez épuisée. {MD_LINK} {MD_IMAGE}"),
    (IMG, HYPERLINK),
    ("Thérapeute", "+cmd|' /C calc'!A0 Comment voyez-vous la suite ?"),
    (IMG, "-1+1 oui | non | `rm -rf` <!-- commentaire --> **gras**"),
    ("Thérapeute", "@SUM(A1) Que pourrions-nous essayer ensemble ?"),
    (IMG, WORKFLOW),
    ("Thérapeute", "Vous avez besoin de souffler.\n::error::ligne forgée"),
    (HYPERLINK, "Je suis la sœur, je voulais juste dire bonjour."),
    ("@SUM(A1)", "Et moi le frère."),
)

# File names (session ids) holding payloads; "/" cannot be in a file name.
PAYLOAD_NAMES = (
    "<script>alert(1)",
    '"><img src=x onerror=alert(1)>',
    "[clic](javascript:alert(1))",
    "![x](http:evil.png)",
    "a|b `code` <!-- x --> *em*",
    '=HYPERLINK("http:evil","x")',
    "+cmd",
    "-1+1",
    "@SUM(A1)",
    "\tseance-tab",
    "\rseance-cr",
    "::set-output name=x::y",
    "%0A::error::forgé",
    "ligne\n::error::forgé",
    "www.evil.com $x$ :tada:",
)
UNREADABLE_NAME = "<img src=x onerror=alert(1)> |casse|"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_payload_transcript(path: Path, rows: tuple[tuple[str, str], ...] = PAYLOAD_ROWS) -> Path:
    """The payload session as a `;` CSV transcript (any speaker name survives a CSV cell)."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Locuteur", "Texte"])
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def payload_folder(tmp_path_factory) -> Path:
    """The payload session under every payload file name, the same words in a .txt, and an unreadable file."""
    folder = tmp_path_factory.mktemp("injection")
    first = write_payload_transcript(folder / f"{PAYLOAD_NAMES[0]}.csv")
    for name in PAYLOAD_NAMES[1:]:
        shutil.copy(first, folder / f"{name}.csv")
    text_lines = [f"{'Thérapeute' if speaker == 'Thérapeute' else 'Patiente'} : {' '.join(text.split())}" for speaker, text in PAYLOAD_ROWS]
    (folder / f"{IMG}.txt").write_text("\n".join(text_lines) + "\n", encoding="utf-8")
    (folder / f"{UNREADABLE_NAME}.srt").write_text(f"{SCRIPT}\n", encoding="utf-8")
    return folder


def session_ids() -> list[str]:
    # The .txt shares its name with one of the .csv files: a batch's ids are unique, so it gets its extension.
    return sorted([*PAYLOAD_NAMES, f"{IMG}-txt"])


def run(*args: str, env: dict[str, str] | None = None):
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


# --- HTML ---------------------------------------------------------------------------------------


class PageParts(HTMLParser):
    """Every tag with its attributes, every comment, and the text, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.comments: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_comment(self, data):
        self.comments.append(data)

    def handle_data(self, data):
        self.text.append(data)


# The only links a report holds: within the page, page <-> index, and the empty icon.
OUR_LINK = re.compile(r"#[a-z][\w-]*|\.\./index\.html|sessions/[a-z0-9_-]+\.html|data:,")


def parsed(path: Path) -> PageParts:
    parts = PageParts()
    parts.feed(path.read_text(encoding="utf-8"))
    parts.close()
    return parts


@pytest.fixture(scope="module")
def report(payload_folder, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    result = run("report", str(payload_folder), "-o", str(out), "-q")
    assert result.exit_code == 3, result.output  # the unreadable file
    return out


def test_the_report_holds_a_page_per_payload_session(report):
    assert len(list((report / "sessions").glob("*.html"))) == len(session_ids())


def test_no_tag_attribute_comment_or_link_in_a_report_comes_from_a_transcript(report):
    for path in [report / "index.html", *sorted((report / "sessions").glob("*.html"))]:
        parts = parsed(path)
        names = {tag for tag, _ in parts.tags}
        assert not names & {"script", "img", "iframe", "object", "embed", "form", "base"}, path.name
        assert parts.comments == [], path.name
        handlers = [(tag, name) for tag, attrs in parts.tags for name in attrs if name.startswith("on")]
        assert handlers == [], path.name
        links = [attrs.get("href") or attrs.get("src") for _, attrs in parts.tags if "href" in attrs or "src" in attrs]
        assert [link for link in links if not (link and OUR_LINK.fullmatch(link))] == [], path.name


def test_payloads_show_as_text_on_the_session_page(report):
    page = parsed(report / "sessions" / "img-src-x-onerror-alert-1.html")
    shown = "".join(page.text)
    for payload in (SCRIPT, IMG, MD_LINK, MD_IMAGE, HYPERLINK, "<!-- commentaire -->", "::error::ligne forgée"):
        assert payload in shown
    speakers = [attrs for tag, attrs in page.tags if tag == "span" and attrs.get("class") == "speaker"]
    assert speakers  # the speaker names are text in these spans (IMG is among the texts checked above)


def test_payload_file_names_show_as_text_in_the_index(report):
    index = parsed(report / "index.html")
    shown = "".join(index.text)
    for name in session_ids():
        if name.strip() == name:
            assert name in shown, name
    assert f"{UNREADABLE_NAME}.srt" in shown
    assert SCRIPT in shown  # the reader's message quotes the unreadable file's first line


# --- Markdown -----------------------------------------------------------------------------------

MARKUP_TOKENS = {"link_open", "image", "html_inline", "html_block", "code_inline", "code_block", "fence", "em_open", "strong_open", "s_open"}


def markdown_tokens(source: str) -> list:
    return markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(source)


def table_rows(source: str) -> list[list]:
    """Each row of the first table (the sessions) as its cells' inline tokens (header row first)."""
    rows, current = [], None
    for token in markdown_tokens(source):
        if token.type == "table_close":
            break
        if token.type == "tr_open":
            current = []
        elif token.type == "inline" and current is not None:
            current.append(token)
        elif token.type == "tr_close":
            rows.append(current)
            current = None
    return rows


def cell_text(cell) -> str:
    return "".join(child.content for child in cell.children if child.type == "text")


def assert_no_github_autolink(source: str) -> None:
    """GitHub (cmark-gfm) links bare www. and scheme: text; escaped (www\\., \\:) it does not."""
    assert not re.search(r"(?<!\\)www\.", source)
    for scheme in ("http:", "https:", "ftp:", "javascript:", "mailto:", "xmpp:"):
        assert scheme not in source.lower(), scheme
    assert not re.search(r"(?<!\\)\$", source)


def assert_session_cells_are_plain_text(source: str, expected_ids: list[str]) -> None:
    rows = table_rows(source)
    width = len(rows[0])
    assert all(len(row) == width for row in rows), "a cell broke the table"
    first_cells = [row[0] for row in rows[1:]]
    for cell in first_cells:
        assert {child.type for child in cell.children} <= {"text", "strong_open", "strong_close"}, cell.content
    shown = [cell_text(cell) for cell in first_cells if not any(child.type == "strong_open" for child in cell.children)]
    assert sorted(shown) == sorted(" ".join(name.split()) for name in expected_ids)


@pytest.mark.parametrize(
    "raw",
    [SCRIPT, IMG, MD_LINK, MD_IMAGE, "a|b", "`code`", "``x``", "<!-- x -->", "**gras** _it_ ~~barré~~", "\\|", "a\\", "&amp; &#60;", "www.evil.com",
     "https://evil.example", "$x$", ":tada:", "# titre", "[^1]", "<https://evil>", "ligne\n| --- |\nforgée"],
)
def test_markdown_text_is_one_plain_cell(raw):
    source = markdown_table(["session", "n"], [[markdown_text(raw), "1"]])
    assert_session_cells_are_plain_text(source, [raw])
    assert not {token.type for token in markdown_tokens(source)} & MARKUP_TOKENS
    assert_no_github_autolink(source)


@pytest.fixture(scope="module")
def analyse_markdown(payload_folder) -> str:
    result = run("analyse", str(payload_folder), "--format", "markdown", "-q")
    assert result.exit_code == 3
    return result.stdout


def test_analyse_markdown_is_inert(analyse_markdown):
    tokens = markdown_tokens(analyse_markdown)
    found = {token.type for token in tokens} | {child.type for token in tokens for child in token.children or []}
    assert not found & MARKUP_TOKENS
    assert_session_cells_are_plain_text(analyse_markdown.split("\nNon analysés")[0], session_ids())
    assert_no_github_autolink(analyse_markdown)
    unreadable = [line for line in analyse_markdown.splitlines() if "n'a pas pu être lu" in line]
    assert len(unreadable) == 1 and "\\<img src=x onerror=alert\\(1\\)\\> \\|casse\\|" in unreadable[0]
    assert "<" not in analyse_markdown.replace("\\<", "")


@pytest.fixture(scope="module")
def checked(payload_folder, tmp_path_factory):
    """`rapport check` with every output: the text, --junit, --markdown, --github, and the step summary."""
    out = tmp_path_factory.mktemp("check")
    summary = out / "step-summary.md"
    summary.write_text("# Étape précédente\n\n", encoding="utf-8")
    result = run(
        "check", str(payload_folder), "--markdown", str(out / "check.md"), "--junit", str(out / "check.xml"), "--github",
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.exit_code == 3, result.output
    return result, out


def test_check_markdown_and_step_summary_are_inert(checked):
    _, out = checked
    written = (out / "check.md").read_text(encoding="utf-8")
    appended = (out / "step-summary.md").read_text(encoding="utf-8")
    assert appended == "# Étape précédente\n\n" + written
    for source in (written, appended):
        tokens = markdown_tokens(source)
        children = [child for token in tokens for child in token.children or []]
        assert not {token.type for token in tokens} & (MARKUP_TOKENS - {"code_inline"})
        # Code spans are ours only: metric and profile names, and the command to run.
        assert {child.content for child in children if child.type == "code_inline"} <= {
            "open_question_share", "complex_reflection_share", "reflection_to_question", "mi_adherent_share", "miti-fair", "fail", "skip",
            "rapport analyse"}
        assert not {child.type for child in children} & (MARKUP_TOKENS - {"code_inline", "strong_open"})
        assert_no_github_autolink(source)
    rows = table_rows(written)
    assert len(rows) == 1 + len(session_ids()) + 1 + 1  # header, sessions, the unreadable file, totals
    assert_session_cells_are_plain_text(written, [*session_ids(), UNREADABLE_NAME])


# --- GitHub workflow commands ---------------------------------------------------------------------

COMMAND = re.compile(r"::(?P<command>[a-z-]+)(?: (?P<properties>[^:]*))?::(?P<message>.*)")


def unescape_data(text: str) -> str:
    """As GitHub's runner unescapes a command's message (ActionCommand.UnescapeData)."""
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


@pytest.mark.parametrize("raw", ["%0A::error::x", "a\nb\r\nc", "100 %", "a:b,c", "%25%3A%2C", "::set-output name=x::y", "title=x,line=3"])
def test_workflow_command_escapes_round_trip(raw):
    line = workflow_command("error", raw, title=f"rapport check: {raw}")
    assert "\n" not in line and "\r" not in line
    match = COMMAND.fullmatch(line)
    assert match is not None and match["command"] == "error"
    assert unescape_data(match["message"]) == raw
    key, _, value = match["properties"].partition("=")
    assert key == "title" and "," not in value and ":" not in value
    assert unescape_property(value) == f"rapport check: {raw}"
    assert escape_data(raw) == match["message"] and escape_property(f"rapport check: {raw}") == value


def test_annotations_cannot_be_forged_by_a_file_name(checked):
    result, _ = checked
    commands = [line for line in result.stdout.splitlines() if line.lstrip().startswith("::")]
    assert commands, result.stdout
    for line in commands:
        match = COMMAND.fullmatch(line)
        assert match is not None, line
        assert match["command"] in {"error", "warning", "notice"}, line
        assert (match["properties"] or "").startswith("title=") and "," not in match["properties"], line
        assert re.fullmatch(r"(?:[^%]|%25|%0D|%0A)*", match["message"]), line
    # Every payload file name is in an annotation, on one line, escaped.
    messages = " ".join(unescape_data(COMMAND.fullmatch(line)["message"]) for line in commands)
    assert "ligne\\n::error::forgé" in messages and "%0A::error::forgé" in messages
    for line in result.stderr.splitlines():
        assert not line.lstrip().startswith("::"), line


def test_junit_is_well_formed_and_names_every_session(checked):
    import xml.etree.ElementTree as ET

    _, out = checked
    root = ET.parse(out / "check.xml").getroot()
    classnames = {case.get("classname") for case in root.iter("testcase")}
    assert "rapport.<script>alert(1)" in classnames and f"rapport.{IMG}" in classnames


# --- CSV ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+cmd", "'+cmd"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Bonjour = salut", "Bonjour = salut"),
        ("'déjà cité", "'déjà cité"),
    ],
)
def test_inert_cells(text, cell):
    assert inert(text) == cell


SEPARATORS = {",": ",", ";": ";", "tab": "\t"}


@pytest.fixture(scope="module")
def csv_outputs(payload_folder, tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    out = tmp_path_factory.mktemp("csv")
    files = {}
    for name in SEPARATORS:
        sessions, utterances = out / f"sessions-{len(files)}.csv", out / f"utterances-{len(files)}.csv"
        result = run("analyse", str(payload_folder), "--format", "csv", "--csv-sep", name, "--utterances", str(utterances), "-o", str(sessions), "-q")
        assert result.exit_code == 3, result.output
        files[name] = (sessions, utterances)
    return files


def read_table(path: Path, separator: str) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=separator))


def is_number(cell: str) -> bool:
    try:
        float(cell.replace(",", "."))
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("name", list(SEPARATORS))
def test_no_csv_cell_starts_a_formula(csv_outputs, name):
    for path in csv_outputs[name]:
        rows = read_table(path, SEPARATORS[name])
        assert len({len(row) for row in rows}) == 1, f"{path.name}: rows of different lengths"
        formulas = [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS) and not is_number(cell)]
        assert formulas == [], path.name


@pytest.mark.parametrize("name", list(SEPARATORS))
def test_csv_keeps_the_payloads_as_text(csv_outputs, name):
    sessions, utterances = (read_table(path, SEPARATORS[name]) for path in csv_outputs[name])
    ids = {row[0] for row in sessions[1:]}
    assert {inert(session_id) for session_id in session_ids()} == ids
    header, *rows = utterances
    texts = [row[header.index("text")] for row in rows]
    speakers = {row[header.index("speaker")] for row in rows}
    for payload in (HYPERLINK, "+cmd|' /C calc'!A0 Comment voyez-vous la suite ?", "@SUM(A1) Que pourrions-nous essayer ensemble ?"):
        assert "'" + payload in texts
    assert texts.count(WORKFLOW) == len(PAYLOAD_NAMES) + 1  # and the .txt session
    assert {IMG, "'" + HYPERLINK, "'@SUM(A1)"} <= speakers


# --- Lines on standard error and in the text output ------


def test_a_file_name_cannot_forge_a_line_on_standard_error(tmp_path):
    (tmp_path / "x\n::error::forgé.srt").write_text("pas des sous-titres\n", encoding="utf-8")
    result = run("analyse", str(tmp_path), "--format", "json")
    assert result.exit_code == 3
    assert [line for line in result.stderr.splitlines() if not line.startswith("rapport : ")] == []


def test_a_file_name_cannot_forge_a_line_in_the_text_output(payload_folder):
    result = run("analyse", str(payload_folder / "ligne\n::error::forgé.csv"), "-q")
    assert result.exit_code == 0
    assert not any(line.startswith("::") for line in result.stdout.splitlines())
