// Charts: every element with data-chart="<id of a json_script>" gets an ECharts chart
// from that JSON option. No inline script, so a strict CSP holds.
(function () {
  function draw(root) {
    if (!window.echarts) return;
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      var src = document.getElementById(el.dataset.chart);
      if (!src || el.dataset.drawn) return;
      var chart = echarts.init(el);
      chart.setOption(JSON.parse(src.textContent));
      el.dataset.drawn = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (e) { draw(e.target); });
})();

// File inputs (core/widgets.py FileChooser): the chosen files' names, in place of the
// browser's own words, which follow its interface language rather than the page's.
(function () {
  document.addEventListener("change", function (e) {
    var input = e.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file") return;
    var box = input.closest("[data-file-chooser]");
    var names = box && box.querySelector("[data-file-names]");
    if (!names) return;
    if (!names.dataset.empty) names.dataset.empty = names.textContent;
    var chosen = Array.prototype.map.call(input.files, function (f) { return f.name; });
    names.textContent = chosen.length ? chosen.join("、") : names.dataset.empty;
  });
})();
