"""Classes of false alignment the pair classifier makes (issue 9), each
closed by a rule rather than by an instance: figures read with their scale,
figures that count different things, hedged claims beside firm ones, and a
claim that states only part of another.  Own sentences."""

from newsprism.reconcile.align import pair_features, sketch


def test_align_scaled_figures_are_read_with_their_scale():
    # "100 million" is not the figure 100, and "2.5bn" is 2,500 million.
    assert sketch("The rule covers firms with more than 100 staff.").numbers == {"100"}
    assert sketch("The rule reaches some 100 million workers.").numbers == {"100000000"}
    assert sketch("a loan of 2.5bn dollars").numbers == sketch("a loan of 2,500 million dollars").numbers
    assert sketch("a fine of $4m").numbers == sketch("a fine of four million dollars").numbers
    assert sketch("two hundred thousand voters").numbers == {"200000"}
    assert sketch("In 2019, 12,000 people fled.").numbers == {"2019", "12000"}


def test_align_scaled_figures_share_no_figure_with_the_bare_number():
    a = sketch("The rule covers firms with more than 100 staff.")
    b = sketch("The rule reaches some 100 million workers.")
    feats = pair_features(a, b, cosine=0.5, idf={})
    assert feats["numbers_shared"] == 0.0 and feats["numbers_differ"] == 1.0
