// Duplex browser chat page. Plain script, no build step, no dependencies.
//
// Speaks the duplex.v1 subprotocol (JSON text frames with a "type" field) and
// falls back to plain text when the server does not accept it. Every piece of
// text that comes from the network is inserted with textContent, never as HTML.
'use strict';

(() => {
  const SUBPROTOCOL = 'duplex.v1';
  const MAX_ITEMS = 500;          // list items kept (messages and system lines)
  const BACKOFF_MAX_S = 30;       // reconnect delay cap, seconds
  const STABLE_AFTER_MS = 10000;  // a connection this old resets the back-off
  const NAME_KEY = 'duplex.name';
  const NAME_MAX = 64;

  // ---- strings ---------------------------------------------------------------
  const STRINGS = {
    en: {
      title: 'Duplex chat',
      brand: 'Duplex',
      tagline: 'WebSocket chat',
      nameLabel: 'Name',
      namePlaceholder: 'Your name',
      inputLabel: 'Message',
      inputPlaceholder: 'Type a message…',
      send: 'Send',
      reconnectNow: 'Reconnect now',
      messagesLabel: 'Messages',
      newMessages: 'New messages ↓',
      connecting: 'Connecting…',
      connected: 'Connected',
      reconnecting: 'Reconnecting in {s} s',
      reconnectingCode: 'Reconnecting in {s} s (code {code})',
      disconnected: 'Disconnected',
      offline: 'Disconnected (offline)',
      youAre: 'You',
      modeLabel: 'Mode',
      modePlain: 'plain text',
      mode_echo: 'echo',
      mode_broadcast: 'broadcast',
      mode_raw: 'raw',
      unknown: '—',
      server: 'Server',
      welcome: 'Welcome, {name}! You are #{id} on {server}.',
      welcomeAnon: 'Welcome! You are #{id} on {server}.',
      history: 'Earlier messages',
      modeChanged: 'The server now works in {mode} mode.',
      joined: '{name} #{id} joined',
      joinedAnon: '#{id} joined',
      left: '{name} #{id} left',
      leftAnon: '#{id} left',
      renamed: '{old} #{id} is now {name}',
      renamedMe: 'You are now {name}',
      error: 'Error: {message}',
      closed: 'Connection closed (code {code})',
      closedReason: 'Connection closed (code {code}: {reason})',
      plain: 'The server did not accept duplex.v1: plain text mode.',
      renameLater: 'Your new name will be used when you reconnect.',
      binary: '[binary frame, {n} bytes]',
      empty: 'No messages yet. Say hello!',
      switchLang: '中文',
      switchLangTitle: '切换到中文',
    },
    zh: {
      title: 'Duplex 聊天',
      brand: 'Duplex',
      tagline: 'WebSocket 聊天',
      nameLabel: '名字',
      namePlaceholder: '你的名字',
      inputLabel: '消息',
      inputPlaceholder: '输入消息…',
      send: '发送',
      reconnectNow: '立即重连',
      messagesLabel: '消息',
      newMessages: '有新消息 ↓',
      connecting: '正在连接…',
      connected: '已连接',
      reconnecting: '{s} 秒后重新连接',
      reconnectingCode: '{s} 秒后重新连接（代码 {code}）',
      disconnected: '已断开',
      offline: '已断开（离线）',
      youAre: '我',
      modeLabel: '模式',
      modePlain: '纯文本',
      mode_echo: '回显',
      mode_broadcast: '广播',
      mode_raw: '原样',
      unknown: '—',
      server: '服务器',
      welcome: '欢迎，{name}！你是 {server} 上的 #{id}。',
      welcomeAnon: '欢迎！你是 {server} 上的 #{id}。',
      history: '以前的消息',
      modeChanged: '服务器现在以{mode}模式工作。',
      joined: '{name} #{id} 加入了',
      joinedAnon: '#{id} 加入了',
      left: '{name} #{id} 离开了',
      leftAnon: '#{id} 离开了',
      renamed: '{old} #{id} 改名为 {name}',
      renamedMe: '你现在叫 {name}',
      error: '错误：{message}',
      closed: '连接已关闭（代码 {code}）',
      closedReason: '连接已关闭（代码 {code}：{reason}）',
      plain: '服务器不支持 duplex.v1：使用纯文本模式。',
      renameLater: '新名字将在重新连接后生效。',
      binary: '[二进制帧，{n} 字节]',
      empty: '还没有消息。打个招呼吧！',
      switchLang: 'English',
      switchLangTitle: 'Switch to English',
    },
  };

  const params = new URLSearchParams(location.search);
  const lang = pickLang(params.get('lang'), navigator.languages || [navigator.language]);
  const S = STRINGS[lang];

  function pickLang(override, prefs) {
    if (override === 'en' || override === 'zh') return override;
    const first = String(prefs[0] || navigator.language || 'en').toLowerCase();
    return first.startsWith('zh') ? 'zh' : 'en';
  }

  function t(key, vars) {
    const s = S[key] !== undefined ? S[key] : STRINGS.en[key];
    if (!vars) return s;
    return s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] !== undefined ? String(vars[k]) : m));
  }

  // ---- elements --------------------------------------------------------------
  const $ = (id) => document.getElementById(id);
  const el = {
    state: $('state'),
    stateText: $('state-text'),
    reconnect: $('reconnect'),
    myId: $('my-id'),
    mode: $('mode'),
    server: $('server'),
    name: $('name'),
    list: $('messages'),
    empty: $('empty'),
    jump: $('jump'),
    form: $('composer'),
    input: $('input'),
    send: $('send'),
    langSwitch: $('lang-switch'),
  };

  function applyStrings() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t('title');
    for (const node of document.querySelectorAll('[data-i18n]')) {
      node.textContent = t(node.dataset.i18n);
    }
    for (const node of document.querySelectorAll('[data-i18n-placeholder]')) {
      node.placeholder = t(node.dataset.i18nPlaceholder);
    }
    for (const node of document.querySelectorAll('[data-i18n-aria]')) {
      node.setAttribute('aria-label', t(node.dataset.i18nAria));
    }
    const other = lang === 'zh' ? 'en' : 'zh';
    const p = new URLSearchParams(location.search);
    p.set('lang', other);
    el.langSwitch.href = '?' + p.toString();
    el.langSwitch.hreflang = other === 'zh' ? 'zh-CN' : 'en';
    el.langSwitch.title = t('switchLangTitle');
  }

  // ---- state -----------------------------------------------------------------
  let ws = null;
  let plainMode = false;       // server did not accept duplex.v1
  let myId = null;
  let myName = '';
  let wantedName = initialName();
  let attempt = 0;             // failed connections in a row
  let openedAt = 0;
  let reconnectTimer = 0;
  let countdownTimer = 0;
  let reconnectAt = 0;
  let lastCloseCode = null;
  let closeShown = false;      // one "closed" line per run of failures
  let stickToBottom = true;
  const shownKeys = new Set(); // chat messages already on screen (history de-duplication)

  function initialName() {
    const fromUrl = params.get('name');
    if (fromUrl !== null) return fromUrl.trim().slice(0, NAME_MAX);
    try {
      return (localStorage.getItem(NAME_KEY) || '').slice(0, NAME_MAX);
    } catch (e) {
      return '';
    }
  }

  function saveName(name) {
    try {
      localStorage.setItem(NAME_KEY, name);
    } catch (e) {
      // storage may be disabled; the name still works for this page
    }
  }

  function setState(state, vars) {
    el.state.dataset.state = state;
    let text;
    switch (state) {
      case 'connecting': text = t('connecting'); break;
      case 'connected': text = t('connected'); break;
      case 'reconnecting':
        text = vars.code !== null && vars.code !== undefined
          ? t('reconnectingCode', vars) : t('reconnecting', vars);
        break;
      case 'offline': text = t('offline'); break;
      default: text = t('disconnected');
    }
    el.stateText.textContent = text;
    el.reconnect.hidden = !(state === 'reconnecting' || state === 'disconnected' || state === 'offline');
    const open = state === 'connected';
    el.send.disabled = !open;
    el.form.classList.toggle('offline', !open);
  }

  function setIdentity() {
    el.myId.textContent = myId === null ? t('unknown') : '#' + myId;
    el.myId.dataset.id = myId === null ? '' : String(myId);
    el.myId.title = myName || '';
  }

  function setMode(mode, server) {
    const known = Object.prototype.hasOwnProperty.call(STRINGS.en, 'mode_' + mode);
    el.mode.textContent = !mode ? t('unknown') : known ? t('mode_' + mode) : mode;
    el.mode.dataset.mode = mode || '';
    el.server.textContent = server || '';
    el.server.hidden = !server;
  }

  // ---- connection ------------------------------------------------------------
  // The page opened as /?token=SECRET (a server started with --token) passes the token on to its WebSocket.
  function socketUrl() {
    const base = (location.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + location.host + '/chat';
    const query = new URLSearchParams();
    if (wantedName) query.set('name', wantedName);
    const token = new URLSearchParams(location.search).get('token');
    if (token) query.set('token', token);
    const q = query.toString();
    return q ? base + '?' + q : base;
  }

  // Each round first asks for duplex.v1. Browsers fail the handshake when the
  // server answers without a subprotocol, so if that attempt never opens, the
  // same round tries once more without one (plain text mode).
  function connect(withProtocol = true) {
    clearTimers();
    if (ws) return;
    setState('connecting');
    let sock;
    try {
      sock = withProtocol ? new WebSocket(socketUrl(), [SUBPROTOCOL]) : new WebSocket(socketUrl());
    } catch (e) {
      addSystem(t('error', { message: e && e.message ? e.message : String(e) }), 'error');
      setState('disconnected');
      return;
    }
    sock.binaryType = 'arraybuffer';
    sock.duplexAsked = withProtocol;
    ws = sock;
    sock.addEventListener('open', () => onOpen(sock));
    sock.addEventListener('message', (ev) => onMessage(sock, ev));
    sock.addEventListener('close', (ev) => onClose(sock, ev));
    // 'error' is always followed by 'close', which does the work
  }

  function onOpen(sock) {
    if (sock !== ws) return;
    openedAt = Date.now();
    closeShown = false;
    lastCloseCode = null;
    plainMode = sock.protocol === '';
    myId = null;
    setIdentity();
    setState('connected');
    if (plainMode) {
      setMode(t('modePlain'), '');
      addSystem(t('plain'), 'warn');
    }
  }

  function onClose(sock, ev) {
    if (sock !== ws) return;
    ws = null;
    const lived = openedAt ? Date.now() - openedAt : 0;
    const wasOpen = openedAt !== 0;
    openedAt = 0;
    if (!wasOpen && sock.duplexAsked) {
      connect(false);
      return;
    }
    if (wasOpen && lived >= STABLE_AFTER_MS) attempt = 0;
    myId = null;
    setIdentity();
    lastCloseCode = ev.code;
    if (!closeShown || wasOpen) {
      const reason = (ev.reason || '').slice(0, 200);
      addSystem(reason ? t('closedReason', { code: ev.code, reason }) : t('closed', { code: ev.code }),
        wasOpen ? 'warn' : 'error');
      closeShown = true;
    }
    scheduleReconnect();
  }

  function scheduleReconnect() {
    clearTimers();
    if (navigator.onLine === false) {
      setState('offline');
      return; // the 'online' event reconnects
    }
    const base = Math.min(BACKOFF_MAX_S, 2 ** attempt) * 1000;
    const jitter = Math.random() * Math.min(1000, base * 0.25);
    const delay = Math.min(BACKOFF_MAX_S * 1000, base + jitter);
    attempt += 1;
    reconnectAt = Date.now() + delay;
    reconnectTimer = setTimeout(() => connect(true), delay);
    const tick = () => {
      const s = Math.max(1, Math.ceil((reconnectAt - Date.now()) / 1000));
      setState('reconnecting', { s, code: lastCloseCode });
    };
    tick();
    countdownTimer = setInterval(tick, 250);
  }

  function clearTimers() {
    clearTimeout(reconnectTimer);
    clearInterval(countdownTimer);
    reconnectTimer = 0;
    countdownTimer = 0;
  }

  function reconnectNow() {
    if (ws) return;
    attempt = 0;
    connect(true);
  }

  // ---- incoming --------------------------------------------------------------
  function onMessage(sock, ev) {
    if (sock !== ws) return;
    if (typeof ev.data !== 'string') {
      const n = ev.data && ev.data.byteLength !== undefined ? ev.data.byteLength : ev.data.size;
      addChat({ from: 0, text: t('binary', { n }) });
      return;
    }
    if (plainMode) {
      addChat({ from: 0, text: ev.data });
      return;
    }
    let msg = null;
    try {
      msg = JSON.parse(ev.data);
    } catch (e) {
      msg = null;
    }
    if (!msg || typeof msg !== 'object' || Array.isArray(msg) || typeof msg.type !== 'string'
        || !handle(msg)) {
      addChat({ from: 0, text: ev.data });
    }
  }

  // Returns false when the frame is not a duplex.v1 message we understand.
  function handle(msg) {
    switch (msg.type) {
      case 'welcome': {
        if (!isId(msg.id)) return false;
        myId = msg.id;
        myName = str(msg.name);
        setIdentity();
        setMode(str(msg.mode), str(msg.server));
        const vars = { name: myName, id: myId, server: str(msg.server) || 'Duplex' };
        addSystem(t(realName(myName, myId) ? 'welcome' : 'welcomeAnon', vars), 'welcome');
        return true;
      }
      case 'history': {
        if (!Array.isArray(msg.messages)) return false;
        const fresh = msg.messages.filter((m) => m && typeof m === 'object' && typeof m.text === 'string'
          && !shownKeys.has(keyOf(m)));
        if (fresh.length) {
          addSystem(t('history'), 'divider');
          for (const m of fresh) addChat(m, true);
        }
        return true;
      }
      case 'message':
        if (!isId(msg.from) || typeof msg.text !== 'string') return false;
        addChat(msg);
        return true;
      case 'join':
        if (!isId(msg.id)) return false;
        if (msg.id === myId) return true; // the welcome line already says it
        addSystem(t(realName(str(msg.name), msg.id) ? 'joined' : 'joinedAnon', { name: str(msg.name), id: msg.id }), 'join');
        return true;
      case 'leave':
        if (!isId(msg.id)) return false;
        addSystem(t(realName(str(msg.name), msg.id) ? 'left' : 'leftAnon', { name: str(msg.name), id: msg.id }), 'leave');
        return true;
      case 'name':
        if (!isId(msg.id) || typeof msg.name !== 'string') return false;
        if (msg.id === myId) {
          myName = str(msg.name);
          wantedName = myName;
          setIdentity();
          if (document.activeElement !== el.name) el.name.value = myName;
          addSystem(t('renamedMe', { name: myName }), 'name');
        } else {
          addSystem(t('renamed', { old: str(msg.old) || '#' + msg.id, id: msg.id, name: str(msg.name) }), 'name');
        }
        return true;
      case 'mode': {
        if (typeof msg.mode !== 'string') return false;
        setMode(msg.mode, el.server.textContent);
        addSystem(t('modeChanged', { mode: el.mode.textContent }), 'mode');
        return true;
      }
      case 'error':
        if (msg.message === undefined) return false;
        addSystem(t('error', { message: str(msg.message) }), 'error');
        return true;
      default:
        return false;
    }
  }

  // a name the user chose, as opposed to nothing or the server's "#id" stand-in
  const realName = (name, id) => !!name && name !== '#' + id;
  const isId = (v) => typeof v === 'number' && Number.isFinite(v);
  const str = (v) => (v === undefined || v === null ? '' : String(v));
  const keyOf = (m) => str(m.time) + '\u0000' + str(m.from) + '\u0000' + str(m.text);

  // ---- rendering -------------------------------------------------------------
  function pad2(n) {
    return String(n).padStart(2, '0');
  }

  function timeOf(iso) {
    let d = iso ? new Date(iso) : new Date();
    if (Number.isNaN(d.getTime())) d = new Date();
    return d;
  }

  function hhmmss(d) {
    return pad2(d.getHours()) + ':' + pad2(d.getMinutes()) + ':' + pad2(d.getSeconds());
  }

  function hueOf(id) {
    // a stable colour per connection id
    return (Number(id) * 137.508) % 360;
  }

  function addChat(m, fromHistory) {
    const from = isId(m.from) ? m.from : 0;
    const kind = from === 0 ? 'server' : from === myId ? 'mine' : 'other';
    const li = document.createElement('li');
    li.className = 'msg ' + kind + (fromHistory ? ' history' : '');
    li.dataset.testid = 'message';
    li.dataset.from = String(from);

    const meta = document.createElement('div');
    meta.className = 'meta';
    const who = document.createElement('span');
    who.className = 'who';
    const named = from !== 0 && realName(str(m.name), from);
    who.textContent = from === 0 ? t('server') : named ? str(m.name) : '#' + from;
    if (from !== 0) who.style.setProperty('--hue', String(hueOf(from)));
    meta.appendChild(who);
    if (from === 0 || named) {
      const id = document.createElement('span');
      id.className = 'id';
      id.textContent = '#' + from;
      meta.appendChild(id);
    }
    const d = timeOf(m.time);
    const time = document.createElement('time');
    time.dateTime = d.toISOString();
    time.textContent = hhmmss(d);
    time.title = d.toLocaleString(lang === 'zh' ? 'zh-CN' : undefined);
    meta.appendChild(time);

    const text = document.createElement('div');
    text.className = 'text';
    text.dataset.testid = 'message-text';
    text.textContent = str(m.text);

    li.appendChild(meta);
    li.appendChild(text);
    if (m.time !== undefined) {
      li.duplexKey = keyOf(m);
      shownKeys.add(li.duplexKey);
    }
    append(li);
  }

  function addSystem(text, kind) {
    const li = document.createElement('li');
    li.className = 'sys ' + (kind || '');
    li.dataset.testid = 'system';
    const span = document.createElement('span');
    span.className = 'sys-text';
    span.textContent = text;
    const time = document.createElement('time');
    const d = new Date();
    time.dateTime = d.toISOString();
    time.textContent = hhmmss(d);
    li.appendChild(time);
    li.appendChild(span);
    append(li);
  }

  function append(li) {
    const list = el.list;
    const stick = stickToBottom;
    list.appendChild(li);
    while (list.children.length > MAX_ITEMS) {
      const first = list.firstElementChild;
      const next = first.nextElementSibling;
      // when the user has scrolled up, keep what they are reading in place
      // (whether or not the browser does scroll anchoring itself)
      const before = stick ? 0 : next.getBoundingClientRect().top;
      if (first.duplexKey !== undefined) shownKeys.delete(first.duplexKey);
      list.removeChild(first);
      if (!stick) list.scrollTop += next.getBoundingClientRect().top - before;
    }
    el.empty.hidden = true;
    if (stick) {
      scrollToBottom();
    } else {
      el.jump.hidden = false;
    }
  }

  function scrollToBottom() {
    el.list.scrollTop = el.list.scrollHeight;
    stickToBottom = true;
    el.jump.hidden = true;
  }

  function onScroll() {
    const l = el.list;
    stickToBottom = l.scrollHeight - l.scrollTop - l.clientHeight < 48;
    if (stickToBottom) el.jump.hidden = true;
  }

  // ---- outgoing --------------------------------------------------------------
  function sendInput() {
    const text = el.input.value;
    if (!text.trim()) return;
    if (!ws || ws.readyState !== WebSocket.OPEN) return; // keep the text for later
    ws.send(plainMode ? text : JSON.stringify({ type: 'message', text }));
    el.input.value = '';
    el.input.focus();
    scrollToBottom();
  }

  function commitName() {
    const name = el.name.value.trim().slice(0, NAME_MAX);
    el.name.value = name;
    if (name === wantedName) return;
    wantedName = name;
    saveName(name);
    if (!name) return;
    if (ws && ws.readyState === WebSocket.OPEN) {
      if (plainMode) {
        addSystem(t('renameLater'), 'name');
      } else if (name !== myName) {
        ws.send(JSON.stringify({ type: 'name', name }));
      }
    }
  }

  // ---- wiring ----------------------------------------------------------------
  function init() {
    applyStrings();
    el.name.maxLength = NAME_MAX;
    el.name.value = wantedName;
    setIdentity();
    setMode('', '');

    el.form.addEventListener('submit', (e) => {
      e.preventDefault();
      sendInput();
    });
    el.input.addEventListener('keydown', (e) => {
      // Enter sends; Enter that confirms an IME composition (Chinese input) does not
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        sendInput();
      }
    });
    el.name.addEventListener('change', commitName);
    el.name.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        commitName();
        el.input.focus();
      }
    });
    el.list.addEventListener('scroll', onScroll, { passive: true });
    el.jump.addEventListener('click', scrollToBottom);
    el.reconnect.addEventListener('click', reconnectNow);
    window.addEventListener('online', reconnectNow);
    window.addEventListener('offline', () => {
      if (!ws) {
        clearTimers();
        setState('offline');
      }
    });

    connect(true);
    el.input.focus();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
