// Times checker.js's rank(): a 1,000-word CV against every role of a site.
//
//   node benches/checker.mjs CHECKER_DATA [CV_OUT]
//
// CHECKER_DATA is a built site's data/checker.js, e.g. of 1,000 synthetic roles:
//   cargo run --release --example synth -- 1000 /tmp/s1k
//   target/release/rolemap build --root /tmp/s1k
//   node benches/checker.mjs /tmp/s1k/dist/data/checker.js
// The CV is built deterministically from the data's own terms and filler
// words with the same generator as examples/fit_bench.rs, so both benchmarks
// time the same text (CV_OUT writes it, to compare with fit_bench's).
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { rank, unpack } from '../themes/default/static/checker.js';

const FILLER = ['led', 'a', 'team', 'of', 'engineers', 'delivering', 'reliable', 'services', 'for', 'customers', 'and',
  'improved', 'performance', 'by', 'working', 'closely', 'with', 'product', 'managers', 'on', 'the', 'roadmap', 'not',
  'only', 'but', 'also', 'mentoring', 'junior', 'colleagues', 'in', 'daily', 'reviews.'];
const WHITE_SPACE = /[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const RUNS = 31;

function cv(data, words) {
  const terms = data.roles.flatMap((r) => r.skills.flatMap((s) => s.phrases.map((p) => data.phrases[p].term)));
  let state = 7n;
  const next = () => {
    state = (state * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    return Number(state >> 33n);
  };
  const text = [];
  while (text.length < words) {
    const pick = next() % 8 === 0 && terms.length ? terms[next() % terms.length] : FILLER[next() % FILLER.length];
    text.push(...pick.split(WHITE_SPACE).filter(Boolean));
  }
  return text.slice(0, words).join(' ');
}

const [file, out] = process.argv.slice(2);
if (!file) {
  console.error('usage: node benches/checker.mjs CHECKER_DATA [CV_OUT]');
  process.exit(2);
}
// data/checker.js is one statement assigning the data's JSON (docs/checker.md, section 11).
const PREFIX = 'globalThis.rolemapCheckerData=';
const script = readFileSync(file, 'utf8');
if (!script.startsWith(PREFIX)) throw new Error(file + ' is not a data/checker.js');
const data = unpack(JSON.parse(script.slice(PREFIX.length).replace(/;\n$/, '')));
const text = cv(data, 1000);
if (out) writeFileSync(out, text);
for (let i = 0; i < 5; i++) rank(text, data); // warm up the JIT
const times = [];
for (let i = 0; i < RUNS; i++) {
  const started = performance.now();
  rank(text, data);
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
const ms = (t) => t.toFixed(2);
console.log(
  `rank: 1,000-word CV against ${data.roles.length} roles: median ${ms(times[RUNS >> 1])} ms ` +
    `(min ${ms(times[0])}, max ${ms(times[RUNS - 1])}, ${RUNS} runs, node ${process.version})`,
);
