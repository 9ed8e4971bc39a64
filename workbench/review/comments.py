"""Review comments: adding, replying, resolving and reopening, and their threads.

A comment is attached to an anchor (``workbench.review.anchors``); a reply joins the
thread of the comment it answers, and a thread is resolved or reopened as a whole. Every
comment not yet resolved, replies included, blocks approval and publication.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.model import AnchorKind, Case, Comment, new_id, now_timestamp
from workbench.review.anchors import Anchor, anchor_spec
from workbench.review.history import record, require_name
from workbench.review.wording import ReviewError, short_id, shorten


@dataclass(frozen=True)
class Thread:
    """A comment and the replies under it, in the order they were written."""

    root: Comment
    replies: tuple[Comment, ...]

    @property
    def comments(self) -> tuple[Comment, ...]:
        return (self.root, *self.replies)

    @property
    def open(self) -> bool:
        return any(not comment.resolved for comment in self.comments)


def find_comment(case: Case, ref: str) -> Comment:
    """The comment whose id is ``ref``, or the one whose id starts with it."""
    ref = ref.strip()
    if not ref:
        raise ReviewError("give a comment id (workbench review lists them)")
    exact = next((c for c in case.comments if c.id == ref), None)
    if exact is not None:
        return exact
    matches = [c for c in case.comments if c.id.startswith(ref)]
    if not matches:
        raise ReviewError(f"no comment {ref!r} in this case")
    if len(matches) > 1:
        shown = ", ".join(c.id for c in matches[:3])
        raise ReviewError(f"{ref!r} matches {len(matches)} comments ({shown}); give more of it")
    return matches[0]


def thread_root(case: Case, comment: Comment) -> Comment:
    """The comment that started ``comment``'s thread (``comment`` itself if it did)."""
    by_id = {c.id: c for c in case.comments}
    seen = {comment.id}
    while comment.reply_to is not None and comment.reply_to in by_id:
        comment = by_id[comment.reply_to]
        if comment.id in seen:  # a loop, from a hand-edited file: stop anywhere
            break
        seen.add(comment.id)
    return comment


def threads(case: Case, *, include_resolved: bool = False) -> list[Thread]:
    """The comment threads in the order they were started; open ones only by default."""
    roots: dict[str, list[Comment]] = {}
    for comment in case.comments:
        root = thread_root(case, comment)
        roots.setdefault(root.id, [])
        if root is not comment:
            roots[root.id].append(comment)
    by_id = {c.id: c for c in case.comments}
    found = [Thread(by_id[rid], tuple(replies)) for rid, replies in roots.items()]
    return [t for t in found if include_resolved or t.open]


def thread_to_dicts(case: Case, thread: Thread) -> list[dict[str, object]]:
    """The thread's comments as JSON objects, root first (``workbench review --json``).

    Each names its thread, and its place twice: as one types it back (``section:2``), and
    as the file stores it (kind and id), which survives the sections being renumbered.
    """
    return [
        {"id": c.id, "thread": thread.root.id,
         "anchor": anchor_spec(case, c.anchor_kind, c.anchor_id),
         "anchor_kind": c.anchor_kind.value, "anchor_id": c.anchor_id,
         "author": c.author, "created": c.created, "body": c.body,
         "resolved": c.resolved, "resolved_by": c.resolved_by,
         "resolved_at": c.resolved_at, "reply_to": c.reply_to}
        for c in thread.comments
    ]


def open_comments(case: Case) -> list[Comment]:
    """Every comment not yet resolved, replies included: these block approval."""
    return [comment for comment in case.comments if not comment.resolved]


def open_comment_counts(case: Case) -> dict[Anchor, int]:
    """Open comments per anchor, for markers beside sections, sources and questions."""
    counts: dict[Anchor, int] = {}
    for comment in open_comments(case):
        anchor = Anchor(comment.anchor_kind, comment.anchor_id)
        counts[anchor] = counts.get(anchor, 0) + 1
    return counts


def _comment_text(body: str) -> str:
    text = body.strip()
    if not text:
        raise ReviewError("the comment is empty; say what should change or be checked")
    return text


def add_comment(case: Case, anchor: Anchor, body: str, who: str) -> Comment:
    """A new open comment by ``who`` on ``anchor`` (use ``parse_anchor`` for ``source:2``)."""
    who = require_name(who)
    text = _comment_text(body)
    if anchor.kind in (AnchorKind.VERDICT, AnchorKind.CASE):
        anchor = Anchor(anchor.kind)
    elif anchor_spec(case, anchor.kind, anchor.id).endswith("(deleted)"):
        raise ReviewError(f"the case has no {anchor.kind.value} with id {anchor.id!r}")
    at = now_timestamp()
    comment = Comment(id=new_id(), anchor_kind=anchor.kind, anchor_id=anchor.id, author=who,
                      created=at, body=text)
    case.comments.append(comment)
    record(case, who, "comment", target_kind="comment", target_id=comment.id,
           detail=shorten(text, 200), at=at)
    return comment


def reply(case: Case, ref: str, body: str, who: str) -> Comment:
    """A reply by ``who`` to comment ``ref``; it joins that comment's thread as it stands."""
    who = require_name(who)
    text = _comment_text(body)
    parent = find_comment(case, ref)
    root = thread_root(case, parent)
    at = now_timestamp()
    comment = Comment(id=new_id(), anchor_kind=root.anchor_kind, anchor_id=root.anchor_id,
                      author=who, created=at, body=text, resolved=root.resolved,
                      resolved_by=root.resolved_by, resolved_at=root.resolved_at,
                      reply_to=parent.id)
    case.comments.append(comment)
    record(case, who, "reply", target_kind="comment", target_id=comment.id,
           detail=shorten(text, 200), at=at)
    return comment


def _thread_of(case: Case, ref: str) -> Thread:
    root = thread_root(case, find_comment(case, ref))
    return next(t for t in threads(case, include_resolved=True) if t.root.id == root.id)


def resolve(case: Case, ref: str, who: str) -> Comment:
    """Resolve comment ``ref`` with its whole thread, as ``who``; return the thread's root."""
    who = require_name(who)
    thread = _thread_of(case, ref)
    if not thread.open:
        by = f" by {thread.root.resolved_by}" if thread.root.resolved_by else ""
        raise ReviewError(f"comment {short_id(thread.root.id)} is already resolved{by}")
    at = now_timestamp()
    for comment in thread.comments:
        if not comment.resolved:
            comment.resolved, comment.resolved_by, comment.resolved_at = True, who, at
    record(case, who, "resolve", target_kind="comment", target_id=thread.root.id,
           field="resolved", before="open", after="resolved", at=at)
    return thread.root


def reopen(case: Case, ref: str, who: str) -> Comment:
    """Open comment ``ref``'s thread again, as ``who``; return the thread's root."""
    who = require_name(who)
    thread = _thread_of(case, ref)
    if thread.open and not thread.root.resolved:
        raise ReviewError(f"comment {short_id(thread.root.id)} is open already")
    for comment in thread.comments:
        comment.resolved, comment.resolved_by, comment.resolved_at = False, "", ""
    record(case, who, "reopen", target_kind="comment", target_id=thread.root.id,
           field="resolved", before="resolved", after="open")
    return thread.root
