// Posts: the feed (mine and my friends', newest first), a person's posts, comments with replies,
// and likes. A post is rendered by one function wherever it appears.
import { $, confirmAction, el, fullDate, nameOf, richText, time } from './dom.js';
import { parley } from './state.js';

const PAGE = 20;
const feed = { before: null };

export function avatar(userId, size = 64) {
  return el('img', { class: 'avatar', src: `/media/users/${userId}/avatar?size=${size}`, alt: '', loading: 'lazy' });
}

export function personLink(user) {
  return el('a', { href: `#/people/${user.id}`, class: 'person', dir: 'auto', text: nameOf(user) });
}

// ---- the feed --------------------------------------------------------------------------------
export async function showFeed() {
  feed.before = null;
  $('feed-list').replaceChildren();
  await loadFeed();
}

async function loadFeed() {
  const page = await parley.get(`/api/v1/feed?limit=${PAGE}${feed.before ? `&before=${feed.before}` : ''}`);
  $('feed-list').append(...page.items.map(renderPost));
  if (page.items.length) feed.before = page.items[page.items.length - 1].id;
  $('feed-more').hidden = !page.hasMore;
  if (!$('feed-list').children.length) $('feed-list').append(el('li', { class: 'none', text: 'Nothing here yet: write a post, or find friends.' }));
}

$('feed-more').addEventListener('click', loadFeed);

// ---- pictures: chosen, previewed, uploaded when the post is sent --------------------------------
const IMAGES_MAX = 4;

$('post-images').addEventListener('change', () => {
  const files = [...$('post-images').files];
  $('post-error').textContent = files.length > IMAGES_MAX ? `A post takes up to ${IMAGES_MAX} pictures.` : '';
  $('post-previews').replaceChildren(...files.slice(0, IMAGES_MAX).map((file) => {
    const img = el('img', { alt: file.name, 'data-testid': 'post-preview' });
    const reader = new FileReader(); // a data: URL, which the Content-Security-Policy allows for images
    reader.addEventListener('load', () => { img.src = reader.result; });
    reader.readAsDataURL(file);
    return img;
  }));
  $('post-previews').hidden = !files.length;
});

/** Uploads one picture; answers its id, or throws with the server's reason. */
async function uploadPicture(file) {
  const response = await fetch('/api/v1/posts/images', {
    method: 'POST', headers: { 'Content-Type': file.type || 'application/octet-stream', Authorization: `Bearer ${parley.accessToken}` }, body: file,
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(`${file.name}: ${answer.detail || `refused (${response.status})`}`);
  return answer.id;
}

/** Shows a post's picture: fetched with the token (pictures are not public), shown from memory. */
async function showPicture(img, url) {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${parley.accessToken}` } });
  if (!response.ok) { img.alt = 'The picture could not be loaded'; return; }
  img.src = URL.createObjectURL(await response.blob());
}

$('post-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('post-text').value.trim();
  const files = [...$('post-images').files].slice(0, IMAGES_MAX);
  if (!text && !files.length) return;
  const submit = $('post-form').querySelector('[type=submit]');
  submit.disabled = true;
  try {
    const images = [];
    for (const file of files) images.push(await uploadPicture(file));
    const post = await parley.post('/api/v1/posts', { text, visibility: $('post-visibility').value, images });
    $('post-text').value = '';
    $('post-images').value = '';
    $('post-previews').replaceChildren();
    $('post-previews').hidden = true;
    $('post-error').textContent = '';
    $('feed-list').querySelector('.none')?.remove();
    $('feed-list').prepend(renderPost(post));
  } catch (e) {
    $('post-error').textContent = e.message; // the text and pictures stay, to be fixed
  } finally {
    submit.disabled = false;
  }
});

/** A person's posts on their profile. */
export async function showPostsOf(userId, list) {
  const page = await parley.get(`/api/v1/users/${userId}/posts?limit=${PAGE}`);
  list.replaceChildren(...page.items.map(renderPost));
  if (!page.items.length) list.append(el('li', { class: 'none', text: 'No posts to show.' }));
}

// ---- one post ------------------------------------------------------------------------------
function likeButton(item, path, testId) {
  const button = el('button', {
    type: 'button', class: 'like', 'data-testid': testId, 'aria-pressed': String(item.likedByMe),
    'aria-label': `Like (${item.likeCount})`, text: `♥ ${item.likeCount}`,
  });
  button.addEventListener('click', async () => {
    const liked = button.getAttribute('aria-pressed') === 'true';
    const answer = await parley.request(liked ? 'DELETE' : 'PUT', path);
    button.setAttribute('aria-pressed', String(answer.likedByMe));
    button.setAttribute('aria-label', `Like (${answer.likeCount})`);
    button.textContent = `♥ ${answer.likeCount}`;
  });
  return button;
}

export function renderPost(post) {
  const mine = post.author.id === parley.user.id;
  const comments = el('div', { class: 'comments', hidden: true });
  const toggle = el('button', {
    type: 'button', class: 'link', 'data-testid': 'comments-toggle', 'aria-expanded': 'false',
    text: `Comments (${post.commentCount})`,
  });
  toggle.addEventListener('click', () => {
    const open = comments.hidden;
    comments.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) loadComments(post, comments);
  });
  const item = el('li', { class: 'post', 'data-post-id': post.id, 'data-testid': 'post' },
    el('header', { class: 'post-head' }, avatar(post.author.id), personLink(post.author),
      el('time', { datetime: post.createdAt, title: fullDate(post.createdAt), text: time(post.createdAt) }),
      el('span', { class: 'subtitle', text: post.visibility === 'public' ? 'everyone' : 'friends' })),
    post.text ? el('div', { class: 'text', dir: 'auto', 'data-testid': 'post-text' }, richText(post.text, parley.user.username)) : null,
    post.images.length ? el('div', { class: 'post-images' }, ...post.images.map((image) => {
      // width and height reserve the space before the picture arrives
      const img = el('img', { width: image.width, height: image.height, alt: '', 'data-testid': 'post-image', 'data-image-id': image.id });
      showPicture(img, image.url);
      return img;
    })) : null,
    el('footer', { class: 'post-actions' }, likeButton(post, `/api/v1/posts/${post.id}/like`, 'post-like'), toggle,
      mine ? el('button', { type: 'button', class: 'link', text: 'Delete', onclick: async () => {
        if (!(await confirmAction('Delete this post, with its comments?', 'Delete'))) return;
        await parley.del(`/api/v1/posts/${post.id}`);
        item.remove();
      } }) : null),
    comments);
  return item;
}

async function loadComments(post, box) {
  const page = await parley.get(`/api/v1/posts/${post.id}/comments?limit=100`);
  const list = el('ol', { class: 'comment-list', 'aria-label': 'Comments' }, ...page.items.map((c) => renderComment(post, c, box)));
  const input = el('input', { 'aria-label': 'Write a comment', placeholder: 'Write a comment', dir: 'auto', 'data-testid': 'comment-text' });
  const form = el('form', { class: 'comment-form' }, input, el('button', { type: 'submit', text: 'Comment' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    const body = { text };
    if (form.dataset.replyTo) body.replyTo = Number(form.dataset.replyTo);
    const comment = await parley.post(`/api/v1/posts/${post.id}/comments`, body);
    input.value = '';
    delete form.dataset.replyTo;
    input.placeholder = 'Write a comment';
    list.append(renderComment(post, comment, box));
  });
  box.replaceChildren(list, form);
}

function renderComment(post, comment, box) {
  const canDelete = comment.author.id === parley.user.id || post.author.id === parley.user.id;
  const item = el('li', { class: 'comment', 'data-testid': 'comment' },
    avatar(comment.author.id), personLink(comment.author),
    el('span', { class: 'text', dir: 'auto', 'data-testid': 'comment-text-shown' }, richText(comment.text, parley.user.username)),
    likeButton(comment, `/api/v1/posts/${post.id}/comments/${comment.id}/like`, 'comment-like'),
    el('button', { type: 'button', class: 'link', text: 'Reply', onclick: () => {
      const form = box.querySelector('form');
      form.dataset.replyTo = comment.id;
      const input = form.querySelector('input');
      input.placeholder = `Reply to ${nameOf(comment.author)}`;
      input.focus();
    } }),
    canDelete ? el('button', { type: 'button', class: 'link', text: 'Delete', onclick: async () => {
      await parley.del(`/api/v1/posts/${post.id}/comments/${comment.id}`);
      item.remove();
    } }) : null);
  return item;
}
