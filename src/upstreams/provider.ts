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

const LABELS = Object.fromEntries(PROVIDERS.map((provider) => [provider, provider.toLowerCase()])) as Record<Provider, string>;

/** Lower-case name used in metrics labels and log lines; made once, as every upstream call's metrics ask for it. */
export function providerLabel(provider: Provider): string {
  return LABELS[provider];
}
