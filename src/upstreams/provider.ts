/** The four upstream session APIs sessiongraph fronts. The string is also the GraphQL enum value. */
export const PROVIDERS = ['DEEPSET', 'PARADIGM', 'PING', 'KADOA'] as const;

export type Provider = (typeof PROVIDERS)[number];

/** Lower-case name used in env variables' documentation, metrics labels and log lines. */
export function providerLabel(provider: Provider): string {
  return provider.toLowerCase();
}
