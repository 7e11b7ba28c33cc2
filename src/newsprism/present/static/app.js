// Optional: everything works without it.  Hovering a sentence that reports an
// aligned claim highlights the sentences of the other article that report it.
document.addEventListener("mouseover", function (ev) {
  var s = ev.target.closest && ev.target.closest(".sent[data-claims]");
  document.querySelectorAll(".sent.hl").forEach(function (x) { x.classList.remove("hl"); });
  if (!s || !s.dataset.claims) return;
  s.dataset.claims.split(" ").forEach(function (n) {
    document.querySelectorAll(".sent[data-claims]").forEach(function (x) {
      if (x.dataset.claims.split(" ").indexOf(n) >= 0) x.classList.add("hl");
    });
  });
});
