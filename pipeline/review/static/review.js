// gongkai review: the document page. Selecting a cell shows where its value was printed; the keyboard walks
// the flagged cells, accepts and edits them; the server validates every value and recomputes the identities.
"use strict";
(() => {
  const dataNode = document.getElementById("review-data");
  if (!dataNode) return;
  const data = JSON.parse(dataNode.textContent);
  const cells = [...document.querySelectorAll("input.cell")];
  const byKey = new Map(cells.map((c) => [c.dataset.key, c]));
  const OWN = ["low", "ambiguous", "repaired"];
  const IDENT = ["doubtful", "breaks"];
  const MARKS = [...OWN, ...IDENT, "edited", "accepted", "invalid"];
  const accepted = new Set();
  // An ambiguous row is one decision: its cells are stepped through as one, its cuts chosen with one key.
  const decisions = (data.decisions || []).filter((d) => (d.keys || []).some((k) => byKey.has(k)));
  const decisionOf = new Map(decisions.flatMap((d) => d.keys.map((k) => [k, d])));
  let marks = data.marks, checks = data.checks, errors = {};
  let selected = null, editing = null, dirty = false, busy = false;
  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- marks, identities, messages
  function applyMarks() {
    for (const input of cells) {
      const key = input.dataset.key, m = marks[key] || [], td = input.parentElement;
      for (const name of MARKS) td.classList.toggle(name, name === "invalid" ? key in errors : m.includes(name));
      td.title = key in errors ? errors[key] : "";
    }
    renderIdentities();
  }

  function renderIdentities() {
    const box = $("identities");
    const count = {};
    for (const c of checks) count[c.verdict] = (count[c.verdict] || 0) + 1;
    const failing = checks.filter((c) => ["doubtful", "source_break", "prose_differs"].includes(c.verdict));
    box.replaceChildren();
    const head = document.createElement("p");
    head.className = "verdicts";
    head.textContent = "identities: " + Object.entries(count).map(([v, n]) => `${n} ${v.replace("_", " ")}`).join(" · ");
    box.append(head);
    const list = document.createElement("ul");
    for (const c of failing) {
      const li = document.createElement("li");
      li.className = "check " + c.verdict;
      li.dataset.identity = c.identity;
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = c.identity;
      b.addEventListener("click", () => { const k = (c.keys || []).find((x) => byKey.has(x)); if (k) select(byKey.get(k)); });
      li.append(b, ` ${c.lhs} ≠ ${c.rhs} — ${c.verdict === "source_break" ? "the source breaks it" :
        c.verdict === "doubtful" ? "extraction doubtful" : "prose and table differ"}`);
      list.append(li);
    }
    box.append(list);
  }

  function say(text, kind) {
    const box = $("message");
    box.textContent = text;
    box.className = "message " + (kind || "");
    box.hidden = !text;
  }

  // ---------------------------------------------------------------- selection and the source highlight
  function select(input) {
    if (editing && editing.input !== input) commit();
    if (selected) selected.parentElement.classList.remove("selected");
    selected = input;
    input.parentElement.classList.add("selected");
    input.focus({ preventScroll: true });
    input.scrollIntoView({ block: "nearest", inline: "nearest" });
    const info = data.cells[input.dataset.key] || { where: {} };
    showDetail(input.dataset.key, info);
    highlight(info.where);
  }

  function showDetail(key, info) {
    const w = info.where || {};
    const parts = [info.label || key, `extracted: ${info.printed ? (info.extracted || "/") : "not read"}`];
    if (w.method) parts.push(`${w.method}, confidence ${w.confidence}`);
    if (w.text !== undefined) parts.push(`printed “${w.run || w.text}”`);
    if (w.page) parts.push(`page ${w.page}`);
    const m = (marks[key] || []).join(", ");
    if (m) parts.push(`marks: ${m}`);
    const inChecks = checks.filter((c) => (c.keys || []).includes(key)).map((c) => `${c.identity} ${c.verdict}`);
    if (inChecks.length) parts.push(inChecks.join("; "));
    if (key in errors) parts.push("⚠ " + errors[key]);
    const d = decisionOf.get(key);
    if (d && !accepted.has(key)) {
      parts.push(`printed “${d.printed}”, cuts (press the number): ` +
        cuts(d).map((cut, i) => `${i + 1}) ${cutText(cut)}${i ? "" : " (chosen)"}`).join("  "));
    }
    $("detail").textContent = parts.join(" · ");
  }

  function highlight(where) {
    where = where || {};
    document.querySelectorAll(".src-hl").forEach((el) => el.classList.remove("src-hl"));
    document.querySelectorAll(".page .hl").forEach((el) => { el.hidden = true; });
    if (data.kind === "pdf" || data.kind === "image") return highlightPage(where);
    if (data.kind === "text") return highlightText(where);
    if (where.block === undefined) return;
    let el = null;
    if (where.row !== undefined) el = $(`b${where.block}-r${where.row}-c${where.col}`);
    else if (where.cell !== undefined) el = $(`b${where.block}-x${where.cell}`);
    else el = $(`b${where.block}`);
    if (!el) return;
    el.classList.add("src-hl");
    if (where.span && el.tagName === "P") markSpan(el, el.textContent, where.span[0], where.span[1]);
    el.scrollIntoView({ block: "center" });
  }

  function highlightPage(where) {
    if (!where.page) return;
    const page = $(`page-${where.page}`);
    if (!page) return;
    const box = page.querySelector(".hl");
    if (where.bbox) {
      const w = +page.dataset.width, h = +page.dataset.height, [x0, top, x1, bottom] = where.bbox;
      const pad = 1.5;
      box.style.left = `${((x0 - pad) / w) * 100}%`;
      box.style.top = `${((top - pad) / h) * 100}%`;
      box.style.width = `${((x1 - x0 + 2 * pad) / w) * 100}%`;
      box.style.height = `${((bottom - top + 2 * pad) / h) * 100}%`;
      box.hidden = false;
      box.scrollIntoView({ block: "center" });
    } else {
      page.scrollIntoView({ block: "start" });
    }
  }

  function highlightText(where) {
    const pre = $("text-view");
    if (!pre || where.offset === undefined) return;
    const length = [...(where.text || "")].length || 1;
    markSpan(pre, data.text, where.offset, where.offset + length);
  }

  // The span [start, end) in code points (offsets count characters, as Python does), wrapped in <mark>.
  function markSpan(el, text, start, end) {
    const chars = [...text];
    const mark = document.createElement("mark");
    mark.className = "src-hl";
    mark.textContent = chars.slice(start, end).join("");
    el.replaceChildren(chars.slice(0, start).join(""), mark, chars.slice(end).join(""));
    mark.scrollIntoView({ block: "center" });
  }

  // ---------------------------------------------------------------- flagged cells, accept, edit
  function flagged() {
    const bad = [], own = [], ident = [];
    for (const input of cells) {
      const key = input.dataset.key, m = marks[key] || [];
      if (key in errors) bad.push(input);
      else if (m.includes("accepted")) continue;
      else if (m.some((x) => OWN.includes(x))) own.push(input);
      else if (m.some((x) => IDENT.includes(x))) ident.push(input);
    }
    return [...bad, ...own, ...ident];
  }

  // The flagged cells with each undecided ambiguous row reduced to its first cell: one stop per decision.
  function stops() {
    const seen = new Set();
    return flagged().filter((input) => {
      const d = decisionOf.get(input.dataset.key);
      if (!d) return true;
      if (seen.has(d)) return false;
      seen.add(d);
      return true;
    });
  }

  function cuts(d) {
    return [d.chosen, ...(d.alternatives || [])];
  }

  function cutText(cut) {
    return cut.map((v) => (v === null ? "/" : String(v))).join(" | ");
  }

  async function choose(number) {
    const d = selected && decisionOf.get(selected.dataset.key);
    const cut = d && cuts(d)[number - 1];
    if (!cut) return false;
    d.keys.forEach((k, i) => { const input = byKey.get(k); if (input) input.value = cut[i] === null ? "/" : String(cut[i]); });
    d.keys.forEach((k) => accepted.add(k));
    dirty = true;
    await recheck();
    say(`${d.label}: cut ${number} (${cutText(cut)}) chosen.`, "ok");
    const rest = stops();
    if (rest.length) select(rest[0]); else showDetail(selected.dataset.key, data.cells[selected.dataset.key] || {});
    return true;
  }

  function step(delta) {
    const list = stops();
    if (!list.length) { say("No flagged cell left.", "ok"); return; }
    const i = list.indexOf(selected);
    select(list[i < 0 ? (delta > 0 ? 0 : list.length - 1) : (i + delta + list.length) % list.length]);
  }

  async function accept() {
    if (!selected) return;
    const d = decisionOf.get(selected.dataset.key);
    const list = stops(), i = list.indexOf(selected), next = list.length > 1 && i >= 0 ? list[(i + 1) % list.length] : null;
    for (const k of d ? d.keys : [selected.dataset.key]) accepted.add(k);
    dirty = true;
    await recheck();
    if (next) select(next); else showDetail(selected.dataset.key, data.cells[selected.dataset.key] || {});
  }

  function edit(initial) {
    if (!selected) return;
    editing = { input: selected, before: selected.value };
    selected.readOnly = false;
    selected.parentElement.classList.add("editing");
    if (initial !== undefined) selected.value = initial;
    else selected.select();
  }

  async function commit() {
    if (!editing) return;
    const { input, before } = editing;
    editing = null;
    input.readOnly = true;
    input.parentElement.classList.remove("editing");
    if (input.value !== before) {
      dirty = true;
      await recheck();
      if (input === selected) showDetail(input.dataset.key, data.cells[input.dataset.key] || {});
    }
  }

  function cancel() {
    if (!editing) return;
    editing.input.value = editing.before;
    editing.input.readOnly = true;
    editing.input.parentElement.classList.remove("editing");
    editing = null;
  }

  function move(dx, dy) {
    if (!selected) { if (cells.length) select(cells[0]); return; }
    if (dx) { const i = cells.indexOf(selected) + dx; if (i >= 0 && i < cells.length) select(cells[i]); return; }
    const x = selected.getBoundingClientRect().left;
    let tr = selected.closest("tr");
    while ((tr = dy > 0 ? tr.nextElementSibling : tr.previousElementSibling)) {
      const row = [...tr.querySelectorAll("input.cell")];
      if (row.length) {
        row.sort((a, b) => Math.abs(a.getBoundingClientRect().left - x) - Math.abs(b.getBoundingClientRect().left - x));
        select(row[0]);
        return;
      }
    }
  }

  // ---------------------------------------------------------------- talking to the server
  function payload() {
    const prose = [...document.querySelectorAll("#prose tbody tr")].map((tr) => ({
      metric: tr.querySelector(".p-metric").value, value: tr.querySelector(".p-value").value,
      unit: tr.querySelector(".p-unit").value, text: tr.querySelector(".p-text").value,
    }));
    return {
      meta: { agency: $("meta-agency").value, year: $("meta-year").value, edition: $("meta-edition").value },
      cells: Object.fromEntries(cells.map((c) => [c.dataset.key, c.value])),
      accepted: [...accepted], prose, notes: $("notes").value,
    };
  }

  async function post(path, body) {
    const response = await fetch(`/doc/${data.id}/${path}`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  function absorb(body) {
    errors = body.errors || {};
    if (body.checks) checks = body.checks;
    if (body.marks) marks = body.marks;
    applyMarks();
    const general = Object.entries(errors).filter(([k]) => !byKey.has(k)).map(([, v]) => v);
    const cellErrors = Object.entries(errors).filter(([k]) => byKey.has(k)).map(([, v]) => v);
    const all = [...cellErrors, ...general];
    if (all.length) say("Refused: " + all.join(" · "), "error"); else say("");
    $("save").disabled = all.length > 0;
  }

  async function recheck() {
    const { body } = await post("check", payload());
    absorb(body);
  }

  async function save() {
    if (busy) return;
    busy = true;
    await commit();
    $("save-state").textContent = "saving…";
    try {
      const { status, body } = await post("save", payload());
      absorb(body);
      if (status === 200) {
        dirty = false;
        data.reviewed = true;
        $("save-state").textContent = `saved ${new Date().toLocaleTimeString()} · ${body.changes.length} change(s)`;
        say(`Saved ${body.saved}`, "ok");
      } else {
        $("save-state").textContent = "not saved";
        if (body.error && !Object.keys(body.errors || {}).length) say(body.error, "error");
      }
    } finally {
      busy = false;
    }
  }

  // ---------------------------------------------------------------- keyboard and mouse
  document.addEventListener("keydown", (ev) => {
    if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === "s") { ev.preventDefault(); save(); return; }
    if (editing) {
      if (ev.key === "Enter") { ev.preventDefault(); commit(); }
      else if (ev.key === "Escape") { ev.preventDefault(); cancel(); }
      return;
    }
    const target = ev.target;
    const inForm = target instanceof HTMLElement && target.matches("input:not(.cell), select, textarea");
    if (inForm || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const keys = {
      n: () => step(1), j: () => step(1), p: () => step(-1), k: () => step(-1), N: () => step(-1),
      a: () => accept(), e: () => edit(), Enter: () => edit(), F2: () => edit(), s: () => save(),
      ArrowLeft: () => move(-1, 0), ArrowRight: () => move(1, 0), ArrowUp: () => move(0, -1), ArrowDown: () => move(0, 1),
      Delete: () => edit(""), Backspace: () => edit(""),
    };
    if (keys[ev.key]) { ev.preventDefault(); keys[ev.key](); return; }
    const d = selected && decisionOf.get(selected.dataset.key);
    if (d && !accepted.has(selected.dataset.key) && /^[1-9]$/.test(ev.key) && +ev.key <= cuts(d).length) {
      ev.preventDefault();
      choose(+ev.key);
      return;
    }
    if (selected && /^[0-9０-９/.\-万]$/.test(ev.key)) { ev.preventDefault(); edit(ev.key); }
  });

  for (const input of cells) {
    input.addEventListener("click", () => { if (selected !== input) select(input); });
    input.addEventListener("dblclick", () => { select(input); edit(); });
    input.addEventListener("blur", () => { if (editing && editing.input === input) commit(); });
  }

  document.querySelectorAll("#prose tbody tr").forEach(hookProseRow);
  function hookProseRow(tr) {
    tr.addEventListener("click", () => {
      const entry = data.prose[+tr.dataset.index];
      if (entry) highlight(entry.where);
    });
    tr.querySelectorAll("input, select").forEach((el) => el.addEventListener("change", () => { dirty = true; recheck(); }));
  }
  $("add-prose").addEventListener("click", () => {
    const tbody = document.querySelector("#prose tbody");
    const tr = document.createElement("tr");
    tr.className = "prose-row";
    const select = document.createElement("select");
    select.className = "p-metric";
    for (const m of ["", ...data.metrics]) select.add(new Option(m || "— not a figure —", m));
    const input = (cls, size) => { const i = document.createElement("input"); i.className = cls; i.size = size; return i; };
    for (const el of [select, input("p-value", 7), input("p-unit", 3), input("p-text", 18)]) {
      const td = document.createElement("td"); td.append(el); tr.append(td);
    }
    tr.append(document.createElement("td"));
    tbody.append(tr);
    hookProseRow(tr);
    select.focus();
  });

  $("save").addEventListener("click", save);
  $("notes").addEventListener("change", () => { dirty = true; });
  ["meta-agency", "meta-year"].forEach((id) => $(id).addEventListener("change", () => { dirty = true; recheck(); }));
  $("meta-edition").addEventListener("change", (ev) => {
    if (dirty && !confirm("Unsaved changes are lost when the layout changes. Go on?")) {
      ev.target.value = data.edition;
      return;
    }
    location.search = `?edition=${encodeURIComponent(ev.target.value)}`;
  });
  document.querySelectorAll(".tab").forEach((tab) => tab.addEventListener("click", () => {
    document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("on", t === tab));
    const frame = $("original");
    if (tab.dataset.tab === "original" && !frame.src) frame.src = frame.dataset.src;
    $("as-read").hidden = tab.dataset.tab !== "as-read";
    frame.hidden = tab.dataset.tab !== "original";
  }));
  window.addEventListener("beforeunload", (ev) => { if (dirty) { ev.preventDefault(); ev.returnValue = ""; } });

  if (data.kind === "text" && $("text-view")) $("text-view").textContent = data.text;
  applyMarks();
  document.body.dataset.ready = "1";
})();
