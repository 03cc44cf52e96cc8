import { blankReply, type Reply } from '../../reply/reply.js';
import type { Logger } from '../../log.js';
import { drawChart, type ChartDrawer, type ComparisonImage } from '../../render/image.js';

/**
 * The comparison chart in Slack: the PNG is drawn here (off the event loop, cached), uploaded with
 * files.uploadV2 (scope files:write) beside an answer, or privately for the pinned message's image
 * block. A chart that cannot be drawn or uploaded never costs the answer: the failure is logged
 * and, when the fix is something people can do, explained once to the asker.
 */

/** The part of Slack's WebClient that uploads files (files.getUploadURLExternal → bytes → files.completeUploadExternal). */
export interface SlackFiles {
  uploadV2(args: Record<string, unknown>): Promise<{ ok?: boolean; files?: Array<{ ok?: boolean; files?: Array<{ id?: string }> }> }>;
}

export interface ChartDeps extends ChartDrawer {
  logger: Logger;
  /** True the first time a key is seen in a while: a hint about a missing scope is given once, not on every answer. */
  hintOnce?(key: string): boolean;
}

/** Slack Web API error code, if the call failed with one. */
export const slackError = (error: unknown): string | undefined =>
  (error as { data?: { error?: string } }).data?.error ?? (error as { code?: string }).code;

/** Where an upload is shared: a channel (or DM), in a thread when the answer is in one. */
export interface ChartTarget {
  workspace: string;
  channel: string;
  threadTs?: string;
}

/**
 * Uploads the chart with files.uploadV2 and returns its file id. With a target the file is shared
 * there (a message of its own, in the thread when there is one); without, it stays private to the
 * app, for an image block to show it. Throws what the WebClient throws.
 */
export async function uploadChart(
  files: SlackFiles,
  image: ComparisonImage,
  png: Buffer,
  target?: Pick<ChartTarget, 'channel' | 'threadTs'>,
): Promise<string | undefined> {
  const result = await files.uploadV2({
    file: png,
    filename: image.fileName,
    title: image.title,
    alt_text: image.alt,
    ...(target ? { channel_id: target.channel, ...(target.threadTs ? { thread_ts: target.threadTs } : {}) } : {}),
  });
  return result.files?.[0]?.files?.[0]?.id;
}

/** What to tell people when the chart could not be uploaded, by Slack error code; undefined when nothing they can do helps. */
export function chartFailure(code: string | undefined): Reply | undefined {
  const reply = blankReply('error', 'The answer has no chart');
  reply.ephemeral = true;
  switch (code) {
    case 'missing_scope':
    case 'not_allowed_token_type':
      reply.summary =
        'I need the files:write scope to attach the comparison chart. An admin can re-paste manifest.json under App Manifest (or add files:write under OAuth & Permissions) and reinstall the app. The figures above are complete without it.';
      return reply;
    case 'not_in_channel':
    case 'channel_not_found':
      reply.summary =
        'I could not attach the chart here because I am not in this conversation. In a channel, invite me with /invite @ftcost; anywhere, you can ask me in a direct message.';
      return reply;
    case 'restricted_action':
    case 'file_uploads_disabled':
    case 'file_upload_disabled':
      reply.summary =
        'This workspace does not let apps share files here, so the answer comes without its chart. A workspace admin can allow file uploads for apps.';
      return reply;
    default:
      return undefined;
  }
}

/**
 * Logs a failed upload (the error code, never a token) and returns the hint to show, unless the
 * same hint was given recently in this workspace (missing scope) or channel (anything else).
 */
export function chartHint(deps: ChartDeps, where: Pick<ChartTarget, 'workspace' | 'channel'>, error: unknown): Reply | undefined {
  const code = slackError(error);
  deps.logger.warn('slack chart upload failed', {
    error: code ?? String((error as Error)?.message ?? error).slice(0, 200),
    channel: where.channel,
  });
  const hint = chartFailure(code);
  if (!hint) return undefined;
  const key =
    code === 'missing_scope' || code === 'not_allowed_token_type'
      ? `${where.workspace}:${code}`
      : `${where.workspace}:${where.channel}:${code}`;
  return (deps.hintOnce?.(key) ?? true) ? hint : undefined;
}

/**
 * After an answer was posted: draws the chart and shares it beside the answer. Failures are logged;
 * `tell` shows the asker a hint (ephemerally) when the fix is theirs to make.
 */
export async function shareChart(
  deps: ChartDeps,
  files: SlackFiles,
  reply: Reply,
  target: ChartTarget,
  tell: (hint: Reply) => Promise<unknown>,
): Promise<void> {
  if (!reply.image || reply.ephemeral) return;
  const png = await drawChart(deps, reply.image);
  if (!png) return;
  try {
    await uploadChart(files, reply.image, png, target);
  } catch (error) {
    const hint = chartHint(deps, target, error);
    if (hint)
      await tell(hint).catch((e: Error) => deps.logger.warn('slack chart hint not delivered', { error: slackError(e) ?? e.message }));
  }
}

/** `hintOnce`: true for a key not seen in the last `ttlMs` (default six hours); remembers at most `max` keys. */
export function onceEvery(ttlMs = 6 * 60 * 60 * 1000, now: () => number = Date.now, max = 10_000): (key: string) => boolean {
  const seen = new Map<string, number>();
  return (key) => {
    const at = seen.get(key);
    if (at !== undefined && now() - at < ttlMs) return false;
    seen.delete(key);
    seen.set(key, now());
    if (seen.size > max) seen.delete(seen.keys().next().value as string);
    return true;
  };
}
