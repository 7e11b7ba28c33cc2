"""The label ("about") of a value conflict: the claims' own slot, concept
and context, never a neighbouring story's vocabulary."""

from __future__ import annotations

from functools import cache

from ..claims import load_data
from .observe import _not_count, _quantity_data, _subject_labels

__all__ = ["_about"]


@cache
def _term_label() -> tuple[frozenset[str], str]:
    """(units of a term's length, the label of its conflict): ``[terms]``."""
    data = load_data("verdicts_quantities").get("terms", {})
    return frozenset(data.get("units", [])), str(data.get("label", "length in {unit}s"))


def _about(slot: str, topic: str, context: str | None, target: str | None = None, event: str = "") -> str:
    concept_label, _, context_label = _quantity_data()
    if slot == "how_many" and topic in _term_label()[0]:
        return _term_label()[1].format(unit=topic)  # "sentenced to 2 years" / "to 2 1/2 years"
    if slot == "how_many" and topic not in concept_label:
        # A thing no concept names: its own word ("amount in dollars", "figure: caliber").
        text = f"amount in {topic}s" if topic in _not_count().money else f"figure: {topic}"
        return f"{text} ({context_label.get(context, context)})" if context else text
    if slot == "how_many":
        text = f"number of {concept_label.get(topic, topic)}"
        if context and concept_label.get(topic, topic).endswith(context_label.get(context, context)):
            return text
        return f"{text} {context_label.get(context, context)}" if context else text
    if slot == "when":
        # The claim's own words: a class label ("the offensive") would name
        # another story's event when a keyword is ambiguous ("assault").
        text = f"date of “{event}”" if event else "date of the event"
        return f"{text} ({target})" if target and target.lower() not in event.lower() else text
    return _subject_labels().get(topic, "what it is compared with")
