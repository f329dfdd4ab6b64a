// The import review: the fields only a contract has (supplier, signing date, payment milestones, renewal
// chain) follow the kind the officer chooses. Without this script they follow the kind last saved.
(function () {
  var kind = document.getElementById('kind');
  if (!kind) return;
  kind.addEventListener('change', function () {
    document.querySelectorAll('.kind-only').forEach(function (part) {
      part.hidden = part.dataset.kind !== kind.value;
    });
  });
})();
