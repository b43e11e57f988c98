// Files on their way into the open chat: picked with the attach button, dropped on the chat, or
// pasted (a screenshot from the clipboard). Each uploads at once, with progress and a cancel; the
// message the composer sends next takes those that finished, in the order they were added.
import { $, el } from './dom.js';
import { parley, state } from './state.js';

const MAX_FILES = 10;
/** {key, file, preview (blob URL of an image), progress 0..1, upload (the server's answer), error, cancel} */
let tray = [];
let nextKey = 1;
let onSay = () => {};

/** Where the tray reports what went wrong (the composer's message line). */
export function reportTo(say) {
  onSay = say;
}

export function add(files) {
  const chatId = state.chatId;
  if (!chatId) return;
  for (const file of files) {
    if (tray.length >= MAX_FILES) {
      onSay(`A message takes at most ${MAX_FILES} files.`);
      break;
    }
    const item = { key: nextKey++, file, progress: 0, upload: null, error: null };
    if (file.type && file.type.startsWith('image/')) item.preview = URL.createObjectURL(file);
    const { promise, cancel } = parley.upload(chatId, file, (p) => { item.progress = p; render(); });
    item.cancel = cancel;
    promise.then((upload) => { item.upload = upload; item.progress = 1; render(); },
      (e) => { if (e.code !== 'cancelled') { item.error = e.code === 'body_too_large' ? 'too large' : e.message; render(); } });
    tray.push(item);
  }
  render();
}

function remove(item) {
  if (!item.upload && !item.error) item.cancel();
  if (item.preview) URL.revokeObjectURL(item.preview);
  tray = tray.filter((x) => x !== item);
  render();
}

/** Leaving the chat (closing it, another chat, logging out): what is still uploading stops, the tray empties. */
export function clear() {
  for (const item of [...tray]) remove(item);
}

export function busy() {
  return tray.some((x) => !x.upload && !x.error);
}

export function count() {
  return tray.filter((x) => x.upload).length;
}

/** The finished uploads for the message being sent (ids, and what the pending message shows); the tray empties. */
export function take() {
  const done = tray.filter((x) => x.upload);
  const taken = { ids: done.map((x) => x.upload.id), files: done.map((x) => ({ name: x.upload.name, kind: x.upload.kind })) };
  for (const item of [...tray]) remove(item);
  return taken;
}

function render() {
  const list = $('upload-tray');
  list.hidden = tray.length === 0;
  list.replaceChildren(...tray.map((item) => el('li', { class: 'upload' + (item.error ? ' failed' : ''), 'data-testid': 'upload' },
    item.preview ? el('img', { src: item.preview, alt: '', class: 'thumb' }) : el('span', { class: 'thumb file-icon', text: '📄' }),
    el('span', { class: 'name', dir: 'auto', text: item.file.name || 'pasted image' }),
    item.error ? el('span', { class: 'error', text: item.error })
      : el('progress', { max: '1', value: String(item.progress), 'aria-label': 'Uploaded', 'data-testid': item.upload ? 'uploaded' : 'uploading' }),
    el('button', { type: 'button', class: 'link', 'data-testid': 'remove-upload', 'aria-label': (item.upload ? 'Remove ' : 'Cancel ') + (item.file.name || 'file'),
      text: '✕', onclick: () => remove(item) }))));
}

// ---- where files come from -------------------------------------------------------------------
$('attach').addEventListener('click', () => $('file-input').click());
$('file-input').addEventListener('change', (event) => {
  add([...event.target.files]);
  event.target.value = '';
});

const pane = $('chat');
pane.addEventListener('dragover', (event) => {
  if (![...event.dataTransfer.types].includes('Files')) return;
  event.preventDefault();
  pane.classList.add('dropping');
});
pane.addEventListener('dragleave', (event) => {
  if (event.target === pane) pane.classList.remove('dropping');
});
pane.addEventListener('drop', (event) => {
  pane.classList.remove('dropping');
  if (!event.dataTransfer.files.length) return;
  event.preventDefault();
  add([...event.dataTransfer.files]);
});

$('text').addEventListener('paste', (event) => {
  const files = event.clipboardData ? [...event.clipboardData.files] : [];
  if (!files.length) return; // text pastes as text
  event.preventDefault();
  add(files);
});
