// The upload page: post the file (or the page images, listed in page order), then poll the reading job
// (a durable job, read by a job worker) and show the pages read — 「正在识别第 3/35 页」 for a scan — then
// go to the review page (or say why the file cannot be read). The officer may cancel while the job
// waits or reads. The job being followed is remembered for the tab (sessionStorage), so a reload of the
// page picks its progress up again. Without this script the form posts as usual.
(function () {
  var form = document.getElementById('upload-form');
  if (!form || !window.fetch || !window.FormData) return;
  var box = document.getElementById('upload-progress');
  var bar = box.querySelector('progress');
  var status = box.querySelector('.status');
  var error = document.getElementById('upload-error');
  var button = form.querySelector('button[type=submit]');
  var cancel = box.querySelector('button.cancel');
  var current = null;
  var text = form.dataset;
  var firstProgress = null;
  var input = form.querySelector('input[type=file]');
  var order = document.getElementById('upload-pages');
  var FOLLOWED = 'contractmgr.import-job';

  // The server puts page images in the order of their names, numbers read as numbers (p2 before p10).
  function inPageOrder(files) {
    return Array.prototype.slice.call(files).sort(function (a, b) {
      return a.name.localeCompare(b.name, undefined, {numeric: true, sensitivity: 'base'});
    });
  }

  input.addEventListener('change', function () {
    order.textContent = '';
    order.hidden = input.files.length < 2;
    if (order.hidden) return;
    order.setAttribute('aria-label', text.pageOrder);
    inPageOrder(input.files).forEach(function (file) {
      var item = document.createElement('li');
      item.textContent = file.name;
      order.appendChild(item);
    });
  });

  function fail(message, link, linkText) {
    sessionStorage.removeItem(FOLLOWED);
    box.hidden = true;
    cancel.hidden = true;
    current = null;
    button.disabled = false;
    error.textContent = message || text.failed;
    if (link) {
      var a = document.createElement('a');
      a.href = link;
      a.textContent = ' ' + linkText;
      error.appendChild(a);
    }
    error.hidden = false;
  }

  function show(job) {
    if (!job.total) {
      bar.removeAttribute('value');
      status.textContent = job.state === 'queued' ? text.queued : text.reading;
      return;
    }
    bar.max = job.total;
    bar.value = job.done;
    var now = Date.now();
    if (firstProgress === null) firstProgress = {at: now, done: job.done};
    var line = job.ocr
      ? text.ocrPages.replace('{page}', Math.min(job.done + 1, job.total)).replace('{total}', job.total)
      : text.pages.replace('{done}', job.done).replace('{total}', job.total);
    var rate = (job.done - firstProgress.done) / (now - firstProgress.at);
    if (rate > 0 && job.done < job.total) {
      line += text.remaining.replace('{seconds}', Math.max(1, Math.round((job.total - job.done) / rate / 1000)));
    }
    status.textContent = job.done >= job.total ? text.saving : line;
  }

  function follow(job) {
    if (job.state === 'done') {
      sessionStorage.removeItem(FOLLOWED);
      window.location.href = job.redirect;
      return;
    }
    if (job.state !== 'queued' && job.state !== 'running') { fail(job.message, job.link, job.link_text); return; }
    current = job;
    sessionStorage.setItem(FOLLOWED, job.poll);
    cancel.hidden = !job.cancel;
    show(job);
    setTimeout(function () { request(job.poll); }, 400);
  }

  function request(url, body, headers) {
    var options = {headers: Object.assign({Accept: 'application/json'}, headers), credentials: 'same-origin'};
    if (body) { options.method = 'POST'; options.body = body; }
    fetch(url, options)
      .then(function (response) { return response.json(); })
      .then(follow)
      .catch(function () { fail(text.failed); });
  }

  cancel.addEventListener('click', function () {
    if (!current || !current.cancel) return;
    cancel.disabled = true;
    var token = form.querySelector('input[name=csrf_token]').value;
    request(current.cancel, new FormData(), {'X-CSRFToken': token});
    current = null;
  });

  form.addEventListener('submit', function (event) {
    var files = Array.prototype.slice.call(input.files || []);
    if (!files.length) return;  // the server says a file is needed
    event.preventDefault();
    error.hidden = true;
    if (files.some(function (file) { return file.size > Number(text.limit); })) { fail(text.tooLarge); return; }
    var total = files.reduce(function (sum, file) { return sum + file.size; }, 0);
    if (total > Number(text.imagesLimit)) { fail(text.imagesTooLarge); return; }
    button.disabled = true;
    cancel.disabled = false;
    box.hidden = false;
    bar.removeAttribute('value');
    status.textContent = text.uploading;
    firstProgress = null;
    request(form.getAttribute('action') || window.location.href, new FormData(form));
  });

  var followed = sessionStorage.getItem(FOLLOWED);
  if (followed) {  // the page was reloaded while a job was being read
    button.disabled = true;
    box.hidden = false;
    status.textContent = text.reading;
    request(followed);
  }
})();
