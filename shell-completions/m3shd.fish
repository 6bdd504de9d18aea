# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_m3shd_global_optspecs
    string join \n hub= profile= config= token= token-file= v/verbose h/help V/version
end

function __fish_m3shd_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_m3shd_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_m3shd_using_subcommand
    set -l cmd (__fish_m3shd_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c m3shd -n "__fish_m3shd_needs_command" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_needs_command" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_needs_command" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_needs_command" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_needs_command" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_needs_command" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_needs_command" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_needs_command" -s V -l version -d 'Print version'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "do" -d 'Submit a task'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "tasks" -d 'List recent tasks'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "task" -d 'Inspect or act on one task'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "agents" -d 'List agents'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "agent" -d 'One agent\'s settings: maintenance on|off'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "status" -d 'One-screen summary of the mesh'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "tui" -d 'The live console: agents, queue, task output, DAG, approvals, costs, log, chat'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "up" -d 'Run a persistent all-in-one mesh in the foreground (hub + local builtin workers)'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "demo" -d 'Start a throwaway mesh, run a batch of builtin tasks across three workers, print the results'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "bench" -d 'Benchmarks that print figures'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "config" -d 'Show or create the config file'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "login" -d 'Log in as a user, or store a token, for the selected profile (OS keyring, else a 0600 file)'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "logout" -d 'Forget the selected profile\'s stored token (and end it on the hub if it is a session)'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "secret" -d 'Model API keys for workers on this machine (OS keyring, else 0600 files)'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "doctor" -d 'Check the hub, the token, the clock and this machine\'s setup'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "man" -d 'Write the man pages'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "approve" -d 'Approve a pending request (default: the most recent one)'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "reject" -d 'Reject a pending request (default: the most recent one)'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "pending" -d 'List pending approval requests'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "costs" -d 'Today\'s tokens and spend per agent, against the caps'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "budget" -d 'The daily spending caps: show them, set one, remove one'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "escalations" -d 'List open escalations; `ack ID` / `resolve ID` to act on one'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "context" -d 'Show the shared context; `KEY=VALUE` sets an entry, `rm KEY` deletes one'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "ask" -d 'Give one agent a task (`@AGENT text`)'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "auto" -d 'Plan a goal into 2–5 subtasks and dispatch them in parallel'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "summary" -d 'Recent results in a few lines'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "chat" -d 'Say something to the mesh; the chat agent answers'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "text" -d 'Run one raw command line exactly as the iMessage bridge does'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "control" -d 'Change the mesh in words ("drain crucible", "give archon 3 slots", "pause the queue", "cap rex at $5 a day"): shows the plan, asks y/N on a terminal (--yes skips it), then runs it with this token\'s permissions'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "pipeline" -d 'Task graphs: run a pipeline file, show a pipeline'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "template" -d 'Task templates with {variable} placeholders'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "schedule" -d 'Recurring work the hub fires by itself: add, list, show, edit, rm, pause, resume, run-now'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "evolve" -d 'Self-evolving agents: guideline amendments to list, show, apply, reject or revert; ask for some now (propose); an agent\'s success per capability (stats)'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "memory" -d 'Agent memory: list, search, set, rm, consolidate'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "world" -d 'The world model: entities and relations taken from task outputs (search, show)'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "plugins" -d 'Plugins: list them, invoke one with a JSON input'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "token" -d 'Agent tokens: create (shown once), list, revoke'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "join-key" -d 'Join keys that enrol new workers without per-node setup'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "whoami" -d 'Who the configured token is and what it may do'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "user" -d 'User accounts: add, list, set-role, passwd, rm'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "key" -d 'Third-party API keys: create (shown once), list with usage, revoke'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "webhook" -d 'Inbound webhooks that dispatch a template: add (URL and secret shown once), list, edit, rotate-secret, rm'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "peer" -d 'Peer hubs that take work no local agent can: add (token from a file or stdin), list with live status, rm'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "audit" -d 'The audit log: who made which mutating call, when, with what outcome (admin only)'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "verify" -d 'Check a finished task\'s signed result chain; exit 1 if it is broken'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "ledger" -d 'The contribution ledger: per agent, results validators accepted and rejected, and the credits earned'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "mcp" -d 'Serve the mesh as MCP tools over stdio, for Claude Code (`claude mcp add m3shd -- m3shd mcp`) and Claude Desktop. Uses this CLI\'s hub and token, and offers only the tools the token may use. It refuses a --token on the command line (visible in `ps` and kept in the client\'s config): use `m3shd login`, --token-file or M3SHD_TOKEN'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "hook" -d 'Hooks for Claude Code sessions'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "post" -d 'Post a message to the mesh chat'
complete -c m3shd -n "__fish_m3shd_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -s c -l capability -d 'Only an agent advertising this capability may run it' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -s a -l agent -d 'Ask for this agent. Should it be offline, circuit-open or over budget for longer than the hub\'s --assign-wait, another capable agent takes the task (unless --strict)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -s p -l priority -d '0 (lowest) to 10 (highest); default 5' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -l title -d 'Title (default: the start of the prompt)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -l max-attempts -d 'Attempts before the task fails for good (default 3)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -l idempotency-key -d 'Makes retries of this command safe: the same key returns the same task' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -l deadline -d 'Finish by then: an RFC 3339 time (2026-12-24T18:00:00Z) or a span from now (45m, 2h, 1d); urgency rises as it nears' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -l model -d 'Ask AI executors for this model (overrides their routing)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -l depends-on -d 'Run only after these tasks are done, with their outputs in the prompt (repeat the flag or separate ids with commas)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -l max-cost-usd -d 'Refuse to spend more than this many US dollars on the task' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -l attach -d 'Attach an image (JPEG, PNG, GIF, WebP or HEIC, up to 20 MB); repeat for more. The task runs once they are all uploaded' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -l confidence-threshold -d 'Have another capable agent answer again when the result reports a confidence below X (0–1, e.g. 0.8 or 80%; 0 turns it off; default 0.7)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -l challenge-threshold -d 'A critique scoring above X (0–1) is material (default 0.5)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -l quorum -d 'Votes needed for a decision (1–15, default 3)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -l validator -d 'Agents with this capability validate the result; only a validated result earns its agent credit (`m3shd ledger`)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -l strict -d 'Keep the task for --agent however long that agent cannot take it'
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -l requires-approval -d 'Hold the task until an operator approves it (`m3shd approve`)'
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -s w -l wait -d 'Wait for the task to finish, showing its output as it streams; when a quality protocol runs on it, wait for its decision and print the accepted result'
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -l challenge -d 'Have another agent critique the result with a score; a material critique goes back to the original agent for a revision'
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -l debate -d 'Two agents answer independently, then one answer is synthesised from both (the debate picks its agents, so not with --agent)'
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -l vote -d 'Put the result to a vote of the other capable agents; a rejected result fails the protocol'
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand do" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand tasks" -s s -l status -d 'Only tasks in this status' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand tasks" -l agent -d 'Only tasks held by this agent' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand tasks" -s n -l limit -d 'At most this many (max 500)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand tasks" -l before -d 'The next page: tasks older than this one (the last id shown)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand tasks" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand tasks" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand tasks" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand tasks" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand tasks" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand tasks" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand tasks" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand tasks" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and not __fish_seen_subcommand_from show cancel retry graph votes trace decide help" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and not __fish_seen_subcommand_from show cancel retry graph votes trace decide help" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and not __fish_seen_subcommand_from show cancel retry graph votes trace decide help" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and not __fish_seen_subcommand_from show cancel retry graph votes trace decide help" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and not __fish_seen_subcommand_from show cancel retry graph votes trace decide help" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and not __fish_seen_subcommand_from show cancel retry graph votes trace decide help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and not __fish_seen_subcommand_from show cancel retry graph votes trace decide help" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and not __fish_seen_subcommand_from show cancel retry graph votes trace decide help" -f -a "show" -d 'Show a task; with --follow, stream its output live until it finishes (and its quality protocol, if any, has decided)'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and not __fish_seen_subcommand_from show cancel retry graph votes trace decide help" -f -a "cancel" -d 'Cancel a task that has not finished'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and not __fish_seen_subcommand_from show cancel retry graph votes trace decide help" -f -a "retry" -d 'Run a failed or cancelled task again from scratch (the grammar\'s `retry ID`)'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and not __fish_seen_subcommand_from show cancel retry graph votes trace decide help" -f -a "graph" -d 'The task with its parents, children and quality protocol steps, and the labelled edges between them'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and not __fish_seen_subcommand_from show cancel retry graph votes trace decide help" -f -a "votes" -d 'The vote on a task\'s result: who was asked, what each said, the tally'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and not __fish_seen_subcommand_from show cancel retry graph votes trace decide help" -f -a "trace" -d 'From the task to its result, each protocol step, the validators\' signed receipts and the credits they earned'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and not __fish_seen_subcommand_from show cancel retry graph votes trace decide help" -f -a "decide" -d 'Accept or reject the result of a task whose quality protocol escalated (a tied vote, voters that vanished): its dependents run on it, or are cancelled, and the escalation is resolved'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and not __fish_seen_subcommand_from show cancel retry graph votes trace decide help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from show" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from show" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from show" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from show" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from show" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from show" -s f -l follow
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from show" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from cancel" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from cancel" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from cancel" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from cancel" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from cancel" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from cancel" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from cancel" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from retry" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from retry" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from retry" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from retry" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from retry" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from retry" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from retry" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from retry" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from graph" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from graph" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from graph" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from graph" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from graph" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from graph" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from graph" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from graph" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from votes" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from votes" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from votes" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from votes" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from votes" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from votes" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from votes" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from votes" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from trace" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from trace" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from trace" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from trace" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from trace" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from trace" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from trace" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from trace" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from decide" -l reason -d 'Why, recorded with the outcome' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from decide" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from decide" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from decide" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from decide" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from decide" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from decide" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from decide" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from decide" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a task; with --follow, stream its output live until it finishes (and its quality protocol, if any, has decided)'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Cancel a task that has not finished'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from help" -f -a "retry" -d 'Run a failed or cancelled task again from scratch (the grammar\'s `retry ID`)'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from help" -f -a "graph" -d 'The task with its parents, children and quality protocol steps, and the labelled edges between them'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from help" -f -a "votes" -d 'The vote on a task\'s result: who was asked, what each said, the tally'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from help" -f -a "trace" -d 'From the task to its result, each protocol step, the validators\' signed receipts and the credits they earned'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from help" -f -a "decide" -d 'Accept or reject the result of a task whose quality protocol escalated (a tied vote, voters that vanished): its dependents run on it, or are cancelled, and the escalation is resolved'
complete -c m3shd -n "__fish_m3shd_using_subcommand task; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand agents" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand agents" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand agents" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand agents" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand agents" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand agents" -l json -d 'Print the JSON the API returns'
complete -c m3shd -n "__fish_m3shd_using_subcommand agents" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand agents" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand agent; and not __fish_seen_subcommand_from maintenance help" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand agent; and not __fish_seen_subcommand_from maintenance help" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand agent; and not __fish_seen_subcommand_from maintenance help" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand agent; and not __fish_seen_subcommand_from maintenance help" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand agent; and not __fish_seen_subcommand_from maintenance help" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand agent; and not __fish_seen_subcommand_from maintenance help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand agent; and not __fish_seen_subcommand_from maintenance help" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand agent; and not __fish_seen_subcommand_from maintenance help" -f -a "maintenance" -d 'Maintenance tasks while the agent is idle (memory audits, re-checks of doubtful results, health checks): show the setting, or turn it on or off'
complete -c m3shd -n "__fish_m3shd_using_subcommand agent; and not __fish_seen_subcommand_from maintenance help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand agent; and __fish_seen_subcommand_from maintenance" -l cap -d 'What its maintenance tasks may cost per UTC day, in USD (default 0.50)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand agent; and __fish_seen_subcommand_from maintenance" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand agent; and __fish_seen_subcommand_from maintenance" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand agent; and __fish_seen_subcommand_from maintenance" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand agent; and __fish_seen_subcommand_from maintenance" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand agent; and __fish_seen_subcommand_from maintenance" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand agent; and __fish_seen_subcommand_from maintenance" -l json -d 'Print the JSON the API returns'
complete -c m3shd -n "__fish_m3shd_using_subcommand agent; and __fish_seen_subcommand_from maintenance" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand agent; and __fish_seen_subcommand_from maintenance" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "maintenance" -d 'Maintenance tasks while the agent is idle (memory audits, re-checks of doubtful results, health checks): show the setting, or turn it on or off'
complete -c m3shd -n "__fish_m3shd_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand status" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand status" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand status" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand status" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand status" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand status" -l json -d 'Print the JSON the API returns'
complete -c m3shd -n "__fish_m3shd_using_subcommand status" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand status" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand tui" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand tui" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand tui" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand tui" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand tui" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand tui" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand tui" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand up" -l listen -d 'Address the hub listens on' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand up" -l workers -d 'Number of local builtin workers' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand up" -l slots -d 'Slots per local worker' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand up" -l data-dir -d 'Data directory (default: the platform data dir)' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand up" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand up" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand up" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand up" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand up" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand up" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand up" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand demo" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand demo" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand demo" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand demo" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand demo" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand demo" -l keep -d 'Keep the demo\'s data directory and print where it is'
complete -c m3shd -n "__fish_m3shd_using_subcommand demo" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand demo" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and not __fish_seen_subcommand_from dispatch memory scale fanout stream hub help" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and not __fish_seen_subcommand_from dispatch memory scale fanout stream hub help" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and not __fish_seen_subcommand_from dispatch memory scale fanout stream hub help" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and not __fish_seen_subcommand_from dispatch memory scale fanout stream hub help" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and not __fish_seen_subcommand_from dispatch memory scale fanout stream hub help" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and not __fish_seen_subcommand_from dispatch memory scale fanout stream hub help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and not __fish_seen_subcommand_from dispatch memory scale fanout stream hub help" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and not __fish_seen_subcommand_from dispatch memory scale fanout stream hub help" -f -a "dispatch" -d 'End-to-end dispatch throughput and latency on an embedded hub'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and not __fish_seen_subcommand_from dispatch memory scale fanout stream hub help" -f -a "memory" -d 'Memory full-text search latency (p50/p99) and insert rate on an embedded hub'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and not __fish_seen_subcommand_from dispatch memory scale fanout stream hub help" -f -a "scale" -d 'Whether per-request cost stays flat as history and queues grow: hot requests on a fresh hub, then on one filled to size'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and not __fish_seen_subcommand_from dispatch memory scale fanout stream hub help" -f -a "fanout" -d 'Event fan-out of a running hub: how long one event takes to reach N live subscribers (p50/p99)'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and not __fish_seen_subcommand_from dispatch memory scale fanout stream hub help" -f -a "stream" -d 'Streaming output through a running hub: chunks/s one worker can stream into a task'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and not __fish_seen_subcommand_from dispatch memory scale fanout stream hub help" -f -a "hub" -d 'The hub\'s own benchmark suite (six tests against a scratch hub it starts, never its own store); the report is kept in its data dir'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and not __fish_seen_subcommand_from dispatch memory scale fanout stream hub help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from dispatch" -l tasks -d 'Echo tasks for the throughput run' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from dispatch" -l workers -d 'Builtin workers' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from dispatch" -l slots -d 'Slots per worker' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from dispatch" -l latency-secs -d 'Seconds of the fixed-rate (100 tasks/s) latency run' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from dispatch" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from dispatch" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from dispatch" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from dispatch" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from dispatch" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from dispatch" -l json -d 'Print the figures as JSON'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from dispatch" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from dispatch" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from memory" -l sizes -d 'Memory counts to measure, comma-separated' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from memory" -l searches -d 'Searches per size' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from memory" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from memory" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from memory" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from memory" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from memory" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from memory" -l json -d 'Print the figures as JSON'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from memory" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from memory" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from scale" -l tasks -d 'Finished tasks of history to fill the store with' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from scale" -l queued -d 'Tasks queued for a capability no agent has' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from scale" -l events -d 'Events in the event log' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from scale" -l requests -d 'Sequential requests per measured request kind, from one keep-alive client' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from scale" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from scale" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from scale" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from scale" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from scale" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from scale" -l json -d 'Print the figures as JSON'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from scale" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from scale" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l subscribers -d 'Live event-stream subscribers (each holds a connection: the hub\'s --max-connections must leave room for them)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l events -d 'Chat messages posted (to the `bench-fanout` channel), one every 20 ms' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l json -d 'Print the figures as JSON'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from fanout" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from fanout" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from stream" -l chunks -d 'Chunks to stream, one after another' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from stream" -l chunk-bytes -d 'Bytes per chunk' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from stream" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from stream" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from stream" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from stream" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from stream" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from stream" -l json -d 'Print the figures as JSON'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from stream" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from stream" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from hub" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from hub" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from hub" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from hub" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from hub" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from hub" -l quick -d 'Small sizes (a few seconds): checks that everything runs; the figures mean little'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from hub" -l no-wait -d 'Start the run, print its id and return without waiting for the report'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from hub" -l list -d 'List the reports the hub keeps (newest first) instead of running'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from hub" -l json -d 'Print the report (or the list) as JSON'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from hub" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from hub" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "dispatch" -d 'End-to-end dispatch throughput and latency on an embedded hub'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "memory" -d 'Memory full-text search latency (p50/p99) and insert rate on an embedded hub'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "scale" -d 'Whether per-request cost stays flat as history and queues grow: hot requests on a fresh hub, then on one filled to size'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "fanout" -d 'Event fan-out of a running hub: how long one event takes to reach N live subscribers (p50/p99)'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "stream" -d 'Streaming output through a running hub: chunks/s one worker can stream into a task'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "hub" -d 'The hub\'s own benchmark suite (six tests against a scratch hub it starts, never its own store); the report is kept in its data dir'
complete -c m3shd -n "__fish_m3shd_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and not __fish_seen_subcommand_from show init path help" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and not __fish_seen_subcommand_from show init path help" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and not __fish_seen_subcommand_from show init path help" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and not __fish_seen_subcommand_from show init path help" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and not __fish_seen_subcommand_from show init path help" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and not __fish_seen_subcommand_from show init path help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and not __fish_seen_subcommand_from show init path help" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and not __fish_seen_subcommand_from show init path help" -f -a "show" -d 'Print the effective configuration (secrets redacted) and where each value came from'
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and not __fish_seen_subcommand_from show init path help" -f -a "init" -d 'Write a commented default config file (refuses to overwrite without --force)'
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and not __fish_seen_subcommand_from show init path help" -f -a "path" -d 'Print the path of the config file'
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and not __fish_seen_subcommand_from show init path help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from show" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from show" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from show" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from show" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from show" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from init" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from init" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from init" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from init" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from init" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from init" -l force -d 'Replace an existing file'
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from init" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from path" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from path" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from path" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from path" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from path" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from path" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the effective configuration (secrets redacted) and where each value came from'
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "init" -d 'Write a commented default config file (refuses to overwrite without --force)'
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "path" -d 'Print the path of the config file'
complete -c m3shd -n "__fish_m3shd_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand login" -l user -d 'Log in as this user: asks for the password (read from stdin when it is not a terminal) and stores the session token the hub returns' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand login" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand login" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand login" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand login" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand login" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand login" -l token-stdin -d 'Read a token from standard input (the only way to give one: argv is visible to other users)'
complete -c m3shd -n "__fish_m3shd_using_subcommand login" -l file -d 'Store the token in a 0600 file in the config dir even when an OS keyring is available'
complete -c m3shd -n "__fish_m3shd_using_subcommand login" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand login" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand logout" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand logout" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand logout" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand logout" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand logout" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand logout" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand logout" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and not __fish_seen_subcommand_from set rm list help" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and not __fish_seen_subcommand_from set rm list help" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and not __fish_seen_subcommand_from set rm list help" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and not __fish_seen_subcommand_from set rm list help" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and not __fish_seen_subcommand_from set rm list help" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and not __fish_seen_subcommand_from set rm list help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and not __fish_seen_subcommand_from set rm list help" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and not __fish_seen_subcommand_from set rm list help" -f -a "set" -d 'Store an API key under NAME: read from stdin when it is not a terminal, else from a prompt that does not echo (never from argv)'
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and not __fish_seen_subcommand_from set rm list help" -f -a "rm" -d 'Remove a stored API key (from the OS keyring and the file)'
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and not __fish_seen_subcommand_from set rm list help" -f -a "list" -d 'List stored API keys: names and where each is kept, never values'
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and not __fish_seen_subcommand_from set rm list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from set" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from set" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from set" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from set" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from set" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from set" -l file -d 'Store it in a 0600 file in the config dir even when an OS keyring is available'
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from set" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from rm" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from rm" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from rm" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from rm" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from rm" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from list" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from list" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from list" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from list" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from list" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from list" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "set" -d 'Store an API key under NAME: read from stdin when it is not a terminal, else from a prompt that does not echo (never from argv)'
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove a stored API key (from the OS keyring and the file)'
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "list" -d 'List stored API keys: names and where each is kept, never values'
complete -c m3shd -n "__fish_m3shd_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand doctor" -l data-dir -d 'Hub data directory whose permissions to check (default: the platform data dir)' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand doctor" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand doctor" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand doctor" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand doctor" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand doctor" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand doctor" -l json -d 'Print the checks as JSON'
complete -c m3shd -n "__fish_m3shd_using_subcommand doctor" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand completions" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand completions" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand completions" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand completions" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand completions" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand completions" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand completions" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand man" -l out -d 'Directory to write every page into (created if missing); without it, the main page goes to stdout (`m3shd man | man -l -`)' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand man" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand man" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand man" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand man" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand man" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand man" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand man" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand approve" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand approve" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand approve" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand approve" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand approve" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand approve" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand approve" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand approve" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand reject" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand reject" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand reject" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand reject" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand reject" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand reject" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand reject" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand reject" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand pending" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand pending" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand pending" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand pending" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand pending" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand pending" -l json -d 'Print the JSON the API returns'
complete -c m3shd -n "__fish_m3shd_using_subcommand pending" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand pending" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand costs" -l day -d 'UTC day as YYYY-MM-DD (default: today)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand costs" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand costs" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand costs" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand costs" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand costs" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand costs" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand costs" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand costs" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and not __fish_seen_subcommand_from show set unset help" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and not __fish_seen_subcommand_from show set unset help" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and not __fish_seen_subcommand_from show set unset help" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and not __fish_seen_subcommand_from show set unset help" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and not __fish_seen_subcommand_from show set unset help" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and not __fish_seen_subcommand_from show set unset help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and not __fish_seen_subcommand_from show set unset help" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and not __fish_seen_subcommand_from show set unset help" -f -a "show" -d 'The caps in force'
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and not __fish_seen_subcommand_from show set unset help" -f -a "set" -d 'Set one cap: `mesh-usd 5`, `agent-usd 0.50`, `agent-tokens 200000`, `agent-usd:rex 2`, `agent-tokens:rex 50000`'
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and not __fish_seen_subcommand_from show set unset help" -f -a "unset" -d 'Remove one cap (agent-tokens goes back to its default, 500,000)'
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and not __fish_seen_subcommand_from show set unset help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from show" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from show" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from show" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from show" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from show" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from show" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from set" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from set" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from set" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from set" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from set" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from set" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from set" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from unset" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from unset" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from unset" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from unset" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from unset" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from unset" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from unset" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from unset" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from help" -f -a "show" -d 'The caps in force'
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from help" -f -a "set" -d 'Set one cap: `mesh-usd 5`, `agent-usd 0.50`, `agent-tokens 200000`, `agent-usd:rex 2`, `agent-tokens:rex 50000`'
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from help" -f -a "unset" -d 'Remove one cap (agent-tokens goes back to its default, 500,000)'
complete -c m3shd -n "__fish_m3shd_using_subcommand budget; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand escalations" -s s -l status -d 'List escalations in this state (default: open)' -r -f -a "open\t''
acknowledged\t''
resolved\t''
all\t''"
complete -c m3shd -n "__fish_m3shd_using_subcommand escalations" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand escalations" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand escalations" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand escalations" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand escalations" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand escalations" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand escalations" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand escalations" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c m3shd -n "__fish_m3shd_using_subcommand context" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand context" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand context" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand context" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand context" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand context" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand context" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand context" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand ask" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand ask" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand ask" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand ask" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand ask" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand ask" -l allow-unknown-agent -d 'Queue it even if the hub knows no such agent (it waits for one to register)'
complete -c m3shd -n "__fish_m3shd_using_subcommand ask" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand ask" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand ask" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand auto" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand auto" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand auto" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand auto" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand auto" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand auto" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand auto" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand auto" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand summary" -s n -l limit -d 'At most this many recent results' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand summary" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand summary" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand summary" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand summary" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand summary" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand summary" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand summary" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand summary" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand chat" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand chat" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand chat" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand chat" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand chat" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand chat" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand chat" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand chat" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand text" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand text" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand text" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand text" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand text" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand text" -l allow-unknown-agent -d 'Queue `@AGENT text` even if the hub knows no such agent (it waits for one to register)'
complete -c m3shd -n "__fish_m3shd_using_subcommand text" -l json -d 'Print the reply\'s JSON instead of its text'
complete -c m3shd -n "__fish_m3shd_using_subcommand text" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand text" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand control" -l wait -d 'Longest wait, in seconds, for a model to read a sentence the hub\'s parser cannot (1-120; default 30)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand control" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand control" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand control" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand control" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand control" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand control" -s y -l yes -d 'Run the plan without asking (needed when stdin is not a terminal)'
complete -c m3shd -n "__fish_m3shd_using_subcommand control" -l json -d 'Print the JSON the API returns (the plan, or what running it did)'
complete -c m3shd -n "__fish_m3shd_using_subcommand control" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand control" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and not __fish_seen_subcommand_from run show list help" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and not __fish_seen_subcommand_from run show list help" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and not __fish_seen_subcommand_from run show list help" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and not __fish_seen_subcommand_from run show list help" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and not __fish_seen_subcommand_from run show list help" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and not __fish_seen_subcommand_from run show list help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and not __fish_seen_subcommand_from run show list help" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and not __fish_seen_subcommand_from run show list help" -f -a "run" -d 'Create a pipeline from a TOML or JSON file (`name`, `[[steps]]`)'
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and not __fish_seen_subcommand_from run show list help" -f -a "show" -d 'Show a pipeline\'s graph with each step\'s status'
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and not __fish_seen_subcommand_from run show list help" -f -a "list" -d 'List pipelines, newest first'
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and not __fish_seen_subcommand_from run show list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from run" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from run" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from run" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from run" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from run" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from run" -s w -l wait -d 'Wait until every step has finished'
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from run" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from run" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from show" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from show" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from show" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from show" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from show" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from show" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from list" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from list" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from list" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from list" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from list" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from list" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from help" -f -a "run" -d 'Create a pipeline from a TOML or JSON file (`name`, `[[steps]]`)'
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a pipeline\'s graph with each step\'s status'
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from help" -f -a "list" -d 'List pipelines, newest first'
complete -c m3shd -n "__fish_m3shd_using_subcommand pipeline; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and not __fish_seen_subcommand_from list show add create set rm run help" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and not __fish_seen_subcommand_from list show add create set rm run help" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and not __fish_seen_subcommand_from list show add create set rm run help" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and not __fish_seen_subcommand_from list show add create set rm run help" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and not __fish_seen_subcommand_from list show add create set rm run help" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and not __fish_seen_subcommand_from list show add create set rm run help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and not __fish_seen_subcommand_from list show add create set rm run help" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and not __fish_seen_subcommand_from list show add create set rm run help" -f -a "list" -d 'List templates'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and not __fish_seen_subcommand_from list show add create set rm run help" -f -a "show" -d 'Show one template'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and not __fish_seen_subcommand_from list show add create set rm run help" -f -a "add" -d 'Add a template; `{variable}` placeholders in the prompt are filled at run time'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and not __fish_seen_subcommand_from list show add create set rm run help" -f -a "create" -d 'Add a template; `{variable}` placeholders in the prompt are filled at run time'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and not __fish_seen_subcommand_from list show add create set rm run help" -f -a "set" -d 'Change a template: whether it takes federated input'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and not __fish_seen_subcommand_from list show add create set rm run help" -f -a "rm" -d 'Remove a template'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and not __fish_seen_subcommand_from list show add create set rm run help" -f -a "run" -d 'Create a task from a template'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and not __fish_seen_subcommand_from list show add create set rm run help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from list" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from list" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from list" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from list" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from list" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from list" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from show" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from show" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from show" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from show" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from show" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from show" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from add" -l prompt -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from add" -s c -l capability -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from add" -s d -l description -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from add" -s p -l priority -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from add" -s m -l model -d 'Model its tasks ask AI workers for: a model name, or a routing tier (small, standard, large). Default: the worker\'s routing' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from add" -l federated-input -d 'Whether peer hubs may hand this hub tasks of this template (by name); refuse also keeps its own tasks from being relayed out' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from add" -l confidence-threshold -d 'Have another capable agent answer again when the result reports a confidence below X (0–1, e.g. 0.8 or 80%; 0 turns it off; default 0.7)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from add" -l challenge-threshold -d 'A critique scoring above X (0–1) is material (default 0.5)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from add" -l quorum -d 'Votes needed for a decision (1–15, default 3)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from add" -l validator -d 'Agents with this capability validate the result; only a validated result earns its agent credit (`m3shd ledger`)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from add" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from add" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from add" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from add" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from add" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from add" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from add" -l challenge -d 'Have another agent critique the result with a score; a material critique goes back to the original agent for a revision'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from add" -l debate -d 'Two agents answer independently, then one answer is synthesised from both (the debate picks its agents, so not with --agent)'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from add" -l vote -d 'Put the result to a vote of the other capable agents; a rejected result fails the protocol'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from add" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from create" -l prompt -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from create" -s c -l capability -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from create" -s d -l description -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from create" -s p -l priority -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from create" -s m -l model -d 'Model its tasks ask AI workers for: a model name, or a routing tier (small, standard, large). Default: the worker\'s routing' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from create" -l federated-input -d 'Whether peer hubs may hand this hub tasks of this template (by name); refuse also keeps its own tasks from being relayed out' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from create" -l confidence-threshold -d 'Have another capable agent answer again when the result reports a confidence below X (0–1, e.g. 0.8 or 80%; 0 turns it off; default 0.7)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from create" -l challenge-threshold -d 'A critique scoring above X (0–1) is material (default 0.5)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from create" -l quorum -d 'Votes needed for a decision (1–15, default 3)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from create" -l validator -d 'Agents with this capability validate the result; only a validated result earns its agent credit (`m3shd ledger`)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from create" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from create" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from create" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from create" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from create" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from create" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from create" -l challenge -d 'Have another agent critique the result with a score; a material critique goes back to the original agent for a revision'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from create" -l debate -d 'Two agents answer independently, then one answer is synthesised from both (the debate picks its agents, so not with --agent)'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from create" -l vote -d 'Put the result to a vote of the other capable agents; a rejected result fails the protocol'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from set" -l federated-input -d 'accept: tasks of this template may come from peers and go to them; refuse: neither' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from set" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from set" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from set" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from set" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from set" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from set" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from set" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from rm" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from rm" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from rm" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from rm" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from rm" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from run" -s p -l priority -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from run" -s a -l agent -d 'Ask for this agent' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from run" -s m -l model -d 'Model for this task, instead of the template\'s (a name or a tier)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from run" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from run" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from run" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from run" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from run" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from run" -s w -l wait -d 'Wait for the task to finish, showing its output as it streams'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from run" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from run" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from help" -f -a "list" -d 'List templates'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one template'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a template; `{variable}` placeholders in the prompt are filled at run time'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change a template: whether it takes federated input'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove a template'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from help" -f -a "run" -d 'Create a task from a template'
complete -c m3shd -n "__fish_m3shd_using_subcommand template; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and not __fish_seen_subcommand_from add list show edit rm pause resume run-now help" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and not __fish_seen_subcommand_from add list show edit rm pause resume run-now help" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and not __fish_seen_subcommand_from add list show edit rm pause resume run-now help" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and not __fish_seen_subcommand_from add list show edit rm pause resume run-now help" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and not __fish_seen_subcommand_from add list show edit rm pause resume run-now help" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and not __fish_seen_subcommand_from add list show edit rm pause resume run-now help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and not __fish_seen_subcommand_from add list show edit rm pause resume run-now help" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and not __fish_seen_subcommand_from add list show edit rm pause resume run-now help" -f -a "add" -d 'Add a schedule: a cron expression that creates a task from a template (or runs a built-in action) each time it is due'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and not __fish_seen_subcommand_from add list show edit rm pause resume run-now help" -f -a "list" -d 'List schedules: when each is due next, when it last fired, its last task'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and not __fish_seen_subcommand_from add list show edit rm pause resume run-now help" -f -a "show" -d 'Show one schedule'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and not __fish_seen_subcommand_from add list show edit rm pause resume run-now help" -f -a "edit" -d 'Change a schedule\'s cron expression, time zone or variables (the variables given replace all of them)'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and not __fish_seen_subcommand_from add list show edit rm pause resume run-now help" -f -a "rm" -d 'Remove a schedule (a default one is not created again)'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and not __fish_seen_subcommand_from add list show edit rm pause resume run-now help" -f -a "pause" -d 'Pause a schedule: it fires no more until resumed'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and not __fish_seen_subcommand_from add list show edit rm pause resume run-now help" -f -a "resume" -d 'Resume a schedule; what fell due while it was paused is skipped'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and not __fish_seen_subcommand_from add list show edit rm pause resume run-now help" -f -a "run-now" -d 'Fire a schedule now (paused or not) without moving its next due time'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and not __fish_seen_subcommand_from add list show edit rm pause resume run-now help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from add" -l cron -d 'Five fields: minute hour day-of-month month day-of-week (e.g. "0 7 * * *", "*/15 * * * *"), or @hourly, @daily, @weekly, …' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from add" -s t -l template -d 'The template whose task each fire creates' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from add" -l action -d 'A built-in action to run instead: memory-consolidate, evolve' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from add" -l tz -d 'The IANA time zone the cron expression is read in [default: UTC]' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from add" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from add" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from add" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from add" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from add" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from add" -l paused -d 'Create it paused'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from add" -l json -d 'Print the JSON the API returns'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from add" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from list" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from list" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from list" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from list" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from list" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from list" -l json -d 'Print the JSON the API returns'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from show" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from show" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from show" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from show" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from show" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from show" -l json -d 'Print the JSON the API returns'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from edit" -l cron -d 'A new cron expression: five fields (minute hour day-of-month month day-of-week, e.g. "0 7 * * *") or @hourly, @daily, @weekly, …; the next due time is worked out again from now' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from edit" -l tz -d 'A new IANA time zone to read the cron expression in (e.g. Europe/Paris, UTC); the next due time is worked out again from now' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from edit" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from edit" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from edit" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from edit" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from edit" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from edit" -l clear-vars -d 'Remove every variable'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from edit" -l json -d 'Print the JSON the API returns'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from edit" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from rm" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from rm" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from rm" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from rm" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from rm" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from pause" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from resume" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from run-now" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from run-now" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from run-now" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from run-now" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from run-now" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from run-now" -l json -d 'Print the JSON the API returns'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from run-now" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from run-now" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a schedule: a cron expression that creates a task from a template (or runs a built-in action) each time it is due'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "list" -d 'List schedules: when each is due next, when it last fired, its last task'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one schedule'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Change a schedule\'s cron expression, time zone or variables (the variables given replace all of them)'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove a schedule (a default one is not created again)'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Pause a schedule: it fires no more until resumed'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Resume a schedule; what fell due while it was paused is skipped'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "run-now" -d 'Fire a schedule now (paused or not) without moving its next due time'
complete -c m3shd -n "__fish_m3shd_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and not __fish_seen_subcommand_from list show apply reject revert propose stats help" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and not __fish_seen_subcommand_from list show apply reject revert propose stats help" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and not __fish_seen_subcommand_from list show apply reject revert propose stats help" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and not __fish_seen_subcommand_from list show apply reject revert propose stats help" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and not __fish_seen_subcommand_from list show apply reject revert propose stats help" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and not __fish_seen_subcommand_from list show apply reject revert propose stats help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and not __fish_seen_subcommand_from list show apply reject revert propose stats help" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and not __fish_seen_subcommand_from list show apply reject revert propose stats help" -f -a "list" -d 'List guideline amendments, newest first (default: those awaiting a decision)'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and not __fish_seen_subcommand_from list show apply reject revert propose stats help" -f -a "show" -d 'Show one amendment: its text, confidence, evidence and decisions'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and not __fish_seen_subcommand_from list show apply reject revert propose stats help" -f -a "apply" -d 'Apply a proposed amendment: the agent\'s next prompts start with it'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and not __fish_seen_subcommand_from list show apply reject revert propose stats help" -f -a "reject" -d 'Reject a proposed amendment'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and not __fish_seen_subcommand_from list show apply reject revert propose stats help" -f -a "revert" -d 'Take an applied amendment back: it is out of the agent\'s next prompt'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and not __fish_seen_subcommand_from list show apply reject revert propose stats help" -f -a "propose" -d 'Ask an agent advertising `evolve` for amendments to AGENT\'s guidelines now'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and not __fish_seen_subcommand_from list show apply reject revert propose stats help" -f -a "stats" -d 'AGENT\'s finished tasks per capability over a rolling window'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and not __fish_seen_subcommand_from list show apply reject revert propose stats help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from list" -s a -l agent -d 'Only this agent\'s' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from list" -s s -l status -d 'Only those in this status' -r -f -a "proposed\t''
applied\t''
rejected\t''
reverted\t''
all\t''"
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from list" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from list" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from list" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from list" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from list" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from list" -l json -d 'Print the JSON the API returns'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from show" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from show" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from show" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from show" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from show" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from show" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from apply" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from apply" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from apply" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from apply" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from apply" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from apply" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from apply" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from apply" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from reject" -l reason -d 'Why (kept with the amendment)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from reject" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from reject" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from reject" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from reject" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from reject" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from reject" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from reject" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from reject" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from revert" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from revert" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from revert" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from revert" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from revert" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from revert" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from revert" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from revert" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from propose" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from propose" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from propose" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from propose" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from propose" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from propose" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from propose" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from propose" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from stats" -l days -d 'The window in days (1-90)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from stats" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from stats" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from stats" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from stats" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from stats" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from stats" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from stats" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from stats" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from help" -f -a "list" -d 'List guideline amendments, newest first (default: those awaiting a decision)'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one amendment: its text, confidence, evidence and decisions'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from help" -f -a "apply" -d 'Apply a proposed amendment: the agent\'s next prompts start with it'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from help" -f -a "reject" -d 'Reject a proposed amendment'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from help" -f -a "revert" -d 'Take an applied amendment back: it is out of the agent\'s next prompt'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from help" -f -a "propose" -d 'Ask an agent advertising `evolve` for amendments to AGENT\'s guidelines now'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from help" -f -a "stats" -d 'AGENT\'s finished tasks per capability over a rolling window'
complete -c m3shd -n "__fish_m3shd_using_subcommand evolve; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and not __fish_seen_subcommand_from list search set rm consolidate help" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and not __fish_seen_subcommand_from list search set rm consolidate help" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and not __fish_seen_subcommand_from list search set rm consolidate help" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and not __fish_seen_subcommand_from list search set rm consolidate help" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and not __fish_seen_subcommand_from list search set rm consolidate help" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and not __fish_seen_subcommand_from list search set rm consolidate help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and not __fish_seen_subcommand_from list search set rm consolidate help" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and not __fish_seen_subcommand_from list search set rm consolidate help" -f -a "list" -d 'List an agent\'s memories, newest first'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and not __fish_seen_subcommand_from list search set rm consolidate help" -f -a "search" -d 'Full-text search of an agent\'s memories (any word, best match first)'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and not __fish_seen_subcommand_from list search set rm consolidate help" -f -a "set" -d 'Store or replace one of an agent\'s memories'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and not __fish_seen_subcommand_from list search set rm consolidate help" -f -a "rm" -d 'Delete one of an agent\'s memories'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and not __fish_seen_subcommand_from list search set rm consolidate help" -f -a "consolidate" -d 'Merge every agent\'s duplicate memories now (the nightly pass)'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and not __fish_seen_subcommand_from list search set rm consolidate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from list" -l limit -d 'At most this many (default 50, at most 500)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from list" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from list" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from list" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from list" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from list" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from list" -l json -d 'Print the JSON the API returns'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from search" -l limit -d 'At most this many (default 20)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from search" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from search" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from search" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from search" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from search" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from search" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from search" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from search" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from set" -l confidence -d 'How sure the fact is, 0..1 (default 1)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from set" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from set" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from set" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from set" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from set" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from set" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from set" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from rm" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from rm" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from rm" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from rm" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from rm" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from rm" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from consolidate" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from consolidate" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from consolidate" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from consolidate" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from consolidate" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from consolidate" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from consolidate" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from consolidate" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from help" -f -a "list" -d 'List an agent\'s memories, newest first'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from help" -f -a "search" -d 'Full-text search of an agent\'s memories (any word, best match first)'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from help" -f -a "set" -d 'Store or replace one of an agent\'s memories'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Delete one of an agent\'s memories'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from help" -f -a "consolidate" -d 'Merge every agent\'s duplicate memories now (the nightly pass)'
complete -c m3shd -n "__fish_m3shd_using_subcommand memory; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and not __fish_seen_subcommand_from search show help" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and not __fish_seen_subcommand_from search show help" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and not __fish_seen_subcommand_from search show help" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and not __fish_seen_subcommand_from search show help" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and not __fish_seen_subcommand_from search show help" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and not __fish_seen_subcommand_from search show help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and not __fish_seen_subcommand_from search show help" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and not __fish_seen_subcommand_from search show help" -f -a "search" -d 'Search the entities task outputs named: names containing QUERY from the start of a word, most mentioned first (without QUERY: the most recently seen)'
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and not __fish_seen_subcommand_from search show help" -f -a "show" -d 'One entity (by id or name) with its relations and the tasks that named it; exit 4 when the mesh knows no such entity'
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and not __fish_seen_subcommand_from search show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and __fish_seen_subcommand_from search" -l type -d 'Only entities of this type' -r -f -a "person\t''
project\t''
organisation\t''
tool\t''
concept\t''"
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and __fish_seen_subcommand_from search" -l limit -d 'At most this many (default 50, at most 500)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and __fish_seen_subcommand_from search" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and __fish_seen_subcommand_from search" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and __fish_seen_subcommand_from search" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and __fish_seen_subcommand_from search" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and __fish_seen_subcommand_from search" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and __fish_seen_subcommand_from search" -l json -d 'Print the JSON the API returns'
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and __fish_seen_subcommand_from search" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and __fish_seen_subcommand_from search" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and __fish_seen_subcommand_from show" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and __fish_seen_subcommand_from show" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and __fish_seen_subcommand_from show" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and __fish_seen_subcommand_from show" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and __fish_seen_subcommand_from show" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and __fish_seen_subcommand_from show" -l json -d 'Print the JSON the API returns'
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and __fish_seen_subcommand_from help" -f -a "search" -d 'Search the entities task outputs named: names containing QUERY from the start of a word, most mentioned first (without QUERY: the most recently seen)'
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and __fish_seen_subcommand_from help" -f -a "show" -d 'One entity (by id or name) with its relations and the tasks that named it; exit 4 when the mesh knows no such entity'
complete -c m3shd -n "__fish_m3shd_using_subcommand world; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and not __fish_seen_subcommand_from list invoke help" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and not __fish_seen_subcommand_from list invoke help" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and not __fish_seen_subcommand_from list invoke help" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and not __fish_seen_subcommand_from list invoke help" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and not __fish_seen_subcommand_from list invoke help" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and not __fish_seen_subcommand_from list invoke help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and not __fish_seen_subcommand_from list invoke help" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and not __fish_seen_subcommand_from list invoke help" -f -a "list" -d 'List the hub\'s plugins (built-in and external)'
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and not __fish_seen_subcommand_from list invoke help" -f -a "invoke" -d 'Run a plugin with a JSON input object, e.g. `m3shd plugins invoke web_search \'{"query": "rust"}\'`'
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and not __fish_seen_subcommand_from list invoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and __fish_seen_subcommand_from list" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and __fish_seen_subcommand_from list" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and __fish_seen_subcommand_from list" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and __fish_seen_subcommand_from list" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and __fish_seen_subcommand_from list" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and __fish_seen_subcommand_from list" -l json -d 'Print the JSON the API returns'
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and __fish_seen_subcommand_from invoke" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and __fish_seen_subcommand_from invoke" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and __fish_seen_subcommand_from invoke" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and __fish_seen_subcommand_from invoke" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and __fish_seen_subcommand_from invoke" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and __fish_seen_subcommand_from invoke" -l json -d 'Print the JSON the API returns'
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and __fish_seen_subcommand_from invoke" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and __fish_seen_subcommand_from invoke" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the hub\'s plugins (built-in and external)'
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and __fish_seen_subcommand_from help" -f -a "invoke" -d 'Run a plugin with a JSON input object, e.g. `m3shd plugins invoke web_search \'{"query": "rust"}\'`'
complete -c m3shd -n "__fish_m3shd_using_subcommand plugins; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -f -a "create" -d 'Create an agent token; the secret is printed once'
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -f -a "list" -d 'List agent tokens (never their secrets)'
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -f -a "revoke" -d 'Revoke a token by id; it stops working at once'
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from create" -l agent -d 'The agent the token acts as' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from create" -l role -d 'A role preset: worker, mobile, commander, admin or federation (what a peer hub needs: offer work and fetch its results, nothing else)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from create" -l perm -d 'A permission (repeatable), e.g. --perm tasks:read --perm tasks:write' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from create" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from create" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from create" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from create" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from create" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from create" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from list" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from list" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from list" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from list" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from list" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from list" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from revoke" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from revoke" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from revoke" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from revoke" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from revoke" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from revoke" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create an agent token; the secret is printed once'
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "list" -d 'List agent tokens (never their secrets)'
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a token by id; it stops working at once'
complete -c m3shd -n "__fish_m3shd_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and not __fish_seen_subcommand_from create list revoke help" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and not __fish_seen_subcommand_from create list revoke help" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and not __fish_seen_subcommand_from create list revoke help" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and not __fish_seen_subcommand_from create list revoke help" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and not __fish_seen_subcommand_from create list revoke help" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and not __fish_seen_subcommand_from create list revoke help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and not __fish_seen_subcommand_from create list revoke help" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and not __fish_seen_subcommand_from create list revoke help" -f -a "create" -d 'Create a join key for enrolling workers (`m3shd-workerd --join-key`)'
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and not __fish_seen_subcommand_from create list revoke help" -f -a "list" -d 'List join keys (never their secrets)'
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and not __fish_seen_subcommand_from create list revoke help" -f -a "revoke" -d 'Revoke a join key by id'
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and not __fish_seen_subcommand_from create list revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from create" -l role -d 'A role preset: worker, mobile, commander, admin or federation (what a peer hub needs: offer work and fetch its results, nothing else)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from create" -l perm -d 'A permission (repeatable), e.g. --perm tasks:read --perm tasks:write' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from create" -l expires -d 'How long it stays valid, e.g. 30m, 24h, 7d (default 24h)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from create" -l uses -d 'How many workers may join with it (default 1)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from create" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from create" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from create" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from create" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from create" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from create" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from list" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from list" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from list" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from list" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from list" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from list" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from revoke" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from revoke" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from revoke" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from revoke" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from revoke" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from revoke" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a join key for enrolling workers (`m3shd-workerd --join-key`)'
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from help" -f -a "list" -d 'List join keys (never their secrets)'
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a join key by id'
complete -c m3shd -n "__fish_m3shd_using_subcommand join-key; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand whoami" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand whoami" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand whoami" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand whoami" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand whoami" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand whoami" -l json -d 'Print the JSON the API returns'
complete -c m3shd -n "__fish_m3shd_using_subcommand whoami" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand whoami" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and not __fish_seen_subcommand_from add list set-role passwd rm help" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and not __fish_seen_subcommand_from add list set-role passwd rm help" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and not __fish_seen_subcommand_from add list set-role passwd rm help" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and not __fish_seen_subcommand_from add list set-role passwd rm help" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and not __fish_seen_subcommand_from add list set-role passwd rm help" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and not __fish_seen_subcommand_from add list set-role passwd rm help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and not __fish_seen_subcommand_from add list set-role passwd rm help" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and not __fish_seen_subcommand_from add list set-role passwd rm help" -f -a "add" -d 'Create a user; asks for its password'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and not __fish_seen_subcommand_from add list set-role passwd rm help" -f -a "list" -d 'List users and how many live sessions each has'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and not __fish_seen_subcommand_from add list set-role passwd rm help" -f -a "set-role" -d 'Change a user\'s role; it applies to their sessions at once'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and not __fish_seen_subcommand_from add list set-role passwd rm help" -f -a "passwd" -d 'Set a user\'s password; ends all of their sessions'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and not __fish_seen_subcommand_from add list set-role passwd rm help" -f -a "rm" -d 'Delete a user and end their sessions'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and not __fish_seen_subcommand_from add list set-role passwd rm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from add" -l role -d 'admin (everything), user (the commander preset) or viewer (reads only)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from add" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from add" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from add" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from add" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from add" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from add" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from add" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from list" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from list" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from list" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from list" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from list" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from list" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from set-role" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from set-role" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from set-role" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from set-role" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from set-role" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from set-role" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from set-role" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from set-role" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from passwd" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from passwd" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from passwd" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from passwd" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from passwd" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from passwd" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from passwd" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from passwd" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from rm" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from rm" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from rm" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from rm" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from rm" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from rm" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "add" -d 'Create a user; asks for its password'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "list" -d 'List users and how many live sessions each has'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "set-role" -d 'Change a user\'s role; it applies to their sessions at once'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "passwd" -d 'Set a user\'s password; ends all of their sessions'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Delete a user and end their sessions'
complete -c m3shd -n "__fish_m3shd_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and not __fish_seen_subcommand_from create list revoke help" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and not __fish_seen_subcommand_from create list revoke help" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and not __fish_seen_subcommand_from create list revoke help" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and not __fish_seen_subcommand_from create list revoke help" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and not __fish_seen_subcommand_from create list revoke help" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and not __fish_seen_subcommand_from create list revoke help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and not __fish_seen_subcommand_from create list revoke help" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and not __fish_seen_subcommand_from create list revoke help" -f -a "create" -d 'Create a key; the secret is printed once'
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and not __fish_seen_subcommand_from create list revoke help" -f -a "list" -d 'List keys with their usage (never their secrets)'
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and not __fish_seen_subcommand_from create list revoke help" -f -a "revoke" -d 'Revoke a key by id; its next request is refused'
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and not __fish_seen_subcommand_from create list revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from create" -l role -d 'A role preset: worker, mobile, commander, admin or federation (what a peer hub needs: offer work and fetch its results, nothing else)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from create" -l perm -d 'A permission (repeatable), e.g. --perm tasks:read --perm tasks:write' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from create" -l rate -d 'Requests per minute' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from create" -l daily -d 'Requests per UTC day' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from create" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from create" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from create" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from create" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from create" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from create" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from list" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from list" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from list" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from list" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from list" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from list" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from revoke" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from revoke" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from revoke" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from revoke" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from revoke" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from revoke" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a key; the secret is printed once'
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "list" -d 'List keys with their usage (never their secrets)'
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a key by id; its next request is refused'
complete -c m3shd -n "__fish_m3shd_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and not __fish_seen_subcommand_from add list edit rotate-secret rm help" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and not __fish_seen_subcommand_from add list edit rotate-secret rm help" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and not __fish_seen_subcommand_from add list edit rotate-secret rm help" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and not __fish_seen_subcommand_from add list edit rotate-secret rm help" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and not __fish_seen_subcommand_from add list edit rotate-secret rm help" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and not __fish_seen_subcommand_from add list edit rotate-secret rm help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and not __fish_seen_subcommand_from add list edit rotate-secret rm help" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and not __fish_seen_subcommand_from add list edit rotate-secret rm help" -f -a "add" -d 'Create a webhook; prints its URL and its secret, once'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and not __fish_seen_subcommand_from add list edit rotate-secret rm help" -f -a "list" -d 'List webhooks (never their secrets)'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and not __fish_seen_subcommand_from add list edit rotate-secret rm help" -f -a "edit" -d 'Change a webhook in place: its URL and secret stay (a new --kind moves the URL to that kind\'s route). The --var mappings given replace all of them'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and not __fish_seen_subcommand_from add list edit rotate-secret rm help" -f -a "rotate-secret" -d 'Give a webhook a new secret, printed once; the old one stops working at once, so update the system that calls it'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and not __fish_seen_subcommand_from add list edit rotate-secret rm help" -f -a "rm" -d 'Delete a webhook; its URL stops working at once'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and not __fish_seen_subcommand_from add list edit rotate-secret rm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from add" -l template -d 'The template each delivery dispatches (name or id)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from add" -l kind -d 'generic (the secret in an X-Webhook-Secret header) or github (GitHub\'s X-Hub-Signature-256 of the body)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from add" -l var -d 'A template variable taken from the payload by JSON pointer, e.g. --var repo=/repository/full_name (repeatable)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from add" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from add" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from add" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from add" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from add" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from add" -l json -d 'Print the JSON the API returns (the secret included, this once)'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from add" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from list" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from list" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from list" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from list" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from list" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from list" -l json -d 'Print the JSON the API returns'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from edit" -l name -d 'A new name for it ([a-z0-9_.-])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from edit" -l template -d 'The template each delivery dispatches from now on (name or id)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from edit" -l kind -d 'generic (the secret in an X-Webhook-Secret header) or github (GitHub\'s X-Hub-Signature-256 of the body)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from edit" -l var -d 'A template variable taken from the payload by JSON pointer, e.g. --var repo=/repository/full_name (repeatable; replaces every mapping)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from edit" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from edit" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from edit" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from edit" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from edit" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from edit" -l clear-vars -d 'Remove every mapping'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from edit" -l json -d 'Print the JSON the API returns (never the secret)'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from edit" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from rotate-secret" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from rotate-secret" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from rotate-secret" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from rotate-secret" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from rotate-secret" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from rotate-secret" -l json -d 'Print the JSON the API returns (the new secret included, this once)'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from rotate-secret" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from rotate-secret" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from rm" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from rm" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from rm" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from rm" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from rm" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from rm" -l json -d 'Print `{"removed": NAME}`'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "add" -d 'Create a webhook; prints its URL and its secret, once'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "list" -d 'List webhooks (never their secrets)'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Change a webhook in place: its URL and secret stay (a new --kind moves the URL to that kind\'s route). The --var mappings given replace all of them'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "rotate-secret" -d 'Give a webhook a new secret, printed once; the old one stops working at once, so update the system that calls it'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Delete a webhook; its URL stops working at once'
complete -c m3shd -n "__fish_m3shd_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and not __fish_seen_subcommand_from add list rm help" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and not __fish_seen_subcommand_from add list rm help" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and not __fish_seen_subcommand_from add list rm help" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and not __fish_seen_subcommand_from add list rm help" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and not __fish_seen_subcommand_from add list rm help" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and not __fish_seen_subcommand_from add list rm help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and not __fish_seen_subcommand_from add list rm help" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and not __fish_seen_subcommand_from add list rm help" -f -a "add" -d 'Add a peer hub, or replace its URL and token. The token (a `federation` token the peer\'s operator minted) comes from --peer-token-file or stdin, never from the command line; the hub seals it at rest and never shows it back'
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and not __fish_seen_subcommand_from add list rm help" -f -a "list" -d 'List peers: status (online, unreachable, refused), capabilities with free slots, tasks relayed, success rate, last seen'
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and not __fish_seen_subcommand_from add list rm help" -f -a "rm" -d 'Remove a peer; tasks relayed to it come back to this hub\'s queue'
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and not __fish_seen_subcommand_from add list rm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from add" -l peer-token-file -d 'A file holding the peer\'s token (first line). Without it the token is read from stdin' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from add" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from add" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from add" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from add" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from add" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from add" -l json -d 'Print the JSON the API returns'
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from add" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from list" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from list" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from list" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from list" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from list" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from list" -l json -d 'Print the JSON the API returns'
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from rm" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from rm" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from rm" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from rm" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from rm" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a peer hub, or replace its URL and token. The token (a `federation` token the peer\'s operator minted) comes from --peer-token-file or stdin, never from the command line; the hub seals it at rest and never shows it back'
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from help" -f -a "list" -d 'List peers: status (online, unreachable, refused), capabilities with free slots, tasks relayed, success rate, last seen'
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove a peer; tasks relayed to it come back to this hub\'s queue'
complete -c m3shd -n "__fish_m3shd_using_subcommand peer; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand audit" -l actor -d 'Only calls by this actor: `operator`, an agent id, `user:NAME`, `key:NAME` or `anonymous`' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand audit" -l action -d 'Only actions containing this text, e.g. `cancel` or `DELETE`' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand audit" -l after -d 'Only rows after this id, oldest first (to page or tail); default: the most recent rows' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand audit" -s n -l limit -d 'At most this many (max 500)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand audit" -l hours -d 'With --counts: the last this many hours (default 24)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand audit" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand audit" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand audit" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand audit" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand audit" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand audit" -l all -d 'Every row, worker-protocol calls included (a hub logs those only with --audit-worker-protocol). Default: what operators and agents did, without heartbeats, claims, stream chunks and result delivery'
complete -c m3shd -n "__fish_m3shd_using_subcommand audit" -l counts -d 'Show the worker-protocol calls counted per agent and hour instead (newest hour first; --actor picks one agent)'
complete -c m3shd -n "__fish_m3shd_using_subcommand audit" -l json
complete -c m3shd -n "__fish_m3shd_using_subcommand audit" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand audit" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand verify" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand verify" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand verify" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand verify" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand verify" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand verify" -l peer -d 'For a result relayed back from a peer hub, also ask that peer to verify its own chain (exit 1 if it does not, or does not end in the link this hub chained from)'
complete -c m3shd -n "__fish_m3shd_using_subcommand verify" -l json -d 'Print the hub\'s report as JSON (the exit code still says whether it verified)'
complete -c m3shd -n "__fish_m3shd_using_subcommand verify" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand verify" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand ledger" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand ledger" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand ledger" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand ledger" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand ledger" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand ledger" -l json -d 'Print the JSON the API returns'
complete -c m3shd -n "__fish_m3shd_using_subcommand ledger" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand ledger" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand mcp" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand mcp" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand mcp" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand mcp" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand mcp" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand mcp" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand mcp" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand hook; and not __fish_seen_subcommand_from prompt-submit help" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand hook; and not __fish_seen_subcommand_from prompt-submit help" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand hook; and not __fish_seen_subcommand_from prompt-submit help" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand hook; and not __fish_seen_subcommand_from prompt-submit help" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand hook; and not __fish_seen_subcommand_from prompt-submit help" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand hook; and not __fish_seen_subcommand_from prompt-submit help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand hook; and not __fish_seen_subcommand_from prompt-submit help" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand hook; and not __fish_seen_subcommand_from prompt-submit help" -f -a "prompt-submit" -d 'Claude Code `UserPromptSubmit` hook: print the mesh messages and alerts that arrived since it last ran. Prints nothing when there is nothing new, and always exits 0 within 300 ms, even when the hub is down. Its first run only marks where the mesh stands'
complete -c m3shd -n "__fish_m3shd_using_subcommand hook; and not __fish_seen_subcommand_from prompt-submit help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand hook; and __fish_seen_subcommand_from prompt-submit" -l state-dir -d 'Where the hook keeps its cursor [default: the platform state dir, e.g. ~/.local/state/m3shd]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand hook; and __fish_seen_subcommand_from prompt-submit" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand hook; and __fish_seen_subcommand_from prompt-submit" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand hook; and __fish_seen_subcommand_from prompt-submit" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand hook; and __fish_seen_subcommand_from prompt-submit" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand hook; and __fish_seen_subcommand_from prompt-submit" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand hook; and __fish_seen_subcommand_from prompt-submit" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand hook; and __fish_seen_subcommand_from prompt-submit" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand hook; and __fish_seen_subcommand_from help" -f -a "prompt-submit" -d 'Claude Code `UserPromptSubmit` hook: print the mesh messages and alerts that arrived since it last ran. Prints nothing when there is nothing new, and always exits 0 within 300 ms, even when the hub is down. Its first run only marks where the mesh stands'
complete -c m3shd -n "__fish_m3shd_using_subcommand hook; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand post" -s c -l channel -d 'The channel [default: general, where the chat agent answers]' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand post" -l hub -d 'Hub URL [default: the profile\'s hub, the config file\'s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand post" -l profile -d 'Use this profile of the config file ([profiles.NAME])' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand post" -l config -d 'The config file [default: m3shd.toml in the platform config dir]' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand post" -l token -d 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)' -r
complete -c m3shd -n "__fish_m3shd_using_subcommand post" -l token-file -d 'Read the bearer token from this file' -r -F
complete -c m3shd -n "__fish_m3shd_using_subcommand post" -l json -d 'Print the message as the API returns it'
complete -c m3shd -n "__fish_m3shd_using_subcommand post" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug)'
complete -c m3shd -n "__fish_m3shd_using_subcommand post" -s h -l help -d 'Print help'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "do" -d 'Submit a task'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "tasks" -d 'List recent tasks'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "task" -d 'Inspect or act on one task'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "agents" -d 'List agents'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "agent" -d 'One agent\'s settings: maintenance on|off'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "status" -d 'One-screen summary of the mesh'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "tui" -d 'The live console: agents, queue, task output, DAG, approvals, costs, log, chat'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "up" -d 'Run a persistent all-in-one mesh in the foreground (hub + local builtin workers)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "demo" -d 'Start a throwaway mesh, run a batch of builtin tasks across three workers, print the results'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "bench" -d 'Benchmarks that print figures'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "config" -d 'Show or create the config file'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "login" -d 'Log in as a user, or store a token, for the selected profile (OS keyring, else a 0600 file)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "logout" -d 'Forget the selected profile\'s stored token (and end it on the hub if it is a session)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "secret" -d 'Model API keys for workers on this machine (OS keyring, else 0600 files)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "doctor" -d 'Check the hub, the token, the clock and this machine\'s setup'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "completions" -d 'Print a shell completion script'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "man" -d 'Write the man pages'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "approve" -d 'Approve a pending request (default: the most recent one)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "reject" -d 'Reject a pending request (default: the most recent one)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "pending" -d 'List pending approval requests'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "costs" -d 'Today\'s tokens and spend per agent, against the caps'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "budget" -d 'The daily spending caps: show them, set one, remove one'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "escalations" -d 'List open escalations; `ack ID` / `resolve ID` to act on one'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "context" -d 'Show the shared context; `KEY=VALUE` sets an entry, `rm KEY` deletes one'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "ask" -d 'Give one agent a task (`@AGENT text`)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "auto" -d 'Plan a goal into 2–5 subtasks and dispatch them in parallel'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "summary" -d 'Recent results in a few lines'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "chat" -d 'Say something to the mesh; the chat agent answers'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "text" -d 'Run one raw command line exactly as the iMessage bridge does'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "control" -d 'Change the mesh in words ("drain crucible", "give archon 3 slots", "pause the queue", "cap rex at $5 a day"): shows the plan, asks y/N on a terminal (--yes skips it), then runs it with this token\'s permissions'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "pipeline" -d 'Task graphs: run a pipeline file, show a pipeline'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "template" -d 'Task templates with {variable} placeholders'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "schedule" -d 'Recurring work the hub fires by itself: add, list, show, edit, rm, pause, resume, run-now'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "evolve" -d 'Self-evolving agents: guideline amendments to list, show, apply, reject or revert; ask for some now (propose); an agent\'s success per capability (stats)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "memory" -d 'Agent memory: list, search, set, rm, consolidate'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "world" -d 'The world model: entities and relations taken from task outputs (search, show)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "plugins" -d 'Plugins: list them, invoke one with a JSON input'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "token" -d 'Agent tokens: create (shown once), list, revoke'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "join-key" -d 'Join keys that enrol new workers without per-node setup'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "whoami" -d 'Who the configured token is and what it may do'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "user" -d 'User accounts: add, list, set-role, passwd, rm'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "key" -d 'Third-party API keys: create (shown once), list with usage, revoke'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "webhook" -d 'Inbound webhooks that dispatch a template: add (URL and secret shown once), list, edit, rotate-secret, rm'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "peer" -d 'Peer hubs that take work no local agent can: add (token from a file or stdin), list with live status, rm'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "audit" -d 'The audit log: who made which mutating call, when, with what outcome (admin only)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "verify" -d 'Check a finished task\'s signed result chain; exit 1 if it is broken'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "ledger" -d 'The contribution ledger: per agent, results validators accepted and rejected, and the credits earned'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "mcp" -d 'Serve the mesh as MCP tools over stdio, for Claude Code (`claude mcp add m3shd -- m3shd mcp`) and Claude Desktop. Uses this CLI\'s hub and token, and offers only the tools the token may use. It refuses a --token on the command line (visible in `ps` and kept in the client\'s config): use `m3shd login`, --token-file or M3SHD_TOKEN'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "hook" -d 'Hooks for Claude Code sessions'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "post" -d 'Post a message to the mesh chat'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and not __fish_seen_subcommand_from do tasks task agents agent status tui up demo bench config login logout secret doctor completions man approve reject pending costs budget escalations context ask auto summary chat text control pipeline template schedule evolve memory world plugins token join-key whoami user key webhook peer audit verify ledger mcp hook post help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from task" -f -a "show" -d 'Show a task; with --follow, stream its output live until it finishes (and its quality protocol, if any, has decided)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from task" -f -a "cancel" -d 'Cancel a task that has not finished'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from task" -f -a "retry" -d 'Run a failed or cancelled task again from scratch (the grammar\'s `retry ID`)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from task" -f -a "graph" -d 'The task with its parents, children and quality protocol steps, and the labelled edges between them'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from task" -f -a "votes" -d 'The vote on a task\'s result: who was asked, what each said, the tally'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from task" -f -a "trace" -d 'From the task to its result, each protocol step, the validators\' signed receipts and the credits they earned'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from task" -f -a "decide" -d 'Accept or reject the result of a task whose quality protocol escalated (a tied vote, voters that vanished): its dependents run on it, or are cancelled, and the escalation is resolved'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "maintenance" -d 'Maintenance tasks while the agent is idle (memory audits, re-checks of doubtful results, health checks): show the setting, or turn it on or off'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "dispatch" -d 'End-to-end dispatch throughput and latency on an embedded hub'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "memory" -d 'Memory full-text search latency (p50/p99) and insert rate on an embedded hub'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "scale" -d 'Whether per-request cost stays flat as history and queues grow: hot requests on a fresh hub, then on one filled to size'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "fanout" -d 'Event fan-out of a running hub: how long one event takes to reach N live subscribers (p50/p99)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "stream" -d 'Streaming output through a running hub: chunks/s one worker can stream into a task'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "hub" -d 'The hub\'s own benchmark suite (six tests against a scratch hub it starts, never its own store); the report is kept in its data dir'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print the effective configuration (secrets redacted) and where each value came from'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "init" -d 'Write a commented default config file (refuses to overwrite without --force)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "path" -d 'Print the path of the config file'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "set" -d 'Store an API key under NAME: read from stdin when it is not a terminal, else from a prompt that does not echo (never from argv)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "rm" -d 'Remove a stored API key (from the OS keyring and the file)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "list" -d 'List stored API keys: names and where each is kept, never values'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from budget" -f -a "show" -d 'The caps in force'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from budget" -f -a "set" -d 'Set one cap: `mesh-usd 5`, `agent-usd 0.50`, `agent-tokens 200000`, `agent-usd:rex 2`, `agent-tokens:rex 50000`'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from budget" -f -a "unset" -d 'Remove one cap (agent-tokens goes back to its default, 500,000)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from pipeline" -f -a "run" -d 'Create a pipeline from a TOML or JSON file (`name`, `[[steps]]`)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from pipeline" -f -a "show" -d 'Show a pipeline\'s graph with each step\'s status'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from pipeline" -f -a "list" -d 'List pipelines, newest first'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from template" -f -a "list" -d 'List templates'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from template" -f -a "show" -d 'Show one template'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from template" -f -a "add" -d 'Add a template; `{variable}` placeholders in the prompt are filled at run time'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from template" -f -a "set" -d 'Change a template: whether it takes federated input'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from template" -f -a "rm" -d 'Remove a template'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from template" -f -a "run" -d 'Create a task from a template'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "add" -d 'Add a schedule: a cron expression that creates a task from a template (or runs a built-in action) each time it is due'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "list" -d 'List schedules: when each is due next, when it last fired, its last task'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "show" -d 'Show one schedule'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "edit" -d 'Change a schedule\'s cron expression, time zone or variables (the variables given replace all of them)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "rm" -d 'Remove a schedule (a default one is not created again)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "pause" -d 'Pause a schedule: it fires no more until resumed'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "resume" -d 'Resume a schedule; what fell due while it was paused is skipped'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "run-now" -d 'Fire a schedule now (paused or not) without moving its next due time'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from evolve" -f -a "list" -d 'List guideline amendments, newest first (default: those awaiting a decision)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from evolve" -f -a "show" -d 'Show one amendment: its text, confidence, evidence and decisions'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from evolve" -f -a "apply" -d 'Apply a proposed amendment: the agent\'s next prompts start with it'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from evolve" -f -a "reject" -d 'Reject a proposed amendment'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from evolve" -f -a "revert" -d 'Take an applied amendment back: it is out of the agent\'s next prompt'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from evolve" -f -a "propose" -d 'Ask an agent advertising `evolve` for amendments to AGENT\'s guidelines now'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from evolve" -f -a "stats" -d 'AGENT\'s finished tasks per capability over a rolling window'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from memory" -f -a "list" -d 'List an agent\'s memories, newest first'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from memory" -f -a "search" -d 'Full-text search of an agent\'s memories (any word, best match first)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from memory" -f -a "set" -d 'Store or replace one of an agent\'s memories'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from memory" -f -a "rm" -d 'Delete one of an agent\'s memories'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from memory" -f -a "consolidate" -d 'Merge every agent\'s duplicate memories now (the nightly pass)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from world" -f -a "search" -d 'Search the entities task outputs named: names containing QUERY from the start of a word, most mentioned first (without QUERY: the most recently seen)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from world" -f -a "show" -d 'One entity (by id or name) with its relations and the tasks that named it; exit 4 when the mesh knows no such entity'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from plugins" -f -a "list" -d 'List the hub\'s plugins (built-in and external)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from plugins" -f -a "invoke" -d 'Run a plugin with a JSON input object, e.g. `m3shd plugins invoke web_search \'{"query": "rust"}\'`'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "create" -d 'Create an agent token; the secret is printed once'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "list" -d 'List agent tokens (never their secrets)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "revoke" -d 'Revoke a token by id; it stops working at once'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from join-key" -f -a "create" -d 'Create a join key for enrolling workers (`m3shd-workerd --join-key`)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from join-key" -f -a "list" -d 'List join keys (never their secrets)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from join-key" -f -a "revoke" -d 'Revoke a join key by id'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "add" -d 'Create a user; asks for its password'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "list" -d 'List users and how many live sessions each has'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "set-role" -d 'Change a user\'s role; it applies to their sessions at once'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "passwd" -d 'Set a user\'s password; ends all of their sessions'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "rm" -d 'Delete a user and end their sessions'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "create" -d 'Create a key; the secret is printed once'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "list" -d 'List keys with their usage (never their secrets)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "revoke" -d 'Revoke a key by id; its next request is refused'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "add" -d 'Create a webhook; prints its URL and its secret, once'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "list" -d 'List webhooks (never their secrets)'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "edit" -d 'Change a webhook in place: its URL and secret stay (a new --kind moves the URL to that kind\'s route). The --var mappings given replace all of them'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "rotate-secret" -d 'Give a webhook a new secret, printed once; the old one stops working at once, so update the system that calls it'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "rm" -d 'Delete a webhook; its URL stops working at once'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from peer" -f -a "add" -d 'Add a peer hub, or replace its URL and token. The token (a `federation` token the peer\'s operator minted) comes from --peer-token-file or stdin, never from the command line; the hub seals it at rest and never shows it back'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from peer" -f -a "list" -d 'List peers: status (online, unreachable, refused), capabilities with free slots, tasks relayed, success rate, last seen'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from peer" -f -a "rm" -d 'Remove a peer; tasks relayed to it come back to this hub\'s queue'
complete -c m3shd -n "__fish_m3shd_using_subcommand help; and __fish_seen_subcommand_from hook" -f -a "prompt-submit" -d 'Claude Code `UserPromptSubmit` hook: print the mesh messages and alerts that arrived since it last ran. Prints nothing when there is nothing new, and always exits 0 within 300 ms, even when the hub is down. Its first run only marks where the mesh stands'
