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

// webmail-counters: the address suggestions (a datalist, matched by the browser against the whole field) also
// complete the address after the last comma: each option then carries what is typed before it.
(function () {
  var originals = null;

  function suggestionsFor(input) {
    var list = input.list;
    if (!list) {
      return;
    }
    if (originals === null) {
      originals = Array.prototype.map.call(list.options, function (o) { return o.value; });
    }
    var value = input.value;
    var comma = value.lastIndexOf(',');
    var prefix = comma < 0 ? '' : value.slice(0, comma + 1) + ' ';
    var part = (comma < 0 ? value : value.slice(comma + 1)).trim().toLowerCase();
    var typed = prefix.toLowerCase().split(',').map(function (a) { return a.trim(); });
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    originals.forEach(function (address) {
      if (typed.indexOf(address.toLowerCase()) >= 0 || (part && address.toLowerCase().indexOf(part) < 0)) {
        return;
      }
      var option = document.createElement('option');
      option.value = prefix + address;
      option.label = address;
      list.appendChild(option);
    });
  }

  ['input', 'focusin'].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var input = event.target;
      if (input && input.tagName === 'INPUT' && input.getAttribute('list') === 'pastRecipients') {
        suggestionsFor(input);
      }
    });
  });
})();
