// Ask before a form whose submission moves money or takes a legal step: the form carries the question in
// data-confirm. Without script the form still submits; the server's rules and the audit trail stand either way.
document.addEventListener("submit", (event) => {
  const question = event.target.dataset ? event.target.dataset.confirm : undefined;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
