// The sandbox page: a phone-sized chat with the real bot, through the local Bot API double.
// Bot messages are Telegram HTML; only Telegram's tags become elements, built one by one.
// Zalo chats are plain text, drawn as text nodes only: numbered options, typed answers.
"use strict";

const LABELS = {
  vi: {
    botSubtitle: "@{username} · chạy thử trên máy này",
    switchLanguage: "Switch the page to English",
    whoAreYou: "Bạn là ai?",
    botTime: "Giờ của bot:",
    jumpReminders: "⏩ {time} nhắc báo cáo",
    jumpSummary: "⏩ {time} tổng hợp",
    jumpMorning: "⏩ Ngày mai 08:00",
    jumped: "Đã chuyển đồng hồ đến {time}. Nhắc báo cáo: {reminded} · cảnh báo hạn: {alerted} · tổng hợp: {summaries}.",
    kind_member: "Thành viên",
    kind_leader: "Tổ trưởng",
    kind_coordinator: "Điều phối xã",
    kind_admin: "Quản trị",
    kind_new: "Người mới",
    addNew: "➕ Người mới",
    hint_member: "{name} là thành viên {team}. Thử bấm 📝 Báo cáo, hoặc gõ «vneid 5, dvc 2».",
    hint_leader: "{name} là tổ trưởng {team}: báo cáo như thành viên và xem 📊 Tổng hợp của tổ.",
    hint_coordinator: "{name} điều phối xã: /summary xem tổng hợp kèm biểu đồ, /broadcast gửi thông báo, /export xuất Excel.",
    hint_admin: "{name} quản trị cả tỉnh: /broadcast cho mọi người, /promote bổ nhiệm điều phối viên, /summary toàn tỉnh.",
    hint_new: "{name} vừa mở link mời: làm theo hướng dẫn của bot để tham gia tổ.",
    hint_join: "Chọn một tổ bên dưới để vào vai người mới mở link mời của tổ đó.",
    joinTitle: "Tham gia tổ bằng link mời",
    joinHint: "Mỗi nút là link mời của một tổ: bấm để thành người mới mở link đó trong Telegram.",
    noCode: "Mở bot mà không có link mời",
    inviteCode: "mã {code}",
    placeholder: "Nhập tin nhắn…",
    send: "Gửi",
    keyboardToggle: "Hiện/ẩn bàn phím của bot",
    edited: "đã sửa",
    download: "Tải về",
    contact: "📱 Đã chia sẻ số điện thoại {phone}",
    offline: "Mất kết nối với sandbox, đang kết nối lại…",
    failed: "Không gửi được: {error}",
    zaloSubtitle: "Zalo · {account} · chạy thử trên máy này",
    channel_zalo: "Zalo",
    channel_telegram: "Telegram",
    hint_zalo_new: "{name} nhắn bot qua Zalo. Zalo không có nút bấm: bot đánh số các lựa chọn, {name} gõ số để trả lời. Để vào tổ, gõ mã mời của tổ (bấm một mã bên dưới để đưa vào ô nhập).",
    hint_zalo_joined: "{name} ({who}) dùng Zalo: gõ «1 12» để báo cáo nhanh (hoạt động 1, 12 người) rồi «1» để gửi; dưới mỗi tin, gõ số của một lựa chọn để trả lời.",
    copyCode: "Đưa mã mời của {team} vào ô nhập",
    zaloPlaceholder: "Gõ số hoặc tin nhắn…",
    sendImage: "Gửi một ảnh (bot chỉ đọc chữ)",
    zalo_image: "🖼️ Ảnh",
    zalo_sticker: "🙂 Nhãn dán",
    zalo_unsupported: "Tin nhắn bot không đọc được",
  },
  en: {
    botSubtitle: "@{username} · running on this machine",
    switchLanguage: "Chuyển trang sang tiếng Việt",
    whoAreYou: "Who are you?",
    botTime: "Bot's time:",
    jumpReminders: "⏩ {time} reminders",
    jumpSummary: "⏩ {time} summary",
    jumpMorning: "⏩ Tomorrow 08:00",
    jumped: "Clock moved to {time}. Reminders: {reminded} · deadline alerts: {alerted} · summaries: {summaries}.",
    kind_member: "Member",
    kind_leader: "Team leader",
    kind_coordinator: "Commune coordinator",
    kind_admin: "Admin",
    kind_new: "Newcomer",
    addNew: "➕ Newcomer",
    hint_member: "{name} is a member of {team}. Try 📝 Báo cáo, or type “vneid 5, dvc 2”.",
    hint_leader: "{name} leads {team}: reports like a member and sees the team's 📊 summary.",
    hint_coordinator: "{name} coordinates a commune: /summary with a chart, /broadcast a notice, /export to Excel.",
    hint_admin: "{name} runs the province: /broadcast to everyone, /promote coordinators, /summary of it all.",
    hint_new: "{name} just opened an invite link: follow the bot to join the team.",
    hint_join: "Pick a team below to be a newcomer opening that team's invite link.",
    joinTitle: "Join a team from an invite link",
    joinHint: "Each button is one team's invite link: tap it to be a newcomer opening it in Telegram.",
    noCode: "Open the bot without an invite link",
    inviteCode: "code {code}",
    placeholder: "Message…",
    send: "Send",
    keyboardToggle: "Show or hide the bot's keyboard",
    edited: "edited",
    download: "Download",
    contact: "📱 Shared phone number {phone}",
    offline: "Lost the connection to the sandbox, reconnecting…",
    failed: "Could not send: {error}",
    zaloSubtitle: "Zalo · {account} · running on this machine",
    channel_zalo: "Zalo",
    channel_telegram: "Telegram",
    hint_zalo_new: "{name} writes to the bot on Zalo. Zalo has no buttons: the bot numbers the options and {name} types the number. To join a team, type its invite code (tap a code below to put it in the text box).",
    hint_zalo_joined: "{name} ({who}) is on Zalo: type «1 12» to report at once (activity 1, twelve people), then «1» to send; under any message, type an option's number to answer.",
    copyCode: "Put the invite code of {team} in the text box",
    zaloPlaceholder: "Type a number or a message…",
    sendImage: "Send a picture (the bot reads text only)",
    zalo_image: "🖼️ Picture",
    zalo_sticker: "🙂 Sticker",
    zalo_unsupported: "A message the bot can't read",
  },
};
const KIND_ICONS = { member: "👩", leader: "🧑‍🌾", coordinator: "👩‍💼", admin: "🧑‍💻", new: "🙋" };
const SUGGESTIONS = {
  member: ["/report", "/myreports", "/deadlines"],
  leader: ["/report", "/summary", "/deadlines"],
  coordinator: ["/summary", "/broadcast", "/export"],
  admin: ["/summary", "/broadcast", "/promote"],
  new: ["/help", "/privacy", "/language"],
};
// On Zalo everything is typed: a report in one message ("1 12": activity 1, twelve people).
const ZALO_SUGGESTIONS = {
  member: ["1 12", "như hôm qua", "/myreports"],
  leader: ["1 12", "như hôm qua", "/summary"],
};
const JOIN = "join";
// The bot's file links on this page's own origin: the only pictures a Zalo chat shows.
const FILES = "/zalo/files/";

const $ = (id) => document.getElementById(id);
const state = {
  lang: localStorage.getItem("sandbox-lang") === "en" ? "en" : "vi",
  username: "", zaloAccount: "", users: [], zaloUsers: [], teams: [], clock: null, clockAt: 0,
  current: null, messages: new Map(), unread: {}, keyboardOpen: null, socket: null,
  opened: new Set(),
};

function t(key, vars = {}) {
  const text = LABELS[state.lang][key] ?? LABELS.vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ""));
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// ---- Telegram HTML: a tokenizer that builds only whitelisted elements ----------------------
const TAGS = {
  b: "b", strong: "b", i: "i", em: "i", u: "u", ins: "u", s: "s", strike: "s", del: "s",
  code: "code", pre: "pre", a: "a", blockquote: "blockquote", span: "span", "tg-spoiler": "span",
};
const ENTITIES = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'", nbsp: "\u00a0" };
const TOKEN = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)>|&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g;

function decodeEntity(name, raw) {
  if (name[0] !== "#") return ENTITIES[name] ?? raw;
  const code = name[1] === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : raw;
}

function decodeText(text) {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (raw, name) => decodeEntity(name, raw));
}

function attribute(attrs, name) {
  const match = new RegExp(`${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, "i").exec(attrs);
  return match ? decodeText(match[1] ?? match[2]) : null;
}

function openTag(name, attrs) {
  if (name === "span" && attribute(attrs, "class") !== "tg-spoiler") return null;
  const node = document.createElement(TAGS[name]);
  if (name === "span" || name === "tg-spoiler") {
    node.className = "spoiler";
    node.addEventListener("click", () => node.classList.add("revealed"));
  }
  if (name === "a") {
    const href = attribute(attrs, "href") || "";
    const start = /^https?:\/\/t\.me\/[\w]+\?start=([\w-]+)$/i.exec(href);
    if (start) {
      node.href = "#";
      node.addEventListener("click", (event) => { event.preventDefault(); newcomer(start[1]); });
    } else if (/^https?:\/\//i.test(href)) {
      node.href = href;
      node.target = "_blank";
      node.rel = "noopener noreferrer";
    }
  }
  return node;
}

function renderHtml(source, root) {
  const stack = [root];
  const names = [null];
  const text = (value) => value && stack[stack.length - 1].appendChild(document.createTextNode(value));
  let last = 0;
  for (const match of source.matchAll(TOKEN)) {
    text(source.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[4] !== undefined) { text(decodeEntity(match[4], match[0])); continue; }
    const name = match[2].toLowerCase();
    if (!(name in TAGS)) { text(match[0]); continue; }
    if (match[1]) {
      const open = names.lastIndexOf(name);
      if (open > 0) { stack.length = open; names.length = open; } else text(match[0]);
      continue;
    }
    const node = openTag(name, match[3]);
    if (!node) { text(match[0]); continue; }
    stack[stack.length - 1].appendChild(node);
    stack.push(node);
    names.push(name);
  }
  text(source.slice(last));
}

// ---- Server calls -------------------------------------------------------------------------
async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  };
  const response = await fetch(path, options);
  const data = await response.json();
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

function toast(text) {
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 4000);
}

async function attempt(action) {
  try { return await action(); } catch (error) { toast(t("failed", { error: error.message })); }
}

async function loadState() {
  const data = await api("/api/state");
  const zaloUsers = data.zalo_users.map((user) => ({ ...user, kind: "new", channel: "zalo" }));
  Object.assign(state, {
    username: data.bot.username, zaloAccount: data.bot.zalo_account,
    users: data.users, zaloUsers, teams: data.teams,
  });
  setClock(data.clock);
  $("bot-name").textContent = data.bot.name;
  renderTitle();
  renderPeople();
  renderGuide();
  renderInvites();
}

// ---- Who the visitor is -------------------------------------------------------------------
function userById(id) { return [...state.users, ...state.zaloUsers].find((user) => user.id === id); }

function kindOf(user) { return user.kind === "new" && user.role ? user.role : user.kind; }

function onZalo() {
  const user = userById(state.current);
  return Boolean(user && user.channel === "zalo");
}

function chatPath(id) {
  return userById(id)?.channel === "zalo" ? `/api/zalo/${id}` : `/api/users/${id}`;
}

function renderTitle() {
  $("phone").classList.toggle("zalo", onZalo());
  $("bot-sub").textContent = onZalo()
    ? t("zaloSubtitle", { account: state.zaloAccount })
    : t("botSubtitle", { username: state.username });
}

// Zalo's people and Telegram's side by side, Zalo first: most volunteers meet the bot on Zalo.
function renderPeople() {
  const nav = $("people");
  nav.replaceChildren();
  for (const [channel, users] of [["zalo", state.zaloUsers], ["telegram", state.users]]) {
    const group = el("div", `people-group ${channel}`);
    group.dataset.channel = channel;
    group.append(el("h2", "people-title", t(`channel_${channel}`)));
    const list = el("div", "people-list");
    for (const user of users) list.append(personChip(user));
    if (channel === "telegram") {
      const add = el("button", "person add", t("addNew"));
      add.type = "button";
      add.id = "add-newcomer";
      add.classList.toggle("active", state.current === JOIN);
      add.addEventListener("click", () => select(JOIN));
      list.append(add);
    }
    group.append(list);
    nav.append(group);
  }
  nav.querySelector(".active")?.scrollIntoView({ block: "nearest", inline: "nearest" });
}

function personChip(user) {
  const zalo = user.channel === "zalo";
  const chip = el("button", zalo ? "person zalo" : "person");
  chip.type = "button";
  chip.dataset.user = user.id;
  const role = t(`kind_${kindOf(user)}`);
  chip.append(el("span", "icon", KIND_ICONS[kindOf(user)] || "🙂"), el("span", "name", user.name),
    el("small", "role", role));
  if (state.unread[user.id]) chip.append(el("span", "badge", String(state.unread[user.id])));
  chip.classList.toggle("active", state.current === user.id);
  chip.addEventListener("click", () => select(user.id));
  return chip;
}

function renderGuide() {
  const user = userById(state.current);
  const kind = user ? kindOf(user) : "new";
  const box = $("suggestions");
  box.replaceChildren();
  box.classList.toggle("codes", Boolean(user && user.channel === "zalo" && !user.role));
  if (user && user.channel === "zalo") {
    renderZaloGuide(user, box);
    return;
  }
  $("hint").textContent = state.current === JOIN
    ? t("hint_join")
    : t(`hint_${kind}`, { name: user ? user.name : "", team: user && user.team ? user.team : "" });
  if (!user) return;
  for (const command of SUGGESTIONS[kind] || []) {
    const chip = el("button", "suggestion", command);
    chip.type = "button";
    chip.addEventListener("click", () => sendText(command));
    box.append(chip);
  }
}

// Zalo has no invite links to tap: before joining, the guide offers each team's code to type.
function renderZaloGuide(user, box) {
  if (user.role) {
    const role = t(`kind_${user.role}`).toLowerCase();
    const who = user.team && user.role !== "coordinator" ? `${role}, ${user.team}` : role;
    $("hint").textContent = t("hint_zalo_joined", { name: user.name, who });
    for (const command of ZALO_SUGGESTIONS[user.role] || SUGGESTIONS[user.role] || []) {
      const chip = el("button", "suggestion", command);
      chip.type = "button";
      chip.addEventListener("click", () => sendText(command));
      box.append(chip);
    }
    return;
  }
  $("hint").textContent = t("hint_zalo_new", { name: user.name });
  for (const team of state.teams) {
    const chip = el("button", "suggestion code");
    chip.type = "button";
    chip.title = t("copyCode", { team: team.name });
    chip.append(el("span", "", team.place.split(",")[0]), el("code", "", team.code));
    chip.addEventListener("click", () => {
      $("input").value = team.code;
      $("input").focus();
    });
    box.append(chip);
  }
}

function renderInvites() {
  const box = $("invites");
  box.replaceChildren();
  for (const team of state.teams) {
    const button = el("button", "invite");
    button.type = "button";
    button.append(el("strong", "", `🔗 ${team.name}`), el("span", "", team.place),
      el("code", "", t("inviteCode", { code: team.code })));
    button.addEventListener("click", () => newcomer(team.code));
    box.append(button);
  }
}

async function select(id) {
  state.current = id;
  state.messages = new Map();
  state.keyboardOpen = null;
  delete state.unread[id];
  watch();
  const joining = id === JOIN;
  $("join").hidden = !joining;
  $("chat").hidden = joining;
  $("composer").hidden = joining;
  renderTitle();
  renderPeople();
  renderGuide();
  renderChat();
  if (joining) return;
  const messages = await resync();
  const user = userById(id);
  if (messages && messages.length === 0 && user && user.opener && !state.opened.has(id)) {
    state.opened.add(id);
    await sendText(user.opener);
  }
}

async function resync() {
  const id = state.current;
  if (id === null || id === JOIN) return null;
  const messages = await attempt(() => api(`${chatPath(id)}/messages`));
  if (!messages || state.current !== id) return null;
  messages.forEach(remember);
  renderChat();
  return messages;
}

async function newcomer(code) {
  const created = await attempt(() => api("/api/users", { invite_code: code || null }));
  if (!created) return;
  await loadState();
  await select(created.user.id);
}

// ---- The chat -----------------------------------------------------------------------------
function remember(message) {
  if (message.deleted) state.messages.delete(message.id);
  else state.messages.set(message.id, message);
}

function ordered() { return [...state.messages.values()].sort((a, b) => a.id - b.id); }

function formatTime(seconds, options) {
  const zone = state.clock ? state.clock.timezone : undefined;
  return new Intl.DateTimeFormat(state.lang === "vi" ? "vi-VN" : "en-GB",
    { timeZone: zone, ...options }).format(new Date(seconds * 1000));
}

function renderMessage(message) {
  const row = el("div", `msg ${message.from_bot ? "bot" : "user"}`);
  row.dataset.id = message.id;
  const bubble = el("div", "bubble");
  if (message.photo) {
    const image = el("img", "photo");
    image.src = message.photo;
    image.alt = "";
    image.addEventListener("load", scrollToEnd);
    bubble.append(image);
  }
  if (message.document) {
    const link = el("a", "document");
    link.href = message.document.url;
    link.download = message.document.name;
    link.append(el("span", "doc-icon", "📄"), el("span", "doc-name", message.document.name),
      el("small", "", t("download")));
    bubble.append(link);
  }
  if (message.contact) bubble.append(el("div", "text", t("contact", { phone: message.contact })));
  const body = el("div", "text");
  if (message.html !== null) renderHtml(message.html, body); else body.textContent = message.text || "";
  if (body.childNodes.length) bubble.append(body);
  const meta = el("span", "meta", formatTime(message.time, { hour: "2-digit", minute: "2-digit" }));
  if (message.edited) meta.prepend(`${t("edited")} `);
  bubble.append(meta);
  row.append(bubble);
  if (message.inline_keyboard) row.append(renderInline(message));
  return row;
}

// A Zalo entry: text as typed (only the bot's own file links become links), a picture only
// from the bot's file links on this origin, and a label for what else a user can send.
function renderZaloMessage(message) {
  const row = el("div", `msg ${message.from_bot ? "bot" : "user"}`);
  row.dataset.id = message.id;
  const bubble = el("div", "bubble");
  if (message.photo && message.photo.startsWith(FILES)) {
    const image = el("img", "photo");
    image.src = message.photo;
    image.alt = "";
    image.addEventListener("load", scrollToEnd);
    bubble.append(image);
  }
  if (message.kind !== "text" && message.kind !== "photo") {
    bubble.append(el("div", "text attachment", t(`zalo_${message.kind}`)));
  }
  if (message.text) {
    const body = el("div", "text");
    appendPlain(body, message.text);
    bubble.append(body);
  }
  bubble.append(el("span", "meta", formatTime(message.time, { hour: "2-digit", minute: "2-digit" })));
  row.append(bubble);
  return row;
}

function appendPlain(node, text) {
  const own = `${location.origin}${FILES}`;
  for (const part of text.split(/(https?:\/\/\S+)/)) {
    if (part.startsWith(own)) {
      const link = el("a", "", part);
      link.href = part;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      node.append(link);
    } else if (part) {
      node.append(document.createTextNode(part));
    }
  }
}

function render(message) { return onZalo() ? renderZaloMessage(message) : renderMessage(message); }

function renderInline(message) {
  const box = el("div", "inline");
  for (const buttons of message.inline_keyboard) {
    const line = el("div", "inline-row");
    for (const button of buttons) {
      const tap = el("button", "inline-button", button.text);
      tap.type = "button";
      if (button.callback_data !== undefined) {
        tap.addEventListener("click", () => press(message.id, button.callback_data, tap));
      } else if (button.url) {
        const start = /[?&]start=([\w-]+)/.exec(button.url);
        tap.addEventListener("click", () => (start
          ? newcomer(start[1])
          : window.open(button.url, "_blank", "noopener")));
      }
      line.append(tap);
    }
    box.append(line);
  }
  return box;
}

function scrollToEnd() {
  const chat = $("chat");
  chat.scrollTop = chat.scrollHeight;
}

function renderChat() {
  $("chat").replaceChildren(...ordered().map(render));
  renderKeyboard();
  scrollToEnd();
}

function currentKeyboard() {
  let keyboard = null;
  let answered = false;
  for (const message of ordered()) {
    if (message.from_bot && message.keyboard) { keyboard = message; answered = false; }
    else if (message.from_bot && message.remove_keyboard) keyboard = null;
    else if (!message.from_bot) answered = true;
  }
  return keyboard && { message: keyboard, closed: keyboard.one_time && answered };
}

function renderKeyboard() {
  const box = $("keyboard");
  const zalo = onZalo();
  const current = state.current === JOIN || zalo ? null : currentKeyboard();
  $("kb-toggle").hidden = !current;
  $("zalo-image").hidden = !zalo;
  $("input").placeholder = zalo
    ? t("zaloPlaceholder")
    : (current && current.message.placeholder) || t("placeholder");
  const open = current && (state.keyboardOpen ?? !current.closed);
  box.hidden = !open;
  box.replaceChildren();
  if (!open) return;
  for (const buttons of current.message.keyboard) {
    const line = el("div", "kb-row");
    for (const button of buttons) {
      const key = el("button", "kb-button", button.text);
      key.type = "button";
      key.addEventListener("click", () => (button.request_contact ? shareContact() : sendText(button.text)));
      line.append(key);
    }
    box.append(line);
  }
}

function place(message) {
  const chat = $("chat");
  const old = chat.querySelector(`[data-id="${message.id}"]`);
  if (message.deleted) {
    if (old) old.remove();
    return;
  }
  const node = render(message);
  if (old) {
    old.replaceWith(node);
    return;
  }
  const later = [...chat.children].find((child) => Number(child.dataset.id) > message.id);
  chat.insertBefore(node, later || null);
}

function received(message) {
  remember(message);
  place(message);
  state.keyboardOpen = null;
  renderKeyboard();
  scrollToEnd();
}

async function sendText(text) {
  const id = state.current;
  const sent = await attempt(() => api(`${chatPath(id)}/text`, { text }));
  if (sent && state.current === id) received(sent);
}

async function sendImage() {
  const id = state.current;
  const sent = await attempt(() => api(`/api/zalo/${id}/image`, {}));
  if (sent && state.current === id) received(sent);
}

async function shareContact() {
  const id = state.current;
  const sent = await attempt(() => api(`/api/users/${id}/contact`, {}));
  if (sent && state.current === id) received(sent);
}

async function press(messageId, data, button) {
  button.classList.add("pressed");
  const answer = await attempt(() => api(`/api/users/${state.current}/press`,
    { message_id: messageId, callback_data: data }));
  button.classList.remove("pressed");
  if (answer && answer.answer) toast(answer.answer);
}

// ---- The bot's clock ----------------------------------------------------------------------
function setClock(clock) {
  state.clock = clock;
  state.clockAt = performance.now();
  $("jump-reminders").textContent = t("jumpReminders", { time: clock.reminder_time });
  $("jump-summary").textContent = t("jumpSummary", { time: clock.summary_time });
  $("jump-morning").textContent = t("jumpMorning");
  showClock();
}

function botNow() { return state.clock.now + (performance.now() - state.clockAt) / 1000; }

function showClock() {
  if (!state.clock) return;
  $("clock-time").textContent = formatTime(botNow(),
    { weekday: "short", day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit" });
}

async function jump(to, button) {
  button.disabled = true;
  const result = await attempt(() => api("/api/clock", { to }));
  button.disabled = false;
  if (!result) return;
  setClock(result.clock);
  const done = result.done;
  const reminded = Object.entries(done).filter(([key]) => key.startsWith("reminder:"))
    .reduce((sum, [, counts]) => sum + (counts.reminded || 0), 0);
  const summary = done.summary || {};
  toast(t("jumped", {
    time: formatTime(botNow(), { weekday: "short", hour: "2-digit", minute: "2-digit" }),
    reminded,
    alerted: (done.deadlines || {}).alerted || 0,
    summaries: (summary.coordinators || 0) + (summary.leaders || 0),
  }));
}

// ---- Live updates -------------------------------------------------------------------------
function watch() {
  const socket = state.socket;
  const chat = state.current;
  if (socket && socket.readyState === WebSocket.OPEN && chat !== null && chat !== JOIN) {
    socket.send(JSON.stringify({ watch: state.current }));
  }
}

function connect(delay = 500) {
  const socket = new WebSocket(`${location.protocol.replace("http", "ws")}//${location.host}/ws`);
  state.socket = socket;
  socket.addEventListener("open", () => {
    $("phone").classList.remove("offline");
    watch();
    resync();
  });
  socket.addEventListener("message", (event) => onPush(JSON.parse(event.data)));
  socket.addEventListener("close", () => {
    $("phone").classList.add("offline");
    toast(t("offline"));
    setTimeout(() => connect(Math.min(delay * 2, 8000)), delay);
  });
}

function onPush(push) {
  if (push.type === "clock") { setClock(push.clock); return; }
  if (push.type === "message" && push.user_id === state.current) {
    received(push.message);
    const user = userById(push.user_id);
    if (user && user.kind === "new") loadState();
    return;
  }
  if (push.user_id !== state.current) {
    state.unread[push.user_id] = (state.unread[push.user_id] || 0) + 1;
    renderPeople();
  }
}

// ---- Start --------------------------------------------------------------------------------
function applyLabels() {
  document.documentElement.lang = state.lang;
  $("lang").textContent = state.lang === "vi" ? "EN" : "VI";
  renderTitle();
  document.querySelectorAll("[data-i18n]").forEach((node) => { node.textContent = t(node.dataset.i18n); });
  document.querySelectorAll("[data-i18n-title]").forEach((node) => { node.title = t(node.dataset.i18nTitle); });
  document.querySelectorAll("[data-i18n-aria]").forEach((node) => { node.ariaLabel = t(node.dataset.i18nAria); });
  if (state.clock) setClock(state.clock);
  renderPeople();
  renderGuide();
  renderInvites();
  renderChat();
}

async function start() {
  $("lang").addEventListener("click", () => {
    state.lang = state.lang === "vi" ? "en" : "vi";
    localStorage.setItem("sandbox-lang", state.lang);
    applyLabels();
  });
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("input").value.trim();
    if (!text) return;
    $("input").value = "";
    sendText(text);
  });
  $("kb-toggle").addEventListener("click", () => {
    state.keyboardOpen = $("keyboard").hidden;
    renderKeyboard();
  });
  $("no-code").addEventListener("click", () => newcomer(null));
  $("zalo-image").addEventListener("click", sendImage);
  document.querySelectorAll("[data-jump]").forEach((button) => {
    button.addEventListener("click", () => jump(button.dataset.jump, button));
  });
  setInterval(showClock, 1000);
  applyLabels();
  await loadState();
  connect();
  // The page opens on a Zalo volunteer: that is where most of them are.
  const first = state.zaloUsers.find((user) => user.role) || state.zaloUsers[0] || state.users[0];
  await select(first ? first.id : JOIN);
}

start();
