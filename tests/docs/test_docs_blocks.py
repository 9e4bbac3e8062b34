"""The block runner itself: it finds what a page says to run, runs it, and fails loudly."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from docs_blocks import PageFailure, iter_blocks, parse_console, run_page

PAGE = textwrap.dedent(
    '''\
    # A page

    ```python title="shapes.py"
    SIDES = {"triangle": 3}
    ```

    ```python
    from shapes import SIDES
    total = SIDES["triangle"] + 1
    ```

    === "Tab"

        ```python
        total += 10
        assert total == 14
        ```

    <!-- docs-test: skip -->
    ```python
    raise SystemExit("a skipped block must not run")
    ```

    ```console
    $ echo one; echo two
    one
    ...
    $ printf 'a\\n' \\
    >   && echo b
    a
    b
    $ false || echo "exit code $?"
    exit code 1
    ```

    ```mermaid
    flowchart LR
      a --> b
    ```
    '''
)


def write_page(tmp_path: Path, text: str) -> Path:
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    return page


def test_blocks_are_found_with_their_language_title_indent_and_skip_mark():
    blocks = list(iter_blocks(PAGE))
    assert [(b.language, b.title, b.action) for b in blocks] == [
        ("python", "shapes.py", "write"),
        ("python", None, "exec"),
        ("python", None, "exec"),
        ("python", None, "show"),
        ("console", None, "shell"),
        ("mermaid", None, "show"),
    ]
    assert blocks[2].code == "total += 10\nassert total == 14\n"
    assert blocks[0].line == 3


def test_console_blocks_split_into_commands_continuations_and_expected_output():
    console = next(b for b in iter_blocks(PAGE) if b.language == "console")
    commands = parse_console(console)
    assert [c.text for c in commands] == [
        "echo one; echo two",
        "printf 'a\\n' \\\n  && echo b",
        'false || echo "exit code $?"',
    ]
    assert commands[0].expected == "one\n...\n"
    assert commands[2].expected == "exit code 1\n"


def test_a_page_runs_in_order_in_its_folder(tmp_path: Path):
    work = tmp_path / "work"
    work.mkdir()
    log = run_page(write_page(tmp_path, PAGE), work, Path("/usr/bin"))
    assert (work / "shapes.py").read_text() == 'SIDES = {"triangle": 3}\n'
    assert len(log) == 6  # one write, two exec blocks, three commands


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("```python\nassert 1 == 2\n```\n", "python block raised"),
        ("```console\n$ exit 3\n```\n", "exited 3"),
        ("```console\n$ echo actual\nexpected\n```\n", "output differs from the page"),
    ],
    ids=["python-error", "command-exit-status", "command-output"],
)
def test_a_broken_block_fails_the_page_and_names_the_line(tmp_path: Path, body, message):
    work = tmp_path / "work"
    work.mkdir()
    page = write_page(tmp_path, "# Broken\n\n" + body)
    with pytest.raises(PageFailure, match=message) as info:
        run_page(page, work, Path("/usr/bin"))
    assert "page.md:" in str(info.value)
