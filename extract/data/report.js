// cuofeng report: a row with data-target scrolls to its evidence in the source and flashes it.
document.addEventListener("click", function (ev) {
  var row = ev.target.closest("[data-target]");
  if (!row) { return; }
  var el = document.getElementById(row.getAttribute("data-target"));
  if (!el) { return; }
  ev.preventDefault();
  el.scrollIntoView({ behavior: "smooth", block: "center" });
  el.classList.remove("flash");
  void el.offsetWidth;
  el.classList.add("flash");
  window.setTimeout(function () { el.classList.remove("flash"); }, 1700);
});
