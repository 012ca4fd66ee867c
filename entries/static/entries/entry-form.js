// A file, not an inline <script>: the Content-Security-Policy allows scripts from 'self' only.
// Progressive enhancement: picking a season reloads the form with its classes and cups.
document.getElementById("season-pick").addEventListener("change", function () { this.form.submit(); });
