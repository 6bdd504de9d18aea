//! Arguments of `m3shd schedule …`: recurring work the hub fires by itself.

use clap::{ArgGroup, Subcommand};

#[derive(Debug, Subcommand)]
pub enum ScheduleCmd {
    /// Add a schedule: a cron expression that creates a task from a
    /// template (or runs a built-in action) each time it is due.
    #[command(group(ArgGroup::new("target").required(true).args(["template", "action"])))]
    Add {
        /// 1-64 characters of [a-z0-9_.-].
        name: String,
        /// Five fields: minute hour day-of-month month day-of-week (e.g.
        /// "0 7 * * *", "*/15 * * * *"), or @hourly, @daily, @weekly, ….
        #[arg(long)]
        cron: String,
        /// The template whose task each fire creates.
        #[arg(long, short = 't')]
        template: Option<String>,
        /// A built-in action to run instead: memory-consolidate, evolve.
        #[arg(long, value_name = "ACTION")]
        action: Option<String>,
        /// The IANA time zone the cron expression is read in [default: UTC].
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
        /// Create it paused.
        #[arg(long)]
        paused: bool,
        /// Template variables as key=value ({date} and {analytics} are
        /// filled in by the hub unless given).
        #[arg(value_name = "KEY=VALUE")]
        vars: Vec<String>,
        /// Print the JSON the API returns.
        #[arg(long)]
        json: bool,
    },
    /// List schedules: when each is due next, when it last fired, its last task.
    List {
        /// Print the JSON the API returns.
        #[arg(long)]
        json: bool,
    },
    /// Show one schedule.
    Show {
        name: String,
        /// Print the JSON the API returns.
        #[arg(long)]
        json: bool,
    },
    /// Change a schedule's cron expression, time zone or variables (the
    /// variables given replace all of them).
    Edit {
        /// The schedule's name or id.
        name: String,
        /// A new cron expression: five fields (minute hour day-of-month
        /// month day-of-week, e.g. "0 7 * * *") or @hourly, @daily, @weekly,
        /// …; the next due time is worked out again from now.
        #[arg(long)]
        cron: Option<String>,
        /// A new IANA time zone to read the cron expression in (e.g.
        /// Europe/Paris, UTC); the next due time is worked out again from now.
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
        /// Remove every variable.
        #[arg(long, conflicts_with = "vars")]
        clear_vars: bool,
        /// Template variables as key=value; the ones given replace all of
        /// them.
        #[arg(value_name = "KEY=VALUE")]
        vars: Vec<String>,
        /// Print the JSON the API returns.
        #[arg(long)]
        json: bool,
    },
    /// Remove a schedule (a default one is not created again).
    Rm { name: String },
    /// Pause a schedule: it fires no more until resumed.
    Pause { name: String },
    /// Resume a schedule; what fell due while it was paused is skipped.
    Resume { name: String },
    /// Fire a schedule now (paused or not) without moving its next due time.
    #[command(name = "run-now")]
    RunNow {
        name: String,
        /// Print the JSON the API returns.
        #[arg(long)]
        json: bool,
    },
}
