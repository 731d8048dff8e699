// Visits survive a lost connection: a failed POST is kept in IndexedDB (fields and photos)
// with a visible "waiting to send" state, and resent when the phone is online again. The
// form's idempotency key makes the server answer a resend with the visit already saved.
(function () {
  "use strict";
  var DB = "hq-outbox", STORE = "visits";
  var box = document.getElementById("outbox");
  var form = document.getElementById("visit-form");
  var labels = form ? form.dataset : (box ? box.dataset : {});

  function open() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
      var req = indexedDB.open(DB, 1);
      req.onupgradeneeded = function () { req.result.createObjectStore(STORE, { keyPath: "key" }); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }
  function tx(mode, fn) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(STORE, mode), out = fn(t.objectStore(STORE));
        t.oncomplete = function () { resolve(out && out.result); };
        t.onerror = function () { reject(t.error); };
      });
    });
  }
  function entries(fd) {
    var list = [];
    fd.forEach(function (value, name) {
      if (value instanceof File && !value.name && !value.size) { return; }
      list.push([name, value, value instanceof File ? value.name : null]);
    });
    return list;
  }
  function toFormData(list) {
    var fd = new FormData();
    list.forEach(function (e) { if (e[2] !== null) { fd.append(e[0], e[1], e[2]); } else { fd.append(e[0], e[1]); } });
    return fd;
  }
  function post(url, fd) {
    return fetch(url, { method: "POST", body: fd, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } });
  }
  function render() {
    if (!box) { return Promise.resolve(); }
    return tx("readonly", function (s) { return s.getAll(); }).then(function (items) {
      box.textContent = "";
      if (!items || !items.length) { box.hidden = true; return; }
      var ul = document.createElement("ul");
      items.forEach(function (it) {
        var li = document.createElement("li");
        li.textContent = "⏳ " + (labels.waitingLabel || "Waiting to send") + ": " + it.title + " · " + it.when;
        ul.appendChild(li);
      });
      box.appendChild(ul);
      box.hidden = false;
    }).catch(function () {});
  }
  function flush() {
    if (!navigator.onLine) { return; }
    tx("readonly", function (s) { return s.getAll(); }).then(function (items) {
      (items || []).reduce(function (chain, it) {
        return chain.then(function () {
          return post(it.url, toFormData(it.entries)).then(function (resp) {
            // Saved now or before (same key), or refused for good: either way it leaves the outbox.
            if (resp.ok || (resp.status >= 400 && resp.status < 500 && resp.status !== 408 && resp.status !== 429)) {
              return tx("readwrite", function (s) { return s.delete(it.key); });
            }
          }).catch(function () {});
        });
      }, Promise.resolve()).then(render);
    }).catch(function () {});
  }

  if (form) {
    if (navigator.geolocation && form.elements.latitude) {
      navigator.geolocation.getCurrentPosition(function (pos) {
        form.elements.latitude.value = pos.coords.latitude.toFixed(6);
        form.elements.longitude.value = pos.coords.longitude.toFixed(6);
        var state = document.getElementById("geo-state");
        if (state) { state.textContent = "📍 " + (labels.geoLabel || ""); }
      }, function () {}, { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
    }
    form.addEventListener("submit", function (ev) {
      if (!window.fetch || !window.FormData) { return; }
      ev.preventDefault();
      var fd = new FormData(form), url = form.action || window.location.href;
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; }
      post(url, fd).then(function (resp) {
        var type = resp.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) { form.submit(); return; }
        return resp.json().then(function (data) {
          if (data.ok) { window.location.href = data.url; } else { form.submit(); }
        });
      }).catch(function () {
        // No connection: keep everything on the phone and show it waiting.
        var key = String(fd.get("idempotency_key"));
        var title = (document.querySelector("h1 + p") || document.title).textContent || document.title;
        tx("readwrite", function (s) {
          return s.put({ key: key, url: url, entries: entries(fd), title: title, when: String(fd.get("visited_at") || "").replace("T", " ") });
        }).then(function () {
          if (button) { button.disabled = false; }
          window.alert(labels.offlineLabel || "Saved on this phone.");
          render();
        }).catch(function () { if (button) { button.disabled = false; } form.submit(); });
      });
    });
  }
  window.addEventListener("online", flush);
  render();
  flush();
})();
