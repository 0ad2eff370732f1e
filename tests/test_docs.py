"""README, docs/ and CI agree: the quick start has two commands and .ci/run runs the test one; every command and
option is documented; every docs page has a table of contents; every relative link leads somewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from .conftest import REPO

README_PATH = REPO / "README.md"
README = README_PATH.read_text(encoding="utf-8")
DOCS = REPO / "docs"
DOC_PAGES = sorted(DOCS.glob("*.md"))
COMMANDS = (DOCS / "commands.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def outside_code_blocks(text: str) -> list[str]:
    """The lines of a Markdown text that are not inside a fenced code block."""
    lines, fenced = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def headings(text: str, level: int | None = None) -> list[str]:
    """The titles of the headings (of one level, or of every level), in order."""
    found = []
    for line in outside_code_blocks(text):
        match = re.match(r"(#{1,6}) (.+?)\s*#*\s*$", line)
        if match and (level is None or len(match.group(1)) == level):
            found.append(match.group(2))
    return found


def slug(title: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title).lower()  # a link counts by its text
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(text: str) -> set[str]:
    """Every anchor GitHub gives the headings of a page; a repeated one gets -1, -2…"""
    seen: dict[str, int] = {}
    found = set()
    for title in headings(text):
        base = slug(title)
        found.add(f"{base}-{seen[base]}" if base in seen else base)
        seen[base] = seen.get(base, 0) + 1
    return found


def link_targets(text: str) -> list[str]:
    """The targets of the inline links of a Markdown text, outside code blocks and code spans."""
    prose = re.sub(r"`[^`]*`", "code", "\n".join(outside_code_blocks(text)))  # a code span may run over two lines
    return re.findall(r"\]\(([^)\s]+)\)", prose)


def section(text: str, title: str) -> str:
    """The body of the `## title` section of a page, up to the next `##` heading."""
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_quick_start_has_exactly_two_commands():
    commands = quick_start_commands()
    assert len(commands) == 2
    assert "rapport analyse samples/" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command():
    ci_lines = [line.strip() for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert quick_start_commands()[1] in ci_lines


def test_readme_is_short():
    assert len(README.splitlines()) < 250


def test_every_command_is_in_the_readme_table_and_has_a_docs_section():
    from analyser.cli.main import main

    sections = {match.group(1): title for title in headings(COMMANDS, 2) if (match := re.match(r"`rapport (\w+)", title))}
    for name in main.list_commands(None):  # type: ignore[arg-type]
        assert name in sections, f"docs/commands.md has no '## `rapport {name} …`' section"
        row = re.search(rf"^\| `rapport {name}\b.*$", README, flags=re.MULTILINE)
        assert row, f"README's table of commands has no row for rapport {name}"
        assert f"(docs/commands.md#{slug(sections[name])})" in row.group(0), row.group(0)


def test_every_analyse_option_is_documented_in_the_commands_page():
    from analyser.cli.main import main

    result = CliRunner().invoke(main, ["analyse", "--help"])
    options = set(re.findall(r"(--[a-z][a-z-]+)", result.output)) - {"--help"}
    assert options
    documented = section(COMMANDS, "`rapport analyse PATH...`")
    for option in options:
        assert re.search(rf"{option}(?![a-z-])", documented), option


def test_the_docs_pages_are_there_and_linked_from_the_readme():
    names = {page.name for page in DOC_PAGES}
    assert {"commands.md", "batches.md", "input-formats.md", "coding.md", "outputs.md", "accuracy.md", "privacy.md", "development.md"} <= names
    for name in names:
        assert f"(docs/{name})" in README, name


@pytest.mark.parametrize("page", DOC_PAGES, ids=lambda page: page.name)
def test_every_docs_page_opens_with_a_table_of_contents(page: Path):
    text = page.read_text(encoding="utf-8")
    sections = headings(text, 2)
    assert sections, f"{page.name} has no ## sections"
    top = text.split("\n## ", 1)[0]
    contents = re.findall(r"^- \[.+\]\(#([^)\s]+)\)$", top, flags=re.MULTILINE)
    assert contents == [slug(title) for title in sections]


@pytest.mark.parametrize("page", [README_PATH, *DOC_PAGES], ids=lambda page: page.relative_to(REPO).as_posix())
def test_every_relative_link_leads_to_a_file_and_a_heading(page: Path):
    text = page.read_text(encoding="utf-8")
    for target in link_targets(text):
        if re.match(r"[a-z][a-z+.-]*:", target):  # https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        destination = (page.parent / path).resolve() if path else page
        assert destination.exists(), f"{page.name}: {target}: no such file"
        assert destination.is_relative_to(REPO), f"{page.name}: {target}: outside the repository"
        if anchor:
            assert destination.suffix == ".md", f"{page.name}: {target}: an anchor into a file that is not Markdown"
            assert anchor in anchors(destination.read_text(encoding="utf-8")), f"{page.name}: {target}: no such heading"


def test_the_docs_send_no_one_to_the_projects_shared_folder():
    # A user's clone has no ../shared: the measuring data is named by a placeholder ($EVAL).
    for page in [README_PATH, *DOC_PAGES]:
        assert "../shared" not in page.read_text(encoding="utf-8"), page.name
