// Shared by the SDK scripts that CloudSdkTests runs against a gateway on loopback. Each check is
// one SDK call (or one webhook helper) and its expected outcome; the script prints one JSON line
// {"sdk", "checks": {name: {ok, ...}}} and exits 1 when any check failed, so the test fails.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

export const gateway = {
  base: env("WABAGATE_BASE"),
  key: env("WABAGATE_KEY"),
  phoneNumberId: env("WABAGATE_PNID"),
  wabaId: env("WABAGATE_WABA"),
  to: env("WABAGATE_TO"),
  customerMessageId: env("WABAGATE_CUSTOMER_MESSAGE_ID"),
  appSecret: env("WABAGATE_APP_SECRET"),
  imageLink: "https://example.com/photo.png",
};

/** A delivery Wabagate made to the test's receiver: its exact bytes and its headers. */
export const delivery = (name) => {
  const dir = env("WABAGATE_DELIVERIES");
  const raw = readFileSync(join(dir, `${name}.body`));
  return { raw, text: raw.toString("utf8"), headers: JSON.parse(readFileSync(join(dir, `${name}.headers.json`), "utf8")) };
};

export const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

const checks = {};

/** Runs one check; `run` returns extra facts to report, or throws / returns {ok:false}. */
export async function check(name, run) {
  try {
    const facts = (await run()) ?? {};
    checks[name] = { ok: facts.ok !== false, ...facts };
  } catch (error) {
    checks[name] = { ok: false, error: String(error?.stack ?? error) };
  }
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

export function sameBytes(a, b) {
  const x = new Uint8Array(a);
  return x.length === b.length && x.every((v, i) => v === b[i]);
}

export function finish(sdk) {
  console.log(JSON.stringify({ sdk, checks }));
  process.exit(Object.values(checks).every((c) => c.ok) ? 0 : 1);
}
