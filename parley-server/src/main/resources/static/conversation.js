// The open chat: a window of its history by seq (the newest page, the page around a search hit or
// the first unread message), paged both ways, live only when the window reaches the present;
// rendered by key so an event touches only its own message. Read cursors, receipts, membership
// lines, day separators, the unread divider and "jump to present" live here too.
import { chatName, renderChatList } from './chats.js';
import * as composer from './composer.js';
import { $, confirmAction, dayKey, dayLabel, el, fullDate, lastSeen, mentions, nameOf, reconcile, richText, time } from './dom.js';
import { avatar } from './feed.js';
import * as members from './members.js';
import { parley, prefs, remember, state } from './state.js';

const PAGE = 50;
const AROUND = 25;

export const view = {
  chatId: null,
  items: [], // stored messages and membership lines of the window, ascending by seq
  hasOlder: false,
  hasNewer: false, // false: the window reaches the present, and live events are appended to it
  loading: 0,
  buffer: [], // live events that came while a page was loading
  highlightSeq: null,
  unreadAfter: null, // the read cursor when the chat was opened: the unread divider goes after it
  newCount: 0, // messages that arrived while the reader was elsewhere in the history
  members: new Map(), // userId -> member ({user, role, readSeq})
  online: new Set(), // userIds online in this chat
  quotes: new Map(), // messageId -> message quoted by a reply but outside the window
  activeKey: null, // the message that holds the actions toolbar and the list's one tab stop
};

const maxSeq = () => view.items.reduce((max, m) => Math.max(max, m.seq), 0);
const minSeq = () => view.items.reduce((min, m) => Math.min(min, m.seq), Infinity);
const keyOf = (m) => (m.clientMsgId ? `c:${m.author.id}:${m.clientMsgId}` : 'm:' + m.id); // ids are only unique per author

// ---- opening and closing -------------------------------------------------------------------
export function closeChat() {
  if (state.chatId) composer.leave(state.chatId);
  state.chatId = null;
  view.chatId = null;
  view.items = [];
  $('chat').hidden = true;
  $('empty').hidden = false;
  $('app').classList.remove('chat-open');
  renderChatList();
}

/** Shows a chat: at its first unread message, at `jumpToSeq` (a search hit), or at the present. */
export async function showChat(chatId, jumpToSeq) {
  const chat = state.chats.get(chatId);
  if (!chat) return false;
  if (state.chatId && state.chatId !== chatId) composer.leave(state.chatId);
  const entering = state.chatId !== chatId;
  state.chatId = chatId;
  Object.assign(view, {
    chatId, items: [], hasOlder: false, hasNewer: false, buffer: [], highlightSeq: jumpToSeq || null,
    unreadAfter: chat.unreadCount > 0 ? chat.readSeq : null, newCount: 0, activeKey: null,
  });
  if (entering) {
    view.members = new Map();
    view.online = new Set();
    view.quotes = new Map();
    $('messages').replaceChildren();
    members.closePanel();
  }
  $('empty').hidden = true;
  $('chat').hidden = false;
  $('app').classList.add('chat-open');
  if (entering) composer.enter(chatId);
  $('chat-title').textContent = chatName(chat);
  renderMute();
  renderSubtitle();
  renderChatList();
  let shown;
  if (jumpToSeq) shown = await load(() => around(chatId, jumpToSeq + 1, AROUND, jumpToSeq, AROUND));
  else if (view.unreadAfter !== null) shown = await load(() => around(chatId, view.unreadAfter + 1, 10, view.unreadAfter, PAGE));
  else shown = await load(() => latest(chatId));
  if (!shown) return true;
  if (jumpToSeq) {
    const hit = $('messages').querySelector(`[data-seq="${jumpToSeq}"]`);
    if (hit) hit.scrollIntoView({ block: 'center' });
  } else if (view.unreadAfter !== null && $('unread-divider')) {
    $('messages').scrollTop = $('unread-divider').offsetTop - $('messages').offsetTop - 40;
  } else {
    scrollToBottom();
  }
  markRead();
  if (entering) {
    composer.focus();
    loadPeople(chatId);
  }
  return true;
}

/** Back to the newest page (a send, or "jump to present", from a window in the past). */
export async function showPresent() {
  if (view.hasNewer) {
    view.highlightSeq = null;
    view.newCount = 0;
    await load(() => latest(view.chatId));
  }
  scrollToBottom();
  markRead();
}

/** Shows the message with this id: in the window already, or the window around it. */
async function showMessage(messageId) {
  const known = view.items.find((m) => m.id === messageId);
  const seq = known ? known.seq : (await parley.get(`/api/v1/chats/${view.chatId}/messages/${messageId}`).catch(() => null))?.seq;
  if (!seq) return;
  if (!known) {
    view.highlightSeq = seq;
    await load(() => around(view.chatId, seq + 1, AROUND, seq, AROUND));
  } else {
    view.highlightSeq = seq;
    render();
  }
  const node = $('messages').querySelector(`[data-seq="${seq}"]`);
  if (node) {
    node.scrollIntoView({ block: 'center' });
    setActive(node.dataset.key, true);
  }
}

async function latest(chatId) {
  const page = await parley.get(`/api/v1/chats/${chatId}/messages?limit=${PAGE}`);
  return { items: page.items.reverse(), hasOlder: page.hasMore, hasNewer: false };
}

/** `back` messages before `before` (exclusive) and `forward` after `after` (exclusive). */
async function around(chatId, before, back, after, forward) {
  const [older, newer] = await Promise.all([
    parley.get(`/api/v1/chats/${chatId}/messages?before=${before}&limit=${back}`),
    parley.get(`/api/v1/chats/${chatId}/messages?after=${after}&limit=${forward}`),
  ]);
  const items = [...older.items.reverse(), ...newer.items.filter((m) => m.seq >= before)];
  return { items, hasOlder: older.hasMore, hasNewer: newer.hasMore };
}

/** Replaces the window with a page; live events that come meanwhile wait and are applied after it. */
async function load(fetch) {
  const chatId = view.chatId;
  view.loading += 1;
  let page;
  try {
    page = await fetch();
  } finally {
    view.loading -= 1;
  }
  if (view.chatId !== chatId) return false;
  view.items = page.items;
  view.hasOlder = page.hasOlder;
  view.hasNewer = page.hasNewer;
  page.items.forEach((m) => remember(m.author));
  drainBuffer();
  render();
  return true;
}

function drainBuffer() {
  if (view.loading) return;
  const buffered = view.buffer;
  view.buffer = [];
  for (const frame of buffered) applyLive(frame, false);
}

async function loadOlder() {
  if (view.loading || !view.hasOlder || !view.items.length) return;
  const chatId = view.chatId;
  const list = $('messages');
  view.loading += 1;
  try {
    const page = await parley.get(`/api/v1/chats/${chatId}/messages?before=${minSeq()}&limit=${PAGE}`);
    if (view.chatId !== chatId) return;
    const height = list.scrollHeight;
    const top = list.scrollTop;
    page.items.forEach((m) => remember(m.author));
    view.items = [...page.items.reverse(), ...view.items];
    view.hasOlder = page.hasMore;
    render();
    list.scrollTop = top + (list.scrollHeight - height); // what the reader was looking at stays in place
  } finally {
    view.loading -= 1;
    drainBuffer();
  }
}

async function loadNewer() {
  if (view.loading || !view.hasNewer) return;
  const chatId = view.chatId;
  view.loading += 1;
  try {
    const page = await parley.get(`/api/v1/chats/${chatId}/messages?after=${maxSeq()}&limit=${PAGE}`);
    if (view.chatId !== chatId) return;
    page.items.forEach((m) => remember(m.author));
    view.items = [...view.items, ...page.items];
    view.hasNewer = page.hasMore;
    if (!view.hasNewer) view.newCount = 0;
    render();
  } finally {
    view.loading -= 1;
    drainBuffer();
  }
  if (nearBottom() && view.hasNewer) loadNewer(); // the reader kept scrolling while it loaded
  markRead();
}

// ---- people of the open chat: members, receipts, online --------------------------------------
async function loadPeople(chatId) {
  const [page, online] = await Promise.all([
    parley.get(`/api/v1/chats/${chatId}/members?limit=200`).catch(() => ({ items: [] })),
    parley.get(`/api/v1/chats/${chatId}/online`).catch(() => ({ items: [] })),
  ]);
  if (view.chatId !== chatId) return;
  view.members = new Map(page.items.map((m) => [m.user.id, m]));
  page.items.forEach((m) => remember(m.user));
  view.online = new Set(online.items.map((u) => u.id));
  renderSubtitle();
  render();
  members.renderPanel();
}

let onlineTimer;
/** Someone's presence changed: update this chat's count and dots now, and check with the server soon. */
export function presenceChanged(userId, online) {
  if (!view.chatId) return;
  if (view.members.has(userId)) {
    if (online) view.online.add(userId); else view.online.delete(userId);
  }
  renderSubtitle();
  members.renderPanel();
  clearTimeout(onlineTimer);
  const chatId = view.chatId;
  onlineTimer = setTimeout(async () => {
    const page = await parley.get(`/api/v1/chats/${chatId}/online`).catch(() => null);
    if (!page || view.chatId !== chatId) return;
    view.online = new Set(page.items.map((u) => u.id));
    renderSubtitle();
    members.renderPanel();
  }, 500);
}

export function renderSubtitle() {
  const chat = state.chats.get(state.chatId);
  if (!chat) return;
  let text;
  if (chat.kind === 'direct') {
    const p = state.presence.get(chat.peer.id) || {};
    text = p.online ? 'online' : lastSeen(p.lastSeenAt);
  } else {
    const online = new Set(view.online).add(parley.user.id).size; // this reader is here
    text = `${chat.memberCount} members${online ? `, ${online} online` : ''}`;
  }
  $('chat-subtitle').textContent = text;
}

function renderMute() {
  const muted = prefs.muted(state.chatId);
  $('mute').textContent = muted ? 'Unmute' : 'Mute';
  $('mute').setAttribute('aria-pressed', String(muted));
}

$('mute').addEventListener('click', () => {
  prefs.setMuted(state.chatId, !prefs.muted(state.chatId));
  renderMute();
  renderChatList();
});

// ---- live events of the open chat -----------------------------------------------------------
/** A stream event of the open chat. While a page loads it waits; outside the window it only counts. */
export function applyLive(frame, renderNow = true) {
  if (frame.chatId !== view.chatId) return;
  if (view.loading) { view.buffer.push(frame); return; }
  const atBottom = nearBottom();
  switch (frame.type) {
    case 'message_created': {
      const m = frame.message;
      const mine = m.author.id === parley.user.id;
      if (view.hasNewer) {
        if (!mine) view.newCount += 1;
        break;
      }
      if (view.items.some((x) => x.seq === m.seq)) return;
      insert(m);
      if (!mine && !atBottom) view.newCount += 1;
      if (!mine) $('announce').textContent = `${nameOf(m.author)}: ${m.text}`;
      if (renderNow) {
        render();
        if (atBottom || mine) scrollToBottom();
      }
      markRead();
      return;
    }
    case 'message_edited':
    case 'message_deleted': {
      const id = frame.type === 'message_edited' ? frame.message.id : frame.messageId;
      const at = view.items.findIndex((x) => x.id === id);
      if (at >= 0) {
        // an edit's frame has no reactions (they are events of their own); a deletion erases them
        view.items[at] = frame.type === 'message_edited'
          ? { ...frame.message, reactions: view.items[at].reactions }
          : { ...view.items[at], text: null, deleted: true, reactions: [] };
      }
      if (view.quotes.has(id)) view.quotes.delete(id);
      break;
    }
    case 'reaction_added':
    case 'reaction_removed': {
      const at = view.items.findIndex((x) => x.id === frame.messageId);
      if (at < 0) return; // outside the window: history brings it with its reactions
      view.items[at] = { ...view.items[at], reactions: reacted(view.items[at].reactions || [], frame) };
      break;
    }
    default: // membership: a line in the chat, and the member list follows
      if (!view.hasNewer && !view.items.some((x) => x.seq === frame.seq)) {
        insert({ system: true, seq: frame.seq, createdAt: new Date().toISOString(), text: membershipLine(frame) });
      }
      members.membershipChanged(frame);
  }
  if (renderNow) {
    render();
    if (atBottom && !view.hasNewer) scrollToBottom();
  }
}

/**
 * A message's reactions after a reaction event: the frame says the emoji's count after it, so
 * applying an event twice, or one older than the loaded page, still ends where the stream ends.
 */
function reacted(reactions, { type, actorId, emoji, count }) {
  const old = reactions.find((r) => r.emoji === emoji);
  const mine = actorId === parley.user.id ? type === 'reaction_added' : Boolean(old && old.mine);
  if (count <= 0) return reactions.filter((r) => r.emoji !== emoji);
  if (!old) return [...reactions, { emoji, count, mine }];
  return reactions.map((r) => (r.emoji === emoji ? { emoji, count, mine } : r));
}

function insert(item) {
  view.items.push(item);
  if (view.items.length > 1 && view.items[view.items.length - 2].seq > item.seq) view.items.sort((a, b) => a.seq - b.seq);
}

function who(id) {
  return id === parley.user.id ? 'You' : nameOf(state.users.get(id));
}

function membershipLine({ type, actorId, user, role }) {
  remember(user);
  const name = user.id === parley.user.id ? 'you' : nameOf(user);
  switch (type) {
    case 'member_joined': return `${user.id === parley.user.id ? 'You' : nameOf(user)} joined`;
    case 'member_added': return `${who(actorId)} added ${name}`;
    case 'member_left': return `${user.id === parley.user.id ? 'You' : nameOf(user)} left`;
    case 'member_removed': return `${who(actorId)} removed ${name}`;
    default: return `${who(actorId)} made ${name} ${role === 'member' ? 'a member' : role === 'admin' ? 'an admin' : 'an owner'}`;
  }
}

/** A `read` signal: someone's cursor in a chat moved (receipts), or mine on another device. */
export function readMoved({ chatId, userId, seq }) {
  if (chatId !== view.chatId || userId === parley.user.id) return;
  const member = view.members.get(userId);
  if (member && member.readSeq >= seq) return;
  if (member) member.readSeq = seq;
  else view.members.set(userId, { user: state.users.get(userId) || { id: userId }, role: 'member', readSeq: seq });
  render();
}

/** The outbox changed (a message queued, refused or sent): the pending part of the list follows. */
export function outboxChanged() {
  if (!view.chatId) return;
  const atBottom = nearBottom();
  render();
  if (atBottom) scrollToBottom();
}

/** Our own message was stored: show it at its seq (the event may have been outside this window). */
export function sent({ entry, ack }) {
  if (entry.chatId !== view.chatId) return;
  if (!view.hasNewer && ack.message && !view.items.some((x) => x.seq === ack.seq)) insert(ack.message);
  outboxChanged();
}

// ---- rendering -------------------------------------------------------------------------------
export function scrollToBottom() {
  const list = $('messages');
  list.scrollTop = list.scrollHeight;
}

export function nearBottom() {
  const list = $('messages');
  return list.scrollHeight - list.scrollTop - list.clientHeight < 80;
}

export function render() {
  if (!view.chatId) return;
  const chat = state.chats.get(view.chatId);
  const stored = new Set(view.items.map((m) => m.clientMsgId).filter(Boolean));
  const waiting = view.hasNewer ? [] : parley.outbox
    .filter((e) => e.chatId === view.chatId && !stored.has(e.clientMsgId))
    .map((e) => ({ ...e, attachments: [], pendingFiles: e.files || [], author: parley.user, pending: !e.failed, seq: null }));
  const rows = [];
  let day = null;
  let divided = false;
  for (const m of [...view.items, ...waiting]) {
    if (dayKey(m.createdAt) !== day) {
      day = dayKey(m.createdAt);
      const label = dayLabel(m.createdAt);
      rows.push({ key: 'd:' + day, sig: label, render: () => el('li', { class: 'day', role: 'separator', text: label }) });
    }
    if (!divided && view.unreadAfter !== null && m.seq > view.unreadAfter && !m.system && m.author.id !== parley.user.id) {
      divided = true;
      rows.push({ key: 'unread', sig: '', render: () => el('li', { id: 'unread-divider', class: 'unread-divider', role: 'separator', text: 'New messages' }) });
    }
    if (m.system) {
      rows.push({ key: 's:' + m.seq, sig: m.text, render: () => el('li', { class: 'system', 'data-seq': m.seq, 'data-testid': 'system', text: m.text }) });
    } else {
      rows.push(messageRow(m, chat));
    }
  }
  if (toolbar.parentNode !== parking && !rows.some((row) => row.key === toolbar.parentNode.dataset.key && row.sig === toolbar.parentNode.parleySig)) {
    parking.append(toolbar); // its message is about to be rendered again: the toolbar must not go with it
  }
  reconcile($('messages'), rows);
  placeActions();
  renderJump();
  if (!view.loading) setTimeout(fillIfShort);
}

/** A window that does not fill the pane cannot be scrolled, so nothing would ever load more: load now. */
function fillIfShort() {
  const list = $('messages');
  if (!view.chatId || view.loading || list.scrollHeight > list.clientHeight) return;
  if (view.hasOlder) loadOlder();
  else if (view.hasNewer) loadNewer();
}

function messageRow(m, chat) {
  const mine = m.author.id === parley.user.id;
  const quoted = m.replyTo ? view.items.find((x) => x.id === m.replyTo) || view.quotes.get(m.replyTo) : null;
  if (m.replyTo && !quoted && !m.pending && !m.failed) fetchQuote(m.replyTo);
  const quote = m.replyTo ? (quoted ? `${nameOf(quoted.author)}: ${quoted.deleted ? 'message deleted' : quoted.text}` : 'a message') : null;
  const status = statusOf(m, mine, chat);
  const mentionsMe = !mine && mentions(m.text, parley.user.username);
  const highlight = m.seq && m.seq === view.highlightSeq;
  const showAuthor = !mine && chat && chat.kind !== 'direct';
  return {
    key: keyOf(m),
    sig: JSON.stringify([m.text, m.deleted, m.editedAt, m.seq, status, quote, highlight, showAuthor && nameOf(m.author), m.failed, m.reactions,
      (m.attachments || []).map((a) => a.url), m.pendingFiles]),
    render: () => {
      const classes = ['message'];
      if (mine) classes.push('mine');
      if (m.pending) classes.push('pending');
      if (m.failed) classes.push('failed');
      if (m.deleted) classes.push('deleted');
      if (highlight) classes.push('highlight');
      if (mentionsMe) classes.push('mentions-me');
      return el('li', {
        class: classes.join(' '), tabindex: '-1', 'data-seq': m.seq ?? '', 'data-client-id': m.clientMsgId,
        'data-message-id': m.id, 'data-testid': 'message',
      },
      showAuthor ? el('div', { class: 'author' }, avatar(m.author.id), el('span', { dir: 'auto', text: nameOf(m.author) })) : null,
      quote ? el('div', { class: 'quote', dir: 'auto', 'data-testid': 'quote', text: quote, title: 'Show the original',
        onclick: () => showMessage(m.replyTo) }) : null,
      (m.attachments || []).length && !m.deleted ? files(m) : null,
      (m.pendingFiles || []).length ? el('div', { class: 'files pending-files', text: `📎 ${m.pendingFiles.map((f) => f.name).join(', ')}` }) : null,
      m.text || m.deleted ? el('div', { class: 'text', dir: 'auto', 'data-testid': 'text' },
        m.deleted ? 'message deleted' : richText(m.text, parley.user.username)) : null,
      (m.reactions || []).length > 0 && !m.deleted ? el('div', { class: 'reactions', 'data-testid': 'reactions' },
        ...m.reactions.map((r) => el('button', {
          type: 'button', tabindex: '-1', 'aria-pressed': String(r.mine), 'data-testid': 'reaction', 'data-emoji': r.emoji,
          title: r.mine ? 'Remove your reaction' : 'React with ' + r.emoji,
          text: `${r.emoji} ${r.count}`, onclick: () => react(m, r.emoji, !r.mine),
        }))) : null,
      m.failed ? el('div', { class: 'refusal', role: 'alert' },
        el('span', { text: `Not sent: ${m.reason || m.failed}` }),
        el('button', { type: 'button', class: 'link', 'data-testid': 'restore', text: 'Edit text', onclick: () => restore(m) }),
        el('button', { type: 'button', class: 'link', 'data-testid': 'discard', text: 'Discard', onclick: () => parley.discard(m.clientMsgId) }))
        : null,
      el('div', { class: 'meta' },
        el('time', { datetime: m.createdAt, title: fullDate(m.createdAt), text: (m.editedAt && !m.deleted ? 'edited ' : '') + time(m.createdAt) }),
        status ? el('span', { 'data-testid': 'status', text: status }) : null));
    },
  };
}

/** A message's files: images inline (room reserved from their size) opening the viewer, other files as cards to download. */
function files(m) {
  return el('div', { class: 'files', 'data-testid': 'files' }, ...m.attachments.map((a) => (a.kind === 'image'
    ? el('button', { type: 'button', tabindex: '-1', class: 'image', title: `${a.name} (open; F)`, 'data-testid': 'image', onclick: () => openViewer(m, a) },
      el('img', { src: a.previewUrl, alt: a.name, width: a.width, height: a.height, loading: 'lazy',
        onerror: () => { if (stale(a.previewUrl)) freshLinks(m); } }))
    : el('a', { class: 'file-card', tabindex: '-1', href: a.url, download: a.name, 'data-testid': 'file', rel: 'noopener', title: 'Download (F)',
      onclick: (event) => {
        if (!stale(a.url)) return;
        event.preventDefault(); // the link is about to expire: download by a fresh one
        fresh(m, a).then((f) => el('a', { href: f.url, download: f.name }).click());
      } },
    el('span', { text: '📄' }), el('span', { dir: 'auto', text: a.name }), el('span', { class: 'size', text: size(a.size) })))));
}

function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function openViewer(m, a) {
  const f = await fresh(m, a);
  $('viewer-image').src = f.url;
  $('viewer-image').alt = f.name;
  $('viewer-download').href = f.url;
  $('viewer-download').setAttribute('download', f.name);
  $('viewer').showModal();
}

/** Whether a signed link has expired, or will within a minute (links live about an hour). */
function stale(url) {
  const expires = Number(new URL(url, location.href).searchParams.get('exp')) * 1000;
  return expires - Date.now() < 60000;
}

/** The attachment with links good for a while yet: as it is, or as the message read again has it. */
async function fresh(m, a) {
  if (!stale(a.url)) return a;
  const attachments = await freshLinks(m);
  return (attachments || []).find((x) => x.id === a.id) || a;
}

/** Reads the message again for fresh links (one read at a time per message); null when that fails. */
const reading = new Map();
function freshLinks(m) {
  if (!reading.has(m.id)) {
    reading.set(m.id, parley.get(`/api/v1/chats/${m.chatId}/messages/${m.id}`)
      .then((read) => {
        const at = view.items.findIndex((x) => x.id === m.id);
        if (at >= 0) {
          view.items[at] = { ...view.items[at], attachments: read.attachments };
          render();
        }
        return read.attachments;
      })
      .catch(() => null)
      .finally(() => reading.delete(m.id)));
  }
  return reading.get(m.id);
}

function statusOf(m, mine, chat) {
  if (m.failed) return 'not sent';
  if (m.pending) return parley.status === 'online' ? 'sending…' : 'waiting for connection';
  if (!mine || !chat || m.deleted) return '';
  const readers = [...view.members.values()].filter((x) => x.user.id !== parley.user.id && x.readSeq >= m.seq).length;
  if (!readers) return '';
  return chat.kind === 'direct' ? 'seen' : `seen by ${readers}`;
}

const quoting = new Set();
async function fetchQuote(id) {
  if (quoting.has(id)) return;
  quoting.add(id);
  const chatId = view.chatId;
  const message = await parley.get(`/api/v1/chats/${chatId}/messages/${id}`).catch(() => null);
  quoting.delete(id);
  if (message && view.chatId === chatId) {
    view.quotes.set(id, message);
    render();
  }
}

function restore(m) {
  parley.discard(m.clientMsgId);
  composer.putBack(m.text);
}

// ---- one toolbar for the active message; the list is one tab stop -------------------------------
const toolbar = $('message-actions');
const parking = $('actions-parking');
const editAction = $('action-edit');
const deleteAction = $('action-delete');
const originalAction = $('action-original');
const reactAction = $('action-react');
const picker = $('reaction-picker');
const PICKS = ['👍', '❤️', '😂', '🎉', '😮', '😢', '🙏', '👀'];
for (const emoji of PICKS) {
  picker.append(el('button', { type: 'button', 'data-testid': 'pick', 'data-emoji': emoji, title: 'React with ' + emoji, text: emoji,
    onclick: () => {
      const m = activeMessage();
      closePicker();
      if (m && !m.deleted) {
        const own = (m.reactions || []).find((r) => r.emoji === emoji);
        react(m, emoji, !(own && own.mine));
      }
    } }));
}

/** The active message's first file, as rendered (its image button or download link). */
function firstFileOf(m) {
  const node = messageNodes().find((n) => n.dataset.key === keyOf(m));
  return node ? node.querySelector('[data-testid=image], [data-testid=file]') : null;
}

function closePicker() {
  picker.hidden = true;
  reactAction.setAttribute('aria-expanded', 'false');
}

/** Adds or removes my reaction; the list follows the stream event, which comes to every device. */
async function react(m, emoji, add) {
  try {
    await parley.command({ type: 'react', chatId: m.chatId, messageId: m.id, emoji, add });
  } catch (e) {
    composer.say(e.code === 'too_many_reactions' ? 'This message has 20 different reactions; pick one of those.' : e.message);
  }
}

function messageNodes() {
  return [...$('messages').querySelectorAll('li.message')];
}

function activeMessage() {
  const node = messageNodes().find((n) => n.dataset.key === view.activeKey);
  if (!node) return null;
  return view.items.find((m) => keyOf(m) === view.activeKey) || null;
}

function setActive(key, focus) {
  view.activeKey = key;
  placeActions();
  if (focus) {
    const node = messageNodes().find((n) => n.dataset.key === key);
    if (node) node.focus();
  }
}

/** Keeps exactly one message tabbable and puts the actions toolbar in it. */
function placeActions() {
  const nodes = messageNodes();
  if (!nodes.some((n) => n.dataset.key === view.activeKey)) view.activeKey = nodes.length ? nodes[nodes.length - 1].dataset.key : null;
  for (const node of nodes) {
    const tabindex = node.dataset.key === view.activeKey ? '0' : '-1';
    if (node.getAttribute('tabindex') !== tabindex) node.setAttribute('tabindex', tabindex);
  }
  const m = activeMessage();
  const host = nodes.find((n) => n.dataset.key === view.activeKey);
  if (!m || m.deleted || !host) {
    parking.append(toolbar);
    return;
  }
  const chat = state.chats.get(view.chatId);
  const mine = m.author.id === parley.user.id;
  const moderator = chat && (chat.role === 'owner' || chat.role === 'admin');
  editAction.hidden = !mine;
  deleteAction.hidden = !(mine || moderator);
  reactAction.hidden = !m.id || m.pending || m.failed;
  if (toolbar.parentNode !== host) closePicker();
  originalAction.hidden = !m.replyTo;
  if (toolbar.parentNode !== host) host.append(toolbar);
}

const list = $('messages');
list.addEventListener('mouseover', (event) => {
  const node = event.target.closest('li.message');
  if (node && node.dataset.key !== view.activeKey) setActive(node.dataset.key, false);
});
list.addEventListener('focusin', (event) => {
  const node = event.target.closest('li.message');
  if (node && node.dataset.key !== view.activeKey) setActive(node.dataset.key, false);
});
list.addEventListener('click', (event) => {
  const node = event.target.closest('li.message');
  if (node && event.target === node) setActive(node.dataset.key, false);
});

list.addEventListener('keydown', (event) => {
  if (!event.target.matches('li.message')) return;
  const nodes = messageNodes();
  const at = nodes.indexOf(event.target);
  let next = null;
  if (event.key === 'ArrowUp') next = Math.max(0, at - 1);
  else if (event.key === 'ArrowDown') next = Math.min(nodes.length - 1, at + 1);
  else if (event.key === 'Home') next = 0;
  else if (event.key === 'End') next = nodes.length - 1;
  else if (event.key === 'r') { act('reply'); event.preventDefault(); return; }
  else if (event.key === 'e') { act('edit'); event.preventDefault(); return; }
  else if (event.key === 'Delete') { act('delete'); event.preventDefault(); return; }
  else if (event.key === 'o') { act('original'); event.preventDefault(); return; }
  else if (event.key === '+') { act('react'); event.preventDefault(); return; }
  else if (event.key === 'f') { act('file'); event.preventDefault(); return; }
  if (next === null) return;
  event.preventDefault();
  setActive(nodes[next].dataset.key, true);
});

function act(action) {
  const m = activeMessage();
  if (!m || m.deleted || m.system) return;
  if (action === 'file') {
    // the list is one tab stop: F opens the active message's first file (the viewer, or a download)
    const first = firstFileOf(m);
    if (first) first.click();
  } else if (action === 'react' && !reactAction.hidden) {
    picker.hidden = !picker.hidden;
    reactAction.setAttribute('aria-expanded', String(!picker.hidden));
    if (!picker.hidden) picker.querySelector('button').focus();
  } else if (action === 'reply') composer.startReply(m);
  else if (action === 'edit' && m.author.id === parley.user.id) composer.startEdit(m);
  else if (action === 'delete' && !deleteAction.hidden) remove(m);
  else if (action === 'original' && m.replyTo) showMessage(m.replyTo);
}

$('action-react').addEventListener('click', () => act('react'));
$('action-reply').addEventListener('click', () => act('reply'));
$('action-edit').addEventListener('click', () => act('edit'));
$('action-delete').addEventListener('click', () => act('delete'));
$('action-original').addEventListener('click', () => act('original'));

async function remove(m) {
  if (!(await confirmAction('Delete this message for everyone?', 'Delete'))) return;
  try {
    await parley.command({ type: 'delete', chatId: m.chatId, messageId: m.id });
  } catch (e) {
    composer.say(e.message);
  }
}

// ---- scrolling, reading, jump to present ------------------------------------------------------
list.addEventListener('scroll', () => {
  if (list.scrollTop < 60) loadOlder();
  if (nearBottom()) {
    if (view.hasNewer) loadNewer();
    else view.newCount = 0;
    markRead();
  }
  renderJump();
});

function renderJump() {
  const away = view.hasNewer || list.scrollHeight - list.scrollTop - list.clientHeight > 300;
  $('jump').hidden = !view.chatId || !away;
  $('jump').textContent = view.newCount > 0 ? `Jump to present (${view.newCount} new)` : 'Jump to present';
}

$('jump').addEventListener('click', () => showPresent());

/** Moves the read cursor to what the reader has seen: the end of the window, never past it. */
export function markRead() {
  const chat = state.chats.get(view.chatId);
  if (!chat || view.loading || document.hidden || !nearBottom()) return;
  const windowEnd = maxSeq();
  const seq = view.hasNewer ? windowEnd : Math.max(windowEnd, chat.lastSeq);
  if (seq <= chat.readSeq) return;
  if (view.hasNewer) {
    const seen = view.items.filter((m) => !m.system && m.seq > chat.readSeq && m.seq <= seq && !m.deleted
      && m.author.id !== parley.user.id).length;
    chat.unreadCount = Math.max(0, chat.unreadCount - seen);
  } else {
    chat.unreadCount = 0;
  }
  chat.readSeq = seq;
  renderChatList();
  parley.command({ type: 'read', chatId: chat.id, seq })
    .catch(() => parley.post(`/api/v1/chats/${chat.id}/read`, { seq }).catch(() => {}));
}

document.addEventListener('visibilitychange', markRead);
