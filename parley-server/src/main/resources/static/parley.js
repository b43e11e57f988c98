// Parley reference client: REST calls, the WebSocket, and resume. No framework, no build step.
// Views use only this module to talk to the server; see docs/protocol.md for the protocol.

const REFRESH_KEY = 'parley.refreshToken';

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
    this.listeners = new Map();
    this.cursors = new Map(); // chatId -> last seq received
    this.pending = new Map(); // command id -> {resolve, reject}
    this.socket = null;
    this.status = 'offline';
    this.commandSeq = 0;
    this.retryDelay = 500;
    this.stopped = true;
  }

  // ---- events ------------------------------------------------------------------------------
  on(type, handler) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(handler);
    return () => this.listeners.get(type).delete(handler);
  }

  emit(type, payload) {
    for (const handler of this.listeners.get(type) || []) handler(payload);
    for (const handler of this.listeners.get('*') || []) handler({ type, payload });
  }

  // ---- session -----------------------------------------------------------------------------
  async register(username, password, displayName) {
    const body = { username, password };
    if (displayName) body.displayName = displayName;
    return this.startSession(await this.request('POST', '/api/v1/auth/register', body, false));
  }

  async login(username, password) {
    return this.startSession(await this.request('POST', '/api/v1/auth/login', { username, password }, false));
  }

  /** Restores the session of a previous visit from the stored refresh token; false when there is none. */
  async restore() {
    const refreshToken = localStorage.getItem(REFRESH_KEY);
    if (!refreshToken) return false;
    try {
      await this.startSession(await this.request('POST', '/api/v1/auth/refresh', { refreshToken }, false));
      return true;
    } catch (e) {
      localStorage.removeItem(REFRESH_KEY);
      return false;
    }
  }

  async logout() {
    const refreshToken = localStorage.getItem(REFRESH_KEY);
    this.disconnect();
    localStorage.removeItem(REFRESH_KEY);
    this.user = null;
    this.accessToken = null;
    if (refreshToken) await this.request('POST', '/api/v1/auth/logout', { refreshToken }, false).catch(() => {});
  }

  startSession(session) {
    this.user = session.user;
    this.accessToken = session.accessToken;
    localStorage.setItem(REFRESH_KEY, session.refreshToken);
    clearTimeout(this.renewTimer);
    this.renewTimer = setTimeout(() => this.renew(), Math.max(10, session.expiresIn - 60) * 1000);
    return session.user;
  }

  /** Rotates the refresh token and hands the new access token to the open socket. */
  async renew() {
    const refreshToken = localStorage.getItem(REFRESH_KEY);
    const session = await this.request('POST', '/api/v1/auth/refresh', { refreshToken }, false);
    this.startSession(session);
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.command({ type: 'auth', token: this.accessToken }).catch(() => {});
    }
  }

  // ---- REST --------------------------------------------------------------------------------
  async request(method, path, body, auth = true, retried = false) {
    const headers = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (auth && this.accessToken) headers.Authorization = `Bearer ${this.accessToken}`;
    const response = await fetch(this.base + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 204) return null;
    const data = await response.json().catch(() => null);
    if (response.ok) return data;
    const code = data && data.code;
    if (auth && !retried && response.status === 401 && code === 'token_expired') {
      await this.renew();
      return this.request(method, path, body, auth, true);
    }
    throw new ParleyError(response.status, code || 'http_' + response.status, data && data.detail);
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
    if (this.socket) this.socket.close(1000, 'bye');
    this.socket = null;
    this.setStatus('offline');
  }

  setStatus(status) {
    if (this.status !== status) {
      this.status = status;
      this.emit('status', status);
    }
  }

  open() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const host = this.base ? new URL(this.base).host : location.host;
    const socket = new WebSocket(`${scheme}://${host}/ws?token=${encodeURIComponent(this.accessToken)}`);
    this.socket = socket;
    this.setStatus(this.cursors.size ? 'reconnecting' : 'connecting');
    socket.onmessage = (event) => this.onFrame(JSON.parse(event.data));
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      for (const { reject } of this.pending.values()) reject(new ParleyError(0, 'disconnected', 'the connection dropped'));
      this.pending.clear();
      if (this.stopped) return;
      this.setStatus('reconnecting');
      const again = () => { this.reconnectTimer = setTimeout(() => this.open(), this.retryDelay); };
      this.retryDelay = Math.min(this.retryDelay * 2, 10000);
      if (event.code === 4003) this.renew().then(again, again); else again();
    };
  }

  /** Resume: tell the server the last seq we have per chat; it replays what we missed. */
  resume() {
    const chats = {};
    for (const [chatId, seq] of this.cursors) chats[chatId] = seq;
    return this.command({ type: 'resume', chats });
  }

  onFrame(frame) {
    switch (frame.type) {
      case 'ready':
        this.resume().then(() => { this.retryDelay = 500; this.setStatus('online'); });
        return;
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
        if (frame.seq !== undefined && frame.chatId !== undefined) {
          const last = this.cursors.get(frame.chatId) || 0;
          if (frame.seq <= last) return; // already seen (never happens with a correct server)
          this.cursors.set(frame.chatId, frame.seq);
        }
        if (frame.type === 'refetch') this.cursors.set(frame.chatId, frame.lastSeq);
        if (frame.type === 'chat_added') this.cursors.set(frame.chat.id, frame.chat.lastSeq);
        this.emit(frame.type, frame);
    }
  }

  /** Remembers where a chat is, so a later resume asks only for what came after. */
  follow(chatId, lastSeq) {
    if (!this.cursors.has(chatId) || this.cursors.get(chatId) < lastSeq) this.cursors.set(chatId, lastSeq);
  }

  command(frame, timeoutMs = 15000) {
    return new Promise((resolve, reject) => {
      if (!this.socket || this.socket.readyState !== WebSocket.OPEN) {
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

  /**
   * Sends a message over the socket (REST when the socket is down). Resending with the same
   * clientMsgId is safe: the server answers with the original message.
   */
  async send(chatId, text, clientMsgId, replyTo) {
    const body = { text, clientMsgId };
    if (replyTo) body.replyTo = replyTo;
    try {
      return await this.command({ type: 'send', chatId, ...body });
    } catch (e) {
      if (e.code !== 'disconnected' && e.code !== 'timeout') throw e;
      const message = await this.post(`/api/v1/chats/${chatId}/messages`, body);
      return { chatId, messageId: message.id, seq: message.seq };
    }
  }

  typing(chatId) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify({ type: 'typing', chatId }));
    }
  }

  static newClientMsgId() {
    return (crypto.randomUUID && crypto.randomUUID()) || String(Date.now()) + Math.random().toString(16).slice(2);
  }
}
