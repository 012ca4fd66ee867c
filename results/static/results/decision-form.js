// A file, not an inline <script>: the Content-Security-Policy allows scripts from 'self' only.
/* Progressive: without this script the server shows the fields of the penalty chosen ("Show the fields..."). */
(function () {
  var form = document.getElementById("decision-form");
  var kind = form.elements.kind;
  function sync() {
    form.querySelectorAll("[data-kinds]").forEach(function (p) {
      var on = p.dataset.kinds.split(" ").indexOf(kind.value) >= 0 || p.querySelector(".errorlist") !== null;
      p.hidden = !on;
      p.querySelectorAll("input, select, textarea").forEach(function (input) { input.disabled = !on; });
    });
  }
  form.querySelectorAll(".js-hide").forEach(function (el) { el.hidden = true; });
  kind.addEventListener("change", sync);
  sync();
})();
