// rolemap interface text, shared by the page scripts. A page's messages are
// data-* attributes of one element, written by the theme's templates (so a
// theme can reword or translate them), with {name} placeholders.

/**
 * The messages of `element`: a function from a message's name (its data-*
 * attribute camel-cased: data-msg-found-one is msgFoundOne) and the values
 * of its placeholders to its text. An unknown name stands for itself.
 */
export function messagesOf(element) {
  const table = (element && element.dataset) || {};
  return (name, values = {}) =>
    (table[name] || name).replace(/\{(\w+)\}/g, (whole, key) => (key in values ? shown(values[key]) : whole));
}

// The page's language (<html lang>), which the messages are in.
function language() {
  return (typeof document !== 'undefined' && document.documentElement && document.documentElement.lang) || 'en';
}

/** A number as the page's language writes it (1,234 or 1.234). */
export function formatNumber(n) {
  try {
    return new Intl.NumberFormat(language()).format(n);
  } catch (e) {
    return String(n);
  }
}

// A placeholder's value as shown: numbers in the page's language.
function shown(value) {
  return typeof value === 'number' ? formatNumber(value) : String(value);
}

/**
 * A message that depends on a count `n`, through `say` (from messagesOf): its
 * -one form (name + 'One') when the page's language says "one" of `n`, else
 * its -many form, with {n} and `values` filled in.
 */
export function plural(say, name, n, values = {}) {
  let one = n === 1;
  try {
    one = new Intl.PluralRules(language()).select(n) === 'one';
  } catch (e) {
    /* no Intl: English's rule */
  }
  return say(name + (one ? 'One' : 'Many'), Object.assign({ n }, values));
}

/** A message's name from a prefix and a hyphenated code: ('why', 'not-json') is whyNotJson. */
export function messageName(prefix, code) {
  return prefix + String(code).replace(/(^|-)(.)/g, (whole, dash, c) => c.toUpperCase());
}
