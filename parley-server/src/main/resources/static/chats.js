// The sidebar: the chat list (kept live, updated in place), finding people, groups and messages,
// and creating groups.
import { $, el, nameOf, reconcile } from './dom.js';
import { avatar } from './feed.js';
import { showUnread } from './notify.js';
import { parley, prefs, remember, state } from './state.js';

export function chatName(chat) {
  return chat.kind === 'direct' ? nameOf(chat.peer) : chat.title;
}

export async function loadChats() {
  const page = await parley.get('/api/v1/chats');
  state.chats.clear();
  state.order = [];
  for (const chat of page.items) {
    state.chats.set(chat.id, chat);
    state.order.push(chat.id);
    parley.follow(chat.id, chat.lastSeq);
    if (chat.peer) remember(chat.peer);
    if (chat.lastMessage) remember(chat.lastMessage.author);
  }
  const peers = page.items.filter((c) => c.peer).map((c) => c.peer.id);
  await Promise.all(peers.map(async (id) => {
    const user = await parley.get(`/api/v1/users/${id}`).catch(() => null);
    if (user) state.presence.set(id, { online: user.online, lastSeenAt: user.lastSeenAt });
  }));
  renderChatList();
}

export function toTop(chatId) {
  state.order = [chatId, ...state.order.filter((id) => id !== chatId)];
}

export function renderChatList() {
  const rows = state.order.map((id) => {
    const chat = state.chats.get(id);
    const last = chat.lastMessage;
    const preview = !last ? 'No messages yet'
      : `${last.author.id === parley.user.id ? 'You' : nameOf(last.author)}: ${last.deleted ? 'message deleted' : last.text || '📎 a file'}`;
    const online = chat.kind === 'direct' && !!state.presence.get(chat.peer.id)?.online;
    const active = id === state.chatId;
    const muted = prefs.muted(id);
    return {
      key: String(id),
      sig: JSON.stringify([chatName(chat), preview, online, active, chat.unreadCount, muted]),
      render: () => el('li', { class: active ? 'active' : null },
        el('a', {
          href: `#/chat/${id}`, class: 'chat-link', 'data-chat-id': id, 'data-testid': 'chat-item',
          'aria-current': active ? 'page' : null,
        },
        el('span', { class: 'name' },
          chat.kind === 'direct' ? avatar(chat.peer.id) : null,
          chat.kind === 'direct' ? el('span', {
            class: 'dot' + (online ? ' online' : ''), 'data-testid': 'presence-dot', role: 'img',
            'aria-label': online ? 'online' : 'offline',
          }) : null,
          el('span', { dir: 'auto', text: chatName(chat) }),
          muted ? el('span', { class: 'muted-mark', 'aria-label': 'muted', title: 'Muted', text: ' 🔕' }) : null),
        el('span', { class: 'preview', dir: 'auto', text: preview }),
        chat.unreadCount > 0 ? el('span', {
          class: 'badge', 'data-testid': 'unread', text: String(chat.unreadCount),
          'aria-label': `${chat.unreadCount} unread`,
        }) : null)),
    };
  });
  reconcile($('chat-list'), rows);
  let total = 0;
  for (const chat of state.chats.values()) total += chat.unreadCount;
  showUnread(total);
}

// ---- find: people, groups, messages --------------------------------------------------------
let findTimer;
let openChatHandler = () => {};

/** The sidebar opens chats through the app's router. */
export function onOpenChat(handler) {
  openChatHandler = handler;
}

/** Opens a chat, at `seq` when given (a search hit, a mention). */
export function openChat(chatId, seq) {
  openChatHandler(chatId, seq);
}

$('find').addEventListener('input', () => {
  clearTimeout(findTimer);
  findTimer = setTimeout(find, 200);
});

$('find').addEventListener('keydown', (event) => {
  if (event.key === 'ArrowDown') {
    const first = $('find-results').querySelector('button');
    if (first) { event.preventDefault(); first.focus(); }
  } else if (event.key === 'Escape') {
    clearFind();
  }
});

$('find-results').addEventListener('keydown', (event) => {
  const buttons = [...$('find-results').querySelectorAll('button')];
  const at = buttons.indexOf(document.activeElement);
  if (at < 0) return;
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    const next = at + (event.key === 'ArrowDown' ? 1 : -1);
    if (next < 0) $('find').focus();
    else buttons[Math.min(next, buttons.length - 1)].focus();
  } else if (event.key === 'Escape') {
    clearFind();
    $('find').focus();
  }
});

function result(testId, kind, text, action) {
  return el('li', {}, el('button', { type: 'button', class: 'result', 'data-testid': testId, onclick: action },
    el('span', { class: 'kind', text: kind }), el('span', { dir: 'auto', text })));
}

async function find() {
  const q = $('find').value.trim();
  const results = $('find-results');
  if (!q) {
    results.hidden = true;
    return;
  }
  const [users, groups] = await Promise.all([
    parley.get(`/api/v1/users?q=${encodeURIComponent(q)}&limit=10`).catch(() => ({ items: [] })),
    parley.get(`/api/v1/chats/search?q=${encodeURIComponent(q)}&limit=10`).catch(() => ({ items: [] })),
  ]);
  if ($('find').value.trim() !== q) return; // the user typed on meanwhile
  results.replaceChildren();
  for (const user of users.items.filter((u) => u.id !== parley.user.id)) {
    results.append(result('find-user', 'person', `${nameOf(user)} (@${user.username})`, () => startDirect(user)));
  }
  for (const group of groups.items) {
    results.append(result('find-group', 'group', group.title, () => joinGroup(group)));
  }
  results.append(result('find-messages', 'messages', `Search messages for “${q}”`, () => searchMessages(q)));
  results.hidden = false;
}

export function clearFind() {
  $('find').value = '';
  $('find-results').hidden = true;
}

async function startDirect(user) {
  const chat = await parley.post('/api/v1/chats/direct', { userId: user.id });
  clearFind();
  if (!state.chats.has(chat.id)) await loadChats();
  openChatHandler(chat.id);
}

async function joinGroup(group) {
  await parley.post(`/api/v1/chats/${group.id}/join`);
  clearFind();
  await loadChats();
  openChatHandler(group.id);
}

async function searchMessages(q) {
  const hits = await parley.get(`/api/v1/search/messages?q=${encodeURIComponent(q)}&limit=20`);
  const results = $('find-results');
  results.replaceChildren();
  if (!hits.items.length) results.append(el('li', { class: 'none', text: 'No messages found' }));
  for (const m of hits.items) {
    const chat = state.chats.get(m.chatId);
    results.append(result('message-hit', chat ? chatName(chat) : 'chat', `${nameOf(m.author)}: ${m.text}`, () => {
      clearFind();
      openChatHandler(m.chatId, m.seq);
    }));
  }
  const first = results.querySelector('button');
  if (first) first.focus();
}

// ---- new group -----------------------------------------------------------------------------
$('new-group').addEventListener('click', () => {
  $('group-form').hidden = !$('group-form').hidden;
  $('new-group').setAttribute('aria-expanded', String(!$('group-form').hidden));
  if (!$('group-form').hidden) $('group-title').focus();
});

$('group-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const chat = await parley.post('/api/v1/chats', {
    title: $('group-title').value, visibility: $('group-public').checked ? 'public' : 'private',
  });
  $('group-form').reset();
  $('group-form').hidden = true;
  $('new-group').setAttribute('aria-expanded', 'false');
  await loadChats();
  openChatHandler(chat.id);
});
