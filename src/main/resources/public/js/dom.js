/**
 * Element building without HTML parsing. Every string that reaches the page goes through
 * textContent or setAttribute, never innerHTML: entity names come from vCenter and can be
 * anything, including markup such as `<img src=x onerror=...>`.
 */

/**
 * Creates an element.
 *
 * @param {string} tag
 * @param {object} [props] className, text, title, href, hidden, attrs {name: value},
 *     dataset {key: value}, on {event: handler}
 * @param {...(Node|string|number|null|undefined|Array)} children strings become text nodes;
 *     null and undefined are skipped so callers can write `cond && el(...)`
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    switch (key) {
      case 'className': node.className = value; break;
      case 'text': node.textContent = String(value); break;
      case 'attrs': for (const [a, v] of Object.entries(value)) if (v !== null && v !== undefined) node.setAttribute(a, String(v)); break;
      case 'dataset': Object.assign(node.dataset, value); break;
      case 'on': for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn); break;
      case 'hidden': node.hidden = Boolean(value); break;
      default: node.setAttribute(key, String(value));
    }
  }
  append(node, children);
  return node;
}

/** Appends nodes and strings (as text) to a parent, flattening arrays. */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces all children of a node. */
export function replaceChildren(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

const SVG = 'http://www.w3.org/2000/svg';

/** Creates an SVG element; attributes are set one by one, so nothing is parsed as markup. */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [a, v] of Object.entries(attrs)) node.setAttribute(a, String(v));
  for (const child of children) if (child) node.append(child);
  return node;
}

/**
 * A labelled select of a page's question (Top-N, Events): its options as [value, text] pairs;
 * onChange gets { [name]: the value chosen }.
 */
export function questionSelect(name, labelText, options, value, onChange) {
  const s = el('select', { attrs: { name, id: `q-${name}` } },
    options.map(([v, text]) => el('option', { attrs: { value: v }, text })));
  s.value = value;
  s.addEventListener('change', () => onChange({ [name]: s.value }));
  return el('label', { attrs: { for: `q-${name}` } }, el('span', { text: labelText }), s);
}
