"""A case-file writer made to be killed: it saves edits in a loop the way the workbench does,
and logs every save once it has returned, so whoever kills it can say what the file holds.

    .venv/bin/python benchmarks/crash_child.py FILE LOG [--seed N]

(creates FILE when it is missing; kill it with ``kill -9`` whenever you like, then
``benchmarks/crash_harness.py``'s ``check_file(FILE, LOG)`` says whether a save was lost.)

The edits are the workbench's own: ``fields.set_field`` for the claim, verdict, title and
section headings, section bodies that grow by long paragraphs and by keystroke-sized
pieces (a typing burst, whose history events merge), ``editing`` to add, move and delete
sources and sections and to cycle matrix cells, ``review`` for comments, replies,
resolutions and status moves. Every save goes through ``CaseFile.save``; half of them save
an unpickled copy, as autosave does. Now and then the writer reads its own file's summary
(``library.read_summary``), as the library screen's refresh does in the same process.

Each save is logged twice. Before it, the digest of the content about to be committed
("try"): written, not synced, since only the process dies, not the machine. After
``CaseFile.save`` returns, the same digest again ("done"), flushed and fsynced. After a
kill the file must hold the content of the last "done" save, or of a "try" after it (the
save committed; the writer was killed before it could say so). The RNG is seeded, so a run
is reproducible up to where the kill falls.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import pickle
import random
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench import editing, review
from workbench.casefile.errors import CaseFileError
from workbench.casefile.library import read_summary
from workbench.casefile.rows import case_rows
from workbench.casefile.store import CaseFile
from workbench.fields import set_field
from workbench.model import AnchorKind, Case, SectionKind, Status, new_case

WRITER = "Crash Writer"
REVIEWER = "Crash Reviewer"
#: A section body this long starts over: the file grows and shrinks, it never runs away.
MAX_BODY = 60_000
#: The workbench's library refresh reads the summary of the open case about this often.
SUMMARY_EVERY = 5
#: Exit statuses of the writer (when it is not killed first).
BLOCKED = 3
FAILED = 2

_WORDS = ("the", "council", "said", "budget", "bridge", "report", "figures", "closed",
          "percent", "according", "minister", "data", "claimed", "survey", "record",
          "million", "official", "statement", "evidence", "archive")

Record = dict[str, Any]


def state_digest(case: Case) -> str:
    """A digest of everything a save writes but the history (which saves append to)."""
    rows = case_rows(case, history=False)
    lines = sorted(f"{name}|{key!r}|{row!r}" for name, table in rows.items()
                   for key, row in table.items())
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogatepass")).hexdigest()


def crash_case() -> Case:
    """The case every crash file starts from: a claim, three sources, three sections."""
    case = new_case("The bridge was closed for 200 days last year", title="Crash case")
    for number in range(3):
        editing.add_source(case, title=f"Starting source {number + 1}",
                           url=f"https://example.org/{number + 1}")
    editing.add_section(case, "Background")
    review.record_created(case, WRITER)
    return case


def create_crash_file(path: Path, log_path: Path | None = None) -> None:
    """Create a crash case file; with ``log_path``, log its state as the one a first writer
    finds (a writer killed before it logs anything leaves the file as created)."""
    case = crash_case()
    CaseFile.create(path, case, who=WRITER).close()
    if log_path is not None:
        log = SaveLog(log_path)
        log.note({"open": state_digest(case)}, durable=True)
        log.close()


def read_log(path: Path) -> list[Record]:
    """The records of a save log; a line torn by the kill (no newline yet) is ignored."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [json.loads(line) for line in text.split("\n")[:-1] if line]


class SaveLog:
    """An append-only log of JSON lines, each written with one ``write`` call."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def note(self, record: Record, *, durable: bool = False) -> None:
        os.write(self._fd, (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
        if durable:
            os.fsync(self._fd)

    def close(self) -> None:
        os.close(self._fd)


class Editor:
    """Picks and makes one edit at a time, seeded; each returns a label for the log."""

    def __init__(self, rng: random.Random, tag: str) -> None:
        self.rng = rng
        self.tag = tag
        self.step = 0
        #: The section a typing burst is in, and how many keystroke saves it has left.
        self._typing: tuple[str, int] | None = None
        self._moves: list[tuple[Callable[[Case, str], str], int]] = [
            (self.claim_text, 2), (self.verdict, 2), (self.title, 1), (self.long_paragraph, 4),
            (self.start_typing, 3), (self.heading, 1), (self.add_source, 3),
            (self.move_source, 2), (self.delete_source, 1), (self.source_field, 2),
            (self.add_section, 1), (self.delete_section, 1), (self.move_section, 1),
            (self.comment, 2), (self.resolve_or_reply, 1), (self.move_status, 1),
            (self.matrix, 2),
        ]

    def token(self) -> str:
        self.step += 1
        return f"{self.tag}-{self.step}"

    def edit(self, case: Case) -> tuple[str, str]:
        """Make one edit; return (label, the unique token it wrote, if any)."""
        token = self.token()
        if self._typing is not None:
            return self.keystrokes(case, token), token
        moves, weights = zip(*self._moves, strict=True)
        move = self.rng.choices(moves, weights)[0]
        return move(case, token), token

    def _text(self, token: str, words: int) -> str:
        return f"{token} " + " ".join(self.rng.choice(_WORDS) for _ in range(words)) + "."

    def claim_text(self, case: Case, token: str) -> str:
        set_field(case, "claim.text", f"Claim {self._text(token, 12)}")
        return "claim.text"

    def verdict(self, case: Case, token: str) -> str:
        field = self.rng.choice(("verdict.rating", "verdict.conclusion"))
        set_field(case, field, self._text(token, 3 if field.endswith("rating") else 40))
        return field

    def title(self, case: Case, token: str) -> str:
        set_field(case, "title", f"Case {token}")
        return "title"

    def _section_number(self, case: Case) -> int:
        return self.rng.randrange(len(case.sections)) + 1

    def long_paragraph(self, case: Case, token: str) -> str:
        number = self._section_number(case)
        body = case.sections[number - 1].body
        body = "" if len(body) > MAX_BODY else body
        set_field(case, f"section:{number}.body", body + "\n\n" + self._text(token, 600))
        return f"section:{number}.body +paragraph"

    def start_typing(self, case: Case, token: str) -> str:
        section = self.rng.choice(case.sections)
        self._typing = (section.id, self.rng.randint(3, 12))
        return self.keystrokes(case, token)

    def keystrokes(self, case: Case, token: str) -> str:
        """A few characters more in the same section: one autosave of a typing pause."""
        assert self._typing is not None
        section_id, left = self._typing
        self._typing = (section_id, left - 1) if left > 1 else None
        section = next((s for s in case.sections if s.id == section_id), None)
        if section is None:
            self._typing = None
            return self.long_paragraph(case, token)
        number = case.sections.index(section) + 1
        set_field(case, f"section:{number}.body", section.body + f" {token}")
        return f"section:{number}.body +keys"

    def heading(self, case: Case, token: str) -> str:
        number = self._section_number(case)
        set_field(case, f"section:{number}.heading", f"Heading {token}")
        return f"section:{number}.heading"

    def add_source(self, case: Case, token: str) -> str:
        if len(case.sources) >= 40:
            return self.delete_source(case, token)
        source = editing.add_source(case, title=f"Source {token}",
                                    url=f"https://example.org/{token}",
                                    excerpts=[self._text(token, 30)])
        return f"source [{source.number}] added"

    def move_source(self, case: Case, token: str) -> str:
        source = self.rng.choice(case.sources)
        offset = self.rng.choice((-1, 1))
        moved = editing.move_source(case, source.id, offset)
        return f"source [{source.number}] moved {offset:+d}" if moved else "source unmoved"

    def delete_source(self, case: Case, token: str) -> str:
        if len(case.sources) <= 3:
            return self.add_source(case, token)
        source = self.rng.choice(case.sources)
        editing.delete_source(case, source.id)
        return f"source [{source.number}] deleted"

    def source_field(self, case: Case, token: str) -> str:
        source = self.rng.choice(case.sources)
        field = self.rng.choice(("notes", "motive_note", "outlet", "motive"))
        value = self.rng.choice(("self-justification", "none apparent", "")) \
            if field == "motive" else f"{field} {token}"
        set_field(case, f"source:{source.number}.{field}", value)
        return f"source:{source.number}.{field}"

    def add_section(self, case: Case, token: str) -> str:
        if len(case.sections) >= 8:
            return self.delete_section(case, token)
        editing.add_section(case, f"Section {token}")
        return "section added"

    def delete_section(self, case: Case, token: str) -> str:
        body_sections = [s for s in case.sections if s.kind is SectionKind.BODY]
        if len(case.sections) <= 3 or not body_sections:
            return self.add_section(case, token)
        editing.delete_section(case, self.rng.choice(body_sections).id)
        return "section deleted"

    def move_section(self, case: Case, token: str) -> str:
        section = self.rng.choice(case.sections)
        moved = editing.move_section(case, section.id, self.rng.choice((-1, 1)))
        return "section moved" if moved else "section unmoved"

    def comment(self, case: Case, token: str) -> str:
        kind = self.rng.choice((AnchorKind.SECTION, AnchorKind.SOURCE, AnchorKind.VERDICT))
        anchor_id = ""
        if kind is AnchorKind.SECTION:
            anchor_id = self.rng.choice(case.sections).id
        elif kind is AnchorKind.SOURCE:
            anchor_id = self.rng.choice(case.sources).id
        review.add_comment(case, review.Anchor(kind, anchor_id), f"Comment {token}", REVIEWER)
        return f"comment on {kind.value}"

    def resolve_or_reply(self, case: Case, token: str) -> str:
        opened = review.open_comments(case)
        if not opened:
            return self.comment(case, token)
        target = self.rng.choice(opened)
        if self.rng.random() < 0.5:
            review.reply(case, target.id, f"Reply {token}", WRITER)
            return "reply"
        review.resolve(case, target.id, REVIEWER)
        return "resolve"

    def move_status(self, case: Case, token: str) -> str:
        """Between draft, in review and changes requested: the case stays editable."""
        moves = {Status.DRAFT: Status.IN_REVIEW, Status.CHANGES_REQUESTED: Status.IN_REVIEW}
        target = moves.get(case.status) or self.rng.choice(
            (Status.DRAFT, Status.CHANGES_REQUESTED))
        who = REVIEWER if target is Status.CHANGES_REQUESTED else WRITER
        review.move_status(case, target, who, note=f"Status note {token}")
        return f"status {target.value}"

    def matrix(self, case: Case, token: str) -> str:
        if not case.questions or self.rng.random() < 0.1:
            editing.add_question(case, f"Question {token}?")
        question = self.rng.choice(case.questions)
        source = self.rng.choice(case.sources)
        editing.cycle_cell(case, question.id, source.id)
        return "matrix cell"


def save(case_file: CaseFile, case: Case, *, as_copy: bool) -> None:
    """Save as the workbench does: autosave saves an unpickled copy, leaving the screen
    saves the case itself."""
    if as_copy:
        case_file.save(pickle.loads(pickle.dumps(case, protocol=pickle.HIGHEST_PROTOCOL)))
    else:
        case_file.save(case)


def write_forever(path: Path, log_path: Path, seed: int) -> int:
    """Open ``path`` for writing and save edits until killed; the exit status otherwise.

    A file that opens read-only is logged as "blocked" (a killed writer's lock must never
    keep the next writer out). A save that fails is logged and the edit stays in memory,
    as in the workbench: the next save carries it.
    """
    rng = random.Random(seed)
    log = SaveLog(log_path)
    try:
        case_file = CaseFile.open(path, who=WRITER)
    except CaseFileError as error:
        log.note({"blocked": str(error)}, durable=True)
        return BLOCKED
    if case_file.read_only:
        log.note({"blocked": case_file.read_only_reason}, durable=True)
        return BLOCKED
    case = case_file.load()
    log.note({"open": state_digest(case), "seed": seed})
    editor = Editor(rng, f"{seed:x}")
    for saves in itertools.count():
        label, token = editor.edit(case)
        digest = state_digest(case)
        log.note({"try": digest})
        try:
            save(case_file, case, as_copy=rng.random() < 0.5)
        except CaseFileError as error:
            log.note({"failed": str(error)})
            continue
        log.note({"done": digest, "edit": label, "token": token}, durable=True)
        if (saves + 1) % SUMMARY_EVERY == 0:
            try:
                read_summary(path)
            except CaseFileError as error:
                log.note({"summary_refused": str(error)})
    return 0


def run_writer(path: Path, log_path: Path, seed: int) -> int:
    """``write_forever``, with any unexpected error logged for the harness to report."""
    try:
        return write_forever(path, log_path, seed)
    except Exception:
        log = SaveLog(log_path)
        log.note({"error": traceback.format_exc()}, durable=True)
        return FAILED


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("log", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    if not arguments.file.exists():
        create_crash_file(arguments.file, arguments.log)
    sys.exit(run_writer(arguments.file, arguments.log, arguments.seed))


if __name__ == "__main__":
    main()
