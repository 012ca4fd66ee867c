// A file, not an inline <script>: the Content-Security-Policy allows scripts from 'self' only.
// Why in the browser: only it knows the visitor's zone; without script the UTC time stays.
document.querySelectorAll("time.visitor-time").forEach(function (el) {
  var when = new Date(el.getAttribute("datetime"));
  if (isNaN(when)) { return; }
  var text = when.toLocaleString([], {weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short"});
  el.textContent = "(your time: " + text + ")";
});
