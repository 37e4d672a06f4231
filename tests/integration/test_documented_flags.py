"""Every `--flag` README.md and docs/*.md mention exists in the program (issue 10, item 1).

Flags are taken from the documents' text. Where the text says which command a flag belongs
to (`heatloop ingest ... --tz Z` on one line, or the continuation lines of a command in a
code block), the flag must be in that command's `--help` (or of one of its subcommands);
otherwise some command must accept it. Flags of other tools are allowed only where the line
names the tool (FOREIGN below)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?![\w-])")
CODE_SPAN = re.compile(r"`[^`]*`")
MENTION = re.compile(r"heatloop\s+([a-z][a-z-]*)(?:\s+([a-z][a-z-]*))?(?:\s+([a-z][a-z-]*))?")

# Flags of other programs the documents mention, and the words of which the line (or one of
# the two before it, the same sentence) must contain one.
FOREIGN = {
    "--no-deps": ("requirements", "pip"),  # pip install --no-deps -r requirements-nodeps.txt
    "--no-build-isolation": ("pip",),  # pip wheel --no-build-isolation ./python
    "--system-site-packages": ("venv",),  # python3 -m venv --system-site-packages
    "--serve-artifacts": "mlflow",
    "--no-audit": "npm",
    "--no-fund": "npm",
    "--test": "node",
    "--heatloop": "quality_faults.py",  # bench/quality_faults.py --heatloop build/heatloop
    "--size": "compare_torch.py",  # bench/compare_torch.py --size forecaster
    "--tune": "quality_showers.py",  # bench/quality_showers.py --tune
}


def foreign_words(flag):
    words = FOREIGN[flag]
    return (words,) if isinstance(words, str) else words


def help_flags(heatloop, path):
    code, out, err = heatloop(*path, "--help")
    assert code == 0, (path, err)
    return out


def subcommands(help_text):
    """Names listed under "Subcommands:" in CLI11's help."""
    names, inside = [], False
    for line in help_text.splitlines():
        if line.strip().upper().startswith("SUBCOMMANDS"):
            inside = True
            continue
        if inside:
            m = re.match(r"^\s{2,}([a-z][a-z-]*)\b", line)
            if m:
                names.append(m.group(1))
            elif line.strip() and not line.startswith(" "):
                inside = False
    return names


@pytest.fixture(scope="module")
def accepted(request):
    """{command path tuple: set of flags its help lists}, for every command and subcommand."""
    heatloop = request.getfixturevalue("heatloop_module")
    table = {}

    def walk(path, depth):
        text = help_flags(heatloop, path)
        table[tuple(path)] = set(FLAG.findall(text))
        if depth < 3:
            for name in subcommands(text):
                walk([*path, name], depth + 1)

    walk([], 0)
    return table


@pytest.fixture(scope="module")
def heatloop_module():
    import os
    import subprocess

    binary = os.environ.get("HEATLOOP_BIN")
    if not binary or not os.access(binary, os.X_OK):
        pytest.fail(f"HEATLOOP_BIN must name the built heatloop CLI (got {binary!r})")

    def run(*args):
        proc = subprocess.run([binary, *map(str, args)], capture_output=True, text=True,
                              timeout=60)
        return proc.returncode, proc.stdout, proc.stderr

    return run


def resolve(table, words):
    """The longest command path the words name, or None."""
    path = []
    for w in words:
        if w and tuple([*path, w]) in table:
            path.append(w)
        else:
            break
    return tuple(path) if path else None


def mentions(text, table):
    """(flag, command path or None, where) for every flag in the documents' text. In prose a
    mention names the command of the flags in its own `code span`; in a code block, of the
    flags after it on its line and on the indented lines that continue it."""
    out = []
    for name, body in text:
        in_block, block_cmd = False, None
        lines = body.splitlines()
        for number, line in enumerate(lines, 1):
            sentence = " ".join(lines[max(0, number - 3):number])
            if line.strip().startswith("```"):
                in_block, block_cmd = not in_block, None
                continue
            # The command each position of the line belongs to: the last mention before it.
            marks = [(m.start(), resolve(table, m.groups())) for m in MENTION.finditer(line)]
            if in_block and not marks and block_cmd and line.startswith((" ", "\t")):
                marks = [(0, block_cmd)]
            elif in_block and not line.startswith((" ", "\t")):
                block_cmd = None
            spans = [s.span() for s in CODE_SPAN.finditer(line)] if not in_block else []
            for m in FLAG.finditer(line):
                flag = m.group(0)
                if flag in FOREIGN and any(word in sentence for word in foreign_words(flag)):
                    continue
                span = next(((a, b) for a, b in spans if a <= m.start() < b), None)
                cmd = None
                for pos, c in marks:
                    if pos < m.start() and c and (span is None or span[0] <= pos):
                        cmd = c
                out.append((flag, cmd, f"{name}:{number}"))
            if in_block and marks and marks[-1][1]:
                block_cmd = marks[-1][1]
    return out


def undocumented(text, table):
    """Mentions the program does not accept, as "file:line: --flag (command)"."""
    everywhere = table[()]  # global options, accepted by every command
    bad = []
    for flag, cmd, where in mentions(text, table):
        if flag in everywhere:
            continue
        if cmd is not None:
            ok = any(flag in flags for path, flags in table.items() if path[: len(cmd)] == cmd)
        else:
            ok = any(flag in flags for flags in table.values())
        if not ok:
            bad.append(f"{where}: {flag} ({' '.join(cmd) if cmd else 'any command'})")
    return bad


def test_every_documented_flag_is_accepted(accepted):
    text = [(p.relative_to(ROOT).as_posix(), p.read_text(encoding="utf-8")) for p in DOCS]
    found = mentions(text, accepted)
    assert len(found) > 100  # the documents do mention flags; the extraction works
    bad = undocumented(text, accepted)
    assert bad == [], "\n".join(bad)


def test_signal_flags_belong_to_ingest(accepted):
    assert {"--signal-unit", "--signal-channel", "--missing", "--drop", "--time-format",
            "--date-order", "--utc-offset"} <= accepted[("ingest",)]


def test_a_flag_no_command_has_is_reported(accepted):
    text = [("fake.md", "Run `heatloop ingest data.csv --workspace ws --signal-colour red`.\n"
                        "```\nheatloop inspect --workspace WS\n    [--no-such-option]\n```\n"
                        "Prose may name `--imaginary` too.\n")]
    assert undocumented(text, accepted) == [
        "fake.md:1: --signal-colour (ingest)",
        "fake.md:4: --no-such-option (inspect)",
        "fake.md:6: --imaginary (any command)",
    ]


def test_a_flag_of_another_command_is_reported(accepted):
    # --meter exists, but for ingest only.
    text = [("fake.md", "`heatloop inspect --workspace WS --meter total`\n")]
    assert undocumented(text, accepted) == ["fake.md:1: --meter (inspect)"]
