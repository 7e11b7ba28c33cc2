"""Page furniture: captions, headlines, datelines and boilerplate are not news."""

import pytest

from newsprism.reconcile.furniture import furniture_kind


@pytest.mark.parametrize("text, title, kind", [
    ("Civilians escaped from the town on Wednesday in the plains (AFP).", "", "caption"),
    ("Residents queue for bread in the old town. Photo: Lena Marsh", "", "caption"),
    ("All rights reserved. This material may not be published.", "", "boilerplate"),
    ("KELMORA, 07/05/2024 (Continental Wire Service) -", "", "dateline"),
    ("The siege tightens on the river town – 14/02/2019", "", "dateline"),
    ("The siege tightens on the river town", "The siege tightens on the river town", "headline"),
])
def test_furniture_kinds(text, title, kind):
    assert furniture_kind(text, title=title) == kind


@pytest.mark.parametrize("text, title", [
    ("DAYR HAMADIYA (Meridian Press) - Fighters kept up their resistance on Wednesday in the pocket.", ""),
    ("The army said on Sunday that the offensive on the town would go on until it falls.", ""),
    # a title cut from the first sentence: the sentence itself is the lead, not a headline
    ("New details emerged on the plot against the commander, witnesses said on Monday.",
     "New details emerged on the plot against the commander, …"),
])
def test_furniture_reporting_is_not_furniture(text, title):
    assert furniture_kind(text, title=title) is None


@pytest.mark.parametrize("line", ["Edited time: March 13, 2013 02: 15", "Sunday, March 17, 2013 | 5: 00",
                                  "Updated on: 4 May 2022 10:12", "MAR .14, 2013, 8:12 PM.",
                                  "Thursday 29 July 2004 08.23 BST."])
def test_furniture_page_time_stamps_are_datelines(line):
    assert furniture_kind(line) == "dateline"
    assert furniture_kind("On Wednesday night, about 200 people attended the vigil.") is None


@pytest.mark.parametrize("line", ["on Apr 14 2031, 7: 42p", "October 3rd, 2031, 10: 05 GMT", "Sep. 9 4: 18 PM EDT",
                                  "on Friday, Aug 1 2031, 9: 02a"])
def test_furniture_clock_stamps_as_corpora_cut_them_are_datelines(line):
    assert furniture_kind(line) == "dateline"
    # prose with a date and a time, or a date alone after "on" (a sentence's tail), is not a stamp
    assert furniture_kind("On Apr 14 at 7:42 p.m. the ferry left the harbour.") is None
    assert furniture_kind("The ferry left the harbour at 7: 42 PM EDT on Apr 14.") is None
    assert furniture_kind("Fearing the strike would spread, on Apr 14") is None


def test_furniture_page_update_stamps_are_datelines():
    from newsprism.reconcile.furniture import furniture_kind

    assert furniture_kind("July 21, 2013, 2:21 pm BST.") == "dateline"
    assert furniture_kind("21 July 2013 Last updated at 11:11 GMT.") == "dateline"
    assert furniture_kind("WASHINGTON, DC, April 28, 2009.") == "dateline"
    # a sentence that gives a clock time is reporting
    assert furniture_kind("Crews were called at 06:00 BST to the store on Sunday.") is None


def test_furniture_a_date_with_its_update_time_is_a_dateline():
    # "Friday, Sep 10, 2010 | Updated 8:52 PM EDT." is the page's stamp, not
    # a statement three reports could corroborate; a sentence that says the
    # page was updated reports nothing either, but one that reports an
    # event at a time stays.
    from newsprism.reconcile.furniture import furniture_kind

    assert furniture_kind("Friday, Sep 10, 2010 | Updated 8:52 PM EDT.") == "dateline"
    assert furniture_kind("Monday, March 4, 2013 | Posted at 7:05 AM.") == "dateline"
    assert furniture_kind("On Friday, Sep 10, 2010, the plant closed at 8:52 PM.") is None


@pytest.mark.parametrize("line", ["First Posted 21: 05: 00 14 / 03 / 2031", "Last modified: Tue 4 Mar 2031 09.12",
                                  "First published on 14/03/2031"])
def test_furniture_first_or_last_stamps_are_datelines(line):
    assert furniture_kind(line) == "dateline"
    # a sentence that opens with the same words reports something
    assert furniture_kind("First published in 1902, the guide sold 40 copies a week.") is None
    assert furniture_kind("First posted on a forum, the clip drew 2 million views.") is None


def test_furniture_one_headline_of_a_joined_title_is_a_headline():
    title = "Mill town votes to keep its dam; Anglers say the river will pay for it"
    assert furniture_kind("Mill town votes to keep its dam;", title=title) == "headline"
    assert furniture_kind("Anglers say the river will pay for it.", title=title) == "headline"
    # a phrase out of the middle of the title, or the lead retelling it, is body text
    assert furniture_kind("The river will pay for it.", title=title) is None
    assert furniture_kind("Anglers say the river will pay for it, and they are angry.", title=title) is None
