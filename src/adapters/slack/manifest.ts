import { COMMANDS, ROOT_COMMAND } from '../../../commands/index.js';

/** The bot scopes the app asks for, and why (listed in the README and the manifest). */
export const SLACK_SCOPE_REASONS = {
  commands: 'the /ftcost slash command',
  'chat:write': 'post answers in threads and DMs, post the pinned comparison and update it in place',
  'pins:write': 'pin the comparison (one living pin per channel)',
  'files:write': 'upload the comparison chart (a PNG) beside compare answers and into the pinned comparison',
  'app_mentions:read': 'receive @ftcost questions in channels and threads',
  'im:history': 'receive direct messages, which need no mention',
  'users:read': 'check that a user is a workspace admin or owner before settings change or a pin is replaced',
} as const;

export const SLACK_SCOPES = Object.keys(SLACK_SCOPE_REASONS) as Array<keyof typeof SLACK_SCOPE_REASONS>;
export const SLACK_EVENTS = ['app_mention', 'message.im'] as const;

const HOST = 'https://YOUR-HOST';

/** The app manifest, generated from commands/: paste it at api.slack.com/apps → Create New App → From a manifest. */
export function slackManifest(mode: 'http' | 'socket'): Record<string, unknown> {
  // Slack's command takes free text; the hint shows the forms the commands/ definitions accept.
  const usage = [
    'qlora 70b 10k 3',
    'compare 8b 50k 2',
    'should we use LoRA?',
    ...COMMANDS.filter((c) => c.name === 'pin' || c.name === 'help').map((c) => c.name),
  ].join(' · ');
  const url = mode === 'http' ? { url: `${HOST}/slack/events` } : {};
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: 'ftcost',
      description: ROOT_COMMAND.description.slice(0, 140),
      long_description:
        'Ask /ftcost qlora 70b 10k 3, or "@ftcost should we use LoRA?". ftcost answers with GPU memory, the hardware that fits, hours, dollars per run and per project, hardware buy-in and expected quality for full fine-tuning, LoRA and QLoRA, from a deterministic engine whose every figure carries its source. A pinned comparison keeps the team\u2019s reference figures in the channel.',
      background_color: '#1f2937',
    },
    features: {
      app_home: { home_tab_enabled: false, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: 'ftcost', always_online: true },
      slash_commands: [
        {
          command: `/${ROOT_COMMAND.name}`,
          ...url,
          description: ROOT_COMMAND.description.slice(0, 100),
          usage_hint: usage.slice(0, 1000),
          should_escape: false,
        },
      ],
    },
    oauth_config: {
      scopes: { bot: [...SLACK_SCOPES] },
      ...(mode === 'http' ? { redirect_urls: [`${HOST}/slack/oauth_redirect`] } : {}),
    },
    settings: {
      event_subscriptions: { ...(mode === 'http' ? { request_url: `${HOST}/slack/events` } : {}), bot_events: [...SLACK_EVENTS] },
      interactivity: { is_enabled: true, ...(mode === 'http' ? { request_url: `${HOST}/slack/events` } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: mode === 'socket',
      token_rotation_enabled: false,
    },
  };
}
