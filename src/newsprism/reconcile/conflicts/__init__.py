"""Conflicts between the reports of one story.

A conflict is one thing reported with values that cannot both be true, by
different articles.  Precision comes first: a false conflict is worse than a
missed one, so a figure or a date takes a side only when it is clearly about
the same referent as the other side.

* how many - counts of one concept (member / fighter / militant are one
  concept, ``data/verdicts_quantities.toml``; "31 dead" counts people
  killed) in the same state (still holding out, killed, fled: read from the
  parse of the sentence; nearby words only when there is no parse), whose
  ranges do not overlap; a hedged count ("about 400") is a range
  (Quantity.low/high, else widened by reconcile.hedge_margin).  Not counts
  of a thing, never a side: ages (an attribute of one person), clock times
  and dates, splits and scores ("9-3"), a bare scale word
  ("million-euro"), a money conversion in brackets, numbers in addresses
  (``[not_a_count]``).  A list ("two women and a man") counts each of its
  nouns.  A figure given only as a point of comparison ("more than the
  1,870 votes that ...") takes no side.  A cumulative count (a death toll)
  whose higher figures do not come from earlier reports is kind "update";
  between undated reports, only in two sentences that state one proposition
  (aligned or paired with figures masked), as a possible update.  Bounds
  are intervals ("at least 70": 70 and up; "as many as 20,000": up to
  20,000); an unhedged figure in millions or more means its digits ("$1
  trillion" is true of $1.2 trillion).  A running total ("31 magazines so
  far") is not one event's figure; a thing no concept names is narrowed by
  a make or model ("AK-47 rifles"), pairs across sentences under one verb
  only, and figures of people of different ages are not compared.  One
  named person's two ages do conflict, unless their reports' publication
  dates leave room for that many birthdays (:mod:`newsprism.reconcile.ages`);
* vague vs precise - "many people were killed" against "two deaths" of the
  same concept in the same state: kind "vague-vs-precise", severity low;
* when - dates of one event whose precision-aware ranges
  (:mod:`newsprism.partial_dates`) do not overlap.  The event is the
  keyword nearest the date (``data/claims_events.toml``), and it must be the
  date's own: on the parse path from the date to its clause, or the subject
  or object of a verb on it ("convicted in June 1998 of assault" dates the
  conviction, not the assault).  The label quotes the claim's own words;
* size - comparisons of one kind of subject with different objects
  ("the size of Wales" vs "comparable to Great Britain");
* denial - aligned sentences of different articles with one predicate and
  object, one of them negated or denied ("was not killed", "denied that
  ...", "the video was fake"): kind "denial" (``[denial]`` of
  ``data/verdicts_comparisons.toml``).  A sentence with a negation on
  another verb affirms nothing ("I feel we weren't ready" is "I didn't
  feel we were ready").

Counts and dates in aligned claims are always compared; beyond alignment,
counts are compared across the whole story when they share a state and
nothing says they are about different places or times, and dates when
their event is one a story normally has once (a coup attempt).

Whatever the slot, one sentence is never on two sides (a sentence that
gives both values lists parts, it does not disagree with itself) and one
value is never on two sides.  Each side says who says it (quote speakers
and cited sources), its independent sources (derivation roots) and when it
was first reported.

The modules: :mod:`.gates` (the kinds of bucket), :mod:`.observe`,
:mod:`.referents`, :mod:`.dates`, :mod:`.masked`, :mod:`.events`,
:mod:`.updates`, :mod:`.negations`, :mod:`.labels`, :mod:`.sources`,
:mod:`.find`.
"""

from __future__ import annotations

from .find import find_conflicts

__all__ = ["find_conflicts"]
