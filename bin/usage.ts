// The command line's usage text and its usage error, shared by the dispatcher and the commands
// (kept apart from cli.ts so that the commands it loads do not import it back).
export const USAGE = `usage: portwatch <command> [options]

commands:
  start                                   run the whole system on embedded defaults (npm start)
  decode --format <fmt> [--site <dir>]    raw records on stdin → indicators (NDJSON) on stdout
  replay --site <dir> --capture <file> [--speed <n>|max] [--export <dir>]
                                          a capture through the whole pipeline → incidents (NDJSON);
                                          --export writes <id>.cap.xml, .stix.json, .idmef.json, .timeline.json
  exercise run <scenario> [--speed <n>|max] [--url <base>] [--token <t>]
                                          an exercise on a running instance (or PORTWATCH_URL,
                                          PORTWATCH_TOKEN); prints the MSEL outcome, exit 1 if one was missed
  simulate <scenario> [--site <dir>] [--seed <n>] [--speed <n>|max] [--out <capture>]
  simulate --list [--site <dir>]          the scenario names, one a line
  simulate --day [--site <dir>] [--seed <n>] [--at <scenario>@<HH:MM> …] [--out <capture>]
                                          24 hours of background traffic, scenarios hidden at local times
  rules check --site <dir>                validate every correlation rule of a site
  feeds test --site <dir> --feed <id>     records on stdin through one declared feed
  bench [<suite>] [--json]                the benchmarks (npm run bench)
  token add --name <who> --role viewer|analyst|operator|admin [--file <path>]
                                          a new access token, printed once; its hash goes to the tokens file
  token list [--file <path>]              the tokens' names and roles
  token remove --name <who> [--file <path>]
                                          revoke a token
`;

export class UsageError extends Error {}
