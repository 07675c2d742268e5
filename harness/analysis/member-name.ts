/**
 * The replica a group member is: the project's replicas name themselves by client id; another
 * system's member is known by the process that brought it (the run's memberId -> replica map),
 * else by its member id.
 */
export const memberNamer =
  (members: Readonly<Record<string, string>>, membersNameThemselves: boolean) =>
  (memberId: string, clientId: string): string =>
    members[memberId] ?? (membersNameThemselves ? clientId || memberId : memberId);
