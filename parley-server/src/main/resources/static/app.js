// Parley web client: signing in, the app's routes (#/ and #/chat/<id>, so Back works), the
// connection banner, settings, and the live events handed to the views. All server traffic goes
// through parley.js; all text is rendered as text.
import { loadChats, onOpenChat, renderChatList, toTop } from './chats.js';
import { applyLive, closeChat, markRead, nearBottom, outboxChanged, presenceChanged, readMoved, renderSubtitle, sent, showChat, view } from './conversation.js';
import { $, mentions, nameOf } from './dom.js';
import { showFeed } from './feed.js';
import { askPermission, canNotify, incoming } from './notify.js';
import { loadBell, myAvatar, notificationArrived, onMessage, showFriends, showNotifications, showProfile } from './people.js';
import { forgetChat, parley, prefs, remember, state, theme } from './state.js';

theme.apply();

// ---- signing in ------------------------------------------------------------------------------
let registering = false;

function authMode(register) {
  registering = register;
  $('auth-display-row').hidden = !register;
  $('auth-submit').textContent = register ? 'Create account' : 'Log in';
  $('auth-switch').textContent = register ? 'I have an account' : 'Create an account';
  $('auth-password').autocomplete = register ? 'new-password' : 'current-password';
  $('auth-error').textContent = '';
}

/** The login screen, always in "log in" mode, with why the user is here when it is not obvious. */
function showAuth(notice = '') {
  $('app').hidden = true;
  $('banner').hidden = true;
  $('auth').hidden = false;
  $('auth-form').reset();
  authMode(false);
  $('auth-notice').textContent = notice;
  $('auth-notice').hidden = !notice;
  $('auth-username').focus();
}

$('auth-switch').addEventListener('click', () => authMode(!registering));

$('auth-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('auth-error').textContent = '';
  const username = $('auth-username').value.trim();
  const password = $('auth-password').value;
  try {
    if (registering) await parley.register(username, password, $('auth-display').value.trim());
    else await parley.login(username, password);
    $('auth-form').reset();
    await start();
  } catch (e) {
    $('auth-error').textContent = e.message;
  }
});

$('logout').addEventListener('click', async () => {
  leaveApp(); // the open chat's draft is saved first, then forgotten with the rest
  prefs.clear();
  await parley.logout();
  showAuth();
});

parley.on('session_ended', ({ reason }) => {
  leaveApp();
  showAuth(reason === 'logged_out'
    ? 'You logged out in another tab.'
    : 'Your session has ended (you logged out elsewhere, or it expired). Please log in again.');
});

function leaveApp() {
  state.chats.clear();
  state.order = [];
  closeChat();
  $('chat-list').replaceChildren();
  history.replaceState({ depth: 0 }, '', '#/');
  firstRoute = true;
  document.title = 'Parley';
}

async function start() {
  $('me-name').textContent = nameOf(parley.user);
  remember(parley.user);
  myAvatar();
  renderSettings();
  loadBell().catch(() => {});
  await loadChats(); // if this fails the login form says why, and nothing half-started stays behind
  $('auth').hidden = true;
  $('app').hidden = false;
  parley.connect();
  route();
}

// ---- routes: the chat list and each chat are history entries ----------------------------------
let jumpTo = null;
let depth = 0; // how many chats deep this history entry is: Back (the button, or the phone's) returns to the list
let firstRoute = true;

function go(chatId, seq) {
  jumpTo = seq || null;
  const target = `#/chat/${chatId}`;
  if (location.hash === target) route();
  else location.hash = target;
}

onOpenChat(go);

/** The views of the main pane besides chats, by route. */
const VIEWS = {
  feed: { section: 'feed-view', show: () => showFeed() },
  friends: { section: 'friends-view', show: () => showFriends() },
  people: { section: 'profile-view', show: (id) => showProfile(id === 'me' ? parley.user.id : Number(id)) },
  notifications: { section: 'notifications-view', show: () => showNotifications() },
};
let currentView = null;

function showSection(name) {
  currentView = name;
  for (const [key, view] of Object.entries(VIEWS)) $(view.section).hidden = key !== name;
  for (const [tab, route] of [['tab-chats', null], ['tab-feed', 'feed'], ['tab-friends', 'friends'], ['tab-bell', 'notifications']]) {
    if (route === name) $(tab).setAttribute('aria-current', 'page'); else $(tab).removeAttribute('aria-current');
  }
  if (name) {
    $('empty').hidden = true;
    $('app').classList.add('chat-open');
  }
}

async function route() {
  if (!parley.user) return;
  const chat = location.hash.match(/^#\/chat\/(\d+)$/);
  const view = location.hash.match(/^#\/(feed|friends|notifications|people)(?:\/(\d+|me))?$/);
  const chatId = chat ? Number(chat[1]) : null;
  if (history.state && typeof history.state.depth === 'number') {
    depth = history.state.depth;
  } else {
    depth = (chatId || view) && !firstRoute ? depth + 1 : 0;
    history.replaceState({ depth }, '');
  }
  firstRoute = false;
  const seq = jumpTo;
  jumpTo = null;
  if (view) {
    if (state.chatId) closeChat();
    showSection(view[1]);
    await VIEWS[view[1]].show(view[2]);
  } else if (chatId && state.chats.has(chatId)) {
    showSection(null);
    if (chatId !== state.chatId || seq) await showChat(chatId, seq);
  } else {
    showSection(null);
    closeChat();
  }
}

window.addEventListener('hashchange', route);

function back() {
  if (depth > 0) {
    history.go(-depth);
  } else {
    history.replaceState({ depth: 0 }, '', '#/');
    route();
  }
}

$('back').addEventListener('click', back);
for (const button of document.querySelectorAll('[data-back]')) button.addEventListener('click', back);

// the profile's "Message" button: the direct chat with that person
onMessage(async (user) => {
  const chat = await parley.post('/api/v1/chats/direct', { userId: user.id });
  if (!state.chats.has(chat.id)) await loadChats();
  go(chat.id);
});

// ---- the connection banner ---------------------------------------------------------------------
let countdown;

function renderBanner() {
  clearInterval(countdown);
  const status = parley.status;
  const down = parley.user && (status === 'reconnecting' || status === 'offline') && !parley.stopped;
  $('banner').hidden = !down;
  if (!down) return;
  const waiting = parley.outbox.filter((e) => !e.failed).length;
  const unsent = waiting ? ` ${waiting} message${waiting > 1 ? 's' : ''} will be sent when it is back.` : '';
  $('banner-text').textContent = (status === 'offline' ? 'You are offline.' : 'Connection lost.') + unsent;
  const tick = () => { // the countdown is for the eyes only: a screen reader hears the line above once
    const seconds = Math.max(0, Math.ceil((parley.retryAt - Date.now()) / 1000));
    $('banner-countdown').textContent = seconds ? `Reconnecting in ${seconds} s.` : 'Reconnecting…';
  };
  tick();
  countdown = setInterval(tick, 1000);
}

$('reconnect').addEventListener('click', () => parley.reconnectNow());
parley.on('status', () => { renderBanner(); outboxChanged(); });
parley.on('retry', renderBanner);

// ---- settings: theme, notifications, sound ------------------------------------------------------
const THEMES = ['system', 'light', 'dark'];

function renderSettings() {
  $('theme').textContent = `Theme: ${theme.get()}`;
  const permission = canNotify() ? Notification.permission : 'unsupported';
  $('notify').hidden = permission === 'unsupported' || permission === 'denied';
  $('notify').textContent = permission === 'granted' && prefs.notify ? 'Notifications: on' : 'Notifications: off';
  $('notify').setAttribute('aria-pressed', String(permission === 'granted' && prefs.notify));
  $('sound').textContent = prefs.sound ? 'Sound: on' : 'Sound: off';
  $('sound').setAttribute('aria-pressed', String(prefs.sound));
}

$('theme').addEventListener('click', () => {
  theme.set(THEMES[(THEMES.indexOf(theme.get()) + 1) % THEMES.length]);
  renderSettings();
});

$('notify').addEventListener('click', async () => {
  if (Notification.permission === 'granted') prefs.notify = !prefs.notify;
  else await askPermission();
  renderSettings();
});

$('sound').addEventListener('click', () => {
  prefs.sound = !prefs.sound;
  renderSettings();
});

// ---- live events -----------------------------------------------------------------------------
parley.on('message_created', (frame) => {
  const { chatId, message } = frame;
  const chat = state.chats.get(chatId);
  if (!chat) { loadChats(); return; }
  remember(message.author);
  const mine = message.author.id === parley.user.id;
  if (mine) parley.stored(message.clientMsgId);
  chat.lastMessage = { ...message };
  chat.lastSeq = Math.max(chat.lastSeq, message.seq);
  toTop(chatId);
  const open = state.chatId === chatId;
  const seen = open && !view.hasNewer && nearBottom() && !document.hidden;
  if (open) applyLive(frame);
  if (!mine) {
    if (!seen) chat.unreadCount += 1;
    incoming(chat, message, { inView: seen, mentionsMe: mentions(message.text, parley.user.username) });
  }
  renderChatList();
  if (open) markRead();
});

function previewFollows(chatId, messageId, change) {
  const chat = state.chats.get(chatId);
  if (chat && chat.lastMessage && chat.lastMessage.id === messageId) {
    Object.assign(chat.lastMessage, change);
    renderChatList();
  }
}

parley.on('message_edited', (frame) => {
  previewFollows(frame.chatId, frame.message.id, { text: frame.message.text });
  applyLive(frame);
});

parley.on('message_deleted', (frame) => {
  previewFollows(frame.chatId, frame.messageId, { deleted: true, text: null });
  applyLive(frame);
});

for (const type of ['member_joined', 'member_added', 'member_left', 'member_removed', 'role_changed']) {
  parley.on(type, (frame) => {
    const { chatId, user, role } = frame;
    const chat = state.chats.get(chatId);
    const aboutMe = user && user.id === parley.user.id;
    if (aboutMe && (type === 'member_left' || type === 'member_removed')) {
      forgetChat(chatId);
      if (state.chatId === chatId) { history.replaceState({ depth: 0 }, '', '#/'); closeChat(); }
      renderChatList();
      return;
    }
    if (!chat) { loadChats(); return; }
    chat.lastSeq = Math.max(chat.lastSeq, frame.seq);
    if (type === 'member_joined' || type === 'member_added') chat.memberCount += 1;
    if (type === 'member_left' || type === 'member_removed') chat.memberCount -= 1;
    if (aboutMe && type === 'role_changed') chat.role = role;
    if (state.chatId === chatId) {
      applyLive(frame);
      renderSubtitle();
    }
  });
}

for (const type of ['reaction_added', 'reaction_removed']) {
  parley.on(type, (frame) => {
    const chat = state.chats.get(frame.chatId);
    if (chat) chat.lastSeq = Math.max(chat.lastSeq, frame.seq);
    if (state.chatId === frame.chatId) applyLive(frame);
  });
}

parley.on('chat_added', () => loadChats());

parley.on('chat_removed', ({ chatId }) => {
  forgetChat(chatId);
  if (state.chatId === chatId) { history.replaceState({ depth: 0 }, '', '#/'); closeChat(); }
  renderChatList();
});

parley.on('refetch', async ({ chatId }) => {
  await loadChats();
  if (state.chatId === chatId) showChat(chatId);
});

// typing
const typing = new Map(); // userId -> timer, for the open chat
let typingChat = null;

parley.on('typing', ({ chatId, userId, expiresInMs }) => {
  if (userId === parley.user.id || chatId !== state.chatId) return;
  if (typingChat !== chatId) { // another chat is open now: who typed in the last one is gone
    typing.forEach(clearTimeout);
    typing.clear();
    typingChat = chatId;
  }
  clearTimeout(typing.get(userId));
  typing.set(userId, setTimeout(() => clearTyping(userId), expiresInMs));
  renderTyping();
});

parley.on('message_created', ({ message }) => clearTyping(message.author.id));

function clearTyping(userId) {
  clearTimeout(typing.get(userId));
  if (typing.delete(userId)) renderTyping();
}

let typingShown = 0;
async function renderTyping() {
  const shown = ++typingShown;
  const ids = [...typing.keys()];
  if (!ids.length) { $('typing').textContent = ''; return; }
  const names = await Promise.all(ids.map((id) => state.users.has(id)
    ? nameOf(state.users.get(id))
    : parley.get(`/api/v1/users/${id}`).then((u) => { remember(u); return nameOf(u); }, () => 'someone')));
  if (shown !== typingShown) return; // a newer state was shown meanwhile
  $('typing').textContent = `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} typing…`;
}

/** Switching chats: nobody is typing in the new one yet. */
window.addEventListener('hashchange', () => {
  typing.forEach(clearTimeout);
  typing.clear();
  renderTyping();
});

// reading: my other devices, and other people's receipts
parley.on('read', (frame) => {
  const chat = state.chats.get(frame.chatId);
  if (!chat) return;
  if (frame.userId === parley.user.id) {
    if (frame.seq > chat.readSeq) {
      chat.readSeq = frame.seq;
      if (frame.seq >= chat.lastSeq) chat.unreadCount = 0;
      renderChatList();
    }
  } else {
    readMoved(frame);
  }
});

parley.on('presence', ({ userId, online, lastSeenAt }) => {
  state.presence.set(userId, { online, lastSeenAt });
  renderChatList();
  if (state.chatId) presenceChanged(userId, online);
});

parley.on('outbox', () => { outboxChanged(); renderBanner(); });

parley.on('notification', (frame) => {
  const text = notificationArrived(frame, currentView === 'notifications');
  $('announce').textContent = text;
  if (currentView === 'friends' && frame.notification.kind.startsWith('friend_')) showFriends();
});
parley.on('sent', sent);

// ---- boot ----------------------------------------------------------------------------------
(async function boot(delay = 1000) {
  try {
    if (await parley.restore()) await start();
    else showAuth();
  } catch (e) {
    $('auth').hidden = true;
    $('banner').hidden = false;
    $('banner-text').textContent = 'The server cannot be reached. Trying again…';
    setTimeout(() => boot(Math.min(delay * 2, 15000)), delay);
  }
})();
