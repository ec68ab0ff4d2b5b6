// Runs the shared checker vectors against checker.js. Started by
// tests/checker_vectors.rs, which compiles each vector with the Rust side and
// passes the cases (text, the data packed as data/checker.js carries it,
// Rust's rank() and score() output, the vector's expectations) in the file
// named by ROLEMAP_PARITY_CASES.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { score, rank, unpack } from '../../themes/default/static/checker.js';

const cases = JSON.parse(readFileSync(process.env.ROLEMAP_PARITY_CASES, 'utf8'));

for (const c of cases) {
  test(c.name, () => {
    const data = unpack(c.data);
    const ranked = rank(c.text, data);
    const rust = JSON.parse(c.rust);
    assert.deepStrictEqual(ranked, rust, 'rank() differs from the Rust implementation');
    assert.equal(JSON.stringify(ranked), c.rust, 'same values, different key order');
    const one = score(c.text, data);
    assert.equal(JSON.stringify(one), c.rust_one, 'score() differs from the Rust implementation');
    if (c.expect.order) assert.deepStrictEqual(ranked.map((r) => r.slug), c.expect.order, 'rank order');
    assert.deepStrictEqual(one.met.map((m) => m.id), c.expect.met, 'met skills');
    assert.deepStrictEqual(one.negated.map((n) => n.id), c.expect.negated, 'negated skills');
    assert.equal(one.score, c.expect.score, 'score');
  });
}
