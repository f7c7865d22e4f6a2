/* codecanary report: Plotly is inlined gzip-compressed (4.8 MB -> 2 MB of base64);
   decompress it in the browser, load it as a script, then let charts.js draw. */
(function () {
  "use strict";
  var block = document.getElementById("cc-plotly");
  if (!block) { return; }
  if (typeof DecompressionStream === "undefined") {
    var note = document.getElementById("cc-no-charts");
    if (note) { note.hidden = false; }
    return;
  }
  var binary = atob(block.textContent.trim());
  var bytes = new Uint8Array(binary.length);
  for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  new Response(stream).blob().then(function (js) {
    var url = URL.createObjectURL(new Blob([js], { type: "text/javascript" }));
    var script = document.createElement("script");
    script.src = url;
    script.onload = function () {
      URL.revokeObjectURL(url);
      document.dispatchEvent(new Event("cc-plotly-ready"));
    };
    document.head.appendChild(script);
  });
})();
