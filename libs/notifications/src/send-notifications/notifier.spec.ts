import { createHmac } from 'node:crypto';
import { webhookRequest, type OutgoingNotification } from './notifier.js';

const notification: OutgoingNotification = {
  id: '01a22c4f-3575-7710-97a2-167fc7baec5a',
  orgId: 'twp-liuji',
  kind: 'reminder',
  eventType: 'ReminderSent',
  subjectKind: 'notice',
  subjectId: 'n-1',
  title: '整改通知',
  text: '【催办】督办通知「整改通知」距截止还有3天，请按时完成。',
  occurredAt: '2026-11-20T08:00:00.000Z',
  details: {},
};

describe('webhook request formats', () => {
  it('sends the generic JSON as it is', () => {
    expect(webhookRequest({ url: 'http://hook/generic', format: 'json' }, notification)).toEqual({ url: 'http://hook/generic', body: notification });
  });

  it('sends WeCom a text message, cut to its 2048-byte limit', () => {
    const long = { ...notification, text: '督'.repeat(1000) };
    const request = webhookRequest({ url: 'http://hook/wecom?key=k', format: 'wecom' }, long);
    const content = (request.body as { text: { content: string } }).text.content;
    expect((request.body as { msgtype: string }).msgtype).toBe('text');
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(2048);
    expect(content.endsWith('...')).toBe(true);
  });

  it('signs a DingTalk request with timestamp and HMAC-SHA256 of "timestamp\\nsecret" (加签)', () => {
    const secret = 'SEC0123456789abcdef';
    const now = 1_796_040_000_000;
    const request = webhookRequest({ url: 'https://oapi.dingtalk.com/robot/send?access_token=t', format: 'dingtalk', secret }, notification, now);
    const url = new URL(request.url);
    expect(url.searchParams.get('access_token')).toBe('t');
    expect(url.searchParams.get('timestamp')).toBe(String(now));
    expect(url.searchParams.get('sign')).toBe(createHmac('sha256', secret).update(`${now}\n${secret}`).digest('base64'));
    expect(request.body).toEqual({ msgtype: 'text', text: { content: notification.text }, at: { atMobiles: [], isAtAll: false } });
  });

  it('sends an unsigned DingTalk request when no secret is configured', () => {
    const request = webhookRequest({ url: 'https://oapi.dingtalk.com/robot/send?access_token=t', format: 'dingtalk' }, notification);
    expect(request.url).toBe('https://oapi.dingtalk.com/robot/send?access_token=t');
  });
});
