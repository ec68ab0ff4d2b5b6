// Times search.js: loading a built site's search index and answering the
// queries a visitor types, letter by letter.
//
//   node benches/search.mjs SEARCH_DATA
//
// SEARCH_DATA is a built site's data/search.js, e.g. of 10,000 synthetic roles:
//   cargo run --release --example synth -- 10000 /tmp/s10k
//   target/release/rolemap build --root /tmp/s10k
//   node benches/search.mjs /tmp/s10k/dist/data/search.js
// Prints the index's size (raw and gzipped), the time to prepare it, and
// per query the median of 31 runs of every prefix as typed ("k", "ku", …):
// the slowest prefix is what a visitor waits for after a keystroke.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { prepare, search } from '../themes/default/static/search.js';

const RUNS = 31;
const QUERIES = ['kubernetes', 'data engineer', 'python developer', 'security', 'zzz'];

const median = (values) => values.slice().sort((a, b) => a - b)[values.length >> 1];

const file = process.argv[2];
if (!file) throw new Error('usage: node benches/search.mjs SEARCH_DATA');
const script = readFileSync(file);
const data = JSON.parse(script.toString('utf8').slice(script.indexOf('=') + 1).replace(/;\n$/, ''));
const started = performance.now();
const index = prepare(data);
const prepared = performance.now() - started;
console.log(`${data.roles.length} roles: ${(script.length / 1e6).toFixed(2)} MB, ${(gzipSync(script, { level: 9 }).length / 1e6).toFixed(2)} MB gzipped; prepared in ${prepared.toFixed(1)} ms`);
for (const query of QUERIES) {
  const prefixes = Array.from(query, (_, i) => query.slice(0, i + 1)).filter((q) => q.trim());
  let total = 0;
  const slowest = prefixes.map((prefix) => {
    const times = [];
    for (let run = 0; run < RUNS; run++) {
      const t = performance.now();
      total = search(index, prefix).total;
      times.push(performance.now() - t);
    }
    return median(times);
  });
  console.log(`${JSON.stringify(query)}: ${total} roles; slowest keystroke ${Math.max(...slowest).toFixed(1)} ms (median of ${RUNS}), last ${slowest.at(-1).toFixed(1)} ms`);
}
