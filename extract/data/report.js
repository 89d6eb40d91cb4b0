// cuofeng report: a table row with data-target scrolls to its evidence in the source and
// flashes it; clicking a highlight in the source scrolls back to its table row.
function flash(el) {
  el.scrollIntoView({ behavior: "smooth", block: "center" });
  el.classList.remove("flash");
  void el.offsetWidth;
  el.classList.add("flash");
  window.setTimeout(function () { el.classList.remove("flash"); }, 1700);
}
document.addEventListener("click", function (ev) {
  var row = ev.target.closest("[data-target]");
  if (row) {
    var el = document.getElementById(row.getAttribute("data-target"));
    if (el) { ev.preventDefault(); flash(el); }
    return;
  }
  var mark = ev.target.closest("mark[id], mark[data-ref]");
  if (mark) {
    var anchor = mark.id || mark.getAttribute("data-ref");
    var back = document.querySelector('tr[data-target="' + anchor + '"]');
    if (back) { flash(back); }
  }
});
