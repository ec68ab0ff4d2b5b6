// rolemap search, the page wiring: the search box in every page's header.
// The index (data/search.js, a classic script) is loaded the first time the
// box is used, so pages that are only read never fetch it. Results are
// links, shown as the visitor types; arrow keys move between them and
// Escape closes them. Visitor text reaches the page only as textContent.
// The only module syntax is the one-line import below (see checker-page.js).
import { prepare, search } from './search.js';
import { messagesOf, plural } from './messages.js';

const SHOWN = 8;

function wireSearch(form) {
  const input = form.querySelector('input[type="search"]');
  const list = form.querySelector('.site-search-results');
  const status = form.querySelector('[role="status"]');
  const say = messagesOf(form);
  let index = null;
  let loading = null;

  // Loads data/search.js once; resolves to the prepared index.
  function load() {
    if (!loading) {
      loading = new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = form.dataset.index;
        script.onload = () => {
          try {
            resolve((index = prepare(globalThis.rolemapSearchData)));
          } catch (error) {
            reject(error);
          }
        };
        script.onerror = reject;
        document.head.append(script);
      });
      loading.catch(() => {
        status.textContent = say('msgUnavailable');
      });
    }
    return loading;
  }

  function show() {
    const query = input.value;
    if (!/\S/.test(query)) return close();
    if (!index) {
      status.textContent = say('msgLoading');
      load().then(show, () => {});
      return;
    }
    const found = search(index, query, SHOWN);
    list.replaceChildren(...found.results.map(resultItem));
    list.hidden = !found.results.length;
    status.textContent = found.total
      ? plural(say, 'msgFound', found.total, { shown: found.results.length })
      : say('msgNone', { query: query.trim() });
  }

  function resultItem(result) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = form.dataset.rolePage.replace('{slug}', result.slug);
    const title = document.createElement('span');
    title.className = 'site-search-title';
    title.textContent = result.title;
    const detail = document.createElement('span');
    detail.className = 'site-search-detail';
    detail.textContent = [result.category, result.skill && say('msgSkill', { skill: result.skill })].filter(Boolean).join(' \u00b7 ');
    link.append(title, detail);
    item.append(link);
    return item;
  }

  function close() {
    list.hidden = true;
    list.replaceChildren();
    status.textContent = '';
  }

  // Moves focus `step` results on from the focused one (the box is before the first).
  function move(step) {
    const links = Array.from(list.querySelectorAll('a'));
    if (list.hidden || !links.length) return;
    const at = links.indexOf(document.activeElement);
    const next = at + step;
    if (next < 0) input.focus();
    else links[Math.min(next, links.length - 1)].focus();
  }

  input.addEventListener('focus', () => load().catch(() => {}), { once: true });
  input.addEventListener('input', show);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const first = list.querySelector('a');
    if (first) location.href = first.href;
  });
  form.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') move(1);
    else if (event.key === 'ArrowUp') move(-1);
    else if (event.key === 'Escape') {
      input.value = '';
      close();
      input.focus();
    } else return;
    event.preventDefault();
  });
  form.addEventListener('focusout', (event) => {
    if (!form.contains(event.relatedTarget)) list.hidden = true;
  });
  form.addEventListener('focusin', () => {
    if (list.children.length) list.hidden = false;
  });
}

function boot() {
  for (const form of document.querySelectorAll('form.site-search')) wireSearch(form);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
