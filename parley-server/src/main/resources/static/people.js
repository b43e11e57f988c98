// People: a person's page (picture, bio, friends, posts; my own to edit), the friends page
// (requests, finding people, the list with an online filter) and the notification bell and feed.
import { $, el, lastSeen, nameOf } from './dom.js';
import { avatar, personLink, showPostsOf } from './feed.js';
import { chatName, openChat } from './chats.js';
import { parley, remember, state } from './state.js';

let openChatWith = () => {};

/** The profile's "Message" button opens a direct chat through the app. */
export function onMessage(handler) {
  openChatWith = handler;
}

/** Cache-busts my own picture after I change it (the redirect is cached a minute). */
let avatarVersion = Date.now();

export function myAvatar() {
  $('me-avatar').src = `/media/users/${parley.user.id}/avatar?size=64&v=${avatarVersion}`;
}

// ---- a person's page -------------------------------------------------------------------------
export async function showProfile(userId) {
  const profile = await parley.get(`/api/v1/users/${userId}/profile`);
  remember(profile.user);
  const me = profile.relation === 'self';
  $('profile-avatar').src = me ? `/media/users/${userId}/avatar?size=256&v=${avatarVersion}` : `/media/users/${userId}/avatar?size=256`;
  $('profile-avatar').alt = `Picture of ${nameOf(profile.user)}`;
  $('profile-name').textContent = `${nameOf(profile.user)} (@${profile.user.username})`;
  $('profile-presence').textContent = profile.user.online ? 'online' : lastSeen(profile.user.lastSeenAt);
  $('profile-bio').textContent = profile.bio;
  $('profile-friends').textContent = `${profile.friendCount} friend${profile.friendCount === 1 ? '' : 's'}`;
  renderRelation(profile);
  $('profile-edit').hidden = !me;
  if (me) $('bio-text').value = profile.bio;
  await showPostsOf(userId, $('profile-posts'));
}

function renderRelation(profile) {
  const id = profile.user.id;
  const act = (label, testId, action) => el('button', { type: 'button', 'data-testid': testId, text: label, onclick: async () => {
    await action();
    showProfile(id);
  } });
  const buttons = {
    self: [],
    none: [act('Add friend', 'add-friend', () => parley.post('/api/v1/friends/requests', { userId: id }))],
    request_sent: [act('Cancel request', 'cancel-request', () => parley.del(`/api/v1/friends/requests/${id}`))],
    request_received: [
      act('Accept', 'accept-friend', () => parley.post(`/api/v1/friends/requests/${id}/accept`)),
      act('Decline', 'decline-friend', () => parley.post(`/api/v1/friends/requests/${id}/decline`)),
    ],
    friends: [act('Remove friend', 'remove-friend', () => parley.del(`/api/v1/friends/${id}`))],
  }[profile.relation];
  const message = profile.relation === 'self' ? null
    : el('button', { type: 'button', class: 'link', text: 'Message', onclick: () => openChatWith(profile.user) });
  $('profile-actions').replaceChildren(...buttons, message || '');
}

// my picture: preview, then upload the file itself
$('avatar-file').addEventListener('change', () => {
  const file = $('avatar-file').files[0];
  $('avatar-upload').disabled = !file;
  if (!file) { $('avatar-preview').hidden = true; return; }
  const reader = new FileReader(); // a data: URL, which the Content-Security-Policy allows for images
  reader.addEventListener('load', () => {
    $('avatar-preview').src = reader.result;
    $('avatar-preview').hidden = false;
  });
  reader.readAsDataURL(file);
});

$('avatar-upload').addEventListener('click', async () => {
  const file = $('avatar-file').files[0];
  if (!file) return;
  $('profile-error').textContent = '';
  const response = await fetch('/api/v1/me/avatar', {
    method: 'PUT', headers: { 'Content-Type': file.type || 'application/octet-stream', Authorization: `Bearer ${parley.accessToken}` }, body: file,
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    $('profile-error').textContent = problem.detail || `The picture was refused (${response.status})`;
    return;
  }
  avatarVersion = Date.now();
  $('avatar-file').value = '';
  $('avatar-preview').hidden = true;
  $('avatar-upload').disabled = true;
  myAvatar();
  refreshAvatars();
  showProfile(parley.user.id);
});

$('avatar-remove').addEventListener('click', async () => {
  await parley.del('/api/v1/me/avatar');
  avatarVersion = Date.now();
  myAvatar();
  refreshAvatars();
  showProfile(parley.user.id);
});

/** My picture changed: the ones on screen load again. */
function refreshAvatars() {
  for (const img of document.querySelectorAll(`img.avatar[src^="/media/users/${parley.user.id}/"]`)) {
    img.src = img.src.replace(/([?&])v=\d+/, '$1').replace(/[?&]$/, '') + `&v=${avatarVersion}`;
  }
}

$('profile-edit').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await parley.patch('/api/v1/me', { bio: $('bio-text').value });
    $('profile-error').textContent = '';
    showProfile(parley.user.id);
  } catch (e) {
    $('profile-error').textContent = e.message;
  }
});

// ---- friends ---------------------------------------------------------------------------------
function personRow(user, ...actions) {
  return el('li', { 'data-testid': 'person', 'data-user-id': user.id }, avatar(user.id), personLink(user),
    user.online ? el('span', { class: 'dot online', role: 'img', 'aria-label': 'online' }) : null, ...actions);
}

function action(label, testId, run) {
  return el('button', { type: 'button', class: 'link', 'data-testid': testId, text: label, onclick: async () => {
    await run();
    showFriends();
  } });
}

export async function showFriends() {
  const [incoming, outgoing, friends] = await Promise.all([
    parley.get('/api/v1/friends/requests/incoming'),
    parley.get('/api/v1/friends/requests/outgoing'),
    parley.get(`/api/v1/friends?limit=100${$('friends-online').checked ? '&online=true' : ''}`),
  ]);
  $('requests-in').replaceChildren(...incoming.items.map((r) => personRow(r.user,
    action('Accept', 'accept-friend', () => parley.post(`/api/v1/friends/requests/${r.user.id}/accept`)),
    action('Decline', 'decline-friend', () => parley.post(`/api/v1/friends/requests/${r.user.id}/decline`)))));
  $('requests-out').replaceChildren(...outgoing.items.map((r) => personRow(r.user, el('span', { class: 'subtitle', text: 'asked' }),
    action('Cancel', 'cancel-request', () => parley.del(`/api/v1/friends/requests/${r.user.id}`)))));
  if (!incoming.items.length && !outgoing.items.length) $('requests-in').append(el('li', { class: 'none', text: 'No open requests.' }));
  $('friends-list').replaceChildren(...friends.items.map((u) => personRow(u)));
  if (!friends.items.length) $('friends-list').append(el('li', { class: 'none', text: 'No friends to show.' }));
}

$('friends-online').addEventListener('change', showFriends);

let findTimer;
$('people-find').addEventListener('input', () => {
  clearTimeout(findTimer);
  findTimer = setTimeout(async () => {
    const q = $('people-find').value.trim();
    if (!q) { $('people-results').replaceChildren(); return; }
    const users = await parley.get(`/api/v1/users?q=${encodeURIComponent(q)}&limit=10`);
    $('people-results').replaceChildren(...users.items.filter((u) => u.id !== parley.user.id).map((u) => personRow(u,
      action('Add friend', 'add-friend', () => parley.post('/api/v1/friends/requests', { userId: u.id })))));
  }, 200);
});

// ---- notifications ---------------------------------------------------------------------------
const DESCRIBE = {
  friend_request: 'wants to be your friend',
  friend_accepted: 'accepted your friend request',
  post_comment: 'commented on your post',
  comment_reply: 'replied to your comment',
  post_like: 'liked your post',
  comment_like: 'liked your comment',
  mention: 'mentioned you',
};

/** "Ann", "Ann and Bob", "Ann and 12 others". */
function whoDid(n) {
  const first = nameOf(n.actors[0]);
  if (n.actorCount === 1) return first;
  if (n.actorCount === 2 && n.actors[1]) return `${first} and ${nameOf(n.actors[1])}`;
  return `${first} and ${n.actorCount - 1} others`;
}

export function describe(n) {
  const where = n.kind === 'mention' && state.chats.get(n.message.chatId);
  return `${whoDid(n)} ${DESCRIBE[n.kind] || n.kind}${where ? ` in ${chatName(where)}` : ''}`;
}

function target(n) {
  if (n.kind === 'friend_request' || n.kind === 'friend_accepted') return `#/people/${n.actors[0].id}`;
  if (n.kind === 'mention') return `#/chat/${n.message.chatId}`;
  return '#/people/me';
}

/** A mention opens its chat at the message; the rest follow their link. */
function follow(n, event) {
  if (n.kind !== 'mention') return;
  event.preventDefault();
  openChat(n.message.chatId, n.message.seq);
}

export function setBell(unread) {
  $('bell-count').hidden = !unread;
  $('bell-count').textContent = unread >= 100 ? '99+' : String(unread);
  $('tab-bell').setAttribute('aria-label', `Notifications, ${unread} unread`);
}

export async function loadBell() {
  const { unread } = await parley.get('/api/v1/notifications/unread');
  setBell(unread);
}

export async function showNotifications() {
  const page = await parley.get('/api/v1/notifications?limit=50');
  $('notifications-list').replaceChildren(...page.items.map(renderNotification));
  if (!page.items.length) $('notifications-list').append(el('li', { class: 'none', text: 'Nothing yet.' }));
  setBell(page.unread);
}

function renderNotification(n) {
  return el('li', { class: n.read ? 'read' : 'unread', 'data-testid': 'notification', 'data-kind': n.kind },
    avatar(n.actors[0].id), el('a', { href: target(n), dir: 'auto', text: describe(n), onclick: (e) => follow(n, e) }));
}

$('notifications-read').addEventListener('click', async () => {
  const { unread } = await parley.post('/api/v1/notifications/read', {});
  setBell(unread);
  showNotifications();
});

/** A notification arrived over the socket: the bell counts it, an open list shows it first. */
export function notificationArrived({ notification, unread }, listOpen) {
  setBell(unread);
  if (listOpen) {
    $('notifications-list').querySelector('.none')?.remove();
    $('notifications-list').prepend(renderNotification(notification));
  }
  return describe(notification);
}

export { personRow };
