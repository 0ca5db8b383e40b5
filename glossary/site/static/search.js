/* Search as you type: the steps of `glossary lookup` (glossary/lookup.py, find) over the
 * tables the build writes from the library's own forms (glossary/site/searchindex.py).
 * Every rule (what folds to what, which words are peeled, which forms a string names) is in
 * the data; this file holds only the steps. The tables come in parts, each a script that
 * calls GlossarySearch.add: a page opened from a folder may load scripts, not fetch files. */
"use strict";
(function () {
  const RANK = { exact: 0, folded: 1, recorded: 2, peeled: 3, stemmed: 4, name_part: 5 };
  const HOW = ["exact", "folded", "recorded", "peeled", "stemmed", "name_part"];
  const KEY = 2, COMPACT = 4, FIRST_STEMMABLE = 8, KEEP = 40, LIMIT = 5;
  const tables = { k: new Map(), n: new Map(), s: new Map() };
  const loading = new Map();
  let manifest = null, token = null, unify = null, available = null;

  function add(kind, name, data) {
    if (kind === "manifest") {
      manifest = data;
      available = { k: new Set(data.keys), n: new Set(data.names), s: new Set(data.spellings) };
      const letter = "(?:(?![\\u02b9\\u02bc])[\\p{L}\\p{N}])";
      token = new RegExp(letter + "+(?:[" + data.marks + "]+" + letter + "*)*", "gu");
      unify = new Map();
      for (const c of data.apostrophes) unify.set(c, "'");
      for (const c of data.dashes) unify.set(c, "-");
      if (ready) ready();
    } else {
      tables[kind].set(name, data);
    }
  }

  let ready = null;
  const started = new Promise((resolve) => { ready = resolve; });

  function part(text, width) {
    return Array.from(text).slice(0, width).map((c) => c.codePointAt(0).toString(16)).join("-");
  }

  /* Load a part once; a part the manifest does not list holds nothing, and is not asked for. */
  function load(kind, name) {
    if (!available[kind].has(name)) return Promise.resolve(null);
    const id = kind + "/" + name;
    if (!loading.has(id)) {
      loading.set(id, new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = "search/" + id + ".js";
        script.onload = () => resolve(tables[kind].get(name));
        script.onerror = () => { loading.delete(id); reject(new Error("cannot load " + id)); };
        document.head.appendChild(script);
      }));
    }
    return loading.get(id);
  }

  /* glossary.text.canonical: apostrophes and dashes unified, NFC, spaces collapsed. */
  function canonical(text) {
    let out = "";
    for (const c of text) out += unify.get(c) || c;
    return out.normalize("NFC").split(/\s+/).filter(Boolean).join(" ");
  }

  /* glossary.text.fold, a character at a time: the glossary's own characters by the table
   * the build wrote from fold(); any other by the same recipe (NFKD, marks out, lower case). */
  function fold(text) {
    if (/^[\x00-\x7f]*$/.test(text)) return text.replace(/`/g, "'").toLowerCase();
    let out = "";
    for (const c of text) {
      const known = manifest.folds[c];
      if (known !== undefined) out += known;
      else out += (unify.get(c) || c).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    }
    return out.normalize("NFC");
  }

  function peel(folded) {
    const out = folded.slice();
    if (out.length > 1 && out[out.length - 1] === "s") out.pop();
    while (out.length > 1 && manifest.peelable.includes(out[0])) out.shift();
    return out;
  }

  async function forms(string) {
    const table = await load("k", part(string, manifest.width));
    const rows = table && Object.prototype.hasOwnProperty.call(table.forms, string) ? table.forms[string] : [];
    return rows.map((row) => ({ row, labels: table.labels, string }));
  }

  /* lookup.find: the key, the compact key, the key of the query written as one word; then
   * with articles and prepositions peeled; best evidence first, one hit a concept. */
  async function find(query) {
    const text = canonical(query);
    const originals = text.match(token) || [];
    if (!originals.length) return null;
    const folded = originals.map(fold);
    const hits = [];
    const addAll = (found, rank) => {
      for (const { row, labels } of found) {
        const [concept, language, lemma, surface] = row;
        const [id, it, en] = labels[concept];
        let grade = rank;
        if (grade === null) grade = !lemma ? RANK.recorded : surface === text ? RANK.exact : RANK.folded;
        hits.push({ id, lang: manifest.languages[language], form: surface, rank: grade, labels: [it, en] });
      }
    };
    const [byKey, byCompact] = await Promise.all([forms(folded.join(" ")), forms(folded.join(""))]);
    addAll(byKey.filter((f) => f.row[5] & KEY), null);
    addAll(byCompact.filter((f) => f.row[5] & COMPACT), RANK.recorded);
    if (folded.length > 1) addAll(byCompact.filter((f) => f.row[5] & KEY && f.row[4] === 1), RANK.recorded);
    if (!hits.length) {
      const peeled = peel(folded);
      if (peeled.length !== folded.length) {
        addAll((await forms(peeled.join(" "))).filter((f) => f.row[5] & KEY), RANK.peeled);
      }
    }
    if (!hits.length) addAll(await inflected(peel(folded)), RANK.stemmed);
    hits.sort((a, b) => a.rank - b.rank);
    const best = new Map();
    for (const hit of hits) if (!best.has(hit.id)) best.set(hit.id, hit);
    if (best.size) return { hits: [...best.values()], suggestions: [] };
    return spellings(folded);
  }

  /* The tokens of forms that lookup's stemmed step takes a token for an inflection of
   * (match.same_word), by language: the build worked them out with the Snowball stemmer. */
  async function variants(token) {
    const table = await load("k", part(token, manifest.width));
    const out = new Map();
    for (const lang of manifest.languages) {
      const found = table && table.variants[lang] && table.variants[lang][token];
      if (found && Object.prototype.hasOwnProperty.call(table.variants[lang], token)) out.set(lang, new Set(found));
    }
    return out;
  }

  /* lookup.find's last step: forms of as many tokens as the peeled query, a language at a
   * time, each token the query's or one it is an inflection of; in the store's order. */
  async function inflected(peeled) {
    const each = await Promise.all(peeled.map(variants));
    const found = [];
    for (const lang of manifest.languages) {
      const same = (i, token) => token === peeled[i] || (each[i].has(lang) && each[i].get(lang).has(token));
      const firsts = [peeled[0], ...(each[0].get(lang) || [])];
      const rows = [];
      for (const first of firsts) {
        for (const f of await forms(first)) {
          const [, code, , , count, roles, , written] = f.row;
          if (!(roles & FIRST_STEMMABLE) || manifest.languages[code] !== lang || count !== peeled.length) continue;
          const key = written === undefined ? f.string : written;
          if (key.split(" ").every((token, i) => same(i, token))) rows.push(f);
        }
      }
      rows.sort((a, b) => a.row[6] - b.row[6]);
      found.push(...rows);
    }
    return found;
  }

  /* lookup._search_spellings: names of which the query is the first or last words; else the
   * closest spellings by rapidfuzz's ratio (the Indel similarity), one per concept. */
  async function spellings(folded) {
    const query = folded.join(" ");
    const words = query.split(" ");
    const parts = folded.some((w) => !manifest.peelable.includes(w) && Array.from(w).length >= 3);
    if (parts) {
      const named = await nameParts(query, words[0], words[words.length - 1]);
      if (named.length) return { hits: named, suggestions: [] };
    }
    const names = manifest.spellAll ? ["all"] : [part(query, manifest.width - 1)];
    const groups = (await Promise.all(names.map((name) => load("s", name)))).filter(Boolean);
    const q = Array.from(query);
    const scored = [];
    for (const group of groups) {
      for (const lang of manifest.languages) {
        for (const [key, id, term] of group[lang]) {
          const score = ratio(q, Array.from(key));
          if (score >= manifest.cutoff) scored.push([-score, Math.abs(Array.from(key).length - q.length), id, lang, term]);
        }
      }
    }
    scored.sort(compareTuples);
    const out = new Map();
    for (const [negative, , id, lang, term] of scored.slice(0, KEEP)) {
      if (!out.has(id)) out.set(id, { id, lang, form: term, score: Math.round(-negative * 10) / 10 });
      if (out.size === LIMIT) break;
    }
    return { hits: [], suggestions: [...out.values()] };
  }

  async function nameParts(query, first, last) {
    const head = query + " ", tail = " " + query;
    const seen = new Set(), rows = [];
    for (const word of new Set([first, last])) {
      const table = await load("n", part(word, manifest.width));
      if (!table || !Object.prototype.hasOwnProperty.call(table, word)) continue;
      for (const row of table[word]) {
        const mark = row[3] + ":" + row[4];
        if (!seen.has(mark) && (row[0].startsWith(head) || row[0].endsWith(tail))) { seen.add(mark); rows.push(row); }
      }
    }
    rows.sort((a, b) => a[3] - b[3] || a[4] - b[4]);
    const named = new Map();
    for (const [, id, term, language] of rows) {
      const lang = manifest.languages[language];
      if (!named.has(id)) named.set(id, { id, lang, form: term, rank: RANK.name_part, length: Array.from(term).length });
    }
    return [...named.values()].sort((a, b) => a.length - b.length);
  }

  function compareTuples(a, b) {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
  }

  /* rapidfuzz fuzz.ratio: 100 * (1 - indel distance / total length), by the same arithmetic. */
  function ratio(a, b) {
    const total = a.length + b.length;
    if (!total) return 100;
    let previous = new Uint16Array(b.length + 1), current = new Uint16Array(b.length + 1);
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        current[j] = a[i - 1] === b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
      }
      [previous, current] = [current, previous];
    }
    const distance = total - 2 * previous[b.length];
    return (1 - distance / total) * 100;
  }

  window.GlossarySearch = { add, find, started };
})();
