/* The home page's search box: a combobox over a listbox of results (the WAI-ARIA pattern),
 * answered by GlossarySearch.find as the reader types; arrows move, Enter opens. */
"use strict";
(function () {
  const input = document.getElementById("q");
  const list = document.getElementById("results");
  const status = document.getElementById("status");
  if (!input || !list || !status) return;
  const HOW = ["exact", "folded", "recorded", "peeled", "stemmed", "name_part"];
  const SAYS = {
    exact: "exact", folded: "ignoring case and accents", recorded: "recorded form",
    peeled: "after an article or preposition", stemmed: "inflected form", name_part: "part of a name",
  };
  let asked = 0, active = -1;

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function option(n, item, kind) {
    const li = element("li", { role: "option", id: "r-" + n, "aria-selected": "false", "data-concept": item.id, "data-kind": kind });
    const link = element("a", { href: "c/" + item.id + ".html", tabindex: "-1" });
    link.appendChild(element("span", { lang: item.lang, class: "form" }, item.form));
    if (kind === "hit" && item.labels) {
      const [it, en] = item.labels;
      const pair = element("span", { class: "pair" });
      pair.appendChild(element("span", { lang: "it" }, it));
      pair.appendChild(document.createTextNode(" · "));
      pair.appendChild(element("span", { lang: "en" }, en));
      link.appendChild(pair);
    }
    const how = kind === "hit" ? SAYS[HOW[item.rank]] : "similarity " + item.score + "% · entry " + item.id;
    link.appendChild(element("span", { class: "how" }, item.lang + " · " + how));
    li.appendChild(link);
    return li;
  }

  function show(query, found, took) {
    list.replaceChildren();
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (!found) {
      status.textContent = query.trim() ? "Type a word or phrase with letters or digits." : "";
    } else if (found.hits.length) {
      status.textContent = found.hits.length === 1 ? "1 entry" : found.hits.length + " entries";
      found.hits.forEach((hit, n) => list.appendChild(option(n, hit, "hit")));
    } else if (found.suggestions.length) {
      status.textContent = "No entry for \u2018" + query + "\u2019. Suggestions (not matches):";
      found.suggestions.forEach((s, n) => list.appendChild(option(n, s, "suggestion")));
    } else {
      status.textContent = "No entry for \u2018" + query + "\u2019.";
    }
    input.setAttribute("aria-expanded", list.children.length ? "true" : "false");
    list.dataset.query = query;
    list.dataset.ms = took.toFixed(2);
  }

  async function search() {
    const query = input.value;
    const mine = ++asked;
    const start = performance.now();
    await window.GlossarySearch.started;
    let found;
    try {
      found = await window.GlossarySearch.find(query);
    } catch (error) {
      if (mine === asked) status.textContent = "The search index could not be read: " + error.message;
      return;
    }
    if (mine === asked) show(query, found, performance.now() - start);
  }

  function move(step) {
    const count = list.children.length;
    if (!count) return;
    if (active >= 0) list.children[active].setAttribute("aria-selected", "false");
    active = (active + step + count) % count;
    const chosen = list.children[active];
    chosen.setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", chosen.id);
    chosen.scrollIntoView({ block: "nearest" });
  }

  input.addEventListener("input", search);
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") { move(1); event.preventDefault(); }
    else if (event.key === "ArrowUp") { move(-1); event.preventDefault(); }
    else if (event.key === "Enter") {
      const chosen = list.children[active >= 0 ? active : 0];
      if (chosen) { window.location.href = chosen.querySelector("a").href; event.preventDefault(); }
    } else if (event.key === "Escape") { input.value = ""; search(); }
  });
  const given = new URLSearchParams(window.location.search).get("q");
  if (given) { input.value = given; }
  if (input.value) search();
})();
