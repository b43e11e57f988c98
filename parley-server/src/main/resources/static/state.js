// What the views share: the client, the chat list kept live, presence, and this browser's
// preferences (drafts, muted chats, theme, notifications, sound), kept per user in localStorage.
import { Parley } from './parley.js';

export const parley = new Parley();
window.parley = parley; // for the browser tests and for curious developers

export const state = {
  chats: new Map(), // id -> chat list item (REST shape), kept live
  order: [], // chat ids, newest activity first
  chatId: null, // the chat on screen
  presence: new Map(), // userId -> {online, lastSeenAt}
  users: new Map(), // userId -> {id, username, displayName}, everyone seen so far (for names)
};

export function remember(user) {
  if (user && user.id) state.users.set(user.id, { ...state.users.get(user.id), ...user });
}

export function forgetChat(chatId) {
  state.chats.delete(chatId);
  state.order = state.order.filter((id) => id !== chatId);
}

// ---- preferences ----------------------------------------------------------------------------
function key(name) {
  return `parley.${name}.${parley.user ? parley.user.id : 'anon'}`;
}

function read(name, fallback) {
  try {
    const value = JSON.parse(localStorage.getItem(key(name)));
    return value === null ? fallback : value;
  } catch (e) {
    return fallback;
  }
}

function write(name, value) {
  localStorage.setItem(key(name), JSON.stringify(value));
}

export const prefs = {
  draft(chatId) { return read('drafts', {})[chatId] || ''; },
  setDraft(chatId, text) {
    const drafts = read('drafts', {});
    if (text) drafts[chatId] = text; else delete drafts[chatId];
    write('drafts', drafts);
  },
  muted(chatId) { return read('muted', []).includes(chatId); },
  setMuted(chatId, muted) {
    const list = read('muted', []).filter((id) => id !== chatId);
    if (muted) list.push(chatId);
    write('muted', list);
  },
  get sound() { return read('sound', false); },
  set sound(on) { write('sound', on); },
  get notify() { return read('notify', true); },
  set notify(on) { write('notify', on); },
  /** Forgets this user's drafts and settings on this browser (logging out). */
  clear() {
    for (const name of ['drafts', 'muted', 'sound', 'notify']) localStorage.removeItem(key(name));
  },
};

/** The theme is the browser's, not the user's: 'system', 'light' or 'dark'. */
export const theme = {
  get() { return localStorage.getItem('parley.theme') || 'system'; },
  set(value) {
    localStorage.setItem('parley.theme', value);
    theme.apply();
  },
  apply() {
    const value = theme.get();
    if (value === 'system') document.documentElement.removeAttribute('data-theme');
    else document.documentElement.dataset.theme = value;
  },
};
