// Small DOM helpers shared by the views: element building, keyed list updates, text with links and
// mentions, dates, and the confirmation dialog. All user text is set as text, never as HTML.

export const $ = (id) => document.getElementById(id);

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/**
 * Makes `parent`'s children match `rows` ({key, sig, render}) touching only what changed: a row
 * whose key and signature are unchanged keeps its node (its selection, focus and screen reader
 * state), a changed one is rendered again, gone ones are removed, new ones inserted in place.
 */
export function reconcile(parent, rows) {
  const wanted = new Set(rows.map((row) => row.key));
  const existing = new Map();
  for (const node of [...parent.children]) {
    if (wanted.has(node.dataset.key) && !existing.has(node.dataset.key)) existing.set(node.dataset.key, node);
    else node.remove();
  }
  let cursor = parent.firstElementChild;
  for (const row of rows) {
    let node = existing.get(row.key);
    if (node && node.parleySig !== row.sig) {
      if (node === cursor) cursor = cursor.nextElementSibling;
      node.remove();
      node = null;
    }
    if (!node) {
      node = row.render();
      node.dataset.key = row.key;
      node.parleySig = row.sig;
    }
    if (node === cursor) cursor = cursor.nextElementSibling;
    else parent.insertBefore(node, cursor);
  }
}

// ---- text: links and mentions ---------------------------------------------------------------
const TOKENS = /(https?:\/\/[^\s<>"']+)|(^|[^\w@])@([a-z0-9_.]{3,32})/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;

/**
 * Message text as nodes: http(s) links become links that open in a new tab without giving it this
 * page, `@username` becomes a highlighted mention; everything else stays text.
 */
export function richText(text, myUsername) {
  const out = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(TOKENS)) {
    let start = match.index;
    let token;
    let node;
    if (match[1]) {
      token = match[1].replace(TRAILING, '');
      const href = safeHref(token);
      if (!href) continue;
      node = el('a', { href, target: '_blank', rel: 'noopener noreferrer', text: token });
    } else {
      start += match[2].length;
      token = '@' + match[3].replace(/\.+$/, '');
      const me = myUsername && token.slice(1).toLowerCase() === myUsername;
      node = el('span', { class: me ? 'mention me' : 'mention', text: token });
    }
    if (start > last) out.append(text.slice(last, start));
    out.append(node);
    last = start + token.length;
  }
  if (last < text.length) out.append(text.slice(last));
  return out;
}

function safeHref(candidate) {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch (e) {
    return null;
  }
}

export function mentions(text, username) {
  if (!text || !username) return false;
  for (const match of text.matchAll(TOKENS)) {
    if (match[3] && match[3].replace(/\.+$/, '').toLowerCase() === username) return true;
  }
  return false;
}

// ---- names and dates ------------------------------------------------------------------------
export function nameOf(user) {
  return (user && (user.displayName || user.username)) || 'someone';
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
}

export function fullDate(iso) {
  return iso ? new Date(iso).toLocaleString([], { dateStyle: 'full', timeStyle: 'short' }) : '';
}

export function dayKey(iso) {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/** "Today", "Yesterday", or the date (with the year when it is not this year). */
export function dayLabel(iso) {
  const d = new Date(iso);
  const today = new Date();
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  if (dayKey(d) === dayKey(today)) return 'Today';
  if (dayKey(d) === dayKey(yesterday)) return 'Yesterday';
  const options = { weekday: 'long', day: 'numeric', month: 'long' };
  if (d.getFullYear() !== today.getFullYear()) options.year = 'numeric';
  return d.toLocaleDateString([], options);
}

export function lastSeen(iso) {
  if (!iso) return 'offline';
  const label = dayLabel(iso);
  const day = label === 'Today' || label === 'Yesterday' ? label.toLowerCase() : label;
  return `last seen ${day} at ${time(iso)}`;
}

// ---- confirmation -----------------------------------------------------------------------------
/** Asks in the page's own dialog (keyboard and screen reader friendly); resolves true on confirm. */
export function confirmAction(question, action = 'Confirm') {
  const dialog = $('confirm');
  $('confirm-text').textContent = question;
  $('confirm-ok').textContent = action;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
    $('confirm-cancel').focus();
  });
}
