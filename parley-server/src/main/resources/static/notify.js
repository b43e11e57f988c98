// Telling the user something arrived: the unread count in the title and the favicon, desktop
// notifications (asked for on a click, never for the chat they are looking at), and a sound.
import { $, nameOf } from './dom.js';
import { prefs } from './state.js';

let shownCount = -1;

/** The title and the favicon show how many messages wait unread (all chats). */
export function showUnread(total) {
  if (total === shownCount) return;
  shownCount = total;
  document.title = total > 0 ? `(${total}) Parley` : 'Parley';
  $('favicon').href = total > 0 ? badgeIcon(total) : 'favicon.ico';
}

function badgeIcon(count) {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 64;
  const g = canvas.getContext('2d');
  g.fillStyle = '#2f6fed';
  g.fillRect(4, 4, 56, 56);
  g.fillStyle = '#d64545';
  g.beginPath();
  g.arc(44, 20, 20, 0, Math.PI * 2);
  g.fill();
  g.fillStyle = '#fff';
  g.font = 'bold 26px sans-serif';
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.fillText(count > 99 ? '99' : String(count), 44, 21);
  return canvas.toDataURL('image/png');
}

export function canNotify() {
  return 'Notification' in window;
}

/** Asks for permission: call it from a click (browsers ignore requests without a user gesture). */
export async function askPermission() {
  if (!canNotify()) return 'unsupported';
  const answer = await Notification.requestPermission();
  prefs.notify = answer === 'granted';
  return answer;
}

/**
 * A message from someone else arrived. Notifies unless the user is looking at that chat in a
 * focused tab, or muted it (a mention of them notifies even then).
 */
export function incoming(chat, message, { inView, mentionsMe }) {
  if (inView && document.hasFocus() && !document.hidden) return;
  const muted = prefs.muted(chat.id);
  if (muted && !mentionsMe) return;
  if (prefs.sound) beep();
  if (!canNotify() || Notification.permission !== 'granted' || !prefs.notify) return;
  const from = nameOf(message.author);
  const title = chat.kind === 'direct' ? from : `${from} in ${chat.title}`;
  const body = message.text.length > 140 ? message.text.slice(0, 139) + '…' : message.text;
  let notification;
  try {
    notification = new Notification(mentionsMe ? `${title} mentioned you` : title, {
      body, tag: `parley-chat-${chat.id}`, icon: 'icon-192.png',
    });
  } catch (e) {
    return; // some browsers (Chrome on Android) show notifications only through a service worker
  }
  notification.onclick = () => {
    window.focus();
    location.hash = `#/chat/${chat.id}`;
    notification.close();
  };
}

let audio;
function beep() {
  try {
    audio = audio || new AudioContext();
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = 880;
    gain.gain.setValueAtTime(0.08, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.25);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + 0.25);
  } catch (e) {
    // no audio here: the title and the notification still say it
  }
}
