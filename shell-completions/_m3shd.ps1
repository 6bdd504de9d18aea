
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'm3shd' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'm3shd'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'm3shd' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('do', 'do', [CompletionResultType]::ParameterValue, 'Submit a task')
            [CompletionResult]::new('tasks', 'tasks', [CompletionResultType]::ParameterValue, 'List recent tasks')
            [CompletionResult]::new('task', 'task', [CompletionResultType]::ParameterValue, 'Inspect or act on one task')
            [CompletionResult]::new('agents', 'agents', [CompletionResultType]::ParameterValue, 'List agents')
            [CompletionResult]::new('agent', 'agent', [CompletionResultType]::ParameterValue, 'One agent''s settings: maintenance on|off')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'One-screen summary of the mesh')
            [CompletionResult]::new('tui', 'tui', [CompletionResultType]::ParameterValue, 'The live console: agents, queue, task output, DAG, approvals, costs, log, chat')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Run a persistent all-in-one mesh in the foreground (hub + local builtin workers)')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Start a throwaway mesh, run a batch of builtin tasks across three workers, print the results')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Benchmarks that print figures')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show or create the config file')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in as a user, or store a token, for the selected profile (OS keyring, else a 0600 file)')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Forget the selected profile''s stored token (and end it on the hub if it is a session)')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Model API keys for workers on this machine (OS keyring, else 0600 files)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the hub, the token, the clock and this machine''s setup')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write the man pages')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve a pending request (default: the most recent one)')
            [CompletionResult]::new('reject', 'reject', [CompletionResultType]::ParameterValue, 'Reject a pending request (default: the most recent one)')
            [CompletionResult]::new('pending', 'pending', [CompletionResultType]::ParameterValue, 'List pending approval requests')
            [CompletionResult]::new('costs', 'costs', [CompletionResultType]::ParameterValue, 'Today''s tokens and spend per agent, against the caps')
            [CompletionResult]::new('budget', 'budget', [CompletionResultType]::ParameterValue, 'The daily spending caps: show them, set one, remove one')
            [CompletionResult]::new('escalations', 'escalations', [CompletionResultType]::ParameterValue, 'List open escalations; `ack ID` / `resolve ID` to act on one')
            [CompletionResult]::new('context', 'context', [CompletionResultType]::ParameterValue, 'Show the shared context; `KEY=VALUE` sets an entry, `rm KEY` deletes one')
            [CompletionResult]::new('ask', 'ask', [CompletionResultType]::ParameterValue, 'Give one agent a task (`@AGENT text`)')
            [CompletionResult]::new('auto', 'auto', [CompletionResultType]::ParameterValue, 'Plan a goal into 2–5 subtasks and dispatch them in parallel')
            [CompletionResult]::new('summary', 'summary', [CompletionResultType]::ParameterValue, 'Recent results in a few lines')
            [CompletionResult]::new('chat', 'chat', [CompletionResultType]::ParameterValue, 'Say something to the mesh; the chat agent answers')
            [CompletionResult]::new('text', 'text', [CompletionResultType]::ParameterValue, 'Run one raw command line exactly as the iMessage bridge does')
            [CompletionResult]::new('control', 'control', [CompletionResultType]::ParameterValue, 'Change the mesh in words ("drain crucible", "give archon 3 slots", "pause the queue", "cap rex at $5 a day"): shows the plan, asks y/N on a terminal (--yes skips it), then runs it with this token''s permissions')
            [CompletionResult]::new('pipeline', 'pipeline', [CompletionResultType]::ParameterValue, 'Task graphs: run a pipeline file, show a pipeline')
            [CompletionResult]::new('template', 'template', [CompletionResultType]::ParameterValue, 'Task templates with {variable} placeholders')
            [CompletionResult]::new('schedule', 'schedule', [CompletionResultType]::ParameterValue, 'Recurring work the hub fires by itself: add, list, show, edit, rm, pause, resume, run-now')
            [CompletionResult]::new('evolve', 'evolve', [CompletionResultType]::ParameterValue, 'Self-evolving agents: guideline amendments to list, show, apply, reject or revert; ask for some now (propose); an agent''s success per capability (stats)')
            [CompletionResult]::new('memory', 'memory', [CompletionResultType]::ParameterValue, 'Agent memory: list, search, set, rm, consolidate')
            [CompletionResult]::new('world', 'world', [CompletionResultType]::ParameterValue, 'The world model: entities and relations taken from task outputs (search, show)')
            [CompletionResult]::new('plugins', 'plugins', [CompletionResultType]::ParameterValue, 'Plugins: list them, invoke one with a JSON input')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Agent tokens: create (shown once), list, revoke')
            [CompletionResult]::new('join-key', 'join-key', [CompletionResultType]::ParameterValue, 'Join keys that enrol new workers without per-node setup')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Who the configured token is and what it may do')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'User accounts: add, list, set-role, passwd, rm')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'Third-party API keys: create (shown once), list with usage, revoke')
            [CompletionResult]::new('webhook', 'webhook', [CompletionResultType]::ParameterValue, 'Inbound webhooks that dispatch a template: add (URL and secret shown once), list, edit, rotate-secret, rm')
            [CompletionResult]::new('peer', 'peer', [CompletionResultType]::ParameterValue, 'Peer hubs that take work no local agent can: add (token from a file or stdin), list with live status, rm')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'The audit log: who made which mutating call, when, with what outcome (admin only)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a finished task''s signed result chain; exit 1 if it is broken')
            [CompletionResult]::new('ledger', 'ledger', [CompletionResultType]::ParameterValue, 'The contribution ledger: per agent, results validators accepted and rejected, and the credits earned')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'Serve the mesh as MCP tools over stdio, for Claude Code (`claude mcp add m3shd -- m3shd mcp`) and Claude Desktop. Uses this CLI''s hub and token, and offers only the tools the token may use. It refuses a --token on the command line (visible in `ps` and kept in the client''s config): use `m3shd login`, --token-file or M3SHD_TOKEN')
            [CompletionResult]::new('hook', 'hook', [CompletionResultType]::ParameterValue, 'Hooks for Claude Code sessions')
            [CompletionResult]::new('post', 'post', [CompletionResultType]::ParameterValue, 'Post a message to the mesh chat')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;do' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Only an agent advertising this capability may run it')
            [CompletionResult]::new('--capability', '--capability', [CompletionResultType]::ParameterName, 'Only an agent advertising this capability may run it')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Ask for this agent. Should it be offline, circuit-open or over budget for longer than the hub''s --assign-wait, another capable agent takes the task (unless --strict)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Ask for this agent. Should it be offline, circuit-open or over budget for longer than the hub''s --assign-wait, another capable agent takes the task (unless --strict)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, '0 (lowest) to 10 (highest); default 5')
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, '0 (lowest) to 10 (highest); default 5')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'Title (default: the start of the prompt)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts before the task fails for good (default 3)')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Makes retries of this command safe: the same key returns the same task')
            [CompletionResult]::new('--deadline', '--deadline', [CompletionResultType]::ParameterName, 'Finish by then: an RFC 3339 time (2026-12-24T18:00:00Z) or a span from now (45m, 2h, 1d); urgency rises as it nears')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Ask AI executors for this model (overrides their routing)')
            [CompletionResult]::new('--depends-on', '--depends-on', [CompletionResultType]::ParameterName, 'Run only after these tasks are done, with their outputs in the prompt (repeat the flag or separate ids with commas)')
            [CompletionResult]::new('--max-cost-usd', '--max-cost-usd', [CompletionResultType]::ParameterName, 'Refuse to spend more than this many US dollars on the task')
            [CompletionResult]::new('--attach', '--attach', [CompletionResultType]::ParameterName, 'Attach an image (JPEG, PNG, GIF, WebP or HEIC, up to 20 MB); repeat for more. The task runs once they are all uploaded')
            [CompletionResult]::new('--confidence-threshold', '--confidence-threshold', [CompletionResultType]::ParameterName, 'Have another capable agent answer again when the result reports a confidence below X (0–1, e.g. 0.8 or 80%; 0 turns it off; default 0.7)')
            [CompletionResult]::new('--challenge-threshold', '--challenge-threshold', [CompletionResultType]::ParameterName, 'A critique scoring above X (0–1) is material (default 0.5)')
            [CompletionResult]::new('--quorum', '--quorum', [CompletionResultType]::ParameterName, 'Votes needed for a decision (1–15, default 3)')
            [CompletionResult]::new('--validator', '--validator', [CompletionResultType]::ParameterName, 'Agents with this capability validate the result; only a validated result earns its agent credit (`m3shd ledger`)')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Keep the task for --agent however long that agent cannot take it')
            [CompletionResult]::new('--requires-approval', '--requires-approval', [CompletionResultType]::ParameterName, 'Hold the task until an operator approves it (`m3shd approve`)')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Wait for the task to finish, showing its output as it streams; when a quality protocol runs on it, wait for its decision and print the accepted result')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait for the task to finish, showing its output as it streams; when a quality protocol runs on it, wait for its decision and print the accepted result')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('--challenge', '--challenge', [CompletionResultType]::ParameterName, 'Have another agent critique the result with a score; a material critique goes back to the original agent for a revision')
            [CompletionResult]::new('--debate', '--debate', [CompletionResultType]::ParameterName, 'Two agents answer independently, then one answer is synthesised from both (the debate picks its agents, so not with --agent)')
            [CompletionResult]::new('--vote', '--vote', [CompletionResultType]::ParameterName, 'Put the result to a vote of the other capable agents; a rejected result fails the protocol')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;tasks' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Only tasks in this status')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only tasks in this status')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Only tasks held by this agent')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'At most this many (max 500)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many (max 500)')
            [CompletionResult]::new('--before', '--before', [CompletionResultType]::ParameterName, 'The next page: tasks older than this one (the last id shown)')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;task' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a task; with --follow, stream its output live until it finishes (and its quality protocol, if any, has decided)')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a task that has not finished')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Run a failed or cancelled task again from scratch (the grammar''s `retry ID`)')
            [CompletionResult]::new('graph', 'graph', [CompletionResultType]::ParameterValue, 'The task with its parents, children and quality protocol steps, and the labelled edges between them')
            [CompletionResult]::new('votes', 'votes', [CompletionResultType]::ParameterValue, 'The vote on a task''s result: who was asked, what each said, the tally')
            [CompletionResult]::new('trace', 'trace', [CompletionResultType]::ParameterValue, 'From the task to its result, each protocol step, the validators'' signed receipts and the credits they earned')
            [CompletionResult]::new('decide', 'decide', [CompletionResultType]::ParameterValue, 'Accept or reject the result of a task whose quality protocol escalated (a tied vote, voters that vanished): its dependents run on it, or are cancelled, and the escalation is resolved')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;task;show' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'f')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'follow')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;task;cancel' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;task;retry' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;task;graph' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;task;votes' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;task;trace' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;task;decide' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, recorded with the outcome')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;task;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a task; with --follow, stream its output live until it finishes (and its quality protocol, if any, has decided)')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a task that has not finished')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Run a failed or cancelled task again from scratch (the grammar''s `retry ID`)')
            [CompletionResult]::new('graph', 'graph', [CompletionResultType]::ParameterValue, 'The task with its parents, children and quality protocol steps, and the labelled edges between them')
            [CompletionResult]::new('votes', 'votes', [CompletionResultType]::ParameterValue, 'The vote on a task''s result: who was asked, what each said, the tally')
            [CompletionResult]::new('trace', 'trace', [CompletionResultType]::ParameterValue, 'From the task to its result, each protocol step, the validators'' signed receipts and the credits they earned')
            [CompletionResult]::new('decide', 'decide', [CompletionResultType]::ParameterValue, 'Accept or reject the result of a task whose quality protocol escalated (a tied vote, voters that vanished): its dependents run on it, or are cancelled, and the escalation is resolved')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;task;help;show' {
            break
        }
        'm3shd;task;help;cancel' {
            break
        }
        'm3shd;task;help;retry' {
            break
        }
        'm3shd;task;help;graph' {
            break
        }
        'm3shd;task;help;votes' {
            break
        }
        'm3shd;task;help;trace' {
            break
        }
        'm3shd;task;help;decide' {
            break
        }
        'm3shd;task;help;help' {
            break
        }
        'm3shd;agents' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;agent' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('maintenance', 'maintenance', [CompletionResultType]::ParameterValue, 'Maintenance tasks while the agent is idle (memory audits, re-checks of doubtful results, health checks): show the setting, or turn it on or off')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;agent;maintenance' {
            [CompletionResult]::new('--cap', '--cap', [CompletionResultType]::ParameterName, 'What its maintenance tasks may cost per UTC day, in USD (default 0.50)')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;agent;help' {
            [CompletionResult]::new('maintenance', 'maintenance', [CompletionResultType]::ParameterValue, 'Maintenance tasks while the agent is idle (memory audits, re-checks of doubtful results, health checks): show the setting, or turn it on or off')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;agent;help;maintenance' {
            break
        }
        'm3shd;agent;help;help' {
            break
        }
        'm3shd;status' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;tui' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;up' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address the hub listens on')
            [CompletionResult]::new('--workers', '--workers', [CompletionResultType]::ParameterName, 'Number of local builtin workers')
            [CompletionResult]::new('--slots', '--slots', [CompletionResultType]::ParameterName, 'Slots per local worker')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Data directory (default: the platform data dir)')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;demo' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Keep the demo''s data directory and print where it is')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;bench' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('dispatch', 'dispatch', [CompletionResultType]::ParameterValue, 'End-to-end dispatch throughput and latency on an embedded hub')
            [CompletionResult]::new('memory', 'memory', [CompletionResultType]::ParameterValue, 'Memory full-text search latency (p50/p99) and insert rate on an embedded hub')
            [CompletionResult]::new('scale', 'scale', [CompletionResultType]::ParameterValue, 'Whether per-request cost stays flat as history and queues grow: hot requests on a fresh hub, then on one filled to size')
            [CompletionResult]::new('fanout', 'fanout', [CompletionResultType]::ParameterValue, 'Event fan-out of a running hub: how long one event takes to reach N live subscribers (p50/p99)')
            [CompletionResult]::new('stream', 'stream', [CompletionResultType]::ParameterValue, 'Streaming output through a running hub: chunks/s one worker can stream into a task')
            [CompletionResult]::new('hub', 'hub', [CompletionResultType]::ParameterValue, 'The hub''s own benchmark suite (six tests against a scratch hub it starts, never its own store); the report is kept in its data dir')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;bench;dispatch' {
            [CompletionResult]::new('--tasks', '--tasks', [CompletionResultType]::ParameterName, 'Echo tasks for the throughput run')
            [CompletionResult]::new('--workers', '--workers', [CompletionResultType]::ParameterName, 'Builtin workers')
            [CompletionResult]::new('--slots', '--slots', [CompletionResultType]::ParameterName, 'Slots per worker')
            [CompletionResult]::new('--latency-secs', '--latency-secs', [CompletionResultType]::ParameterName, 'Seconds of the fixed-rate (100 tasks/s) latency run')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the figures as JSON')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;bench;memory' {
            [CompletionResult]::new('--sizes', '--sizes', [CompletionResultType]::ParameterName, 'Memory counts to measure, comma-separated')
            [CompletionResult]::new('--searches', '--searches', [CompletionResultType]::ParameterName, 'Searches per size')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the figures as JSON')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;bench;scale' {
            [CompletionResult]::new('--tasks', '--tasks', [CompletionResultType]::ParameterName, 'Finished tasks of history to fill the store with')
            [CompletionResult]::new('--queued', '--queued', [CompletionResultType]::ParameterName, 'Tasks queued for a capability no agent has')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Events in the event log')
            [CompletionResult]::new('--requests', '--requests', [CompletionResultType]::ParameterName, 'Sequential requests per measured request kind, from one keep-alive client')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the figures as JSON')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;bench;fanout' {
            [CompletionResult]::new('--subscribers', '--subscribers', [CompletionResultType]::ParameterName, 'Live event-stream subscribers (each holds a connection: the hub''s --max-connections must leave room for them)')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Chat messages posted (to the `bench-fanout` channel), one every 20 ms')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the figures as JSON')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;bench;stream' {
            [CompletionResult]::new('--chunks', '--chunks', [CompletionResultType]::ParameterName, 'Chunks to stream, one after another')
            [CompletionResult]::new('--chunk-bytes', '--chunk-bytes', [CompletionResultType]::ParameterName, 'Bytes per chunk')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the figures as JSON')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;bench;hub' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--quick', '--quick', [CompletionResultType]::ParameterName, 'Small sizes (a few seconds): checks that everything runs; the figures mean little')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Start the run, print its id and return without waiting for the report')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List the reports the hub keeps (newest first) instead of running')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the report (or the list) as JSON')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;bench;help' {
            [CompletionResult]::new('dispatch', 'dispatch', [CompletionResultType]::ParameterValue, 'End-to-end dispatch throughput and latency on an embedded hub')
            [CompletionResult]::new('memory', 'memory', [CompletionResultType]::ParameterValue, 'Memory full-text search latency (p50/p99) and insert rate on an embedded hub')
            [CompletionResult]::new('scale', 'scale', [CompletionResultType]::ParameterValue, 'Whether per-request cost stays flat as history and queues grow: hot requests on a fresh hub, then on one filled to size')
            [CompletionResult]::new('fanout', 'fanout', [CompletionResultType]::ParameterValue, 'Event fan-out of a running hub: how long one event takes to reach N live subscribers (p50/p99)')
            [CompletionResult]::new('stream', 'stream', [CompletionResultType]::ParameterValue, 'Streaming output through a running hub: chunks/s one worker can stream into a task')
            [CompletionResult]::new('hub', 'hub', [CompletionResultType]::ParameterValue, 'The hub''s own benchmark suite (six tests against a scratch hub it starts, never its own store); the report is kept in its data dir')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;bench;help;dispatch' {
            break
        }
        'm3shd;bench;help;memory' {
            break
        }
        'm3shd;bench;help;scale' {
            break
        }
        'm3shd;bench;help;fanout' {
            break
        }
        'm3shd;bench;help;stream' {
            break
        }
        'm3shd;bench;help;hub' {
            break
        }
        'm3shd;bench;help;help' {
            break
        }
        'm3shd;config' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective configuration (secrets redacted) and where each value came from')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented default config file (refuses to overwrite without --force)')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the path of the config file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;config;show' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;config;init' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;config;path' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective configuration (secrets redacted) and where each value came from')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented default config file (refuses to overwrite without --force)')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the path of the config file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;config;help;show' {
            break
        }
        'm3shd;config;help;init' {
            break
        }
        'm3shd;config;help;path' {
            break
        }
        'm3shd;config;help;help' {
            break
        }
        'm3shd;login' {
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Log in as this user: asks for the password (read from stdin when it is not a terminal) and stores the session token the hub returns')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--token-stdin', '--token-stdin', [CompletionResultType]::ParameterName, 'Read a token from standard input (the only way to give one: argv is visible to other users)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Store the token in a 0600 file in the config dir even when an OS keyring is available')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;logout' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;secret' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Store an API key under NAME: read from stdin when it is not a terminal, else from a prompt that does not echo (never from argv)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a stored API key (from the OS keyring and the file)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List stored API keys: names and where each is kept, never values')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;secret;set' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Store it in a 0600 file in the config dir even when an OS keyring is available')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;secret;rm' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;secret;list' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;secret;help' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Store an API key under NAME: read from stdin when it is not a terminal, else from a prompt that does not echo (never from argv)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a stored API key (from the OS keyring and the file)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List stored API keys: names and where each is kept, never values')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;secret;help;set' {
            break
        }
        'm3shd;secret;help;rm' {
            break
        }
        'm3shd;secret;help;list' {
            break
        }
        'm3shd;secret;help;help' {
            break
        }
        'm3shd;doctor' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Hub data directory whose permissions to check (default: the platform data dir)')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the checks as JSON')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;completions' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;man' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Directory to write every page into (created if missing); without it, the main page goes to stdout (`m3shd man | man -l -`)')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;approve' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;reject' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;pending' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;costs' {
            [CompletionResult]::new('--day', '--day', [CompletionResultType]::ParameterName, 'UTC day as YYYY-MM-DD (default: today)')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;budget' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The caps in force')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set one cap: `mesh-usd 5`, `agent-usd 0.50`, `agent-tokens 200000`, `agent-usd:rex 2`, `agent-tokens:rex 50000`')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove one cap (agent-tokens goes back to its default, 500,000)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;budget;show' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;budget;set' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;budget;unset' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;budget;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The caps in force')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set one cap: `mesh-usd 5`, `agent-usd 0.50`, `agent-tokens 200000`, `agent-usd:rex 2`, `agent-tokens:rex 50000`')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove one cap (agent-tokens goes back to its default, 500,000)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;budget;help;show' {
            break
        }
        'm3shd;budget;help;set' {
            break
        }
        'm3shd;budget;help;unset' {
            break
        }
        'm3shd;budget;help;help' {
            break
        }
        'm3shd;escalations' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'List escalations in this state (default: open)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'List escalations in this state (default: open)')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'm3shd;context' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;ask' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--allow-unknown-agent', '--allow-unknown-agent', [CompletionResultType]::ParameterName, 'Queue it even if the hub knows no such agent (it waits for one to register)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;auto' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;summary' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'At most this many recent results')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many recent results')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;chat' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;text' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--allow-unknown-agent', '--allow-unknown-agent', [CompletionResultType]::ParameterName, 'Queue `@AGENT text` even if the hub knows no such agent (it waits for one to register)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the reply''s JSON instead of its text')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;control' {
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Longest wait, in seconds, for a model to read a sentence the hub''s parser cannot (1-120; default 30)')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Run the plan without asking (needed when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Run the plan without asking (needed when stdin is not a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns (the plan, or what running it did)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;pipeline' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Create a pipeline from a TOML or JSON file (`name`, `[[steps]]`)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a pipeline''s graph with each step''s status')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List pipelines, newest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;pipeline;run' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Wait until every step has finished')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until every step has finished')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;pipeline;show' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;pipeline;list' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;pipeline;help' {
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Create a pipeline from a TOML or JSON file (`name`, `[[steps]]`)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a pipeline''s graph with each step''s status')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List pipelines, newest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;pipeline;help;run' {
            break
        }
        'm3shd;pipeline;help;show' {
            break
        }
        'm3shd;pipeline;help;list' {
            break
        }
        'm3shd;pipeline;help;help' {
            break
        }
        'm3shd;template' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List templates')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one template')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a template; `{variable}` placeholders in the prompt are filled at run time')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Add a template; `{variable}` placeholders in the prompt are filled at run time')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a template: whether it takes federated input')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a template')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Create a task from a template')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;template;list' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;template;show' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;template;add' {
            [CompletionResult]::new('--prompt', '--prompt', [CompletionResultType]::ParameterName, 'prompt')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'c')
            [CompletionResult]::new('--capability', '--capability', [CompletionResultType]::ParameterName, 'capability')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'd')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'description')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'p')
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, 'priority')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Model its tasks ask AI workers for: a model name, or a routing tier (small, standard, large). Default: the worker''s routing')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Model its tasks ask AI workers for: a model name, or a routing tier (small, standard, large). Default: the worker''s routing')
            [CompletionResult]::new('--federated-input', '--federated-input', [CompletionResultType]::ParameterName, 'Whether peer hubs may hand this hub tasks of this template (by name); refuse also keeps its own tasks from being relayed out')
            [CompletionResult]::new('--confidence-threshold', '--confidence-threshold', [CompletionResultType]::ParameterName, 'Have another capable agent answer again when the result reports a confidence below X (0–1, e.g. 0.8 or 80%; 0 turns it off; default 0.7)')
            [CompletionResult]::new('--challenge-threshold', '--challenge-threshold', [CompletionResultType]::ParameterName, 'A critique scoring above X (0–1) is material (default 0.5)')
            [CompletionResult]::new('--quorum', '--quorum', [CompletionResultType]::ParameterName, 'Votes needed for a decision (1–15, default 3)')
            [CompletionResult]::new('--validator', '--validator', [CompletionResultType]::ParameterName, 'Agents with this capability validate the result; only a validated result earns its agent credit (`m3shd ledger`)')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('--challenge', '--challenge', [CompletionResultType]::ParameterName, 'Have another agent critique the result with a score; a material critique goes back to the original agent for a revision')
            [CompletionResult]::new('--debate', '--debate', [CompletionResultType]::ParameterName, 'Two agents answer independently, then one answer is synthesised from both (the debate picks its agents, so not with --agent)')
            [CompletionResult]::new('--vote', '--vote', [CompletionResultType]::ParameterName, 'Put the result to a vote of the other capable agents; a rejected result fails the protocol')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;template;create' {
            [CompletionResult]::new('--prompt', '--prompt', [CompletionResultType]::ParameterName, 'prompt')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'c')
            [CompletionResult]::new('--capability', '--capability', [CompletionResultType]::ParameterName, 'capability')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'd')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'description')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'p')
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, 'priority')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Model its tasks ask AI workers for: a model name, or a routing tier (small, standard, large). Default: the worker''s routing')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Model its tasks ask AI workers for: a model name, or a routing tier (small, standard, large). Default: the worker''s routing')
            [CompletionResult]::new('--federated-input', '--federated-input', [CompletionResultType]::ParameterName, 'Whether peer hubs may hand this hub tasks of this template (by name); refuse also keeps its own tasks from being relayed out')
            [CompletionResult]::new('--confidence-threshold', '--confidence-threshold', [CompletionResultType]::ParameterName, 'Have another capable agent answer again when the result reports a confidence below X (0–1, e.g. 0.8 or 80%; 0 turns it off; default 0.7)')
            [CompletionResult]::new('--challenge-threshold', '--challenge-threshold', [CompletionResultType]::ParameterName, 'A critique scoring above X (0–1) is material (default 0.5)')
            [CompletionResult]::new('--quorum', '--quorum', [CompletionResultType]::ParameterName, 'Votes needed for a decision (1–15, default 3)')
            [CompletionResult]::new('--validator', '--validator', [CompletionResultType]::ParameterName, 'Agents with this capability validate the result; only a validated result earns its agent credit (`m3shd ledger`)')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('--challenge', '--challenge', [CompletionResultType]::ParameterName, 'Have another agent critique the result with a score; a material critique goes back to the original agent for a revision')
            [CompletionResult]::new('--debate', '--debate', [CompletionResultType]::ParameterName, 'Two agents answer independently, then one answer is synthesised from both (the debate picks its agents, so not with --agent)')
            [CompletionResult]::new('--vote', '--vote', [CompletionResultType]::ParameterName, 'Put the result to a vote of the other capable agents; a rejected result fails the protocol')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;template;set' {
            [CompletionResult]::new('--federated-input', '--federated-input', [CompletionResultType]::ParameterName, 'accept: tasks of this template may come from peers and go to them; refuse: neither')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;template;rm' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;template;run' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'p')
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, 'priority')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Ask for this agent')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Ask for this agent')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Model for this task, instead of the template''s (a name or a tier)')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Model for this task, instead of the template''s (a name or a tier)')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Wait for the task to finish, showing its output as it streams')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait for the task to finish, showing its output as it streams')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;template;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List templates')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one template')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a template; `{variable}` placeholders in the prompt are filled at run time')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a template: whether it takes federated input')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a template')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Create a task from a template')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;template;help;list' {
            break
        }
        'm3shd;template;help;show' {
            break
        }
        'm3shd;template;help;add' {
            break
        }
        'm3shd;template;help;set' {
            break
        }
        'm3shd;template;help;rm' {
            break
        }
        'm3shd;template;help;run' {
            break
        }
        'm3shd;template;help;help' {
            break
        }
        'm3shd;schedule' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a schedule: a cron expression that creates a task from a template (or runs a built-in action) each time it is due')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List schedules: when each is due next, when it last fired, its last task')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one schedule')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a schedule''s cron expression, time zone or variables (the variables given replace all of them)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a schedule (a default one is not created again)')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause a schedule: it fires no more until resumed')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a schedule; what fell due while it was paused is skipped')
            [CompletionResult]::new('run-now', 'run-now', [CompletionResultType]::ParameterValue, 'Fire a schedule now (paused or not) without moving its next due time')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;schedule;add' {
            [CompletionResult]::new('--cron', '--cron', [CompletionResultType]::ParameterName, 'Five fields: minute hour day-of-month month day-of-week (e.g. "0 7 * * *", "*/15 * * * *"), or @hourly, @daily, @weekly, …')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'The template whose task each fire creates')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'The template whose task each fire creates')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'A built-in action to run instead: memory-consolidate, evolve')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The IANA time zone the cron expression is read in [default: UTC]')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--paused', '--paused', [CompletionResultType]::ParameterName, 'Create it paused')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;schedule;list' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;schedule;show' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;schedule;edit' {
            [CompletionResult]::new('--cron', '--cron', [CompletionResultType]::ParameterName, 'A new cron expression: five fields (minute hour day-of-month month day-of-week, e.g. "0 7 * * *") or @hourly, @daily, @weekly, …; the next due time is worked out again from now')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'A new IANA time zone to read the cron expression in (e.g. Europe/Paris, UTC); the next due time is worked out again from now')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--clear-vars', '--clear-vars', [CompletionResultType]::ParameterName, 'Remove every variable')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;schedule;rm' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;schedule;pause' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;schedule;resume' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;schedule;run-now' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;schedule;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a schedule: a cron expression that creates a task from a template (or runs a built-in action) each time it is due')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List schedules: when each is due next, when it last fired, its last task')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one schedule')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a schedule''s cron expression, time zone or variables (the variables given replace all of them)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a schedule (a default one is not created again)')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause a schedule: it fires no more until resumed')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a schedule; what fell due while it was paused is skipped')
            [CompletionResult]::new('run-now', 'run-now', [CompletionResultType]::ParameterValue, 'Fire a schedule now (paused or not) without moving its next due time')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;schedule;help;add' {
            break
        }
        'm3shd;schedule;help;list' {
            break
        }
        'm3shd;schedule;help;show' {
            break
        }
        'm3shd;schedule;help;edit' {
            break
        }
        'm3shd;schedule;help;rm' {
            break
        }
        'm3shd;schedule;help;pause' {
            break
        }
        'm3shd;schedule;help;resume' {
            break
        }
        'm3shd;schedule;help;run-now' {
            break
        }
        'm3shd;schedule;help;help' {
            break
        }
        'm3shd;evolve' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List guideline amendments, newest first (default: those awaiting a decision)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one amendment: its text, confidence, evidence and decisions')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Apply a proposed amendment: the agent''s next prompts start with it')
            [CompletionResult]::new('reject', 'reject', [CompletionResultType]::ParameterValue, 'Reject a proposed amendment')
            [CompletionResult]::new('revert', 'revert', [CompletionResultType]::ParameterValue, 'Take an applied amendment back: it is out of the agent''s next prompt')
            [CompletionResult]::new('propose', 'propose', [CompletionResultType]::ParameterValue, 'Ask an agent advertising `evolve` for amendments to AGENT''s guidelines now')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'AGENT''s finished tasks per capability over a rolling window')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;evolve;list' {
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Only this agent''s')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Only this agent''s')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Only those in this status')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only those in this status')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;evolve;show' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;evolve;apply' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;evolve;reject' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (kept with the amendment)')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;evolve;revert' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;evolve;propose' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;evolve;stats' {
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'The window in days (1-90)')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;evolve;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List guideline amendments, newest first (default: those awaiting a decision)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one amendment: its text, confidence, evidence and decisions')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Apply a proposed amendment: the agent''s next prompts start with it')
            [CompletionResult]::new('reject', 'reject', [CompletionResultType]::ParameterValue, 'Reject a proposed amendment')
            [CompletionResult]::new('revert', 'revert', [CompletionResultType]::ParameterValue, 'Take an applied amendment back: it is out of the agent''s next prompt')
            [CompletionResult]::new('propose', 'propose', [CompletionResultType]::ParameterValue, 'Ask an agent advertising `evolve` for amendments to AGENT''s guidelines now')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'AGENT''s finished tasks per capability over a rolling window')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;evolve;help;list' {
            break
        }
        'm3shd;evolve;help;show' {
            break
        }
        'm3shd;evolve;help;apply' {
            break
        }
        'm3shd;evolve;help;reject' {
            break
        }
        'm3shd;evolve;help;revert' {
            break
        }
        'm3shd;evolve;help;propose' {
            break
        }
        'm3shd;evolve;help;stats' {
            break
        }
        'm3shd;evolve;help;help' {
            break
        }
        'm3shd;memory' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List an agent''s memories, newest first')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Full-text search of an agent''s memories (any word, best match first)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Store or replace one of an agent''s memories')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete one of an agent''s memories')
            [CompletionResult]::new('consolidate', 'consolidate', [CompletionResultType]::ParameterValue, 'Merge every agent''s duplicate memories now (the nightly pass)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;memory;list' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many (default 50, at most 500)')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;memory;search' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many (default 20)')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;memory;set' {
            [CompletionResult]::new('--confidence', '--confidence', [CompletionResultType]::ParameterName, 'How sure the fact is, 0..1 (default 1)')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;memory;rm' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;memory;consolidate' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;memory;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List an agent''s memories, newest first')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Full-text search of an agent''s memories (any word, best match first)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Store or replace one of an agent''s memories')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete one of an agent''s memories')
            [CompletionResult]::new('consolidate', 'consolidate', [CompletionResultType]::ParameterValue, 'Merge every agent''s duplicate memories now (the nightly pass)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;memory;help;list' {
            break
        }
        'm3shd;memory;help;search' {
            break
        }
        'm3shd;memory;help;set' {
            break
        }
        'm3shd;memory;help;rm' {
            break
        }
        'm3shd;memory;help;consolidate' {
            break
        }
        'm3shd;memory;help;help' {
            break
        }
        'm3shd;world' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Search the entities task outputs named: names containing QUERY from the start of a word, most mentioned first (without QUERY: the most recently seen)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One entity (by id or name) with its relations and the tasks that named it; exit 4 when the mesh knows no such entity')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;world;search' {
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only entities of this type')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many (default 50, at most 500)')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;world;show' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;world;help' {
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Search the entities task outputs named: names containing QUERY from the start of a word, most mentioned first (without QUERY: the most recently seen)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One entity (by id or name) with its relations and the tasks that named it; exit 4 when the mesh knows no such entity')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;world;help;search' {
            break
        }
        'm3shd;world;help;show' {
            break
        }
        'm3shd;world;help;help' {
            break
        }
        'm3shd;plugins' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the hub''s plugins (built-in and external)')
            [CompletionResult]::new('invoke', 'invoke', [CompletionResultType]::ParameterValue, 'Run a plugin with a JSON input object, e.g. `m3shd plugins invoke web_search ''{"query": "rust"}''`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;plugins;list' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;plugins;invoke' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;plugins;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the hub''s plugins (built-in and external)')
            [CompletionResult]::new('invoke', 'invoke', [CompletionResultType]::ParameterValue, 'Run a plugin with a JSON input object, e.g. `m3shd plugins invoke web_search ''{"query": "rust"}''`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;plugins;help;list' {
            break
        }
        'm3shd;plugins;help;invoke' {
            break
        }
        'm3shd;plugins;help;help' {
            break
        }
        'm3shd;token' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an agent token; the secret is printed once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List agent tokens (never their secrets)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token by id; it stops working at once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;token;create' {
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'The agent the token acts as')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'A role preset: worker, mobile, commander, admin or federation (what a peer hub needs: offer work and fetch its results, nothing else)')
            [CompletionResult]::new('--perm', '--perm', [CompletionResultType]::ParameterName, 'A permission (repeatable), e.g. --perm tasks:read --perm tasks:write')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;token;list' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;token;revoke' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;token;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an agent token; the secret is printed once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List agent tokens (never their secrets)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token by id; it stops working at once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;token;help;create' {
            break
        }
        'm3shd;token;help;list' {
            break
        }
        'm3shd;token;help;revoke' {
            break
        }
        'm3shd;token;help;help' {
            break
        }
        'm3shd;join-key' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a join key for enrolling workers (`m3shd-workerd --join-key`)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List join keys (never their secrets)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a join key by id')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;join-key;create' {
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'A role preset: worker, mobile, commander, admin or federation (what a peer hub needs: offer work and fetch its results, nothing else)')
            [CompletionResult]::new('--perm', '--perm', [CompletionResultType]::ParameterName, 'A permission (repeatable), e.g. --perm tasks:read --perm tasks:write')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'How long it stays valid, e.g. 30m, 24h, 7d (default 24h)')
            [CompletionResult]::new('--uses', '--uses', [CompletionResultType]::ParameterName, 'How many workers may join with it (default 1)')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;join-key;list' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;join-key;revoke' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;join-key;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a join key for enrolling workers (`m3shd-workerd --join-key`)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List join keys (never their secrets)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a join key by id')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;join-key;help;create' {
            break
        }
        'm3shd;join-key;help;list' {
            break
        }
        'm3shd;join-key;help;revoke' {
            break
        }
        'm3shd;join-key;help;help' {
            break
        }
        'm3shd;whoami' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;user' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a user; asks for its password')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List users and how many live sessions each has')
            [CompletionResult]::new('set-role', 'set-role', [CompletionResultType]::ParameterValue, 'Change a user''s role; it applies to their sessions at once')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Set a user''s password; ends all of their sessions')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a user and end their sessions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;user;add' {
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'admin (everything), user (the commander preset) or viewer (reads only)')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;user;list' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;user;set-role' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;user;passwd' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;user;rm' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;user;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a user; asks for its password')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List users and how many live sessions each has')
            [CompletionResult]::new('set-role', 'set-role', [CompletionResultType]::ParameterValue, 'Change a user''s role; it applies to their sessions at once')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Set a user''s password; ends all of their sessions')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a user and end their sessions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;user;help;add' {
            break
        }
        'm3shd;user;help;list' {
            break
        }
        'm3shd;user;help;set-role' {
            break
        }
        'm3shd;user;help;passwd' {
            break
        }
        'm3shd;user;help;rm' {
            break
        }
        'm3shd;user;help;help' {
            break
        }
        'm3shd;key' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a key; the secret is printed once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List keys with their usage (never their secrets)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a key by id; its next request is refused')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;key;create' {
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'A role preset: worker, mobile, commander, admin or federation (what a peer hub needs: offer work and fetch its results, nothing else)')
            [CompletionResult]::new('--perm', '--perm', [CompletionResultType]::ParameterName, 'A permission (repeatable), e.g. --perm tasks:read --perm tasks:write')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Requests per minute')
            [CompletionResult]::new('--daily', '--daily', [CompletionResultType]::ParameterName, 'Requests per UTC day')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;key;list' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;key;revoke' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;key;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a key; the secret is printed once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List keys with their usage (never their secrets)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a key by id; its next request is refused')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;key;help;create' {
            break
        }
        'm3shd;key;help;list' {
            break
        }
        'm3shd;key;help;revoke' {
            break
        }
        'm3shd;key;help;help' {
            break
        }
        'm3shd;webhook' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a webhook; prints its URL and its secret, once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List webhooks (never their secrets)')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a webhook in place: its URL and secret stay (a new --kind moves the URL to that kind''s route). The --var mappings given replace all of them')
            [CompletionResult]::new('rotate-secret', 'rotate-secret', [CompletionResultType]::ParameterValue, 'Give a webhook a new secret, printed once; the old one stops working at once, so update the system that calls it')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a webhook; its URL stops working at once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;webhook;add' {
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'The template each delivery dispatches (name or id)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'generic (the secret in an X-Webhook-Secret header) or github (GitHub''s X-Hub-Signature-256 of the body)')
            [CompletionResult]::new('--var', '--var', [CompletionResultType]::ParameterName, 'A template variable taken from the payload by JSON pointer, e.g. --var repo=/repository/full_name (repeatable)')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns (the secret included, this once)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;webhook;list' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;webhook;edit' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A new name for it ([a-z0-9_.-])')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'The template each delivery dispatches from now on (name or id)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'generic (the secret in an X-Webhook-Secret header) or github (GitHub''s X-Hub-Signature-256 of the body)')
            [CompletionResult]::new('--var', '--var', [CompletionResultType]::ParameterName, 'A template variable taken from the payload by JSON pointer, e.g. --var repo=/repository/full_name (repeatable; replaces every mapping)')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--clear-vars', '--clear-vars', [CompletionResultType]::ParameterName, 'Remove every mapping')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns (never the secret)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;webhook;rotate-secret' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns (the new secret included, this once)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;webhook;rm' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print `{"removed": NAME}`')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;webhook;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a webhook; prints its URL and its secret, once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List webhooks (never their secrets)')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a webhook in place: its URL and secret stay (a new --kind moves the URL to that kind''s route). The --var mappings given replace all of them')
            [CompletionResult]::new('rotate-secret', 'rotate-secret', [CompletionResultType]::ParameterValue, 'Give a webhook a new secret, printed once; the old one stops working at once, so update the system that calls it')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a webhook; its URL stops working at once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;webhook;help;add' {
            break
        }
        'm3shd;webhook;help;list' {
            break
        }
        'm3shd;webhook;help;edit' {
            break
        }
        'm3shd;webhook;help;rotate-secret' {
            break
        }
        'm3shd;webhook;help;rm' {
            break
        }
        'm3shd;webhook;help;help' {
            break
        }
        'm3shd;peer' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a peer hub, or replace its URL and token. The token (a `federation` token the peer''s operator minted) comes from --peer-token-file or stdin, never from the command line; the hub seals it at rest and never shows it back')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List peers: status (online, unreachable, refused), capabilities with free slots, tasks relayed, success rate, last seen')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a peer; tasks relayed to it come back to this hub''s queue')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;peer;add' {
            [CompletionResult]::new('--peer-token-file', '--peer-token-file', [CompletionResultType]::ParameterName, 'A file holding the peer''s token (first line). Without it the token is read from stdin')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;peer;list' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;peer;rm' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;peer;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a peer hub, or replace its URL and token. The token (a `federation` token the peer''s operator minted) comes from --peer-token-file or stdin, never from the command line; the hub seals it at rest and never shows it back')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List peers: status (online, unreachable, refused), capabilities with free slots, tasks relayed, success rate, last seen')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a peer; tasks relayed to it come back to this hub''s queue')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;peer;help;add' {
            break
        }
        'm3shd;peer;help;list' {
            break
        }
        'm3shd;peer;help;rm' {
            break
        }
        'm3shd;peer;help;help' {
            break
        }
        'm3shd;audit' {
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Only calls by this actor: `operator`, an agent id, `user:NAME`, `key:NAME` or `anonymous`')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'Only actions containing this text, e.g. `cancel` or `DELETE`')
            [CompletionResult]::new('--after', '--after', [CompletionResultType]::ParameterName, 'Only rows after this id, oldest first (to page or tail); default: the most recent rows')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'At most this many (max 500)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many (max 500)')
            [CompletionResult]::new('--hours', '--hours', [CompletionResultType]::ParameterName, 'With --counts: the last this many hours (default 24)')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every row, worker-protocol calls included (a hub logs those only with --audit-worker-protocol). Default: what operators and agents did, without heartbeats, claims, stream chunks and result delivery')
            [CompletionResult]::new('--counts', '--counts', [CompletionResultType]::ParameterName, 'Show the worker-protocol calls counted per agent and hour instead (newest hour first; --actor picks one agent)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;verify' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--peer', '--peer', [CompletionResultType]::ParameterName, 'For a result relayed back from a peer hub, also ask that peer to verify its own chain (exit 1 if it does not, or does not end in the link this hub chained from)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the hub''s report as JSON (the exit code still says whether it verified)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;ledger' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the JSON the API returns')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;mcp' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;hook' {
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('prompt-submit', 'prompt-submit', [CompletionResultType]::ParameterValue, 'Claude Code `UserPromptSubmit` hook: print the mesh messages and alerts that arrived since it last ran. Prints nothing when there is nothing new, and always exits 0 within 300 ms, even when the hub is down. Its first run only marks where the mesh stands')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;hook;prompt-submit' {
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the hook keeps its cursor [default: the platform state dir, e.g. ~/.local/state/m3shd]')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;hook;help' {
            [CompletionResult]::new('prompt-submit', 'prompt-submit', [CompletionResultType]::ParameterValue, 'Claude Code `UserPromptSubmit` hook: print the mesh messages and alerts that arrived since it last ran. Prints nothing when there is nothing new, and always exits 0 within 300 ms, even when the hub is down. Its first run only marks where the mesh stands')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;hook;help;prompt-submit' {
            break
        }
        'm3shd;hook;help;help' {
            break
        }
        'm3shd;post' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'The channel [default: general, where the chat agent answers]')
            [CompletionResult]::new('--channel', '--channel', [CompletionResultType]::ParameterName, 'The channel [default: general, where the chat agent answers]')
            [CompletionResult]::new('--hub', '--hub', [CompletionResultType]::ParameterName, 'Hub URL [default: the profile''s hub, the config file''s hub, or http://127.0.0.1:8333]; several hubs sharing a database as URL,URL (the next is tried when one is down)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ([profiles.NAME])')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: m3shd.toml in the platform config dir]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the bearer token from this file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the message as the API returns it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'm3shd;help' {
            [CompletionResult]::new('do', 'do', [CompletionResultType]::ParameterValue, 'Submit a task')
            [CompletionResult]::new('tasks', 'tasks', [CompletionResultType]::ParameterValue, 'List recent tasks')
            [CompletionResult]::new('task', 'task', [CompletionResultType]::ParameterValue, 'Inspect or act on one task')
            [CompletionResult]::new('agents', 'agents', [CompletionResultType]::ParameterValue, 'List agents')
            [CompletionResult]::new('agent', 'agent', [CompletionResultType]::ParameterValue, 'One agent''s settings: maintenance on|off')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'One-screen summary of the mesh')
            [CompletionResult]::new('tui', 'tui', [CompletionResultType]::ParameterValue, 'The live console: agents, queue, task output, DAG, approvals, costs, log, chat')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Run a persistent all-in-one mesh in the foreground (hub + local builtin workers)')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Start a throwaway mesh, run a batch of builtin tasks across three workers, print the results')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Benchmarks that print figures')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show or create the config file')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in as a user, or store a token, for the selected profile (OS keyring, else a 0600 file)')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Forget the selected profile''s stored token (and end it on the hub if it is a session)')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Model API keys for workers on this machine (OS keyring, else 0600 files)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the hub, the token, the clock and this machine''s setup')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write the man pages')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve a pending request (default: the most recent one)')
            [CompletionResult]::new('reject', 'reject', [CompletionResultType]::ParameterValue, 'Reject a pending request (default: the most recent one)')
            [CompletionResult]::new('pending', 'pending', [CompletionResultType]::ParameterValue, 'List pending approval requests')
            [CompletionResult]::new('costs', 'costs', [CompletionResultType]::ParameterValue, 'Today''s tokens and spend per agent, against the caps')
            [CompletionResult]::new('budget', 'budget', [CompletionResultType]::ParameterValue, 'The daily spending caps: show them, set one, remove one')
            [CompletionResult]::new('escalations', 'escalations', [CompletionResultType]::ParameterValue, 'List open escalations; `ack ID` / `resolve ID` to act on one')
            [CompletionResult]::new('context', 'context', [CompletionResultType]::ParameterValue, 'Show the shared context; `KEY=VALUE` sets an entry, `rm KEY` deletes one')
            [CompletionResult]::new('ask', 'ask', [CompletionResultType]::ParameterValue, 'Give one agent a task (`@AGENT text`)')
            [CompletionResult]::new('auto', 'auto', [CompletionResultType]::ParameterValue, 'Plan a goal into 2–5 subtasks and dispatch them in parallel')
            [CompletionResult]::new('summary', 'summary', [CompletionResultType]::ParameterValue, 'Recent results in a few lines')
            [CompletionResult]::new('chat', 'chat', [CompletionResultType]::ParameterValue, 'Say something to the mesh; the chat agent answers')
            [CompletionResult]::new('text', 'text', [CompletionResultType]::ParameterValue, 'Run one raw command line exactly as the iMessage bridge does')
            [CompletionResult]::new('control', 'control', [CompletionResultType]::ParameterValue, 'Change the mesh in words ("drain crucible", "give archon 3 slots", "pause the queue", "cap rex at $5 a day"): shows the plan, asks y/N on a terminal (--yes skips it), then runs it with this token''s permissions')
            [CompletionResult]::new('pipeline', 'pipeline', [CompletionResultType]::ParameterValue, 'Task graphs: run a pipeline file, show a pipeline')
            [CompletionResult]::new('template', 'template', [CompletionResultType]::ParameterValue, 'Task templates with {variable} placeholders')
            [CompletionResult]::new('schedule', 'schedule', [CompletionResultType]::ParameterValue, 'Recurring work the hub fires by itself: add, list, show, edit, rm, pause, resume, run-now')
            [CompletionResult]::new('evolve', 'evolve', [CompletionResultType]::ParameterValue, 'Self-evolving agents: guideline amendments to list, show, apply, reject or revert; ask for some now (propose); an agent''s success per capability (stats)')
            [CompletionResult]::new('memory', 'memory', [CompletionResultType]::ParameterValue, 'Agent memory: list, search, set, rm, consolidate')
            [CompletionResult]::new('world', 'world', [CompletionResultType]::ParameterValue, 'The world model: entities and relations taken from task outputs (search, show)')
            [CompletionResult]::new('plugins', 'plugins', [CompletionResultType]::ParameterValue, 'Plugins: list them, invoke one with a JSON input')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Agent tokens: create (shown once), list, revoke')
            [CompletionResult]::new('join-key', 'join-key', [CompletionResultType]::ParameterValue, 'Join keys that enrol new workers without per-node setup')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Who the configured token is and what it may do')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'User accounts: add, list, set-role, passwd, rm')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'Third-party API keys: create (shown once), list with usage, revoke')
            [CompletionResult]::new('webhook', 'webhook', [CompletionResultType]::ParameterValue, 'Inbound webhooks that dispatch a template: add (URL and secret shown once), list, edit, rotate-secret, rm')
            [CompletionResult]::new('peer', 'peer', [CompletionResultType]::ParameterValue, 'Peer hubs that take work no local agent can: add (token from a file or stdin), list with live status, rm')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'The audit log: who made which mutating call, when, with what outcome (admin only)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a finished task''s signed result chain; exit 1 if it is broken')
            [CompletionResult]::new('ledger', 'ledger', [CompletionResultType]::ParameterValue, 'The contribution ledger: per agent, results validators accepted and rejected, and the credits earned')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'Serve the mesh as MCP tools over stdio, for Claude Code (`claude mcp add m3shd -- m3shd mcp`) and Claude Desktop. Uses this CLI''s hub and token, and offers only the tools the token may use. It refuses a --token on the command line (visible in `ps` and kept in the client''s config): use `m3shd login`, --token-file or M3SHD_TOKEN')
            [CompletionResult]::new('hook', 'hook', [CompletionResultType]::ParameterValue, 'Hooks for Claude Code sessions')
            [CompletionResult]::new('post', 'post', [CompletionResultType]::ParameterValue, 'Post a message to the mesh chat')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'm3shd;help;do' {
            break
        }
        'm3shd;help;tasks' {
            break
        }
        'm3shd;help;task' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a task; with --follow, stream its output live until it finishes (and its quality protocol, if any, has decided)')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a task that has not finished')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Run a failed or cancelled task again from scratch (the grammar''s `retry ID`)')
            [CompletionResult]::new('graph', 'graph', [CompletionResultType]::ParameterValue, 'The task with its parents, children and quality protocol steps, and the labelled edges between them')
            [CompletionResult]::new('votes', 'votes', [CompletionResultType]::ParameterValue, 'The vote on a task''s result: who was asked, what each said, the tally')
            [CompletionResult]::new('trace', 'trace', [CompletionResultType]::ParameterValue, 'From the task to its result, each protocol step, the validators'' signed receipts and the credits they earned')
            [CompletionResult]::new('decide', 'decide', [CompletionResultType]::ParameterValue, 'Accept or reject the result of a task whose quality protocol escalated (a tied vote, voters that vanished): its dependents run on it, or are cancelled, and the escalation is resolved')
            break
        }
        'm3shd;help;task;show' {
            break
        }
        'm3shd;help;task;cancel' {
            break
        }
        'm3shd;help;task;retry' {
            break
        }
        'm3shd;help;task;graph' {
            break
        }
        'm3shd;help;task;votes' {
            break
        }
        'm3shd;help;task;trace' {
            break
        }
        'm3shd;help;task;decide' {
            break
        }
        'm3shd;help;agents' {
            break
        }
        'm3shd;help;agent' {
            [CompletionResult]::new('maintenance', 'maintenance', [CompletionResultType]::ParameterValue, 'Maintenance tasks while the agent is idle (memory audits, re-checks of doubtful results, health checks): show the setting, or turn it on or off')
            break
        }
        'm3shd;help;agent;maintenance' {
            break
        }
        'm3shd;help;status' {
            break
        }
        'm3shd;help;tui' {
            break
        }
        'm3shd;help;up' {
            break
        }
        'm3shd;help;demo' {
            break
        }
        'm3shd;help;bench' {
            [CompletionResult]::new('dispatch', 'dispatch', [CompletionResultType]::ParameterValue, 'End-to-end dispatch throughput and latency on an embedded hub')
            [CompletionResult]::new('memory', 'memory', [CompletionResultType]::ParameterValue, 'Memory full-text search latency (p50/p99) and insert rate on an embedded hub')
            [CompletionResult]::new('scale', 'scale', [CompletionResultType]::ParameterValue, 'Whether per-request cost stays flat as history and queues grow: hot requests on a fresh hub, then on one filled to size')
            [CompletionResult]::new('fanout', 'fanout', [CompletionResultType]::ParameterValue, 'Event fan-out of a running hub: how long one event takes to reach N live subscribers (p50/p99)')
            [CompletionResult]::new('stream', 'stream', [CompletionResultType]::ParameterValue, 'Streaming output through a running hub: chunks/s one worker can stream into a task')
            [CompletionResult]::new('hub', 'hub', [CompletionResultType]::ParameterValue, 'The hub''s own benchmark suite (six tests against a scratch hub it starts, never its own store); the report is kept in its data dir')
            break
        }
        'm3shd;help;bench;dispatch' {
            break
        }
        'm3shd;help;bench;memory' {
            break
        }
        'm3shd;help;bench;scale' {
            break
        }
        'm3shd;help;bench;fanout' {
            break
        }
        'm3shd;help;bench;stream' {
            break
        }
        'm3shd;help;bench;hub' {
            break
        }
        'm3shd;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective configuration (secrets redacted) and where each value came from')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented default config file (refuses to overwrite without --force)')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the path of the config file')
            break
        }
        'm3shd;help;config;show' {
            break
        }
        'm3shd;help;config;init' {
            break
        }
        'm3shd;help;config;path' {
            break
        }
        'm3shd;help;login' {
            break
        }
        'm3shd;help;logout' {
            break
        }
        'm3shd;help;secret' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Store an API key under NAME: read from stdin when it is not a terminal, else from a prompt that does not echo (never from argv)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a stored API key (from the OS keyring and the file)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List stored API keys: names and where each is kept, never values')
            break
        }
        'm3shd;help;secret;set' {
            break
        }
        'm3shd;help;secret;rm' {
            break
        }
        'm3shd;help;secret;list' {
            break
        }
        'm3shd;help;doctor' {
            break
        }
        'm3shd;help;completions' {
            break
        }
        'm3shd;help;man' {
            break
        }
        'm3shd;help;approve' {
            break
        }
        'm3shd;help;reject' {
            break
        }
        'm3shd;help;pending' {
            break
        }
        'm3shd;help;costs' {
            break
        }
        'm3shd;help;budget' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The caps in force')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set one cap: `mesh-usd 5`, `agent-usd 0.50`, `agent-tokens 200000`, `agent-usd:rex 2`, `agent-tokens:rex 50000`')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove one cap (agent-tokens goes back to its default, 500,000)')
            break
        }
        'm3shd;help;budget;show' {
            break
        }
        'm3shd;help;budget;set' {
            break
        }
        'm3shd;help;budget;unset' {
            break
        }
        'm3shd;help;escalations' {
            break
        }
        'm3shd;help;context' {
            break
        }
        'm3shd;help;ask' {
            break
        }
        'm3shd;help;auto' {
            break
        }
        'm3shd;help;summary' {
            break
        }
        'm3shd;help;chat' {
            break
        }
        'm3shd;help;text' {
            break
        }
        'm3shd;help;control' {
            break
        }
        'm3shd;help;pipeline' {
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Create a pipeline from a TOML or JSON file (`name`, `[[steps]]`)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a pipeline''s graph with each step''s status')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List pipelines, newest first')
            break
        }
        'm3shd;help;pipeline;run' {
            break
        }
        'm3shd;help;pipeline;show' {
            break
        }
        'm3shd;help;pipeline;list' {
            break
        }
        'm3shd;help;template' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List templates')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one template')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a template; `{variable}` placeholders in the prompt are filled at run time')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a template: whether it takes federated input')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a template')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Create a task from a template')
            break
        }
        'm3shd;help;template;list' {
            break
        }
        'm3shd;help;template;show' {
            break
        }
        'm3shd;help;template;add' {
            break
        }
        'm3shd;help;template;set' {
            break
        }
        'm3shd;help;template;rm' {
            break
        }
        'm3shd;help;template;run' {
            break
        }
        'm3shd;help;schedule' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a schedule: a cron expression that creates a task from a template (or runs a built-in action) each time it is due')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List schedules: when each is due next, when it last fired, its last task')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one schedule')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a schedule''s cron expression, time zone or variables (the variables given replace all of them)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a schedule (a default one is not created again)')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause a schedule: it fires no more until resumed')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a schedule; what fell due while it was paused is skipped')
            [CompletionResult]::new('run-now', 'run-now', [CompletionResultType]::ParameterValue, 'Fire a schedule now (paused or not) without moving its next due time')
            break
        }
        'm3shd;help;schedule;add' {
            break
        }
        'm3shd;help;schedule;list' {
            break
        }
        'm3shd;help;schedule;show' {
            break
        }
        'm3shd;help;schedule;edit' {
            break
        }
        'm3shd;help;schedule;rm' {
            break
        }
        'm3shd;help;schedule;pause' {
            break
        }
        'm3shd;help;schedule;resume' {
            break
        }
        'm3shd;help;schedule;run-now' {
            break
        }
        'm3shd;help;evolve' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List guideline amendments, newest first (default: those awaiting a decision)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one amendment: its text, confidence, evidence and decisions')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Apply a proposed amendment: the agent''s next prompts start with it')
            [CompletionResult]::new('reject', 'reject', [CompletionResultType]::ParameterValue, 'Reject a proposed amendment')
            [CompletionResult]::new('revert', 'revert', [CompletionResultType]::ParameterValue, 'Take an applied amendment back: it is out of the agent''s next prompt')
            [CompletionResult]::new('propose', 'propose', [CompletionResultType]::ParameterValue, 'Ask an agent advertising `evolve` for amendments to AGENT''s guidelines now')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'AGENT''s finished tasks per capability over a rolling window')
            break
        }
        'm3shd;help;evolve;list' {
            break
        }
        'm3shd;help;evolve;show' {
            break
        }
        'm3shd;help;evolve;apply' {
            break
        }
        'm3shd;help;evolve;reject' {
            break
        }
        'm3shd;help;evolve;revert' {
            break
        }
        'm3shd;help;evolve;propose' {
            break
        }
        'm3shd;help;evolve;stats' {
            break
        }
        'm3shd;help;memory' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List an agent''s memories, newest first')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Full-text search of an agent''s memories (any word, best match first)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Store or replace one of an agent''s memories')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete one of an agent''s memories')
            [CompletionResult]::new('consolidate', 'consolidate', [CompletionResultType]::ParameterValue, 'Merge every agent''s duplicate memories now (the nightly pass)')
            break
        }
        'm3shd;help;memory;list' {
            break
        }
        'm3shd;help;memory;search' {
            break
        }
        'm3shd;help;memory;set' {
            break
        }
        'm3shd;help;memory;rm' {
            break
        }
        'm3shd;help;memory;consolidate' {
            break
        }
        'm3shd;help;world' {
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Search the entities task outputs named: names containing QUERY from the start of a word, most mentioned first (without QUERY: the most recently seen)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One entity (by id or name) with its relations and the tasks that named it; exit 4 when the mesh knows no such entity')
            break
        }
        'm3shd;help;world;search' {
            break
        }
        'm3shd;help;world;show' {
            break
        }
        'm3shd;help;plugins' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the hub''s plugins (built-in and external)')
            [CompletionResult]::new('invoke', 'invoke', [CompletionResultType]::ParameterValue, 'Run a plugin with a JSON input object, e.g. `m3shd plugins invoke web_search ''{"query": "rust"}''`')
            break
        }
        'm3shd;help;plugins;list' {
            break
        }
        'm3shd;help;plugins;invoke' {
            break
        }
        'm3shd;help;token' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an agent token; the secret is printed once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List agent tokens (never their secrets)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token by id; it stops working at once')
            break
        }
        'm3shd;help;token;create' {
            break
        }
        'm3shd;help;token;list' {
            break
        }
        'm3shd;help;token;revoke' {
            break
        }
        'm3shd;help;join-key' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a join key for enrolling workers (`m3shd-workerd --join-key`)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List join keys (never their secrets)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a join key by id')
            break
        }
        'm3shd;help;join-key;create' {
            break
        }
        'm3shd;help;join-key;list' {
            break
        }
        'm3shd;help;join-key;revoke' {
            break
        }
        'm3shd;help;whoami' {
            break
        }
        'm3shd;help;user' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a user; asks for its password')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List users and how many live sessions each has')
            [CompletionResult]::new('set-role', 'set-role', [CompletionResultType]::ParameterValue, 'Change a user''s role; it applies to their sessions at once')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Set a user''s password; ends all of their sessions')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a user and end their sessions')
            break
        }
        'm3shd;help;user;add' {
            break
        }
        'm3shd;help;user;list' {
            break
        }
        'm3shd;help;user;set-role' {
            break
        }
        'm3shd;help;user;passwd' {
            break
        }
        'm3shd;help;user;rm' {
            break
        }
        'm3shd;help;key' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a key; the secret is printed once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List keys with their usage (never their secrets)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a key by id; its next request is refused')
            break
        }
        'm3shd;help;key;create' {
            break
        }
        'm3shd;help;key;list' {
            break
        }
        'm3shd;help;key;revoke' {
            break
        }
        'm3shd;help;webhook' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a webhook; prints its URL and its secret, once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List webhooks (never their secrets)')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a webhook in place: its URL and secret stay (a new --kind moves the URL to that kind''s route). The --var mappings given replace all of them')
            [CompletionResult]::new('rotate-secret', 'rotate-secret', [CompletionResultType]::ParameterValue, 'Give a webhook a new secret, printed once; the old one stops working at once, so update the system that calls it')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a webhook; its URL stops working at once')
            break
        }
        'm3shd;help;webhook;add' {
            break
        }
        'm3shd;help;webhook;list' {
            break
        }
        'm3shd;help;webhook;edit' {
            break
        }
        'm3shd;help;webhook;rotate-secret' {
            break
        }
        'm3shd;help;webhook;rm' {
            break
        }
        'm3shd;help;peer' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a peer hub, or replace its URL and token. The token (a `federation` token the peer''s operator minted) comes from --peer-token-file or stdin, never from the command line; the hub seals it at rest and never shows it back')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List peers: status (online, unreachable, refused), capabilities with free slots, tasks relayed, success rate, last seen')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a peer; tasks relayed to it come back to this hub''s queue')
            break
        }
        'm3shd;help;peer;add' {
            break
        }
        'm3shd;help;peer;list' {
            break
        }
        'm3shd;help;peer;rm' {
            break
        }
        'm3shd;help;audit' {
            break
        }
        'm3shd;help;verify' {
            break
        }
        'm3shd;help;ledger' {
            break
        }
        'm3shd;help;mcp' {
            break
        }
        'm3shd;help;hook' {
            [CompletionResult]::new('prompt-submit', 'prompt-submit', [CompletionResultType]::ParameterValue, 'Claude Code `UserPromptSubmit` hook: print the mesh messages and alerts that arrived since it last ran. Prints nothing when there is nothing new, and always exits 0 within 300 ms, even when the hub is down. Its first run only marks where the mesh stands')
            break
        }
        'm3shd;help;hook;prompt-submit' {
            break
        }
        'm3shd;help;post' {
            break
        }
        'm3shd;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
