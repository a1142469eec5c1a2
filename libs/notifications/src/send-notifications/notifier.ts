import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { InboxKind } from '../domain/inbox-items.js';

/** A notification as a channel sends it. `id` is stable: it is the Idempotency-Key of every attempt. */
export interface OutgoingNotification {
  id: string;
  orgId: string;
  kind: InboxKind;
  eventType: string;
  subjectKind: string | null;
  subjectId: string | null;
  title: string | null;
  text: string;
  occurredAt: string;
  details: Record<string, unknown>;
}

export type DeliveryResult = 'sent' | 'no_channel';

/** The port: how a notification leaves the system (the in-app inbox needs no sending). Throws to be retried. */
export abstract class Notifier {
  abstract deliver(notification: OutgoingNotification): Promise<DeliveryResult>;
}

export const WEBHOOK_FORMATS = ['json', 'wecom', 'dingtalk'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export interface WebhookTarget {
  url: string;
  format: WebhookFormat;
  /** DingTalk "加签" secret (SEC...): the request is signed with timestamp and sign query parameters. */
  secret?: string;
}

/** Per-organisation webhooks, from NOTIFY_WEBHOOKS: `{"<orgId>": {"url": "https://...", "format": "json|wecom|dingtalk", "secret"?: "..."}}`. */
export class WebhookDirectory {
  constructor(readonly targets: ReadonlyMap<string, WebhookTarget>) {}

  static parse(raw: string | undefined): WebhookDirectory {
    if (raw === undefined || raw.trim() === '') return new WebhookDirectory(new Map());
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      throw new Error(`Invalid configuration: NOTIFY_WEBHOOKS: not JSON (${(error as Error).message})`, { cause: error });
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('Invalid configuration: NOTIFY_WEBHOOKS must be an object keyed by organisation id');
    const targets = new Map<string, WebhookTarget>();
    for (const [orgId, value] of Object.entries(json as Record<string, unknown>)) {
      const v = value as Partial<WebhookTarget> | null;
      const at = `NOTIFY_WEBHOOKS.${orgId}`;
      if (!v || typeof v.url !== 'string') throw new Error(`Invalid configuration: ${at}.url is required`);
      try {
        const url = new URL(v.url);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
      } catch {
        throw new Error(`Invalid configuration: ${at}.url "${v.url}" is not an http(s) URL`);
      }
      const format = v.format ?? 'json';
      if (!WEBHOOK_FORMATS.includes(format)) throw new Error(`Invalid configuration: ${at}.format must be one of ${WEBHOOK_FORMATS.join(', ')}`);
      targets.set(orgId, { url: v.url, format, ...(typeof v.secret === 'string' ? { secret: v.secret } : {}) });
    }
    return new WebhookDirectory(targets);
  }
}

/** The request a format makes: WeCom and DingTalk group robots take `{"msgtype":"text","text":{"content":...}}`. */
export function webhookRequest(target: WebhookTarget, n: OutgoingNotification, now = Date.now()): { url: string; body: unknown } {
  switch (target.format) {
    case 'json':
      return { url: target.url, body: n };
    case 'wecom':
      // WeCom caps text content at 2048 bytes.
      return { url: target.url, body: { msgtype: 'text', text: { content: truncateBytes(n.text, 2048) } } };
    case 'dingtalk': {
      let url = target.url;
      if (target.secret) {
        const sign = createHmac('sha256', target.secret).update(`${now}\n${target.secret}`).digest('base64');
        const u = new URL(target.url);
        u.searchParams.set('timestamp', String(now));
        u.searchParams.set('sign', sign);
        url = u.toString();
      }
      return { url, body: { msgtype: 'text', text: { content: n.text }, at: { atMobiles: [], isAtAll: false } } };
    }
  }
}

function truncateBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = text;
  while (Buffer.byteLength(out) > max - 3) out = out.slice(0, -1);
  return `${out}...`;
}

/**
 * Sends to the organisation's webhook. Every attempt of one notification carries the same
 * `Idempotency-Key`, so a receiver that honours it never shows a retried notification twice.
 * The robots answer 200 with `errcode` in the body: a non-zero errcode is a failure (retried).
 */
@Injectable()
export class WebhookNotifier extends Notifier {
  constructor(private readonly directory: WebhookDirectory, private readonly timeoutMs = 10_000) {
    super();
  }

  async deliver(n: OutgoingNotification): Promise<DeliveryResult> {
    const target = this.directory.targets.get(n.orgId);
    if (!target) return 'no_channel';
    const { url, body } = webhookRequest(target, n);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'idempotency-key': n.id },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`webhook for ${n.orgId} answered ${response.status}: ${text.slice(0, 200)}`);
    if (target.format !== 'json') {
      let errcode: unknown = 0;
      try {
        errcode = (JSON.parse(text) as { errcode?: unknown }).errcode ?? 0;
      } catch {
        /* not JSON: the status said ok */
      }
      if (errcode !== 0) throw new Error(`${target.format} robot for ${n.orgId} refused the message: ${text.slice(0, 200)}`);
    }
    return 'sent';
  }
}
