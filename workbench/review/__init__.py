"""The review workflow: status moves, review comments, publication and corrections.

Everything here is a plain function of a ``Case`` (no I/O, no Textual, no click), so the
TUI and the CLI apply the same rules, and every refusal raises ``ReviewError`` with one
line a person can act on. Callers import from here; the modules hold one topic each:

- ``workflow``: the status machine, why a move is refused, sign-off, whether a case may
  change;
- ``anchors``: ``section:N``, ``source:N``, ... parsed and labelled;
- ``comments``: adding, replying, resolving and reopening, and the threads (as JSON too);
- ``publications``: sealed snapshots, corrections and the diff between snapshots;
- ``history``: the names recorded, the events, and the events told back in words and JSON;
- ``locking``: why the content of a case may not be edited now, in words for a banner;
- ``wording``: the error type and the short forms every message uses.
"""

from workbench.review.anchors import Anchor, anchor_label, anchor_spec, parse_anchor
from workbench.review.comments import (
    Thread,
    add_comment,
    find_comment,
    open_comment_counts,
    open_comments,
    reopen,
    reply,
    resolve,
    thread_root,
    thread_to_dicts,
    threads,
)
from workbench.review.history import (
    MAX_NAME,
    NO_NAME,
    describe_event,
    event_to_dict,
    history_for,
    record,
    record_created,
    require_name,
    same_person,
)
from workbench.review.locking import LockKeys, lock_reason
from workbench.review.publications import (
    add_correction,
    altered_publications,
    check_publications,
    diff_publications,
    pending_corrections,
    publication,
    was_published,
)
from workbench.review.wording import SHORT_ID, ReviewError, short_id
from workbench.review.workflow import (
    TRANSITIONS,
    allowed_moves,
    article_fingerprint,
    check_editable,
    editable,
    last_sign_off,
    move_problems,
    move_status,
    parse_status,
    safe_default_move,
    submitted_by,
)

__all__ = [
    "MAX_NAME",
    "NO_NAME",
    "SHORT_ID",
    "TRANSITIONS",
    "Anchor",
    "LockKeys",
    "ReviewError",
    "Thread",
    "add_comment",
    "add_correction",
    "allowed_moves",
    "altered_publications",
    "anchor_label",
    "anchor_spec",
    "article_fingerprint",
    "check_editable",
    "check_publications",
    "describe_event",
    "diff_publications",
    "editable",
    "event_to_dict",
    "find_comment",
    "history_for",
    "last_sign_off",
    "lock_reason",
    "move_problems",
    "move_status",
    "open_comment_counts",
    "open_comments",
    "parse_anchor",
    "parse_status",
    "pending_corrections",
    "publication",
    "record",
    "record_created",
    "reopen",
    "reply",
    "require_name",
    "resolve",
    "safe_default_move",
    "same_person",
    "short_id",
    "submitted_by",
    "thread_root",
    "thread_to_dicts",
    "threads",
    "was_published",
]
