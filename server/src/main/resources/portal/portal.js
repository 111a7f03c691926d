// Copy buttons for the client key and secret: the only script of the portal, optional (the page works without it).
document.querySelectorAll('button.copy[data-copy]').forEach(function (b) {
  if (!navigator.clipboard) return;
  b.hidden = false;
  b.addEventListener('click', function () {
    var el = document.getElementById(b.getAttribute('data-copy'));
    navigator.clipboard.writeText(el.textContent).then(function () {
      b.textContent = 'Copied';
      setTimeout(function () { b.textContent = 'Copy'; }, 2000);
    });
  });
});
