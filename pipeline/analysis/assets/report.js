/* ClaimLens report: the claims explorer (filters, search, sort, pages), in plain DOM code.
 *
 * Data: the JSON block with id "cl-data" holds
 *   docs:   [[doc_id, title, source, url], ...]
 *   claims: [{d: doc index, i: sent_idx, t: sentence text, e: evidence index, c: claim_type index,
 *             h: hedged 0/1, n: negated 0/1, s: substances, k: conditions, m: mechanisms,
 *             x: [[start, end, label index, canonical], ...] entity spans relative to t,
 *             q: [evidence cue, claim cue, hedge cue, negation cue]}, ...]
 *   evidence, claim_types, labels: the names behind the indices; total: claims in the output.
 * Text is only ever inserted with createTextNode, never as HTML.
 */
(function () {
  "use strict";
  var errors = [];
  window.addEventListener("error", function (ev) {
    errors.push(String(ev.message || ev));
    document.body.setAttribute("data-js-errors", errors.join(" | "));
  });

  var data = JSON.parse(document.getElementById("cl-data").textContent);
  var claims = data.claims, docs = data.docs;
  var EV = data.evidence, TYPES = data.claim_types, LABELS = data.labels;
  var CUE_NAMES = ["evidence", "claim", "hedge", "negation"];

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.appendChild(document.createTextNode(String(text)));
    return node;
  }
  function docTitle(c) { var d = docs[c.d]; return d[1] || d[2] || d[0]; }

  // Precomputed per claim: lower-case search text and the sort keys.
  claims.forEach(function (c, idx) {
    c._idx = idx;
    c._targets = c.k.concat(c.m);
    c._hay = (c.t + " \u0001 " + c.s.join(" ") + " " + c._targets.join(" ") + " " + (docTitle(c) || "") + " " +
      (docs[c.d][2] || "")).toLowerCase();
  });

  var state = { q: "", ev: "", type: "", sub: "", cond: "", hedged: "", negated: "", sortKey: null, sortDir: 1,
                page: 0, size: 50 };
  var view = [];

  function counted(key) {
    var counts = {};
    claims.forEach(function (c) {
      var seen = {};
      c[key].forEach(function (v) { if (!seen[v]) { seen[v] = 1; counts[v] = (counts[v] || 0) + 1; } });
    });
    return Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : 1); })
      .map(function (k) { return [k, counts[k]]; });
  }
  function fillSelect(sel, items) {
    items.forEach(function (it) {
      var o = document.createElement("option");
      o.value = it[0];
      o.textContent = it[1] === null ? it[0] : it[0] + " (" + it[1] + ")";
      sel.appendChild(o);
    });
  }
  function countBy(fn, n) {
    var out = new Array(n).fill(0);
    claims.forEach(function (c) { out[fn(c)] += 1; });
    return out;
  }
  var evCounts = countBy(function (c) { return c.e; }, EV.length);
  var typeCounts = countBy(function (c) { return c.c; }, TYPES.length);
  fillSelect($("f-ev"), EV.map(function (e, i) { return [e, evCounts[i]]; }));
  fillSelect($("f-type"), TYPES.map(function (t, i) { return [t, typeCounts[i]]; }));
  fillSelect($("f-sub"), counted("s"));
  fillSelect($("f-cond"), counted("_targets"));

  var legend = $("cl-legend");
  EV.forEach(function (e) {
    var item = el("span", "");
    item.appendChild(el("span", "cl-swatch cl-ev-" + e));
    item.appendChild(document.createTextNode(e));
    legend.appendChild(item);
  });
  LABELS.forEach(function (lab) { legend.appendChild(el("span", "cl-ent cl-ent-" + lab.toLowerCase(), lab.toLowerCase())); });

  function matches(c) {
    if (state.ev !== "" && EV[c.e] !== state.ev) return false;
    if (state.type !== "" && TYPES[c.c] !== state.type) return false;
    if (state.hedged !== "" && String(c.h) !== state.hedged) return false;
    if (state.negated !== "" && String(c.n) !== state.negated) return false;
    if (state.sub !== "" && c.s.indexOf(state.sub) < 0) return false;
    if (state.cond !== "" && c._targets.indexOf(state.cond) < 0) return false;
    if (state.q !== "") {
      var words = state.q.toLowerCase().split(/\s+/);
      for (var i = 0; i < words.length; i++) if (words[i] && c._hay.indexOf(words[i]) < 0) return false;
    }
    return true;
  }
  function sortValue(c, key) {
    switch (key) {
      case "t": return c.t.toLowerCase();
      case "e": return c.e;
      case "c": return c.c;
      case "h": return c.h;
      case "n": return c.n;
      case "s": return c.s.join(", ").toLowerCase() || "\uffff";
      case "k": return c._targets.join(", ").toLowerCase() || "\uffff";
      case "d": return (docTitle(c) || "").toLowerCase() + "\u0000" + String(1e6 + c.i);
      default: return c._idx;
    }
  }
  function recompute() {
    view = claims.filter(matches);
    if (state.sortKey) {
      var key = state.sortKey, dir = state.sortDir;
      view.sort(function (a, b) {
        var x = sortValue(a, key), y = sortValue(b, key);
        if (x < y) return -dir;
        if (x > y) return dir;
        return a._idx - b._idx;
      });
    }
    state.page = 0;
    render();
  }

  function sentenceNode(c) {
    var cell = el("span", "cl-claim cl-ev-" + EV[c.e]);
    var pos = 0, text = c.t;
    c.x.forEach(function (span) {
      var s = span[0], e = span[1];
      if (s < pos || e > text.length || e <= s) return;
      if (s > pos) cell.appendChild(document.createTextNode(text.slice(pos, s)));
      var lab = LABELS[span[2]];
      var mark = el("mark", "cl-ent cl-ent-" + lab.toLowerCase(), text.slice(s, e));
      mark.title = lab + ": " + span[3];
      cell.appendChild(mark);
      pos = e;
    });
    if (pos < text.length) cell.appendChild(document.createTextNode(text.slice(pos)));
    return cell;
  }
  function chips(values, cls) {
    var frag = document.createDocumentFragment();
    values.forEach(function (v) { frag.appendChild(el("span", "chip " + cls, v)); });
    return frag;
  }
  function row(c) {
    var tr = document.createElement("tr");
    var td = el("td", "sent");
    td.appendChild(sentenceNode(c));
    var cues = el("span", "cues");
    c.q.forEach(function (cue, i) {
      if (!cue) return;
      if (cues.childNodes.length) cues.appendChild(document.createTextNode(" · "));
      cues.appendChild(el("b", "", CUE_NAMES[i] + ":"));
      cues.appendChild(document.createTextNode(" \u201c" + cue + "\u201d"));
    });
    if (cues.childNodes.length) td.appendChild(cues);
    tr.appendChild(td);
    var ev = el("td");
    ev.appendChild(el("span", "badge ev-" + EV[c.e], EV[c.e]));
    tr.appendChild(ev);
    tr.appendChild(el("td", "", TYPES[c.c]));
    tr.appendChild(el("td", "flag", c.h ? "\u25cf" : ""));
    tr.appendChild(el("td", "flag", c.n ? "\u25cf" : ""));
    var subs = el("td");
    subs.appendChild(chips(c.s, "chip-substance"));
    tr.appendChild(subs);
    var targets = el("td");
    targets.appendChild(chips(c.k, "chip-condition"));
    targets.appendChild(chips(c.m, "chip-mechanism"));
    tr.appendChild(targets);
    var doc = docs[c.d], dtd = el("td", "doc");
    var title = docTitle(c);
    var dt = el("span", "dt");
    dt.title = title;
    if (doc[3] && /^https?:\/\//i.test(doc[3])) {
      var a = el("a", "", title);
      a.href = doc[3];
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      dt.appendChild(a);
    } else {
      dt.appendChild(document.createTextNode(title));
    }
    dtd.appendChild(dt);
    var src = el("span", "src", (doc[2] || doc[0]) + " #" + c.i);
    src.title = (doc[2] || "") + " (doc " + doc[0] + ", sentence " + c.i + ")";
    dtd.appendChild(src);
    tr.appendChild(dtd);
    return tr;
  }

  function render() {
    var body = $("cl-rows");
    var pages = Math.max(1, Math.ceil(view.length / state.size));
    if (state.page >= pages) state.page = pages - 1;
    var from = state.page * state.size, to = Math.min(view.length, from + state.size);
    var frag = document.createDocumentFragment();
    for (var i = from; i < to; i++) frag.appendChild(row(view[i]));
    body.textContent = "";
    if (!view.length) {
      var tr = document.createElement("tr"), td = el("td", "empty", "No claim matches these filters.");
      td.colSpan = 8;
      tr.appendChild(td);
      frag.appendChild(tr);
    }
    body.appendChild(frag);
    body.setAttribute("data-rows", String(to - from));
    $("cl-table").setAttribute("data-matching", String(view.length));
    $("cl-count").textContent = view.length
      ? "Showing " + (from + 1).toLocaleString() + "\u2013" + to.toLocaleString() + " of " +
        view.length.toLocaleString() + " matching claims (" + claims.length.toLocaleString() + " in the report)"
      : "0 of " + claims.length.toLocaleString() + " claims match";
    $("cl-page").textContent = "page " + (state.page + 1) + " of " + pages;
    var btns = $("cl-pager").querySelectorAll("button");
    for (var b = 0; b < btns.length; b++) {
      var p = btns[b].getAttribute("data-page");
      btns[b].disabled = (p === "first" || p === "prev") ? state.page === 0 : state.page >= pages - 1;
    }
  }

  function bindSelect(id, key) {
    $(id).addEventListener("change", function () { state[key] = this.value; recompute(); });
  }
  bindSelect("f-ev", "ev");
  bindSelect("f-type", "type");
  bindSelect("f-sub", "sub");
  bindSelect("f-cond", "cond");
  bindSelect("f-hedged", "hedged");
  bindSelect("f-negated", "negated");
  var timer = null;
  $("f-q").addEventListener("input", function () {
    var value = this.value.trim();
    clearTimeout(timer);
    timer = setTimeout(function () { state.q = value; recompute(); }, 150);
  });
  $("f-size").addEventListener("change", function () { state.size = parseInt(this.value, 10) || 50; render(); });
  $("cl-pager").addEventListener("click", function (ev) {
    var p = ev.target.getAttribute && ev.target.getAttribute("data-page");
    if (!p) return;
    var pages = Math.max(1, Math.ceil(view.length / state.size));
    state.page = p === "first" ? 0 : p === "last" ? pages - 1 :
      p === "prev" ? Math.max(0, state.page - 1) : Math.min(pages - 1, state.page + 1);
    render();
  });
  var heads = document.querySelectorAll("#cl-table th[data-sort]");
  for (var h = 0; h < heads.length; h++) {
    heads[h].addEventListener("click", function () {
      var key = this.getAttribute("data-sort");
      if (state.sortKey === key) state.sortDir = -state.sortDir; else { state.sortKey = key; state.sortDir = 1; }
      for (var j = 0; j < heads.length; j++) heads[j].removeAttribute("aria-sort");
      this.setAttribute("aria-sort", state.sortDir > 0 ? "ascending" : "descending");
      recompute();
    });
  }

  function setFilters(values) {
    var ids = { ev: "f-ev", type: "f-type", sub: "f-sub", cond: "f-cond", hedged: "f-hedged", negated: "f-negated" };
    Object.keys(ids).forEach(function (k) {
      if (!(k in values)) return;
      var sel = $(ids[k]);
      sel.value = values[k];
      if (sel.value !== values[k]) sel.value = "";  // not an option (e.g. beyond --max-claims)
      state[k] = sel.value;
    });
    if ("q" in values) { $("f-q").value = values.q; state.q = values.q; }
    recompute();
    $("cl-controls").scrollIntoView({ behavior: "smooth", block: "start" });
  }
  $("f-reset").addEventListener("click", function () {
    setFilters({ q: "", ev: "", type: "", sub: "", cond: "", hedged: "", negated: "" });
  });
  document.addEventListener("click", function (ev) {
    var node = ev.target;
    while (node && node !== document && !(node.getAttribute && (node.hasAttribute("data-substance") ||
           node.hasAttribute("data-condition") || node.hasAttribute("data-mechanism") || node.hasAttribute("data-type")))) {
      node = node.parentNode;
    }
    if (!node || node === document) return;
    var f = { q: "", ev: "", type: "", sub: "", cond: "", hedged: "", negated: "" };
    if (node.hasAttribute("data-substance")) f.sub = node.getAttribute("data-substance");
    if (node.hasAttribute("data-condition")) f.cond = node.getAttribute("data-condition");
    if (node.hasAttribute("data-mechanism")) f.cond = node.getAttribute("data-mechanism");
    if (node.hasAttribute("data-type")) f.type = node.getAttribute("data-type");
    setFilters(f);
  });

  function csvCell(v) {
    var s = String(v === null || v === undefined ? "" : v);
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  $("f-csv").addEventListener("click", function () {
    var lines = [["doc_id", "sent_idx", "evidence", "claim_type", "hedged", "negated", "substances", "conditions",
                  "mechanisms", "title", "source", "url", "text"].join(",")];
    view.forEach(function (c) {
      var d = docs[c.d];
      lines.push([d[0], c.i, EV[c.e], TYPES[c.c], c.h ? "true" : "false", c.n ? "true" : "false", c.s.join("; "),
                  c.k.join("; "), c.m.join("; "), d[1], d[2], d[3], c.t].map(csvCell).join(","));
    });
    var blob = new Blob([lines.join("\n") + "\n"], { type: "text/csv;charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "claims.csv";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  });

  recompute();
  document.body.setAttribute("data-ready", "1");
})();
