
use builtin;
use str;

set edit:completion:arg-completer[m3shd] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'm3shd'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'m3shd'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand do 'Submit a task'
            cand tasks 'List recent tasks'
            cand task 'Inspect or act on one task'
            cand agents 'List agents'
            cand agent 'One agent''s settings: maintenance on|off'
            cand status 'One-screen summary of the mesh'
            cand tui 'The live console: agents, queue, task output, DAG, approvals, costs, log, chat'
            cand up 'Run a persistent all-in-one mesh in the foreground (hub + local builtin workers)'
            cand demo 'Start a throwaway mesh, run a batch of builtin tasks across three workers, print the results'
            cand bench 'Benchmarks that print figures'
            cand config 'Show or create the config file'
            cand login 'Log in as a user, or store a token, for the selected profile (OS keyring, else a 0600 file)'
            cand logout 'Forget the selected profile''s stored token (and end it on the hub if it is a session)'
            cand secret 'Model API keys for workers on this machine (OS keyring, else 0600 files)'
            cand doctor 'Check the hub, the token, the clock and this machine''s setup'
            cand completions 'Print a shell completion script'
            cand man 'Write the man pages'
            cand approve 'Approve a pending request (default: the most recent one)'
            cand reject 'Reject a pending request (default: the most recent one)'
            cand pending 'List pending approval requests'
            cand costs 'Today''s tokens and spend per agent, against the caps'
            cand budget 'The daily spending caps: show them, set one, remove one'
            cand escalations 'List open escalations; `ack ID` / `resolve ID` to act on one'
            cand context 'Show the shared context; `KEY=VALUE` sets an entry, `rm KEY` deletes one'
            cand ask 'Give one agent a task (`@AGENT text`)'
            cand auto 'Plan a goal into 2–5 subtasks and dispatch them in parallel'
            cand summary 'Recent results in a few lines'
            cand chat 'Say something to the mesh; the chat agent answers'
            cand text 'Run one raw command line exactly as the iMessage bridge does'
            cand control 'Change the mesh in words ("drain crucible", "give archon 3 slots", "pause the queue", "cap rex at $5 a day"): shows the plan, asks y/N on a terminal (--yes skips it), then runs it with this token''s permissions'
            cand pipeline 'Task graphs: run a pipeline file, show a pipeline'
            cand template 'Task templates with {variable} placeholders'
            cand schedule 'Recurring work the hub fires by itself: add, list, show, edit, rm, pause, resume, run-now'
            cand evolve 'Self-evolving agents: guideline amendments to list, show, apply, reject or revert; ask for some now (propose); an agent''s success per capability (stats)'
            cand memory 'Agent memory: list, search, set, rm, consolidate'
            cand world 'The world model: entities and relations taken from task outputs (search, show)'
            cand plugins 'Plugins: list them, invoke one with a JSON input'
            cand token 'Agent tokens: create (shown once), list, revoke'
            cand join-key 'Join keys that enrol new workers without per-node setup'
            cand whoami 'Who the configured token is and what it may do'
            cand user 'User accounts: add, list, set-role, passwd, rm'
            cand key 'Third-party API keys: create (shown once), list with usage, revoke'
            cand webhook 'Inbound webhooks that dispatch a template: add (URL and secret shown once), list, edit, rotate-secret, rm'
            cand peer 'Peer hubs that take work no local agent can: add (token from a file or stdin), list with live status, rm'
            cand audit 'The audit log: who made which mutating call, when, with what outcome (admin only)'
            cand verify 'Check a finished task''s signed result chain; exit 1 if it is broken'
            cand ledger 'The contribution ledger: per agent, results validators accepted and rejected, and the credits earned'
            cand mcp 'Serve the mesh as MCP tools over stdio, for Claude Code (`claude mcp add m3shd -- m3shd mcp`) and Claude Desktop. Uses this CLI''s hub and token, and offers only the tools the token may use. It refuses a --token on the command line (visible in `ps` and kept in the client''s config): use `m3shd login`, --token-file or M3SHD_TOKEN'
            cand hook 'Hooks for Claude Code sessions'
            cand post 'Post a message to the mesh chat'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;do'= {
            cand -c 'Only an agent advertising this capability may run it'
            cand --capability 'Only an agent advertising this capability may run it'
            cand -a 'Ask for this agent. Should it be offline, circuit-open or over budget for longer than the hub''s --assign-wait, another capable agent takes the task (unless --strict)'
            cand --agent 'Ask for this agent. Should it be offline, circuit-open or over budget for longer than the hub''s --assign-wait, another capable agent takes the task (unless --strict)'
            cand -p '0 (lowest) to 10 (highest); default 5'
            cand --priority '0 (lowest) to 10 (highest); default 5'
            cand --title 'Title (default: the start of the prompt)'
            cand --max-attempts 'Attempts before the task fails for good (default 3)'
            cand --idempotency-key 'Makes retries of this command safe: the same key returns the same task'
            cand --deadline 'Finish by then: an RFC 3339 time (2026-12-24T18:00:00Z) or a span from now (45m, 2h, 1d); urgency rises as it nears'
            cand --model 'Ask AI executors for this model (overrides their routing)'
            cand --depends-on 'Run only after these tasks are done, with their outputs in the prompt (repeat the flag or separate ids with commas)'
            cand --max-cost-usd 'Refuse to spend more than this many US dollars on the task'
            cand --attach 'Attach an image (JPEG, PNG, GIF, WebP or HEIC, up to 20 MB); repeat for more. The task runs once they are all uploaded'
            cand --confidence-threshold 'Have another capable agent answer again when the result reports a confidence below X (0–1, e.g. 0.8 or 80%; 0 turns it off; default 0.7)'
            cand --challenge-threshold 'A critique scoring above X (0–1) is material (default 0.5)'
            cand --quorum 'Votes needed for a decision (1–15, default 3)'
            cand --validator 'Agents with this capability validate the result; only a validated result earns its agent credit (`m3shd ledger`)'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --strict 'Keep the task for --agent however long that agent cannot take it'
            cand --requires-approval 'Hold the task until an operator approves it (`m3shd approve`)'
            cand -w 'Wait for the task to finish, showing its output as it streams; when a quality protocol runs on it, wait for its decision and print the accepted result'
            cand --wait 'Wait for the task to finish, showing its output as it streams; when a quality protocol runs on it, wait for its decision and print the accepted result'
            cand --json 'json'
            cand --challenge 'Have another agent critique the result with a score; a material critique goes back to the original agent for a revision'
            cand --debate 'Two agents answer independently, then one answer is synthesised from both (the debate picks its agents, so not with --agent)'
            cand --vote 'Put the result to a vote of the other capable agents; a rejected result fails the protocol'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;tasks'= {
            cand -s 'Only tasks in this status'
            cand --status 'Only tasks in this status'
            cand --agent 'Only tasks held by this agent'
            cand -n 'At most this many (max 500)'
            cand --limit 'At most this many (max 500)'
            cand --before 'The next page: tasks older than this one (the last id shown)'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;task'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand show 'Show a task; with --follow, stream its output live until it finishes (and its quality protocol, if any, has decided)'
            cand cancel 'Cancel a task that has not finished'
            cand retry 'Run a failed or cancelled task again from scratch (the grammar''s `retry ID`)'
            cand graph 'The task with its parents, children and quality protocol steps, and the labelled edges between them'
            cand votes 'The vote on a task''s result: who was asked, what each said, the tally'
            cand trace 'From the task to its result, each protocol step, the validators'' signed receipts and the credits they earned'
            cand decide 'Accept or reject the result of a task whose quality protocol escalated (a tied vote, voters that vanished): its dependents run on it, or are cancelled, and the escalation is resolved'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;task;show'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -f 'f'
            cand --follow 'follow'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;task;cancel'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;task;retry'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;task;graph'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;task;votes'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;task;trace'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;task;decide'= {
            cand --reason 'Why, recorded with the outcome'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;task;help'= {
            cand show 'Show a task; with --follow, stream its output live until it finishes (and its quality protocol, if any, has decided)'
            cand cancel 'Cancel a task that has not finished'
            cand retry 'Run a failed or cancelled task again from scratch (the grammar''s `retry ID`)'
            cand graph 'The task with its parents, children and quality protocol steps, and the labelled edges between them'
            cand votes 'The vote on a task''s result: who was asked, what each said, the tally'
            cand trace 'From the task to its result, each protocol step, the validators'' signed receipts and the credits they earned'
            cand decide 'Accept or reject the result of a task whose quality protocol escalated (a tied vote, voters that vanished): its dependents run on it, or are cancelled, and the escalation is resolved'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;task;help;show'= {
        }
        &'m3shd;task;help;cancel'= {
        }
        &'m3shd;task;help;retry'= {
        }
        &'m3shd;task;help;graph'= {
        }
        &'m3shd;task;help;votes'= {
        }
        &'m3shd;task;help;trace'= {
        }
        &'m3shd;task;help;decide'= {
        }
        &'m3shd;task;help;help'= {
        }
        &'m3shd;agents'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the JSON the API returns'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;agent'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand maintenance 'Maintenance tasks while the agent is idle (memory audits, re-checks of doubtful results, health checks): show the setting, or turn it on or off'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;agent;maintenance'= {
            cand --cap 'What its maintenance tasks may cost per UTC day, in USD (default 0.50)'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the JSON the API returns'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;agent;help'= {
            cand maintenance 'Maintenance tasks while the agent is idle (memory audits, re-checks of doubtful results, health checks): show the setting, or turn it on or off'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;agent;help;maintenance'= {
        }
        &'m3shd;agent;help;help'= {
        }
        &'m3shd;status'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the JSON the API returns'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;tui'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;up'= {
            cand --listen 'Address the hub listens on'
            cand --workers 'Number of local builtin workers'
            cand --slots 'Slots per local worker'
            cand --data-dir 'Data directory (default: the platform data dir)'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;demo'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --keep 'Keep the demo''s data directory and print where it is'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;bench'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand dispatch 'End-to-end dispatch throughput and latency on an embedded hub'
            cand memory 'Memory full-text search latency (p50/p99) and insert rate on an embedded hub'
            cand scale 'Whether per-request cost stays flat as history and queues grow: hot requests on a fresh hub, then on one filled to size'
            cand fanout 'Event fan-out of a running hub: how long one event takes to reach N live subscribers (p50/p99)'
            cand stream 'Streaming output through a running hub: chunks/s one worker can stream into a task'
            cand hub 'The hub''s own benchmark suite (six tests against a scratch hub it starts, never its own store); the report is kept in its data dir'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;bench;dispatch'= {
            cand --tasks 'Echo tasks for the throughput run'
            cand --workers 'Builtin workers'
            cand --slots 'Slots per worker'
            cand --latency-secs 'Seconds of the fixed-rate (100 tasks/s) latency run'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the figures as JSON'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;bench;memory'= {
            cand --sizes 'Memory counts to measure, comma-separated'
            cand --searches 'Searches per size'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the figures as JSON'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;bench;scale'= {
            cand --tasks 'Finished tasks of history to fill the store with'
            cand --queued 'Tasks queued for a capability no agent has'
            cand --events 'Events in the event log'
            cand --requests 'Sequential requests per measured request kind, from one keep-alive client'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the figures as JSON'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;bench;fanout'= {
            cand --subscribers 'Live event-stream subscribers (each holds a connection: the hub''s --max-connections must leave room for them)'
            cand --events 'Chat messages posted (to the `bench-fanout` channel), one every 20 ms'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the figures as JSON'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;bench;stream'= {
            cand --chunks 'Chunks to stream, one after another'
            cand --chunk-bytes 'Bytes per chunk'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the figures as JSON'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;bench;hub'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --quick 'Small sizes (a few seconds): checks that everything runs; the figures mean little'
            cand --no-wait 'Start the run, print its id and return without waiting for the report'
            cand --list 'List the reports the hub keeps (newest first) instead of running'
            cand --json 'Print the report (or the list) as JSON'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;bench;help'= {
            cand dispatch 'End-to-end dispatch throughput and latency on an embedded hub'
            cand memory 'Memory full-text search latency (p50/p99) and insert rate on an embedded hub'
            cand scale 'Whether per-request cost stays flat as history and queues grow: hot requests on a fresh hub, then on one filled to size'
            cand fanout 'Event fan-out of a running hub: how long one event takes to reach N live subscribers (p50/p99)'
            cand stream 'Streaming output through a running hub: chunks/s one worker can stream into a task'
            cand hub 'The hub''s own benchmark suite (six tests against a scratch hub it starts, never its own store); the report is kept in its data dir'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;bench;help;dispatch'= {
        }
        &'m3shd;bench;help;memory'= {
        }
        &'m3shd;bench;help;scale'= {
        }
        &'m3shd;bench;help;fanout'= {
        }
        &'m3shd;bench;help;stream'= {
        }
        &'m3shd;bench;help;hub'= {
        }
        &'m3shd;bench;help;help'= {
        }
        &'m3shd;config'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand show 'Print the effective configuration (secrets redacted) and where each value came from'
            cand init 'Write a commented default config file (refuses to overwrite without --force)'
            cand path 'Print the path of the config file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;config;show'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;config;init'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --force 'Replace an existing file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;config;path'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;config;help'= {
            cand show 'Print the effective configuration (secrets redacted) and where each value came from'
            cand init 'Write a commented default config file (refuses to overwrite without --force)'
            cand path 'Print the path of the config file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;config;help;show'= {
        }
        &'m3shd;config;help;init'= {
        }
        &'m3shd;config;help;path'= {
        }
        &'m3shd;config;help;help'= {
        }
        &'m3shd;login'= {
            cand --user 'Log in as this user: asks for the password (read from stdin when it is not a terminal) and stores the session token the hub returns'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --token-stdin 'Read a token from standard input (the only way to give one: argv is visible to other users)'
            cand --file 'Store the token in a 0600 file in the config dir even when an OS keyring is available'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;logout'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;secret'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand set 'Store an API key under NAME: read from stdin when it is not a terminal, else from a prompt that does not echo (never from argv)'
            cand rm 'Remove a stored API key (from the OS keyring and the file)'
            cand list 'List stored API keys: names and where each is kept, never values'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;secret;set'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --file 'Store it in a 0600 file in the config dir even when an OS keyring is available'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;secret;rm'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;secret;list'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;secret;help'= {
            cand set 'Store an API key under NAME: read from stdin when it is not a terminal, else from a prompt that does not echo (never from argv)'
            cand rm 'Remove a stored API key (from the OS keyring and the file)'
            cand list 'List stored API keys: names and where each is kept, never values'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;secret;help;set'= {
        }
        &'m3shd;secret;help;rm'= {
        }
        &'m3shd;secret;help;list'= {
        }
        &'m3shd;secret;help;help'= {
        }
        &'m3shd;doctor'= {
            cand --data-dir 'Hub data directory whose permissions to check (default: the platform data dir)'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the checks as JSON'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;completions'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;man'= {
            cand --out 'Directory to write every page into (created if missing); without it, the main page goes to stdout (`m3shd man | man -l -`)'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;approve'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;reject'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;pending'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the JSON the API returns'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;costs'= {
            cand --day 'UTC day as YYYY-MM-DD (default: today)'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;budget'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand show 'The caps in force'
            cand set 'Set one cap: `mesh-usd 5`, `agent-usd 0.50`, `agent-tokens 200000`, `agent-usd:rex 2`, `agent-tokens:rex 50000`'
            cand unset 'Remove one cap (agent-tokens goes back to its default, 500,000)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;budget;show'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;budget;set'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;budget;unset'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;budget;help'= {
            cand show 'The caps in force'
            cand set 'Set one cap: `mesh-usd 5`, `agent-usd 0.50`, `agent-tokens 200000`, `agent-usd:rex 2`, `agent-tokens:rex 50000`'
            cand unset 'Remove one cap (agent-tokens goes back to its default, 500,000)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;budget;help;show'= {
        }
        &'m3shd;budget;help;set'= {
        }
        &'m3shd;budget;help;unset'= {
        }
        &'m3shd;budget;help;help'= {
        }
        &'m3shd;escalations'= {
            cand -s 'List escalations in this state (default: open)'
            cand --status 'List escalations in this state (default: open)'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'m3shd;context'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;ask'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --allow-unknown-agent 'Queue it even if the hub knows no such agent (it waits for one to register)'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;auto'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;summary'= {
            cand -n 'At most this many recent results'
            cand --limit 'At most this many recent results'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;chat'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;text'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --allow-unknown-agent 'Queue `@AGENT text` even if the hub knows no such agent (it waits for one to register)'
            cand --json 'Print the reply''s JSON instead of its text'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;control'= {
            cand --wait 'Longest wait, in seconds, for a model to read a sentence the hub''s parser cannot (1-120; default 30)'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -y 'Run the plan without asking (needed when stdin is not a terminal)'
            cand --yes 'Run the plan without asking (needed when stdin is not a terminal)'
            cand --json 'Print the JSON the API returns (the plan, or what running it did)'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;pipeline'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand run 'Create a pipeline from a TOML or JSON file (`name`, `[[steps]]`)'
            cand show 'Show a pipeline''s graph with each step''s status'
            cand list 'List pipelines, newest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;pipeline;run'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -w 'Wait until every step has finished'
            cand --wait 'Wait until every step has finished'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;pipeline;show'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;pipeline;list'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;pipeline;help'= {
            cand run 'Create a pipeline from a TOML or JSON file (`name`, `[[steps]]`)'
            cand show 'Show a pipeline''s graph with each step''s status'
            cand list 'List pipelines, newest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;pipeline;help;run'= {
        }
        &'m3shd;pipeline;help;show'= {
        }
        &'m3shd;pipeline;help;list'= {
        }
        &'m3shd;pipeline;help;help'= {
        }
        &'m3shd;template'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List templates'
            cand show 'Show one template'
            cand add 'Add a template; `{variable}` placeholders in the prompt are filled at run time'
            cand create 'Add a template; `{variable}` placeholders in the prompt are filled at run time'
            cand set 'Change a template: whether it takes federated input'
            cand rm 'Remove a template'
            cand run 'Create a task from a template'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;template;list'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;template;show'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;template;add'= {
            cand --prompt 'prompt'
            cand -c 'c'
            cand --capability 'capability'
            cand -d 'd'
            cand --description 'description'
            cand -p 'p'
            cand --priority 'priority'
            cand -m 'Model its tasks ask AI workers for: a model name, or a routing tier (small, standard, large). Default: the worker''s routing'
            cand --model 'Model its tasks ask AI workers for: a model name, or a routing tier (small, standard, large). Default: the worker''s routing'
            cand --federated-input 'Whether peer hubs may hand this hub tasks of this template (by name); refuse also keeps its own tasks from being relayed out'
            cand --confidence-threshold 'Have another capable agent answer again when the result reports a confidence below X (0–1, e.g. 0.8 or 80%; 0 turns it off; default 0.7)'
            cand --challenge-threshold 'A critique scoring above X (0–1) is material (default 0.5)'
            cand --quorum 'Votes needed for a decision (1–15, default 3)'
            cand --validator 'Agents with this capability validate the result; only a validated result earns its agent credit (`m3shd ledger`)'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand --challenge 'Have another agent critique the result with a score; a material critique goes back to the original agent for a revision'
            cand --debate 'Two agents answer independently, then one answer is synthesised from both (the debate picks its agents, so not with --agent)'
            cand --vote 'Put the result to a vote of the other capable agents; a rejected result fails the protocol'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;template;create'= {
            cand --prompt 'prompt'
            cand -c 'c'
            cand --capability 'capability'
            cand -d 'd'
            cand --description 'description'
            cand -p 'p'
            cand --priority 'priority'
            cand -m 'Model its tasks ask AI workers for: a model name, or a routing tier (small, standard, large). Default: the worker''s routing'
            cand --model 'Model its tasks ask AI workers for: a model name, or a routing tier (small, standard, large). Default: the worker''s routing'
            cand --federated-input 'Whether peer hubs may hand this hub tasks of this template (by name); refuse also keeps its own tasks from being relayed out'
            cand --confidence-threshold 'Have another capable agent answer again when the result reports a confidence below X (0–1, e.g. 0.8 or 80%; 0 turns it off; default 0.7)'
            cand --challenge-threshold 'A critique scoring above X (0–1) is material (default 0.5)'
            cand --quorum 'Votes needed for a decision (1–15, default 3)'
            cand --validator 'Agents with this capability validate the result; only a validated result earns its agent credit (`m3shd ledger`)'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand --challenge 'Have another agent critique the result with a score; a material critique goes back to the original agent for a revision'
            cand --debate 'Two agents answer independently, then one answer is synthesised from both (the debate picks its agents, so not with --agent)'
            cand --vote 'Put the result to a vote of the other capable agents; a rejected result fails the protocol'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;template;set'= {
            cand --federated-input 'accept: tasks of this template may come from peers and go to them; refuse: neither'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;template;rm'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;template;run'= {
            cand -p 'p'
            cand --priority 'priority'
            cand -a 'Ask for this agent'
            cand --agent 'Ask for this agent'
            cand -m 'Model for this task, instead of the template''s (a name or a tier)'
            cand --model 'Model for this task, instead of the template''s (a name or a tier)'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -w 'Wait for the task to finish, showing its output as it streams'
            cand --wait 'Wait for the task to finish, showing its output as it streams'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;template;help'= {
            cand list 'List templates'
            cand show 'Show one template'
            cand add 'Add a template; `{variable}` placeholders in the prompt are filled at run time'
            cand set 'Change a template: whether it takes federated input'
            cand rm 'Remove a template'
            cand run 'Create a task from a template'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;template;help;list'= {
        }
        &'m3shd;template;help;show'= {
        }
        &'m3shd;template;help;add'= {
        }
        &'m3shd;template;help;set'= {
        }
        &'m3shd;template;help;rm'= {
        }
        &'m3shd;template;help;run'= {
        }
        &'m3shd;template;help;help'= {
        }
        &'m3shd;schedule'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Add a schedule: a cron expression that creates a task from a template (or runs a built-in action) each time it is due'
            cand list 'List schedules: when each is due next, when it last fired, its last task'
            cand show 'Show one schedule'
            cand edit 'Change a schedule''s cron expression, time zone or variables (the variables given replace all of them)'
            cand rm 'Remove a schedule (a default one is not created again)'
            cand pause 'Pause a schedule: it fires no more until resumed'
            cand resume 'Resume a schedule; what fell due while it was paused is skipped'
            cand run-now 'Fire a schedule now (paused or not) without moving its next due time'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;schedule;add'= {
            cand --cron 'Five fields: minute hour day-of-month month day-of-week (e.g. "0 7 * * *", "*/15 * * * *"), or @hourly, @daily, @weekly, …'
            cand -t 'The template whose task each fire creates'
            cand --template 'The template whose task each fire creates'
            cand --action 'A built-in action to run instead: memory-consolidate, evolve'
            cand --tz 'The IANA time zone the cron expression is read in [default: UTC]'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --paused 'Create it paused'
            cand --json 'Print the JSON the API returns'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;schedule;list'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the JSON the API returns'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;schedule;show'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the JSON the API returns'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;schedule;edit'= {
            cand --cron 'A new cron expression: five fields (minute hour day-of-month month day-of-week, e.g. "0 7 * * *") or @hourly, @daily, @weekly, …; the next due time is worked out again from now'
            cand --tz 'A new IANA time zone to read the cron expression in (e.g. Europe/Paris, UTC); the next due time is worked out again from now'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --clear-vars 'Remove every variable'
            cand --json 'Print the JSON the API returns'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;schedule;rm'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;schedule;pause'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;schedule;resume'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;schedule;run-now'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the JSON the API returns'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;schedule;help'= {
            cand add 'Add a schedule: a cron expression that creates a task from a template (or runs a built-in action) each time it is due'
            cand list 'List schedules: when each is due next, when it last fired, its last task'
            cand show 'Show one schedule'
            cand edit 'Change a schedule''s cron expression, time zone or variables (the variables given replace all of them)'
            cand rm 'Remove a schedule (a default one is not created again)'
            cand pause 'Pause a schedule: it fires no more until resumed'
            cand resume 'Resume a schedule; what fell due while it was paused is skipped'
            cand run-now 'Fire a schedule now (paused or not) without moving its next due time'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;schedule;help;add'= {
        }
        &'m3shd;schedule;help;list'= {
        }
        &'m3shd;schedule;help;show'= {
        }
        &'m3shd;schedule;help;edit'= {
        }
        &'m3shd;schedule;help;rm'= {
        }
        &'m3shd;schedule;help;pause'= {
        }
        &'m3shd;schedule;help;resume'= {
        }
        &'m3shd;schedule;help;run-now'= {
        }
        &'m3shd;schedule;help;help'= {
        }
        &'m3shd;evolve'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List guideline amendments, newest first (default: those awaiting a decision)'
            cand show 'Show one amendment: its text, confidence, evidence and decisions'
            cand apply 'Apply a proposed amendment: the agent''s next prompts start with it'
            cand reject 'Reject a proposed amendment'
            cand revert 'Take an applied amendment back: it is out of the agent''s next prompt'
            cand propose 'Ask an agent advertising `evolve` for amendments to AGENT''s guidelines now'
            cand stats 'AGENT''s finished tasks per capability over a rolling window'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;evolve;list'= {
            cand -a 'Only this agent''s'
            cand --agent 'Only this agent''s'
            cand -s 'Only those in this status'
            cand --status 'Only those in this status'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the JSON the API returns'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;evolve;show'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;evolve;apply'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;evolve;reject'= {
            cand --reason 'Why (kept with the amendment)'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;evolve;revert'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;evolve;propose'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;evolve;stats'= {
            cand --days 'The window in days (1-90)'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;evolve;help'= {
            cand list 'List guideline amendments, newest first (default: those awaiting a decision)'
            cand show 'Show one amendment: its text, confidence, evidence and decisions'
            cand apply 'Apply a proposed amendment: the agent''s next prompts start with it'
            cand reject 'Reject a proposed amendment'
            cand revert 'Take an applied amendment back: it is out of the agent''s next prompt'
            cand propose 'Ask an agent advertising `evolve` for amendments to AGENT''s guidelines now'
            cand stats 'AGENT''s finished tasks per capability over a rolling window'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;evolve;help;list'= {
        }
        &'m3shd;evolve;help;show'= {
        }
        &'m3shd;evolve;help;apply'= {
        }
        &'m3shd;evolve;help;reject'= {
        }
        &'m3shd;evolve;help;revert'= {
        }
        &'m3shd;evolve;help;propose'= {
        }
        &'m3shd;evolve;help;stats'= {
        }
        &'m3shd;evolve;help;help'= {
        }
        &'m3shd;memory'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List an agent''s memories, newest first'
            cand search 'Full-text search of an agent''s memories (any word, best match first)'
            cand set 'Store or replace one of an agent''s memories'
            cand rm 'Delete one of an agent''s memories'
            cand consolidate 'Merge every agent''s duplicate memories now (the nightly pass)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;memory;list'= {
            cand --limit 'At most this many (default 50, at most 500)'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the JSON the API returns'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;memory;search'= {
            cand --limit 'At most this many (default 20)'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;memory;set'= {
            cand --confidence 'How sure the fact is, 0..1 (default 1)'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;memory;rm'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;memory;consolidate'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;memory;help'= {
            cand list 'List an agent''s memories, newest first'
            cand search 'Full-text search of an agent''s memories (any word, best match first)'
            cand set 'Store or replace one of an agent''s memories'
            cand rm 'Delete one of an agent''s memories'
            cand consolidate 'Merge every agent''s duplicate memories now (the nightly pass)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;memory;help;list'= {
        }
        &'m3shd;memory;help;search'= {
        }
        &'m3shd;memory;help;set'= {
        }
        &'m3shd;memory;help;rm'= {
        }
        &'m3shd;memory;help;consolidate'= {
        }
        &'m3shd;memory;help;help'= {
        }
        &'m3shd;world'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand search 'Search the entities task outputs named: names containing QUERY from the start of a word, most mentioned first (without QUERY: the most recently seen)'
            cand show 'One entity (by id or name) with its relations and the tasks that named it; exit 4 when the mesh knows no such entity'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;world;search'= {
            cand --type 'Only entities of this type'
            cand --limit 'At most this many (default 50, at most 500)'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the JSON the API returns'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;world;show'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the JSON the API returns'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;world;help'= {
            cand search 'Search the entities task outputs named: names containing QUERY from the start of a word, most mentioned first (without QUERY: the most recently seen)'
            cand show 'One entity (by id or name) with its relations and the tasks that named it; exit 4 when the mesh knows no such entity'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;world;help;search'= {
        }
        &'m3shd;world;help;show'= {
        }
        &'m3shd;world;help;help'= {
        }
        &'m3shd;plugins'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List the hub''s plugins (built-in and external)'
            cand invoke 'Run a plugin with a JSON input object, e.g. `m3shd plugins invoke web_search ''{"query": "rust"}''`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;plugins;list'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the JSON the API returns'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;plugins;invoke'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the JSON the API returns'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;plugins;help'= {
            cand list 'List the hub''s plugins (built-in and external)'
            cand invoke 'Run a plugin with a JSON input object, e.g. `m3shd plugins invoke web_search ''{"query": "rust"}''`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;plugins;help;list'= {
        }
        &'m3shd;plugins;help;invoke'= {
        }
        &'m3shd;plugins;help;help'= {
        }
        &'m3shd;token'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand create 'Create an agent token; the secret is printed once'
            cand list 'List agent tokens (never their secrets)'
            cand revoke 'Revoke a token by id; it stops working at once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;token;create'= {
            cand --agent 'The agent the token acts as'
            cand --role 'A role preset: worker, mobile, commander, admin or federation (what a peer hub needs: offer work and fetch its results, nothing else)'
            cand --perm 'A permission (repeatable), e.g. --perm tasks:read --perm tasks:write'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;token;list'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;token;revoke'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;token;help'= {
            cand create 'Create an agent token; the secret is printed once'
            cand list 'List agent tokens (never their secrets)'
            cand revoke 'Revoke a token by id; it stops working at once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;token;help;create'= {
        }
        &'m3shd;token;help;list'= {
        }
        &'m3shd;token;help;revoke'= {
        }
        &'m3shd;token;help;help'= {
        }
        &'m3shd;join-key'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand create 'Create a join key for enrolling workers (`m3shd-workerd --join-key`)'
            cand list 'List join keys (never their secrets)'
            cand revoke 'Revoke a join key by id'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;join-key;create'= {
            cand --role 'A role preset: worker, mobile, commander, admin or federation (what a peer hub needs: offer work and fetch its results, nothing else)'
            cand --perm 'A permission (repeatable), e.g. --perm tasks:read --perm tasks:write'
            cand --expires 'How long it stays valid, e.g. 30m, 24h, 7d (default 24h)'
            cand --uses 'How many workers may join with it (default 1)'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;join-key;list'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;join-key;revoke'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;join-key;help'= {
            cand create 'Create a join key for enrolling workers (`m3shd-workerd --join-key`)'
            cand list 'List join keys (never their secrets)'
            cand revoke 'Revoke a join key by id'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;join-key;help;create'= {
        }
        &'m3shd;join-key;help;list'= {
        }
        &'m3shd;join-key;help;revoke'= {
        }
        &'m3shd;join-key;help;help'= {
        }
        &'m3shd;whoami'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the JSON the API returns'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;user'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Create a user; asks for its password'
            cand list 'List users and how many live sessions each has'
            cand set-role 'Change a user''s role; it applies to their sessions at once'
            cand passwd 'Set a user''s password; ends all of their sessions'
            cand rm 'Delete a user and end their sessions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;user;add'= {
            cand --role 'admin (everything), user (the commander preset) or viewer (reads only)'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;user;list'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;user;set-role'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;user;passwd'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;user;rm'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;user;help'= {
            cand add 'Create a user; asks for its password'
            cand list 'List users and how many live sessions each has'
            cand set-role 'Change a user''s role; it applies to their sessions at once'
            cand passwd 'Set a user''s password; ends all of their sessions'
            cand rm 'Delete a user and end their sessions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;user;help;add'= {
        }
        &'m3shd;user;help;list'= {
        }
        &'m3shd;user;help;set-role'= {
        }
        &'m3shd;user;help;passwd'= {
        }
        &'m3shd;user;help;rm'= {
        }
        &'m3shd;user;help;help'= {
        }
        &'m3shd;key'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand create 'Create a key; the secret is printed once'
            cand list 'List keys with their usage (never their secrets)'
            cand revoke 'Revoke a key by id; its next request is refused'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;key;create'= {
            cand --role 'A role preset: worker, mobile, commander, admin or federation (what a peer hub needs: offer work and fetch its results, nothing else)'
            cand --perm 'A permission (repeatable), e.g. --perm tasks:read --perm tasks:write'
            cand --rate 'Requests per minute'
            cand --daily 'Requests per UTC day'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;key;list'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;key;revoke'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;key;help'= {
            cand create 'Create a key; the secret is printed once'
            cand list 'List keys with their usage (never their secrets)'
            cand revoke 'Revoke a key by id; its next request is refused'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;key;help;create'= {
        }
        &'m3shd;key;help;list'= {
        }
        &'m3shd;key;help;revoke'= {
        }
        &'m3shd;key;help;help'= {
        }
        &'m3shd;webhook'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Create a webhook; prints its URL and its secret, once'
            cand list 'List webhooks (never their secrets)'
            cand edit 'Change a webhook in place: its URL and secret stay (a new --kind moves the URL to that kind''s route). The --var mappings given replace all of them'
            cand rotate-secret 'Give a webhook a new secret, printed once; the old one stops working at once, so update the system that calls it'
            cand rm 'Delete a webhook; its URL stops working at once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;webhook;add'= {
            cand --template 'The template each delivery dispatches (name or id)'
            cand --kind 'generic (the secret in an X-Webhook-Secret header) or github (GitHub''s X-Hub-Signature-256 of the body)'
            cand --var 'A template variable taken from the payload by JSON pointer, e.g. --var repo=/repository/full_name (repeatable)'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the JSON the API returns (the secret included, this once)'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;webhook;list'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the JSON the API returns'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;webhook;edit'= {
            cand --name 'A new name for it ([a-z0-9_.-])'
            cand --template 'The template each delivery dispatches from now on (name or id)'
            cand --kind 'generic (the secret in an X-Webhook-Secret header) or github (GitHub''s X-Hub-Signature-256 of the body)'
            cand --var 'A template variable taken from the payload by JSON pointer, e.g. --var repo=/repository/full_name (repeatable; replaces every mapping)'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --clear-vars 'Remove every mapping'
            cand --json 'Print the JSON the API returns (never the secret)'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;webhook;rotate-secret'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the JSON the API returns (the new secret included, this once)'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;webhook;rm'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print `{"removed": NAME}`'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;webhook;help'= {
            cand add 'Create a webhook; prints its URL and its secret, once'
            cand list 'List webhooks (never their secrets)'
            cand edit 'Change a webhook in place: its URL and secret stay (a new --kind moves the URL to that kind''s route). The --var mappings given replace all of them'
            cand rotate-secret 'Give a webhook a new secret, printed once; the old one stops working at once, so update the system that calls it'
            cand rm 'Delete a webhook; its URL stops working at once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;webhook;help;add'= {
        }
        &'m3shd;webhook;help;list'= {
        }
        &'m3shd;webhook;help;edit'= {
        }
        &'m3shd;webhook;help;rotate-secret'= {
        }
        &'m3shd;webhook;help;rm'= {
        }
        &'m3shd;webhook;help;help'= {
        }
        &'m3shd;peer'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Add a peer hub, or replace its URL and token. The token (a `federation` token the peer''s operator minted) comes from --peer-token-file or stdin, never from the command line; the hub seals it at rest and never shows it back'
            cand list 'List peers: status (online, unreachable, refused), capabilities with free slots, tasks relayed, success rate, last seen'
            cand rm 'Remove a peer; tasks relayed to it come back to this hub''s queue'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;peer;add'= {
            cand --peer-token-file 'A file holding the peer''s token (first line). Without it the token is read from stdin'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the JSON the API returns'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;peer;list'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the JSON the API returns'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;peer;rm'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;peer;help'= {
            cand add 'Add a peer hub, or replace its URL and token. The token (a `federation` token the peer''s operator minted) comes from --peer-token-file or stdin, never from the command line; the hub seals it at rest and never shows it back'
            cand list 'List peers: status (online, unreachable, refused), capabilities with free slots, tasks relayed, success rate, last seen'
            cand rm 'Remove a peer; tasks relayed to it come back to this hub''s queue'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;peer;help;add'= {
        }
        &'m3shd;peer;help;list'= {
        }
        &'m3shd;peer;help;rm'= {
        }
        &'m3shd;peer;help;help'= {
        }
        &'m3shd;audit'= {
            cand --actor 'Only calls by this actor: `operator`, an agent id, `user:NAME`, `key:NAME` or `anonymous`'
            cand --action 'Only actions containing this text, e.g. `cancel` or `DELETE`'
            cand --after 'Only rows after this id, oldest first (to page or tail); default: the most recent rows'
            cand -n 'At most this many (max 500)'
            cand --limit 'At most this many (max 500)'
            cand --hours 'With --counts: the last this many hours (default 24)'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --all 'Every row, worker-protocol calls included (a hub logs those only with --audit-worker-protocol). Default: what operators and agents did, without heartbeats, claims, stream chunks and result delivery'
            cand --counts 'Show the worker-protocol calls counted per agent and hour instead (newest hour first; --actor picks one agent)'
            cand --json 'json'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;verify'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --peer 'For a result relayed back from a peer hub, also ask that peer to verify its own chain (exit 1 if it does not, or does not end in the link this hub chained from)'
            cand --json 'Print the hub''s report as JSON (the exit code still says whether it verified)'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;ledger'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the JSON the API returns'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;mcp'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;hook'= {
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand prompt-submit 'Claude Code `UserPromptSubmit` hook: print the mesh messages and alerts that arrived since it last ran. Prints nothing when there is nothing new, and always exits 0 within 300 ms, even when the hub is down. Its first run only marks where the mesh stands'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;hook;prompt-submit'= {
            cand --state-dir 'Where the hook keeps its cursor [default: the platform state dir, e.g. ~/.local/state/m3shd]'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;hook;help'= {
            cand prompt-submit 'Claude Code `UserPromptSubmit` hook: print the mesh messages and alerts that arrived since it last ran. Prints nothing when there is nothing new, and always exits 0 within 300 ms, even when the hub is down. Its first run only marks where the mesh stands'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;hook;help;prompt-submit'= {
        }
        &'m3shd;hook;help;help'= {
        }
        &'m3shd;post'= {
            cand -c 'The channel [default: general, where the chat agent answers]'
            cand --channel 'The channel [default: general, where the chat agent answers]'
            cand --hub 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)'
            cand --profile 'Use this profile of the config file ([profiles.NAME])'
            cand --config 'The config file [default: m3shd.toml in the platform config dir]'
            cand --token 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)'
            cand --token-file 'Read the bearer token from this file'
            cand --json 'Print the message as the API returns it'
            cand -v 'More log output on stderr (-v info, -vv debug)'
            cand --verbose 'More log output on stderr (-v info, -vv debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'m3shd;help'= {
            cand do 'Submit a task'
            cand tasks 'List recent tasks'
            cand task 'Inspect or act on one task'
            cand agents 'List agents'
            cand agent 'One agent''s settings: maintenance on|off'
            cand status 'One-screen summary of the mesh'
            cand tui 'The live console: agents, queue, task output, DAG, approvals, costs, log, chat'
            cand up 'Run a persistent all-in-one mesh in the foreground (hub + local builtin workers)'
            cand demo 'Start a throwaway mesh, run a batch of builtin tasks across three workers, print the results'
            cand bench 'Benchmarks that print figures'
            cand config 'Show or create the config file'
            cand login 'Log in as a user, or store a token, for the selected profile (OS keyring, else a 0600 file)'
            cand logout 'Forget the selected profile''s stored token (and end it on the hub if it is a session)'
            cand secret 'Model API keys for workers on this machine (OS keyring, else 0600 files)'
            cand doctor 'Check the hub, the token, the clock and this machine''s setup'
            cand completions 'Print a shell completion script'
            cand man 'Write the man pages'
            cand approve 'Approve a pending request (default: the most recent one)'
            cand reject 'Reject a pending request (default: the most recent one)'
            cand pending 'List pending approval requests'
            cand costs 'Today''s tokens and spend per agent, against the caps'
            cand budget 'The daily spending caps: show them, set one, remove one'
            cand escalations 'List open escalations; `ack ID` / `resolve ID` to act on one'
            cand context 'Show the shared context; `KEY=VALUE` sets an entry, `rm KEY` deletes one'
            cand ask 'Give one agent a task (`@AGENT text`)'
            cand auto 'Plan a goal into 2–5 subtasks and dispatch them in parallel'
            cand summary 'Recent results in a few lines'
            cand chat 'Say something to the mesh; the chat agent answers'
            cand text 'Run one raw command line exactly as the iMessage bridge does'
            cand control 'Change the mesh in words ("drain crucible", "give archon 3 slots", "pause the queue", "cap rex at $5 a day"): shows the plan, asks y/N on a terminal (--yes skips it), then runs it with this token''s permissions'
            cand pipeline 'Task graphs: run a pipeline file, show a pipeline'
            cand template 'Task templates with {variable} placeholders'
            cand schedule 'Recurring work the hub fires by itself: add, list, show, edit, rm, pause, resume, run-now'
            cand evolve 'Self-evolving agents: guideline amendments to list, show, apply, reject or revert; ask for some now (propose); an agent''s success per capability (stats)'
            cand memory 'Agent memory: list, search, set, rm, consolidate'
            cand world 'The world model: entities and relations taken from task outputs (search, show)'
            cand plugins 'Plugins: list them, invoke one with a JSON input'
            cand token 'Agent tokens: create (shown once), list, revoke'
            cand join-key 'Join keys that enrol new workers without per-node setup'
            cand whoami 'Who the configured token is and what it may do'
            cand user 'User accounts: add, list, set-role, passwd, rm'
            cand key 'Third-party API keys: create (shown once), list with usage, revoke'
            cand webhook 'Inbound webhooks that dispatch a template: add (URL and secret shown once), list, edit, rotate-secret, rm'
            cand peer 'Peer hubs that take work no local agent can: add (token from a file or stdin), list with live status, rm'
            cand audit 'The audit log: who made which mutating call, when, with what outcome (admin only)'
            cand verify 'Check a finished task''s signed result chain; exit 1 if it is broken'
            cand ledger 'The contribution ledger: per agent, results validators accepted and rejected, and the credits earned'
            cand mcp 'Serve the mesh as MCP tools over stdio, for Claude Code (`claude mcp add m3shd -- m3shd mcp`) and Claude Desktop. Uses this CLI''s hub and token, and offers only the tools the token may use. It refuses a --token on the command line (visible in `ps` and kept in the client''s config): use `m3shd login`, --token-file or M3SHD_TOKEN'
            cand hook 'Hooks for Claude Code sessions'
            cand post 'Post a message to the mesh chat'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'m3shd;help;do'= {
        }
        &'m3shd;help;tasks'= {
        }
        &'m3shd;help;task'= {
            cand show 'Show a task; with --follow, stream its output live until it finishes (and its quality protocol, if any, has decided)'
            cand cancel 'Cancel a task that has not finished'
            cand retry 'Run a failed or cancelled task again from scratch (the grammar''s `retry ID`)'
            cand graph 'The task with its parents, children and quality protocol steps, and the labelled edges between them'
            cand votes 'The vote on a task''s result: who was asked, what each said, the tally'
            cand trace 'From the task to its result, each protocol step, the validators'' signed receipts and the credits they earned'
            cand decide 'Accept or reject the result of a task whose quality protocol escalated (a tied vote, voters that vanished): its dependents run on it, or are cancelled, and the escalation is resolved'
        }
        &'m3shd;help;task;show'= {
        }
        &'m3shd;help;task;cancel'= {
        }
        &'m3shd;help;task;retry'= {
        }
        &'m3shd;help;task;graph'= {
        }
        &'m3shd;help;task;votes'= {
        }
        &'m3shd;help;task;trace'= {
        }
        &'m3shd;help;task;decide'= {
        }
        &'m3shd;help;agents'= {
        }
        &'m3shd;help;agent'= {
            cand maintenance 'Maintenance tasks while the agent is idle (memory audits, re-checks of doubtful results, health checks): show the setting, or turn it on or off'
        }
        &'m3shd;help;agent;maintenance'= {
        }
        &'m3shd;help;status'= {
        }
        &'m3shd;help;tui'= {
        }
        &'m3shd;help;up'= {
        }
        &'m3shd;help;demo'= {
        }
        &'m3shd;help;bench'= {
            cand dispatch 'End-to-end dispatch throughput and latency on an embedded hub'
            cand memory 'Memory full-text search latency (p50/p99) and insert rate on an embedded hub'
            cand scale 'Whether per-request cost stays flat as history and queues grow: hot requests on a fresh hub, then on one filled to size'
            cand fanout 'Event fan-out of a running hub: how long one event takes to reach N live subscribers (p50/p99)'
            cand stream 'Streaming output through a running hub: chunks/s one worker can stream into a task'
            cand hub 'The hub''s own benchmark suite (six tests against a scratch hub it starts, never its own store); the report is kept in its data dir'
        }
        &'m3shd;help;bench;dispatch'= {
        }
        &'m3shd;help;bench;memory'= {
        }
        &'m3shd;help;bench;scale'= {
        }
        &'m3shd;help;bench;fanout'= {
        }
        &'m3shd;help;bench;stream'= {
        }
        &'m3shd;help;bench;hub'= {
        }
        &'m3shd;help;config'= {
            cand show 'Print the effective configuration (secrets redacted) and where each value came from'
            cand init 'Write a commented default config file (refuses to overwrite without --force)'
            cand path 'Print the path of the config file'
        }
        &'m3shd;help;config;show'= {
        }
        &'m3shd;help;config;init'= {
        }
        &'m3shd;help;config;path'= {
        }
        &'m3shd;help;login'= {
        }
        &'m3shd;help;logout'= {
        }
        &'m3shd;help;secret'= {
            cand set 'Store an API key under NAME: read from stdin when it is not a terminal, else from a prompt that does not echo (never from argv)'
            cand rm 'Remove a stored API key (from the OS keyring and the file)'
            cand list 'List stored API keys: names and where each is kept, never values'
        }
        &'m3shd;help;secret;set'= {
        }
        &'m3shd;help;secret;rm'= {
        }
        &'m3shd;help;secret;list'= {
        }
        &'m3shd;help;doctor'= {
        }
        &'m3shd;help;completions'= {
        }
        &'m3shd;help;man'= {
        }
        &'m3shd;help;approve'= {
        }
        &'m3shd;help;reject'= {
        }
        &'m3shd;help;pending'= {
        }
        &'m3shd;help;costs'= {
        }
        &'m3shd;help;budget'= {
            cand show 'The caps in force'
            cand set 'Set one cap: `mesh-usd 5`, `agent-usd 0.50`, `agent-tokens 200000`, `agent-usd:rex 2`, `agent-tokens:rex 50000`'
            cand unset 'Remove one cap (agent-tokens goes back to its default, 500,000)'
        }
        &'m3shd;help;budget;show'= {
        }
        &'m3shd;help;budget;set'= {
        }
        &'m3shd;help;budget;unset'= {
        }
        &'m3shd;help;escalations'= {
        }
        &'m3shd;help;context'= {
        }
        &'m3shd;help;ask'= {
        }
        &'m3shd;help;auto'= {
        }
        &'m3shd;help;summary'= {
        }
        &'m3shd;help;chat'= {
        }
        &'m3shd;help;text'= {
        }
        &'m3shd;help;control'= {
        }
        &'m3shd;help;pipeline'= {
            cand run 'Create a pipeline from a TOML or JSON file (`name`, `[[steps]]`)'
            cand show 'Show a pipeline''s graph with each step''s status'
            cand list 'List pipelines, newest first'
        }
        &'m3shd;help;pipeline;run'= {
        }
        &'m3shd;help;pipeline;show'= {
        }
        &'m3shd;help;pipeline;list'= {
        }
        &'m3shd;help;template'= {
            cand list 'List templates'
            cand show 'Show one template'
            cand add 'Add a template; `{variable}` placeholders in the prompt are filled at run time'
            cand set 'Change a template: whether it takes federated input'
            cand rm 'Remove a template'
            cand run 'Create a task from a template'
        }
        &'m3shd;help;template;list'= {
        }
        &'m3shd;help;template;show'= {
        }
        &'m3shd;help;template;add'= {
        }
        &'m3shd;help;template;set'= {
        }
        &'m3shd;help;template;rm'= {
        }
        &'m3shd;help;template;run'= {
        }
        &'m3shd;help;schedule'= {
            cand add 'Add a schedule: a cron expression that creates a task from a template (or runs a built-in action) each time it is due'
            cand list 'List schedules: when each is due next, when it last fired, its last task'
            cand show 'Show one schedule'
            cand edit 'Change a schedule''s cron expression, time zone or variables (the variables given replace all of them)'
            cand rm 'Remove a schedule (a default one is not created again)'
            cand pause 'Pause a schedule: it fires no more until resumed'
            cand resume 'Resume a schedule; what fell due while it was paused is skipped'
            cand run-now 'Fire a schedule now (paused or not) without moving its next due time'
        }
        &'m3shd;help;schedule;add'= {
        }
        &'m3shd;help;schedule;list'= {
        }
        &'m3shd;help;schedule;show'= {
        }
        &'m3shd;help;schedule;edit'= {
        }
        &'m3shd;help;schedule;rm'= {
        }
        &'m3shd;help;schedule;pause'= {
        }
        &'m3shd;help;schedule;resume'= {
        }
        &'m3shd;help;schedule;run-now'= {
        }
        &'m3shd;help;evolve'= {
            cand list 'List guideline amendments, newest first (default: those awaiting a decision)'
            cand show 'Show one amendment: its text, confidence, evidence and decisions'
            cand apply 'Apply a proposed amendment: the agent''s next prompts start with it'
            cand reject 'Reject a proposed amendment'
            cand revert 'Take an applied amendment back: it is out of the agent''s next prompt'
            cand propose 'Ask an agent advertising `evolve` for amendments to AGENT''s guidelines now'
            cand stats 'AGENT''s finished tasks per capability over a rolling window'
        }
        &'m3shd;help;evolve;list'= {
        }
        &'m3shd;help;evolve;show'= {
        }
        &'m3shd;help;evolve;apply'= {
        }
        &'m3shd;help;evolve;reject'= {
        }
        &'m3shd;help;evolve;revert'= {
        }
        &'m3shd;help;evolve;propose'= {
        }
        &'m3shd;help;evolve;stats'= {
        }
        &'m3shd;help;memory'= {
            cand list 'List an agent''s memories, newest first'
            cand search 'Full-text search of an agent''s memories (any word, best match first)'
            cand set 'Store or replace one of an agent''s memories'
            cand rm 'Delete one of an agent''s memories'
            cand consolidate 'Merge every agent''s duplicate memories now (the nightly pass)'
        }
        &'m3shd;help;memory;list'= {
        }
        &'m3shd;help;memory;search'= {
        }
        &'m3shd;help;memory;set'= {
        }
        &'m3shd;help;memory;rm'= {
        }
        &'m3shd;help;memory;consolidate'= {
        }
        &'m3shd;help;world'= {
            cand search 'Search the entities task outputs named: names containing QUERY from the start of a word, most mentioned first (without QUERY: the most recently seen)'
            cand show 'One entity (by id or name) with its relations and the tasks that named it; exit 4 when the mesh knows no such entity'
        }
        &'m3shd;help;world;search'= {
        }
        &'m3shd;help;world;show'= {
        }
        &'m3shd;help;plugins'= {
            cand list 'List the hub''s plugins (built-in and external)'
            cand invoke 'Run a plugin with a JSON input object, e.g. `m3shd plugins invoke web_search ''{"query": "rust"}''`'
        }
        &'m3shd;help;plugins;list'= {
        }
        &'m3shd;help;plugins;invoke'= {
        }
        &'m3shd;help;token'= {
            cand create 'Create an agent token; the secret is printed once'
            cand list 'List agent tokens (never their secrets)'
            cand revoke 'Revoke a token by id; it stops working at once'
        }
        &'m3shd;help;token;create'= {
        }
        &'m3shd;help;token;list'= {
        }
        &'m3shd;help;token;revoke'= {
        }
        &'m3shd;help;join-key'= {
            cand create 'Create a join key for enrolling workers (`m3shd-workerd --join-key`)'
            cand list 'List join keys (never their secrets)'
            cand revoke 'Revoke a join key by id'
        }
        &'m3shd;help;join-key;create'= {
        }
        &'m3shd;help;join-key;list'= {
        }
        &'m3shd;help;join-key;revoke'= {
        }
        &'m3shd;help;whoami'= {
        }
        &'m3shd;help;user'= {
            cand add 'Create a user; asks for its password'
            cand list 'List users and how many live sessions each has'
            cand set-role 'Change a user''s role; it applies to their sessions at once'
            cand passwd 'Set a user''s password; ends all of their sessions'
            cand rm 'Delete a user and end their sessions'
        }
        &'m3shd;help;user;add'= {
        }
        &'m3shd;help;user;list'= {
        }
        &'m3shd;help;user;set-role'= {
        }
        &'m3shd;help;user;passwd'= {
        }
        &'m3shd;help;user;rm'= {
        }
        &'m3shd;help;key'= {
            cand create 'Create a key; the secret is printed once'
            cand list 'List keys with their usage (never their secrets)'
            cand revoke 'Revoke a key by id; its next request is refused'
        }
        &'m3shd;help;key;create'= {
        }
        &'m3shd;help;key;list'= {
        }
        &'m3shd;help;key;revoke'= {
        }
        &'m3shd;help;webhook'= {
            cand add 'Create a webhook; prints its URL and its secret, once'
            cand list 'List webhooks (never their secrets)'
            cand edit 'Change a webhook in place: its URL and secret stay (a new --kind moves the URL to that kind''s route). The --var mappings given replace all of them'
            cand rotate-secret 'Give a webhook a new secret, printed once; the old one stops working at once, so update the system that calls it'
            cand rm 'Delete a webhook; its URL stops working at once'
        }
        &'m3shd;help;webhook;add'= {
        }
        &'m3shd;help;webhook;list'= {
        }
        &'m3shd;help;webhook;edit'= {
        }
        &'m3shd;help;webhook;rotate-secret'= {
        }
        &'m3shd;help;webhook;rm'= {
        }
        &'m3shd;help;peer'= {
            cand add 'Add a peer hub, or replace its URL and token. The token (a `federation` token the peer''s operator minted) comes from --peer-token-file or stdin, never from the command line; the hub seals it at rest and never shows it back'
            cand list 'List peers: status (online, unreachable, refused), capabilities with free slots, tasks relayed, success rate, last seen'
            cand rm 'Remove a peer; tasks relayed to it come back to this hub''s queue'
        }
        &'m3shd;help;peer;add'= {
        }
        &'m3shd;help;peer;list'= {
        }
        &'m3shd;help;peer;rm'= {
        }
        &'m3shd;help;audit'= {
        }
        &'m3shd;help;verify'= {
        }
        &'m3shd;help;ledger'= {
        }
        &'m3shd;help;mcp'= {
        }
        &'m3shd;help;hook'= {
            cand prompt-submit 'Claude Code `UserPromptSubmit` hook: print the mesh messages and alerts that arrived since it last ran. Prints nothing when there is nothing new, and always exits 0 within 300 ms, even when the hub is down. Its first run only marks where the mesh stands'
        }
        &'m3shd;help;hook;prompt-submit'= {
        }
        &'m3shd;help;post'= {
        }
        &'m3shd;help;help'= {
        }
    ]
    $completions[$command]
}
