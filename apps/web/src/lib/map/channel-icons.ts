/**
 * Touchpoint/channel icons: 20×20 stroke paths, drawn with currentColor. Kept inline so
 * the map works offline and self-hosted without an icon font or CDN.
 */
export const CHANNEL_ICONS = {
  email: 'M3 5h14v10H3z M3 5l7 6 7-6',
  web: 'M10 3a7 7 0 1 0 0 14a7 7 0 1 0 0-14z M3 10h14 M10 3c-3 4-3 10 0 14 M10 3c3 4 3 10 0 14',
  app: 'M6 2.5h8a1 1 0 0 1 1 1v13a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1v-13a1 1 0 0 1 1-1z M9 15h2',
  phone:
    'M4 3h3l1.5 4-2 1.2a9 9 0 0 0 5.3 5.3L13 11.5l4 1.5v3a1 1 0 0 1-1 1A13 13 0 0 1 3 4a1 1 0 0 1 1-1z',
  chat: 'M3 4h14v9H8l-4 3v-3H3z M7 8.5h6',
  store: 'M3 8l1.5-4h11L17 8 M3 8h14 M4 8v8h12V8 M8 16v-4h4v4',
  social:
    'M6 10a2 2 0 1 0 0 .01z M14 5a2 2 0 1 0 0 .01z M14 15a2 2 0 1 0 0 .01z M7.8 9l4.4-2.6 M7.8 11l4.4 2.6',
  ads: 'M3 8v4h3l6 4V4L6 8z M15 7.5a3 3 0 0 1 0 5',
  event: 'M4 5h12v11H4z M4 9h12 M7 3v4 M13 3v4',
  sales: 'M10 10a3 3 0 1 0 0-6a3 3 0 1 0 0 6z M4 17a6 6 0 0 1 12 0',
  support: 'M4 11V9a6 6 0 0 1 12 0v2 M4 11h2v4H4z M14 11h2v4h-2z M16 15c0 2-2 2.5-4 2.5',
  docs: 'M5 2.5h7l3 3v12H5z M12 2.5v3h3 M7.5 10h5 M7.5 13h5',
} as const;

export type ChannelIcon = keyof typeof CHANNEL_ICONS;

export const CHANNEL_LABELS: Record<ChannelIcon, string> = {
  email: 'Email',
  web: 'Website',
  app: 'Mobile app',
  phone: 'Phone',
  chat: 'Chat',
  store: 'Store',
  social: 'Social media',
  ads: 'Ads',
  event: 'Event',
  sales: 'Sales rep',
  support: 'Support',
  docs: 'Docs',
};

export const CHANNEL_NAMES = Object.keys(CHANNEL_ICONS) as ChannelIcon[];

export function isChannelIcon(value: unknown): value is ChannelIcon {
  return typeof value === 'string' && value in CHANNEL_ICONS;
}
