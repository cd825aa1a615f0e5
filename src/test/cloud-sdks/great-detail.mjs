// @great-detail/whatsapp 8.4.0: prefixUrl points at Wabagate; the key goes in request.headers.
import { Client } from "@great-detail/whatsapp";
import { gateway, delivery, PNG, check, expect, sameBytes, finish } from "./common.mjs";

const connect = (key) => new Client({ prefixUrl: gateway.base, graphVersion: "v23.0",
  request: { headers: { Authorization: `Bearer ${key}` }, retry: 0 } });
const client = connect(gateway.key);
const { phoneNumberId: phoneNumberID, to } = gateway;
const sent = async (response) => {
  const res = await response.json();
  expect(res.messages?.[0]?.id, `no message id: ${JSON.stringify(res)}`);
  return { id: res.messages[0].id };
};

await check("send_text", async () => sent(client.message.createMessage({ phoneNumberID, to, type: "text", text: { body: "Hello from great-detail" } })));
await check("send_image_link", async () => sent(client.message.createMessage({ phoneNumberID, to, type: "image", image: { link: gateway.imageLink } })));
let mediaId;
await check("upload_media", async () => {
  const res = await client.media.upload({ phoneNumberID, file: new Blob([PNG], { type: "image/png" }), filename: "dot.png", mimeType: "image/png" }).json();
  expect(res.id, JSON.stringify(res));
  mediaId = res.id;
  return { id: res.id };
});
await check("send_image_id", async () => sent(client.message.createMessage({ phoneNumberID, to, type: "image", image: { id: mediaId } })));
await check("send_template", async () =>
  sent(client.message.createMessage({ phoneNumberID, to, type: "template", template: { name: "hello", language: { code: "en" } } })));
await check("send_reaction", async () =>
  sent(client.message.createMessage({ phoneNumberID, to, type: "reaction", reaction: { message_id: gateway.customerMessageId, emoji: "\u{1F44D}" } })));
await check("mark_read", async () => {
  const res = await client.message.createStatus({ phoneNumberID, status: "read", message_id: gateway.customerMessageId, typing_indicator: { type: "text" } }).json();
  expect(res.success === true, JSON.stringify(res));
});
await check("media_lookup_download_delete", async () => {
  const info = await client.media.getURL({ mediaID: mediaId, phoneNumberID }).json();
  expect(info.mime_type === "image/png" && info.file_size === PNG.length && info.id === mediaId, JSON.stringify(info));
  const bytes = await client.media.download({ mediaURL: info.url }).arrayBuffer();
  expect(sameBytes(bytes, PNG), "downloaded bytes differ");
  const deleted = await client.media.delete({ mediaID: mediaId, phoneNumberID }).json();
  expect(deleted.success === true, JSON.stringify(deleted));
});
await check("list_templates", async () => {
  const res = await client.template.list(gateway.wabaId, { status: "APPROVED", limit: 10 }).json();
  const hello = res.data?.find((template) => template.name === "hello");
  expect(hello?.status === "APPROVED" && res.paging, JSON.stringify(res));
  return { count: res.data.length };
});
await check("read_profile", async () => {
  const res = await client.businessProfile.getBusinessProfile({ phoneNumberID, fields: ["about", "email", "websites"] }).json();
  expect(res.data?.[0]?.about === "Fresh bread", JSON.stringify(res));
  return { about: res.data[0].about };
});
// It throws ky's HTTPError; Meta's error is the response's JSON body.
const httpError = async (call) => {
  try {
    await call();
  } catch (error) {
    expect(error.name === "HTTPError" && error.response, `not ky's HTTPError: ${error}`);
    expect(error.response.headers.get("content-type").includes("application/json"), "error is not JSON");
    return { status: error.response.status, ...(await error.response.json()).error };
  }
  throw new Error("no error");
};
await check("error_wrong_token", async () => {
  const error = await httpError(() => connect("wbg_wrong").message.createMessage({ phoneNumberID, to, type: "text", text: { body: "x" } }).json());
  expect(error.code === 190 && error.status === 401, JSON.stringify(error));
  return { code: error.code };
});
await check("error_unknown_template", async () => {
  const error = await httpError(() =>
    client.message.createMessage({ phoneNumberID, to, type: "template", template: { name: "no_such_template", language: { code: "en" } } }).json());
  expect(error.code === 132001, JSON.stringify(error));
  return { code: error.code };
});
await check("error_invalid_parameter", async () => {
  const error = await httpError(() => client.message.createMessage({ phoneNumberID, to: "not-a-number", type: "text", text: { body: "x" } }).json());
  expect(error.code === 131009, JSON.stringify(error));
  return { code: error.code };
});

const notification = (hook) => client.webhook.eventNotification({ method: "POST", query: {}, headers: hook.headers, body: hook.text });
await check("webhook_customer_message", async () => {
  const event = await notification(delivery("message"));
  expect(await event.signature.sha256.check(gateway.appSecret), "signature not verified");
  const value = event.eventNotification.entry[0].changes[0].value;
  return { text: value.messages[0].text.body, from: value.contacts[0].wa_id };
});
await check("webhook_status", async () => {
  const event = await notification(delivery("status"));
  await event.verifySignature(gateway.appSecret);
  const status = event.eventNotification.entry[0].changes[0].value.statuses[0];
  return { status: status.status, id: status.id };
});
await check("webhook_tampered_refused", async () => {
  const hook = delivery("status");
  const event = await notification({ ...hook, text: hook.text.replace("whatsapp", "whatsapq") });
  expect(!(await event.signature.sha256.check(gateway.appSecret)), "a tampered body verified");
});

finish("great-detail");
