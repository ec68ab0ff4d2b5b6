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
    (table[name] || name).replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

/** A message's name from a prefix and a hyphenated code: ('why', 'not-json') is whyNotJson. */
export function messageName(prefix, code) {
  return prefix + String(code).replace(/(^|-)(.)/g, (whole, dash, c) => c.toUpperCase());
}
