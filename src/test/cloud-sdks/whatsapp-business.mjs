// whatsapp-business 1.7.2: no base-URL option; its axios instance's baseURL is pointed at Wabagate
// (the SDK's version, v17.0, stays). It has no template listing; it uploads from a file path.
import { writeFileSync, readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import wabaSdk from "whatsapp-business";
import { webhookHandler } from "whatsapp-business/dist/src/webhooks/helpers.js";
import { gateway, delivery, PNG, check, expect, sameBytes, finish } from "./common.mjs";

const { WABAClient } = wabaSdk;
const connect = (apiToken) => {
  const client = new WABAClient({ accountId: gateway.wabaId, phoneId: gateway.phoneNumberId, apiToken });
  client.restClient.fetch.defaults.baseURL = `${gateway.base}/v17.0`;
  return client;
};
const client = connect(gateway.key);
const to = gateway.to;
const sent = (res) => {
  expect(res.messages?.[0]?.id, `no message id: ${JSON.stringify(res)}`);
  return { id: res.messages[0].id };
};
const work = mkdtempSync(join(tmpdir(), "wabagate-whatsapp-business-"));

await check("send_text", async () => sent(await client.sendMessage({ to, type: "text", text: { body: "Hello from whatsapp-business" } })));
await check("send_image_link", async () => sent(await client.sendMessage({ to, type: "image", image: { link: gateway.imageLink } })));
let mediaId;
await check("upload_media", async () => {
  const file = join(work, "dot.png");
  writeFileSync(file, PNG);
  const res = await client.uploadMedia({ file, type: "image/png" });
  expect(res.id, JSON.stringify(res));
  mediaId = res.id;
  return { id: res.id };
});
await check("send_image_id", async () => sent(await client.sendMessage({ to, type: "image", image: { id: mediaId } })));
await check("send_template", async () =>
  sent(await client.sendMessage({ to, type: "template", template: { name: "hello", language: { code: "en" } } })));
await check("send_reaction", async () =>
  sent(await client.sendMessage({ to, type: "reaction", reaction: { message_id: gateway.customerMessageId, emoji: "\u{1F44D}" } })));
await check("mark_read", async () => {
  const res = await client.markMessageAsRead(gateway.customerMessageId);
  expect(res.success === true, JSON.stringify(res));
});
await check("media_lookup_download_delete", async () => {
  const info = await client.getMedia(mediaId);
  expect(info.mime_type === "image/png" && info.file_size === PNG.length, JSON.stringify(info));
  const saved = join(work, "downloaded.png");
  const stream = await client.downloadMedia(info.url, saved);
  await new Promise((resolve, reject) => stream.on("finish", resolve).on("error", reject));
  expect(sameBytes(readFileSync(saved), PNG), "downloaded bytes differ");
  const deleted = await client.deleteMedia(mediaId);
  expect(deleted.success === true, JSON.stringify(deleted));
});
await check("read_profile", async () => {
  const res = await client.getBusinessProfile();
  const profile = res.data?.[0];
  expect(profile?.about === "Fresh bread", JSON.stringify(res));
  return { about: profile.about };
});
// It rejects with Meta's inner error object ({message, type, code, error_data, fbtrace_id}).
const rejection = async (call) => {
  try {
    await call();
  } catch (error) {
    expect(typeof error.code === "number" && error.fbtrace_id && error.type, `not Meta's error object: ${error}`);
    return error;
  }
  throw new Error("no error");
};
await check("error_wrong_token", async () => {
  const error = await rejection(() => connect("wbg_wrong").sendMessage({ to, type: "text", text: { body: "x" } }));
  expect(error.code === 190, JSON.stringify(error));
  return { code: error.code };
});
await check("error_unknown_template", async () => {
  const error = await rejection(() =>
    client.sendMessage({ to, type: "template", template: { name: "no_such_template", language: { code: "en" } } }));
  expect(error.code === 132001, JSON.stringify(error));
  return { code: error.code };
});
await check("error_invalid_parameter", async () => {
  const error = await rejection(() => client.sendMessage({ to: "not-a-number", type: "text", text: { body: "x" } }));
  expect(error.code === 131009, JSON.stringify(error));
  return { code: error.code };
});

// Its webhook helper does not verify signatures; it needs contacts[0] beside messages.
await check("webhook_customer_message", async () => {
  let seen;
  webhookHandler(JSON.parse(delivery("message").text), {
    onTextMessageReceived: (message, contact, metadata) => { seen = { text: message.text.body, wa_id: contact.wa_id, metadata }; },
  });
  expect(seen?.metadata?.phone_number_id === gateway.phoneNumberId, JSON.stringify(seen));
  return { text: seen.text, from: seen.wa_id };
});
await check("webhook_status", async () => {
  let seen;
  webhookHandler(JSON.parse(delivery("status").text), { onStatusReceived: (status) => { seen = status; } });
  expect(seen?.id, "no status parsed");
  return { status: seen.status, id: seen.id };
});

finish("whatsapp-business");
