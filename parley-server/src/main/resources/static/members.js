// The members panel of a group: who is online, roles (owners change them), adding someone by
// choosing the exact person, removing and leaving after a confirmation.
import { renderChatList } from './chats.js';
import { closeChat, renderSubtitle, view } from './conversation.js';
import { $, confirmAction, el, nameOf, reconcile } from './dom.js';
import { avatar } from './feed.js';
import { forgetChat, parley, state } from './state.js';

const RANK = { owner: 0, admin: 1, member: 2 };

export function closePanel() {
  $('members').hidden = true;
  $('members-toggle').setAttribute('aria-expanded', 'false');
  $('add-candidates').replaceChildren();
  $('members-error').textContent = '';
}

$('members-toggle').addEventListener('click', () => {
  const open = $('members').hidden;
  if (!open) { closePanel(); return; }
  $('members').hidden = false;
  $('members-toggle').setAttribute('aria-expanded', 'true');
  renderPanel();
});

function problem(text) {
  $('members-error').textContent = text;
}

export function renderPanel() {
  if ($('members').hidden || !view.chatId) return;
  const chat = state.chats.get(view.chatId);
  const me = view.members.get(parley.user.id);
  const sorted = [...view.members.values()].sort((a, b) => RANK[a.role] - RANK[b.role] || nameOf(a.user).localeCompare(nameOf(b.user)));
  // by key: a presence change re-renders one row, not the list (focus and an open role menu stay)
  reconcile($('member-list'), sorted.map((member) => {
    const self = member.user.id === parley.user.id;
    const online = self || view.online.has(member.user.id);
    const canRemove = chat.kind === 'group' && me && !self && RANK[me.role] < RANK[member.role];
    const canChangeRole = chat.kind === 'group' && me && me.role === 'owner' && !self;
    return {
      key: String(member.user.id),
      sig: JSON.stringify([chat.id, nameOf(member.user), member.role, online, canRemove, canChangeRole]),
      render: () => el('li', { 'data-testid': 'member', 'data-user-id': member.user.id },
        avatar(member.user.id),
        el('span', { class: 'dot' + (online ? ' online' : ''), 'data-testid': 'member-dot', role: 'img', 'aria-label': online ? 'online' : 'offline' }),
        el('span', { class: 'member-name', dir: 'auto', text: `${nameOf(member.user)}${self ? ' (you)' : ''}` }),
        canChangeRole ? roleSelect(chat, member) : el('span', { class: 'role', text: member.role }),
        canRemove ? el('button', {
          type: 'button', class: 'danger', text: 'Remove', 'aria-label': `Remove ${nameOf(member.user)}`,
          onclick: () => removeMember(chat, member),
        }) : null),
    };
  }));
  $('add-member').hidden = !(chat.kind === 'group' && me && me.role !== 'member');
  $('leave').hidden = chat.kind !== 'group';
}

function roleSelect(chat, member) {
  const select = el('select', { 'aria-label': `Role of ${nameOf(member.user)}`, 'data-testid': 'role' },
    ...['owner', 'admin', 'member'].map((role) => el('option', { value: role, text: role, selected: role === member.role })));
  select.addEventListener('change', async () => {
    const role = select.value;
    if (role === 'owner' && !(await confirmAction(`Make ${nameOf(member.user)} an owner? Owners can do everything you can.`, 'Make owner'))) {
      select.value = member.role;
      return;
    }
    try {
      await parley.patch(`/api/v1/chats/${chat.id}/members/${member.user.id}`, { role });
      member.role = role;
      problem('');
    } catch (e) {
      select.value = member.role;
      problem(e.message);
    }
  });
  return select;
}

async function removeMember(chat, member) {
  if (!(await confirmAction(`Remove ${nameOf(member.user)} from ${chat.title}?`, 'Remove'))) return;
  try {
    await parley.del(`/api/v1/chats/${chat.id}/members/${member.user.id}`);
  } catch (e) {
    problem(e.message);
  }
}

/** A membership event of the open chat: the member list follows it. */
export function membershipChanged({ type, user, role }) {
  if (type === 'member_joined' || type === 'member_added') {
    view.members.set(user.id, { user, role: 'member', readSeq: 0 });
  } else if (type === 'member_left' || type === 'member_removed') {
    view.members.delete(user.id);
    view.online.delete(user.id);
  } else if (view.members.has(user.id)) {
    view.members.get(user.id).role = role;
  }
  renderSubtitle();
  renderPanel();
}

// ---- adding: the exact username, or a choice between the people it could mean ------------------
$('add-member').addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = $('add-member-name').value.trim().replace(/^@/, '');
  if (!name) return;
  const users = await parley.get(`/api/v1/users?q=${encodeURIComponent(name)}&limit=10`);
  const candidates = users.items.filter((u) => !view.members.has(u.id));
  const exact = candidates.find((u) => u.username === name.toLowerCase());
  $('add-candidates').replaceChildren();
  if (exact) { add(exact); return; }
  if (!candidates.length) { problem(`Nobody called “${name}” who is not a member yet.`); return; }
  problem('');
  $('add-candidates').append(
    el('li', { class: 'hint', text: `Which one did you mean?` }),
    ...candidates.map((u) => el('li', {}, el('button', {
      type: 'button', class: 'link', 'data-testid': 'add-candidate', text: `Add ${nameOf(u)} (@${u.username})`,
      onclick: () => add(u),
    }))));
  $('add-candidates').querySelector('button').focus();
});

async function add(user) {
  try {
    await parley.post(`/api/v1/chats/${view.chatId}/members`, { userId: user.id });
    $('add-member-name').value = '';
    $('add-candidates').replaceChildren();
    problem('');
  } catch (e) {
    problem(e.message);
  }
}

$('leave').addEventListener('click', async () => {
  const chat = state.chats.get(view.chatId);
  if (!(await confirmAction(`Leave ${chat.title}? You will need an invitation to come back to a private group.`, 'Leave'))) return;
  try {
    await parley.post(`/api/v1/chats/${chat.id}/leave`);
    forgetChat(chat.id);
    history.replaceState({ depth: 0 }, '', '#/');
    closeChat();
    renderChatList();
  } catch (e) {
    problem(e.code === 'last_owner'
      ? 'You are the last owner: make someone else owner first (change their role above), then leave.'
      : e.message);
  }
});
