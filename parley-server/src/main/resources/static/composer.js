// The composer: a draft per chat (kept across reloads), replies and edits, a character count that
// refuses a too-long message before it is sent (keeping the text), @mention completion from the
// chat's members, and a box that grows with multi-line text.
import { view, showPresent, scrollToBottom } from './conversation.js';
import { $, el, nameOf } from './dom.js';
import { parley, prefs, state } from './state.js';
import * as uploads from './uploads.js';

const text = $('text');
const compose = { replyTo: null, editing: null, draftBeforeEdit: '', lastTypingSent: 0, mention: null };

const length = (value) => [...value.trim()].length; // code points, as the server counts

export function focus() {
  text.focus();
}

/** Entering a chat: its own draft comes back, replies and edits of the last chat are dropped. */
export function enter(chatId) {
  uploads.clear();
  compose.replyTo = null;
  compose.editing = null;
  $('reply-preview').hidden = true;
  closeMentions();
  text.value = prefs.draft(chatId);
  $('compose-error').textContent = '';
  changed();
}

/** Leaving a chat: what was typed there stays there. */
export function leave(chatId) {
  uploads.clear(); // files on their way there stop (what finished is swept, unsent, in time)
  prefs.setDraft(chatId, compose.editing ? compose.draftBeforeEdit : text.value);
}

/** A refused message's text, back in the composer to be fixed. */
export function putBack(value) {
  text.value = value;
  changed();
  text.focus();
}

uploads.reportTo((message) => say(message));

export function say(message) {
  $('compose-error').textContent = message;
  setTimeout(() => { if ($('compose-error').textContent === message) $('compose-error').textContent = ''; }, 6000);
}

function changed() {
  text.style.height = 'auto';
  if (text.scrollHeight > 0) text.style.height = Math.min(text.scrollHeight + 2, 160) + 'px'; // 0 while hidden
  const n = length(text.value);
  const max = parley.maxTextLength;
  const counter = $('counter');
  counter.hidden = n < max * 0.8;
  counter.textContent = `${n.toLocaleString()} / ${max.toLocaleString()}`;
  counter.classList.toggle('over', n > max);
  if (n <= max && $('compose-error').dataset.kind === 'length') {
    $('compose-error').textContent = '';
    delete $('compose-error').dataset.kind;
  }
}

text.addEventListener('input', () => {
  changed();
  if (!state.chatId) return;
  if (!compose.editing) prefs.setDraft(state.chatId, text.value);
  const now = Date.now();
  if (now - compose.lastTypingSent > 2000 && text.value.trim()) {
    compose.lastTypingSent = now;
    parley.typing(state.chatId);
  }
  suggestMentions();
});

text.addEventListener('keydown', (event) => {
  if (compose.mention && mentionKey(event)) return;
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $('composer').requestSubmit();
  } else if (event.key === 'Escape') {
    cancelReplyOrEdit();
  }
});

$('reply-cancel').addEventListener('click', () => { cancelReplyOrEdit(); text.focus(); });

function cancelReplyOrEdit() {
  if (compose.editing) {
    text.value = compose.draftBeforeEdit;
    changed();
  }
  compose.replyTo = null;
  compose.editing = null;
  $('reply-preview').hidden = true;
}

export function startReply(m) {
  if (compose.editing) cancelReplyOrEdit();
  compose.replyTo = m;
  $('reply-text').textContent = `Replying to ${nameOf(m.author)}: ${m.text}`;
  $('reply-preview').hidden = false;
  text.focus();
}

export function startEdit(m) {
  if (!compose.editing) compose.draftBeforeEdit = text.value;
  compose.replyTo = null;
  compose.editing = m;
  $('reply-text').textContent = 'Editing your message (Esc cancels)';
  $('reply-preview').hidden = false;
  text.value = m.text;
  changed();
  text.focus();
}

$('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const value = text.value.trim();
  if (!state.chatId) return;
  const withFiles = compose.editing ? (compose.editing.attachments || []).length > 0 : uploads.count() > 0;
  if (!value && !withFiles) return;
  if (!compose.editing && uploads.busy()) {
    say('Wait until the files are uploaded, or remove them.');
    return;
  }
  const n = length(value);
  if (n > parley.maxTextLength) {
    say(`This message is ${n.toLocaleString()} characters long; the limit is ${parley.maxTextLength.toLocaleString()}. Shorten it to send it.`);
    $('compose-error').dataset.kind = 'length';
    return;
  }
  $('compose-error').textContent = '';
  if (compose.editing) {
    const m = compose.editing;
    const draft = compose.draftBeforeEdit;
    compose.editing = null;
    $('reply-preview').hidden = true;
    text.value = draft;
    changed();
    try {
      await parley.command({ type: 'edit', chatId: m.chatId, messageId: m.id, text: value });
    } catch (e) {
      startEdit(m); // the edited text comes back, to try again or cancel
      text.value = value;
      changed();
      say(`Not edited: ${e.message}`);
    }
    return;
  }
  const chatId = state.chatId;
  const replyTo = compose.replyTo ? compose.replyTo.id : null;
  const files = uploads.take();
  parley.send(chatId, value, replyTo, files.ids, files.files); // in the outbox first: whatever happens next, it is not lost
  compose.replyTo = null;
  $('reply-preview').hidden = true;
  text.value = '';
  prefs.setDraft(chatId, '');
  changed();
  if (view.hasNewer) await showPresent().catch(() => {}); // a window in the past: back to the newest
  scrollToBottom();
});

// ---- @mentions ----------------------------------------------------------------------------------
function candidates(prefix) {
  const p = prefix.toLowerCase();
  return [...view.members.values()]
    .map((m) => m.user)
    .filter((u) => u.username && u.id !== parley.user.id)
    .filter((u) => u.username.startsWith(p) || (u.displayName || '').toLowerCase().startsWith(p))
    .slice(0, 6);
}

function suggestMentions() {
  const before = text.value.slice(0, text.selectionStart);
  const match = before.match(/(^|\s)@([a-z0-9_.]*)$/i);
  const found = match ? candidates(match[2]) : [];
  if (!found.length) { closeMentions(); return; }
  compose.mention = { start: before.length - match[2].length - 1, end: before.length, users: found, at: 0 };
  renderMentions();
}

function renderMentions() {
  const { users, at } = compose.mention;
  $('mention-list').replaceChildren(...users.map((u, i) => el('li', {
    role: 'option', id: `mention-${i}`, 'aria-selected': String(i === at), 'data-testid': 'mention-option',
    class: i === at ? 'selected' : null,
    onmousedown: (event) => { event.preventDefault(); choose(i); },
  }, el('span', { dir: 'auto', text: nameOf(u) }), el('span', { class: 'username', text: ` @${u.username}` }))));
  $('mention-list').hidden = false;
  text.setAttribute('aria-expanded', 'true');
  text.setAttribute('aria-activedescendant', `mention-${at}`);
}

function closeMentions() {
  compose.mention = null;
  $('mention-list').hidden = true;
  text.setAttribute('aria-expanded', 'false');
  text.removeAttribute('aria-activedescendant');
}

function mentionKey(event) {
  const m = compose.mention;
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    m.at = (m.at + (event.key === 'ArrowDown' ? 1 : m.users.length - 1)) % m.users.length;
    renderMentions();
  } else if (event.key === 'Enter' || event.key === 'Tab') {
    choose(m.at);
  } else if (event.key === 'Escape') {
    closeMentions();
  } else {
    return false;
  }
  event.preventDefault();
  return true;
}

function choose(i) {
  const { start, end, users } = compose.mention;
  const insert = `@${users[i].username} `;
  text.value = text.value.slice(0, start) + insert + text.value.slice(end);
  const caret = start + insert.length;
  text.setSelectionRange(caret, caret);
  closeMentions();
  changed();
  if (state.chatId) prefs.setDraft(state.chatId, text.value);
  text.focus();
}
