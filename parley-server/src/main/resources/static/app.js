// Parley web client views. All server traffic goes through parley.js; all text is rendered as text.
import { Parley, ParleyError } from './parley.js';

const parley = new Parley();
window.parley = parley; // for the browser tests and for curious developers

const $ = (id) => document.getElementById(id);
const PAGE = 50;

const state = {
  chats: new Map(), // id -> chat list item (REST shape), kept live
  order: [], // chat ids, newest activity first
  chatId: null,
  messages: [], // messages of the open chat, oldest first
  hasMore: false,
  loadingOlder: false,
  presence: new Map(), // userId -> {online, lastSeenAt}
  typing: new Map(), // userId -> timer, for the open chat
  peerReadSeq: 0,
  replyTo: null,
  editing: null,
  myRole: null,
  lastTypingSent: 0,
  registering: false,
};

// ---- small DOM helpers ---------------------------------------------------------------------
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function nameOf(user) {
  return (user && (user.displayName || user.username)) || 'someone';
}

function chatName(chat) {
  return chat.kind === 'direct' ? nameOf(chat.peer) : chat.title;
}

function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
}

function problem(e) {
  return e instanceof ParleyError ? e.message : String(e);
}

// ---- authentication ------------------------------------------------------------------------
function showAuth() {
  $('app').hidden = true;
  $('auth').hidden = false;
  $('auth-username').focus();
}

$('auth-switch').addEventListener('click', () => {
  state.registering = !state.registering;
  $('auth-display-row').hidden = !state.registering;
  $('auth-submit').textContent = state.registering ? 'Create account' : 'Log in';
  $('auth-switch').textContent = state.registering ? 'I have an account' : 'Create an account';
  $('auth-error').textContent = '';
});

$('auth-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('auth-error').textContent = '';
  const username = $('auth-username').value.trim();
  const password = $('auth-password').value;
  try {
    if (state.registering) await parley.register(username, password, $('auth-display').value.trim());
    else await parley.login(username, password);
    $('auth-form').reset();
    await start();
  } catch (e) {
    $('auth-error').textContent = problem(e);
  }
});

$('logout').addEventListener('click', async () => {
  await parley.logout();
  state.chats.clear();
  state.order = [];
  closeChat();
  showAuth();
});

async function start() {
  $('auth').hidden = true;
  $('app').hidden = false;
  $('me-name').textContent = nameOf(parley.user);
  await loadChats();
  parley.connect();
}

// ---- chat list -----------------------------------------------------------------------------
async function loadChats() {
  const page = await parley.get('/api/v1/chats');
  state.chats.clear();
  state.order = [];
  for (const chat of page.items) {
    state.chats.set(chat.id, chat);
    state.order.push(chat.id);
    parley.follow(chat.id, chat.lastSeq);
    if (chat.peer) state.presence.set(chat.peer.id, { online: chat.peer.online });
  }
  const peers = page.items.filter((c) => c.peer).map((c) => c.peer.id);
  await Promise.all(peers.map(async (id) => {
    const user = await parley.get(`/api/v1/users/${id}`).catch(() => null);
    if (user) state.presence.set(id, { online: user.online, lastSeenAt: user.lastSeenAt });
  }));
  renderChatList();
}

function toTop(chatId) {
  state.order = [chatId, ...state.order.filter((id) => id !== chatId)];
}

function renderChatList() {
  const list = $('chat-list');
  list.replaceChildren();
  for (const id of state.order) {
    const chat = state.chats.get(id);
    const last = chat.lastMessage;
    const preview = !last ? 'No messages yet'
      : `${last.author.id === parley.user.id ? 'You' : nameOf(last.author)}: ${last.deleted ? 'message deleted' : last.text}`;
    const dot = chat.kind === 'direct'
      ? el('span', { class: 'dot' + (state.presence.get(chat.peer.id)?.online ? ' online' : ''), 'data-testid': 'presence-dot' })
      : null;
    const item = el('li', {
      class: id === state.chatId ? 'active' : '', tabindex: '0', 'data-chat-id': id, 'data-testid': 'chat-item',
      onclick: () => openChat(id),
      onkeydown: (e) => { if (e.key === 'Enter') openChat(id); },
    },
    el('span', { class: 'name' }, dot, el('span', { text: chatName(chat) })),
    el('span', { class: 'preview', text: preview }),
    chat.unreadCount > 0 ? el('span', { class: 'badge', 'data-testid': 'unread', text: String(chat.unreadCount) }) : null);
    list.append(item);
  }
}

// ---- find: people, groups, messages --------------------------------------------------------
let findTimer;
$('find').addEventListener('input', () => {
  clearTimeout(findTimer);
  findTimer = setTimeout(find, 200);
});

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
  results.replaceChildren();
  for (const user of users.items.filter((u) => u.id !== parley.user.id)) {
    results.append(el('li', { 'data-testid': 'find-user', onclick: () => startDirect(user) },
      el('span', { class: 'kind', text: 'person' }), el('span', { text: `${nameOf(user)} (@${user.username})` })));
  }
  for (const group of groups.items) {
    results.append(el('li', { 'data-testid': 'find-group', onclick: () => joinGroup(group) },
      el('span', { class: 'kind', text: 'group' }), el('span', { text: group.title })));
  }
  results.append(el('li', { 'data-testid': 'find-messages', onclick: () => searchMessages(q) },
    el('span', { class: 'kind', text: 'messages' }), el('span', { text: `Search messages for “${q}”` })));
  results.hidden = false;
}

function clearFind() {
  $('find').value = '';
  $('find-results').hidden = true;
}

async function startDirect(user) {
  const chat = await parley.post('/api/v1/chats/direct', { userId: user.id });
  clearFind();
  if (!state.chats.has(chat.id)) await loadChats();
  openChat(chat.id);
}

async function joinGroup(group) {
  await parley.post(`/api/v1/chats/${group.id}/join`);
  clearFind();
  await loadChats();
  openChat(group.id);
}

async function searchMessages(q) {
  const hits = await parley.get(`/api/v1/search/messages?q=${encodeURIComponent(q)}&limit=20`);
  const results = $('find-results');
  results.replaceChildren();
  if (!hits.items.length) results.append(el('li', { text: 'No messages found' }));
  for (const m of hits.items) {
    const chat = state.chats.get(m.chatId);
    results.append(el('li', { 'data-testid': 'message-hit', onclick: () => { clearFind(); openChat(m.chatId, m.seq); } },
      el('span', { class: 'kind', text: chat ? chatName(chat) : 'chat' }), el('span', { text: `${nameOf(m.author)}: ${m.text}` })));
  }
}

// ---- groups --------------------------------------------------------------------------------
$('new-group').addEventListener('click', () => {
  $('group-form').hidden = !$('group-form').hidden;
  if (!$('group-form').hidden) $('group-title').focus();
});

$('group-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const chat = await parley.post('/api/v1/chats', {
    title: $('group-title').value, visibility: $('group-public').checked ? 'public' : 'private',
  });
  $('group-form').reset();
  $('group-form').hidden = true;
  await loadChats();
  openChat(chat.id);
});

// ---- the open chat -------------------------------------------------------------------------
function closeChat() {
  state.chatId = null;
  state.messages = [];
  $('chat').hidden = true;
  $('empty').hidden = false;
  $('app').classList.remove('chat-open');
}

$('back').addEventListener('click', () => { closeChat(); renderChatList(); });

async function openChat(chatId, jumpToSeq) {
  const chat = state.chats.get(chatId);
  if (!chat) return;
  state.chatId = chatId;
  state.replyTo = null;
  state.editing = null;
  state.typing.forEach(clearTimeout);
  state.typing.clear();
  state.peerReadSeq = 0;
  $('reply-preview').hidden = true;
  $('members').hidden = true;
  $('typing').textContent = '';
  $('empty').hidden = true;
  $('chat').hidden = false;
  $('app').classList.add('chat-open');
  $('chat-title').textContent = chatName(chat);
  renderSubtitle();
  const page = jumpToSeq
    ? await parley.get(`/api/v1/chats/${chatId}/messages?after=${Math.max(0, jumpToSeq - 20)}&limit=${PAGE}`)
    : await parley.get(`/api/v1/chats/${chatId}/messages?limit=${PAGE}`);
  if (state.chatId !== chatId) return;
  state.messages = jumpToSeq ? page.items : page.items.reverse();
  state.highlightSeq = jumpToSeq || null;
  state.hasMore = jumpToSeq ? true : page.hasMore;
  renderMessages();
  if (jumpToSeq) {
    const hit = document.querySelector(`#messages [data-seq="${jumpToSeq}"]`);
    if (hit) hit.scrollIntoView({ block: 'center' });
  } else {
    scrollToBottom();
  }
  markRead();
  renderChatList();
  $('text').focus();
  if (chat.kind === 'direct') {
    const members = await parley.get(`/api/v1/chats/${chatId}/members`);
    const peer = members.items.find((m) => m.user.id !== parley.user.id);
    if (peer) { state.peerReadSeq = peer.readSeq; renderMessages(); }
  } else {
    loadOnline(chatId);
  }
}

async function loadOnline(chatId) {
  const online = await parley.get(`/api/v1/chats/${chatId}/online`).catch(() => null);
  if (online && state.chatId === chatId) {
    state.onlineInChat = online.items;
    renderSubtitle();
  }
}

function renderSubtitle() {
  const chat = state.chats.get(state.chatId);
  if (!chat) return;
  let text;
  if (chat.kind === 'direct') {
    const p = state.presence.get(chat.peer.id) || {};
    text = p.online ? 'online' : p.lastSeenAt ? `last seen ${time(p.lastSeenAt)}` : 'offline';
  } else {
    const online = (state.onlineInChat || []).length;
    text = `${chat.memberCount} members${online ? `, ${online} online` : ''}`;
  }
  $('chat-subtitle').textContent = text;
}

function scrollToBottom() {
  const list = $('messages');
  list.scrollTop = list.scrollHeight;
}

function nearBottom() {
  const list = $('messages');
  return list.scrollHeight - list.scrollTop - list.clientHeight < 80;
}

function renderMessages() {
  const list = $('messages');
  list.replaceChildren(...state.messages.map(renderMessage));
}

function renderMessage(m) {
  const mine = m.author.id === parley.user.id;
  const chat = state.chats.get(state.chatId);
  const canModerate = chat && (chat.role === 'owner' || chat.role === 'admin');
  const classes = ['message'];
  if (mine) classes.push('mine');
  if (m.pending) classes.push('pending');
  if (m.failed) classes.push('failed');
  if (m.deleted) classes.push('deleted');
  if (m.seq && m.seq === state.highlightSeq) classes.push('highlight');
  const quoted = m.replyTo ? state.messages.find((x) => x.id === m.replyTo) || m.quoted : null;
  const actions = el('span', { class: 'actions' });
  if (!m.pending && !m.failed && !m.deleted) {
    actions.append(el('button', { type: 'button', text: 'Reply', 'data-testid': 'reply', onclick: () => startReply(m) }));
    if (mine) actions.append(el('button', { type: 'button', text: 'Edit', 'data-testid': 'edit', onclick: () => startEdit(m) }));
    if (mine || canModerate) actions.append(el('button', { type: 'button', text: 'Delete', 'data-testid': 'delete', onclick: () => remove(m) }));
  }
  if (m.failed) {
    actions.append(el('button', { type: 'button', text: 'Retry', 'data-testid': 'retry', onclick: () => deliver(m) }));
  }
  const status = m.pending ? 'sending…' : m.failed ? 'not sent' : mine && chat && chat.kind === 'direct' && state.peerReadSeq >= m.seq ? 'seen' : '';
  return el('li', { class: classes.join(' '), 'data-seq': m.seq ?? '', 'data-client-id': m.clientMsgId, 'data-testid': 'message' },
    mine || (chat && chat.kind === 'direct') ? null : el('div', { class: 'author', text: nameOf(m.author) }),
    m.replyTo ? el('div', { class: 'quote', text: quoted ? `${nameOf(quoted.author)}: ${quoted.deleted ? 'message deleted' : quoted.text}` : 'a message' }) : null,
    el('div', { class: 'text', 'data-testid': 'text', text: m.deleted ? 'message deleted' : m.text }),
    el('div', { class: 'meta' }, actions,
      el('span', { text: (m.editedAt && !m.deleted ? 'edited ' : '') + time(m.createdAt) }),
      status ? el('span', { 'data-testid': 'status', text: status }) : null));
}

$('messages').addEventListener('scroll', async () => {
  const list = $('messages');
  if (list.scrollTop > 60 || !state.hasMore || state.loadingOlder || !state.messages.length) return;
  state.loadingOlder = true;
  const chatId = state.chatId;
  const oldest = state.messages.find((m) => m.seq)?.seq;
  try {
    const page = await parley.get(`/api/v1/chats/${chatId}/messages?before=${oldest}&limit=${PAGE}`);
    if (state.chatId !== chatId) return;
    const height = list.scrollHeight;
    const top = list.scrollTop;
    state.messages = [...page.items.reverse(), ...state.messages];
    state.hasMore = page.hasMore;
    renderMessages();
    list.scrollTop = top + (list.scrollHeight - height); // keep what the reader was looking at in place
  } finally {
    state.loadingOlder = false;
  }
});

function markRead() {
  const chat = state.chats.get(state.chatId);
  if (!chat || document.hidden || !nearBottom()) return;
  const last = state.messages.reduce((max, m) => Math.max(max, m.seq || 0), 0);
  const seq = Math.max(last, chat.lastSeq);
  if (chat.unreadCount === 0 && chat.readSeq >= seq) return;
  chat.unreadCount = 0;
  chat.readSeq = seq;
  renderChatList();
  parley.command({ type: 'read', chatId: chat.id, seq }).catch(() => parley.post(`/api/v1/chats/${chat.id}/read`, { seq }).catch(() => {}));
}

$('messages').addEventListener('scroll', () => { if (nearBottom()) markRead(); });
document.addEventListener('visibilitychange', markRead);

// ---- composing -----------------------------------------------------------------------------
$('text').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    $('composer').requestSubmit();
  } else if (event.key === 'Escape') {
    cancelReplyOrEdit();
  }
});

$('text').addEventListener('input', () => {
  const now = Date.now();
  if (state.chatId && now - state.lastTypingSent > 2000 && $('text').value.trim()) {
    state.lastTypingSent = now;
    parley.typing(state.chatId);
  }
});

$('reply-cancel').addEventListener('click', cancelReplyOrEdit);

function cancelReplyOrEdit() {
  state.replyTo = null;
  if (state.editing) $('text').value = '';
  state.editing = null;
  $('reply-preview').hidden = true;
}

function startReply(m) {
  state.editing = null;
  state.replyTo = m;
  $('reply-text').textContent = `Replying to ${nameOf(m.author)}: ${m.text}`;
  $('reply-preview').hidden = false;
  $('text').focus();
}

function startEdit(m) {
  state.replyTo = null;
  state.editing = m;
  $('reply-text').textContent = 'Editing your message';
  $('reply-preview').hidden = false;
  $('text').value = m.text;
  $('text').focus();
}

async function remove(m) {
  try {
    await parley.command({ type: 'delete', chatId: m.chatId, messageId: m.id });
  } catch (e) {
    alertInline(problem(e));
  }
}

function alertInline(text) {
  $('typing').textContent = text;
  setTimeout(() => { if ($('typing').textContent === text) $('typing').textContent = ''; }, 4000);
}

$('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('text').value.trim();
  if (!text || !state.chatId) return;
  $('text').value = '';
  if (state.editing) {
    const m = state.editing;
    cancelReplyOrEdit();
    try {
      await parley.command({ type: 'edit', chatId: m.chatId, messageId: m.id, text });
    } catch (e) {
      alertInline(problem(e));
    }
    return;
  }
  const quoted = state.replyTo;
  const replyTo = quoted?.id;
  if (state.highlightSeq) await openChat(state.chatId); // a search jump shows an older window: back to the newest
  const message = {
    clientMsgId: Parley.newClientMsgId(), chatId: state.chatId, text, pending: true,
    author: parley.user, createdAt: new Date().toISOString(), replyTo, quoted,
  };
  cancelReplyOrEdit();
  state.messages.push(message);
  renderMessages();
  scrollToBottom();
  deliver(message);
});

/** Sends (or re-sends, with the same clientMsgId) a pending message; shows it sent or failed. */
async function deliver(message) {
  message.pending = true;
  message.failed = false;
  if (state.chatId === message.chatId) renderMessages();
  try {
    const ack = await parley.send(message.chatId, message.text, message.clientMsgId, message.replyTo);
    message.pending = false;
    message.id = ack.messageId;
    message.seq = ack.seq;
  } catch (e) {
    message.pending = false;
    message.failed = true;
  }
  if (state.chatId === message.chatId) renderMessages();
}

// ---- members -------------------------------------------------------------------------------
$('members-toggle').addEventListener('click', () => {
  $('members').hidden = !$('members').hidden;
  if (!$('members').hidden) loadMembers();
});

async function loadMembers() {
  const chat = state.chats.get(state.chatId);
  const page = await parley.get(`/api/v1/chats/${chat.id}/members?limit=200`);
  const rank = { owner: 0, admin: 1, member: 2 };
  const me = page.items.find((m) => m.user.id === parley.user.id);
  const list = $('member-list');
  list.replaceChildren();
  for (const member of page.items) {
    const removable = chat.kind === 'group' && me && member.user.id !== me.user.id && rank[me.role] < rank[member.role];
    list.append(el('li', { 'data-testid': 'member' },
      el('span', { class: 'dot' + (state.presence.get(member.user.id)?.online || member.user.id === parley.user.id ? ' online' : '') }),
      el('span', { text: nameOf(member.user) }),
      el('span', { class: 'role', text: member.role }),
      removable ? el('button', { type: 'button', class: 'danger', text: 'Remove',
        onclick: async () => { await parley.del(`/api/v1/chats/${chat.id}/members/${member.user.id}`); loadMembers(); } }) : null));
  }
  $('add-member').hidden = !(chat.kind === 'group' && me && me.role !== 'member');
  $('leave').hidden = chat.kind !== 'group';
}

$('add-member').addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = $('add-member-name').value.trim();
  const users = await parley.get(`/api/v1/users?q=${encodeURIComponent(name)}&limit=10`);
  const user = users.items.find((u) => u.username === name.toLowerCase()) || users.items[0];
  if (!user) { alertInline(`No user named ${name}`); return; }
  try {
    await parley.post(`/api/v1/chats/${state.chatId}/members`, { userId: user.id });
    $('add-member-name').value = '';
    loadMembers();
  } catch (e) {
    alertInline(problem(e));
  }
});

$('leave').addEventListener('click', async () => {
  try {
    await parley.post(`/api/v1/chats/${state.chatId}/leave`);
    state.chats.delete(state.chatId);
    state.order = state.order.filter((id) => id !== state.chatId);
    closeChat();
    renderChatList();
  } catch (e) {
    alertInline(problem(e));
  }
});

// ---- live events ---------------------------------------------------------------------------
parley.on('status', (status) => {
  $('banner').hidden = status !== 'reconnecting';
});

parley.on('message_created', ({ chatId, message }) => {
  const chat = state.chats.get(chatId);
  if (!chat) { loadChats(); return; }
  chat.lastMessage = { ...message };
  chat.lastSeq = Math.max(chat.lastSeq, message.seq);
  toTop(chatId);
  const open = state.chatId === chatId;
  const mine = message.author.id === parley.user.id;
  if (open) {
    const pending = state.messages.find((m) => m.clientMsgId === message.clientMsgId && mine);
    if (pending) Object.assign(pending, message, { pending: false, failed: false });
    else if (!state.messages.some((m) => m.id === message.id)) state.messages.push(message);
    const atBottom = nearBottom();
    renderMessages();
    if (atBottom || mine) scrollToBottom();
    clearTyping(message.author.id);
  }
  if (!mine && !(open && nearBottom() && !document.hidden)) chat.unreadCount += 1;
  renderChatList();
  if (open) markRead();
});

function replaceMessage(chatId, message) {
  const chat = state.chats.get(chatId);
  if (chat && chat.lastMessage && chat.lastMessage.id === message.id) {
    Object.assign(chat.lastMessage, { text: message.text, deleted: message.deleted });
    renderChatList();
  }
  if (state.chatId === chatId) {
    const index = state.messages.findIndex((m) => m.id === message.id);
    if (index >= 0) { state.messages[index] = message; renderMessages(); }
  }
}

parley.on('message_edited', ({ chatId, message }) => replaceMessage(chatId, message));

parley.on('message_deleted', ({ chatId, messageId }) => {
  const known = state.chatId === chatId && state.messages.find((m) => m.id === messageId);
  const chat = state.chats.get(chatId);
  if (known) replaceMessage(chatId, { ...known, text: null, deleted: true });
  else if (chat && chat.lastMessage && chat.lastMessage.id === messageId) {
    chat.lastMessage.deleted = true;
    renderChatList();
  }
});

for (const type of ['member_joined', 'member_added', 'member_left', 'member_removed', 'role_changed']) {
  parley.on(type, ({ chatId, user, role }) => {
    const chat = state.chats.get(chatId);
    const aboutMe = user && user.id === parley.user.id;
    if (aboutMe && (type === 'member_left' || type === 'member_removed')) {
      state.chats.delete(chatId);
      state.order = state.order.filter((id) => id !== chatId);
      if (state.chatId === chatId) closeChat();
      renderChatList();
      return;
    }
    if (!chat) { loadChats(); return; }
    if (type === 'member_joined' || type === 'member_added') chat.memberCount += 1;
    if (type === 'member_left' || type === 'member_removed') chat.memberCount -= 1;
    if (aboutMe && type === 'role_changed') chat.role = role;
    if (state.chatId === chatId) {
      renderSubtitle();
      if (!$('members').hidden) loadMembers();
    }
  });
}

parley.on('chat_added', () => loadChats());

parley.on('typing', ({ chatId, userId, expiresInMs }) => {
  if (userId === parley.user.id || chatId !== state.chatId) return;
  clearTimeout(state.typing.get(userId));
  state.typing.set(userId, setTimeout(() => clearTyping(userId), expiresInMs));
  renderTyping();
});

function clearTyping(userId) {
  clearTimeout(state.typing.get(userId));
  if (state.typing.delete(userId)) renderTyping();
}

async function renderTyping() {
  const ids = [...state.typing.keys()];
  if (!ids.length) { $('typing').textContent = ''; return; }
  const chat = state.chats.get(state.chatId);
  const names = chat && chat.kind === 'direct' ? [nameOf(chat.peer)] : await Promise.all(
    ids.map((id) => parley.get(`/api/v1/users/${id}`).then(nameOf, () => 'someone')));
  $('typing').textContent = `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} typing…`;
}

parley.on('read', ({ chatId, userId, seq }) => {
  const chat = state.chats.get(chatId);
  if (!chat) return;
  if (userId === parley.user.id) {
    chat.readSeq = Math.max(chat.readSeq, seq);
    if (seq >= chat.lastSeq) chat.unreadCount = 0;
    renderChatList();
  } else if (state.chatId === chatId && chat.kind === 'direct') {
    state.peerReadSeq = Math.max(state.peerReadSeq, seq);
    renderMessages();
  }
});

parley.on('presence', ({ userId, online, lastSeenAt }) => {
  state.presence.set(userId, { online, lastSeenAt });
  renderChatList();
  if (state.chatId) {
    renderSubtitle();
    const chat = state.chats.get(state.chatId);
    if (chat && chat.kind === 'group') loadOnline(chat.id);
  }
});

parley.on('refetch', ({ chatId }) => {
  loadChats();
  if (state.chatId === chatId) openChat(chatId);
});

parley.on('chat_removed', ({ chatId }) => {
  state.chats.delete(chatId);
  state.order = state.order.filter((id) => id !== chatId);
  if (state.chatId === chatId) closeChat();
  renderChatList();
});

// ---- boot ----------------------------------------------------------------------------------
(async () => {
  if (await parley.restore()) await start();
  else showAuth();
})();
