/** The four upstream session APIs sessiongraph fronts. The string is also the GraphQL enum value. */
export const PROVIDERS = ['DEEPSET', 'PARADIGM', 'PING', 'KADOA'] as const;

export type Provider = (typeof PROVIDERS)[number];

const NAMES: Record<Provider, string> = {
  DEEPSET: 'deepset Cloud',
  PARADIGM: 'LightOn Paradigm',
  PING: 'Ping Network',
  KADOA: 'Kadoa',
};

/** The provider's product name, for messages people read. */
export function providerName(provider: Provider): string {
  return NAMES[provider];
}

/** Lower-case name used in metrics labels and log lines. */
export function providerLabel(provider: Provider): string {
  return provider.toLowerCase();
}
