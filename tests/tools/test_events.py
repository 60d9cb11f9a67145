"""grading/events.py: what a sandboxed run reports is untrusted input, read strictly.

The grader believes only the events it parses here; a hostile run may write anything to the
pipe. Each test states one rule: size caps, strict fields, unknown events refused.
"""
import json

import pytest

from course_lib.tools.grading.events import (LINE_CAP, MESSAGE_CAP, RESULTS_CAP, EventReader,
                                             parse_event)

NB = "03_gradients.ipynb"


def line(**event):
    return json.dumps(event).encode() + b"\n"


def cell(**changes):
    return {"event": "cell", "notebook": NB, "grade_id": "check_a", "status": "passed",
            "message": ""} | changes


def test_the_three_known_events_are_read_with_only_their_own_fields():
    assert parse_event(line(event="start", notebook=NB, extra="x"), {NB}) == {
        "event": "start", "notebook": NB}
    assert parse_event(line(event="end", notebook=NB), {NB}) == {"event": "end", "notebook": NB}
    assert parse_event(line(**cell(id="abc", pid=1)), {NB}) == cell()


@pytest.mark.parametrize("kind", ["kernel", "Cell", "", None, 3, "grade", "kill"])
def test_unknown_events_are_refused(kind):
    assert parse_event(line(**cell(event=kind)), {NB}) is None
    assert parse_event(line(event=kind, notebook=NB, pid=1), {NB}) is None


def test_an_event_about_a_notebook_this_run_was_not_given_is_refused():
    for name in ("04_gradient_descent.ipynb", "../03_gradients.ipynb", None, ["x"]):
        assert parse_event(line(**cell(notebook=name)), {NB}) is None


@pytest.mark.parametrize("changes", [
    {"status": "full marks"}, {"status": None}, {"status": ["passed"]},
    {"message": None}, {"message": 3}, {"message": ["a"]},
    {"grade_id": ""}, {"grade_id": 7}, {"grade_id": "x" * 65}, {"grade_id": ["check_a"]},
])
def test_a_cell_event_with_a_field_of_the_wrong_kind_is_refused(changes):
    assert parse_event(line(**cell(**changes)), {NB}) is None


def test_a_cell_without_a_grade_id_is_kept_as_such():
    assert parse_event(line(**cell(grade_id=None)), {NB})["grade_id"] is None


@pytest.mark.parametrize("raw", [
    b"not json", b"\xff\xfe{}", b"[1, 2]", b'"cell"', b"{" * 100_000 + b"}" * 100_000, b"",
    b'{"event": "start"}', b'{"event": "start", "notebook": "03_gradients.ipynb"',
])
def test_lines_that_are_not_one_json_object_are_refused(raw):
    assert parse_event(raw, {NB}) is None


def test_a_long_message_is_cut_to_the_cap():
    event = parse_event(line(**cell(message="m" * (MESSAGE_CAP + 500))), {NB})
    assert len(event["message"]) == MESSAGE_CAP


def test_the_reader_joins_events_split_across_reads_and_counts_what_it_drops():
    reader = EventReader({NB})
    data = line(event="start", notebook=NB) + b"garbage\n" + line(**cell()) + b"\n"
    events = [e for i in range(0, len(data), 7) for e in reader.feed(data[i:i + 7])]
    assert [e["event"] for e in events] == ["start", "cell"]
    assert reader.dropped == 1, "the garbage line; empty lines are not counted"


def test_an_overlong_line_is_dropped_whole_even_when_it_ends_in_a_valid_event():
    reader = EventReader({NB})
    events = reader.feed(b"x" * (LINE_CAP + 10))          # no newline yet: still pouring in
    events += reader.feed(line(**cell()))                  # its tail looks like an event
    events += reader.feed(line(event="end", notebook=NB))  # the next line counts again
    assert events == [{"event": "end", "notebook": NB}]


def test_a_line_just_under_the_cap_is_read_and_one_over_it_is_not():
    event = cell()
    padding = LINE_CAP + 1 - len(line(**event, pad=""))   # bytes left for the padding
    fits = line(**event, pad="p" * padding)
    assert len(fits) - 1 == LINE_CAP
    assert EventReader({NB}).feed(fits) == [cell()]
    assert EventReader({NB}).feed(line(**event, pad="p" * (padding + 1))) == []


def test_nothing_past_the_results_cap_is_read():
    reader = EventReader({NB})
    filler = b" " * (64 * 2**10 - 1) + b"\n"
    sent = 0
    while sent + len(filler) < RESULTS_CAP - 10:
        assert reader.feed(filler) == []
        sent += len(filler)
    reader.feed(b" " * (RESULTS_CAP - 10 - sent))
    # a chunk across the cap: its first 10 bytes are read, the event after them is not
    assert reader.feed(b" " * 9 + b"\n" + line(event="start", notebook=NB)) == []
    assert reader.feed(line(event="end", notebook=NB)) == []
    assert reader.dropped == 1 and reader.received > RESULTS_CAP
