/* The review page of balint-redact: no library, nothing fetched but this page's own URLs. */
"use strict";
(function () {
  var KIND = {PERSON: "t-person", NAME: "t-person", ORGANIZATION: "t-org",
              LOCATION: "t-place", ADDRESS: "t-place"};
  var state = null;
  var busy = false;

  function $(id) { return document.getElementById(id); }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function say(text, kind) {
    var m = $("message");
    m.textContent = text;
    m.className = kind || "";
  }

  function call(path, body) {
    var opts = {cache: "no-store", credentials: "same-origin"};
    if (body !== undefined) {
      opts.method = "POST";
      opts.headers = {"Content-Type": "application/json"};
      opts.body = JSON.stringify(body);
    }
    return fetch(path, opts).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) { throw new Error(data.error || ("request failed (" + r.status + ")")); }
        return data;
      });
    });
  }

  function act(body) {
    if (busy) { return Promise.resolve(); }
    busy = true;
    document.body.classList.add("busy");
    return call("act", body).then(function (s) { render(s); say(""); })
      .catch(function (e) { say(e.message, "error"); })
      .then(function () { busy = false; document.body.classList.remove("busy"); });
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function renderDoc(s) {
    var doc = $("doc");
    var frag = document.createDocumentFragment();
    s.segments.forEach(function (seg) {
      if (seg.s !== undefined) { frag.appendChild(document.createTextNode(seg.s)); return; }
      var node;
      if (seg.w !== undefined) {
        node = el("span", "w", seg.w);
        if (seg.c) {
          node.classList.add("confirm");
          node.title = "To confirm: " + seg.c;
          node.tabIndex = 0;
        }
        else { node.title = "Click to redact every mention"; }
        if (seg.k) { node.classList.add("kept"); }
      } else {
        node = el("mark", "red " + (KIND[seg.type] || "t-other") + " type-" + seg.type, seg.r);
        node.id = "m-" + seg.a;
        node.tabIndex = 0;
        node.title = seg.type + ": " + seg.orig + " (click to keep the original words)";
        if (seg.d) { node.classList.add("decided"); }
      }
      node.dataset.a = seg.a;
      node.dataset.b = seg.b;
      frag.appendChild(node);
    });
    doc.replaceChildren(frag);
  }

  function flash(a) {
    var m = $("m-" + a);
    if (!m) { return; }
    m.scrollIntoView({block: "center"});
    m.classList.remove("flash");
    void m.offsetWidth;
    m.classList.add("flash");
  }

  function renderLegend(s) {
    var list = $("legend");
    list.replaceChildren();
    if (!s.legend.length) { list.appendChild(el("li", "help", "Nothing is redacted.")); }
    s.legend.forEach(function (row) {
      var li = el("li");
      li.dataset.placeholder = row.placeholder;
      li.appendChild(el("code", "", row.placeholder));
      li.appendChild(document.createTextNode(" = "));
      li.appendChild(el("span", "originals", row.originals.map(function (o) {
        return "\u201c" + o + "\u201d"; }).join(", ")));
      var places = el("span", "places", " in " + plural(row.places.length, "place") + ": ");
      row.places.forEach(function (a, i) {
        var b = el("button", "", String(i + 1));
        b.type = "button";
        b.title = "Show this mention";
        b.addEventListener("click", function () { flash(a); });
        places.appendChild(b);
      });
      li.appendChild(places);
      list.appendChild(li);
    });
  }

  function renderConfirm(s) {
    var list = $("confirm");
    list.replaceChildren();
    var open = s.confirm.filter(function (c) { return !c.kept; }).length;
    $("confirm-count").textContent = s.confirm.length ? "(" + open + " open)" : "";
    if (s.reader_error) { list.appendChild(el("li", "error", s.reader_error)); }
    if (!s.confirm.length && !s.reader_error) {
      list.appendChild(el("li", "help", "Nothing to confirm."));
    }
    s.confirm.forEach(function (c) {
      var li = el("li");
      li.appendChild(el("strong", "", c.word));
      li.appendChild(el("span", "reason", c.reason));
      var actions = el("div", "item-actions");
      if (c.kept) { actions.appendChild(el("span", "done", "kept \u2713 ")); }
      else {
        var keep = el("button", "keep", "Keep");
        keep.type = "button";
        keep.addEventListener("click", function () { act({op: "confirm", a: c.a, b: c.b}); });
        actions.appendChild(keep);
      }
      var red = el("button", "redact", "Redact");
      red.type = "button";
      red.addEventListener("click", function () {
        act({op: "redact", a: c.a, b: c.b, type: $("redact-as").value}); });
      actions.appendChild(red);
      li.appendChild(actions);
      list.appendChild(li);
    });
  }

  function render(s) {
    state = s;
    var sel = $("redact-as");
    if (!sel.options.length) {
      s.redact_as.forEach(function (t) {
        var o = el("option", "", t.label);
        o.value = t.type;
        sel.appendChild(o);
      });
    }
    renderDoc(s);
    renderLegend(s);
    renderConfirm(s);
    var total = 0;
    Object.keys(s.counts).forEach(function (k) { total += s.counts[k]; });
    var open = s.confirm.filter(function (c) { return !c.kept; }).length;
    $("summary").textContent = plural(total, "replacement") + ", " +
      plural(open, "word") + " to confirm, " + plural(s.decisions, "decision") + " of yours" +
      (s.dirty ? " (not saved yet)." : ".");
    $("undo").disabled = !s.can_undo;
    $("share").hidden = !s.can_share;
    $("save").textContent = s.mode === "save" ? "Save" : "Save (download)";
  }

  function download(path) {
    var a = el("a");
    a.href = path;
    a.download = "";
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function save() {
    call("save", {}).then(function (r) {
      render(r.state);
      if (r.saved) {
        say("Saved: the redacted copy as " + r.output + " and your decisions as " +
            r.decisions + ".", "ok");
      } else {
        r.download.forEach(download);
        say("The redacted copy and your decisions are downloading.", "ok");
      }
    }).catch(function (e) { say(e.message, "error"); });
  }

  function share() {
    if (!window.confirm("File this write-up, as it is shown here, in the group's records?")) {
      return;
    }
    say("Checking and sharing\u2026");
    call("share", {}).then(function (r) {
      render(r.state);
      if (r.status === "shared") { say("Shared as " + r.record + ".", "ok"); return; }
      if (r.status === "to-confirm") {
        say("Not shared: " + plural(r.to_confirm, "word") + " still to confirm. Keep or " +
            "redact each in the list \u201cTo confirm\u201d, then share again.", "error");
        return;
      }
      var m = $("message");
      m.className = "error";
      m.textContent = "Not shared: the residual check still finds " +
        plural(r.residuals.length, "possible identifier") + ". Redact them and share again.";
      var pre = el("div", "residuals", r.residuals.join("\n"));
      m.appendChild(pre);
    }).catch(function (e) { say(e.message, "error"); });
  }

  function startReview() {
    var selected = false;
    $("doc").addEventListener("mouseup", function () {
      // words selected together ("Silver Birch") are redacted as one name
      var sel = window.getSelection();
      if (!sel || sel.isCollapsed || !sel.rangeCount) { return; }
      var range = sel.getRangeAt(0);
      var words = Array.prototype.filter.call($("doc").querySelectorAll(".w"), function (w) {
        return range.intersectsNode(w);
      });
      if (words.length < 2) { return; }
      selected = true;
      sel.removeAllRanges();
      act({op: "redact", a: +words[0].dataset.a, b: +words[words.length - 1].dataset.b,
           type: $("redact-as").value});
    });
    $("doc").addEventListener("click", function (ev) {
      var t = ev.target;
      if (selected) { selected = false; return; }
      if (!(t instanceof Element)) { return; }
      var word = t.closest(".w");
      var mark = t.closest("mark.red");
      if (word) {
        act({op: "redact", a: +word.dataset.a, b: +word.dataset.b,
             type: $("redact-as").value});
      } else if (mark) {
        act({op: "keep", a: +mark.dataset.a, b: +mark.dataset.b});
      }
    });
    $("doc").addEventListener("keydown", function (ev) {
      if ((ev.key === "Enter" || ev.key === " ") && ev.target instanceof Element &&
          ev.target.closest(".w, mark.red")) {
        ev.preventDefault();
        ev.target.click();
      }
    });
    $("undo").addEventListener("click", function () { act({op: "undo"}); });
    $("save").addEventListener("click", save);
    $("share").addEventListener("click", share);
    window.addEventListener("beforeunload", function (ev) {
      if (state && state.dirty) { ev.preventDefault(); ev.returnValue = ""; }
    });
    call("state").then(function (s) {
      render(s);
      document.body.dataset.ready = "1";
      if (s.heartbeat > 0) {
        var beat = function () {
          fetch("alive", {method: "POST", keepalive: true, cache: "no-store"})
            .catch(function () { say("The review has ended; this page can be closed.",
                                     "error"); });
        };
        beat();
        setInterval(beat, s.heartbeat * 1000);
        window.addEventListener("pagehide", function () { navigator.sendBeacon("bye"); });
      }
    }).catch(function (e) { say(e.message, "error"); });
  }

  function startUpload() {
    $("file").addEventListener("change", function () {
      var f = $("file").files[0];
      if (!f) { return; }
      var ext = (f.name.match(/\.[A-Za-z]+$/) || [""])[0].toLowerCase();
      var kind = ext === ".docx" ? "docx" : (ext === ".md" || ext === ".markdown") ? "md" :
        "txt";
      say("Reading\u2026");
      fetch("new?kind=" + kind, {method: "POST", body: f, cache: "no-store",
                                 credentials: "same-origin"})
        .then(function (r) {
          return r.json().then(function (d) {
            if (!r.ok) { throw new Error(d.error || ("request failed (" + r.status + ")")); }
            window.location.href = d.url;
          });
        }).catch(function (e) { say(e.message, "error"); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if ($("upload")) { startUpload(); } else { startReview(); }
  });
})();
