// Parley reference client: REST calls, the WebSocket (resume, liveness, reconnection), the session
// the tabs of one browser share, and the outbox of messages not yet stored. No framework, no build
// step. Views use only this module to talk to the server; docs/protocol.md describes the protocol.

const SESSION_KEY = 'parley.session';
const LOCK = 'parley.refresh';
const OPEN = 1; // WebSocket.OPEN, without depending on the global (tests replace it)

/** The events of a chat's ordered stream: only these carry a seq that moves the chat's cursor. */
const STREAM_EVENTS = new Set([
  'message_created', 'message_edited', 'message_deleted',
  'member_joined', 'member_added', 'member_left', 'member_removed', 'role_changed',
  'reaction_added', 'reaction_removed',
]);

/** Refusals of a send that no retry can change: the message stays in the outbox, failed, with its reason. */
const FINAL_REFUSALS = new Set([
  'empty_text', 'text_too_long', 'invalid_text', 'invalid_reply', 'invalid_client_msg_id', 'invalid_field',
  'client_msg_id_reused', 'not_a_member', 'chat_not_found', 'message_not_found', 'invalid_attachments',
]);

/** Answers of the refresh endpoint that mean the login is over: log in again. */
const SESSION_OVER = new Set(['invalid_refresh_token', 'refresh_token_reused', 'session_ended', 'invalid_token']);

export class ParleyError extends Error {
  constructor(status, code, detail) {
    super(detail || code);
    this.status = status;
    this.code = code;
  }
}

export class Parley {
  constructor(base = '') {
    this.base = base;
    this.user = null;
    this.accessToken = null;
    this.expiresAt = 0;
    this.maxTextLength = 4000; // until the server's `ready` says otherwise
    this.listeners = new Map();
    this.cursors = new Map(); // chatId -> last seq received
    this.pending = new Map(); // command id -> {resolve, reject}
    this.outbox = [];
    this.socket = null;
    this.status = 'offline';
    this.commandSeq = 0;
    this.retryDelay = 500;
    this.retryAt = 0;
    this.livenessMs = 15000; // a protocol ping this often; no pong within pongTimeoutMs drops the socket
    this.pongTimeoutMs = 5000;
    this.stopped = true;
    this.flushing = null;
    window.addEventListener('storage', (event) => {
      if (event.key === SESSION_KEY) this.sessionChangedElsewhere();
      else if (this.user && event.key === this.outboxKey()) { this.loadOutbox(); this.emit('outbox', null); }
    });
    window.addEventListener('online', () => { if (!this.stopped) this.reconnectNow(); });
    window.addEventListener('offline', () => {
      if (this.stopped) return;
      if (this.socket) this.drop(this.socket, 'offline');
      else this.scheduleReconnect('offline');
    });
  }

  // ---- events ------------------------------------------------------------------------------
  on(type, handler) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(handler);
    return () => this.listeners.get(type).delete(handler);
  }

  /** Calls every handler; one that throws does not keep the others from the event. */
  emit(type, payload) {
    for (const handler of this.listeners.get(type) || []) {
      try {
        handler(payload);
      } catch (e) {
        console.error(`a '${type}' handler failed`, e);
      }
    }
  }

  // ---- session -----------------------------------------------------------------------------
  async register(username, password, displayName) {
    const body = { username, password };
    if (displayName) body.displayName = displayName;
    return this.begin(await this.request('POST', '/api/v1/auth/register', body, false));
  }

  async login(username, password) {
    return this.begin(await this.request('POST', '/api/v1/auth/login', { username, password }, false));
  }

  begin(session) {
    this.store(session);
    this.loadOutbox();
    return this.user;
  }

  /**
   * Restores the session of this browser: another tab's fresh access token, or a refresh. False
   * when there is none or it has ended; a server that cannot be reached throws (try again later).
   */
  async restore() {
    if (!readStored()) return false;
    try {
      await this.refresh();
    } catch (e) {
      if (e.code === 'session_over') return false;
      throw e;
    }
    this.loadOutbox();
    return true;
  }

  /** Ends this login on the server and forgets it here, with its drafts and unsent messages. */
  async logout() {
    const stored = readStored();
    this.forget();
    if (stored) await this.request('POST', '/api/v1/auth/logout', { refreshToken: stored.refreshToken }, false).catch(() => {});
  }

  forget() {
    this.disconnect();
    clearTimeout(this.renewTimer);
    if (this.user) localStorage.removeItem(this.outboxKey());
    localStorage.removeItem(SESSION_KEY);
    this.user = null;
    this.accessToken = null;
    this.outbox = [];
    this.cursors.clear();
  }

  store(session) {
    const stored = {
      user: session.user, accessToken: session.accessToken, refreshToken: session.refreshToken,
      expiresAt: Date.now() + session.expiresIn * 1000, storedAt: Date.now(),
    };
    localStorage.setItem(SESSION_KEY, JSON.stringify(stored));
    this.adopt(stored);
  }

  adopt(stored) {
    this.user = stored.user;
    this.accessToken = stored.accessToken;
    this.expiresAt = stored.expiresAt;
    clearTimeout(this.renewTimer);
    const renewIn = Math.max(5000, this.expiresAt - Date.now() - 60000);
    this.renewTimer = setTimeout(() => this.refresh().catch(() => {}), renewIn);
  }

  /**
   * A fresh access token for this tab. One tab of the browser refreshes at a time (Web Locks); a
   * tab that waited finds the token the other one got and takes it, so a refresh token is never
   * presented twice. A login the server says is over ends the session here and in every tab.
   */
  async refresh() {
    const had = this.accessToken;
    const run = async () => {
      const stored = readStored();
      if (!stored) throw this.ended('logged_out');
      // another tab refreshed while this one waited, or just before: take its token instead
      const fresh = stored.expiresAt - Date.now() > 60000;
      if (fresh && (stored.accessToken !== had || Date.now() - (stored.storedAt || 0) < 10000)) {
        this.adopt(stored);
        return;
      }
      let session;
      try {
        session = await this.request('POST', '/api/v1/auth/refresh', { refreshToken: stored.refreshToken }, false);
      } catch (e) {
        if (e.status === 401 && SESSION_OVER.has(e.code)) throw this.ended(e.code, stored.refreshToken);
        throw e;
      }
      this.store(session);
    };
    if (!navigator.locks) {
      await run();
    } else {
      const before = readStored();
      const ran = await navigator.locks.request(LOCK, { ifAvailable: true }, async (lock) => {
        if (!lock) return false;
        await run();
        return true;
      });
      if (!ran) {
        // another tab holds the lock: it is refreshing. Its new session reaches this tab's view of
        // localStorage a moment after its lock is released (storage is synced between a browser's
        // processes asynchronously), so wait for it to show before looking (at most 2 s)
        await navigator.locks.request(LOCK, async () => {
          const deadline = Date.now() + 2000;
          while (Date.now() < deadline) {
            const now = readStored();
            if (!now || !before || now.refreshToken !== before.refreshToken) break;
            await new Promise((resolve) => { setTimeout(resolve, 50); });
          }
          await run();
        });
      }
    }
    if (this.socket && this.socket.readyState === OPEN) {
      this.command({ type: 'auth', token: this.accessToken }).catch(() => {});
    }
  }

  /**
   * The login is over (why: a server code, or `logged_out` in another tab): forget it and say so.
   * The stored session is removed only when it is the one that ended (another tab may hold a new one).
   */
  ended(reason, refreshToken, keepStored = false) {
    const stored = readStored();
    if (!keepStored && stored && (!refreshToken || stored.refreshToken === refreshToken)) localStorage.removeItem(SESSION_KEY);
    const wasIn = this.user !== null;
    this.disconnect();
    clearTimeout(this.renewTimer);
    this.user = null;
    this.accessToken = null;
    this.cursors.clear();
    if (wasIn) this.emit('session_ended', { reason });
    return new ParleyError(401, 'session_over', reason);
  }

  /** Another tab logged in, refreshed or logged out. */
  sessionChangedElsewhere() {
    const stored = readStored();
    if (!this.user) return;
    if (!stored || stored.user.id !== this.user.id) {
      this.ended('logged_out', null, true);
    } else if (stored.accessToken !== this.accessToken) {
      this.adopt(stored);
      if (this.socket && this.socket.readyState === OPEN) this.command({ type: 'auth', token: this.accessToken }).catch(() => {});
    }
  }

  // ---- REST --------------------------------------------------------------------------------
  async request(method, path, body, auth = true, retried = false) {
    const headers = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (auth && this.accessToken) headers.Authorization = `Bearer ${this.accessToken}`;
    let response;
    try {
      response = await fetch(this.base + path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ParleyError(0, 'unreachable', 'the server cannot be reached');
    }
    if (response.status === 204) return null;
    const data = await response.json().catch(() => null);
    if (response.ok) return data;
    const code = (data && data.code) || 'http_' + response.status;
    if (auth && response.status === 401) {
      if (code === 'token_expired' && !retried) {
        await this.refresh();
        return this.request(method, path, body, auth, true);
      }
      if (SESSION_OVER.has(code)) throw this.ended(code);
    }
    throw new ParleyError(response.status, code, data && data.detail);
  }

  /**
   * Uploads a file into a chat, streamed by the browser, with progress (0..1) as it goes: {promise,
   * cancel}. The promise answers the upload ({id, kind, name, ...}) for a message to take.
   */
  upload(chatId, file, onProgress) {
    let xhr = null;
    let cancelled = false;
    const attempt = (retried) => new Promise((resolve, reject) => {
      xhr = new XMLHttpRequest();
      xhr.open('POST', `${this.base}/api/v1/chats/${chatId}/uploads?name=${encodeURIComponent(file.name || 'pasted')}`);
      if (this.accessToken) xhr.setRequestHeader('Authorization', `Bearer ${this.accessToken}`);
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      xhr.upload.onprogress = (e) => { if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total); };
      xhr.onload = () => {
        let data = null;
        try { data = JSON.parse(xhr.responseText); } catch (e) { /* not JSON: the status says enough */ }
        if (xhr.status === 201) resolve(data);
        else if (xhr.status === 401 && data && data.code === 'token_expired' && !retried) {
          this.refresh().then(() => attempt(true)).then(resolve, reject);
        } else reject(new ParleyError(xhr.status, (data && data.code) || 'http_' + xhr.status, data && data.detail));
      };
      xhr.onerror = () => reject(new ParleyError(0, 'unreachable', 'the server cannot be reached'));
      xhr.onabort = () => reject(new ParleyError(0, 'cancelled', 'the upload was cancelled'));
      if (cancelled) xhr.abort();
      else xhr.send(file);
    });
    return { promise: attempt(false), cancel: () => { cancelled = true; if (xhr) xhr.abort(); } };
  }

  get(path) { return this.request('GET', path); }
  post(path, body) { return this.request('POST', path, body === undefined ? {} : body); }
  patch(path, body) { return this.request('PATCH', path, body); }
  del(path) { return this.request('DELETE', path); }

  // ---- WebSocket ---------------------------------------------------------------------------
  connect() {
    this.stopped = false;
    this.open();
  }

  disconnect() {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.livenessTimer);
    const socket = this.socket;
    this.socket = null;
    if (socket) socket.close(1000, 'bye');
    this.failPending();
    this.setStatus('offline');
  }

  setStatus(status) {
    if (this.status !== status) {
      this.status = status;
      this.emit('status', status);
    }
  }

  /** Opens the socket. The token travels in the subprotocol header, never in the URL (proxies log URLs). */
  open() {
    clearTimeout(this.reconnectTimer);
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const host = this.base ? new URL(this.base).host : location.host;
    let socket;
    try {
      socket = new WebSocket(`${scheme}://${host}/ws`, ['parley.v1', 'bearer.' + this.accessToken]);
    } catch (e) {
      this.socket = null;
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    this.setStatus(this.cursors.size ? 'reconnecting' : 'connecting');
    socket.onmessage = (event) => { if (this.socket === socket) this.onFrame(JSON.parse(event.data)); };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      // 4003 token_expired or session_ended; 4001/4002: the token was refused: refresh (or learn the login is over)
      const why = event.code === 4003 ? event.reason || 'token_expired' : event.code === 4001 || event.code === 4002 ? 'token_expired' : 'closed';
      this.drop(socket, why);
    };
  }

  /** The socket is gone (closed, stalled or the browser went offline): fail what waits, plan the next try. */
  drop(socket, why) {
    if (this.socket !== socket) return;
    this.socket = null;
    clearInterval(this.livenessTimer);
    try { socket.close(); } catch (ignored) { /* already closing */ }
    this.failPending();
    if (this.stopped) return;
    if (why === 'session_ended') { this.ended('session_ended'); return; }
    if (why === 'token_expired') {
      this.setStatus('reconnecting');
      this.refresh().then(() => this.scheduleReconnect(), () => { if (!this.stopped) this.scheduleReconnect(); });
      return;
    }
    this.scheduleReconnect(why === 'offline' || navigator.onLine === false ? 'offline' : 'reconnecting');
  }

  /** The next try, after a growing, jittered wait; offline, the browser's `online` event (or the user) calls sooner. */
  scheduleReconnect(status = 'reconnecting') {
    if (this.stopped) return;
    clearTimeout(this.reconnectTimer);
    const delay = status === 'offline' ? 15000 : this.retryDelay * (0.8 + Math.random() * 0.4);
    if (status !== 'offline') this.retryDelay = Math.min(this.retryDelay * 2, 15000);
    this.retryAt = Date.now() + delay;
    this.setStatus(status);
    this.emit('retry', { at: this.retryAt });
    this.reconnectTimer = setTimeout(() => this.open(), delay);
  }

  /** "Reconnect now": skips the backoff wait. */
  reconnectNow() {
    if (this.stopped) return;
    this.retryDelay = 500;
    if (this.socket) this.drop(this.socket, 'closed');
    this.open();
  }

  failPending() {
    for (const { reject } of this.pending.values()) reject(new ParleyError(0, 'disconnected', 'the connection dropped'));
    this.pending.clear();
  }

  /** Resume: tell the server the last seq we have per chat; it replays what we missed. */
  resume() {
    const chats = {};
    for (const [chatId, seq] of this.cursors) chats[chatId] = seq;
    return this.command({ type: 'resume', chats });
  }

  /** A protocol ping on a timer: a connection that stalled without closing is noticed and replaced. */
  watchLiveness(socket) {
    clearInterval(this.livenessTimer);
    this.livenessTimer = setInterval(() => {
      if (this.socket !== socket) return;
      this.command({ type: 'ping' }, this.pongTimeoutMs).catch(() => this.drop(socket, 'stalled'));
    }, this.livenessMs);
  }

  onFrame(frame) {
    switch (frame.type) {
      case 'ready': {
        const socket = this.socket;
        if (frame.maxTextLength) this.maxTextLength = frame.maxTextLength;
        this.resume().then(() => {
          this.retryDelay = 500;
          this.setStatus('online');
          this.watchLiveness(socket);
          this.flush();
        }, () => this.drop(socket, 'closed')); // not resumed: nothing would arrive; try again
        return;
      }
      case 'ack': case 'pong': case 'resumed': {
        const waiter = this.pending.get(frame.id);
        if (waiter) { this.pending.delete(frame.id); waiter.resolve(frame); }
        return;
      }
      case 'error': {
        const waiter = frame.id && this.pending.get(frame.id);
        if (waiter) { this.pending.delete(frame.id); waiter.reject(new ParleyError(0, frame.code, frame.message)); }
        else this.emit('error', frame);
        return;
      }
      default:
        if (STREAM_EVENTS.has(frame.type)) {
          if (frame.seq <= (this.cursors.get(frame.chatId) || 0)) return; // already seen
          this.cursors.set(frame.chatId, frame.seq);
        } else if (frame.type === 'refetch') {
          this.cursors.set(frame.chatId, frame.lastSeq);
        } else if (frame.type === 'chat_added') {
          this.follow(frame.chat.id, frame.chat.lastSeq);
        }
        this.emit(frame.type, frame);
    }
  }

  /**
   * Starts following a chat from `lastSeq`, so a resume asks only for what comes after. A chat
   * already followed keeps its cursor: moving it would skip events still on their way.
   */
  follow(chatId, lastSeq) {
    if (!this.cursors.has(chatId)) this.cursors.set(chatId, lastSeq);
  }

  command(frame, timeoutMs = 15000) {
    return new Promise((resolve, reject) => {
      if (!this.socket || this.socket.readyState !== OPEN) {
        reject(new ParleyError(0, 'disconnected', 'not connected'));
        return;
      }
      const id = 'c' + (++this.commandSeq);
      this.pending.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ ...frame, id }));
      setTimeout(() => {
        if (this.pending.delete(id)) reject(new ParleyError(0, 'timeout', 'no answer from the server'));
      }, timeoutMs);
    });
  }

  typing(chatId) {
    if (this.socket && this.socket.readyState === OPEN) this.socket.send(JSON.stringify({ type: 'typing', chatId }));
  }

  // ---- outbox ------------------------------------------------------------------------------
  // A message the user sent is kept here (and in localStorage) until the server has stored it.
  // It goes out in order, again after every reconnect, always with its first clientMsgId, so a
  // resend after a lost ack gets the original message back, never a second one.

  outboxKey() { return 'parley.outbox.' + this.user.id; }

  loadOutbox() {
    try {
      this.outbox = JSON.parse(localStorage.getItem(this.outboxKey())) || [];
    } catch (e) {
      this.outbox = [];
    }
  }

  saveOutbox() {
    if (this.user) localStorage.setItem(this.outboxKey(), JSON.stringify(this.outbox));
  }

  /** Queues a message and sends it as soon as it can; 'outbox' events tell the views how it goes. */
  /** Changes the outbox as stored now (another tab of this browser may have changed it). */
  changeOutbox(change) {
    this.loadOutbox();
    change();
    this.saveOutbox();
  }

  send(chatId, text, replyTo, attachments = [], files = []) {
    const entry = {
      clientMsgId: Parley.newClientMsgId(), chatId, text, replyTo: replyTo || null, attachments, files,
      createdAt: new Date().toISOString(),
    };
    this.changeOutbox(() => this.outbox.push(entry));
    this.emit('outbox', entry);
    this.flush();
    return entry;
  }

  /** Drops a message from the outbox (the user discarded a refused one). */
  discard(clientMsgId) {
    this.changeOutbox(() => { this.outbox = this.outbox.filter((e) => e.clientMsgId !== clientMsgId); });
    this.emit('outbox', null);
  }

  /** The server stored it (the ack, or its message_created on another path): it leaves the outbox. */
  stored(clientMsgId) {
    if (!this.user || !this.outbox.some((e) => e.clientMsgId === clientMsgId)) return;
    this.changeOutbox(() => { this.outbox = this.outbox.filter((e) => e.clientMsgId !== clientMsgId); });
  }

  /** Sends what waits, oldest first; stops at the first that cannot go now (order is kept). */
  flush() {
    if (this.flushing) { this.flushAgain = true; return this.flushing; }
    this.flushing = (async () => {
      do {
        this.flushAgain = false;
        for (const entry of [...this.outbox]) {
          if (entry.failed || !this.outbox.some((e) => e.clientMsgId === entry.clientMsgId)) continue;
          if (!(await this.deliver(entry))) {
            // not now (no answer, rate limited, store unavailable): try again soon; a reconnect also flushes
            clearTimeout(this.flushTimer);
            if (this.socket && this.socket.readyState === OPEN) this.flushTimer = setTimeout(() => this.flush(), 3000);
            return;
          }
        }
      } while (this.flushAgain);
    })().finally(() => { this.flushing = null; });
    return this.flushing;
  }

  /** One attempt: the socket when it is up, else REST. True when this entry is settled either way. */
  async deliver(entry) {
    const body = { text: entry.text, clientMsgId: entry.clientMsgId };
    if (entry.replyTo) body.replyTo = entry.replyTo;
    if (entry.attachments && entry.attachments.length) body.attachments = entry.attachments;
    try {
      let ack;
      if (this.socket && this.socket.readyState === OPEN) {
        ack = await this.command({ type: 'send', chatId: entry.chatId, ...body });
      } else {
        if (!this.user || navigator.onLine === false) return false;
        const message = await this.post(`/api/v1/chats/${entry.chatId}/messages`, body);
        ack = { chatId: entry.chatId, messageId: message.id, seq: message.seq, message };
      }
      this.stored(entry.clientMsgId);
      this.emit('sent', { entry, ack });
      return true;
    } catch (e) {
      if (!FINAL_REFUSALS.has(e.code)) return false;
      entry.failed = e.code;
      entry.reason = e.message;
      this.changeOutbox(() => {
        const stored = this.outbox.find((x) => x.clientMsgId === entry.clientMsgId);
        if (stored) Object.assign(stored, { failed: e.code, reason: e.message });
      });
      this.emit('outbox', entry);
      return true;
    }
  }

  static newClientMsgId() {
    return (crypto.randomUUID && crypto.randomUUID()) || String(Date.now()) + Math.random().toString(16).slice(2);
  }
}

function readStored() {
  try {
    return JSON.parse(localStorage.getItem(SESSION_KEY));
  } catch (e) {
    return null;
  }
}
