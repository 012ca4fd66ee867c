// A file, not an inline onclick: the Content-Security-Policy allows scripts from 'self' only.
document.getElementById("print-button").addEventListener("click", function () { window.print(); });
