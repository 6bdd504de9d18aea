//! Plugins in the domain: the event of an invocation. The plugins
//! themselves (which do I/O) live in `crate::plugins`.

use m3shd_api::{Event, PluginKind};

use super::{DomainError, Hub};

impl Hub {
    /// Record that `tool` ran (and whether it succeeded) in the event log.
    pub async fn record_plugin_invoked(
        &self,
        tool: &str,
        kind: PluginKind,
        task_id: Option<String>,
        agent_id: Option<String>,
        ok: bool,
    ) -> Result<(), DomainError> {
        let tool = tool.to_string();
        self.write(move |cx| {
            cx.tx.emit(Event::PluginInvoked {
                tool,
                kind,
                task_id,
                agent_id,
                ok,
            })?;
            Ok(())
        })
        .await
    }
}
