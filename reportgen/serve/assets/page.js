// The preview page: fetches the draft, lays its blocks out on A4 sheets, follows changes.
//
// The server sends the draft's blocks as HTML (reportgen/serve/page.py). Here they are measured
// in a hidden box as wide as the 版心, then placed on sheets: a block that does not fit is cut
// between two of its lines and goes on over the next sheet; a block marked data-keep stays on
// the sheet of the one after it, data-whole is never cut, and the 版记 (data-foot) goes to the
// foot of the last page, an even one (GB/T 9704-2012 §7.4.1, as the .docx writer does).
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const state = { file: null, gaps: null, version: -1, announced: -1, html: null, stale: null,
                  data: null, busy: false, again: false, chosen: null };
  const EPS = 0.5; // px: rounding in measured heights

  // --- the draft --------------------------------------------------------------------------
  function query() {
    const q = new URLSearchParams();
    if (state.file !== null) q.set("file", state.file);
    if (state.gaps !== null) q.set("gaps", state.gaps ? "1" : "0");
    return q.toString();
  }

  async function refresh() {
    if (state.busy) { state.again = true; return; }
    state.busy = true;
    try {
      do {
        state.again = false;
        const response = await fetch("/draft.json?" + query(), { cache: "no-store" });
        const data = await response.json();
        if (response.status === 404 && state.file !== null && (data.files || []).length) {
          state.file = null; // the file shown has gone from the folder: show the first one
          state.again = true;
          continue;
        }
        show(data);
        if (state.announced > state.version) state.again = true; // saved again meanwhile
      } while (state.again);
    } catch (err) {
      status("与预览服务的连接中断：请确认 reportgen serve 仍在运行", true);
    } finally {
      state.busy = false;
    }
  }

  function show(data) {
    state.data = data;
    state.file = data.file;
    state.gaps = data.gaps;
    history.replaceState(null, "", "#" + query());
    showFiles(data);
    $("gaps").checked = !!data.gaps;
    showDownloads(data);
    showErrors(data.ok ? [] : data.errors || []);
    const draft = data.draft;
    if (draft && (draft.html !== state.html || data.stale !== state.stale)) {
      render(draft.html, data.stale);
      state.html = draft.html;
      state.stale = data.stale;
    } else if (!draft) {
      $("pages").replaceChildren();
      state.html = null;
    }
    showFindings(draft ? draft.findings : [], draft ? draft.warnings : []);
    state.version = data.version;
    document.body.dataset.version = String(data.version);
    document.body.dataset.state = data.ok ? "ok" : "error";
    const time = new Date().toLocaleTimeString("zh-CN", { hour12: false });
    if (data.ok) {
      status(`已更新（${time}），共 ${document.querySelectorAll(".sheet").length} 页`, false);
    } else {
      status(`有 ${(data.errors || []).length} 处错误（${time}）` + (draft ? "，下方为上次成功起草的草稿" : ""), true);
    }
  }

  function status(text, bad) {
    $("status").textContent = text;
    $("status").classList.toggle("bad", bad);
  }

  function showFiles(data) {
    $("file-choice").hidden = !data.folder;
    const select = $("files");
    const names = data.files || [];
    if ([...select.options].map((o) => o.value).join("\n") !== names.join("\n")) {
      select.replaceChildren(...names.map((name) => new Option(name, name)));
    }
    select.value = data.file || "";
  }

  function showDownloads(data) {
    for (const link of document.querySelectorAll("#downloads a")) {
      const format = link.dataset.format;
      link.href = `/download?format=${format}&` + query();
      link.classList.toggle("off", !data.draft);
      if (format === "pdf") link.hidden = !data.pdf;
    }
  }

  function showErrors(errors) {
    $("errors").hidden = errors.length === 0;
    $("error-list").replaceChildren(...errors.map((e) => item(e.text)));
  }

  function item(text, cls) {
    const li = document.createElement("li");
    li.textContent = text;
    if (cls) li.className = cls;
    return li;
  }

  function showFindings(findings, warnings) {
    $("finding-count").textContent = findings.length ? `（${findings.length}）` : "（无）";
    $("findings").replaceChildren(...findings.map((f, i) => {
      const li = document.createElement("li");
      const level = document.createElement("span");
      level.className = "level " + f.level;
      level.textContent = f.level;
      const excerpt = document.createElement("span");
      excerpt.className = "excerpt";
      excerpt.textContent = f.paragraph === undefined ? `${f.file} 第${f.line}行` : `“${f.excerpt}”`;
      li.append(level, f.message, excerpt);
      li.dataset.f = String(i);
      if (f.paragraph !== undefined) {
        li.classList.add("placed");
        li.addEventListener("click", () => choose(i));
      }
      if (state.chosen === i) li.classList.add("chosen");
      return li;
    }));
    $("warnings-title").hidden = !warnings.length;
    $("warnings").replaceChildren(...warnings.map((w) => item(w.text)));
  }

  function choose(i) {
    state.chosen = i;
    for (const el of document.querySelectorAll(".chosen")) el.classList.remove("chosen");
    const marks = document.querySelectorAll(`.flow .f[data-f="${i}"]`);
    for (const el of marks) el.classList.add("chosen");
    const li = document.querySelector(`#findings li[data-f="${i}"]`);
    if (li) li.classList.add("chosen");
    if (marks.length) marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
  }

  // --- laying out the sheets ---------------------------------------------------------------
  function render(html, stale) {
    const scroll = window.scrollY;
    const measure = $("measure");
    measure.innerHTML = `<div class="flow">${html}</div>`; // styled as on a sheet
    const blocks = [...measure.firstChild.children];
    const heights = blocks.map((b) => b.getBoundingClientRect().height);
    const probe = document.createElement("div");
    probe.style.height = "var(--text-height)";
    measure.firstChild.append(probe);
    const pageHeight = probe.getBoundingClientRect().height;
    probe.remove();
    const sheets = paginate(blocks, heights, pageHeight);
    const built = sheets.map(buildSheet);
    measure.replaceChildren();
    $("pages").replaceChildren(...built);
    $("pages").classList.toggle("stale", !!stale);
    if (state.chosen !== null) {
      for (const el of document.querySelectorAll(`.flow .f[data-f="${state.chosen}"]`)) el.classList.add("chosen");
    }
    window.scrollTo(0, scroll);
  }

  function paginate(blocks, heights, pageHeight) {
    const sheets = [{ pieces: [], foot: null, numbered: true }];
    let y = 0;
    const sheet = () => sheets[sheets.length - 1];
    const next = () => { sheets.push({ pieces: [], foot: null, numbered: true }); y = 0; };
    const foot = blocks.find((b) => b.hasAttribute("data-foot"));
    const text = blocks.filter((b) => b !== foot);
    const height = (b) => heights[blocks.indexOf(b)];
    text.forEach((block, i) => {
      const h = height(block);
      if (block.hasAttribute("data-keep") && y > 0) {
        // the blocks kept together, and the first line of the one after them
        let need = 0;
        let j = i;
        while (j < text.length && text[j].hasAttribute("data-keep")) need += height(text[j++]);
        if (j < text.length) need += text[j].hasAttribute("data-whole") ? height(text[j]) : firstLine(text[j]);
        if (need <= pageHeight + EPS && y + need > pageHeight + EPS) next();
      }
      if (y + h <= pageHeight + EPS) {
        sheet().pieces.push({ block });
        y += h;
        return;
      }
      if (block.hasAttribute("data-whole") && h <= pageHeight + EPS) {
        if (y > 0) next();
        sheet().pieces.push({ block });
        y += h;
        return;
      }
      const cuts = lineCuts(block, h);
      let done = 0;
      while (done < h - EPS) {
        const fits = cuts.filter((c) => c > done + EPS && c - done <= pageHeight - y + EPS);
        if (!fits.length) {
          if (y === 0) { // a line taller than a page: show what fits
            fits.push(Math.min(h, done + pageHeight));
          } else {
            next();
            continue;
          }
        }
        const cut = fits[fits.length - 1];
        sheet().pieces.push({ block, top: done, height: cut - done });
        y += cut - done;
        done = cut;
        if (done < h - EPS) next();
      }
    });
    if (foot) {
      const h = height(foot);
      const spare = Number(foot.dataset.spare || 0) * firstLine(text[text.length - 1] || foot);
      if (sheets.length % 2 === 0 && pageHeight - y >= h + spare - EPS) {
        sheet().foot = foot;
      } else if (sheets.length % 2 === 1) { // the next page is even: the 版记 goes there, numbered
        sheets.push({ pieces: [], foot, numbered: true });
      } else { // a blank page, then the 版记: neither numbered (§7.5)
        sheets.push({ pieces: [], foot: null, numbered: false }, { pieces: [], foot, numbered: false });
      }
    }
    return sheets;
  }

  function lines(block) {
    // the block's lines, top and bottom (px from the block's top), from its text's boxes
    const top = block.getBoundingClientRect().top;
    const range = document.createRange();
    range.selectNodeContents(block);
    const rects = [...range.getClientRects()].filter((r) => r.height > 0).sort((a, b) => a.top - b.top);
    const out = [];
    for (const r of rects) {
      const last = out[out.length - 1];
      if (last && r.top < last.bottom - 2) {
        last.bottom = Math.max(last.bottom, r.bottom - top);
      } else {
        out.push({ top: r.top - top, bottom: r.bottom - top });
      }
    }
    return out;
  }

  function lineCuts(block, h) {
    // where a block may be cut: half way between one line's type and the next one's
    const found = lines(block);
    const cuts = [];
    for (let i = 0; i + 1 < found.length; i++) cuts.push((found[i].bottom + found[i + 1].top) / 2);
    cuts.push(h);
    return cuts;
  }

  function firstLine(block) {
    const cuts = lineCuts(block, block.getBoundingClientRect().height);
    return cuts[0];
  }

  function buildSheet(sheet, index) {
    const page = document.createElement("div");
    page.className = "sheet";
    const text = document.createElement("div");
    text.className = "text";
    const flow = document.createElement("div");
    flow.className = "flow";
    for (const piece of sheet.pieces) {
      if (piece.top === undefined) {
        flow.append(piece.block);
        continue;
      }
      const clip = document.createElement("div");
      clip.className = "clip";
      clip.style.height = `${piece.height}px`;
      const copy = piece.block.cloneNode(true);
      copy.style.marginTop = `${-piece.top}px`;
      clip.append(copy);
      flow.append(clip);
    }
    text.append(flow);
    if (sheet.foot) {
      const foot = document.createElement("div");
      foot.className = "foot flow";
      foot.append(sheet.foot);
      text.append(foot);
    }
    page.append(text);
    if (sheet.numbered) {
      const n = index + 1;
      const number = document.createElement("div");
      number.className = "pn " + (n % 2 ? "odd" : "even");
      number.textContent = `— ${n} —`;
      page.append(number);
    }
    page.dataset.page = String(index + 1);
    return page;
  }

  // --- where it comes from -------------------------------------------------------------------
  const tip = $("tip");
  let hot = [];

  function part(title, lines, where, others) {
    const box = document.createElement("div");
    box.className = "part";
    const head = document.createElement("div");
    head.className = "head";
    head.textContent = title;
    box.append(head);
    for (const line of lines) box.append(Object.assign(document.createElement("div"), { textContent: line }));
    if (where) box.append(Object.assign(document.createElement("div"), { className: "where", textContent: where }));
    if (others && others.length) {
      box.append(Object.assign(document.createElement("div"), { textContent: "其他说法：" }));
      const list = document.createElement("ul");
      list.append(...others.map((t) => item(t)));
      box.append(list);
    }
    return box;
  }

  function valuePart(value) {
    // a value: the fact it was printed from, or the facts a total was added up from
    const facts = value.facts || [];
    const name = (f) => (f.compare ? "去年同期的 " : "") + f.path;
    const at = (f) => (f.line ? `（事实文件第${f.line}行）` : "");
    const said = (f) => (f.value !== null && f.value !== undefined ? f.value : "");
    const box = facts.length === 1
      ? part(`事实：${name(facts[0])}`, [`值：${said(facts[0]) || value.text}${at(facts[0])}`])
      : part(`“${value.text}”由 ${facts.length} 项事实算出`,
             facts.map((f) => name(f) + (said(f) ? ` = ${said(f)}` : "") + at(f)));
    box.classList.add("value");
    box.dataset.path = value.source;
    return box;
  }

  function sentencePart(sentence) {
    const p = sentence.phrase;
    const where = `${p.file}:${p.line}` + (p.builtin ? "（内置措辞；要修改，先用 reportgen templates export 导出）" : "");
    const box = part(`措辞键：${p.key}`, [`第 ${p.variant} 种说法，共 ${p.of} 种`], where, p.others);
    box.classList.add("sentence");
    box.dataset.key = p.key;
    return box;
  }

  function hover(event) {
    const draft = state.data && state.data.draft;
    const value = event.target.closest && event.target.closest(".flow .v");
    const sentence = event.target.closest && event.target.closest(".flow .s");
    for (const el of hot) el.classList.remove("hot");
    hot = [];
    if (!draft || (!value && !sentence)) { tip.hidden = true; return; }
    const parts = [];
    if (value) {
      const v = draft.values[Number(value.dataset.v)];
      if (v) parts.push(valuePart(v));
    }
    if (sentence) {
      const s = draft.trace.sentences[Number(sentence.dataset.s)];
      if (s) parts.push(sentencePart(s));
      hot = [...document.querySelectorAll(`#pages .s[data-s="${sentence.dataset.s}"]`)];
      for (const el of hot) el.classList.add("hot");
    }
    tip.replaceChildren(...parts);
    tip.hidden = parts.length === 0;
    place(event.clientX, event.clientY);
  }

  function place(x, y) {
    const w = tip.offsetWidth;
    const h = tip.offsetHeight;
    tip.style.left = `${Math.max(4, Math.min(x + 14, window.innerWidth - w - 4))}px`;
    tip.style.top = `${y + 18 + h > window.innerHeight ? Math.max(4, y - h - 10) : y + 18}px`;
  }

  // --- wiring --------------------------------------------------------------------------------
  function start() {
    const asked = new URLSearchParams(location.hash.slice(1));
    if (asked.has("file")) state.file = asked.get("file");
    if (asked.has("gaps")) state.gaps = asked.get("gaps") === "1";
    $("pages").addEventListener("mouseover", hover);
    $("pages").addEventListener("mousemove", hover);
    $("pages").addEventListener("mouseleave", () => { tip.hidden = true; });
    $("files").addEventListener("change", (e) => { state.file = e.target.value; state.chosen = null; refresh(); });
    $("gaps").addEventListener("change", (e) => { state.gaps = e.target.checked; state.chosen = null; refresh(); });
    const events = new EventSource("/events");
    events.addEventListener("version", (e) => {
      state.announced = Number(e.data);
      if (!state.busy && state.announced !== state.version) refresh(); // else the loop asks again
    });
    events.addEventListener("error", () => status("与预览服务的连接中断，正在重新连接……", true));
    refresh();
  }

  start();
})();
