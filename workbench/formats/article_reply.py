"""The article's "Right of reply" part: whom the check asked for comment, and what came back.

One sentence per entry of the right-of-reply log, in the order logged, in words every
exporter lays out alike: "We asked Vladimir Putin's office on 2024-05-01 by email; they did
not reply by 2024-05-03." or "...; they replied on 2024-05-02: “...”".
"""

from __future__ import annotations

from workbench.formats.article_parts import sentence
from workbench.model import Case, ReplyChannel, ReplyRequest

#: The heading every exporter gives the part.
RIGHT_OF_REPLY_HEADING = "Right of reply"

#: How each channel reads after the day asked; "other" says nothing it does not know.
_BY = {
    ReplyChannel.EMAIL: " by email",
    ReplyChannel.PHONE: " by phone",
    ReplyChannel.SOCIAL_MEDIA: " on social media",
    ReplyChannel.IN_PERSON: " in person",
    ReplyChannel.LETTER: " by letter",
    ReplyChannel.OTHER: "",
}


def right_of_reply(case: Case) -> tuple[str, ...]:
    """A sentence for each attempt to reach someone the check names; none without a log."""
    return tuple(reply_sentence(request) for request in case.replies)


def reply_sentence(request: ReplyRequest) -> str:
    """One entry in words: who was asked, when, how (and what), and their answer or none."""
    name = " ".join(request.name.split())
    asked = " ".join(request.asked.split())
    question = f" (“{asked}”)" if asked else ""
    opening = f"We asked {name} on {request.date}{_BY[request.channel]}{question}"
    if request.answer is None:
        by = f" by {request.deadline}" if request.deadline else ""
        return f"{opening}; they did not reply{by}."
    answer = " ".join(request.answer.split())
    if not answer:
        return f"{opening}; they replied on {request.answered}."
    return sentence(f"{opening}; they replied on {request.answered}: “{answer}”")
