// webmail-send: files too large for one upload are named before they are sent, instead of the container refusing
// the whole post. The server checks the size again (the access point's limits and the mailbox's free space).
document.addEventListener('change', function (event) {
  var input = event.target;
  if (!input || input.type !== 'file' || !input.dataset.maxBytes) {
    return;
  }
  var total = 0;
  for (var i = 0; i < input.files.length; i++) {
    total += input.files[i].size;
  }
  var message = total > Number(input.dataset.maxBytes) ? input.dataset.tooLarge : '';
  input.setCustomValidity(message);
  if (message) {
    input.reportValidity();
  }
});
