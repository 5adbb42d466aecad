// The search page: runs the query in the reader's browser against the Pagefind index that
// `mieruka build` writes. The query is kept in the address (?q=…), so results can be linked.
(() => {
  const script = document.currentScript;
  const form = document.querySelector("form[role=search]");
  const input = document.getElementById("search-input");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  if (!script || !form || !input || !status || !list) return;

  const indexUrl = new URL(script.dataset.index, location.href);
  // Result URLs in the index start at the site's root, wherever the site is published.
  const rootPath = new URL(script.dataset.root || "./", location.href).pathname;
  const shownAtMost = 50;
  let pagefind = null;

  // The index is in shards (shards.json lists their folders): the first one's script searches
  // them all once the others are merged into it.
  async function load() {
    if (!pagefind) {
      const shards = await (await fetch(new URL("shards.json", indexUrl))).json();
      const [first, ...others] = shards.map((shard) => new URL(shard, indexUrl).href);
      if (!first) return { search: async () => ({ results: [] }) };
      const loaded = await import(new URL("pagefind.js", first).href);
      await loaded.options({ baseUrl: rootPath });
      for (const other of others) {
        await loaded.mergeIndex(other, { baseUrl: rootPath });
      }
      pagefind = loaded;
    }
    return pagefind;
  }

  // The excerpt as nodes: its text, with Pagefind's <mark> around the words found. Parsed
  // inertly and rebuilt, so nothing else in it can reach the page.
  function excerpt(html) {
    const parsed = new DOMParser().parseFromString(html, "text/html");
    const p = document.createElement("p");
    p.className = "result-excerpt";
    for (const node of parsed.body.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.append(mark);
      } else {
        p.append(node.textContent);
      }
    }
    return p;
  }

  function result(data) {
    const item = document.createElement("li");
    const title = document.createElement("p");
    title.className = "result-title";
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    title.append(link);
    item.append(title);
    if (data.meta.plan) {
      const plan = document.createElement("p");
      plan.className = "result-plan";
      plan.textContent = data.meta.plan;
      item.append(plan);
    }
    item.append(excerpt(data.excerpt || ""));
    return item;
  }

  async function run(query) {
    list.replaceChildren();
    if (!query.trim()) {
      status.textContent = "検索する言葉を入力してください。";
      return;
    }
    status.textContent = "検索しています…";
    try {
      const search = await (await load()).search(query);
      const found = search.results.length;
      const shown = await Promise.all(search.results.slice(0, shownAtMost).map((r) => r.data()));
      list.append(...shown.map(result));
      status.textContent =
        `「${query}」の検索結果：${found}件` +
        (found > shownAtMost ? `（上位${shownAtMost}件を表示しています）` : "");
    } catch (error) {
      status.textContent = "検索できませんでした。時間をおいて、もう一度お試しください。";
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    run(input.value);
  });
  const initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
