/* codecanary: draw every figure of the page from its inert JSON data block. */
(function () {
  "use strict";
  function draw(block) {
    var payload = JSON.parse(block.textContent);
    var dates = payload.dates || [];
    Object.keys(payload.figures).forEach(function (key) {
      var fig = payload.figures[key];
      var target = document.getElementById("fig-" + key);
      if (!target) { return; }
      fig.data.forEach(function (trace) {
        if (trace.x === "@dates") { trace.x = dates; }
      });
      var config = { responsive: true, displaylogo: false, staticPlot: !!fig.static };
      window.Plotly.newPlot(target, fig.data, fig.layout, config);
    });
  }
  function drawAll() {
    var blocks = document.querySelectorAll("script[type='application/json'].cc-figures");
    for (var i = 0; i < blocks.length; i++) { draw(blocks[i]); }
  }
  function init() {
    if (window.Plotly) {
      drawAll();
    } else {  /* the report loads Plotly asynchronously (plotly-loader.js) */
      document.addEventListener("cc-plotly-ready", drawAll);
    }
    var forms = document.querySelectorAll("form.cc-autosubmit");
    for (var j = 0; j < forms.length; j++) {
      (function (form) {
        var selects = form.querySelectorAll("select");
        for (var k = 0; k < selects.length; k++) {
          selects[k].addEventListener("change", function () { form.submit(); });
        }
      })(forms[j]);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
