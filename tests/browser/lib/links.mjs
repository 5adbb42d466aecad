// Check "links": every internal href/src/srcset of every generated page, as served at `base`,
// must answer HTTP 200, and a #fragment must be an id in the page it points into.
import { parse } from 'parse5';
import { htmlFiles, pool, show } from './common.mjs';

// Which attributes of which elements hold URLs (SVG's xlink:href is parsed as href).
const URL_ATTRS = {
  a: ['href'], area: ['href'], link: ['href'], use: ['href'], image: ['href'], form: ['action'],
  script: ['src'], iframe: ['src'], embed: ['src'], audio: ['src'], track: ['src'], input: ['src'],
  img: ['src', 'srcset'], source: ['src', 'srcset'], video: ['src', 'poster'], object: ['data'],
};
const CONCURRENCY = 8;

export async function checkLinks(site, base, check) {
  const pages = htmlFiles(site).map((p) => new URL(p, base).href);
  const fetched = new Map(); // URL without fragment -> { status, ids, links }

  // Every page first, then every link target not already fetched, each URL once.
  await pool(pages, CONCURRENCY, async (url) => fetched.set(url, await get(url)));
  const targets = new Map(); // URL without fragment -> [{ from, value, fragment }]
  for (const from of pages) {
    const { status, links } = fetched.get(from);
    if (status !== 200) continue; // reported below as a broken target only if something links to it
    check.checked++;
    for (const { value, url } of links) {
      if (!url) check.fail(`${show(from, base)}: ${value} is not a valid URL`);
      if (!url || !isInternal(url)) continue;
      const target = url.href.split('#')[0];
      if (!targets.has(target)) targets.set(target, []);
      targets.get(target).push({ from, value, fragment: url.hash.slice(1) });
    }
  }
  const unseen = [...targets.keys()].filter((t) => !fetched.has(t));
  await pool(unseen, CONCURRENCY, async (url) => fetched.set(url, await get(url)));

  const notGenerated = pages.filter((p) => fetched.get(p).status !== 200);
  for (const p of notGenerated) check.fail(`${show(p, base)}: a generated file answered HTTP ${fetched.get(p).status}`);

  for (const [target, refs] of targets) {
    const { status, ids } = fetched.get(target);
    if (status !== 200) {
      const byPage = new Map(refs.map((r) => [r.from, r.value])); // one example per page
      const examples = [...byPage].slice(0, 3).map(([from, value]) => `${show(from, base)} (${value})`).join(', ');
      check.fail(`HTTP ${status} ${show(target, base)} <- linked from ${byPage.size} page(s), e.g. ${examples}`);
      continue;
    }
    if (!ids) continue; // not HTML: a fragment can't be checked
    const missing = new Map(); // fragment -> first referring page
    for (const r of refs) {
      let id = r.fragment;
      try { id = decodeURIComponent(id); } catch { /* keep it as written */ }
      if (id && id !== 'top' && !ids.has(id) && !missing.has(id)) missing.set(id, r);
    }
    for (const [id, r] of missing) {
      check.fail(`no id="${id}" in ${show(target, base)} <- ${show(r.from, base)} (${r.value})`);
    }
  }
  check.note(`${pages.length} pages, ${targets.size} distinct internal URLs followed`);
}

// 127.0.0.1 (any port) and localhost are ours; mailto:, tel:, data: and other hosts are not.
function isInternal(url) {
  return (url.protocol === 'http:' || url.protocol === 'https:') &&
    (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
}

async function get(url) {
  try {
    const response = await fetch(url);
    const type = response.headers.get('content-type') ?? '';
    if (response.status !== 200 || !type.startsWith('text/html')) {
      await response.body?.cancel();
      return { status: response.status, ids: null, links: [] };
    }
    return { status: 200, ...readHtml(await response.text(), url) };
  } catch (error) {
    return { status: `error (${error.cause?.code ?? error.message})`, ids: null, links: [] };
  }
}

// The ids (and a[name]) of a page, and its URLs resolved against <base href> or the page.
function readHtml(html, pageUrl) {
  const ids = new Set();
  const raw = [];
  let base = pageUrl;
  const walk = (node) => {
    const attrs = node.attrs ?? [];
    const attr = (name) => attrs.find((a) => a.name === name)?.value;
    if (attr('id')) ids.add(attr('id'));
    if (node.tagName === 'a' && attr('name')) ids.add(attr('name'));
    if (node.tagName === 'base' && attr('href')) base = new URL(attr('href'), pageUrl).href;
    for (const name of URL_ATTRS[node.tagName] ?? []) {
      const value = attr(name);
      if (value === undefined) continue;
      const values = name === 'srcset' ? value.split(',').map((c) => c.trim().split(/\s+/)[0]) : [value];
      for (const v of values) if (v.trim() !== '') raw.push({ value: `${name}="${v}"`, href: v.trim() });
    }
    for (const child of node.childNodes ?? []) walk(child);
    if (node.content) walk(node.content); // <template>
  };
  walk(parse(html));
  const links = [];
  for (const { value, href } of raw) {
    try {
      links.push({ value, url: new URL(href, base) });
    } catch {
      links.push({ value, url: null }); // not a URL at all
    }
  }
  return { ids, links };
}
