// @kapso/whatsapp-cloud-api 0.3.0: baseUrl points at Wabagate (never kapsoApiKey).
import { WhatsAppClient, GraphApiError } from "@kapso/whatsapp-cloud-api";
import { verifySignature, normalizeWebhook } from "@kapso/whatsapp-cloud-api/server";
import { gateway, delivery, PNG, check, expect, sameBytes, finish } from "./common.mjs";

const client = new WhatsAppClient({ baseUrl: gateway.base, accessToken: gateway.key, graphVersion: "v23.0" });
const { phoneNumberId: phoneNumberId, to } = gateway;
const sent = (res) => {
  expect(res.messages?.[0]?.id, `no message id: ${JSON.stringify(res)}`);
  return { id: res.messages[0].id };
};

await check("send_text", async () => sent(await client.messages.sendText({ phoneNumberId, to, body: "Hello from Kapso" })));
await check("send_image_link", async () =>
  sent(await client.messages.sendImage({ phoneNumberId, to, image: { link: gateway.imageLink, caption: "A link" } })));
let mediaId;
await check("upload_media", async () => {
  const res = await client.media.upload({ phoneNumberId, type: "image/png", file: new Blob([PNG]), fileName: "dot.png" });
  expect(res.id, JSON.stringify(res));
  mediaId = res.id;
  return { id: res.id };
});
await check("send_image_id", async () => sent(await client.messages.sendImage({ phoneNumberId, to, image: { id: mediaId } })));
await check("send_template", async () =>
  sent(await client.messages.sendTemplate({ phoneNumberId, to, template: { name: "hello", language: { code: "en" } } })));
await check("send_reaction", async () =>
  sent(await client.messages.sendReaction({ phoneNumberId, to, reaction: { messageId: gateway.customerMessageId, emoji: "\u{1F44D}" } })));
await check("mark_read", async () => {
  const res = await client.messages.markRead({ phoneNumberId, messageId: gateway.customerMessageId, typingIndicator: { type: "text" } });
  expect(res.success === true, JSON.stringify(res));
});
await check("media_lookup_download_delete", async () => {
  const info = await client.media.get({ mediaId, phoneNumberId });
  expect((info.mimeType ?? info.mime_type) === "image/png" && (info.fileSize ?? info.file_size) === PNG.length && info.id === mediaId,
    JSON.stringify(info));
  // Kapso's default sends no Authorization to a host that is not its own: the signed URL is enough.
  const bytes = await client.media.download({ mediaId, phoneNumberId });
  expect(sameBytes(bytes, PNG), "downloaded bytes differ");
  const deleted = await client.media.delete({ mediaId, phoneNumberId });
  expect(deleted.success === true, JSON.stringify(deleted));
});
await check("list_templates", async () => {
  const res = await client.templates.list({ businessAccountId: gateway.wabaId, name: "hello", limit: 10 });
  expect(res.data?.[0]?.name === "hello" && res.data[0].status === "APPROVED", JSON.stringify(res));
  return { count: res.data.length };
});
await check("read_profile", async () => {
  const res = await client.phoneNumbers.businessProfile.get({ phoneNumberId, fields: "about,email,websites" });
  const profile = res.data?.[0] ?? res;
  expect(profile.about === "Fresh bread", JSON.stringify(res));
  return { about: profile.about };
});
const graphError = async (call) => {
  try {
    await call();
  } catch (error) {
    expect(error instanceof GraphApiError, `not a GraphApiError: ${error}`);
    return error;
  }
  throw new Error("no error");
};
await check("error_wrong_token", async () => {
  const wrong = new WhatsAppClient({ baseUrl: gateway.base, accessToken: "wbg_wrong", graphVersion: "v23.0" });
  const error = await graphError(() => wrong.messages.sendText({ phoneNumberId, to, body: "x" }));
  expect(error.code === 190 && error.httpStatus === 401 && error.isAuthError(), JSON.stringify(error.toJSON()));
  return { code: error.code };
});
await check("error_unknown_template", async () => {
  const error = await graphError(() =>
    client.messages.sendTemplate({ phoneNumberId, to, template: { name: "no_such_template", language: { code: "en" } } }));
  expect(error.code === 132001 && error.isTemplateError(), JSON.stringify(error.toJSON()));
  return { code: error.code };
});
await check("error_invalid_parameter", async () => {
  const error = await graphError(() => client.messages.sendText({ phoneNumberId, to: "not-a-number", body: "x" }));
  expect(error.code === 131009 && error.details, JSON.stringify(error.toJSON()));
  return { code: error.code, details: error.details };
});

await check("webhook_customer_message", async () => {
  const hook = delivery("message");
  expect(verifySignature({ appSecret: gateway.appSecret, rawBody: hook.raw, signatureHeader: hook.headers["x-hub-signature-256"] }),
    "signature not verified");
  const parsed = normalizeWebhook(JSON.parse(hook.text));
  expect(parsed.messages.length === 1, JSON.stringify(parsed));
  return { text: parsed.messages[0].text?.body, from: parsed.messages[0].from };
});
await check("webhook_status", async () => {
  const hook = delivery("status");
  expect(verifySignature({ appSecret: gateway.appSecret, rawBody: hook.raw, signatureHeader: hook.headers["x-hub-signature-256"] }),
    "signature not verified");
  const parsed = normalizeWebhook(JSON.parse(hook.text));
  expect(parsed.statuses.length === 1, JSON.stringify(parsed));
  return { status: parsed.statuses[0].status, id: parsed.statuses[0].id };
});
await check("webhook_tampered_refused", async () => {
  const hook = delivery("status");
  const ok = verifySignature({ appSecret: gateway.appSecret, rawBody: hook.text.replace("whatsapp", "whatsapq"),
    signatureHeader: hook.headers["x-hub-signature-256"] });
  expect(!ok, "a tampered body verified");
});

finish("kapso");
