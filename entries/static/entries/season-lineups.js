// A file, not an inline <script>: the Content-Security-Policy allows scripts from 'self' only.
// Progressive enhancement only: with "same crew" ticked the per-event crews are not used, so hide
// them; unticking shows them, starting from the common crew.
(function () {
  var box = document.getElementById("id_same_crew"), perEvent = document.getElementById("per-event");
  if (!box || !perEvent) { return; }
  // Ticked on load means every event has the same crew: unticking starts each event from it.
  var sameOnLoad = box.checked;
  function copyCommonCrew() {
    var common = document.querySelectorAll("#crew-all .crew-row");
    perEvent.querySelectorAll("fieldset.crew").forEach(function (fieldset) {
      fieldset.querySelectorAll(".crew-row").forEach(function (row, i) {
        if (!common[i]) { return; }
        row.querySelector("input").value = common[i].querySelector("input").value;
        row.querySelector("select").value = common[i].querySelector("select").value;
      });
    });
  }
  function sync() {
    if (!box.checked && sameOnLoad) { copyCommonCrew(); }
    perEvent.hidden = box.checked;
    document.getElementById("crew-all").hidden = !box.checked;
  }
  box.addEventListener("change", sync);
  sync();
})();
