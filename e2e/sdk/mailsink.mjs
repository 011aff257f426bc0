// A real SMTP server on 127.0.0.1 that keeps what it receives, for the SDK
// tests of the e-mail flows (the server under test speaks SMTP to it).
import net from "node:net";

// decodeQP undoes quoted-printable (soft line breaks and =XX escapes).
function decodeQP(s) {
  const bytes = [];
  const text = s.replace(/=\r?\n/g, "");
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "=" && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i]));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

// htmlPart is the decoded text/html part of a raw message.
function htmlPart(raw) {
  const m = raw.match(/Content-Type: text\/html[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/);
  return m ? decodeQP(m[1]) : "";
}

export async function startMailSink() {
  const messages = [];
  const waiters = [];
  const server = net.createServer((sock) => {
    let buf = "";
    let inData = false;
    let to = [];
    const reply = (l) => sock.write(l + "\r\n");
    reply("220 sink ready");
    sock.on("data", (chunk) => {
      buf += chunk.toString("utf8");
      for (;;) {
        if (inData) {
          const end = buf.indexOf("\r\n.\r\n");
          if (end < 0) return;
          const raw = buf.slice(0, end + 2).replace(/^\.\./gm, ".");
          buf = buf.slice(end + 5);
          inData = false;
          messages.push({ to, raw, html: htmlPart(raw) });
          waiters.splice(0).forEach((w) => w());
          reply("250 OK");
          continue;
        }
        const nl = buf.indexOf("\r\n");
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const verb = line.split(" ")[0].toUpperCase();
        if (verb === "EHLO" || verb === "HELO") reply("250 sink");
        else if (verb === "MAIL") { to = []; reply("250 OK"); }
        else if (verb === "RCPT") { to.push(line.match(/<([^>]*)>/)[1]); reply("250 OK"); }
        else if (verb === "DATA") { inData = true; reply("354 go ahead"); }
        else if (verb === "QUIT") { reply("221 bye"); sock.end(); return; }
        else reply("250 OK");
      }
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    host: "127.0.0.1",
    port: server.address().port,
    // take resolves with the first message to `to` (and forgets it).
    async take(to, timeoutMs = 10000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = messages.findIndex((m) => m.to.includes(to));
        if (i >= 0) return messages.splice(i, 1)[0];
        if (Date.now() > deadline) throw new Error(`no e-mail to ${to} within ${timeoutMs} ms`);
        await new Promise((r) => { waiters.push(r); setTimeout(r, 100); });
      }
    },
    close: () => server.close(),
  };
}
