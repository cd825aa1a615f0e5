// whatsapp-api-js 6.3.0: no base-URL option, so its fetch rewrites graph.facebook.com to Wabagate.
import { WhatsAppAPI } from "whatsapp-api-js";
import { Text, Image, Template, Language, Reaction } from "whatsapp-api-js/messages";
import { gateway, delivery, PNG, check, expect, sameBytes, finish } from "./common.mjs";

const toGateway = (url, init) => fetch(String(url).replace("https://graph.facebook.com", gateway.base), init);
const api = new WhatsAppAPI({ token: gateway.key, appSecret: gateway.appSecret, v: "v24.0", ponyfill: { fetch: toGateway } });
const { phoneNumberId: pnid, to } = gateway;
const sent = (res) => {
  expect(res.messages?.[0]?.id, `no message id: ${JSON.stringify(res)}`);
  return { id: res.messages[0].id };
};

await check("send_text", async () => sent(await api.sendMessage(pnid, to, new Text("Hello from whatsapp-api-js"))));
await check("send_image_link", async () => sent(await api.sendMessage(pnid, to, new Image(gateway.imageLink, false, "A link"))));
let mediaId;
await check("upload_media", async () => {
  const form = new FormData();
  form.append("file", new Blob([PNG], { type: "image/png" }));
  const res = await api.uploadMedia(pnid, form);
  expect(res.id, `no media id: ${JSON.stringify(res)}`);
  mediaId = res.id;
  return { id: res.id };
});
await check("send_image_id", async () => sent(await api.sendMessage(pnid, to, new Image(mediaId, true))));
await check("send_template", async () => sent(await api.sendMessage(pnid, to, new Template("hello", new Language("en")))));
await check("send_reaction", async () => sent(await api.sendMessage(pnid, to, new Reaction(gateway.customerMessageId, "\u{1F44D}"))));
await check("mark_read", async () => {
  const res = await api.markAsRead(pnid, gateway.customerMessageId, "text");
  expect(res.success === true, JSON.stringify(res));
});
await check("media_lookup_download_delete", async () => {
  const info = await api.retrieveMedia(mediaId, pnid);
  expect(info.mime_type === "image/png" && info.file_size === PNG.length && info.id === mediaId, JSON.stringify(info));
  const file = await api.fetchMedia(info.url);
  expect(file.status === 200 && sameBytes(await file.arrayBuffer(), PNG), `download: ${file.status}`);
  const deleted = await api.deleteMedia(mediaId);
  expect(deleted.success === true, JSON.stringify(deleted));
  const gone = await api.retrieveMedia(mediaId);
  expect(gone.error?.code === 100, JSON.stringify(gone));
});
// whatsapp-api-js does not throw on Graph errors: it returns the error body.
const errorCode = async (client, message) => (await client.sendMessage(pnid, to, message)).error?.code;
await check("error_wrong_token", async () => {
  const wrong = new WhatsAppAPI({ token: "wbg_wrong", secure: false, v: "v24.0", ponyfill: { fetch: toGateway } });
  const code = await errorCode(wrong, new Text("x"));
  expect(code === 190, `code ${code}`);
  return { code };
});
await check("error_unknown_template", async () => {
  const code = await errorCode(api, new Template("no_such_template", new Language("en")));
  expect(code === 132001, `code ${code}`);
  return { code };
});
await check("error_invalid_parameter", async () => {
  const res = await api.sendMessage(pnid, "not-a-number", new Text("x"));
  expect(res.error?.code === 131009, JSON.stringify(res));
  return { code: res.error.code };
});

// The webhook helper: post() verifies X-Hub-Signature-256 over the (escaped) body, then parses.
await check("webhook_customer_message", async () => {
  const hook = delivery("message");
  let seen;
  api.on.message = ({ message, phoneID, from }) => { seen = { body: message.text?.body, phoneID, from }; };
  const status = await api.post(JSON.parse(hook.text), hook.text, hook.headers["x-hub-signature-256"]);
  expect(seen?.phoneID === pnid, `metadata.phone_number_id: ${JSON.stringify(seen)} (${status})`);
  return { text: seen.body, from: seen.from };
});
await check("webhook_status", async () => {
  const hook = delivery("status");
  let seen;
  api.on.status = ({ status, id, phoneID }) => { seen = { status, id, phoneID }; };
  await api.post(JSON.parse(hook.text), hook.text, hook.headers["x-hub-signature-256"]);
  expect(seen?.id, "no status parsed");
  return seen;
});
await check("webhook_tampered_refused", async () => {
  const hook = delivery("status");
  const tampered = hook.text.replace("whatsapp", "whatsapq");
  try {
    await api.post(JSON.parse(tampered), tampered, hook.headers["x-hub-signature-256"]);
  } catch (error) {
    return { refused: error.constructor.name };
  }
  throw new Error("a tampered body was accepted");
});

finish("whatsapp-api-js");
